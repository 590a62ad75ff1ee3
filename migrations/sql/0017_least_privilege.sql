-- Least privilege: the tenant role (parley_app) reads people only as members of the current workspace. Row
-- security on `users` (not forced: the owner migrates and maintains it) gives parley_app the rows of people with a
-- membership in the tenant set for the transaction (memberships is itself under the tenant policy), and
-- parley_auth, the identity pool, every row. parley_system bypasses it. The column grant that hides the password
-- hash is in the bootstrap (grants are rewritten on every start).
alter table users enable row level security;

do $$
begin
  if exists (select 1 from pg_roles where rolname = 'parley_app') then
    create policy users_of_tenant on users for select to parley_app
      using (exists (select 1 from memberships m where m.user_id = users.id));
  end if;
  if exists (select 1 from pg_roles where rolname = 'parley_auth') then
    create policy users_identity on users to parley_auth using (true) with check (true);
  end if;
end $$;

-- Sign-up and invitation acceptance write the person on the identity pool and the membership (with its audit
-- entry) on the tenant pool, in two transactions committed in that order: the references to the person are
-- checked at the tenant transaction's commit, when the person is there.
alter table memberships alter constraint memberships_user_id_fkey deferrable initially deferred;
alter table audit_logs alter constraint audit_logs_actor_user_id_fkey deferrable initially deferred;
