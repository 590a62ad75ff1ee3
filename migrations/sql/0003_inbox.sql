-- The team inbox: assignment (agents, teams), snoozing, labels, internal notes, canned responses,
-- business hours and away messages, routing settings and agent availability.

create table teams (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  name text not null,
  description text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index teams_name_key on teams (tenant_id, lower(name));
select parley_tenant_rls('teams');

create table team_members (
  tenant_id uuid not null references tenants (id) on delete cascade,
  team_id uuid not null references teams (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  constraint team_members_pkey primary key (tenant_id, team_id, user_id)
);
create index team_members_user_idx on team_members (tenant_id, user_id);
select parley_tenant_rls('team_members');

alter table conversations drop constraint conversations_status_check;
alter table conversations add constraint conversations_status_check
  check (status in ('open', 'pending', 'snoozed', 'resolved', 'closed'));
alter table conversations
  add column assignee_id uuid references users (id) on delete set null,
  add column team_id uuid references teams (id) on delete set null,
  add column snoozed_until timestamptz,
  -- When the away message last went out: at most one per closed period of business hours.
  add column away_sent_at timestamptz,
  add constraint conversations_snooze_check check ((status = 'snoozed') = (snoozed_until is not null));
-- The inbox sorts by latest activity; a conversation started by an agent has no message yet.
create index conversations_activity_idx
  on conversations (tenant_id, (coalesce(last_message_at, created_at)) desc, id desc);
create index conversations_assignee_idx on conversations (tenant_id, assignee_id, status);

-- Internal notes live in the conversation's timeline but never reach WhatsApp.
alter table messages drop constraint messages_direction_check;
alter table messages add constraint messages_direction_check check (direction in ('inbound', 'outbound', 'note'));

create table labels (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  name text not null,
  color text not null default '#64748b' check (color ~ '^#[0-9a-f]{6}$'),
  description text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index labels_name_key on labels (tenant_id, lower(name));
select parley_tenant_rls('labels');

create table conversation_labels (
  tenant_id uuid not null references tenants (id) on delete cascade,
  conversation_id uuid not null references conversations (id) on delete cascade,
  label_id uuid not null references labels (id) on delete cascade,
  constraint conversation_labels_pkey primary key (tenant_id, conversation_id, label_id)
);
create index conversation_labels_label_idx on conversation_labels (tenant_id, label_id);
select parley_tenant_rls('conversation_labels');

create table contact_labels (
  tenant_id uuid not null references tenants (id) on delete cascade,
  contact_id uuid not null references contacts (id) on delete cascade,
  label_id uuid not null references labels (id) on delete cascade,
  constraint contact_labels_pkey primary key (tenant_id, contact_id, label_id)
);
create index contact_labels_label_idx on contact_labels (tenant_id, label_id);
select parley_tenant_rls('contact_labels');

create table canned_responses (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  shortcut text not null check (shortcut ~ '^[a-z0-9_-]{1,32}$'),
  title text not null,
  content text not null,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index canned_responses_shortcut_key on canned_responses (tenant_id, shortcut);
select parley_tenant_rls('canned_responses');

-- One row per workspace, created on first write; absent means the defaults.
create table inbox_settings (
  tenant_id uuid primary key references tenants (id) on delete cascade,
  timezone text not null default 'UTC',
  business_hours_enabled boolean not null default false,
  -- [{"day": 0-6 (Monday first), "open": "HH:MM", "close": "HH:MM"}]
  business_hours jsonb not null default '[]',
  away_message_enabled boolean not null default false,
  away_message text not null default '',
  auto_assign text not null default 'off' check (auto_assign in ('off', 'round_robin', 'least_busy')),
  default_capacity integer not null default 10 check (default_capacity between 1 and 1000),
  updated_at timestamptz not null default now()
);
select parley_tenant_rls('inbox_settings');

-- The availability an agent chose (presence, i.e. a live connection, is kept in Redis), their capacity
-- (null: the workspace default) and when a conversation was last routed to them (round-robin).
alter table memberships
  add column availability text not null default 'online' check (availability in ('online', 'away', 'busy', 'offline')),
  add column capacity integer check (capacity between 0 and 1000),
  add column last_assigned_at timestamptz,
  add column last_seen_at timestamptz;
