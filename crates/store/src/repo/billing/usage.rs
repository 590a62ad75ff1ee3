//! Usage against a plan: monthly meters (queued by the metering transaction and applied at its commit by one
//! conditional upsert, so racing writers at the limit let exactly the allowed number through) and counts of stock
//! (contacts, members, numbers) under a per-workspace lock held until the creating transaction ends.

use crate::TenantTx;
use crate::repo::stmt;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};

#[derive(FromQueryResult)]
struct Used {
    used: i64,
}

/// SQLSTATE of a commit refused because a queued use would pass its meter's limit.
pub const OVER_LIMIT: &str = "PQ402";

/// Queues `n` for the period's meter: the database adds it while this transaction commits (a deferred trigger, one
/// conditional upsert) and refuses the commit with [`OVER_LIMIT`] when that would pass `limit` (None: unlimited).
/// The meter's row is locked for the commit only, so the workspace's other metered writes do not wait for this
/// transaction's round trips. Answers the meter as committed so far (this use and concurrent ones not counted).
/// `pooled` (an agency's client): the same commit also adds the use to its agency's pool when the agency pays, and
/// is refused with [`POOL_OVER_LIMIT`] when the pool has no room (migration 0027).
pub async fn meter(
    tx: &TenantTx,
    meter: &str,
    period_start: DateTime<Utc>,
    n: i64,
    limit: Option<i64>,
    pooled: bool,
) -> Result<i64, DbErr> {
    Ok(Used::find_by_statement(stmt(
        "insert into usage_increments (tenant_id, meter, period_start, n, max, pooled) values ($1, $2, $3, $4, $5, $6)
         returning coalesce((select m.used from usage_meters m where m.meter = $2 and m.period_start = $3), 0) as used",
        [tx.tenant_id.0.into(), meter.into(), period_start.into(), n.into(), limit.into(), pooled.into()],
    ))
    .one(&tx.tx)
    .await?
    .map_or(0, |u| u.used))
}

/// SQLSTATE of a commit refused because a client's queued use would pass its paying agency's pooled limit
/// (migration 0027: the same trigger adds the use to the agency's meter).
pub const POOL_OVER_LIMIT: &str = "PQ412";

/// Whether a commit failed because a queued use would have passed its meter's limit.
pub fn over_limit(err: &DbErr) -> bool {
    crate::sql_state(err).as_deref() == Some(OVER_LIMIT)
}

/// Whether a commit failed because a queued use would have passed the agency's pooled limit.
pub fn pool_over_limit(err: &DbErr) -> bool {
    crate::sql_state(err).as_deref() == Some(POOL_OVER_LIMIT)
}

pub async fn used(tx: &TenantTx, meter: &str, period_start: DateTime<Utc>) -> Result<i64, DbErr> {
    Ok(Used::find_by_statement(stmt(
        "select used from usage_meters where meter = $1 and period_start = $2",
        [meter.into(), period_start.into()],
    ))
    .one(&tx.tx)
    .await?
    .map_or(0, |u| u.used))
}

/// Serialises creates of one kind of stock in this workspace until the transaction ends, so a count followed
/// by an insert cannot be raced past the limit.
pub async fn lock_stock(tx: &TenantTx, resource: &str) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "select pg_advisory_xact_lock(hashtextextended('quota:' || $1::text || ':' || $2::text, 0))",
        [tx.tenant_id.0.to_string().into(), resource.into()],
    ))
    .await
    .map(|_| ())
}

/// How many of `resource` the workspace holds. Members count active and disabled seats and pending
/// invitations (an invitation reserves a seat).
pub async fn stock(tx: &TenantTx, resource: &str) -> Result<i64, DbErr> {
    let sql = match resource {
        "contacts" => "select count(*) as n from contacts",
        // An agency's support entries are visits, not seats: they never count against the plan.
        "agents" => {
            "select (select count(*) from memberships where support_agency_id is null) +
                    (select count(*) from invitations where status = 'pending' and expires_at > now()) as n"
        }
        // A website widget's channel row is not a WhatsApp number.
        "whatsapp_numbers" => "select count(*) as n from whatsapp_connections where kind <> 'widget'",
        "flows" => "select count(*) as n from flows",
        "webhooks" => "select count(*) as n from webhook_endpoints",
        other => return Err(DbErr::Custom(format!("unknown stock {other}"))),
    };
    Ok(crate::repo::count(&tx.tx, sql, []).await? as i64)
}
