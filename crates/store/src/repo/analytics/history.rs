//! Generated history for one tenant: customers who wrote over past days, their conversations in cycles (a
//! customer's message, an agent's or a bot's answer, a few exchanges, a resolution), agents' availability, flow runs,
//! deals moving through the pipeline and consent changes. Set-based and deterministic for a seed: the demo's 90
//! days, the analytics benchmark's million messages and the rollup-versus-raw test all use it.

use crate::TenantTx;
use crate::repo::stmt;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use uuid::Uuid;

/// What to generate.
#[derive(Debug, Clone)]
pub struct Spec {
    /// History ends here (exclusive) and starts `days` before.
    pub end: DateTime<Utc>,
    pub days: i32,
    /// New customers, each with one conversation.
    pub conversations: i64,
    /// Customer messages per cycle, on average (each answered).
    pub exchanges: i32,
    /// -1 to 1: the same seed gives the same history.
    pub seed: f64,
    /// The share of conversations whose last cycle is still open at the end (0: every one resolved before it).
    pub open_share: f64,
    /// Phone numbers are `+1 999 <prefix> <n>`: distinct prefixes keep generations apart.
    pub phone_prefix: i32,
    pub connections: Vec<Uuid>,
    pub agents: Vec<Uuid>,
    pub teams: Vec<Uuid>,
    pub labels: Vec<Uuid>,
    /// A published flow that answers some cycles (a bot): its id, version id, version and node ids.
    pub flow: Option<(Uuid, Uuid, i32, Vec<String>)>,
    /// A pipeline's open stages in order, then its won and lost stages.
    pub pipeline: Option<(Uuid, Vec<Uuid>, Uuid, Uuid)>,
}

#[derive(Debug, Clone, Default, FromQueryResult)]
pub struct Generated {
    pub contacts: i64,
    pub messages: i64,
}

const FIRST_NAMES: &str = "array['Ana','Bruno','Carla','David','Elena','Farid','Grace','Hugo','Ines','Jamal','Keiko',\
    'Luis','Maya','Nadia','Omar','Paula','Quentin','Rosa','Samir','Tara','Umar','Vera','Wei','Ximena','Yusuf','Zoe',\
    'Amira','Ben','Chloe','Diego','Fatima','Hassan','Lea','Mateo','Noor','Priya','Rania','Sofia','Tomás','Yara']";
const LAST_NAMES: &str = "array['Silva','Costa','Haddad','Nguyen','Müller','Rossi','Khan','Garcia','Smith','Mendes',\
    'Okafor','Tanaka','Santos','Ali','Dubois','Kowalski','Ahmed','Lopez','Park','Novak','Ibrahim','Moreau','Sato',\
    'Pereira','Hassan','Fischer','Martins','Rahman','Ortiz','Yilmaz']";

/// The customers' questions and the answers, picked at random per message.
const ASKS: &str = "array['Hi! Is my order on its way?','Do you have this in size M?','Can I change my delivery \
    address?','What time do you close today?','The parcel arrived damaged','How much is shipping to Porto?',\
    'Can I pay on delivery?','Is the Black Friday discount still on?','I would like to return an item',\
    'Do you ship abroad?','Thanks, that helps!','Could you send me the invoice?']";
const ANSWERS: &str = "array['Hi! Let me check that for you.','Yes, it left our warehouse this morning.','Sure, \
    what is the new address?','We are open until 17:00 today.','Sorry about that! I am sending a replacement.',\
    'Shipping to Porto is 4.90.','Yes, cash or card on delivery both work.','It is, until Sunday night.',\
    'Of course, here is the return link.','We ship to the whole EU.','You are welcome!','Sent to your email.']";

pub async fn generate(tx: &TenantTx, s: &Spec) -> Result<Generated, DbErr> {
    let t = tx.tenant_id.0;
    let run = |sql: String, values: Vec<sea_orm::Value>| async move { tx.execute_raw(stmt(&sql, values)).await };
    run("select setseed($1)".into(), vec![s.seed.into()]).await?;
    let start = s.end - chrono::Duration::days(i64::from(s.days));
    let (flow_id, flow_version_id, flow_version, nodes) = match &s.flow {
        Some((f, v, n, nodes)) => (Some(*f), Some(*v), Some(*n), nodes.clone()),
        None => (None, None, None, vec![]),
    };
    // Customers and their conversations, spread over the days with more on weekdays and in the daytime.
    run(
        format!(
            "create temp table gen_conv on commit drop as
             select parley_uuid_v7() as contact_id, parley_uuid_v7() as conversation_id, n,
                    ($3::uuid[])[1 + floor(random() * cardinality($3::uuid[]))::int] as connection_id,
                    case when cardinality($4::uuid[]) > 0 and random() < 0.85
                         then ($4::uuid[])[1 + floor(random() * cardinality($4::uuid[]))::int] end as assignee_id,
                    case when cardinality($5::uuid[]) > 0 and random() < 0.6
                         then ($5::uuid[])[1 + floor(random() * cardinality($5::uuid[]))::int] end as team_id,
                    ({FIRST_NAMES})[1 + floor(random() * 40)::int] || ' ' || ({LAST_NAMES})[1 + floor(random() * 30)::int]
                      as name,
                    (array['whatsapp','whatsapp','whatsapp','whatsapp','manual','import','api','campaign'])
                      [1 + floor(random() * 8)::int] as source,
                    -- Day: uniform; hour: a daytime bump (8:00-20:00 mostly).
                    date_trunc('day', $1::timestamptz + (random() * $2::int) * interval '1 day')
                      + (8 + 12 * (random() + random()) / 2 + (random() - 0.5) * 4) * interval '1 hour'
                      + random() * interval '59 minutes' as created_at
               from generate_series(1, $6::bigint) as n"
        ),
        vec![
            start.into(),
            s.days.into(),
            s.connections.clone().into(),
            s.agents.clone().into(),
            s.teams.clone().into(),
            s.conversations.into(),
        ],
    )
    .await?;
    run("delete from gen_conv where created_at >= $1 or created_at < $2".into(), vec![s.end.into(), start.into()])
        .await?;
    run(
        "insert into contacts (id, tenant_id, phone, name, source, consent_status, created_at, updated_at)
         select contact_id, $1, '+1999' || lpad($2::text, 3, '0') || lpad(n::text, 7, '0'), name, source,
                case when random() < 0.3 then 'opted_in' else 'unknown' end, created_at, created_at
           from gen_conv
         on conflict do nothing"
            .into(),
        vec![t.into(), s.phone_prefix.into()],
    )
    .await?;
    run("delete from gen_conv g where not exists (select 1 from contacts k where k.id = g.contact_id)".into(), vec![])
        .await?;
    // Cycles: one to three per conversation, days apart; each opened by a customer, answered after a skewed delay
    // (most within minutes, some after hours), and resolved later unless it is the last one and still open.
    run(
        "create temp table gen_cycle on commit drop as
         with c as (
           select g.*, 1 + floor(random() * 3)::int as cycles from gen_conv g
         ), x as (
           select c.*, j,
                  c.created_at + (j - 1) * (1 + random() * 9) * interval '1 day' as opened_at
             from c, generate_series(1, 3) j where j <= c.cycles
         )
         select x.conversation_id, x.contact_id, x.connection_id, x.assignee_id, x.team_id, x.j, x.cycles,
                x.opened_at,
                -- The bot answers a third of the cycles when there is one, within seconds.
                ($2::uuid is not null and random() < 0.33) as by_bot,
                (20 + power(random(), 3) * 14400) * interval '1 second' as frt,
                1 + floor(random() * 2 * $3::int)::int as exchanges,
                (power(random(), 2) * 48 + 0.2) * interval '1 hour' as to_resolve,
                random() >= $4 as resolves
           from x where x.opened_at < $1"
            .into(),
        vec![s.end.into(), flow_id.into(), s.exchanges.into(), s.open_share.into()],
    )
    .await?;
    // Indexed and analysed: the steps below join the cycles with themselves.
    run("create index on gen_cycle (conversation_id, j)".into(), vec![]).await?;
    run("analyze gen_cycle".into(), vec![]).await?;
    run("update gen_cycle set frt = (2 + random() * 6) * interval '1 second' where by_bot".into(), vec![]).await?;
    // The last cycle of a conversation stays open when it does not resolve or its resolution would be in the future.
    run("alter table gen_cycle add column resolved_at timestamptz".into(), vec![]).await?;
    run(
        "update gen_cycle set resolved_at = case when opened_at + frt + to_resolve < $1 then opened_at + frt + to_resolve
                                                else greatest($1 - interval '1 minute', opened_at) end
          where (resolves or j < cycles)
            and (opened_at + frt + to_resolve < $1 or $2 = 0)"
            .into(),
        vec![s.end.into(), s.open_share.into()],
    )
    .await?;
    // A later cycle opens only after the previous one resolved.
    run(
        "delete from gen_cycle c using gen_cycle p
          where p.conversation_id = c.conversation_id and p.j = c.j - 1
            and (p.resolved_at is null or p.resolved_at >= c.opened_at)"
            .into(),
        vec![],
    )
    .await?;
    run(
        "delete from gen_cycle c where j > 1 and not exists (
           select 1 from gen_cycle p where p.conversation_id = c.conversation_id and p.j = c.j - 1)"
            .into(),
        vec![],
    )
    .await?;
    // Flow runs for the bot's cycles.
    run("alter table gen_cycle add column run_id uuid".into(), vec![]).await?;
    run("update gen_cycle set run_id = parley_uuid_v7() where by_bot".into(), vec![]).await?;
    run(
        "insert into conversations (id, tenant_id, contact_id, connection_id, status, assignee_id, team_id,
                                    created_at, updated_at)
         select g.conversation_id, $1, g.contact_id, g.connection_id, 'open', g.assignee_id, g.team_id, g.created_at,
                g.created_at
           from gen_conv g"
            .into(),
        vec![t.into()],
    )
    .await?;
    if let (Some(flow), Some(version_id), Some(version)) = (flow_id, flow_version_id, flow_version) {
        run(
            "insert into flow_runs (id, tenant_id, flow_id, version_id, version, contact_id, conversation_id, origin,
                                    status, state, current_node, steps, started_at, updated_at, ended_at, reason)
             select c.run_id, $1, $2, $3, $4, c.contact_id, c.conversation_id, 'keyword', o.status, '{}',
                    case when o.status = 'completed' or cardinality($5::text[]) = 0 then null
                         else ($5::text[])[1 + floor(random() * cardinality($5::text[]))::int] end,
                    2 + floor(random() * 6)::int, c.opened_at, c.opened_at + o.took, c.opened_at + o.took,
                    case o.status when 'handed_off' then 'The customer asked for a person'
                                  when 'stopped' then 'No reply in time' end
               from gen_cycle c
               cross join lateral (
                 select case when r < 0.6 then 'completed' when r < 0.85 then 'handed_off' else 'stopped' end as status,
                        (30 + random() * 570) * interval '1 second' as took
                   from (select random() + 0 * extract(epoch from c.opened_at) as r) z
               ) o
              where c.by_bot and c.opened_at + o.took < $6"
                .into(),
            vec![t.into(), flow.into(), version_id.into(), version.into(), nodes.clone().into(), s.end.into()],
        )
        .await?;
        run("update gen_cycle c set run_id = null where by_bot and not exists (select 1 from flow_runs r where r.id = c.run_id)".into(), vec![]).await?;
    }
    // Messages: the opening customer message, the first answer, then exchanges until the resolution (or the end).
    let out = Generated::find_by_statement(stmt(
        &format!(
            "with m as (
               select c.conversation_id, c.connection_id, c.assignee_id, c.run_id, c.by_bot, i,
                      case when i = 0 then c.opened_at
                           when i = 1 then c.opened_at + c.frt
                           else c.opened_at + c.frt + (i - 1) * (least(coalesce(c.resolved_at,
                                c.opened_at + c.frt + c.to_resolve), $2) - c.opened_at - c.frt) / (2 * c.exchanges)
                      end as at
                 from gen_cycle c, generate_series(0, 2 * c.exchanges - 1) i
             ), ins as (
               insert into messages (id, tenant_id, conversation_id, connection_id, direction, type, content, status,
                                     sender_user_id, flow_run_id, sent_at, delivered_at, read_at, created_at,
                                     updated_at)
               -- Ids timed at the message (parley_uuid_v7's layout): history is not news to the rollups' scan for
               -- late messages, which the backfill after generating has already counted.
               select encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing
                        substring(int8send(floor(extract(epoch from m.at) * 1000)::bigint) from 3) from 1 for 6),
                        52, 1), 53, 1), 'hex')::uuid,
                      $1, m.conversation_id, m.connection_id,
                      case when i % 2 = 0 then 'inbound' else 'outbound' end, 'text',
                      jsonb_build_object('text', case when i % 2 = 0 then ({ASKS})[1 + floor(random() * 12)::int]
                                                      else ({ANSWERS})[1 + floor(random() * 12)::int] end),
                      case when i % 2 = 0 then 'received' when random() < 0.02 then 'failed' else 'read' end,
                      case when i % 2 = 1 and not (m.by_bot and i = 1 and m.run_id is not null) then m.assignee_id end,
                      case when i % 2 = 1 and m.by_bot and i = 1 then m.run_id end,
                      case when i % 2 = 1 then m.at end, case when i % 2 = 1 then m.at + interval '2 seconds' end,
                      case when i % 2 = 1 then m.at + interval '1 minute' end, m.at, m.at
                 from m
                where m.at < $2
                  -- An answer needs someone to write it: the bot's first, or an assigned agent.
                  and (i % 2 = 0 or (m.by_bot and i = 1 and m.run_id is not null) or m.assignee_id is not null)
               returning 1
             )
             select (select count(*) from gen_conv) as contacts, (select count(*) from ins) as messages"
        ),
        [t.into(), s.end.into()],
    ))
    .one(&tx.tx)
    .await?
    .unwrap_or_default();
    // Resolutions and reopenings, as the status trigger would have written them.
    run(
        "insert into conversation_status_changes (tenant_id, conversation_id, from_status, to_status, assignee_id,
                                                  team_id, at)
         select $1, conversation_id, 'open', 'resolved', assignee_id, team_id, resolved_at
           from gen_cycle where resolved_at is not null
         union all
         select $1, conversation_id, 'resolved', 'open', assignee_id, team_id, opened_at from gen_cycle where j > 1"
            .into(),
        vec![t.into()],
    )
    .await?;
    // Each conversation as its history leaves it.
    run(
        "update conversations v set
           status = case when l.resolved_at is not null then 'resolved' else 'open' end,
           last_message_at = l.last_at, last_inbound_at = l.last_in,
           last_message_preview = left(l.preview, 120), updated_at = coalesce(l.resolved_at, l.last_at, v.updated_at)
           from (
             select distinct on (c.conversation_id) c.conversation_id, c.resolved_at,
                    (select max(x.created_at) from messages x where x.conversation_id = c.conversation_id) as last_at,
                    (select max(x.created_at) from messages x
                      where x.conversation_id = c.conversation_id and x.direction = 'inbound') as last_in,
                    (select x.content ->> 'text' from messages x where x.conversation_id = c.conversation_id
                      order by x.created_at desc limit 1) as preview
               from gen_cycle c order by c.conversation_id, c.j desc
           ) l
          where v.id = l.conversation_id"
            .into(),
        vec![],
    )
    .await?;
    // The status trigger logged the updates just made: those rows are now, not history.
    run(
        "delete from conversation_status_changes s using gen_conv g
          where s.conversation_id = g.conversation_id and s.at > $1"
            .into(),
        vec![s.end.into()],
    )
    .await?;
    if !s.labels.is_empty() {
        run(
            "insert into conversation_labels (tenant_id, conversation_id, label_id)
             select $1, g.conversation_id, ($2::uuid[])[1 + floor(random() * cardinality($2::uuid[]))::int]
               from gen_conv g
              where random() < 0.35 and exists (select 1 from conversations v where v.id = g.conversation_id)
             on conflict do nothing"
                .into(),
            vec![t.into(), s.labels.clone().into()],
        )
        .await?;
    }
    // Agents' working days: on line from about 9:00, away at lunch, busy for a while, off at about 17:30.
    run(
        "insert into agent_status_changes (tenant_id, user_id, status, at)
         select $1, a, st, d + h * interval '1 hour' + random() * interval '20 minutes'
           from unnest($2::uuid[]) a,
                generate_series(date_trunc('day', $3::timestamptz), $4::timestamptz - interval '1 day',
                                interval '1 day') d,
                (values ('online', 8.75), ('away', 12.5), ('online', 13.25), ('busy', 15.0), ('online', 15.5),
                        ('offline', 17.5)) v(st, h)
          where extract(isodow from d) < 6"
            .into(),
        vec![t.into(), s.agents.clone().into(), start.into(), s.end.into()],
    )
    .await?;
    // Consent changes for some customers.
    run(
        "insert into contact_events (id, tenant_id, contact_id, kind, title, created_at)
         select parley_uuid_v7(), $1, g.contact_id, 'consent',
                case when random() < 0.8 then 'opted_in' else 'opted_out' end, g.created_at + interval '5 minutes'
           from gen_conv g
          where random() < 0.25 and exists (select 1 from contacts k where k.id = g.contact_id)"
            .into(),
        vec![t.into()],
    )
    .await?;
    if let Some((pipeline, stages, won, lost)) = &s.pipeline {
        // One customer in eight becomes a deal that moves through a few stages; older ones are won or lost.
        run(
            "create temp table gen_deal on commit drop as
             select parley_uuid_v7() as id, g.contact_id, g.conversation_id, g.assignee_id, g.created_at,
                    (100 + floor(random() * 40) * 50)::numeric as value,
                    1 + floor(random() * cardinality($1::uuid[]))::int as reached,
                    random() as fate
               from gen_conv g
              where random() < 0.125 and exists (select 1 from contacts k where k.id = g.contact_id)"
                .into(),
            vec![stages.clone().into()],
        )
        .await?;
        run(
            "insert into deals (id, tenant_id, pipeline_id, stage_id, title, value, currency, owner_id, contact_id,
                                conversation_id, position, status, closed_at, created_at, updated_at)
             select d.id, $1, $2, case when s.closed then (case when d.fate < 0.55 then $4 else $5 end)
                                       else ($3::uuid[])[d.reached] end,
                    'Order #' || (10000 + row_number() over (order by d.created_at)), d.value, 'USD', d.assignee_id,
                    d.contact_id, d.conversation_id, row_number() over (order by d.created_at),
                    case when not s.closed then 'open' when d.fate < 0.55 then 'won' else 'lost' end,
                    case when s.closed then d.created_at + d.reached * interval '2 days' end,
                    d.created_at, d.created_at
               from gen_deal d
               cross join lateral (select d.created_at + (d.reached + 1) * interval '2 days' < $6
                                          and d.fate < 0.85 as closed) s"
                .into(),
            vec![t.into(), (*pipeline).into(), stages.clone().into(), (*won).into(), (*lost).into(), s.end.into()],
        )
        .await?;
        run(
            "insert into deal_stage_changes (tenant_id, deal_id, pipeline_id, from_stage, to_stage, entered_at, at)
             select $1, d.id, $2, ($3::uuid[])[k], coalesce(($3::uuid[])[k + 1], x.stage_id),
                    d.created_at + (k - 1) * interval '2 days' * (0.5 + random()),
                    d.created_at + k * interval '2 days' * (0.5 + random())
               from gen_deal d join deals x on x.id = d.id, generate_series(1, cardinality($3::uuid[])) k
              where k < d.reached or (k = d.reached and x.status <> 'open')"
                .into(),
            vec![t.into(), (*pipeline).into(), stages.clone().into()],
        )
        .await?;
        run(
            "delete from deal_stage_changes s using gen_deal d where s.deal_id = d.id and s.at >= $1".into(),
            vec![s.end.into()],
        )
        .await?;
    }
    Ok(out)
}

#[derive(Debug, Clone, FromQueryResult)]
struct Ids {
    connections: Vec<Uuid>,
    agents: Vec<Uuid>,
    teams: Vec<Uuid>,
    labels: Vec<Uuid>,
    flow_id: Option<Uuid>,
    version_id: Option<Uuid>,
    version: Option<i32>,
    nodes: Option<Vec<String>>,
    pipeline_id: Option<Uuid>,
    stages: Option<Vec<Uuid>>,
    won: Option<Uuid>,
    lost: Option<Uuid>,
}

/// A spec over what the workspace has: its numbers, active members, teams and labels, its first published flow
/// (the bot) and its default pipeline.
pub async fn spec_for(tx: &TenantTx, end: DateTime<Utc>, days: i32, conversations: i64) -> Result<Spec, DbErr> {
    let ids = Ids::find_by_statement(stmt(
        "select array(select id from whatsapp_connections order by created_at) as connections,
                array(select user_id from memberships where status = 'active' order by created_at) as agents,
                array(select id from teams order by created_at) as teams,
                array(select id from labels order by created_at) as labels,
                f.flow_id, f.version_id, f.version, f.nodes, p.id as pipeline_id,
                array(select s.id from pipeline_stages s where s.pipeline_id = p.id and s.kind = 'open'
                       order by s.position) as stages,
                (select s.id from pipeline_stages s where s.pipeline_id = p.id and s.kind = 'won' limit 1) as won,
                (select s.id from pipeline_stages s where s.pipeline_id = p.id and s.kind = 'lost' limit 1) as lost
           from (select 1) one
           left join lateral (
             select v.flow_id, v.id as version_id, v.version,
                    array(select n ->> 'id' from jsonb_array_elements(
                            case when jsonb_typeof(v.graph -> 'nodes') = 'array' then v.graph -> 'nodes' else '[]' end) n)
                      as nodes
               from flow_versions v order by v.published_at limit 1
           ) f on true
           left join lateral (select id from pipelines order by is_default desc, position, created_at limit 1) p on true",
        [],
    ))
    .one(&tx.tx)
    .await?
    .ok_or_else(|| DbErr::Custom("no workspace".into()))?;
    let pipeline = match (ids.pipeline_id, ids.stages, ids.won, ids.lost) {
        (Some(p), Some(stages), Some(won), Some(lost)) if !stages.is_empty() => Some((p, stages, won, lost)),
        _ => None,
    };
    let flow = match (ids.flow_id, ids.version_id, ids.version) {
        (Some(f), Some(v), Some(n)) => Some((f, v, n, ids.nodes.unwrap_or_default())),
        _ => None,
    };
    Ok(Spec {
        end,
        days,
        conversations,
        exchanges: 3,
        seed: 0.42,
        open_share: 0.15,
        phone_prefix: 1,
        connections: ids.connections,
        agents: ids.agents,
        teams: ids.teams,
        labels: ids.labels,
        flow,
        pipeline,
    })
}

#[derive(Debug, Clone, FromQueryResult)]
struct Seeded {
    seeded: bool,
}

/// Whether a generation already ran in this workspace (its customers' numbers start with +1999).
pub async fn generated_before(tx: &TenantTx) -> Result<bool, DbErr> {
    Ok(Seeded::find_by_statement(stmt(
        "select exists (select 1 from contacts where phone like '+1999%') as seeded",
        [],
    ))
    .one(&tx.tx)
    .await?
    .is_some_and(|s| s.seeded))
}
