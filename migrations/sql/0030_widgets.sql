-- The website chat widget (issue 18): widgets, one per site, and the visitors who write through them.
--
-- A widget's conversations are conversations like any other, so each widget has its own channel row: a
-- `whatsapp_connections` row of kind `widget` (always connected, no credentials worth sealing). Its visitors
-- become contacts with `source = 'widget'`, which may have no phone and no WhatsApp id.

alter table whatsapp_connections drop constraint whatsapp_connections_kind_check;
alter table whatsapp_connections add constraint whatsapp_connections_kind_check
  check (kind in ('cloud', 'wasender', 'widget'));

alter table contacts drop constraint contacts_check;
alter table contacts add constraint contacts_reachable_check
  check (phone is not null or wa_user_id is not null or source = 'widget');

create table widgets (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  -- The public id in the snippet: anyone may read it from the site's page, so it grants nothing by itself.
  key text not null check (char_length(key) between 22 and 64),
  connection_id uuid not null references whatsapp_connections (id) on delete cascade,
  name text not null check (char_length(name) between 1 and 100),
  -- Host names (`shop.example.com`, `*.example.com`); the page's Origin must match one.
  allowed_domains text[] not null default '{}',
  -- `#rrggbb`; null follows the brand's primary colour.
  color text check (color ~ '^#[0-9a-f]{6}$'),
  position text not null default 'right' check (position in ('right', 'left')),
  -- Language code → text, for the ten languages of the product.
  greeting jsonb not null default '{}',
  away_text jsonb not null default '{}',
  -- {name, email, phone, consent: off|optional|required, consentText: {lang: text}}
  prechat jsonb not null default '{}',
  team_id uuid references teams (id) on delete set null,
  whatsapp_connection_id uuid references whatsapp_connections (id) on delete set null,
  whatsapp_text text check (char_length(whatsapp_text) <= 500),
  -- AES-256-GCM sealed HMAC key of `Parley.identify`, like a number's credentials.
  identity_secret bytea not null,
  enabled boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index widgets_key_key on widgets (key);
create index widgets_tenant_idx on widgets (tenant_id, created_at);
create unique index widgets_connection_key on widgets (tenant_id, connection_id);
select parley_tenant_rls('widgets');

create table widget_visitors (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  widget_id uuid not null references widgets (id) on delete cascade,
  -- SHA-256 of the visitor token; the token itself lives only in the visitor's browser.
  token_hash bytea not null,
  -- Short public reference agents see and the wa.me text carries.
  ref text not null check (char_length(ref) = 8),
  -- Made when the visitor first writes or says who they are, not for every page view.
  contact_id uuid references contacts (id) on delete set null,
  conversation_id uuid references conversations (id) on delete set null,
  name text check (char_length(name) <= 200),
  email text check (char_length(email) <= 320),
  phone text check (char_length(phone) <= 32),
  consent boolean,
  -- Page URL and title, referrer, UTM, browser, language, time zone, country (guessed from the time zone).
  context jsonb not null default '{}',
  -- The last 50 pages of this visitor: [{url, title, at}].
  pages jsonb not null default '[]',
  identified boolean not null default false,
  first_seen_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now()
);
create unique index widget_visitors_token_key on widget_visitors (token_hash);
create unique index widget_visitors_ref_key on widget_visitors (tenant_id, ref);
create index widget_visitors_widget_idx on widget_visitors (tenant_id, widget_id, last_seen_at desc);
create index widget_visitors_conversation_idx on widget_visitors (tenant_id, conversation_id)
  where conversation_id is not null;
create index widget_visitors_contact_idx on widget_visitors (tenant_id, contact_id) where contact_id is not null;
select parley_tenant_rls('widget_visitors');

-- A visitor's upload, so that only they may send or fetch it until it is part of their conversation.
alter table media_files add column visitor_id uuid references widget_visitors (id) on delete set null;
create index media_files_visitor_idx on media_files (tenant_id, visitor_id) where visitor_id is not null;
