-- Two-factor sign-in (TOTP, recovery codes, remembered devices) and the workspace owner's "require two-factor".
-- The per-person tables are global identity data like users: only the auth pool (parley_auth) reaches them.

create table user_totp (
  user_id uuid primary key references users (id) on delete cascade,
  -- The shared secret, sealed with the credentials key (AES-256-GCM), never stored in the clear.
  secret_sealed bytea not null,
  -- Null while enrolment waits for its first code.
  enabled_at timestamptz,
  -- The last 30-second step a code was accepted for: a code is good once, and never an older one after it.
  last_step bigint not null default 0,
  created_at timestamptz not null default now()
);

create table recovery_codes (
  id uuid primary key,
  user_id uuid not null references users (id) on delete cascade,
  code_hash text not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);
create index recovery_codes_user_idx on recovery_codes (user_id);

create table trusted_devices (
  id uuid primary key,
  user_id uuid not null references users (id) on delete cascade,
  token_hash text not null,
  user_agent text,
  ip text,
  created_at timestamptz not null default now(),
  last_used_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  constraint trusted_devices_hash_key unique (token_hash)
);
create index trusted_devices_user_idx on trusted_devices (user_id);

-- Sessions list a user's refresh-token families; new-device mail looks for a user agent and address seen before.
create index refresh_tokens_user_created_idx on refresh_tokens (user_id, created_at);

alter table tenants add column require_two_factor boolean not null default false;
