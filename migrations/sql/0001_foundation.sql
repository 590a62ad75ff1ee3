-- Foundation: tenants, identities, memberships, auth tokens, invitations, api keys, audit, mail outbox.
-- Tenant-owned tables get row-level security through parley_tenant_rls(); global tables (identities,
-- auth tokens, settings, mail outbox) are reached only by the auth and system paths.

create or replace function parley_tenant_rls(tbl regclass) returns void language plpgsql as $$
begin
  execute format('alter table %s enable row level security', tbl);
  execute format('alter table %s force row level security', tbl);
  execute format($p$create policy tenant_isolation on %s
      using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
      with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)$p$, tbl);
end $$;

create table tenants (
  id uuid primary key,
  name text not null,
  slug text not null,
  status text not null default 'active' check (status in ('active', 'suspended')),
  settings jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint tenants_slug_key unique (slug)
);
alter table tenants enable row level security;
alter table tenants force row level security;
create policy tenant_isolation on tenants
  using (id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  with check (id = nullif(current_setting('app.tenant_id', true), '')::uuid);

create table users (
  id uuid primary key,
  email text not null,
  name text not null,
  password_hash text not null,
  locale text not null default 'en',
  is_platform_admin boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  last_login_at timestamptz
);
create unique index users_email_key on users (lower(email));

create table memberships (
  tenant_id uuid not null references tenants (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  role text not null check (role in ('owner', 'manager', 'agent')),
  status text not null default 'active' check (status in ('active', 'disabled')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint memberships_pkey primary key (tenant_id, user_id)
);
create index memberships_user_idx on memberships (user_id);
select parley_tenant_rls('memberships');

create table refresh_tokens (
  id uuid primary key,
  user_id uuid not null references users (id) on delete cascade,
  tenant_id uuid references tenants (id) on delete cascade,
  family_id uuid not null,
  token_hash text not null,
  expires_at timestamptz not null,
  used_at timestamptz,
  revoked_at timestamptz,
  user_agent text,
  ip text,
  created_at timestamptz not null default now(),
  constraint refresh_tokens_hash_key unique (token_hash)
);
create index refresh_tokens_family_idx on refresh_tokens (family_id);
create index refresh_tokens_user_idx on refresh_tokens (user_id);

create table password_resets (
  id uuid primary key,
  user_id uuid not null references users (id) on delete cascade,
  token_hash text not null,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now(),
  constraint password_resets_hash_key unique (token_hash)
);
create index password_resets_user_idx on password_resets (user_id);

create table invitations (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  email text not null,
  role text not null check (role in ('manager', 'agent')),
  token_hash text not null,
  invited_by uuid references users (id) on delete set null,
  status text not null default 'pending' check (status in ('pending', 'accepted', 'revoked')),
  expires_at timestamptz not null,
  accepted_at timestamptz,
  created_at timestamptz not null default now(),
  constraint invitations_hash_key unique (token_hash)
);
create index invitations_tenant_idx on invitations (tenant_id, created_at desc);
create unique index invitations_pending_email_key on invitations (tenant_id, lower(email)) where status = 'pending';
select parley_tenant_rls('invitations');

create table api_keys (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  name text not null,
  prefix text not null,
  key_hash text not null,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  constraint api_keys_hash_key unique (key_hash)
);
create index api_keys_tenant_idx on api_keys (tenant_id, created_at desc);
select parley_tenant_rls('api_keys');

create table audit_logs (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  actor_user_id uuid references users (id) on delete set null,
  action text not null,
  target_type text,
  target_id text,
  ip text,
  metadata jsonb not null default '{}',
  created_at timestamptz not null default now()
);
create index audit_logs_tenant_idx on audit_logs (tenant_id, created_at desc);
select parley_tenant_rls('audit_logs');

create table platform_settings (
  key text primary key,
  value text not null,
  updated_at timestamptz not null default now()
);

create table mail_outbox (
  id uuid primary key,
  tenant_id uuid references tenants (id) on delete set null,
  to_addr text not null,
  subject text not null,
  text_body text not null,
  html_body text,
  status text not null default 'pending' check (status in ('pending', 'sent', 'failed', 'kept')),
  attempts int not null default 0,
  last_error text,
  next_attempt_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index mail_outbox_due_idx on mail_outbox (next_attempt_at) where status = 'pending';
