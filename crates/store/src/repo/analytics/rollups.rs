//! The rollup tables: replacing a range's rows (so rerunning a range gives the same rows), reading them back for
//! reports, and the job's progress.

use crate::repo::stmt;
use crate::{Db, TenantTx};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use serde_json::Value;
use uuid::Uuid;

/// A duration sketch as stored (`bytea`; `analytics::sketch` in the services says how); `None` when empty.
pub type StoredSketch = Option<Vec<u8>>;

/// A row of `analytics_hourly` (`at` is the hour) or `analytics_daily` (`at` is the local day's first instant, `day`
/// its date); sketches as stored.
#[derive(Debug, Clone, Default, FromQueryResult)]
pub struct ConversationRollup {
    pub connection_id: Uuid,
    pub team_id: Uuid,
    pub agent_id: Uuid,
    pub label_id: Uuid,
    pub messages_in: i32,
    pub messages_out: i32,
    pub messages_agent: i32,
    pub messages_bot: i32,
    pub messages_campaign: i32,
    pub messages_failed: i32,
    pub opened: i32,
    pub resolved: i32,
    pub first_response: StoredSketch,
    pub first_response_bh: StoredSketch,
    pub resolution: StoredSketch,
    pub resolution_bh: StoredSketch,
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct HourlyRow {
    pub hour: DateTime<Utc>,
    #[sea_orm(nested)]
    pub r: ConversationRollup,
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct DailyRow {
    pub day: NaiveDate,
    pub in_by_hour: Vec<i32>,
    #[sea_orm(nested)]
    pub r: ConversationRollup,
}

/// A rollup row's dimensions and counts, ahead of its four sketches.
macro_rules! counts {
    () => {
        "connection_id, team_id, agent_id, label_id, messages_in, messages_out, messages_agent, messages_bot, \
         messages_campaign, messages_failed, opened, resolved"
    };
}

const COLUMNS: &str = concat!(counts!(), ", first_response, first_response_bh, resolution, resolution_bh");

/// What a report reads of a rollup row: every column, or (`business` false) with the business-hours sketches left
/// out, for a report that shows wall-clock times only and would decode them for nothing.
fn read_columns(business: bool) -> &'static str {
    if business {
        COLUMNS
    } else {
        concat!(
            counts!(),
            ", first_response, null::bytea as first_response_bh, resolution, null::bytea as resolution_bh"
        )
    }
}

/// The four sketch columns of an unnested row `u`, read from their text literals.
const SKETCHES: &str = "decode(nullif(u.first_response, ''), 'hex'), decode(nullif(u.first_response_bh, ''), 'hex'), \
    decode(nullif(u.resolution, ''), 'hex'), decode(nullif(u.resolution_bh, ''), 'hex')";

/// The rows' columns as arrays, for one `insert ... select from unnest(...)`.
fn arrays(rows: &[&ConversationRollup]) -> Vec<sea_orm::Value> {
    let col = |f: fn(&ConversationRollup) -> i32| rows.iter().map(|r| f(r)).collect::<Vec<i32>>().into();
    let sk = |f: fn(&ConversationRollup) -> &StoredSketch| sketch_texts(rows.iter().map(|r| f(r))).into();
    vec![
        rows.iter().map(|r| r.connection_id).collect::<Vec<_>>().into(),
        rows.iter().map(|r| r.team_id).collect::<Vec<_>>().into(),
        rows.iter().map(|r| r.agent_id).collect::<Vec<_>>().into(),
        rows.iter().map(|r| r.label_id).collect::<Vec<_>>().into(),
        col(|r| r.messages_in),
        col(|r| r.messages_out),
        col(|r| r.messages_agent),
        col(|r| r.messages_bot),
        col(|r| r.messages_campaign),
        col(|r| r.messages_failed),
        col(|r| r.opened),
        col(|r| r.resolved),
        sk(|r| &r.first_response),
        sk(|r| &r.first_response_bh),
        sk(|r| &r.resolution),
        sk(|r| &r.resolution_bh),
    ]
}

/// Sketches in hex ('' for none: `decode(nullif(.., ''), 'hex')`), since an array of byte strings does not bind.
fn sketch_texts<'a>(sketches: impl Iterator<Item = &'a StoredSketch>) -> Vec<String> {
    sketches.map(|s| s.as_deref().map(hex::encode).unwrap_or_default()).collect()
}

/// The rows' arrays unnested, the first being their hours (`timestamptz`) or days (`date`).
fn unnest(first: &str) -> String {
    format!(
        "unnest($2::{first}[], $3::uuid[], $4::uuid[], $5::uuid[], $6::uuid[], $7::int[], $8::int[], $9::int[], \
         $10::int[], $11::int[], $12::int[], $13::int[], $14::int[], $15::text[], $16::text[], $17::text[], \
         $18::text[])"
    )
}

/// Replaces the hourly rows of `[from, to)` with `rows`.
pub async fn replace_hourly(
    tx: &TenantTx,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    rows: &[HourlyRow],
) -> Result<(), DbErr> {
    tx.execute_raw(stmt("delete from analytics_hourly where hour >= $1 and hour < $2", [from.into(), to.into()]))
        .await?;
    if rows.is_empty() {
        return Ok(());
    }
    let mut values = vec![tx.tenant_id.0.into(), rows.iter().map(|r| r.hour).collect::<Vec<_>>().into()];
    values.extend(arrays(&rows.iter().map(|r| &r.r).collect::<Vec<_>>()));
    tx.execute_raw(stmt(
        &format!(
            "insert into analytics_hourly (tenant_id, hour, {COLUMNS})
             select $1, u.hour, u.connection_id, u.team_id, u.agent_id, u.label_id, u.messages_in, u.messages_out,
                    u.messages_agent, u.messages_bot, u.messages_campaign, u.messages_failed, u.opened, u.resolved,
                    {SKETCHES}
               from {} as u(hour, connection_id, team_id, agent_id, label_id, messages_in, messages_out,
                            messages_agent, messages_bot, messages_campaign, messages_failed, opened, resolved,
                            first_response, first_response_bh, resolution, resolution_bh)",
            unnest("timestamptz")
        ),
        values,
    ))
    .await?;
    Ok(())
}

/// Replaces the daily rows of the days `[from, to]` with `rows`.
pub async fn replace_daily(tx: &TenantTx, from: NaiveDate, to: NaiveDate, rows: &[DailyRow]) -> Result<(), DbErr> {
    tx.execute_raw(stmt("delete from analytics_daily where day >= $1 and day <= $2", [from.into(), to.into()])).await?;
    if rows.is_empty() {
        return Ok(());
    }
    let mut values = vec![tx.tenant_id.0.into(), rows.iter().map(|r| r.day).collect::<Vec<_>>().into()];
    values.extend(arrays(&rows.iter().map(|r| &r.r).collect::<Vec<_>>()));
    // The 24 local hours of each row, flattened (arrays of arrays do not bind).
    values.push(rows.iter().flat_map(|r| r.in_by_hour.iter().copied()).collect::<Vec<i32>>().into());
    tx.execute_raw(stmt(
        &format!(
            "insert into analytics_daily (tenant_id, day, {COLUMNS}, in_by_hour)
             select $1, u.day, u.connection_id, u.team_id, u.agent_id, u.label_id, u.messages_in, u.messages_out,
                    u.messages_agent, u.messages_bot, u.messages_campaign, u.messages_failed, u.opened, u.resolved,
                    {SKETCHES}, ($19::int[])[(u.n - 1) * 24 + 1 : u.n * 24]
               from {} with ordinality
                    as u(day, connection_id, team_id, agent_id, label_id, messages_in, messages_out, messages_agent,
                         messages_bot, messages_campaign, messages_failed, opened, resolved, first_response,
                         first_response_bh, resolution, resolution_bh, n)",
            unnest("date")
        ),
        values,
    ))
    .await?;
    Ok(())
}

/// The dimensions a report narrows to; `None` is any. A label picks that label's rows, otherwise the label-less ones.
#[derive(Debug, Clone, Copy, Default)]
pub struct Dims {
    pub connection_id: Option<Uuid>,
    pub team_id: Option<Uuid>,
    pub agent_id: Option<Uuid>,
    pub label_id: Option<Uuid>,
}

const DIMS_WHERE: &str = "($3::uuid is null or connection_id = $3) and ($4::uuid is null or team_id = $4)
    and ($5::uuid is null or agent_id = $5) and label_id = coalesce($6::uuid, '00000000-0000-0000-0000-000000000000')";

fn dim_values(d: &Dims) -> [sea_orm::Value; 4] {
    [d.connection_id.into(), d.team_id.into(), d.agent_id.into(), d.label_id.into()]
}

/// Hourly rows of `[from, to)` matching the dimensions.
pub async fn hourly(
    tx: &TenantTx,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    d: &Dims,
    business: bool,
) -> Result<Vec<HourlyRow>, DbErr> {
    let mut values = vec![from.into(), to.into()];
    values.extend(dim_values(d));
    HourlyRow::find_by_statement(stmt(
        &format!(
            "select hour, {} from analytics_hourly where hour >= $1 and hour < $2 and {DIMS_WHERE}",
            read_columns(business)
        ),
        values,
    ))
    .all(&tx.tx)
    .await
}

/// Every hourly row of `[from, to)`, labelled or not (to build the daily rows).
pub async fn hourly_all(tx: &TenantTx, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<HourlyRow>, DbErr> {
    HourlyRow::find_by_statement(stmt(
        &format!("select hour, {COLUMNS} from analytics_hourly where hour >= $1 and hour < $2"),
        [from.into(), to.into()],
    ))
    .all(&tx.tx)
    .await
}

/// "Any" in a daily row's dimension: besides the full cube (every number × team × agent × label), each day has rows
/// where all of number, team and agent are "any" (the day's total per label), and rows where one of them is set and the
/// others are "any"; a report with at most one of those filters reads one row per day (and label) instead of the cube.
pub const ANY: Uuid = Uuid::max();

/// Daily rows of the days `[from, to]` matching the dimensions, from the coarsest rows that answer them; with
/// `by_agent`, one per agent (and day).
pub async fn daily(
    tx: &TenantTx,
    from: NaiveDate,
    to: NaiveDate,
    d: &Dims,
    by_agent: bool,
    business: bool,
) -> Result<Vec<DailyRow>, DbErr> {
    let fixed = [d.connection_id.is_some(), d.team_id.is_some(), d.agent_id.is_some() || by_agent];
    let marginal = fixed.iter().filter(|f| **f).count() <= 1;
    let mut values: Vec<sea_orm::Value> = vec![from.into(), to.into()];
    let mut conds = Vec::new();
    // Per dimension: its filter, or every value but "any" (the cube, or grouped by agent), or "any" (a marginal row).
    for (col, value, grouped) in
        [("connection_id", d.connection_id, false), ("team_id", d.team_id, false), ("agent_id", d.agent_id, by_agent)]
    {
        conds.push(match value {
            Some(v) => {
                values.push(v.into());
                format!("{col} = ${}", values.len())
            }
            None if grouped || !marginal => format!("{col} <> '{ANY}'"),
            None => format!("{col} = '{ANY}'"),
        });
    }
    values.push(d.label_id.unwrap_or_default().into());
    let sql = format!(
        "select day, in_by_hour, {} from analytics_daily
          where day >= $1 and day <= $2 and {} and label_id = ${}",
        read_columns(business),
        conds.join(" and "),
        values.len()
    );
    DailyRow::find_by_statement(stmt(&sql, values)).all(&tx.tx).await
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct AgentHour {
    pub hour: DateTime<Utc>,
    pub agent_id: Uuid,
    pub online_s: i32,
    pub away_s: i32,
    pub busy_s: i32,
}

pub async fn replace_agent_hours(
    tx: &TenantTx,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    rows: &[AgentHour],
) -> Result<(), DbErr> {
    tx.execute_raw(stmt("delete from analytics_agent_hourly where hour >= $1 and hour < $2", [from.into(), to.into()]))
        .await?;
    if rows.is_empty() {
        return Ok(());
    }
    tx.execute_raw(stmt(
        "insert into analytics_agent_hourly (tenant_id, hour, agent_id, online_s, away_s, busy_s)
         select $1, * from unnest($2::timestamptz[], $3::uuid[], $4::int[], $5::int[], $6::int[])",
        [
            tx.tenant_id.0.into(),
            rows.iter().map(|r| r.hour).collect::<Vec<_>>().into(),
            rows.iter().map(|r| r.agent_id).collect::<Vec<_>>().into(),
            rows.iter().map(|r| r.online_s).collect::<Vec<_>>().into(),
            rows.iter().map(|r| r.away_s).collect::<Vec<_>>().into(),
            rows.iter().map(|r| r.busy_s).collect::<Vec<_>>().into(),
        ],
    ))
    .await?;
    Ok(())
}

/// Seconds per agent over `[from, to)`.
pub async fn agent_time(tx: &TenantTx, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<AgentHour>, DbErr> {
    AgentHour::find_by_statement(stmt(
        "select $1::timestamptz as hour, agent_id, sum(online_s)::int as online_s, sum(away_s)::int as away_s,
                sum(busy_s)::int as busy_s
           from analytics_agent_hourly where hour >= $1 and hour < $2 group by agent_id",
        [from.into(), to.into()],
    ))
    .all(&tx.tx)
    .await
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct FlowHour {
    pub hour: DateTime<Utc>,
    pub flow_id: Uuid,
    pub version: i32,
    pub node: String,
    pub started: i32,
    pub completed: i32,
    pub handed_off: i32,
    pub failed: i32,
    pub stopped: i32,
    pub duration: StoredSketch,
}

pub async fn replace_flow_hours(
    tx: &TenantTx,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    rows: &[FlowHour],
) -> Result<(), DbErr> {
    tx.execute_raw(stmt("delete from analytics_flow_hourly where hour >= $1 and hour < $2", [from.into(), to.into()]))
        .await?;
    if rows.is_empty() {
        return Ok(());
    }
    tx.execute_raw(stmt(
        "insert into analytics_flow_hourly
           (tenant_id, hour, flow_id, version, node, started, completed, handed_off, failed, stopped, duration)
         select $1, u.hour, u.flow_id, u.version, u.node, u.started, u.completed, u.handed_off, u.failed, u.stopped,
                decode(nullif(u.duration, ''), 'hex')
           from unnest($2::timestamptz[], $3::uuid[], $4::int[], $5::text[], $6::int[], $7::int[], $8::int[],
                       $9::int[], $10::int[], $11::text[])
                as u(hour, flow_id, version, node, started, completed, handed_off, failed, stopped, duration)",
        [
            tx.tenant_id.0.into(),
            rows.iter().map(|r| r.hour).collect::<Vec<_>>().into(),
            rows.iter().map(|r| r.flow_id).collect::<Vec<_>>().into(),
            rows.iter().map(|r| r.version).collect::<Vec<_>>().into(),
            rows.iter().map(|r| r.node.clone()).collect::<Vec<_>>().into(),
            rows.iter().map(|r| r.started).collect::<Vec<_>>().into(),
            rows.iter().map(|r| r.completed).collect::<Vec<_>>().into(),
            rows.iter().map(|r| r.handed_off).collect::<Vec<_>>().into(),
            rows.iter().map(|r| r.failed).collect::<Vec<_>>().into(),
            rows.iter().map(|r| r.stopped).collect::<Vec<_>>().into(),
            sketch_texts(rows.iter().map(|r| &r.duration)).into(),
        ],
    ))
    .await?;
    Ok(())
}

/// Flow rows of `[from, to)`, summed per flow, version and node (sketches merged by the caller).
pub async fn flow_hours(tx: &TenantTx, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<FlowHour>, DbErr> {
    FlowHour::find_by_statement(stmt(
        "select hour, flow_id, version, node, started, completed, handed_off, failed, stopped, duration
           from analytics_flow_hourly where hour >= $1 and hour < $2",
        [from.into(), to.into()],
    ))
    .all(&tx.tx)
    .await
}

/// A CRM rollup row is a CRM fact's own shape (an hour, a metric, a key and its sums).
pub use super::facts::CrmFact as CrmHour;

pub async fn replace_crm_hours(
    tx: &TenantTx,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    rows: &[CrmHour],
) -> Result<(), DbErr> {
    tx.execute_raw(stmt("delete from analytics_crm_hourly where hour >= $1 and hour < $2", [from.into(), to.into()]))
        .await?;
    if rows.is_empty() {
        return Ok(());
    }
    tx.execute_raw(stmt(
        "insert into analytics_crm_hourly (tenant_id, hour, metric, key, count, amount, seconds)
         select $1, * from unnest($2::timestamptz[], $3::text[], $4::text[], $5::int[], $6::numeric[], $7::bigint[])",
        [
            tx.tenant_id.0.into(),
            rows.iter().map(|r| r.hour).collect::<Vec<_>>().into(),
            rows.iter().map(|r| r.metric.clone()).collect::<Vec<_>>().into(),
            rows.iter().map(|r| r.key.clone()).collect::<Vec<_>>().into(),
            rows.iter().map(|r| r.count as i32).collect::<Vec<_>>().into(),
            rows.iter().map(|r| r.amount).collect::<Vec<_>>().into(),
            rows.iter().map(|r| r.seconds).collect::<Vec<_>>().into(),
        ],
    ))
    .await?;
    Ok(())
}

/// CRM figures of `[from, to)` summed per metric and key.
pub async fn crm_sums(tx: &TenantTx, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<CrmHour>, DbErr> {
    CrmHour::find_by_statement(stmt(
        "select $1::timestamptz as hour, metric, key, sum(count)::bigint as count, sum(amount)::float8 as amount,
                sum(seconds)::bigint as seconds
           from analytics_crm_hourly where hour >= $1 and hour < $2 group by metric, key",
        [from.into(), to.into()],
    ))
    .all(&tx.tx)
    .await
}

#[derive(Debug, Clone, FromQueryResult)]
struct At {
    at: Option<DateTime<Utc>>,
}

/// Every hour before this is rolled up for the tenant (`None`: nothing yet).
pub async fn progress(tx: &TenantTx) -> Result<Option<DateTime<Utc>>, DbErr> {
    Ok(At::find_by_statement(stmt("select done_until as at from analytics_progress", []))
        .one(&tx.tx)
        .await?
        .and_then(|a| a.at))
}

pub async fn set_progress(tx: &TenantTx, done_until: DateTime<Utc>) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "insert into analytics_progress (tenant_id, done_until) values ($1, $2)
         on conflict (tenant_id) do update set done_until = excluded.done_until, updated_at = now()",
        [tx.tenant_id.0.into(), done_until.into()],
    ))
    .await?;
    Ok(())
}

/// The tenant's first fact: its oldest message or contact (where a first rollup starts).
pub async fn earliest_fact(tx: &TenantTx) -> Result<Option<DateTime<Utc>>, DbErr> {
    Ok(At::find_by_statement(stmt(
        "select least((select min(created_at) from messages), (select min(created_at) from contacts)) as at",
        [],
    ))
    .one(&tx.tx)
    .await?
    .and_then(|a| a.at))
}

/// When the last pass looked for late messages.
pub async fn late_scan(db: &Db) -> Result<Option<DateTime<Utc>>, DbErr> {
    Ok(At::find_by_statement(stmt("select scanned_at as at from analytics_state where name = 'late_scan'", []))
        .one(db.system())
        .await?
        .and_then(|a| a.at))
}

pub async fn save_late_scan(db: &Db, at: DateTime<Utc>) -> Result<(), DbErr> {
    db.system()
        .execute_raw(stmt(
            "insert into analytics_state (name, scanned_at) values ('late_scan', $1)
             on conflict (name) do update set scanned_at = excluded.scanned_at",
            [at.into()],
        ))
        .await?;
    Ok(())
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct CampaignSnapshot {
    pub campaign_id: Uuid,
    pub name: String,
    pub status: String,
    pub started_at: Option<DateTime<Utc>>,
    pub recipients: i32,
    pub sent: i32,
    pub delivered: i32,
    pub read: i32,
    pub replied: i32,
    pub failed: i32,
    pub cost: f64,
    pub failures: Value,
}

/// Refreshes the funnel of every started campaign statuses may still change for (running, paused, ended in the
/// last 7 days), or of every started one with `all`, and of any not yet counted. One statement.
pub async fn refresh_campaigns(tx: &TenantTx, all: bool) -> Result<u64, DbErr> {
    let r = tx
        .execute_raw(stmt(
            "insert into analytics_campaigns
               (campaign_id, tenant_id, recipients, sent, delivered, read, replied, failed, cost, failures, updated_at)
             select c.id, c.tenant_id, n.total, n.sent, n.delivered, n.read, n.replied, n.failed, n.cost,
                    coalesce(f.failures, '[]'), now()
               from campaigns c
               cross join lateral (
                 -- The furthest step each person reached counts for the steps before it too.
                 select count(*) as total,
                        count(*) filter (where status in ('sent', 'delivered', 'read', 'replied')) as sent,
                        count(*) filter (where status in ('delivered', 'read', 'replied')) as delivered,
                        count(*) filter (where status in ('read', 'replied')) as read,
                        count(*) filter (where status = 'replied') as replied,
                        count(*) filter (where status = 'failed') as failed,
                        coalesce(sum(cost), 0) as cost
                   from campaign_recipients r where r.campaign_id = c.id
               ) n
               left join lateral (
                 select jsonb_agg(jsonb_build_object('code', code, 'reason', reason, 'count', n) order by n desc)
                          as failures
                   from (select coalesce(error_code, 'unknown') as code, min(error_reason) as reason, count(*) as n
                           from campaign_recipients r
                          where r.campaign_id = c.id and r.status in ('failed', 'skipped', 'unknown')
                          group by 1 order by 3 desc limit 20) x
               ) f on true
              where c.started_at is not null
                and ($1 or c.status in ('running', 'paused')
                     or coalesce(c.completed_at, c.updated_at) > now() - interval '7 days'
                     or not exists (select 1 from analytics_campaigns a where a.campaign_id = c.id))
             on conflict (campaign_id) do update set
               recipients = excluded.recipients, sent = excluded.sent, delivered = excluded.delivered,
               read = excluded.read, replied = excluded.replied, failed = excluded.failed, cost = excluded.cost,
               failures = excluded.failures, updated_at = excluded.updated_at",
            [all.into()],
        ))
        .await?;
    Ok(r.rows_affected())
}

/// The campaigns started in `[from, to)` with their last counted funnel, newest first.
pub async fn campaigns(tx: &TenantTx, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<CampaignSnapshot>, DbErr> {
    CampaignSnapshot::find_by_statement(stmt(
        "select c.id as campaign_id, c.name, c.status, c.started_at, coalesce(a.recipients, 0) as recipients,
                coalesce(a.sent, 0) as sent, coalesce(a.delivered, 0) as delivered, coalesce(a.read, 0) as read,
                coalesce(a.replied, 0) as replied, coalesce(a.failed, 0) as failed,
                coalesce(a.cost, 0)::float8 as cost, coalesce(a.failures, '[]') as failures
           from campaigns c left join analytics_campaigns a on a.campaign_id = c.id
          where c.started_at >= $1 and c.started_at < $2
          order by c.started_at desc limit 500",
        [from.into(), to.into()],
    ))
    .all(&tx.tx)
    .await
}
