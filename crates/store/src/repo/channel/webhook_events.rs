//! Raw webhook bodies, kept exactly as received. The table doubles as the processing queue, so the
//! acknowledgement costs one insert.

use crate::TenantTx;
use crate::repo::stmt;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use uuid::Uuid;

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

/// `finish` for a whole batch: `(id, status, problems)`.
pub async fn finish_many(tx: &TenantTx, done: &[(Uuid, &str, serde_json::Value)]) -> Result<(), DbErr> {
    if done.is_empty() {
        return Ok(());
    }
    let rows: Vec<_> = done
        .iter()
        .map(|(id, status, problems)| serde_json::json!({ "id": id, "status": status, "problems": problems }))
        .collect();
    tx.execute_raw(stmt(
        "update webhook_events e set status = d.status, problems = d.problems, processed_at = now()
         from jsonb_to_recordset($1) as d(id uuid, status text, problems jsonb) where e.id = d.id",
        [serde_json::Value::Array(rows).into()],
    ))
    .await?;
    Ok(())
}

/// A delivery to store, for `insert_many`.
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub id: Uuid,
    pub connection_id: Uuid,
    pub provider: &'static str,
    pub body: Vec<u8>,
    /// `received`, or `failed` for a body that is not even JSON (kept for inspection).
    pub status: &'static str,
    pub problems: serde_json::Value,
}

/// Many deliveries in one statement (the acknowledgement path's group commit). The bodies travel
/// base64-encoded inside the one JSON parameter.
pub async fn insert_many(tx: &TenantTx, events: &[&NewEvent]) -> Result<(), DbErr> {
    use base64::Engine;
    let rows: Vec<_> = events
        .iter()
        .map(|e| {
            serde_json::json!({ "id": e.id, "connection_id": e.connection_id, "provider": e.provider,
                "body": base64::engine::general_purpose::STANDARD.encode(&e.body), "status": e.status,
                "problems": e.problems })
        })
        .collect();
    tx.execute_raw(stmt(
        "insert into webhook_events (id, tenant_id, connection_id, provider, body, status, problems, processed_at)
         select r.id, $2, r.connection_id, r.provider, decode(r.body, 'base64'), r.status, r.problems,
                case when r.status = 'failed' then now() end
         from jsonb_to_recordset($1) as r(id uuid, connection_id uuid, provider text, body text, status text,
                                          problems jsonb)",
        [serde_json::Value::Array(rows).into(), tx.tenant_id.0.into()],
    ))
    .await?;
    Ok(())
}
