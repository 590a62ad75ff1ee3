-- Monthly meters are applied while the metering transaction commits. A write queues its use here; a deferred
-- constraint trigger makes it the same conditional upsert of `usage_meters` as before (`used + n <= max`) at
-- COMMIT, so a workspace's meter row is locked for the commit only, not from a statement in the middle of the
-- transaction through the application's round trips to its commit: concurrent sends of one workspace no longer
-- queue behind each other. When the use would pass `max`, the trigger raises SQLSTATE PQ402 and the commit fails:
-- nothing of the write is stored, and racing writers at the limit still let exactly the allowed number through.
-- Rows live only inside their transaction (the trigger deletes its row), hence unlogged and without indexes.
create unlogged table usage_increments (
  tenant_id uuid not null,
  meter text not null,
  period_start timestamptz not null,
  n bigint not null,
  max bigint
);
select parley_tenant_rls('usage_increments');

create function parley_apply_usage() returns trigger language plpgsql as $$
declare
  total bigint;
begin
  insert into usage_meters as u (tenant_id, meter, period_start, used)
  select new.tenant_id, new.meter, new.period_start, new.n where new.max is null or new.n <= new.max
  on conflict (tenant_id, meter, period_start)
    do update set used = u.used + excluded.used, updated_at = now()
    where new.max is null or u.used + excluded.used <= new.max
  returning used into total;
  if total is null then
    raise exception 'the % meter is at its limit of %', new.meter, new.max using errcode = 'PQ402';
  end if;
  delete from usage_increments where ctid = new.ctid;
  return null;
end $$;

create constraint trigger usage_increments_apply after insert on usage_increments
  deferrable initially deferred for each row execute function parley_apply_usage();
