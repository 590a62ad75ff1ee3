-- Chatbot flows: the editable draft, immutable published versions, runs pinned to a version with their trace,
-- and the per-contact queue of events (inbound messages, fired timers, HTTP results) the runner consumes in order.

create table flows (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  name text not null,
  description text,
  -- draft: never ran; published: its latest version runs; paused: published, but triggers start nothing.
  status text not null default 'draft' check (status in ('draft', 'published', 'paused')),
  trigger jsonb not null,
  -- Higher wins when several flows' triggers match one message.
  priority integer not null default 0,
  draft jsonb not null,
  -- Changed since the last publish (the editor shows "unpublished changes").
  draft_dirty boolean not null default true,
  published_version integer,
  template_key text,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index flows_name_key on flows (tenant_id, lower(name));
create index flows_status_idx on flows (tenant_id, status, priority desc);
select parley_tenant_rls('flows');

create table flow_versions (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  flow_id uuid not null references flows (id) on delete cascade,
  version integer not null,
  graph jsonb not null,
  trigger jsonb not null,
  published_by uuid references users (id) on delete set null,
  published_at timestamptz not null default now(),
  constraint flow_versions_number_key unique (flow_id, version)
);
create index flow_versions_tenant_idx on flow_versions (tenant_id, flow_id, version desc);
select parley_tenant_rls('flow_versions');

create table flow_runs (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  flow_id uuid not null references flows (id) on delete cascade,
  -- A sandbox run tests the draft: it has no version, and keeps the draft it started on in `graph`.
  version_id uuid references flow_versions (id) on delete cascade,
  version integer,
  graph jsonb,
  -- A sandbox run's pretend world (contact, 24-hour window, business hours, HTTP samples, the clock's skips) and
  -- its chat so far, so the editor's phone panel can be reopened.
  sandbox_env jsonb,
  -- A sandbox run talks to the editor's test phone, not to a contact.
  contact_id uuid references contacts (id) on delete cascade,
  conversation_id uuid references conversations (id) on delete set null,
  -- How it began: a trigger kind (keyword, firstMessage, unassigned), manual, api, flow (started by another) or
  -- sandbox (the editor's test phone; never touches a real customer).
  origin text not null,
  sandbox boolean not null default false,
  status text not null check (status in ('active', 'waiting', 'completed', 'handed_off', 'failed', 'stopped')),
  -- The engine's state (`parley_flow::RunState`), saved with every step's effects in one transaction.
  state jsonb not null,
  current_node text,
  -- A wait or a reply timeout: the sweeper turns it into a timer event for the contact's queue when due.
  wake_at timestamptz,
  wake_token bigint,
  reason text,
  steps integer not null default 0,
  started_by uuid references users (id) on delete set null,
  started_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  ended_at timestamptz,
  constraint flow_runs_pinned check (
    (sandbox and graph is not null) or (not sandbox and version_id is not null and contact_id is not null))
);
-- One running flow per contact: the database refuses a second, whatever races to start it.
create unique index flow_runs_one_per_contact on flow_runs (tenant_id, contact_id) where status in ('active', 'waiting');
create unique index flow_runs_one_sandbox_per_tester on flow_runs (tenant_id, flow_id, started_by)
  where sandbox and status in ('active', 'waiting');
create index flow_runs_flow_idx on flow_runs (tenant_id, flow_id, started_at desc, id desc);
create index flow_runs_wake_idx on flow_runs (wake_at) where wake_at is not null;
create index flow_runs_waiting_node_idx on flow_runs (tenant_id, version_id, current_node) where status = 'waiting';
select parley_tenant_rls('flow_runs');

-- The trace: one row per node a run visited.
create table flow_run_steps (
  run_id uuid not null references flow_runs (id) on delete cascade,
  seq integer not null,
  tenant_id uuid not null references tenants (id) on delete cascade,
  version_id uuid,
  node text not null,
  node_type text not null,
  outcome text,
  -- What the event was (message text, timer, HTTP result) for the first node of a step, and what the node did.
  detail jsonb not null default '{}',
  vars jsonb,
  at timestamptz not null default now(),
  primary key (run_id, seq)
);
-- Per-version analytics: entered, exits per outcome, drop-offs per node.
create index flow_run_steps_version_idx on flow_run_steps (tenant_id, version_id, node, outcome);
select parley_tenant_rls('flow_run_steps');

-- Everything a contact's flow must react to, processed strictly in id order per contact under a per-contact lock,
-- deleted in the transaction that applied it (with the run's new state and its effects): none dropped, none twice.
create table flow_events (
  id bigint generated always as identity primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  contact_id uuid not null,
  conversation_id uuid,
  -- inbound (a message), timer, http (a result), start (manual, API or another flow).
  kind text not null check (kind in ('inbound', 'timer', 'http', 'start')),
  run_id uuid,
  payload jsonb not null default '{}',
  -- Retried after a failure: skipped until then.
  available_at timestamptz not null default now(),
  attempts integer not null default 0,
  created_at timestamptz not null default now()
);
create index flow_events_contact_idx on flow_events (contact_id, id);
create index flow_events_available_idx on flow_events (available_at, id);
select parley_tenant_rls('flow_events');

-- A message the bot sent is shown as the bot's, with the run that sent it.
alter table messages add column flow_run_id uuid references flow_runs (id) on delete set null;
