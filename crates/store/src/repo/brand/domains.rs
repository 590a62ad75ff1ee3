//! A workspace's custom domains under its own tenant context: the rows, their check results and the permission
//! that lets an agency use them. Who else verified a domain, and the periodic recheck's claims across workspaces,
//! are on the system path (`repo::platform::custom_domains`).

use crate::TenantTx;
use crate::repo::stmt;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use uuid::Uuid;

#[derive(Debug, Clone, FromQueryResult)]
pub struct DomainRow {
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub domain: String,
    pub token: String,
    pub status: String,
    pub verified_at: Option<DateTime<Utc>>,
    pub last_checked_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const COLS: &str =
    "id, tenant_id, domain, token, status, verified_at, last_checked_at, last_error, created_at, updated_at";

pub async fn list(tx: &TenantTx) -> Result<Vec<DomainRow>, DbErr> {
    DomainRow::find_by_statement(stmt(&format!("select {COLS} from custom_domains order by created_at, domain"), []))
        .all(&tx.tx)
        .await
}

pub async fn get(tx: &TenantTx, id: Uuid) -> Result<Option<DomainRow>, DbErr> {
    DomainRow::find_by_statement(stmt(&format!("select {COLS} from custom_domains where id = $1"), [id.into()]))
        .one(&tx.tx)
        .await
}

/// Counts the workspace's domains under a lock held until commit, so two concurrent adds cannot both pass the limit.
pub async fn count_locked(tx: &TenantTx) -> Result<u64, DbErr> {
    // A lock on the workspace's name for this, not on rows: it serialises adds even when there is no domain yet.
    tx.execute_raw(stmt(
        "select pg_advisory_xact_lock(hashtextextended('custom_domains:' || $1::text, 0))",
        [tx.tenant_id.0.to_string().into()],
    ))
    .await?;
    crate::repo::count(&tx.tx, "select count(*) as n from custom_domains", []).await
}

pub async fn insert(tx: &TenantTx, id: Uuid, domain: &str, token: &str) -> Result<DomainRow, DbErr> {
    DomainRow::find_by_statement(stmt(
        &format!("insert into custom_domains (id, tenant_id, domain, token) values ($1, $2, $3, $4) returning {COLS}"),
        [id.into(), tx.tenant_id.0.into(), domain.to_owned().into(), token.to_owned().into()],
    ))
    .one(&tx.tx)
    .await?
    .ok_or(DbErr::RecordNotInserted)
}

pub async fn delete(tx: &TenantTx, id: Uuid) -> Result<Option<DomainRow>, DbErr> {
    DomainRow::find_by_statement(stmt(
        &format!("delete from custom_domains where id = $1 returning {COLS}"),
        [id.into()],
    ))
    .one(&tx.tx)
    .await
}

/// The records verified: active, and verified since the first success. Fails on `custom_domains_verified_key`
/// when another workspace holds the domain.
pub async fn mark_active(tx: &TenantTx, id: Uuid, token: &str) -> Result<Option<DomainRow>, DbErr> {
    DomainRow::find_by_statement(stmt(
        &format!(
            "update custom_domains set status = 'active', verified_at = coalesce(verified_at, now()),
                    last_checked_at = now(), last_error = null, updated_at = now()
              where id = $1 and token = $2 returning {COLS}"
        ),
        [id.into(), token.to_owned().into()],
    ))
    .one(&tx.tx)
    .await
}

/// A check that found the records wrong: `status` is `pending` (never verified) or `failing` (it was).
pub async fn mark_wrong(
    tx: &TenantTx,
    id: Uuid,
    token: &str,
    status: &str,
    error: &str,
) -> Result<Option<DomainRow>, DbErr> {
    DomainRow::find_by_statement(stmt(
        &format!(
            "update custom_domains set status = $3, last_checked_at = now(), last_error = $4, updated_at = now()
              where id = $1 and token = $2 returning {COLS}"
        ),
        [id.into(), token.to_owned().into(), status.to_owned().into(), error.to_owned().into()],
    ))
    .one(&tx.tx)
    .await
}

/// A check that got no answer from DNS: the verdict stays, the error says why nothing was decided.
pub async fn mark_unanswered(tx: &TenantTx, id: Uuid, token: &str, error: &str) -> Result<Option<DomainRow>, DbErr> {
    DomainRow::find_by_statement(stmt(
        &format!(
            "update custom_domains set last_checked_at = now(), last_error = $3, updated_at = now()
              where id = $1 and token = $2 returning {COLS}"
        ),
        [id.into(), token.to_owned().into(), error.to_owned().into()],
    ))
    .one(&tx.tx)
    .await
}

/// Whether the platform lets this agency use custom domains; None: the workspace is not an agency.
pub async fn agency_may_use_domains(tx: &TenantTx) -> Result<Option<bool>, DbErr> {
    #[derive(FromQueryResult)]
    struct May {
        may_use_custom_domains: bool,
    }
    Ok(May::find_by_statement(stmt(
        "select may_use_custom_domains from agencies where tenant_id = $1",
        [tx.tenant_id.0.into()],
    ))
    .one(&tx.tx)
    .await?
    .map(|m| m.may_use_custom_domains))
}
