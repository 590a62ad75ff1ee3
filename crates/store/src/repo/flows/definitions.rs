//! The flows of a workspace: name, trigger, status and the editable draft, with today's figures for the list.

use crate::TenantTx;
use crate::repo::stmt;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use serde_json::Value;
use uuid::Uuid;

#[derive(Debug, Clone, FromQueryResult)]
pub struct FlowRow {
    pub id: Uuid,
    pub name: String,
    pub description: Option<String>,
    pub status: String,
    pub trigger: Value,
    pub priority: i32,
    pub draft: Value,
    pub draft_dirty: bool,
    pub published_version: Option<i32>,
    pub template_key: Option<String>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A flow in the list, with its runs since `since` (the workspace's midnight) and how many of them completed.
#[derive(Debug, Clone, FromQueryResult)]
pub struct FlowListRow {
    pub id: Uuid,
    pub name: String,
    pub description: Option<String>,
    pub status: String,
    pub trigger: Value,
    pub priority: i32,
    pub draft_dirty: bool,
    pub published_version: Option<i32>,
    pub template_key: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub runs_today: i64,
    pub completed_today: i64,
    pub running: i64,
}

pub struct FlowWrite<'a> {
    pub name: &'a str,
    pub description: Option<&'a str>,
    pub trigger: &'a Value,
    pub priority: i32,
    pub draft: &'a Value,
    pub template_key: Option<&'a str>,
}

const COLUMNS: &str = "id, name, description, status, trigger, priority, draft, draft_dirty, published_version, \
                       template_key, created_by, created_at, updated_at";

pub async fn list(tx: &TenantTx, since: DateTime<Utc>) -> Result<Vec<FlowListRow>, DbErr> {
    FlowListRow::find_by_statement(stmt(
        "select f.id, f.name, f.description, f.status, f.trigger, f.priority, f.draft_dirty, f.published_version,
                f.template_key, f.created_at, f.updated_at,
                coalesce(r.today, 0) as runs_today, coalesce(r.completed, 0) as completed_today,
                coalesce(r.running, 0) as running
           from flows f
           left join lateral (
             select count(*) filter (where started_at >= $1) as today,
                    count(*) filter (where started_at >= $1 and status = 'completed') as completed,
                    count(*) filter (where status in ('active', 'waiting')) as running
               from flow_runs where flow_id = f.id and not sandbox
                and (started_at >= $1 or status in ('active', 'waiting'))
           ) r on true
          order by f.status = 'draft', f.priority desc, lower(f.name)",
        [since.into()],
    ))
    .all(&tx.tx)
    .await
}

pub async fn get(tx: &TenantTx, id: Uuid) -> Result<Option<FlowRow>, DbErr> {
    FlowRow::find_by_statement(stmt(&format!("select {COLUMNS} from flows where id = $1"), [id.into()]))
        .one(&tx.tx)
        .await
}

/// The flow, locked until the transaction ends (publishing and saving serialize on it).
pub async fn lock(tx: &TenantTx, id: Uuid) -> Result<Option<FlowRow>, DbErr> {
    FlowRow::find_by_statement(stmt(&format!("select {COLUMNS} from flows where id = $1 for update"), [id.into()]))
        .one(&tx.tx)
        .await
}

pub async fn count(tx: &TenantTx) -> Result<u64, DbErr> {
    crate::repo::count(&tx.tx, "select count(*) as n from flows", []).await
}

pub async fn insert(tx: &TenantTx, id: Uuid, w: &FlowWrite<'_>, by: Option<Uuid>) -> Result<FlowRow, DbErr> {
    FlowRow::find_by_statement(stmt(
        &format!(
            "insert into flows (id, tenant_id, name, description, trigger, priority, draft, template_key, created_by)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning {COLUMNS}"
        ),
        [
            id.into(),
            tx.tenant_id.0.into(),
            w.name.into(),
            w.description.map(str::to_owned).into(),
            w.trigger.clone().into(),
            w.priority.into(),
            w.draft.clone().into(),
            w.template_key.map(str::to_owned).into(),
            by.into(),
        ],
    ))
    .one(&tx.tx)
    .await?
    .ok_or_else(|| DbErr::RecordNotInserted)
}

/// Saves name, trigger, priority and the draft; the draft now differs from the published version.
pub async fn update(tx: &TenantTx, id: Uuid, w: &FlowWrite<'_>) -> Result<Option<FlowRow>, DbErr> {
    FlowRow::find_by_statement(stmt(
        &format!(
            "update flows set name = $2, description = $3, trigger = $4, priority = $5, draft = $6,
                    draft_dirty = draft_dirty or draft is distinct from $6 or trigger is distinct from $4,
                    updated_at = now()
              where id = $1 returning {COLUMNS}"
        ),
        [
            id.into(),
            w.name.into(),
            w.description.map(str::to_owned).into(),
            w.trigger.clone().into(),
            w.priority.into(),
            w.draft.clone().into(),
        ],
    ))
    .one(&tx.tx)
    .await
}

pub async fn set_status(tx: &TenantTx, id: Uuid, status: &str) -> Result<(), DbErr> {
    tx.execute_raw(stmt("update flows set status = $2, updated_at = now() where id = $1", [id.into(), status.into()]))
        .await?;
    Ok(())
}

/// After a publish: the draft is the published version, which runs from now on.
pub async fn mark_published(tx: &TenantTx, id: Uuid, version: i32) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "update flows set status = 'published', published_version = $2, draft_dirty = false, updated_at = now()
          where id = $1",
        [id.into(), version.into()],
    ))
    .await?;
    Ok(())
}

/// Replaces the draft (restoring a version) and marks it changed.
pub async fn set_draft(tx: &TenantTx, id: Uuid, draft: &Value, trigger: &Value) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "update flows set draft = $2, trigger = $3, draft_dirty = true, updated_at = now() where id = $1",
        [id.into(), draft.clone().into(), trigger.clone().into()],
    ))
    .await?;
    Ok(())
}

pub async fn delete(tx: &TenantTx, id: Uuid) -> Result<bool, DbErr> {
    Ok(tx.execute_raw(stmt("delete from flows where id = $1", [id.into()])).await?.rows_affected() > 0)
}

/// Every flow's id and name (for validation of "start another flow" and for pickers).
#[derive(Debug, Clone, FromQueryResult)]
pub struct FlowName {
    pub id: Uuid,
    pub name: String,
}

pub async fn names(tx: &TenantTx) -> Result<Vec<FlowName>, DbErr> {
    FlowName::find_by_statement(stmt("select id, name from flows order by lower(name)", [])).all(&tx.tx).await
}

/// A published flow's live version with its trigger, for matching inbound messages.
#[derive(Debug, Clone, FromQueryResult)]
pub struct LiveFlow {
    pub flow_id: Uuid,
    pub name: String,
    pub priority: i32,
    pub version_id: Uuid,
    pub version: i32,
    pub trigger: Value,
    pub created_at: DateTime<Utc>,
}

pub async fn live(tx: &TenantTx) -> Result<Vec<LiveFlow>, DbErr> {
    LiveFlow::find_by_statement(stmt(
        "select f.id as flow_id, f.name, f.priority, v.id as version_id, v.version, v.trigger, f.created_at
           from flows f join flow_versions v on v.flow_id = f.id and v.version = f.published_version
          where f.status = 'published'
          order by f.priority desc, f.created_at",
        [],
    ))
    .all(&tx.tx)
    .await
}

/// A change stamp for the workspace's live flows (published, paused, re-published or deleted), so matchers cached
/// in memory know when to reload: the latest change and the number of flows ever published (a deleted flow that
/// was not the latest change lowers the count).
#[derive(Debug, Clone, Copy, PartialEq, Eq, FromQueryResult)]
pub struct LiveStamp {
    pub n: i64,
    pub at: Option<DateTime<Utc>>,
}

pub async fn live_stamp(tx: &TenantTx) -> Result<LiveStamp, DbErr> {
    Ok(LiveStamp::find_by_statement(stmt(
        "select count(*) as n, max(updated_at) as at from flows where published_version is not null",
        [],
    ))
    .one(&tx.tx)
    .await?
    .unwrap_or(LiveStamp { n: 0, at: None }))
}

/// What the ingest needs to know to hand a batch of customers' messages to flows, in one round trip: the live
/// flows' stamp, and which of these contacts are taken by flows already (a run going, or events still queued
/// for the runner: a later message must not overtake them).
pub struct IngestFacts {
    pub stamp: LiveStamp,
    pub busy: Vec<Uuid>,
}

pub async fn ingest_facts(tx: &TenantTx, contacts: &[Uuid]) -> Result<IngestFacts, DbErr> {
    #[derive(FromQueryResult)]
    struct Row {
        n: i64,
        at: Option<DateTime<Utc>>,
        busy: Vec<Uuid>,
    }
    let r = Row::find_by_statement(stmt(
        "select s.n, s.at, array(
                  select contact_id from flow_runs
                   where contact_id = any($1) and status in ('active', 'waiting') and not sandbox
                  union
                  select contact_id from flow_events where contact_id = any($1)) as busy
           from (select count(*) as n, max(updated_at) as at from flows where published_version is not null) s",
        [contacts.to_vec().into()],
    ))
    .one(&tx.tx)
    .await?
    .ok_or_else(|| DbErr::RecordNotFound("ingest facts".into()))?;
    Ok(IngestFacts { stamp: LiveStamp { n: r.n, at: r.at }, busy: r.busy })
}

/// Of these contacts, those with a customer's message before this batch's (in any conversation): the others may
/// be writing for the first time, which "first message" triggers take.
pub async fn wrote_before(tx: &TenantTx, contacts: &[Uuid], batch: &[Uuid]) -> Result<Vec<Uuid>, DbErr> {
    #[derive(FromQueryResult)]
    struct Row {
        contact_id: Uuid,
    }
    Ok(Row::find_by_statement(stmt(
        "select k as contact_id from unnest($1::uuid[]) k
          where exists (select 1 from conversations c join messages m on m.conversation_id = c.id
                         where c.contact_id = k and m.direction = 'inbound' and not (m.id = any($2)))",
        [contacts.to_vec().into(), batch.to_vec().into()],
    ))
    .all(&tx.tx)
    .await?
    .into_iter()
    .map(|r| r.contact_id)
    .collect())
}

/// Whether this message is the contact's first in the workspace (no earlier message in any conversation).
pub async fn first_message(tx: &TenantTx, contact_id: Uuid, message_id: Option<Uuid>) -> Result<bool, DbErr> {
    #[derive(FromQueryResult)]
    struct Earlier {
        earlier: bool,
    }
    Ok(!Earlier::find_by_statement(stmt(
        "select exists (
           select 1 from messages m join conversations c on c.id = m.conversation_id
            where c.contact_id = $1 and m.direction = 'inbound' and m.id is distinct from $2
              and m.created_at <= coalesce((select created_at from messages where id = $2), now())) as earlier",
        [contact_id.into(), message_id.into()],
    ))
    .one(&tx.tx)
    .await?
    .is_some_and(|e| e.earlier))
}
