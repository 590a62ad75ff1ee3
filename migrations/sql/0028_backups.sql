-- Backups (docs/backup.md): one row per `parley backup` (the CLI, the schedule, the admin's "Back up now", the one
-- `parley migrate` takes first), with the manifest it wrote and the last restore check made of it. A global table
-- of the platform admin, reached by the system role only (bootstrap's SYSTEM_TABLES); the files themselves live in
-- the backup directory or bucket, named by the id.

create table backups (
  id uuid primary key,
  reason text not null check (reason in ('manual', 'scheduled', 'before_migrate', 'install')),
  status text not null default 'running' check (status in ('running', 'done', 'failed')),
  -- Where the files are: a directory, or `s3://bucket/prefix/<id>/`.
  location text not null,
  -- A scheduled backup's day (UTC): unique, so nodes running the schedule at once make one backup a day.
  scheduled_for date unique,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  -- Bytes of the files (dump, media, manifest).
  size_bytes bigint,
  manifest jsonb,
  error text,
  -- The last restore check: when, whether it passed, and each check's outcome.
  verified_at timestamptz,
  verify_ok boolean,
  verify_detail jsonb
);
create index backups_started_idx on backups (started_at desc);
