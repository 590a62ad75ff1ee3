//! Usage against a plan: monthly meters (metered by one conditional UPDATE, so racing writers at the limit let
//! exactly the allowed number through) and counts of stock (contacts, members, numbers) under a per-workspace
//! lock held until the creating transaction ends.

use crate::TenantTx;
use crate::repo::stmt;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};

#[derive(FromQueryResult)]
struct Used {
    used: i64,
}

/// Adds `n` to the meter for the period unless that passes `limit`; answers the new total, or None when the
/// limit would be passed (nothing added). `limit` None: unlimited, always metered.
pub async fn meter(
    tx: &TenantTx,
    meter: &str,
    period_start: DateTime<Utc>,
    n: i64,
    limit: Option<i64>,
) -> Result<Option<i64>, DbErr> {
    // One statement on the send path: the row is created with `n` (when that fits) or incremented when the sum
    // fits; a refused increment returns no row.
    Ok(Used::find_by_statement(stmt(
        "insert into usage_meters as u (tenant_id, meter, period_start, used)
         select $1, $2, $3, $4 where $5::bigint is null or $4 <= $5
         on conflict (tenant_id, meter, period_start)
           do update set used = u.used + excluded.used, updated_at = now()
           where $5::bigint is null or u.used + excluded.used <= $5
         returning used",
        [tx.tenant_id.0.into(), meter.into(), period_start.into(), n.into(), limit.into()],
    ))
    .one(&tx.tx)
    .await?
    .map(|u| u.used))
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
        "agents" => {
            "select (select count(*) from memberships) +
                    (select count(*) from invitations where status = 'pending' and expires_at > now()) as n"
        }
        "whatsapp_numbers" => "select count(*) as n from whatsapp_connections",
        other => return Err(DbErr::Custom(format!("unknown stock {other}"))),
    };
    Ok(crate::repo::count(&tx.tx, sql, []).await? as i64)
}
