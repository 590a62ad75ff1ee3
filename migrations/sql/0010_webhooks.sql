-- Outbound webhooks: endpoints a workspace subscribes to events, the durable outbox of domain events (written in
-- the same transaction as the change, only for kinds someone listens to), one delivery per (event, endpoint) kept
-- in order per subject, and every attempt's log.

create table webhook_endpoints (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  url text not null,
  description text not null default '',
  -- Event kinds delivered (`message.created`, `conversation.assigned`, ...).
  events text[] not null,
  enabled boolean not null default true,
  -- Why it was turned off by Parley (a day of failures); null when a person did it or it is on.
  disabled_reason text,
  -- The signing secret, sealed like WhatsApp credentials; after a roll the previous one still signs until
  -- `previous_secret_until`, so receivers can switch without losing a delivery.
  secret bytea not null,
  previous_secret bytea,
  previous_secret_until timestamptz,
  -- Since when every attempt failed (cleared by a success): a day of it disables the endpoint.
  failing_since timestamptz,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index webhook_endpoints_tenant_idx on webhook_endpoints (tenant_id, created_at);
create index webhook_endpoints_events_idx on webhook_endpoints using gin (events) where enabled;
select parley_tenant_rls('webhook_endpoints');

create table domain_events (
  id bigint generated always as identity primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  kind text not null,
  -- What the event is about (a conversation, a contact, a deal ...): deliveries keep order per subject.
  subject_id uuid,
  payload jsonb not null,
  created_at timestamptz not null default now()
);
create index domain_events_tenant_idx on domain_events (tenant_id, id);
select parley_tenant_rls('domain_events');

create table webhook_deliveries (
  id bigint generated always as identity primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  endpoint_id uuid not null references webhook_endpoints (id) on delete cascade,
  event_id bigint not null references domain_events (id) on delete cascade,
  subject_id uuid,
  -- pending: due at next_attempt_at; sending: leased by a worker until locked_until; delivered; dead: given up
  -- (a day of retries, or the endpoint disabled or deleted).
  state text not null default 'pending' check (state in ('pending', 'sending', 'delivered', 'dead')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  locked_until timestamptz,
  last_status integer,
  last_error text,
  created_at timestamptz not null default now(),
  delivered_at timestamptz
);
create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at) where state in ('pending', 'sending');
-- The order check: an earlier unsettled delivery of the same subject to the same endpoint holds a later one.
create index webhook_deliveries_order_idx on webhook_deliveries (endpoint_id, subject_id, id)
  where state in ('pending', 'sending');
create index webhook_deliveries_endpoint_idx on webhook_deliveries (tenant_id, endpoint_id, id desc);
select parley_tenant_rls('webhook_deliveries');

create table webhook_attempts (
  id bigint generated always as identity primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  delivery_id bigint not null references webhook_deliveries (id) on delete cascade,
  attempt integer not null,
  at timestamptz not null default now(),
  -- The response's status (null when none came: refused, timed out), the first 2 KB of its body, the error.
  status integer,
  response_excerpt text,
  error text,
  duration_ms integer not null
);
create index webhook_attempts_delivery_idx on webhook_attempts (delivery_id, id);
select parley_tenant_rls('webhook_attempts');
