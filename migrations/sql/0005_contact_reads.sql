-- The read path for contact lists, counts, exports and bulk selections: `tenant_contacts`, the current
-- workspace's contacts, filtered by the same `app.tenant_id` as the row-level-security policy but as an
-- ordinary condition.
--
-- Why: under forced RLS PostgreSQL evaluates the policy before any condition whose operator is not
-- LEAKPROOF, and refuses such a condition as an index condition. `LIKE` (trigram search) and jsonb `@>`
-- (custom-field filters) are not leakproof, so `contacts_search_trgm` and `contacts_attributes_gin` were never
-- used by `parley_app` and a rare search or a field filter scanned the workspace. Marking those operators
-- LEAKPROOF needs a superuser and changes them for the whole server; this view does not.
--
-- The view belongs to `parley_system` (which bypasses RLS), so the policy is not added on top; its own
-- `where` is the tenant boundary, with the policy's semantics: no tenant set, no rows. `parley_app` may only
-- read it (writes go to `contacts`, under RLS; `migrate` revokes the rest). When the migrating role may not
-- hand the view to `parley_system`, the view stays with the owner, whose reads remain under the forced policy:
-- correct, only without the two indexes (docs/configuration.md says how to allow it).
--
-- A view fixes its column list when created: a migration that adds a column to `contacts` re-creates it.
create view tenant_contacts as
  select * from contacts
   where tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
  with local check option;

do $$
begin
  if exists (select 1 from pg_roles where rolname = 'parley_system') then
    alter view tenant_contacts owner to parley_system;
  end if;
exception when insufficient_privilege then
  raise notice 'tenant_contacts stays with %: contact searches will not use their indexes', current_user;
end $$;
