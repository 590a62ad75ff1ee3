-- Operations (docs/upgrade.md): maintenance mode, and what `parley doctor` reads of the migrator's bookkeeping.
--
-- Maintenance mode is one row shared by every node (it survives a restart); nodes cache it briefly and hear of a
-- toggle through Redis. Global, not a tenant's: the system pool reads and writes it (bootstrap's SYSTEM_TABLES).
create table maintenance_mode (
  id boolean primary key default true check (id),
  enabled boolean not null default false,
  message text check (char_length(message) <= 500),
  -- Who turned it on (a platform admin), or null from the command line.
  changed_by uuid,
  changed_at timestamptz not null default now()
);
insert into maintenance_mode (id, enabled) values (true, false);

-- The migrations applied, by name: `seaql_migrations` stays the owner's alone, so the health report (run by the
-- system role) reads it through this one function, which answers names and nothing else.
create function parley_applied_migrations()
returns table (version text)
language sql stable security definer set search_path = public as $$
  select version from seaql_migrations order by version
$$;
revoke all on function parley_applied_migrations() from public;
do $$ begin
  if exists (select 1 from pg_roles where rolname = 'parley_system') then
    grant execute on function parley_applied_migrations() to parley_system;
  end if;
end $$;
