//! Automation rules, their run log and the queue of kept events the automation worker still has to match.

use crate::TenantTx;
use crate::repo::stmt;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use serde_json::Value;
use uuid::Uuid;

#[derive(Debug, Clone, FromQueryResult)]
pub struct RuleRow {
    pub id: Uuid,
    pub name: String,
    pub description: String,
    pub enabled: bool,
    pub position: i32,
    pub trigger: Value,
    pub conditions: Value,
    pub actions: Value,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub last_run_at: Option<DateTime<Utc>>,
    pub run_count: i64,
    pub failure_count: i64,
}

const RULE: &str = "select id, name, description, enabled, position, trigger, conditions, actions, created_by,
        created_at, updated_at, last_run_at, run_count, failure_count from automations";

pub async fn list(tx: &TenantTx) -> Result<Vec<RuleRow>, DbErr> {
    RuleRow::find_by_statement(stmt(&format!("{RULE} order by position, created_at, id"), [])).all(&tx.tx).await
}

/// Enabled rules, in order (the matcher's cache).
pub async fn enabled(tx: &TenantTx) -> Result<Vec<RuleRow>, DbErr> {
    RuleRow::find_by_statement(stmt(&format!("{RULE} where enabled order by position, created_at, id"), []))
        .all(&tx.tx)
        .await
}

pub async fn get(tx: &TenantTx, id: Uuid) -> Result<Option<RuleRow>, DbErr> {
    RuleRow::find_by_statement(stmt(&format!("{RULE} where id = $1"), [id.into()])).one(&tx.tx).await
}

pub async fn count(tx: &TenantTx) -> Result<u64, DbErr> {
    crate::repo::count(&tx.tx, "select count(*) as n from automations", []).await
}

/// Changes when any rule is saved, enabled, reordered or deleted (a delete lowers the count).
#[derive(Debug, Clone, Copy, PartialEq, Eq, FromQueryResult)]
pub struct RulesStamp {
    pub n: i64,
    pub at: Option<DateTime<Utc>>,
}

pub async fn stamp(tx: &TenantTx) -> Result<RulesStamp, DbErr> {
    Ok(RulesStamp::find_by_statement(stmt("select count(*) as n, max(updated_at) as at from automations", []))
        .one(&tx.tx)
        .await?
        .unwrap_or(RulesStamp { n: 0, at: None }))
}

pub struct RuleWrite<'a> {
    pub name: &'a str,
    pub description: &'a str,
    pub enabled: bool,
    pub trigger: &'a Value,
    pub events: &'a [String],
    pub conditions: &'a Value,
    pub actions: &'a Value,
}

/// Inserts a rule at the end of the list.
pub async fn insert(tx: &TenantTx, id: Uuid, r: &RuleWrite<'_>, created_by: Option<Uuid>) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "insert into automations (id, tenant_id, name, description, enabled, position, trigger, events, conditions,
                                  actions, created_by)
         values ($1, $2, $3, $4, $5, (select coalesce(max(position) + 1, 0) from automations), $6, $7, $8, $9, $10)",
        [
            id.into(),
            tx.tenant_id.0.into(),
            r.name.into(),
            r.description.into(),
            r.enabled.into(),
            r.trigger.clone().into(),
            r.events.to_vec().into(),
            r.conditions.clone().into(),
            r.actions.clone().into(),
            created_by.into(),
        ],
    ))
    .await?;
    Ok(())
}

pub async fn update(tx: &TenantTx, id: Uuid, r: &RuleWrite<'_>) -> Result<bool, DbErr> {
    let res = tx
        .execute_raw(stmt(
            "update automations set name = $2, description = $3, enabled = $4, trigger = $5, events = $6,
                    conditions = $7, actions = $8, updated_at = clock_timestamp()
              where id = $1",
            [
                id.into(),
                r.name.into(),
                r.description.into(),
                r.enabled.into(),
                r.trigger.clone().into(),
                r.events.to_vec().into(),
                r.conditions.clone().into(),
                r.actions.clone().into(),
            ],
        ))
        .await?;
    Ok(res.rows_affected() > 0)
}

pub async fn set_enabled(tx: &TenantTx, id: Uuid, enabled: bool) -> Result<bool, DbErr> {
    let res = tx
        .execute_raw(stmt(
            "update automations set enabled = $2, updated_at = clock_timestamp() where id = $1",
            [id.into(), enabled.into()],
        ))
        .await?;
    Ok(res.rows_affected() > 0)
}

pub async fn delete(tx: &TenantTx, id: Uuid) -> Result<bool, DbErr> {
    let res = tx.execute_raw(stmt("delete from automations where id = $1", [id.into()])).await?;
    Ok(res.rows_affected() > 0)
}

/// Puts the listed rules first, in that order; the others keep their order after them.
pub async fn reorder(tx: &TenantTx, ids: &[Uuid]) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "with wanted as (select id, n from unnest($1::uuid[]) with ordinality as w(id, n)),
              ranked as (
                select a.id, row_number() over (order by w.n nulls last, a.position, a.created_at, a.id) - 1 as p
                  from automations a left join wanted w on w.id = a.id)
         update automations a set position = ranked.p, updated_at = clock_timestamp()
           from ranked where ranked.id = a.id",
        [ids.to_vec().into()],
    ))
    .await?;
    Ok(())
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct RunRow {
    pub id: i64,
    pub automation_id: Uuid,
    pub event_id: Option<i64>,
    pub event_kind: String,
    pub conversation_id: Option<Uuid>,
    pub contact_id: Option<Uuid>,
    pub status: String,
    pub actions: Value,
    pub error: Option<String>,
    pub at: DateTime<Utc>,
}

/// A rule's runs, newest first, before the run id `before`.
pub async fn runs(
    tx: &TenantTx,
    id: Uuid,
    status: Option<&str>,
    before: Option<i64>,
    limit: u64,
) -> Result<Vec<RunRow>, DbErr> {
    RunRow::find_by_statement(stmt(
        "select id, automation_id, event_id, event_kind, conversation_id, contact_id, status, actions, error, at
           from automation_runs
          where automation_id = $1 and ($2::text is null or status = $2) and ($3::bigint is null or id < $3)
          order by id desc limit $4",
        [id.into(), status.map(str::to_owned).into(), before.into(), (limit as i64).into()],
    ))
    .all(&tx.tx)
    .await
}

pub struct NewRun<'a> {
    pub automation_id: Uuid,
    pub event_id: Option<i64>,
    pub event_kind: &'a str,
    pub conversation_id: Option<Uuid>,
    pub contact_id: Option<Uuid>,
    pub status: &'a str,
    pub actions: &'a Value,
    pub error: Option<&'a str>,
    pub dedupe_key: Option<&'a str>,
}

/// Logs a run and counts it on its rule; answers its id, or `None` when a run with the same dedupe key was
/// logged already (a timer's window or a schedule's slot fires once).
pub async fn insert_run(tx: &TenantTx, r: &NewRun<'_>) -> Result<Option<i64>, DbErr> {
    #[derive(FromQueryResult)]
    struct Id {
        id: i64,
    }
    let row = Id::find_by_statement(stmt(
        "with r as (
           insert into automation_runs (tenant_id, automation_id, event_id, event_kind, conversation_id, contact_id,
                                        status, actions, error, dedupe_key)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
           on conflict (automation_id, dedupe_key) where dedupe_key is not null do nothing
           returning id, status
         ), u as (
           update automations a set last_run_at = now(),
                  run_count = run_count + (select count(*) from r where r.status = 'matched'),
                  failure_count = failure_count + (select count(*) from r where r.status = 'failed')
            where a.id = $2 and exists (select 1 from r where r.status in ('matched', 'failed'))
         )
         select id from r",
        [
            tx.tenant_id.0.into(),
            r.automation_id.into(),
            r.event_id.into(),
            r.event_kind.into(),
            r.conversation_id.into(),
            r.contact_id.into(),
            r.status.into(),
            r.actions.clone().into(),
            r.error.map(str::to_owned).into(),
            r.dedupe_key.map(str::to_owned).into(),
        ],
    ))
    .one(&tx.tx)
    .await?;
    Ok(row.map(|r| r.id))
}

/// Fills in a logged run once its actions ran.
pub async fn finish_run(
    tx: &TenantTx,
    id: i64,
    status: &str,
    actions: &Value,
    error: Option<&str>,
) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "update automation_runs set status = $2, actions = $3, error = $4 where id = $1",
        [id.into(), status.into(), actions.clone().into(), error.map(str::to_owned).into()],
    ))
    .await?;
    // Logged as matched when it was claimed: a run that turned out otherwise is not counted as one.
    if status != "matched" {
        tx.execute_raw(stmt(
            "update automations set run_count = greatest(run_count - 1, 0),
                    failure_count = failure_count + (case when $2 = 'failed' then 1 else 0 end)
              where id = (select automation_id from automation_runs where id = $1)",
            [id.into(), status.into()],
        ))
        .await?;
    }
    Ok(())
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct QueuedEvent {
    pub queue_id: i64,
    pub event_id: i64,
    pub kind: String,
    pub payload: Value,
    pub caused_by: Option<Uuid>,
    pub depth: i32,
    pub attempts: i32,
    pub event_at: DateTime<Utc>,
}

/// The claimed queue entries with their events, in order.
pub async fn queued(tx: &TenantTx, ids: &[i64]) -> Result<Vec<QueuedEvent>, DbErr> {
    QueuedEvent::find_by_statement(stmt(
        "select q.id as queue_id, e.id as event_id, e.kind, e.payload, q.caused_by, q.depth, q.attempts,
                e.created_at as event_at
           from automation_queue q join domain_events e on e.id = q.event_id
          where q.id = any($1) order by q.id",
        [ids.to_vec().into()],
    ))
    .all(&tx.tx)
    .await
}

pub async fn dequeue(tx: &TenantTx, id: i64) -> Result<(), DbErr> {
    tx.execute_raw(stmt("delete from automation_queue where id = $1", [id.into()])).await?;
    Ok(())
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct Waiting {
    pub conversation_id: Uuid,
    pub contact_id: Uuid,
    /// When the side that must answer was last written to (the window's start, its dedupe key).
    pub since: DateTime<Utc>,
}

/// Open conversations whose customer wrote last, at least `minutes` ago, and no agent, bot or rule answered
/// since (no outbound message after the last inbound one).
pub async fn awaiting_agent(tx: &TenantTx, minutes: i64, limit: i64) -> Result<Vec<Waiting>, DbErr> {
    Waiting::find_by_statement(stmt(
        "select v.id as conversation_id, v.contact_id, v.last_inbound_at as since
           from conversations v
          where v.status in ('open', 'pending') and v.last_inbound_at is not null
            and v.last_inbound_at <= now() - make_interval(mins => $1::int)
            and v.last_inbound_at > now() - interval '7 days'
            and not exists (select 1 from messages m where m.conversation_id = v.id and m.direction = 'outbound'
                               and m.created_at > v.last_inbound_at)
          order by v.last_inbound_at limit $2",
        [(minutes as i32).into(), limit.into()],
    ))
    .all(&tx.tx)
    .await
}

/// Open conversations where Parley wrote last, at least `hours` ago, and the customer has not answered.
pub async fn awaiting_customer(tx: &TenantTx, hours: i64, limit: i64) -> Result<Vec<Waiting>, DbErr> {
    Waiting::find_by_statement(stmt(
        "select v.id as conversation_id, v.contact_id, v.last_message_at as since
           from conversations v
          where v.status in ('open', 'pending') and v.last_message_at is not null
            and v.last_message_at <= now() - make_interval(hours => $1::int)
            and v.last_message_at > now() - interval '30 days'
            and (v.last_inbound_at is null or v.last_inbound_at < v.last_message_at)
          order by v.last_message_at limit $2",
        [(hours as i32).into(), limit.into()],
    ))
    .all(&tx.tx)
    .await
}
