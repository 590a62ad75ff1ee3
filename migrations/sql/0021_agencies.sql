-- Agencies (docs/agencies.md): a workspace that resells Parley to client workspaces. The agency relation is a
-- column on the client's `tenants` row; the agency reads its clients' summaries only through the named
-- function `agency_client_summaries()` (owned by the system role, which bootstrap sets), never through its own
-- tenant context. A support entry into a client is an ordinary membership with an expiry.

alter table tenants add column agency_id uuid references tenants (id) on delete restrict;
create index tenants_agency_idx on tenants (agency_id) where agency_id is not null;
-- The client's owner may turn the agency's support entries off.
alter table tenants add column allow_agency_support boolean not null default true;

-- What the platform admin lets an agency do. One row per agency workspace; the agency reads its own row.
create table agencies (
  tenant_id uuid primary key references tenants (id) on delete cascade,
  max_clients integer check (max_clients is null or max_clients >= 0),
  may_remove_powered_by boolean not null default false,
  may_use_custom_domains boolean not null default true,
  may_use_own_sender boolean not null default false,
  -- Who pays for the clients: the agency (one bill, usage pooled against its plan) or each client by card.
  billing_mode text not null default 'agency' check (billing_mode in ('agency', 'client')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
select parley_tenant_rls('agencies');

-- The agency's offer: plans it sells to its clients, within its own plan's limits.
create table agency_plans (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  name text not null check (length(name) between 1 and 80),
  description text,
  currency text not null default 'usd' check (currency ~ '^[a-z]{3}$'),
  monthly_amount bigint not null default 0 check (monthly_amount >= 0),
  features jsonb not null default '{}',
  limits jsonb not null default '{}',
  gateway_product_id text,
  gateway_price_id text,
  position integer not null default 0,
  archived_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index agency_plans_tenant_idx on agency_plans (tenant_id, position);
select parley_tenant_rls('agency_plans');

-- A client's plan from its agency's offer, copied into the client's own subscription row (the client's requests
-- read their limits under their own tenant context, never the agency's rows).
alter table subscriptions add column agency_plan_id uuid;
alter table subscriptions add column agency_plan_name text;
alter table subscriptions add column agency_features jsonb;
alter table subscriptions add column agency_limits jsonb;

-- Support entries: a membership that ends by itself, and which agency granted it.
alter table memberships add column expires_at timestamptz;
alter table memberships add column support_agency_id uuid references tenants (id) on delete cascade;
alter table memberships add constraint memberships_support_expires
  check (support_agency_id is null or expires_at is not null);

-- The client's owner is invited by mail when an agency creates the workspace.
alter table invitations drop constraint invitations_role_check;
alter table invitations add constraint invitations_role_check check (role in ('owner', 'manager', 'agent'));
