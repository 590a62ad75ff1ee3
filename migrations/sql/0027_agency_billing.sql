-- Agency billing (docs/agencies.md, "Agency billing"): who pays for an agency's client workspaces.
--
-- Agency pays (`agencies.billing_mode = 'agency'`): the monthly meters of the agency and all its clients count
-- against the agency's plan. The pool is the agency's own `usage_meters` row: a client's metered write queues its
-- use as before, and the deferred trigger that applies it at commit also adds it to the agency's row (within the
-- agency's plan limit, refusing the commit with SQLSTATE PQ412 past it) and to the agency's per-client breakdown
-- (`agency_usage`). The client's request reads nothing of the agency's: the trigger decides at commit, in the
-- database, so the send path keeps its one metering statement and other workspaces pay nothing for the pool. The
-- clients are restricted and suspended with the agency (a trigger mirrors the agency's access onto their
-- subscriptions).
--
-- Client pays (`'client'`): each client subscribes by card to its agency plan through the platform's Stripe.
-- The Stripe product and price of an agency plan are made on demand at the first Checkout; every price a plan
-- ever had is kept so that webhooks naming an old one still find the plan.
--
-- A client reads its agency's facts only through the named functions below (SECURITY DEFINER, owned by
-- `parley_system`, each filtered on the calling workspace's own `agency_id`): never the agency's rows themselves.

alter table agency_plans add column gateway_amount bigint;

create table agency_plan_gateway_prices (
  gateway_price_id text primary key,
  -- The agency.
  tenant_id uuid not null references tenants (id) on delete cascade,
  agency_plan_id uuid not null references agency_plans (id) on delete cascade,
  amount bigint not null,
  currency text not null,
  created_at timestamptz not null default now()
);
create index agency_plan_gateway_prices_tenant_idx on agency_plan_gateway_prices (tenant_id, agency_plan_id);
select parley_tenant_rls('agency_plan_gateway_prices');

-- The pool's use per client and billing period of the agency (the agency's own use is its meter minus these).
create table agency_usage (
  -- The agency.
  tenant_id uuid not null references tenants (id) on delete cascade,
  client_id uuid not null references tenants (id) on delete cascade,
  meter text not null check (meter in ('messages', 'campaigns')),
  period_start timestamptz not null,
  used bigint not null default 0,
  updated_at timestamptz not null default now(),
  constraint agency_usage_pkey primary key (tenant_id, period_start, meter, client_id)
);
create index agency_usage_client_idx on agency_usage (client_id);
select parley_tenant_rls('agency_usage');

-- The agency of the calling workspace, when it has one: its name (and brand's product name), who pays, and
-- the agency's access (ok, past_due, restricted, suspended).
create function client_agency()
returns table (agency_id uuid, name text, product_name text, billing_mode text, access text)
language sql stable security definer set search_path = public as $$
  select a.tenant_id, t.name, b.product_name, a.billing_mode, coalesce(s.access, 'ok')
    from tenants c
    join agencies a on a.tenant_id = c.agency_id
    join tenants t on t.id = a.tenant_id
    left join brands b on b.tenant_id = a.tenant_id
    left join subscriptions s on s.tenant_id = a.tenant_id
   where c.id = nullif(current_setting('app.tenant_id', true), '')::uuid
$$;

-- The plans the calling workspace's agency sells (not archived), in the agency's order.
create function client_agency_plans()
returns table (id uuid, name text, description text, currency text, monthly_amount bigint, features jsonb,
               limits jsonb, gateway_product_id text, gateway_price_id text, gateway_amount bigint,
               gateway_currency text)
language sql stable security definer set search_path = public as $$
  select p.id, p.name, p.description, p.currency, p.monthly_amount, p.features, p.limits, p.gateway_product_id,
         p.gateway_price_id, p.gateway_amount,
         (select g.currency from agency_plan_gateway_prices g where g.gateway_price_id = p.gateway_price_id)
    from agency_plans p join tenants c on c.agency_id = p.tenant_id
   where c.id = nullif(current_setting('app.tenant_id', true), '')::uuid and p.archived_at is null
   order by p.position, p.created_at
$$;

-- The billing state of the calling agency's clients (the agency billing page): whether each pays for itself at
-- Stripe, its trial, its access. Only these columns; everything else of a client stays behind its own tenant.
create function agency_client_billing()
returns table (id uuid, status text, access text, gateway text, trial_end timestamptz, current_period_end timestamptz,
               cancel_at_period_end boolean, has_payment_method boolean)
language sql stable security definer set search_path = public as $$
  select c.id, coalesce(s.status, 'active'), coalesce(s.access, 'ok'), coalesce(s.gateway, 'none'), s.trial_end,
         s.current_period_end, coalesce(s.cancel_at_period_end, false), coalesce(s.has_payment_method, false)
    from tenants c left join subscriptions s on s.tenant_id = c.id
   where c.agency_id = nullif(current_setting('app.tenant_id', true), '')::uuid
   order by c.created_at, c.id
$$;

-- Records the Stripe product and current price of one of the calling workspace's agency plans (made on demand
-- by the client's Checkout); false when the plan is not its agency's.
create function client_agency_plan_synced(p_plan uuid, p_product text, p_price text, p_amount bigint, p_currency text)
returns boolean language plpgsql security definer set search_path = public as $$
declare
  v_agency uuid;
begin
  select p.tenant_id into v_agency from agency_plans p join tenants c on c.agency_id = p.tenant_id
   where p.id = p_plan and c.id = nullif(current_setting('app.tenant_id', true), '')::uuid;
  if v_agency is null then
    return false;
  end if;
  update agency_plans set gateway_product_id = p_product, gateway_price_id = p_price, gateway_amount = p_amount
   where id = p_plan;
  insert into agency_plan_gateway_prices (gateway_price_id, tenant_id, agency_plan_id, amount, currency)
  values (p_price, v_agency, p_plan, p_amount, p_currency) on conflict do nothing;
  return true;
end $$;

-- The agency plan a Stripe price (current or replaced) belongs to, if it is one of the calling workspace's agency.
create function client_agency_plan_of_price(p_price text)
returns table (id uuid, name text, features jsonb, limits jsonb)
language sql stable security definer set search_path = public as $$
  select p.id, p.name, p.features, p.limits
    from agency_plan_gateway_prices g
    join agency_plans p on p.id = g.agency_plan_id
    join tenants c on c.agency_id = g.tenant_id
   where g.gateway_price_id = p_price and c.id = nullif(current_setting('app.tenant_id', true), '')::uuid
$$;

-- Adds a client's use to its agency's pool, when the agency pays: the agency's meter for the agency's billing
-- period (its subscription's period while it runs, else the calendar month, as `Entitlements::period_start`),
-- refused past the agency plan's limit plus the platform admin's extra (as `with_extra`), and the breakdown.
create function parley_pool_usage(p_client uuid, p_meter text, p_n bigint)
returns void language plpgsql security definer set search_path = public as $$
declare
  v_agency uuid;
  v_key text;
  v_limit bigint;
  v_period timestamptz;
  v_total bigint;
begin
  -- Only the workspace whose transaction this is adds to its agency's pool.
  if p_client is distinct from nullif(current_setting('app.tenant_id', true), '')::uuid then
    raise exception 'pooled usage of another workspace' using errcode = '42501';
  end if;
  select a.tenant_id into v_agency from tenants c join agencies a on a.tenant_id = c.agency_id
   where c.id = p_client and a.billing_mode = 'agency';
  if v_agency is null then
    return;
  end if;
  v_key := case p_meter when 'messages' then 'maxMessagesPerMonth' when 'campaigns' then 'maxCampaignsPerMonth' end;
  select case when s.current_period_start <= now() and now() < s.current_period_end then s.current_period_start end,
         case when p.id is null or p.limits ->> v_key is null then null
              else (p.limits ->> v_key)::bigint + coalesce((s.limit_overrides ->> v_key)::bigint, 0) end
    into v_period, v_limit
    from subscriptions s left join plans p on p.id = s.plan_id
   where s.tenant_id = v_agency;
  v_period := coalesce(v_period, date_trunc('month', now() at time zone 'UTC') at time zone 'UTC');
  insert into usage_meters as u (tenant_id, meter, period_start, used)
  select v_agency, p_meter, v_period, p_n where v_limit is null or p_n <= v_limit
  on conflict (tenant_id, meter, period_start)
    do update set used = u.used + excluded.used, updated_at = now()
    where v_limit is null or u.used + excluded.used <= v_limit
  returning used into v_total;
  if v_total is null then
    raise exception 'the agency''s % are at the limit of %', p_meter, v_limit using errcode = 'PQ412';
  end if;
  insert into agency_usage as x (tenant_id, client_id, meter, period_start, used)
  values (v_agency, p_client, p_meter, v_period, p_n)
  on conflict (tenant_id, period_start, meter, client_id)
    do update set used = x.used + excluded.used, updated_at = now();
end $$;

-- 0007's trigger function, plus the pool: a use queued by an agency's client (`pooled`, set by the metering
-- write, which knows from the client's plan copy) goes to `parley_pool_usage` too, which does nothing unless the
-- agency pays. Everyone else's use costs what it did (a branch on a column of the row at hand).
alter table usage_increments add column pooled boolean not null default false;

create or replace function parley_apply_usage() returns trigger language plpgsql as $$
declare
  total bigint;
begin
  insert into usage_meters as u (tenant_id, meter, period_start, used)
  select new.tenant_id, new.meter, new.period_start, new.n where new.max is null or new.n <= new.max
  on conflict (tenant_id, meter, period_start)
    do update set used = u.used + excluded.used, updated_at = now()
    where new.max is null or u.used + excluded.used <= new.max
  returning used into total;
  if total is null then
    raise exception 'the % meter is at its limit of %', new.meter, new.max using errcode = 'PQ402';
  end if;
  if new.pooled then
    perform parley_pool_usage(new.tenant_id, new.meter, new.n);
  end if;
  delete from usage_increments where ctid = new.ctid;
  return null;
end $$;

-- What an agency that pays for its clients hands down: restricted and suspended; anything else is fine for them
-- (a payment merely late is the agency's business).
create function parley_agency_access_for_clients(p_access text) returns text language sql immutable as $$
  select case when p_access in ('restricted', 'suspended') then p_access else 'ok' end
$$;

-- When a paying agency's access changes, its clients' follows.
create function parley_follow_agency_access() returns trigger
language plpgsql security definer set search_path = public as $$
begin
  if exists (select 1 from agencies where tenant_id = new.tenant_id and billing_mode = 'agency') then
    update subscriptions s set access = parley_agency_access_for_clients(new.access), updated_at = now()
      from tenants c
     where c.id = s.tenant_id and c.agency_id = new.tenant_id
       and s.access is distinct from parley_agency_access_for_clients(new.access);
  end if;
  return null;
end $$;
create trigger subscriptions_agency_access after update of access on subscriptions
  for each row when (old.access is distinct from new.access) execute function parley_follow_agency_access();

-- A client's subscription starts as its agency's billing mode says: while the agency pays, with the agency's
-- access (restricted with it); while clients pay, with a card-less trial of 14 days to subscribe by card
-- (`billing::agency::CLIENT_TRIAL_DAYS`; the dunning sweep reminds and, without a card by then, restricts).
create function parley_client_subscription_start() returns trigger
language plpgsql security definer set search_path = public as $$
declare
  v_mode text;
  v_access text;
begin
  select a.billing_mode, parley_agency_access_for_clients(coalesce(s.access, 'ok')) into v_mode, v_access
    from tenants c join agencies a on a.tenant_id = c.agency_id
    left join subscriptions s on s.tenant_id = a.tenant_id
   where c.id = new.tenant_id;
  if v_mode = 'agency' and v_access <> 'ok' then
    new.access := v_access;
  elsif v_mode = 'client' and new.gateway = 'none' and new.trial_end is null then
    new.status := 'trialing';
    new.access := 'ok';
    new.trial_end := now() + interval '14 days';
    new.current_period_start := now();
    new.current_period_end := new.trial_end;
  end if;
  return new;
end $$;
create trigger subscriptions_client_start before insert on subscriptions
  for each row execute function parley_client_subscription_start();

-- The functions read and write across workspaces, so they belong to `parley_system` (which bypasses row-level
-- security); only the tenant role may call the ones requests call (the trigger functions need no grant). When the
-- migrating role may not hand them over, they stay with it and a client's reads of its agency find nothing (as
-- `tenant_contacts` in 0005, docs/configuration.md says how to allow it).
revoke all on function client_agency(), client_agency_plans(), agency_client_billing(), client_agency_plan_synced(uuid, text, text, bigint, text),
  client_agency_plan_of_price(text), parley_pool_usage(uuid, text, bigint), parley_follow_agency_access(),
  parley_client_subscription_start() from public;
do $$
begin
  if exists (select 1 from pg_roles where rolname = 'parley_app') then
    grant execute on function client_agency(), client_agency_plans(), agency_client_billing(),
      client_agency_plan_synced(uuid, text, text, bigint, text), client_agency_plan_of_price(text),
      parley_pool_usage(uuid, text, bigint) to parley_app;
  end if;
end $$;
do $$
declare
  f text;
begin
  if exists (select 1 from pg_roles where rolname = 'parley_system') then
    foreach f in array array['client_agency()', 'client_agency_plans()', 'agency_client_billing()',
        'client_agency_plan_synced(uuid, text, text, bigint, text)', 'client_agency_plan_of_price(text)',
        'parley_pool_usage(uuid, text, bigint)', 'parley_follow_agency_access()', 'parley_client_subscription_start()']
    loop
      execute format('alter function %s owner to parley_system', f);
    end loop;
  end if;
exception when insufficient_privilege then
  raise notice 'agency billing functions stay with %: pooled usage and client billing need them owned by parley_system', current_user;
end $$;
