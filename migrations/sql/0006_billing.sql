-- Billing: the platform's plans and their gateway prices, each workspace's subscription (one per workspace),
-- invoices, monthly usage meters, and the Stripe events received (each recorded once).

-- Plans belong to the platform, not to a workspace: every workspace reads them (the plan picker), only the
-- platform admin (the system path) writes them.
create table plans (
  id uuid primary key,
  name text not null check (length(name) between 1 and 80),
  description text,
  currency text not null default 'usd' check (currency ~ '^[a-z]{3}$'),
  trial_days integer not null default 14 check (trial_days between 0 and 365),
  -- Feature switches (seed 004's PlanFeatures), snake_case keys.
  features jsonb not null default '{}',
  -- Limits (seed 004's PlanLimits); a missing key or null is unlimited.
  limits jsonb not null default '{}',
  position integer not null default 0,
  is_default boolean not null default false,
  archived_at timestamptz,
  gateway_product_id text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index plans_one_default on plans ((true)) where is_default and archived_at is null;
create unique index plans_name_key on plans (lower(name)) where archived_at is null;

create table plan_prices (
  plan_id uuid not null references plans (id) on delete cascade,
  cycle text not null check (cycle in ('monthly', 'quarterly', 'annual')),
  -- Minor units (cents).
  amount bigint not null check (amount >= 0),
  -- The gateway's current price for this cycle and the amount it was made with: a different amount makes a
  -- new gateway price (existing subscribers stay on theirs).
  gateway_price_id text,
  gateway_amount bigint,
  updated_at timestamptz not null default now(),
  constraint plan_prices_pkey primary key (plan_id, cycle)
);
-- Every gateway price a plan ever had, so a webhook naming an old price still finds its plan.
create table plan_gateway_prices (
  gateway_price_id text primary key,
  plan_id uuid not null references plans (id) on delete cascade,
  cycle text not null,
  amount bigint not null,
  created_at timestamptz not null default now()
);

-- One subscription per workspace (the primary key): the workspace's plan and its state at the gateway.
create table subscriptions (
  tenant_id uuid primary key references tenants (id) on delete cascade,
  plan_id uuid references plans (id),
  cycle text not null default 'monthly' check (cycle in ('monthly', 'quarterly', 'annual')),
  gateway text not null default 'none' check (gateway in ('none', 'stripe', 'manual')),
  gateway_customer_id text,
  gateway_subscription_id text unique,
  gateway_price_id text,
  status text not null default 'trialing'
    check (status in ('trialing', 'active', 'past_due', 'unpaid', 'canceled', 'incomplete', 'incomplete_expired', 'paused')),
  -- Parley's own dunning state, from the gateway's status and time: ok -> past_due -> restricted -> suspended.
  access text not null default 'ok' check (access in ('ok', 'past_due', 'restricted', 'suspended')),
  past_due_since timestamptz,
  trial_end timestamptz,
  current_period_start timestamptz,
  current_period_end timestamptz,
  cancel_at_period_end boolean not null default false,
  canceled_at timestamptz,
  scheduled_plan_id uuid references plans (id),
  has_payment_method boolean not null default false,
  -- A plan given by the platform admin: no gateway charges, never restricted.
  complimentary boolean not null default false,
  -- Extra limits on top of the plan's (same keys as plans.limits) and why.
  limit_overrides jsonb not null default '{}',
  override_reason text,
  -- When the stored gateway snapshot was read: an older snapshot never overwrites a newer one.
  synced_at timestamptz,
  -- Mails already sent, so a sweep never sends one twice: {"trial_ending": "...", "warn:messages:75:2026-12": ...}.
  notices jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index subscriptions_plan_idx on subscriptions (plan_id);
create unique index subscriptions_customer_key on subscriptions (gateway_customer_id);
select parley_tenant_rls('subscriptions');

create table invoices (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  gateway text not null check (gateway in ('stripe', 'manual')),
  gateway_invoice_id text unique,
  number text,
  status text not null check (status in ('draft', 'open', 'paid', 'uncollectible', 'void')),
  currency text not null,
  total bigint not null,
  amount_due bigint not null,
  amount_paid bigint not null,
  description text,
  period_start timestamptz,
  period_end timestamptz,
  hosted_url text,
  pdf_url text,
  attempt_count integer not null default 0,
  next_payment_attempt timestamptz,
  issued_at timestamptz not null,
  paid_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index invoices_tenant_idx on invoices (tenant_id, issued_at desc);
select parley_tenant_rls('invoices');

-- Monthly meters (messages sent, campaigns started) per billing period. Metering is one conditional UPDATE
-- (`used + n <= limit`), so concurrent writers at the limit let exactly the allowed number through.
create table usage_meters (
  tenant_id uuid not null references tenants (id) on delete cascade,
  meter text not null check (meter in ('messages', 'campaigns')),
  period_start timestamptz not null,
  used bigint not null default 0,
  updated_at timestamptz not null default now(),
  constraint usage_meters_pkey primary key (tenant_id, meter, period_start)
);
select parley_tenant_rls('usage_meters');

-- Stripe events as received: the id once (a redelivery is acknowledged and dropped), processed by a job.
-- Global: the workspace is only known after the event is read.
create table billing_events (
  id text primary key,
  kind text not null,
  object_id text,
  customer_id text,
  subscription_id text,
  tenant_id uuid references tenants (id) on delete set null,
  created timestamptz not null,
  payload jsonb not null,
  received_at timestamptz not null default now(),
  processed_at timestamptz,
  outcome text
);
create index billing_events_pending_idx on billing_events (received_at) where processed_at is null;
