//! The raw facts analytics rolls up, read for a time range: message counts, conversation cycles (openings, first
//! responses, resolutions), agents' availability, flow runs, contacts and deals. Each query reads only the range's
//! rows (through indexes on time), so a rollup of an hour and a report's current partial hour stay cheap; the
//! definitions are docs/analytics.md's.

use crate::TenantTx;
use crate::repo::stmt;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use uuid::Uuid;

/// Plans the transaction's statements for their own parameters. A prepared statement otherwise switches to a generic
/// plan after five runs, and a generic plan of "messages in a range" cannot tell an hour from a quarter: it hash-joins
/// every conversation (75 ms where an hour needs 15).
pub async fn plan_for_each_range(tx: &TenantTx) -> Result<(), DbErr> {
    tx.execute_unprepared("set local plan_cache_mode = force_custom_plan").await?;
    Ok(())
}

/// Messages per hour and dimension (the nil uuid for none); `label_id` nil is the row counting every conversation.
#[derive(Debug, Clone, FromQueryResult)]
pub struct MessageCounts {
    pub hour: DateTime<Utc>,
    pub connection_id: Uuid,
    pub team_id: Uuid,
    pub agent_id: Uuid,
    pub label_id: Uuid,
    pub messages_in: i64,
    pub messages_out: i64,
    pub messages_agent: i64,
    pub messages_bot: i64,
    pub messages_campaign: i64,
    pub messages_failed: i64,
}

const NIL: &str = "'00000000-0000-0000-0000-000000000000'::uuid";

/// A customer message is answered by an agent (a person wrote it) or a bot (a flow sent it); campaigns, automations
/// and away messages are not answers.
const ANSWER: &str = "(x.sender_user_id is not null or x.flow_run_id is not null)";

pub async fn message_counts(
    tx: &TenantTx,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<MessageCounts>, DbErr> {
    MessageCounts::find_by_statement(stmt(
        &format!(
            "with m as (
               select date_trunc('hour', x.created_at) as hour, x.connection_id,
                      coalesce(c.team_id, {NIL}) as team_id,
                      coalesce(case when x.direction = 'outbound' then x.sender_user_id else c.assignee_id end, {NIL})
                        as agent_id,
                      x.tenant_id, x.conversation_id, x.direction = 'inbound' as inbound,
                      x.direction = 'outbound' and x.sender_user_id is not null as by_agent,
                      x.direction = 'outbound' and x.sender_user_id is null and x.flow_run_id is not null as by_bot,
                      x.direction = 'outbound' and x.campaign_id is not null as by_campaign,
                      x.direction = 'outbound' and x.status = 'failed' as failed
                 from messages x join conversations c on c.id = x.conversation_id
                where x.created_at >= $1 and x.created_at < $2 and x.direction in ('inbound', 'outbound')
             )
             select m.hour, m.connection_id, m.team_id, m.agent_id, l.label_id,
                    count(*) filter (where m.inbound) as messages_in,
                    count(*) filter (where not m.inbound) as messages_out,
                    count(*) filter (where m.by_agent) as messages_agent,
                    count(*) filter (where m.by_bot) as messages_bot,
                    count(*) filter (where m.by_campaign) as messages_campaign,
                    count(*) filter (where m.failed) as messages_failed
               from m cross join lateral (
                 select {NIL} as label_id
                 union all select cl.label_id from conversation_labels cl where cl.tenant_id = m.tenant_id and cl.conversation_id = m.conversation_id
               ) l
              group by 1, 2, 3, 4, 5"
        ),
        [from.into(), to.into()],
    ))
    .all(&tx.tx)
    .await
}

/// One conversation-cycle event: an opening (`opened_at` = `at`), a first response or a resolution (`opened_at` the
/// cycle's opening customer message, when there was one), with the dimensions it is credited to.
#[derive(Debug, Clone, FromQueryResult)]
pub struct CycleFact {
    pub kind: String,
    pub at: DateTime<Utc>,
    pub opened_at: Option<DateTime<Utc>>,
    pub connection_id: Uuid,
    pub team_id: Uuid,
    pub agent_id: Uuid,
    pub labels: Vec<Uuid>,
}

/// Openings, first responses and resolutions that happened in the range.
///
/// - An **opening** is a customer message with no earlier customer message in its conversation, or with a
///   resolution between the previous one and it.
/// - A **first response** is the first answer (agent or bot) after a cycle's opening, before its resolution.
/// - A **resolution** is a change to resolved or closed from another status; its cycle opened with the first
///   customer message after the previous resolution (none: resolved without the customer writing).
pub async fn cycles(tx: &TenantTx, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<CycleFact>, DbErr> {
    CycleFact::find_by_statement(stmt(
        &format!(
            "select 'opened' as kind, x.created_at as at, x.created_at as opened_at, x.connection_id,
                    coalesce(c.team_id, {NIL}) as team_id, coalesce(c.assignee_id, {NIL}) as agent_id,
                    array(select cl.label_id from conversation_labels cl where cl.tenant_id = x.tenant_id and cl.conversation_id = x.conversation_id)
                      as labels
               from messages x join conversations c on c.id = x.conversation_id
               left join lateral (
                 select p.created_at from messages p
                  where p.tenant_id = x.tenant_id and p.conversation_id = x.conversation_id and p.direction = 'inbound'
                    and (p.created_at, p.id) < (x.created_at, x.id)
                  order by p.created_at desc, p.id desc limit 1
               ) prev on true
              where x.created_at >= $1 and x.created_at < $2 and x.direction = 'inbound'
                and (prev.created_at is null or exists (
                  select 1 from conversation_status_changes s
                   where s.tenant_id = x.tenant_id and s.conversation_id = x.conversation_id
                     and s.to_status in ('resolved', 'closed') and s.at > prev.created_at and s.at <= x.created_at))
             union all
             select 'first_response', x.created_at, s.created_at, x.connection_id,
                    coalesce(c.team_id, {NIL}), coalesce(x.sender_user_id, {NIL}),
                    array(select cl.label_id from conversation_labels cl where cl.tenant_id = x.tenant_id and cl.conversation_id = x.conversation_id)
               from messages x join conversations c on c.id = x.conversation_id
               cross join lateral (
                 select max(r.at) as at from conversation_status_changes r
                  where r.tenant_id = x.tenant_id and r.conversation_id = x.conversation_id
                    and r.to_status in ('resolved', 'closed') and r.at < x.created_at
               ) r
               join lateral (
                 select i.created_at from messages i
                  where i.tenant_id = x.tenant_id and i.conversation_id = x.conversation_id and i.direction = 'inbound'
                    and i.created_at <= x.created_at and (r.at is null or i.created_at > r.at)
                  order by i.created_at, i.id limit 1
               ) s on true
              where x.created_at >= $1 and x.created_at < $2 and x.direction = 'outbound' and {ANSWER}
                and not exists (
                  select 1 from messages p
                   where p.tenant_id = x.tenant_id and p.conversation_id = x.conversation_id
                     and p.direction = 'outbound' and (p.sender_user_id is not null or p.flow_run_id is not null)
                     and p.created_at >= s.created_at and (p.created_at, p.id) < (x.created_at, x.id))
             union all
             select 'resolved', x.at, s.created_at, c.connection_id, coalesce(x.team_id, {NIL}),
                    coalesce(x.assignee_id, {NIL}),
                    array(select cl.label_id from conversation_labels cl where cl.tenant_id = x.tenant_id and cl.conversation_id = x.conversation_id)
               from conversation_status_changes x join conversations c on c.id = x.conversation_id
               cross join lateral (
                 select max(r.at) as at from conversation_status_changes r
                  where r.tenant_id = x.tenant_id and r.conversation_id = x.conversation_id
                    and r.to_status in ('resolved', 'closed') and r.at < x.at
               ) r
               left join lateral (
                 select i.created_at from messages i
                  where i.tenant_id = x.tenant_id and i.conversation_id = x.conversation_id and i.direction = 'inbound'
                    and i.created_at <= x.at and (r.at is null or i.created_at > r.at)
                  order by i.created_at, i.id limit 1
               ) s on true
              where x.at >= $1 and x.at < $2 and x.to_status in ('resolved', 'closed')
                and (x.from_status is null or x.from_status not in ('resolved', 'closed'))"
        ),
        [from.into(), to.into()],
    ))
    .all(&tx.tx)
    .await
}

/// An agent's availability from one change to the next (or to `to`), clipped to the range.
#[derive(Debug, Clone, FromQueryResult)]
pub struct StatusSpan {
    pub user_id: Uuid,
    pub status: String,
    pub from_at: DateTime<Utc>,
    pub to_at: DateTime<Utc>,
}

pub async fn status_spans(tx: &TenantTx, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<StatusSpan>, DbErr> {
    StatusSpan::find_by_statement(stmt(
        "with changes as (
           -- The status each agent was in when the range began, then every change inside it.
           (select distinct on (user_id) user_id, status, $1::timestamptz as at
              from agent_status_changes where at < $1 order by user_id, at desc, id desc)
           union all
           select user_id, status, at from agent_status_changes where at >= $1 and at < $2
         ), spans as (
           select user_id, status, at as from_at,
                  coalesce(lead(at) over (partition by user_id order by at), least($2::timestamptz, now())) as to_at
             from changes
         )
         select user_id, status, from_at, to_at from spans where status <> 'offline' and to_at > from_at",
        [from.into(), to.into()],
    ))
    .all(&tx.tx)
    .await
}

/// Flow runs started in the range (per hour, flow and version) and runs that ended in it, with how.
#[derive(Debug, Clone, FromQueryResult)]
pub struct FlowFact {
    pub hour: DateTime<Utc>,
    pub flow_id: Uuid,
    pub version: i32,
    /// `started`, or the run's final status (completed, handed_off, failed, stopped).
    pub kind: String,
    /// The node a run that did not complete ended at.
    pub node: Option<String>,
    pub count: i64,
    /// Seconds from start to end of each ended run (one entry per run).
    pub durations: Vec<f64>,
}

pub async fn flow_facts(tx: &TenantTx, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<FlowFact>, DbErr> {
    FlowFact::find_by_statement(stmt(
        "select date_trunc('hour', started_at) as hour, flow_id, version, 'started' as kind, null::text as node,
                count(*) as count, '{}'::float8[] as durations
           from flow_runs where not sandbox and started_at >= $1 and started_at < $2
          group by 1, 2, 3
         union all
         select date_trunc('hour', ended_at), flow_id, version, status,
                case when status = 'completed' then null else current_node end, count(*),
                array_agg(extract(epoch from ended_at - started_at)::float8)
           from flow_runs
          where not sandbox and ended_at >= $1 and ended_at < $2
            and status in ('completed', 'handed_off', 'failed', 'stopped')
          group by 1, 2, 3, 4, 5",
        [from.into(), to.into()],
    ))
    .all(&tx.tx)
    .await
}

/// Contacts and deals per hour: new contacts by source, consent changes by status, deals won and lost with their
/// value, and time spent in a stage deals left.
#[derive(Debug, Clone, FromQueryResult)]
pub struct CrmFact {
    pub hour: DateTime<Utc>,
    pub metric: String,
    pub key: String,
    pub count: i64,
    pub amount: f64,
    pub seconds: i64,
}

pub async fn crm_facts(tx: &TenantTx, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<CrmFact>, DbErr> {
    CrmFact::find_by_statement(stmt(
        "select date_trunc('hour', created_at) as hour, 'contact_new' as metric, source as key, count(*) as count,
                0::float8 as amount, 0::bigint as seconds
           from contacts where created_at >= $1 and created_at < $2 group by 1, 3
         union all
         select date_trunc('hour', created_at), 'consent', title, count(*), 0, 0
           from contact_events where kind = 'consent' and created_at >= $1 and created_at < $2
            and title in ('opted_in', 'opted_out') group by 1, 3
         union all
         select date_trunc('hour', closed_at), 'deal_' || status, '', count(*), sum(value)::float8, 0
           from deals where status in ('won', 'lost') and closed_at >= $1 and closed_at < $2 group by 1, 2
         union all
         select date_trunc('hour', at), 'stage_left', from_stage::text, count(*), 0,
                sum(extract(epoch from at - entered_at))::bigint
           from deal_stage_changes where from_stage is not null and at >= $1 and at < $2 group by 1, 3",
        [from.into(), to.into()],
    ))
    .all(&tx.tx)
    .await
}
