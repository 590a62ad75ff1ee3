-- The platform admin's own wording of the web app's strings (docs/languages.md, "Overrides"): one text per language
-- and key, shown instead of the built-in translation without a rebuild. Global, not a tenant's: the system pool
-- reads and writes it (bootstrap's SYSTEM_TABLES).
create table string_overrides (
  locale text not null check (locale ~ '^[a-z]{2}$'),
  key text not null check (char_length(key) between 1 and 200),
  value text not null check (char_length(value) between 1 and 2000),
  -- The platform admin who wrote it.
  updated_by uuid,
  updated_at timestamptz not null default now(),
  constraint string_overrides_pkey primary key (locale, key)
);

-- One counter every change bumps, in the same statement: the public endpoint's ETag, the same on every node, so a
-- browser's copy is replaced on its next load after a change.
create table string_overrides_version (
  id boolean primary key default true check (id),
  version bigint not null default 0
);
insert into string_overrides_version (id, version) values (true, 0);
