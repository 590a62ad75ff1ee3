//! What reports show besides the rollups: live snapshots (the open backlog, each agent's open conversations, the
//! pipelines' open deals), the names of what the rows count, and whether a filter names something of the tenant.

use crate::TenantTx;
use crate::repo::stmt;
use sea_orm::{DbErr, FromQueryResult};
use uuid::Uuid;

#[derive(Debug, Clone, Default, FromQueryResult)]
pub struct Known {
    pub connection: bool,
    pub team: bool,
    pub agent: bool,
    pub label: bool,
}

/// Whether each given id names a WhatsApp number, team, member or label of the tenant (true when not given).
pub async fn known(
    tx: &TenantTx,
    connection: Option<Uuid>,
    team: Option<Uuid>,
    agent: Option<Uuid>,
    label: Option<Uuid>,
) -> Result<Known, DbErr> {
    Ok(Known::find_by_statement(stmt(
        "select ($1::uuid is null or exists (select 1 from whatsapp_connections where id = $1)) as connection,
                ($2::uuid is null or exists (select 1 from teams where id = $2)) as team,
                ($3::uuid is null or exists (select 1 from memberships where user_id = $3)) as agent,
                ($4::uuid is null or exists (select 1 from labels where id = $4)) as label",
        [connection.into(), team.into(), agent.into(), label.into()],
    ))
    .one(&tx.tx)
    .await?
    .unwrap_or_default())
}

#[derive(Debug, Clone, FromQueryResult)]
struct N {
    n: i64,
}

/// Conversations open or pending now, with the filters.
pub async fn backlog(
    tx: &TenantTx,
    connection: Option<Uuid>,
    team: Option<Uuid>,
    agent: Option<Uuid>,
    label: Option<Uuid>,
) -> Result<i64, DbErr> {
    Ok(N::find_by_statement(stmt(
        "select count(*) as n from conversations c
          where c.status in ('open', 'pending') and ($1::uuid is null or c.connection_id = $1)
            and ($2::uuid is null or c.team_id = $2) and ($3::uuid is null or c.assignee_id = $3)
            and ($4::uuid is null or exists (select 1 from conversation_labels l
                                             where l.conversation_id = c.id and l.label_id = $4))",
        [connection.into(), team.into(), agent.into(), label.into()],
    ))
    .one(&tx.tx)
    .await?
    .map_or(0, |r| r.n))
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct AgentOpen {
    pub agent_id: Uuid,
    pub name: String,
    pub open: i64,
}

/// Every member (active or not) with the conversations open or pending assigned to them now.
pub async fn agents(tx: &TenantTx) -> Result<Vec<AgentOpen>, DbErr> {
    AgentOpen::find_by_statement(stmt(
        "select m.user_id as agent_id, u.name,
                (select count(*) from conversations c
                  where c.assignee_id = m.user_id and c.status in ('open', 'pending')) as open
           from memberships m join users u on u.id = m.user_id
          order by lower(u.name)",
        [],
    ))
    .all(&tx.tx)
    .await
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct FlowNode {
    pub flow_id: Uuid,
    pub name: String,
    pub version: i32,
    pub node: Option<String>,
    pub kind: Option<String>,
}

/// The flows' names and, for each of the versions given, its nodes' kinds.
pub async fn flow_nodes(tx: &TenantTx, flows: &[Uuid], versions: &[i32]) -> Result<Vec<FlowNode>, DbErr> {
    FlowNode::find_by_statement(stmt(
        "select f.id as flow_id, f.name, v.version, n ->> 'id' as node, n ->> 'type' as kind
           from unnest($1::uuid[], $2::int[]) as want(flow_id, version)
           join flows f on f.id = want.flow_id
           left join flow_versions v on v.flow_id = want.flow_id and v.version = want.version
           left join lateral jsonb_array_elements(case when jsonb_typeof(v.graph -> 'nodes') = 'array'
                                                       then v.graph -> 'nodes' else '[]' end) n on true",
        [flows.to_vec().into(), versions.to_vec().into()],
    ))
    .all(&tx.tx)
    .await
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct Stage {
    pub stage_id: Uuid,
    pub pipeline_id: Uuid,
    pub pipeline: String,
    pub name: String,
    pub open_deals: i64,
    pub open_value: f64,
}

/// Every stage of every pipeline, in the board's order, with its open deals now.
pub async fn stages(tx: &TenantTx) -> Result<Vec<Stage>, DbErr> {
    Stage::find_by_statement(stmt(
        "select s.id as stage_id, p.id as pipeline_id, p.name as pipeline, s.name, count(d.id) as open_deals,
                coalesce(sum(d.value), 0)::float8 as open_value
           from pipeline_stages s join pipelines p on p.id = s.pipeline_id
           left join deals d on d.stage_id = s.id and d.status = 'open'
          group by s.id, p.id, p.name, s.name, p.is_default, p.position, p.created_at, s.position
          order by p.is_default desc, p.position, p.created_at, s.position, s.id",
        [],
    ))
    .all(&tx.tx)
    .await
}
