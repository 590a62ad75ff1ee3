-- Automations: ordered rules (trigger -> conditions -> actions) a workspace runs on its domain events and on
-- timers, each run logged; a queue of kept events the automation worker still has to look at.

create table automations (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  name text not null,
  description text not null default '',
  enabled boolean not null default true,
  -- Rules are matched in this order; a rule that stops the others ends the list for that event.
  position integer not null default 0,
  -- {kind, keywords?, minutes?, hours?, cron?, field?, labelId?, stageId?, status?}
  trigger jsonb not null,
  -- The domain event kinds the trigger listens to (derived from `trigger` by the server; empty for timers):
  -- the outbox keeps an event when an enabled rule lists its kind.
  events text[] not null default '{}',
  -- {match: all|any, groups: [{match: all|any, items: [...]}]}
  conditions jsonb not null default '{"match": "all", "groups": []}',
  -- An ordered list of actions.
  actions jsonb not null,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  last_run_at timestamptz,
  run_count bigint not null default 0,
  failure_count bigint not null default 0
);
create index automations_tenant_idx on automations (tenant_id, position, created_at);
create index automations_events_idx on automations using gin (events) where enabled;
select parley_tenant_rls('automations');

create table automation_runs (
  id bigint generated always as identity primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  automation_id uuid not null references automations (id) on delete cascade,
  -- The event the rule looked at (null for timers and schedules).
  event_id bigint references domain_events (id) on delete set null,
  event_kind text not null,
  conversation_id uuid,
  contact_id uuid,
  -- matched: its actions ran (each one's result in `actions`); skipped: conditions not met; failed: an action
  -- failed; loop_guarded: the event came from this rule's own actions, or from too long a chain of rules.
  status text not null check (status in ('matched', 'skipped', 'failed', 'loop_guarded')),
  actions jsonb not null default '[]',
  error text,
  -- Timers and schedules fire once per (rule, window): the conversation's waiting message or the cron slot.
  dedupe_key text,
  at timestamptz not null default now()
);
create index automation_runs_rule_idx on automation_runs (tenant_id, automation_id, id desc);
create unique index automation_runs_dedupe_key on automation_runs (automation_id, dedupe_key)
  where dedupe_key is not null;
select parley_tenant_rls('automation_runs');

-- Kept events an enabled rule listens to, until the automation worker has matched them. `caused_by` and `depth`
-- are set when a rule's own actions produced the event (the loop guard).
create table automation_queue (
  id bigint generated always as identity primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  event_id bigint not null references domain_events (id) on delete cascade,
  caused_by uuid,
  depth integer not null default 0,
  locked_until timestamptz,
  attempts integer not null default 0,
  created_at timestamptz not null default now()
);
create index automation_queue_due_idx on automation_queue (id);
select parley_tenant_rls('automation_queue');
