//! Outbound webhook endpoints, their deliveries and each attempt's log.

use crate::TenantTx;
use crate::repo::stmt;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use serde_json::Value;
use uuid::Uuid;

#[derive(Debug, Clone, FromQueryResult)]
pub struct EndpointRow {
    pub id: Uuid,
    pub url: String,
    pub description: String,
    pub events: Vec<String>,
    pub enabled: bool,
    pub disabled_reason: Option<String>,
    pub secret: Vec<u8>,
    pub previous_secret: Option<Vec<u8>>,
    pub previous_secret_until: Option<DateTime<Utc>>,
    pub failing_since: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Deliveries of the last 24 hours, delivered and dead.
    pub delivered_24h: i64,
    pub failed_24h: i64,
    pub pending: i64,
}

const ENDPOINT: &str = "select w.id, w.url, w.description, w.events, w.enabled, w.disabled_reason, w.secret,
        w.previous_secret, w.previous_secret_until, w.failing_since, w.created_at, w.updated_at,
        (select count(*) from webhook_deliveries d where d.endpoint_id = w.id and d.state = 'delivered'
            and d.delivered_at > now() - interval '1 day') as delivered_24h,
        (select count(*) from webhook_deliveries d where d.endpoint_id = w.id and d.state = 'dead'
            and d.created_at > now() - interval '1 day') as failed_24h,
        (select count(*) from webhook_deliveries d where d.endpoint_id = w.id and d.state in ('pending', 'sending'))
            as pending
   from webhook_endpoints w";

pub async fn list(tx: &TenantTx) -> Result<Vec<EndpointRow>, DbErr> {
    EndpointRow::find_by_statement(stmt(&format!("{ENDPOINT} order by w.created_at, w.id"), [])).all(&tx.tx).await
}

pub async fn get(tx: &TenantTx, id: Uuid) -> Result<Option<EndpointRow>, DbErr> {
    EndpointRow::find_by_statement(stmt(&format!("{ENDPOINT} where w.id = $1"), [id.into()])).one(&tx.tx).await
}

pub async fn count(tx: &TenantTx) -> Result<u64, DbErr> {
    crate::repo::count(&tx.tx, "select count(*) as n from webhook_endpoints", []).await
}

pub struct NewEndpoint<'a> {
    pub id: Uuid,
    pub url: &'a str,
    pub description: &'a str,
    pub events: &'a [String],
    pub enabled: bool,
    pub secret: Vec<u8>,
    pub created_by: Option<Uuid>,
}

pub async fn insert(tx: &TenantTx, e: NewEndpoint<'_>) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "insert into webhook_endpoints (id, tenant_id, url, description, events, enabled, secret, created_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8)",
        [
            e.id.into(),
            tx.tenant_id.0.into(),
            e.url.into(),
            e.description.into(),
            e.events.to_vec().into(),
            e.enabled.into(),
            e.secret.into(),
            e.created_by.into(),
        ],
    ))
    .await?;
    Ok(())
}

/// Changes what is given; turning an endpoint on clears why Parley turned it off and its failure streak.
pub async fn update(
    tx: &TenantTx,
    id: Uuid,
    url: Option<&str>,
    description: Option<&str>,
    events: Option<&[String]>,
    enabled: Option<bool>,
) -> Result<bool, DbErr> {
    let r = tx
        .execute_raw(stmt(
            "update webhook_endpoints set url = coalesce($2, url), description = coalesce($3, description),
                    events = coalesce($4, events), enabled = coalesce($5, enabled),
                    disabled_reason = case when $5 is not null then null else disabled_reason end,
                    failing_since = case when $5 then null else failing_since end,
                    updated_at = now()
              where id = $1",
            [
                id.into(),
                url.map(str::to_owned).into(),
                description.map(str::to_owned).into(),
                events.map(<[String]>::to_vec).into(),
                enabled.into(),
            ],
        ))
        .await?;
    Ok(r.rows_affected() == 1)
}

/// A new secret; the old one keeps signing (as a second signature) until `overlap_until`.
pub async fn roll_secret(
    tx: &TenantTx,
    id: Uuid,
    secret: Vec<u8>,
    overlap_until: Option<DateTime<Utc>>,
) -> Result<bool, DbErr> {
    let r = tx
        .execute_raw(stmt(
            "update webhook_endpoints
                set previous_secret = case when $3::timestamptz is null then null else secret end,
                    previous_secret_until = $3, secret = $2, updated_at = now()
              where id = $1",
            [id.into(), secret.into(), overlap_until.into()],
        ))
        .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn delete(tx: &TenantTx, id: Uuid) -> Result<bool, DbErr> {
    let r = tx.execute_raw(stmt("delete from webhook_endpoints where id = $1", [id.into()])).await?;
    Ok(r.rows_affected() == 1)
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct DeliveryRow {
    pub id: i64,
    pub endpoint_id: Uuid,
    pub event_id: i64,
    pub kind: String,
    pub state: String,
    pub attempts: i32,
    pub next_attempt_at: DateTime<Utc>,
    pub last_status: Option<i32>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
}

/// An endpoint's deliveries, newest first, optionally in one state; `before` is the last id of the previous page.
pub async fn deliveries(
    tx: &TenantTx,
    endpoint_id: Uuid,
    state: Option<&str>,
    before: Option<i64>,
    limit: u64,
) -> Result<Vec<DeliveryRow>, DbErr> {
    DeliveryRow::find_by_statement(stmt(
        "select d.id, d.endpoint_id, d.event_id, e.kind, d.state, d.attempts, d.next_attempt_at, d.last_status,
                d.last_error, d.created_at, d.delivered_at
           from webhook_deliveries d join domain_events e on e.id = d.event_id
          where d.endpoint_id = $1 and ($2::text is null or d.state = $2) and ($3::bigint is null or d.id < $3)
          order by d.id desc limit $4",
        [endpoint_id.into(), state.map(str::to_owned).into(), before.into(), (limit as i64).into()],
    ))
    .all(&tx.tx)
    .await
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct DeliveryDetail {
    pub id: i64,
    pub endpoint_id: Uuid,
    pub event_id: i64,
    pub kind: String,
    pub payload: Value,
    pub event_at: DateTime<Utc>,
    pub state: String,
    pub attempts: i32,
}

pub async fn delivery(tx: &TenantTx, id: i64) -> Result<Option<DeliveryDetail>, DbErr> {
    DeliveryDetail::find_by_statement(stmt(
        "select d.id, d.endpoint_id, d.event_id, e.kind, e.payload, e.created_at as event_at, d.state, d.attempts
           from webhook_deliveries d join domain_events e on e.id = d.event_id where d.id = $1",
        [id.into()],
    ))
    .one(&tx.tx)
    .await
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct AttemptRow {
    pub attempt: i32,
    pub at: DateTime<Utc>,
    pub status: Option<i32>,
    pub response_excerpt: Option<String>,
    pub error: Option<String>,
    pub duration_ms: i32,
}

pub async fn attempts(tx: &TenantTx, delivery_id: i64) -> Result<Vec<AttemptRow>, DbErr> {
    AttemptRow::find_by_statement(stmt(
        "select attempt, at, status, response_excerpt, error, duration_ms from webhook_attempts
          where delivery_id = $1 order by id",
        [delivery_id.into()],
    ))
    .all(&tx.tx)
    .await
}

/// Queues the event of a delivery again, to the same endpoint, as a new delivery (outside any order: a replay
/// is a person's decision). Answers the new delivery's id.
pub async fn replay(tx: &TenantTx, delivery_id: i64) -> Result<Option<i64>, DbErr> {
    #[derive(FromQueryResult)]
    struct Id {
        id: i64,
    }
    Ok(Id::find_by_statement(stmt(
        "insert into webhook_deliveries (tenant_id, endpoint_id, event_id)
         select tenant_id, endpoint_id, event_id from webhook_deliveries where id = $1
         returning id",
        [delivery_id.into()],
    ))
    .one(&tx.tx)
    .await?
    .map(|r| r.id))
}

/// An event outside the outbox's listening filter (a test ping), with its one delivery to `endpoint_id`, leased to
/// the caller, who sends it at once.
pub async fn insert_single(tx: &TenantTx, endpoint_id: Uuid, kind: &str, payload: &Value) -> Result<i64, DbErr> {
    #[derive(FromQueryResult)]
    struct Id {
        id: i64,
    }
    let row = Id::find_by_statement(stmt(
        "with ev as (insert into domain_events (tenant_id, kind, payload) values ($1, $2, $3) returning id)
         insert into webhook_deliveries (tenant_id, endpoint_id, event_id, state, attempts, locked_until)
         select $1, $4, id, 'sending', 1, now() + interval '1 minute' from ev returning id",
        [tx.tenant_id.0.into(), kind.into(), payload.clone().into(), endpoint_id.into()],
    ))
    .one(&tx.tx)
    .await?;
    row.map(|r| r.id).ok_or_else(|| DbErr::RecordNotInserted)
}

/// What the sender needs to deliver a claimed delivery.
#[derive(Debug, Clone, FromQueryResult)]
pub struct Outgoing {
    pub id: i64,
    pub tenant_id: Uuid,
    pub attempts: i32,
    pub created_at: DateTime<Utc>,
    pub endpoint_id: Uuid,
    pub url: String,
    pub enabled: bool,
    pub secret: Vec<u8>,
    pub previous_secret: Option<Vec<u8>>,
    pub previous_secret_until: Option<DateTime<Utc>>,
    pub event_id: i64,
    pub kind: String,
    pub payload: Value,
    pub event_at: DateTime<Utc>,
}

pub async fn outgoing(tx: &TenantTx, ids: &[i64]) -> Result<Vec<Outgoing>, DbErr> {
    Outgoing::find_by_statement(stmt(
        "select d.id, d.tenant_id, d.attempts, d.created_at, w.id as endpoint_id, w.url, w.enabled, w.secret, w.previous_secret,
                w.previous_secret_until, e.id as event_id, e.kind, e.payload, e.created_at as event_at
           from webhook_deliveries d
           join webhook_endpoints w on w.id = d.endpoint_id
           join domain_events e on e.id = d.event_id
          where d.id = any($1) and d.state = 'sending'
          order by d.id",
        [ids.to_vec().into()],
    ))
    .all(&tx.tx)
    .await
}

/// One attempt's outcome, as the sender saw it.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub delivery_id: i64,
    pub attempt: i32,
    pub status: Option<i32>,
    pub excerpt: Option<String>,
    pub error: Option<String>,
    pub duration_ms: i32,
    /// Delivered; else when to try again (`None`: give up).
    pub delivered: bool,
    pub retry_at: Option<DateTime<Utc>>,
}

/// Logs the attempts and moves the deliveries on, in three statements for the whole batch.
pub async fn settle(tx: &TenantTx, out: &[Outcome]) -> Result<(), DbErr> {
    if out.is_empty() {
        return Ok(());
    }
    let ids: Vec<i64> = out.iter().map(|o| o.delivery_id).collect();
    let attempts: Vec<i32> = out.iter().map(|o| o.attempt).collect();
    let statuses: Vec<i32> = out.iter().map(|o| o.status.unwrap_or(0)).collect();
    let excerpts: Vec<String> = out.iter().map(|o| o.excerpt.clone().unwrap_or_default()).collect();
    let errors: Vec<String> = out.iter().map(|o| o.error.clone().unwrap_or_default()).collect();
    let durations: Vec<i32> = out.iter().map(|o| o.duration_ms).collect();
    let states: Vec<String> = out
        .iter()
        .map(|o| match (o.delivered, o.retry_at) {
            (true, _) => "delivered",
            (false, Some(_)) => "pending",
            (false, None) => "dead",
        })
        .map(str::to_owned)
        .collect();
    let retry: Vec<DateTime<Utc>> = out.iter().map(|o| o.retry_at.unwrap_or_else(Utc::now)).collect();
    tx.execute_raw(stmt(
        "insert into webhook_attempts (tenant_id, delivery_id, attempt, status, response_excerpt, error, duration_ms)
         select $1, d, a, nullif(s, 0), nullif(x, ''), nullif(e, ''), ms
           from unnest($2::bigint[], $3::int[], $4::int[], $5::text[], $6::text[], $7::int[]) as r(d, a, s, x, e, ms)",
        [
            tx.tenant_id.0.into(),
            ids.clone().into(),
            attempts.into(),
            statuses.clone().into(),
            excerpts.into(),
            errors.clone().into(),
            durations.into(),
        ],
    ))
    .await?;
    tx.execute_raw(stmt(
        "update webhook_deliveries d
            set state = r.state, next_attempt_at = r.retry, locked_until = null, last_status = nullif(r.s, 0),
                last_error = nullif(r.e, ''), delivered_at = case when r.state = 'delivered' then now() end
           from unnest($1::bigint[], $2::text[], $3::timestamptz[], $4::int[], $5::text[]) as r(id, state, retry, s, e)
          where d.id = r.id",
        [ids.into(), states.into(), retry.into(), statuses.into(), errors.into()],
    ))
    .await?;
    Ok(())
}

/// Endpoint health after a batch: a success clears the failure streak, a failure starts one; an endpoint failing
/// for longer than `disable_after` is turned off and its queued deliveries given up. Answers the endpoints turned off.
pub async fn record_health(
    tx: &TenantTx,
    succeeded: &[Uuid],
    failed: &[Uuid],
    disable_after: chrono::Duration,
) -> Result<Vec<(Uuid, String)>, DbErr> {
    if !succeeded.is_empty() {
        tx.execute_raw(stmt(
            "update webhook_endpoints set failing_since = null where id = any($1) and failing_since is not null",
            [succeeded.to_vec().into()],
        ))
        .await?;
    }
    if failed.is_empty() {
        return Ok(vec![]);
    }
    #[derive(FromQueryResult)]
    struct Off {
        id: Uuid,
        url: String,
    }
    // Two statements: one statement cannot update the same row twice (a CTE's change is invisible to its query).
    tx.execute_raw(stmt(
        "update webhook_endpoints set failing_since = now()
          where id = any($1) and not (id = any($2)) and failing_since is null",
        [failed.to_vec().into(), succeeded.to_vec().into()],
    ))
    .await?;
    let off = Off::find_by_statement(stmt(
        "update webhook_endpoints
            set enabled = false, updated_at = now(),
                disabled_reason = 'Every delivery failed for too long, so Parley turned it off.'
          where id = any($1) and not (id = any($2)) and enabled
            and failing_since < now() - make_interval(secs => $3)
         returning id, url",
        [failed.to_vec().into(), succeeded.to_vec().into(), (disable_after.num_seconds() as f64).into()],
    ))
    .all(&tx.tx)
    .await?;
    if !off.is_empty() {
        let ids: Vec<Uuid> = off.iter().map(|o| o.id).collect();
        give_up(tx, &ids).await?;
    }
    Ok(off.into_iter().map(|o| (o.id, o.url)).collect())
}

/// Gives up what is queued for endpoints that were turned off.
pub async fn give_up(tx: &TenantTx, endpoints: &[Uuid]) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "update webhook_deliveries set state = 'dead', locked_until = null,
                last_error = coalesce(last_error, 'The endpoint was turned off.')
          where endpoint_id = any($1) and state in ('pending', 'sending')",
        [endpoints.to_vec().into()],
    ))
    .await?;
    Ok(())
}

/// Forgets settled deliveries and events older than `days` (events once nothing refers to them).
pub async fn prune(tx: &TenantTx, days: i64) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "delete from webhook_deliveries where state in ('delivered', 'dead')
            and created_at < now() - make_interval(days => $1::int)",
        [(days as i32).into()],
    ))
    .await?;
    tx.execute_raw(stmt(
        "delete from domain_events e where e.created_at < now() - make_interval(days => $1::int)
            and not exists (select 1 from webhook_deliveries d where d.event_id = e.id)",
        [(days as i32).into()],
    ))
    .await?;
    Ok(())
}
