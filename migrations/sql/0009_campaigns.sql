-- Campaigns: template broadcasts to an audience, one row per recipient materialised at start, claimed in batches,
-- marked `sending` before the Graph API call (the row id travels as `biz_opaque_callback_data`) and settled by the
-- answer or by status webhooks. A suppression list, and the price table cost estimates read.

create table campaigns (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  name text not null,
  status text not null default 'draft'
    check (status in ('draft', 'scheduled', 'running', 'paused', 'completed', 'cancelled', 'failed')),
  -- Why it is paused or failed (an error Meta answered, a number disconnected, the template deleted).
  status_reason text,
  -- The numbers it sends from: recipients are spread over them.
  connection_ids uuid[] not null default '{}',
  template_id uuid references message_templates (id) on delete set null,
  -- The template as it was at launch (name, language, category, components): what every recipient gets.
  template jsonb,
  -- How each template parameter is filled: [{slot, source: field|constant|csv, value, fallback}].
  variables jsonb not null default '[]',
  -- A media header's link, when the template has one.
  header_media_url text,
  -- Segments and labels to include and exclude, and whether the uploaded CSV is the audience.
  audience jsonb not null default '{}',
  schedule_at timestamptz,
  timezone text not null default 'UTC',
  -- Send at `schedule_at`'s wall-clock time in each recipient's own time zone (from the phone's country).
  recipient_timezone boolean not null default false,
  -- No sends between these minutes of the recipient's local day (e.g. 1260 = 21:00 to 480 = 08:00).
  quiet_start smallint check (quiet_start between 0 and 1439),
  quiet_end smallint check (quiet_end between 0 and 1439),
  -- At most this many messages per second from each number (never above the number's own limit).
  rate_per_second integer check (rate_per_second between 1 and 1000),
  -- A customer's reply starts this flow.
  reply_flow_id uuid references flows (id) on delete set null,
  estimated_cost numeric(14, 4),
  -- What pre-send checks and materialisation found: counts left out and why.
  audience_summary jsonb,
  recipients_total integer not null default 0,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  started_at timestamptz,
  completed_at timestamptz
);
create index campaigns_tenant_idx on campaigns (tenant_id, created_at desc, id desc);
create index campaigns_active_idx on campaigns (status) where status in ('scheduled', 'running');
select parley_tenant_rls('campaigns');

-- An uploaded CSV's rows (the audience, or extra columns for variables), kept with the draft.
create table campaign_csv_rows (
  tenant_id uuid not null references tenants (id) on delete cascade,
  campaign_id uuid not null references campaigns (id) on delete cascade,
  phone text not null,
  data jsonb not null default '{}',
  primary key (campaign_id, phone)
);
select parley_tenant_rls('campaign_csv_rows');

create table campaign_recipients (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  campaign_id uuid not null references campaigns (id) on delete cascade,
  contact_id uuid references contacts (id) on delete set null,
  -- E.164: one row per person and campaign, whatever the audience's overlap.
  phone text not null,
  connection_id uuid references whatsapp_connections (id) on delete set null,
  -- Each template parameter's value for this person ({"body.1": "Ana", ...}), filled at materialisation.
  vars jsonb not null default '{}',
  status text not null default 'pending'
    check (status in ('pending', 'sending', 'sent', 'delivered', 'read', 'replied', 'failed', 'skipped', 'unknown')),
  -- Not before this time (the schedule in the recipient's time zone, quiet hours, a deferral after 131049).
  not_before timestamptz not null default now(),
  -- Meta's answer that the message is held for a quality assessment.
  held boolean not null default false,
  attempts smallint not null default 0,
  message_id uuid references messages (id) on delete set null,
  wa_message_id text,
  error_code text,
  error_reason text,
  -- A failure that "retry failed" may send again (throttling, a network error); never one Meta says is final.
  retryable boolean not null default false,
  pricing_category text,
  cost numeric(10, 4),
  claimed_at timestamptz,
  sent_at timestamptz,
  delivered_at timestamptz,
  read_at timestamptz,
  replied_at timestamptz,
  failed_at timestamptz,
  clicked_at timestamptz,
  constraint campaign_recipients_once unique (campaign_id, phone)
);
create index campaign_recipients_due_idx on campaign_recipients (campaign_id, not_before)
  where status = 'pending';
create index campaign_recipients_state_idx on campaign_recipients (campaign_id, status, id);
create index campaign_recipients_sending_idx on campaign_recipients (claimed_at) where status = 'sending';
create index campaign_recipients_contact_idx on campaign_recipients (tenant_id, contact_id, sent_at desc)
  where sent_at is not null;
create unique index campaign_recipients_wa_idx on campaign_recipients (tenant_id, wa_message_id)
  where wa_message_id is not null;
select parley_tenant_rls('campaign_recipients');

-- Numbers never to message in a campaign, whatever the audience says.
create table suppressions (
  tenant_id uuid not null references tenants (id) on delete cascade,
  phone text not null,
  reason text,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, phone)
);
select parley_tenant_rls('suppressions');

-- What one delivered template message costs, by the recipient's country (ISO code, or '*' for any other) and the
-- template's category. Platform-wide: the platform admin keeps it current with Meta's rate card.
create table message_prices (
  country text not null,
  category text not null check (category in ('marketing', 'utility', 'authentication', 'service')),
  price numeric(10, 4) not null check (price >= 0),
  currency text not null default 'USD',
  updated_at timestamptz not null default now(),
  primary key (country, category)
);
insert into message_prices (country, category, price) values
  ('*', 'marketing', 0.0500), ('*', 'utility', 0.0150), ('*', 'authentication', 0.0150), ('*', 'service', 0),
  ('US', 'marketing', 0.0250), ('US', 'utility', 0.0040), ('US', 'authentication', 0.0135),
  ('GB', 'marketing', 0.0529), ('GB', 'utility', 0.0220), ('GB', 'authentication', 0.0358),
  ('DE', 'marketing', 0.1365), ('DE', 'utility', 0.0550), ('DE', 'authentication', 0.0768),
  ('FR', 'marketing', 0.1432), ('FR', 'utility', 0.0300), ('FR', 'authentication', 0.0690),
  ('ES', 'marketing', 0.0615), ('ES', 'utility', 0.0200), ('ES', 'authentication', 0.0345),
  ('IT', 'marketing', 0.0691), ('IT', 'utility', 0.0300), ('IT', 'authentication', 0.0385),
  ('BR', 'marketing', 0.0625), ('BR', 'utility', 0.0080), ('BR', 'authentication', 0.0315),
  ('MX', 'marketing', 0.0305), ('MX', 'utility', 0.0085), ('MX', 'authentication', 0.0240),
  ('IN', 'marketing', 0.0107), ('IN', 'utility', 0.0014), ('IN', 'authentication', 0.0014),
  ('ID', 'marketing', 0.0411), ('ID', 'utility', 0.0250), ('ID', 'authentication', 0.0300),
  ('SA', 'marketing', 0.0455), ('SA', 'utility', 0.0115), ('SA', 'authentication', 0.0107),
  ('AE', 'marketing', 0.0384), ('AE', 'utility', 0.0157), ('AE', 'authentication', 0.0178),
  ('EG', 'marketing', 0.1073), ('EG', 'utility', 0.0052), ('EG', 'authentication', 0.0065),
  ('NG', 'marketing', 0.0516), ('NG', 'utility', 0.0067), ('NG', 'authentication', 0.0075),
  ('ZA', 'marketing', 0.0379), ('ZA', 'utility', 0.0076), ('ZA', 'authentication', 0.0078),
  ('TR', 'marketing', 0.0109), ('TR', 'utility', 0.0053), ('TR', 'authentication', 0.0083);

-- A number's messaging limit (unique customers it may start conversations with per rolling 24 hours; null is
-- unlimited), read from Meta when it says, editable otherwise.
alter table whatsapp_connections add column messaging_limit integer default 250 check (messaging_limit > 0);
alter table whatsapp_connections add column quality_rating text;

-- The campaign a message was sent by, and the one a conversation was started or answered for (the inbox tag).
alter table messages add column campaign_id uuid references campaigns (id) on delete set null;
alter table conversations add column campaign_id uuid references campaigns (id) on delete set null;
