//! Runs of a flow (one running per contact, enforced by a unique index) with their trace, and the figures the
//! canvas draws per version.

use crate::TenantTx;
use crate::repo::stmt;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use serde_json::Value;
use uuid::Uuid;

/// The unique index that keeps one running flow per contact: a start that hits it lost a race.
pub const ONE_PER_CONTACT: &str = "flow_runs_one_per_contact";
pub const ONE_SANDBOX_PER_TESTER: &str = "flow_runs_one_sandbox_per_tester";

#[derive(Debug, Clone, FromQueryResult)]
pub struct RunRow {
    pub id: Uuid,
    pub flow_id: Uuid,
    pub version_id: Option<Uuid>,
    pub version: Option<i32>,
    pub graph: Option<Value>,
    pub sandbox_env: Option<Value>,
    pub contact_id: Option<Uuid>,
    pub conversation_id: Option<Uuid>,
    pub origin: String,
    pub sandbox: bool,
    pub status: String,
    pub state: Value,
    pub current_node: Option<String>,
    pub wake_at: Option<DateTime<Utc>>,
    pub wake_token: Option<i64>,
    pub reason: Option<String>,
    pub steps: i32,
    pub started_by: Option<Uuid>,
    pub started_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
}

const COLUMNS: &str = "id, flow_id, version_id, version, graph, sandbox_env, contact_id, conversation_id, origin, sandbox, status, \
                       state, current_node, wake_at, wake_token, reason, steps, started_by, started_at, updated_at, \
                       ended_at";

pub struct NewRun<'a> {
    pub id: Uuid,
    pub flow_id: Uuid,
    pub version_id: Option<Uuid>,
    pub version: Option<i32>,
    pub graph: Option<&'a Value>,
    pub sandbox_env: Option<&'a Value>,
    pub contact_id: Option<Uuid>,
    pub conversation_id: Option<Uuid>,
    pub origin: &'a str,
    pub sandbox: bool,
    pub state: &'a Value,
    pub started_by: Option<Uuid>,
}

pub async fn insert(tx: &TenantTx, r: &NewRun<'_>) -> Result<RunRow, DbErr> {
    RunRow::find_by_statement(stmt(
        &format!(
            "insert into flow_runs (id, tenant_id, flow_id, version_id, version, graph, contact_id, conversation_id,
                                    origin, sandbox, status, state, started_by, sandbox_env)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'active', $11, $12, $13) returning {COLUMNS}"
        ),
        [
            r.id.into(),
            tx.tenant_id.0.into(),
            r.flow_id.into(),
            r.version_id.into(),
            r.version.into(),
            r.graph.cloned().into(),
            r.contact_id.into(),
            r.conversation_id.into(),
            r.origin.into(),
            r.sandbox.into(),
            r.state.clone().into(),
            r.started_by.into(),
            r.sandbox_env.cloned().into(),
        ],
    ))
    .one(&tx.tx)
    .await?
    .ok_or(DbErr::RecordNotInserted)
}

pub async fn get(tx: &TenantTx, id: Uuid) -> Result<Option<RunRow>, DbErr> {
    RunRow::find_by_statement(stmt(&format!("select {COLUMNS} from flow_runs where id = $1"), [id.into()]))
        .one(&tx.tx)
        .await
}

pub async fn lock(tx: &TenantTx, id: Uuid) -> Result<Option<RunRow>, DbErr> {
    RunRow::find_by_statement(stmt(&format!("select {COLUMNS} from flow_runs where id = $1 for update"), [id.into()]))
        .one(&tx.tx)
        .await
}

/// The contact's running flow (at most one), locked.
pub async fn active_for_contact(tx: &TenantTx, contact_id: Uuid) -> Result<Option<RunRow>, DbErr> {
    RunRow::find_by_statement(stmt(
        &format!(
            "select {COLUMNS} from flow_runs where contact_id = $1 and status in ('active', 'waiting') for update"
        ),
        [contact_id.into()],
    ))
    .one(&tx.tx)
    .await
}

/// The running flows of these contacts (for the inbox's "bot running" badge).
#[derive(Debug, Clone, FromQueryResult)]
pub struct ActiveBadge {
    pub run_id: Uuid,
    pub contact_id: Uuid,
    pub flow_id: Uuid,
    pub flow_name: String,
    pub current_node: Option<String>,
    pub status: String,
}

pub async fn active_for_contacts(tx: &TenantTx, contacts: &[Uuid]) -> Result<Vec<ActiveBadge>, DbErr> {
    ActiveBadge::find_by_statement(stmt(
        "select r.id as run_id, r.contact_id, r.flow_id, f.name as flow_name, r.current_node, r.status
           from flow_runs r join flows f on f.id = r.flow_id
          where r.contact_id = any($1) and r.status in ('active', 'waiting') and not r.sandbox",
        [contacts.to_vec().into()],
    ))
    .all(&tx.tx)
    .await
}

/// The tester's running sandbox run of a flow, locked.
pub async fn sandbox_for(tx: &TenantTx, flow_id: Uuid, user: Uuid) -> Result<Option<RunRow>, DbErr> {
    RunRow::find_by_statement(stmt(
        &format!(
            "select {COLUMNS} from flow_runs
              where flow_id = $1 and started_by = $2 and sandbox and status in ('active', 'waiting') for update"
        ),
        [flow_id.into(), user.into()],
    ))
    .one(&tx.tx)
    .await
}

pub struct RunUpdate<'a> {
    pub status: &'a str,
    pub state: &'a Value,
    pub current_node: Option<&'a str>,
    pub wake_at: Option<DateTime<Utc>>,
    pub wake_token: Option<i64>,
    pub reason: Option<&'a str>,
    pub steps: i32,
    pub ended: bool,
}

pub async fn update(tx: &TenantTx, id: Uuid, u: &RunUpdate<'_>) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "update flow_runs set status = $2, state = $3, current_node = $4, wake_at = $5, wake_token = $6, reason = $7,
                steps = steps + $8, updated_at = now(), ended_at = case when $9 then now() else ended_at end
          where id = $1",
        [
            id.into(),
            u.status.into(),
            u.state.clone().into(),
            u.current_node.map(str::to_owned).into(),
            u.wake_at.into(),
            u.wake_token.into(),
            u.reason.map(str::to_owned).into(),
            u.steps.into(),
            u.ended.into(),
        ],
    ))
    .await?;
    Ok(())
}

/// Ends a run from outside the engine (an agent's stop, a handoff by hand, a deleted flow's runs).
pub async fn stop(tx: &TenantTx, id: Uuid, reason: &str) -> Result<bool, DbErr> {
    Ok(tx
        .execute_raw(stmt(
            "update flow_runs set status = 'stopped', reason = $2, wake_at = null, updated_at = now(), ended_at = now()
              where id = $1 and status in ('active', 'waiting')",
            [id.into(), reason.into()],
        ))
        .await?
        .rows_affected()
        > 0)
}

/// Sets a waiting run's timer due now (the sandbox's "skip ahead").
pub async fn wake_now(tx: &TenantTx, id: Uuid) -> Result<Option<i64>, DbErr> {
    #[derive(FromQueryResult)]
    struct Token {
        wake_token: Option<i64>,
    }
    Ok(Token::find_by_statement(stmt(
        "update flow_runs set wake_at = null where id = $1 and wake_at is not null returning wake_token",
        [id.into()],
    ))
    .one(&tx.tx)
    .await?
    .and_then(|t| t.wake_token))
}

/// A page of a flow's runs, newest first (keyset on started_at, id).
#[derive(Debug, Clone, FromQueryResult)]
pub struct RunListRow {
    pub id: Uuid,
    pub version: Option<i32>,
    pub contact_id: Option<Uuid>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub conversation_id: Option<Uuid>,
    pub origin: String,
    pub sandbox: bool,
    pub status: String,
    pub current_node: Option<String>,
    pub reason: Option<String>,
    pub steps: i32,
    pub started_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
}

pub async fn page(
    tx: &TenantTx,
    flow_id: Uuid,
    status: Option<&str>,
    before: Option<(DateTime<Utc>, Uuid)>,
    limit: u64,
) -> Result<Vec<RunListRow>, DbErr> {
    let (at, id) = before.map_or((None, None), |(a, i)| (Some(a), Some(i)));
    RunListRow::find_by_statement(stmt(
        "select r.id, r.version, r.contact_id, coalesce(c.name, c.profile_name) as contact_name, c.phone as contact_phone,
                r.conversation_id, r.origin, r.sandbox, r.status, r.current_node, r.reason, r.steps, r.started_at,
                r.updated_at, r.ended_at
           from flow_runs r left join contacts c on c.id = r.contact_id
          where r.flow_id = $1 and not r.sandbox
            and ($2::text is null or r.status = $2 or ($2 = 'running' and r.status in ('active', 'waiting')))
            and ($3::timestamptz is null or (r.started_at, r.id) < ($3, $4))
          order by r.started_at desc, r.id desc limit $5",
        [flow_id.into(), status.map(str::to_owned).into(), at.into(), id.into(), (limit as i64).into()],
    ))
    .all(&tx.tx)
    .await
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct StepRow {
    pub seq: i32,
    pub node: String,
    pub node_type: String,
    pub outcome: Option<String>,
    pub detail: Value,
    pub vars: Option<Value>,
    pub at: DateTime<Utc>,
}

pub struct NewStep<'a> {
    pub node: &'a str,
    pub node_type: &'a str,
    pub outcome: Option<&'a str>,
    pub detail: &'a Value,
    pub vars: Option<&'a Value>,
}

/// Appends trace rows after the run's last one (the run row is locked by the caller).
pub async fn append_steps(
    tx: &TenantTx,
    run_id: Uuid,
    version_id: Option<Uuid>,
    at: DateTime<Utc>,
    steps: &[NewStep<'_>],
) -> Result<(), DbErr> {
    if steps.is_empty() {
        return Ok(());
    }
    let nodes: Vec<String> = steps.iter().map(|s| s.node.to_owned()).collect();
    let types: Vec<String> = steps.iter().map(|s| s.node_type.to_owned()).collect();
    // Arrays of nullable text do not bind: an empty outcome stands for none.
    let outcomes: Vec<String> = steps.iter().map(|s| s.outcome.unwrap_or_default().to_owned()).collect();
    let details: Vec<Value> = steps.iter().map(|s| s.detail.clone()).collect();
    let vars: Vec<Value> = steps.iter().map(|s| s.vars.cloned().unwrap_or(Value::Null)).collect();
    tx.execute_raw(stmt(
        "insert into flow_run_steps (run_id, seq, tenant_id, version_id, node, node_type, outcome, detail, vars, at)
         select $1, coalesce((select max(seq) from flow_run_steps where run_id = $1), 0) + s.ord, $2, $3, s.node,
                s.node_type, nullif(s.outcome, ''), s.detail, nullif(s.vars, 'null'::jsonb), $4
           from unnest($5::text[], $6::text[], $7::text[], $8::jsonb[], $9::jsonb[])
                with ordinality as s(node, node_type, outcome, detail, vars, ord)",
        [
            run_id.into(),
            tx.tenant_id.0.into(),
            version_id.into(),
            at.into(),
            nodes.into(),
            types.into(),
            outcomes.into(),
            details.into(),
            vars.into(),
        ],
    ))
    .await?;
    Ok(())
}

pub async fn steps(tx: &TenantTx, run_id: Uuid) -> Result<Vec<StepRow>, DbErr> {
    StepRow::find_by_statement(stmt(
        "select seq, node, node_type, outcome, detail, vars, at from flow_run_steps where run_id = $1 order by seq",
        [run_id.into()],
    ))
    .all(&tx.tx)
    .await
}

/// Per node and outcome of one version: how many times runs passed there.
#[derive(Debug, Clone, FromQueryResult)]
pub struct NodeCount {
    pub node: String,
    pub outcome: Option<String>,
    pub n: i64,
}

pub async fn node_counts(tx: &TenantTx, version_id: Uuid) -> Result<Vec<NodeCount>, DbErr> {
    NodeCount::find_by_statement(stmt(
        "select node, outcome, count(*) as n from flow_run_steps where version_id = $1 group by node, outcome",
        [version_id.into()],
    ))
    .all(&tx.tx)
    .await
}

/// Runs of one version by status, and how many wait at each node now.
#[derive(Debug, Clone, FromQueryResult)]
pub struct StatusCount {
    pub status: String,
    pub current_node: Option<String>,
    pub n: i64,
}

pub async fn status_counts(tx: &TenantTx, version_id: Uuid) -> Result<Vec<StatusCount>, DbErr> {
    StatusCount::find_by_statement(stmt(
        "select status, case when status in ('waiting', 'failed', 'stopped') then current_node end as current_node, count(*) as n
           from flow_runs where version_id = $1 group by 1, 2",
        [version_id.into()],
    ))
    .all(&tx.tx)
    .await
}

/// Runs still going on a flow (stopped when the flow is deleted or paused with "stop runs").
pub async fn stop_all(tx: &TenantTx, flow_id: Uuid, reason: &str) -> Result<u64, DbErr> {
    Ok(tx
        .execute_raw(stmt(
            "update flow_runs set status = 'stopped', reason = $2, wake_at = null, updated_at = now(), ended_at = now()
              where flow_id = $1 and status in ('active', 'waiting')",
            [flow_id.into(), reason.into()],
        ))
        .await?
        .rows_affected())
}

/// The contact's most recently active conversation (where a run started by hand or API talks).
pub async fn latest_conversation(tx: &TenantTx, contact_id: Uuid) -> Result<Option<Uuid>, DbErr> {
    #[derive(FromQueryResult)]
    struct Id {
        id: Uuid,
    }
    Ok(Id::find_by_statement(stmt(
        "select id from conversations where contact_id = $1
          order by last_message_at desc nulls last, created_at desc limit 1",
        [contact_id.into()],
    ))
    .one(&tx.tx)
    .await?
    .map(|r| r.id))
}

/// A contact by its E.164 number.
pub async fn contact_by_phone(tx: &TenantTx, phone: &str) -> Result<Option<Uuid>, DbErr> {
    #[derive(FromQueryResult)]
    struct Id {
        id: Uuid,
    }
    Ok(Id::find_by_statement(stmt("select id from contacts where phone = $1", [phone.into()]))
        .one(&tx.tx)
        .await?
        .map(|r| r.id))
}

/// Saves a sandbox run's world and chat.
pub async fn set_sandbox_env(tx: &TenantTx, id: Uuid, env: &Value) -> Result<(), DbErr> {
    tx.execute_raw(stmt("update flow_runs set sandbox_env = $2 where id = $1", [id.into(), env.clone().into()]))
        .await?;
    Ok(())
}

/// Dates a run in the past (demo history).
pub async fn backdate(
    tx: &TenantTx,
    id: Uuid,
    started_at: DateTime<Utc>,
    ended_at: Option<DateTime<Utc>>,
) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "update flow_runs set started_at = $2, updated_at = coalesce($3, $2), ended_at = $3 where id = $1",
        [id.into(), started_at.into(), ended_at.into()],
    ))
    .await?;
    Ok(())
}
