//! Custom domains across workspaces, on the system path, for three purposes only: which workspace holds a verified
//! domain (one owner per domain), the set of active domains Caddy's TLS question is answered from, and the
//! periodic recheck's claims. Domain names and ids only; nothing else of a workspace is read here.

use crate::Db;
use crate::repo::stmt;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use uuid::Uuid;

/// The row that holds a domain's verification (at most one: `custom_domains_verified_key`).
#[derive(Debug, Clone, FromQueryResult)]
pub struct Holder {
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub status: String,
}

pub async fn verified_holder(db: &Db, domain: &str) -> Result<Option<Holder>, DbErr> {
    Holder::find_by_statement(stmt(
        "select id, tenant_id, status from custom_domains where domain = $1 and verified_at is not null",
        [domain.to_owned().into()],
    ))
    .one(db.system())
    .await
}

/// Takes a verification away from a failing row (its records no longer prove it) because another workspace just
/// proved control of the domain. Answers whether it did: a row that became active again meanwhile keeps it.
pub async fn release_failing(db: &Db, id: Uuid, reason: &str) -> Result<bool, DbErr> {
    let r = db
        .system()
        .execute_raw(stmt(
            "update custom_domains set verified_at = null, last_error = $2, updated_at = now()
              where id = $1 and status = 'failing' and verified_at is not null",
            [id.into(), reason.to_owned().into()],
        ))
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Every active, verified domain: what `GET /internal/tls/ask` may allow a certificate for.
pub async fn active_domains(db: &Db) -> Result<Vec<String>, DbErr> {
    #[derive(FromQueryResult)]
    struct D {
        domain: String,
    }
    Ok(D::find_by_statement(stmt(
        "select distinct domain from custom_domains where status = 'active' and verified_at is not null",
        [],
    ))
    .all(db.system())
    .await?
    .into_iter()
    .map(|d| d.domain)
    .collect())
}

/// A domain due for its periodic check, claimed by this node.
#[derive(Debug, Clone, FromQueryResult)]
pub struct Due {
    pub id: Uuid,
    pub tenant_id: Uuid,
}

/// Claims up to `limit` domains last checked before `before` (never checked first) by stamping their check time, so
/// other nodes sweeping at once take others. A node that dies mid-check leaves its domains for the next round.
pub async fn claim_due(db: &Db, before: DateTime<Utc>, limit: i64) -> Result<Vec<Due>, DbErr> {
    Due::find_by_statement(stmt(
        "update custom_domains set last_checked_at = now()
          where id in (select id from custom_domains
                        where coalesce(last_checked_at, '-infinity') < $1
                        order by last_checked_at nulls first, id
                        limit $2 for update skip locked)
          returning id, tenant_id",
        [before.into(), limit.into()],
    ))
    .all(db.system())
    .await
}
