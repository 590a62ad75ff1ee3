-- Brands, custom domains and branded mail (docs/agencies.md). A brand belongs to an agency (its clients inherit
-- it) or to a workspace whose plan has custom branding. Requests before sign-in find the brand by `Host` through
-- the system path (only active domains); everything else is under row-level security as usual.

create table brands (
  tenant_id uuid primary key references tenants (id) on delete cascade,
  product_name text check (length(product_name) between 1 and 60),
  primary_color text check (primary_color ~ '^#[0-9a-f]{6}$'),
  accent_color text check (accent_color ~ '^#[0-9a-f]{6}$'),
  login_title text check (length(login_title) <= 120),
  login_text text check (length(login_text) <= 600),
  support_email text,
  support_url text,
  terms_url text,
  privacy_url text,
  powered_by boolean not null default true,
  mail_from_name text check (length(mail_from_name) <= 80),
  mail_from_address text,
  mail_sender_token text,
  mail_sender_status text not null default 'none' check (mail_sender_status in ('none', 'pending', 'verified', 'failing')),
  mail_sender_checked_at timestamptz,
  -- Bumped on every change; caches and asset URLs carry it.
  version integer not null default 1,
  updated_at timestamptz not null default now()
);
select parley_tenant_rls('brands');

create table brand_assets (
  tenant_id uuid not null references tenants (id) on delete cascade,
  kind text not null check (kind in ('logo_light', 'logo_dark', 'favicon', 'login_image')),
  content_type text not null,
  bytes bytea not null,
  sha256 text not null,
  updated_at timestamptz not null default now(),
  constraint brand_assets_pkey primary key (tenant_id, kind)
);
select parley_tenant_rls('brand_assets');

create table custom_domains (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  domain text not null check (domain ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$'),
  token text not null,
  status text not null default 'pending' check (status in ('pending', 'active', 'failing')),
  verified_at timestamptz,
  last_checked_at timestamptz,
  last_error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index custom_domains_tenant_domain_key on custom_domains (tenant_id, domain);
-- One workspace owns a domain once it proved it; others may still add it and fail verification.
create unique index custom_domains_verified_key on custom_domains (domain) where verified_at is not null;
create index custom_domains_check_idx on custom_domains (last_checked_at);
select parley_tenant_rls('custom_domains');

-- Owners' own texts of the mail templates, per template and language.
create table mail_templates (
  tenant_id uuid not null references tenants (id) on delete cascade,
  key text not null check (key ~ '^[a-z_]{1,40}$'),
  locale text not null check (locale ~ '^[a-z]{2}$'),
  subject text not null check (length(subject) between 1 and 200),
  body text not null check (length(body) between 1 and 10000),
  updated_at timestamptz not null default now(),
  constraint mail_templates_pkey primary key (tenant_id, key, locale)
);
select parley_tenant_rls('mail_templates');

-- The sender of each mail (the brand's, when verified; the platform's address with the brand's name otherwise).
alter table mail_outbox add column from_name text;
alter table mail_outbox add column from_address text;
