//! The payment gateway's webhook events: each id recorded once (a redelivery is a no-op), then processed.
//! Global, because the workspace is only known once the event has been read.

use crate::Db;
use crate::repo::stmt;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use uuid::Uuid;

pub struct NewEvent<'a> {
    pub id: &'a str,
    pub kind: &'a str,
    pub object_id: Option<&'a str>,
    pub customer_id: Option<&'a str>,
    pub subscription_id: Option<&'a str>,
    pub created: DateTime<Utc>,
    pub payload: serde_json::Value,
}

/// A transaction on the system pool, where billing events live (the tenant role cannot reach them); the job that
/// processes an event is queued in the same transaction.
pub async fn begin(db: &Db) -> Result<sea_orm::DatabaseTransaction, DbErr> {
    sea_orm::TransactionTrait::begin(db.system()).await
}

/// Records the event; false when its id was recorded before.
pub async fn record<C: ConnectionTrait>(c: &C, e: &NewEvent<'_>) -> Result<bool, DbErr> {
    let r = c
        .execute_raw(stmt(
            "insert into billing_events (id, kind, object_id, customer_id, subscription_id, created, payload)
             values ($1, $2, $3, $4, $5, $6, $7) on conflict (id) do nothing",
            [
                e.id.into(),
                e.kind.into(),
                e.object_id.map(str::to_owned).into(),
                e.customer_id.map(str::to_owned).into(),
                e.subscription_id.map(str::to_owned).into(),
                e.created.into(),
                e.payload.clone().into(),
            ],
        ))
        .await?;
    Ok(r.rows_affected() == 1)
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct EventRow {
    pub id: String,
    pub kind: String,
    pub object_id: Option<String>,
    pub customer_id: Option<String>,
    pub subscription_id: Option<String>,
    pub created: DateTime<Utc>,
    pub payload: serde_json::Value,
    pub processed_at: Option<DateTime<Utc>>,
}

pub async fn get(db: &Db, id: &str) -> Result<Option<EventRow>, DbErr> {
    EventRow::find_by_statement(stmt(
        "select id, kind, object_id, customer_id, subscription_id, created, payload, processed_at
           from billing_events where id = $1",
        [id.into()],
    ))
    .one(db.system())
    .await
}

pub async fn mark_processed(db: &Db, id: &str, tenant_id: Option<Uuid>, outcome: &str) -> Result<(), DbErr> {
    db.system()
        .execute_raw(stmt(
            "update billing_events set processed_at = now(), tenant_id = $2, outcome = $3 where id = $1",
            [id.into(), tenant_id.into(), outcome.into()],
        ))
        .await
        .map(|_| ())
}

#[derive(FromQueryResult)]
struct Id {
    id: String,
}

/// Events received but not processed a while after (a lost job): the sweep processes them again.
pub async fn stale(db: &Db, older_than_secs: i64) -> Result<Vec<String>, DbErr> {
    Ok(Id::find_by_statement(stmt(
        "select id from billing_events where processed_at is null
            and received_at < now() - make_interval(secs => $1) order by received_at limit 100",
        [older_than_secs.into()],
    ))
    .all(db.system())
    .await?
    .into_iter()
    .map(|r| r.id)
    .collect())
}
