//! Message retention (a workspace's "delete messages and media older than N days") and the storage objects
//! waiting to be deleted, which its sweep retries.

use super::contact::redact_messages;
use crate::TenantTx;
use crate::repo::stmt;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};

#[derive(Debug, Clone, Default, FromQueryResult)]
pub struct PrivacySettingsRow {
    pub retention_days: Option<i32>,
    pub retention_ran_at: Option<DateTime<Utc>>,
}

pub async fn settings(tx: &TenantTx) -> Result<PrivacySettingsRow, DbErr> {
    Ok(PrivacySettingsRow::find_by_statement(stmt("select retention_days, retention_ran_at from privacy_settings", []))
        .one(&tx.tx)
        .await?
        .unwrap_or_default())
}

pub async fn set_retention(tx: &TenantTx, days: Option<i32>) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "insert into privacy_settings (tenant_id, retention_days) values ($1, $2)
         on conflict (tenant_id) do update set retention_days = excluded.retention_days, updated_at = now()",
        [tx.tenant_id.0.into(), days.into()],
    ))
    .await?;
    Ok(())
}

pub async fn mark_ran(tx: &TenantTx) -> Result<(), DbErr> {
    tx.execute_raw(stmt("update privacy_settings set retention_ran_at = now()", [])).await?;
    Ok(())
}

/// Redacts up to `limit` of the oldest messages created before `before`. Answers (messages, files).
pub async fn redact_older(tx: &TenantTx, before: DateTime<Utc>, limit: i64) -> Result<(i64, i64), DbErr> {
    redact_messages(
        tx,
        "select id from messages where redacted_at is null and created_at < $1 order by created_at limit $2",
        [before.into(), limit.into()],
    )
    .await
}

/// Keys waiting for deletion (oldest first), at most `limit`.
pub async fn pending_deletions(tx: &TenantTx, limit: i64) -> Result<Vec<String>, DbErr> {
    #[derive(FromQueryResult)]
    struct Key {
        storage_key: String,
    }
    Ok(Key::find_by_statement(stmt(
        "select storage_key from media_deletions order by created_at limit $1",
        [limit.into()],
    ))
    .all(&tx.tx)
    .await?
    .into_iter()
    .map(|k| k.storage_key)
    .collect())
}

pub async fn deleted(tx: &TenantTx, keys: &[String]) -> Result<(), DbErr> {
    if keys.is_empty() {
        return Ok(());
    }
    tx.execute_raw(stmt("delete from media_deletions where storage_key = any($1)", [keys.to_vec().into()])).await?;
    Ok(())
}

pub async fn deletion_failed(tx: &TenantTx, key: &str, error: &str) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "update media_deletions set attempts = attempts + 1, last_error = $2 where storage_key = $1",
        [key.to_owned().into(), error.to_owned().into()],
    ))
    .await?;
    Ok(())
}
