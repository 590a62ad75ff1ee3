//! The platform admin's own wording of web strings (`string_overrides`) and the counter each change bumps
//! (`string_overrides_version`), on the system path: the rows are the platform's, not a workspace's.

use crate::Db;
use crate::repo::stmt;
use chrono::{DateTime, Utc};
use sea_orm::{DbErr, FromQueryResult};
use uuid::Uuid;

#[derive(Debug, Clone, FromQueryResult)]
pub struct OverrideRow {
    pub locale: String,
    pub key: String,
    pub value: String,
    pub updated_at: DateTime<Utc>,
}

#[derive(FromQueryResult)]
struct Version {
    version: i64,
}

/// The counter every change bumps (0 before the first).
pub async fn version(db: &Db) -> Result<i64, DbErr> {
    Ok(Version::find_by_statement(stmt("select version from string_overrides_version", []))
        .one(db.system())
        .await?
        .map_or(0, |v| v.version))
}

/// A language's overrides, by key.
pub async fn list(db: &Db, locale: &str) -> Result<Vec<OverrideRow>, DbErr> {
    OverrideRow::find_by_statement(stmt(
        "select locale, key, value, updated_at from string_overrides where locale = $1 order by key",
        [locale.into()],
    ))
    .all(db.system())
    .await
}

/// Writes (or rewrites) one override and bumps the counter, in one statement.
pub async fn put(db: &Db, locale: &str, key: &str, value: &str, by: Uuid) -> Result<OverrideRow, DbErr> {
    let row = OverrideRow::find_by_statement(stmt(
        "with saved as (
             insert into string_overrides (locale, key, value, updated_by, updated_at) values ($1, $2, $3, $4, now())
             on conflict (locale, key) do update
               set value = excluded.value, updated_by = excluded.updated_by, updated_at = now()
             returning locale, key, value, updated_at
         ), bumped as (update string_overrides_version set version = version + 1 returning 1)
         select saved.* from saved",
        [locale.into(), key.into(), value.into(), by.into()],
    ))
    .one(db.system())
    .await?;
    row.ok_or_else(|| DbErr::RecordNotInserted)
}

/// Removes one override (bumping the counter when there was one); false when there was none. (A data-modifying
/// `with` runs whether or not the final select reads it.)
pub async fn delete(db: &Db, locale: &str, key: &str) -> Result<bool, DbErr> {
    #[derive(FromQueryResult)]
    struct Count {
        n: i64,
    }
    let n = Count::find_by_statement(stmt(
        "with gone as (delete from string_overrides where locale = $1 and key = $2 returning 1),
              bumped as (update string_overrides_version set version = version + 1 where exists (select 1 from gone)
                         returning 1)
         select count(*) as n from gone",
        [locale.into(), key.into()],
    ))
    .one(db.system())
    .await?
    .map_or(0, |c| c.n);
    Ok(n > 0)
}
