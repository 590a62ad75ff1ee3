-- Analytics: the facts no other table keeps (status changes of conversations, the availability agents chose, deals'
-- stage moves, where a contact came from), and the rollups reports read (docs/analytics.md).

-- Every change of a conversation's status, whichever path made it (an agent, an automation, the customer's message
-- reopening it): a trigger writes them, fired only when the status really changes.
create table conversation_status_changes (
  id bigint generated always as identity primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  conversation_id uuid not null references conversations (id) on delete cascade,
  from_status text,
  to_status text not null,
  -- Who had the conversation at that moment (resolutions are credited to them).
  assignee_id uuid,
  team_id uuid,
  at timestamptz not null default now()
);
create index conversation_status_changes_conversation_idx on conversation_status_changes (tenant_id, conversation_id, at);
create index conversation_status_changes_at_idx on conversation_status_changes (tenant_id, at);
select parley_tenant_rls('conversation_status_changes');

create function parley_log_conversation_status() returns trigger language plpgsql as $$
begin
  insert into conversation_status_changes (tenant_id, conversation_id, from_status, to_status, assignee_id, team_id)
  values (new.tenant_id, new.id, case when tg_op = 'UPDATE' then old.status end, new.status, new.assignee_id,
          new.team_id);
  return null;
end $$;
create trigger conversations_status_log after update of status on conversations
  for each row when (old.status is distinct from new.status) execute function parley_log_conversation_status();

-- The availability an agent chose, over time (time online, away and busy).
create table agent_status_changes (
  id bigint generated always as identity primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  status text not null check (status in ('online', 'away', 'busy', 'offline')),
  at timestamptz not null default now()
);
create index agent_status_changes_user_idx on agent_status_changes (tenant_id, user_id, at);
create index agent_status_changes_at_idx on agent_status_changes (tenant_id, at);
select parley_tenant_rls('agent_status_changes');

-- A deal's moves between stages (average time in stage); written by a trigger like conversations' statuses.
create table deal_stage_changes (
  id bigint generated always as identity primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  deal_id uuid not null references deals (id) on delete cascade,
  pipeline_id uuid not null,
  from_stage uuid,
  to_stage uuid not null,
  -- When the deal entered `from_stage` (its creation or its previous move).
  entered_at timestamptz not null,
  at timestamptz not null default now()
);
create index deal_stage_changes_at_idx on deal_stage_changes (tenant_id, at);
create index deal_stage_changes_deal_idx on deal_stage_changes (tenant_id, deal_id, at);
select parley_tenant_rls('deal_stage_changes');

create function parley_log_deal_stage() returns trigger language plpgsql as $$
begin
  insert into deal_stage_changes (tenant_id, deal_id, pipeline_id, from_stage, to_stage, entered_at)
  values (new.tenant_id, new.id, new.pipeline_id, old.stage_id, new.stage_id,
          coalesce((select max(c.at) from deal_stage_changes c where c.tenant_id = new.tenant_id and c.deal_id = new.id),
                   old.created_at));
  return null;
end $$;
create trigger deals_stage_log after update of stage_id on deals
  for each row when (old.stage_id is distinct from new.stage_id) execute function parley_log_deal_stage();

-- Where a contact came from: a customer's message (the default, so ingest writes nothing more), a person in the app
-- or the API, an import, a campaign's CSV, the website widget.
alter table contacts add column source text not null default 'whatsapp'
  check (source in ('whatsapp', 'manual', 'api', 'import', 'campaign', 'widget'));
update contacts c set source = 'import'
 where exists (select 1 from contact_events e where e.tenant_id = c.tenant_id and e.contact_id = c.id and e.kind = 'imported');

-- The facts' time indexes: a rollup of an hour (and a report's current partial hour) reads that hour's rows only.
create index messages_created_idx on messages (tenant_id, created_at);
create index flow_runs_started_idx on flow_runs (tenant_id, started_at) where not sandbox;
create index flow_runs_ended_idx on flow_runs (tenant_id, ended_at) where not sandbox and ended_at is not null;
create index contact_events_consent_idx on contact_events (tenant_id, created_at) where kind = 'consent';
create index deals_closed_idx on deals (tenant_id, closed_at) where closed_at is not null;

-- Rollups. One row per tenant, hour and dimension: the WhatsApp number, the team and the agent a fact is credited
-- to, and a label (the nil uuid is "none": the label-less row counts every conversation once, a labelled row the
-- conversations carrying that label). Durations are mergeable sketches (`parley_services::analytics::sketch`).
create table analytics_hourly (
  tenant_id uuid not null references tenants (id) on delete cascade,
  hour timestamptz not null,
  connection_id uuid not null,
  team_id uuid not null,
  agent_id uuid not null,
  label_id uuid not null,
  messages_in integer not null default 0,
  messages_out integer not null default 0,
  messages_agent integer not null default 0,
  messages_bot integer not null default 0,
  messages_campaign integer not null default 0,
  -- Messages out that failed (counted in the hour they were written).
  messages_failed integer not null default 0,
  opened integer not null default 0,
  resolved integer not null default 0,
  first_response jsonb,
  first_response_bh jsonb,
  resolution jsonb,
  resolution_bh jsonb,
  primary key (tenant_id, hour, connection_id, team_id, agent_id, label_id)
);
select parley_tenant_rls('analytics_hourly');
-- The platform admin's figures read every tenant's label-less rows by hour.
create index analytics_hourly_platform_idx on analytics_hourly (hour) where label_id = '00000000-0000-0000-0000-000000000000';

-- The same per day of the tenant's time zone (reports over weeks read these), with messages in per local hour of
-- that day (the busiest-hours heatmap).
create table analytics_daily (
  tenant_id uuid not null references tenants (id) on delete cascade,
  day date not null,
  connection_id uuid not null,
  team_id uuid not null,
  agent_id uuid not null,
  label_id uuid not null,
  messages_in integer not null default 0,
  messages_out integer not null default 0,
  messages_agent integer not null default 0,
  messages_bot integer not null default 0,
  messages_campaign integer not null default 0,
  -- Messages out that failed (counted in the hour they were written).
  messages_failed integer not null default 0,
  opened integer not null default 0,
  resolved integer not null default 0,
  first_response jsonb,
  first_response_bh jsonb,
  resolution jsonb,
  resolution_bh jsonb,
  in_by_hour integer[] not null default array_fill(0, array[24]),
  primary key (tenant_id, day, connection_id, team_id, agent_id, label_id)
);
select parley_tenant_rls('analytics_daily');

-- Seconds each agent spent online, away and busy, per hour.
create table analytics_agent_hourly (
  tenant_id uuid not null references tenants (id) on delete cascade,
  hour timestamptz not null,
  agent_id uuid not null,
  online_s integer not null default 0,
  away_s integer not null default 0,
  busy_s integer not null default 0,
  primary key (tenant_id, hour, agent_id)
);
select parley_tenant_rls('analytics_agent_hourly');

-- Flow runs per hour, flow and version: started, and ended by outcome; `node` is '' for the flow's own row and a
-- node id for runs that ended at that node without completing (the drop-off).
create table analytics_flow_hourly (
  tenant_id uuid not null references tenants (id) on delete cascade,
  hour timestamptz not null,
  flow_id uuid not null,
  version integer not null,
  node text not null,
  started integer not null default 0,
  completed integer not null default 0,
  handed_off integer not null default 0,
  failed integer not null default 0,
  stopped integer not null default 0,
  duration jsonb,
  primary key (tenant_id, hour, flow_id, version, node)
);
select parley_tenant_rls('analytics_flow_hourly');

-- Contacts and deals per hour: new contacts by source, consent changes, deals won and lost (with their value) and
-- the time deals spent in a stage they left. `key` is the source, the consent status, the stage id or ''.
create table analytics_crm_hourly (
  tenant_id uuid not null references tenants (id) on delete cascade,
  hour timestamptz not null,
  metric text not null check (metric in ('contact_new', 'consent', 'deal_won', 'deal_lost', 'stage_left')),
  key text not null,
  count integer not null default 0,
  amount numeric(16, 2) not null default 0,
  seconds bigint not null default 0,
  primary key (tenant_id, hour, metric, key)
);
select parley_tenant_rls('analytics_crm_hourly');

-- Each started campaign's funnel, refreshed by the rollup pass while statuses can still arrive (running, paused, or
-- ended in the last 7 days): counting a large campaign's recipients takes too long for a report.
create table analytics_campaigns (
  campaign_id uuid primary key references campaigns (id) on delete cascade,
  tenant_id uuid not null references tenants (id) on delete cascade,
  recipients integer not null,
  sent integer not null,
  delivered integer not null,
  read integer not null,
  replied integer not null,
  failed integer not null,
  cost numeric(14, 4) not null default 0,
  failures jsonb not null default '[]',
  updated_at timestamptz not null default now()
);
create index analytics_campaigns_tenant_idx on analytics_campaigns (tenant_id);
select parley_tenant_rls('analytics_campaigns');

-- How far each tenant's rollups have got: every hour before `done_until` is rolled up (reports compute the rest from
-- raw facts).
create table analytics_progress (
  tenant_id uuid primary key references tenants (id) on delete cascade,
  done_until timestamptz not null,
  updated_at timestamptz not null default now()
);
select parley_tenant_rls('analytics_progress');

-- When the last rollup pass looked for messages that arrived late for an earlier hour (one row, `late_scan`).
create table analytics_state (
  name text primary key,
  scanned_at timestamptz not null
);

-- Weekly reports by mail, chosen by a manager.
create table analytics_reports (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  -- ISO day of week (1 Monday) and hour in the tenant's time zone.
  weekday integer not null check (weekday between 1 and 7),
  hour integer not null check (hour between 0 and 23),
  last_sent_at timestamptz,
  created_at timestamptz not null default now(),
  constraint analytics_reports_user_key unique (tenant_id, user_id)
);
select parley_tenant_rls('analytics_reports');
