//! The `backups` table: one row per backup with its manifest and its last restore check. Global (no tenant): the
//! platform admin reads it through the system pool; `parley backup`, `restore` and `migrate` write it with the
//! owner's connection before the app's pools exist, so every function takes the connection to use.

use crate::Db;
use crate::repo::stmt;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use uuid::Uuid;

#[derive(Debug, Clone, FromQueryResult)]
pub struct BackupRow {
    pub id: Uuid,
    pub reason: String,
    pub status: String,
    pub location: String,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub size_bytes: Option<i64>,
    pub manifest: Option<serde_json::Value>,
    pub error: Option<String>,
    pub verified_at: Option<DateTime<Utc>>,
    pub verify_ok: Option<bool>,
    pub verify_detail: Option<serde_json::Value>,
}

const SELECT: &str = "select id, reason, status, location, started_at, finished_at, size_bytes, manifest, error,
        verified_at, verify_ok, verify_detail from backups";

/// Whether the table exists yet: `parley migrate` backs up a database that may predate it.
pub async fn table_exists<C: ConnectionTrait>(c: &C) -> Result<bool, DbErr> {
    let row = c.query_one_raw(stmt("select to_regclass('public.backups') is not null as present", [])).await?;
    Ok(match row {
        Some(r) => r.try_get("", "present")?,
        None => false,
    })
}

/// The advisory lock naming the backup whose id `id` (an SQL expression) gives, while it is being made.
fn running_lock(id: &str) -> String {
    format!("hashtextextended('parley-backup:' || {id}::text, 0)")
}

/// Marks the backup `id` as being made for as long as transaction `c` stays open: PostgreSQL lets go of the lock when
/// the session ends, so a process that dies mid-backup leaves a row `fail_interrupted` can tell apart.
pub async fn hold_running<C: ConnectionTrait>(c: &C, id: Uuid) -> Result<(), DbErr> {
    c.execute_raw(stmt(&format!("select pg_advisory_xact_lock({})", running_lock("$1")), [id.into()])).await?;
    Ok(())
}

/// Backups recorded as running whose maker is gone (their lock is free): failed, with why. Answers how many.
pub async fn fail_interrupted(db: &Db) -> Result<u64, DbErr> {
    // The locks this takes belong to its own statement's transaction and end with it: a live backup's is never free.
    let res = db
        .system()
        .execute_raw(stmt(
            &format!(
                "update backups set status = 'failed', finished_at = now(), error = $1
                 where status = 'running' and pg_try_advisory_xact_lock({})",
                running_lock("id")
            ),
            [INTERRUPTED.into()],
        ))
        .await?;
    Ok(res.rows_affected())
}

/// The error of a backup whose process stopped while making it.
pub const INTERRUPTED: &str = "interrupted: the process making this backup stopped before it finished";

/// Records a backup that starts now. A scheduled one names its day: `false` when another node already claimed it.
pub async fn start<C: ConnectionTrait>(
    c: &C,
    id: Uuid,
    reason: &str,
    location: &str,
    scheduled_for: Option<NaiveDate>,
) -> Result<bool, DbErr> {
    let res = c
        .execute_raw(stmt(
            "insert into backups (id, reason, location, scheduled_for) values ($1, $2, $3, $4)
             on conflict (scheduled_for) do nothing",
            [id.into(), reason.into(), location.into(), scheduled_for.into()],
        ))
        .await?;
    Ok(res.rows_affected() == 1)
}

pub async fn finish<C: ConnectionTrait>(
    c: &C,
    id: Uuid,
    size_bytes: i64,
    manifest: serde_json::Value,
) -> Result<(), DbErr> {
    c.execute_raw(stmt(
        "update backups set status = 'done', finished_at = now(), size_bytes = $2, manifest = $3, error = null
         where id = $1",
        [id.into(), size_bytes.into(), manifest.into()],
    ))
    .await?;
    Ok(())
}

/// Records a finished backup that has no row yet (made where the table did not exist, e.g. before a migration).
pub async fn insert_done<C: ConnectionTrait>(
    c: &C,
    id: Uuid,
    reason: &str,
    location: &str,
    started_at: DateTime<Utc>,
    size_bytes: i64,
    manifest: serde_json::Value,
) -> Result<(), DbErr> {
    c.execute_raw(stmt(
        "insert into backups (id, reason, status, location, started_at, finished_at, size_bytes, manifest)
         values ($1, $2, 'done', $3, $4, now(), $5, $6) on conflict (id) do nothing",
        [id.into(), reason.into(), location.into(), started_at.into(), size_bytes.into(), manifest.into()],
    ))
    .await?;
    Ok(())
}

pub async fn fail<C: ConnectionTrait>(c: &C, id: Uuid, error: &str) -> Result<(), DbErr> {
    c.execute_raw(stmt(
        "update backups set status = 'failed', finished_at = now(), error = $2 where id = $1",
        [id.into(), error.into()],
    ))
    .await?;
    Ok(())
}

/// Stores a restore check's outcome on its backup (no row: a backup from another install, nothing to record).
pub async fn record_verification<C: ConnectionTrait>(
    c: &C,
    id: Uuid,
    ok: bool,
    detail: serde_json::Value,
) -> Result<bool, DbErr> {
    let res = c
        .execute_raw(stmt(
            "update backups set verified_at = now(), verify_ok = $2, verify_detail = $3 where id = $1",
            [id.into(), ok.into(), detail.into()],
        ))
        .await?;
    Ok(res.rows_affected() == 1)
}

pub async fn delete<C: ConnectionTrait>(c: &C, id: Uuid) -> Result<(), DbErr> {
    c.execute_raw(stmt("delete from backups where id = $1", [id.into()])).await?;
    Ok(())
}

/// Every backup, newest first (a year of daily backups is a few hundred rows).
pub async fn all<C: ConnectionTrait>(c: &C) -> Result<Vec<BackupRow>, DbErr> {
    BackupRow::find_by_statement(stmt(&format!("{SELECT} order by started_at desc, id desc"), [])).all(c).await
}

pub async fn get<C: ConnectionTrait>(c: &C, id: Uuid) -> Result<Option<BackupRow>, DbErr> {
    BackupRow::find_by_statement(stmt(&format!("{SELECT} where id = $1"), [id.into()])).one(c).await
}

/// The platform admin's list, through the system pool.
pub async fn list(db: &Db) -> Result<Vec<BackupRow>, DbErr> {
    all(db.system()).await
}

/// One backup for the platform admin, through the system pool.
pub async fn find(db: &Db, id: Uuid) -> Result<Option<BackupRow>, DbErr> {
    get(db.system(), id).await
}
