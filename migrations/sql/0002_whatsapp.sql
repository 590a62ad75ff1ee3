-- WhatsApp channel: numbers (connections), raw webhook events, contacts, conversations, messages, media,
-- message templates. Every table is tenant-owned and under row-level security.

create table whatsapp_connections (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  kind text not null check (kind in ('cloud', 'wasender')),
  name text not null,
  status text not null default 'pending'
    check (status in ('pending', 'connected', 'disconnected', 'need_scan', 'needs_attention')),
  phone_number_id text,
  waba_id text,
  display_phone_number text,
  verified_name text,
  -- AES-256-GCM sealed JSON (access token and app secret, or session key and webhook secret).
  credentials bytea not null,
  -- Shown to the user to paste into Meta's webhook settings: not a secret worth sealing.
  verify_token text not null,
  wasender_session_id text,
  qr_code text,
  -- Talks to the built-in simulator instead of graph.facebook.com (demo mode).
  simulated boolean not null default false,
  rate_per_second integer not null default 80 check (rate_per_second between 1 and 1000),
  last_error text,
  last_error_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index whatsapp_connections_tenant_idx on whatsapp_connections (tenant_id, created_at);
-- A number belongs to one workspace at a time.
create unique index whatsapp_connections_phone_key on whatsapp_connections (phone_number_id)
  where phone_number_id is not null;
select parley_tenant_rls('whatsapp_connections');

-- Every webhook body exactly as received: acknowledged after this insert, processed afterwards.
create table webhook_events (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  connection_id uuid not null references whatsapp_connections (id) on delete cascade,
  provider text not null check (provider in ('cloud', 'wasender')),
  body bytea not null,
  status text not null default 'received' check (status in ('received', 'processing', 'processed', 'failed')),
  attempts integer not null default 0,
  -- While processing: until when the claim holds. While received: not before (a deferred retry).
  locked_until timestamptz not null default now(),
  problems jsonb not null default '[]',
  received_at timestamptz not null default now(),
  processed_at timestamptz
);
create index webhook_events_tenant_idx on webhook_events (tenant_id, received_at desc);
create index webhook_events_pending_idx on webhook_events (locked_until) where status in ('received', 'processing');
select parley_tenant_rls('webhook_events');

create table contacts (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  -- E.164 with the leading +; null when WhatsApp gave only a business-scoped user id.
  phone text,
  wa_user_id text,
  name text,
  profile_name text,
  email text,
  attributes jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (phone is not null or wa_user_id is not null)
);
create unique index contacts_phone_key on contacts (tenant_id, phone) where phone is not null;
create unique index contacts_wa_user_key on contacts (tenant_id, wa_user_id) where wa_user_id is not null;
create index contacts_tenant_idx on contacts (tenant_id, created_at desc);
select parley_tenant_rls('contacts');

create table conversations (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  contact_id uuid not null references contacts (id) on delete cascade,
  connection_id uuid not null references whatsapp_connections (id) on delete cascade,
  status text not null default 'open' check (status in ('open', 'pending', 'resolved', 'closed')),
  last_inbound_at timestamptz,
  last_message_at timestamptz,
  last_message_preview text,
  unread_count integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint conversations_contact_connection_key unique (tenant_id, contact_id, connection_id)
);
create index conversations_recent_idx on conversations (tenant_id, last_message_at desc nulls last, id);
select parley_tenant_rls('conversations');

create table media_files (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  connection_id uuid references whatsapp_connections (id) on delete set null,
  direction text not null check (direction in ('inbound', 'outbound')),
  status text not null check (status in ('pending', 'stored', 'failed')),
  -- WhatsApp's media id: inbound to download, outbound once uploaded to the number.
  wa_media_id text,
  storage_key text,
  mime_type text,
  filename text,
  size_bytes bigint,
  sha256 text,
  attempts integer not null default 0,
  error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index media_files_tenant_idx on media_files (tenant_id, created_at desc);
select parley_tenant_rls('media_files');

create table messages (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  conversation_id uuid not null references conversations (id) on delete cascade,
  connection_id uuid not null references whatsapp_connections (id) on delete cascade,
  direction text not null check (direction in ('inbound', 'outbound')),
  wa_message_id text,
  type text not null,
  content jsonb not null default '{}',
  raw jsonb,
  media_id uuid references media_files (id) on delete set null,
  status text not null check (status in ('received', 'queued', 'sending', 'sent', 'delivered', 'read', 'failed')),
  error jsonb,
  attempts integer not null default 0,
  sender_user_id uuid references users (id) on delete set null,
  reply_to_wa_id text,
  sent_at timestamptz,
  delivered_at timestamptz,
  read_at timestamptz,
  failed_at timestamptz,
  -- When WhatsApp says it happened (inbound) or when the agent wrote it (outbound).
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
-- Meta retries webhooks and may send one twice: this makes the second copy a no-op.
create unique index messages_wa_id_key on messages (tenant_id, wa_message_id) where wa_message_id is not null;
create index messages_conversation_idx on messages (tenant_id, conversation_id, created_at desc, id desc);
select parley_tenant_rls('messages');

create table message_templates (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  connection_id uuid not null references whatsapp_connections (id) on delete cascade,
  wa_template_id text,
  name text not null,
  language text not null,
  category text,
  status text not null,
  components jsonb not null default '[]',
  rejected_reason text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint message_templates_name_key unique (tenant_id, connection_id, name, language)
);
create index message_templates_wa_idx on message_templates (tenant_id, wa_template_id);
select parley_tenant_rls('message_templates');

-- Order of delivery states for monotonic updates: a status replaces only a lower one, so a late
-- "delivered" never overwrites "read"; failed is final.
create function message_status_rank(s text) returns integer immutable language sql as $$
  select case s when 'sent' then 1 when 'delivered' then 2 when 'read' then 3 when 'failed' then 4 else 0 end
$$;
