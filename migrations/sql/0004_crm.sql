-- The CRM: contact profiles with custom fields and consent, segments, imports, the contact timeline,
-- deal pipelines and deals, tickets with comments, and per-workspace counters.

-- Trigram search over a contact's names, phone, email and company (a prefix index is not enough for
-- "contains"). pg_trgm is a trusted contrib extension: the database owner may create it.
create extension if not exists pg_trgm;

-- UUIDv7 (time-ordered, like the ids the application makes) for set-based inserts: the v4 random bits
-- with the first 48 replaced by the Unix time in milliseconds and the version nibble set to 7.
create function parley_uuid_v7() returns uuid language sql volatile as $$
  select encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing
    substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3) from 1 for 6),
    52, 1), 53, 1), 'hex')::uuid
$$;

alter table contacts
  add column company text,
  add column notes text,
  add column avatar_url text,
  add column consent_status text not null default 'unknown'
    check (consent_status in ('opted_in', 'opted_out', 'unknown')),
  add column consent_source text,
  add column consent_at timestamptz,
  -- Kept by a trigger on conversations, so lists filter and sort on it without a join.
  add column last_message_at timestamptz,
  add column search text generated always as (
    lower(coalesce(name, '') || ' ' || coalesce(profile_name, '') || ' ' || coalesce(phone, '') || ' ' ||
          coalesce(email, '') || ' ' || coalesce(company, ''))
  ) stored;

create index contacts_search_trgm on contacts using gin (search gin_trgm_ops);
-- Custom field values (`attributes`): containment (`@>`) for equality, select and multi-select filters.
create index contacts_attributes_gin on contacts using gin (attributes jsonb_path_ops);
create index contacts_consent_idx on contacts (tenant_id, consent_status, created_at desc, id desc);
create index contacts_last_message_idx on contacts (tenant_id, last_message_at desc nulls last, id desc);
create index contacts_name_idx on contacts (tenant_id, lower(coalesce(name, profile_name, '')), id);
create index contacts_updated_idx on contacts (tenant_id, updated_at desc, id desc);
-- Keyset pages in creation order (the default sort) need the id as tie-breaker.
drop index contacts_tenant_idx;
create index contacts_tenant_idx on contacts (tenant_id, created_at desc, id desc);
create index conversations_contact_idx on conversations (tenant_id, contact_id, status);

update contacts c set last_message_at = m.at
  from (select contact_id, max(last_message_at) as at from conversations group by contact_id) m
 where m.contact_id = c.id;

create function contacts_track_last_message() returns trigger language plpgsql as $$
begin
  if new.last_message_at is not null and new.last_message_at is distinct from old.last_message_at then
    update contacts set last_message_at = new.last_message_at
     where id = new.contact_id and (last_message_at is null or last_message_at < new.last_message_at);
  end if;
  return new;
end $$;
create trigger conversations_last_message after update of last_message_at on conversations
  for each row execute function contacts_track_last_message();

create table contact_fields (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  key text not null check (key ~ '^[a-z][a-z0-9_]{0,39}$'),
  label text not null,
  kind text not null check (kind in ('text', 'number', 'date', 'boolean', 'select', 'multi_select', 'url', 'email', 'phone')),
  required boolean not null default false,
  options jsonb not null default '[]',
  position integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index contact_fields_key on contact_fields (tenant_id, key);
select parley_tenant_rls('contact_fields');

create table segments (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  name text not null,
  description text,
  criteria jsonb not null,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index segments_name_key on segments (tenant_id, lower(name));
select parley_tenant_rls('segments');

-- What happened to a contact that is not a conversation, deal or ticket of its own.
create table contact_events (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  contact_id uuid not null references contacts (id) on delete cascade,
  kind text not null check (kind in ('created', 'imported', 'field_changed', 'consent', 'label', 'merged', 'note')),
  title text not null,
  detail text,
  actor_id uuid references users (id) on delete set null,
  created_at timestamptz not null default now()
);
create index contact_events_contact_idx on contact_events (tenant_id, contact_id, created_at desc);
select parley_tenant_rls('contact_events');

create table crm_settings (
  tenant_id uuid primary key references tenants (id) on delete cascade,
  opt_out_keywords text[] not null default
    array['stop', 'unsubscribe', 'stopall', 'cancel', 'arret', 'parar', 'baja', 'توقف', 'الغاء'],
  opt_in_keywords text[] not null default array['start', 'subscribe', 'unstop', 'alta', 'ابدأ'],
  -- Remembered import mappings: lower-cased CSV header -> target.
  import_mapping jsonb not null default '{}',
  updated_at timestamptz not null default now()
);
select parley_tenant_rls('crm_settings');

create table contact_imports (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  status text not null default 'draft' check (status in ('draft', 'queued', 'running', 'done', 'failed')),
  file_name text not null,
  -- The uploaded file itself, so a restarted worker resumes from `processed` without the uploader.
  content bytea not null,
  delimiter text not null,
  headers jsonb not null,
  sample jsonb not null,
  row_count integer not null,
  mapping jsonb not null default '{}',
  options jsonb not null default '{}',
  processed integer not null default 0,
  created integer not null default 0,
  updated integer not null default 0,
  skipped integer not null default 0,
  failed integer not null default 0,
  error text,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz
);
create index contact_imports_tenant_idx on contact_imports (tenant_id, created_at desc);
select parley_tenant_rls('contact_imports');

create table contact_import_errors (
  tenant_id uuid not null references tenants (id) on delete cascade,
  import_id uuid not null references contact_imports (id) on delete cascade,
  row_number integer not null,
  reason text not null,
  raw jsonb not null,
  constraint contact_import_errors_pkey primary key (tenant_id, import_id, row_number)
);
select parley_tenant_rls('contact_import_errors');

create table pipelines (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  name text not null,
  is_default boolean not null default false,
  position integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index pipelines_name_key on pipelines (tenant_id, lower(name));
create unique index pipelines_default_key on pipelines (tenant_id) where is_default;
select parley_tenant_rls('pipelines');

create table pipeline_stages (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  pipeline_id uuid not null references pipelines (id) on delete cascade,
  name text not null,
  color text not null default '#64748b' check (color ~ '^#[0-9a-f]{6}$'),
  position integer not null,
  probability integer not null default 0 check (probability between 0 and 100),
  kind text not null default 'open' check (kind in ('open', 'won', 'lost'))
);
create index pipeline_stages_pipeline_idx on pipeline_stages (tenant_id, pipeline_id, position);
select parley_tenant_rls('pipeline_stages');

create table deals (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  pipeline_id uuid not null references pipelines (id) on delete cascade,
  stage_id uuid not null references pipeline_stages (id),
  title text not null,
  value numeric(14, 2) not null default 0 check (value >= 0),
  currency text not null default 'USD' check (currency ~ '^[A-Z]{3}$'),
  priority text not null default 'medium' check (priority in ('low', 'medium', 'high', 'urgent')),
  expected_close_date date,
  owner_id uuid references users (id) on delete set null,
  contact_id uuid not null references contacts (id) on delete cascade,
  conversation_id uuid references conversations (id) on delete set null,
  notes text,
  -- Order inside a stage: moving a card between two others takes the midpoint (no renumbering).
  position double precision not null,
  status text not null default 'open' check (status in ('open', 'won', 'lost')),
  closed_at timestamptz,
  closed_by uuid references users (id) on delete set null,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index deals_stage_idx on deals (tenant_id, stage_id, position);
create index deals_pipeline_idx on deals (tenant_id, pipeline_id, created_at desc, id desc);
create index deals_contact_idx on deals (tenant_id, contact_id);
create index deals_conversation_idx on deals (tenant_id, conversation_id) where conversation_id is not null;
create index deals_open_idx on deals (tenant_id, contact_id) where status = 'open';
select parley_tenant_rls('deals');

-- Numbers people can say out loud (ticket #42), one sequence per workspace and kind.
create table tenant_counters (
  tenant_id uuid not null references tenants (id) on delete cascade,
  name text not null,
  value bigint not null,
  constraint tenant_counters_pkey primary key (tenant_id, name)
);
select parley_tenant_rls('tenant_counters');

create table tickets (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  number bigint not null,
  subject text not null,
  description text,
  status text not null default 'open' check (status in ('open', 'pending', 'resolved', 'closed')),
  priority text not null default 'medium' check (priority in ('low', 'medium', 'high', 'urgent')),
  assignee_id uuid references users (id) on delete set null,
  contact_id uuid references contacts (id) on delete set null,
  due_at timestamptz,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  resolved_at timestamptz,
  constraint tickets_number_key unique (tenant_id, number)
);
create index tickets_recent_idx on tickets (tenant_id, created_at desc, id desc);
create index tickets_assignee_idx on tickets (tenant_id, assignee_id, status);
create index tickets_contact_idx on tickets (tenant_id, contact_id);
select parley_tenant_rls('tickets');

create table ticket_conversations (
  tenant_id uuid not null references tenants (id) on delete cascade,
  ticket_id uuid not null references tickets (id) on delete cascade,
  conversation_id uuid not null references conversations (id) on delete cascade,
  constraint ticket_conversations_pkey primary key (tenant_id, ticket_id, conversation_id)
);
create index ticket_conversations_conversation_idx on ticket_conversations (tenant_id, conversation_id);
select parley_tenant_rls('ticket_conversations');

create table ticket_comments (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  ticket_id uuid not null references tickets (id) on delete cascade,
  author_id uuid references users (id) on delete set null,
  body text not null,
  created_at timestamptz not null default now()
);
create index ticket_comments_ticket_idx on ticket_comments (tenant_id, ticket_id, created_at);
select parley_tenant_rls('ticket_comments');
