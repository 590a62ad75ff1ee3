//! The system path for the health report (`parley doctor`, the admin's System page): facts about the database
//! itself, the migrations applied, the job queue's backlog and the WhatsApp numbers' states across workspaces.
//! Read-only, counts and names only: no workspace's content.

use crate::Db;
use crate::repo::stmt;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, Database, DbBackend, DbErr, FromQueryResult, Statement};

#[derive(Debug, Clone, FromQueryResult)]
pub struct DatabaseFacts {
    /// `server_version` (e.g. `15.8 (Debian 15.8-0+deb12u1)`).
    pub version: String,
    /// `server_version_num` (e.g. 150008).
    pub version_num: i32,
    /// The database's clock.
    pub now: DateTime<Utc>,
}

pub async fn database_facts(db: &Db) -> Result<Option<DatabaseFacts>, DbErr> {
    DatabaseFacts::find_by_statement(stmt(
        "select current_setting('server_version') as version,
                current_setting('server_version_num')::int as version_num, now() as now",
        [],
    ))
    .one(db.system())
    .await
}

#[derive(FromQueryResult)]
struct Version {
    version: String,
}

/// The migrations this binary carries, in apply order.
pub fn known_migrations() -> Vec<String> {
    parley_migrations::names().into_iter().map(str::to_owned).collect()
}

/// The names of the migrations applied, through `parley_applied_migrations()` (the table is the owner's alone).
/// Fails when the function is missing, i.e. migration 0029 itself is not applied yet.
pub async fn applied_migrations(db: &Db) -> Result<Vec<String>, DbErr> {
    let rows = Version::find_by_statement(stmt("select version from parley_applied_migrations()", []))
        .all(db.system())
        .await?;
    Ok(rows.into_iter().map(|r| r.version).collect())
}

/// The names of the migrations applied, read with the owner's URL (`parley migrate --check`, before any runtime
/// role may exist). A database without the bookkeeping table has applied none.
pub async fn applied_migrations_as_owner(owner_url: &str) -> Result<Vec<String>, DbErr> {
    let mut opt = sea_orm::ConnectOptions::new(owner_url.to_owned());
    opt.max_connections(1).min_connections(1).connect_timeout(std::time::Duration::from_secs(5)).sqlx_logging(false);
    let conn = Database::connect(opt).await?;
    let exists = conn
        .query_one_raw(Statement::from_string(
            DbBackend::Postgres,
            "select to_regclass('public.seaql_migrations') is not null as present",
        ))
        .await?
        .map(|r| r.try_get::<bool>("", "present"))
        .transpose()?
        .unwrap_or(false);
    let names = if exists {
        let rows = conn
            .query_all_raw(Statement::from_string(
                DbBackend::Postgres,
                "select version from seaql_migrations order by 1",
            ))
            .await?;
        rows.into_iter().map(|r| r.try_get::<String>("", "version")).collect::<Result<Vec<_>, _>>()?
    } else {
        vec![]
    };
    conn.close().await?;
    Ok(names)
}

/// One apalis queue's backlog.
#[derive(Debug, Clone, FromQueryResult)]
pub struct QueueBacklog {
    pub queue: String,
    /// Due and not picked up yet.
    pub waiting: i64,
    /// Failed once and waiting for a retry.
    pub retrying: i64,
    /// Gave up (out of attempts, or killed).
    pub dead: i64,
    /// How long the oldest due job has waited, in seconds (0 without one).
    pub oldest_wait_secs: i64,
}

/// Per queue, jobs that are due but not running, retrying and dead (the last day's, so one old failure does not
/// stay a warning for ever).
pub async fn queue_backlog(db: &Db) -> Result<Vec<QueueBacklog>, DbErr> {
    QueueBacklog::find_by_statement(stmt(
        "select job_type as queue,
                count(*) filter (where status = 'Pending' and run_at <= now()) as waiting,
                count(*) filter (where status = 'Failed' and attempts < max_attempts) as retrying,
                count(*) filter (where (status = 'Killed' or (status = 'Failed' and attempts >= max_attempts))
                                   and coalesce(done_at, run_at) > now() - interval '1 day') as dead,
                coalesce(extract(epoch from now() - min(run_at) filter (where status = 'Pending' and run_at <= now())),
                         0)::bigint as oldest_wait_secs
           from apalis.jobs
          where status in ('Pending', 'Failed', 'Killed')
          group by job_type order by job_type",
        [],
    ))
    .all(db.system())
    .await
}

/// WhatsApp numbers across workspaces, by what needs a person.
#[derive(Debug, Clone, FromQueryResult)]
pub struct NumberStates {
    pub total: i64,
    /// Meta refused the token (expired or revoked): the owner must reconnect.
    pub token_failed: i64,
    /// Disconnected or waiting for a QR scan.
    pub disconnected: i64,
    /// Up to five affected numbers, `name (workspace)`, for the report.
    pub examples: Option<String>,
}

pub async fn number_states(db: &Db) -> Result<Option<NumberStates>, DbErr> {
    NumberStates::find_by_statement(stmt(
        "select count(*) as total,
                count(*) filter (where c.status = 'needs_attention') as token_failed,
                count(*) filter (where c.status in ('disconnected', 'need_scan')) as disconnected,
                (select string_agg(x.label, ', ') from (
                   select coalesce(c2.display_phone_number, c2.name) || ' (' || t.name || ')' as label
                     from whatsapp_connections c2 join tenants t on t.id = c2.tenant_id
                    where c2.status in ('needs_attention', 'disconnected', 'need_scan')
                    order by c2.status = 'needs_attention' desc, c2.updated_at desc limit 5) x) as examples
           from whatsapp_connections c
          where c.kind <> 'widget'",
        [],
    ))
    .one(db.system())
    .await
}

/// Round trip to the database through the system pool (the latency the report shows).
pub async fn ping(db: &Db) -> Result<(), DbErr> {
    db.system().execute_unprepared("select 1").await.map(|_| ())
}
