-- A workspace's optional IP allow-list for sign-in and API keys (docs/security.md, "HTTP hardening"). A column on
-- `tenants`, not a table: it is one small value per workspace, read on every API-key request right next to the
-- tenant row that request already loads, and `tenants` is already under row-level security. `cidr` makes PostgreSQL
-- refuse anything that is not a network; empty means no restriction.
alter table tenants add column ip_allowlist cidr[] not null default '{}';
