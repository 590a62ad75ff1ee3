//! Raw webhook bodies, kept exactly as received. The table doubles as the processing queue, so the
//! acknowledgement costs one insert.

use super::stmt;
use crate::TenantTx;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use uuid::Uuid;

pub async fn insert(tx: &TenantTx, id: Uuid, connection_id: Uuid, provider: &str, body: &[u8]) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "insert into webhook_events (id, tenant_id, connection_id, provider, body) values ($1, $2, $3, $4, $5)",
        [id.into(), tx.tenant_id.0.into(), connection_id.into(), provider.into(), body.to_vec().into()],
    ))
    .await?;
    Ok(())
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct EventRow {
    pub id: Uuid,
    pub connection_id: Uuid,
    pub provider: String,
    pub body: Vec<u8>,
    pub attempts: i32,
    pub received_at: DateTime<Utc>,
}

/// The claimed events of this tenant, oldest first (the claim itself is `system::claim_webhook_events`).
pub async fn load(tx: &TenantTx, ids: &[Uuid]) -> Result<Vec<EventRow>, DbErr> {
    EventRow::find_by_statement(stmt(
        "select id, connection_id, provider, body, attempts, received_at from webhook_events
         where id = any($1) and status = 'processing' order by id",
        [ids.to_vec().into()],
    ))
    .all(&tx.tx)
    .await
}

/// Marks an event done (`processed` or `failed`), with what went wrong inside it.
pub async fn finish(tx: &TenantTx, id: Uuid, status: &str, problems: &serde_json::Value) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "update webhook_events set status = $2, problems = $3, processed_at = now() where id = $1",
        [id.into(), status.into(), problems.clone().into()],
    ))
    .await?;
    Ok(())
}

/// Puts an event back to be processed again after `delay_secs` (a status about a message whose send
/// has not committed yet, or a failed batch).
pub async fn defer<C: ConnectionTrait>(
    c: &C,
    id: Uuid,
    delay_secs: i64,
    problems: &serde_json::Value,
) -> Result<(), DbErr> {
    c.execute_raw(stmt(
        "update webhook_events set status = 'received', problems = $3,
            locked_until = now() + make_interval(secs => $2) where id = $1",
        [id.into(), (delay_secs as f64).into(), problems.clone().into()],
    ))
    .await?;
    Ok(())
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct EventSummary {
    pub id: Uuid,
    pub connection_id: Uuid,
    pub provider: String,
    pub status: String,
    pub attempts: i32,
    pub problems: serde_json::Value,
    pub size_bytes: i32,
    pub received_at: DateTime<Utc>,
    pub processed_at: Option<DateTime<Utc>>,
}

pub async fn recent(tx: &TenantTx, connection_id: Uuid, limit: i64) -> Result<Vec<EventSummary>, DbErr> {
    EventSummary::find_by_statement(stmt(
        "select id, connection_id, provider, status, attempts, problems, length(body) as size_bytes, received_at,
                processed_at
         from webhook_events where connection_id = $1 order by received_at desc limit $2",
        [connection_id.into(), limit.into()],
    ))
    .all(&tx.tx)
    .await
}
