//! Platform-wide key/value settings (generated secrets shared by every node).

use super::stmt;
use sea_orm::{ConnectionTrait, DbErr};

/// Stores `value` under `key` unless a value is already there, and answers the stored one, so
/// nodes starting together agree on a single generated secret.
pub async fn get_or_insert<C: ConnectionTrait>(c: &C, key: &str, value: &str) -> Result<String, DbErr> {
    c.execute_raw(stmt(
        "insert into platform_settings (key, value) values ($1, $2) on conflict (key) do nothing",
        [key.into(), value.into()],
    ))
    .await?;
    let row = c.query_one_raw(stmt("select value from platform_settings where key = $1", [key.into()])).await?;
    match row {
        Some(r) => r.try_get::<String>("", "value"),
        None => Err(DbErr::RecordNotFound(format!("platform setting {key}"))),
    }
}
