-- The API platform for integrators: API keys gain scopes, an expiry, an optional rate cap of their own and
-- the address they were last used from; idempotency keys keep the first answer to a create or send for 24 hours.

-- `scopes` are `<family>:read|write` (contacts, conversations, messages, campaigns, flows, webhooks, analytics,
-- billing:read). Keys made before scopes existed acted as a manager on everything: they keep every scope, so no
-- integration breaks; the owner can replace them with narrower ones.
alter table api_keys
  add column scopes text[] not null default '{}',
  add column expires_at timestamptz,
  add column last_used_ip text,
  add column requests_per_minute integer check (requests_per_minute is null or requests_per_minute > 0);
update api_keys set scopes = array[
  'contacts:write', 'conversations:write', 'messages:write', 'campaigns:write', 'flows:write', 'webhooks:write',
  'analytics:read', 'billing:read'];

-- One row per (workspace, credential, Idempotency-Key): claimed before the handler runs (`response_status` null
-- while in flight), completed with the answer afterwards. `fingerprint` hashes the method, path and body, so the
-- same key with another request is told apart from a replay. Rows older than 24 hours are replaced on reuse and
-- swept a hundred at a time whenever the workspace claims a new key.
create table idempotency_keys (
  tenant_id uuid not null references tenants (id) on delete cascade,
  -- `key:<api key id>` or `user:<user id>`: two integrations choosing the same key never collide.
  principal text not null,
  idempotency_key text not null,
  fingerprint text not null,
  response_status integer,
  response_headers jsonb not null default '{}',
  response_body bytea,
  -- A claim whose request died with its process may be taken over after this.
  locked_until timestamptz not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, principal, idempotency_key)
);
create index idempotency_keys_created_idx on idempotency_keys (tenant_id, created_at);
select parley_tenant_rls('idempotency_keys');
