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

-- Limits an agency set for one client on top of its plan (same keys as plans.limits): kept apart so that a change
-- of the plan rewrites `agency_limits` as the plan's limits with these laid over them.
alter table subscriptions add column agency_custom_limits jsonb;

-- A plan with the `agency` feature makes its subscriber an agency: the row is ensured whenever a subscription's
-- plan changes (Stripe snapshot, platform admin, trial plan, fallback plan alike), with the plan's
-- `maxClientWorkspaces` as the cap. Unmarking deletes the row; only the next plan change brings it back.
create function parley_agency_from_plan() returns trigger language plpgsql as $$
declare
  p record;
begin
  if new.plan_id is null or (tg_op = 'UPDATE' and new.plan_id is not distinct from old.plan_id) then
    return new;
  end if;
  select features, limits into p from plans where id = new.plan_id;
  if coalesce((p.features ->> 'agency')::boolean, false)
     and not exists (select 1 from tenants t where t.id = new.tenant_id and t.agency_id is not null) then
    insert into agencies (tenant_id, max_clients)
    values (new.tenant_id, (p.limits ->> 'maxClientWorkspaces')::integer)
    on conflict (tenant_id) do update set max_clients = excluded.max_clients, updated_at = now();
  end if;
  return new;
end $$;
create trigger subscriptions_agency_plan after insert or update of plan_id on subscriptions
  for each row execute function parley_agency_from_plan();

-- The agency dashboard's one window onto its clients: exactly the columns the dashboard shows, for the clients
-- of the agency set as `app.tenant_id`. SECURITY DEFINER, owned by parley_system (bootstrap sets the owner, revokes
-- it from public and grants it to parley_app only); nothing else of a client is reachable from the agency.
-- Usage figures follow `billing::entitlements`: the messages meter of the current period (the subscription's
-- period while it runs, else the calendar month in UTC), members and pending invitations without support entries.
create function agency_client_summaries()
returns table (
  id uuid,
  name text,
  slug text,
  status text,
  created_at timestamptz,
  agency_plan_id uuid,
  plan_name text,
  access text,
  messages_this_month bigint,
  max_messages_per_month bigint,
  contacts bigint,
  max_contacts bigint,
  agents bigint,
  max_agents bigint,
  numbers_connected bigint,
  last_activity_at timestamptz,
  allow_agency_support boolean
)
language sql stable security definer set search_path = public as $$
  with mine as (
    select t.*, s.agency_plan_id, s.agency_plan_name, s.access, s.current_period_start, s.current_period_end,
           coalesce(s.agency_limits, p.limits, '{}') as limits, coalesce(s.limit_overrides, '{}') as extra,
           p.name as platform_plan
      from tenants t
      left join subscriptions s on s.tenant_id = t.id
      left join plans p on p.id = s.plan_id
     where t.agency_id = nullif(current_setting('app.tenant_id', true), '')::uuid
  )
  select c.id, c.name, c.slug, c.status, c.created_at, c.agency_plan_id, coalesce(c.agency_plan_name, c.platform_plan),
         coalesce(c.access, 'ok'),
         coalesce((select u.used from usage_meters u
                    where u.tenant_id = c.id and u.meter = 'messages'
                      and u.period_start = case
                        when c.current_period_start <= now() and now() < c.current_period_end then c.current_period_start
                        else date_trunc('month', now() at time zone 'UTC') at time zone 'UTC' end), 0)::bigint,
         (c.limits ->> 'maxMessagesPerMonth')::bigint + coalesce((c.extra ->> 'maxMessagesPerMonth')::bigint, 0),
         (select count(*) from contacts x where x.tenant_id = c.id),
         (c.limits ->> 'maxContacts')::bigint + coalesce((c.extra ->> 'maxContacts')::bigint, 0),
         (select count(*) from memberships m where m.tenant_id = c.id and m.support_agency_id is null)
           + (select count(*) from invitations i where i.tenant_id = c.id and i.status = 'pending' and i.expires_at > now()),
         (c.limits ->> 'maxAgents')::bigint + coalesce((c.extra ->> 'maxAgents')::bigint, 0),
         (select count(*) from whatsapp_connections w where w.tenant_id = c.id and w.status = 'connected'),
         greatest((select max(v.last_message_at) from conversations v where v.tenant_id = c.id),
                  (select max(a.created_at) from audit_logs a where a.tenant_id = c.id)),
         c.allow_agency_support
    from mine c
   order by c.created_at, c.id
$$;
revoke all on function agency_client_summaries() from public;
