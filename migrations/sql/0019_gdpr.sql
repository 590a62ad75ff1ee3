-- GDPR tools (docs/security.md, "GDPR"): erased contacts, messages whose content was removed (by an erasure or by
-- retention) while the row stays for analytics, media objects waiting to be deleted from storage, workspace
-- exports and the retention setting. Every table is tenant data under row-level security.

-- An erased contact keeps its row (conversations, deals and tickets still point at it, counts stay right) with
-- every personal value cleared; this says when.
alter table contacts add column erased_at timestamptz;

-- A view fixes its column list when created (0005): re-created so contact lists read `erased_at` (and `source`).
create or replace view tenant_contacts as
  select * from contacts
   where tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
  with local check option;

-- The message's content was removed (erasure or retention); direction, type, status and times stay, so the
-- analytics rollups, which count rows, do not change.
alter table messages add column redacted_at timestamptz;
-- Retention looks for the oldest messages not yet redacted.
create index messages_unredacted_idx on messages (tenant_id, created_at) where redacted_at is null;

-- The file was deleted from storage (erasure or retention); the row stays for the message that pointed at it.
alter table media_files add column deleted_at timestamptz;

-- Storage objects to delete: written in the transaction that stops referencing them, deleted after it commits,
-- retried by the retention sweep when storage failed. Nothing else points at a key once it is here.
create table media_deletions (
  storage_key text not null,
  tenant_id uuid not null references tenants (id) on delete cascade,
  attempts integer not null default 0,
  last_error text,
  created_at timestamptz not null default now(),
  primary key (tenant_id, storage_key)
);
select parley_tenant_rls('media_deletions');

-- Privacy settings, one row per workspace: delete messages' content and media older than `retention_days`
-- (null: keep everything; at least 30 days, so a misclick cannot wipe the recent inbox).
create table privacy_settings (
  tenant_id uuid primary key references tenants (id) on delete cascade,
  retention_days integer check (retention_days between 30 and 3650),
  retention_ran_at timestamptz,
  updated_at timestamptz not null default now()
);
select parley_tenant_rls('privacy_settings');

-- A ZIP of the whole workspace, written by a background job into the media store.
create table workspace_exports (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  requested_by uuid,
  status text not null default 'pending' check (status in ('pending', 'running', 'ready', 'failed')),
  storage_key text,
  size_bytes bigint,
  error text,
  created_at timestamptz not null default now(),
  finished_at timestamptz
);
create index workspace_exports_recent_idx on workspace_exports (tenant_id, created_at desc);
select parley_tenant_rls('workspace_exports');
