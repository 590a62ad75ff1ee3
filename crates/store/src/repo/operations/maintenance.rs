//! The system path for maintenance mode: its one shared row (migration 0029), read by every node's cache and
//! written by the platform admin or `parley maintenance`. Nothing here touches a workspace's data.

use crate::Db;
use crate::repo::stmt;
use chrono::{DateTime, Utc};
use sea_orm::{DbErr, FromQueryResult};
use uuid::Uuid;

#[derive(Debug, Clone, FromQueryResult)]
pub struct MaintenanceRow {
    pub enabled: bool,
    pub message: Option<String>,
    pub changed_by: Option<Uuid>,
    pub changed_at: DateTime<Utc>,
}

const COLUMNS: &str = "enabled, message, changed_by, changed_at";

/// The current state; a database migrated before 0029 has no row, which reads as "off".
pub async fn get(db: &Db) -> Result<Option<MaintenanceRow>, DbErr> {
    MaintenanceRow::find_by_statement(stmt(&format!("select {COLUMNS} from maintenance_mode where id"), []))
        .one(db.system())
        .await
}

/// Turns maintenance mode on (with its message) or off, and answers the new state.
pub async fn set(
    db: &Db,
    enabled: bool,
    message: Option<&str>,
    changed_by: Option<Uuid>,
) -> Result<Option<MaintenanceRow>, DbErr> {
    MaintenanceRow::find_by_statement(stmt(
        &format!(
            "insert into maintenance_mode (id, enabled, message, changed_by, changed_at) values (true, $1, $2, $3, now())
             on conflict (id) do update set enabled = excluded.enabled, message = excluded.message,
                changed_by = excluded.changed_by, changed_at = excluded.changed_at
             returning {COLUMNS}"
        ),
        [enabled.into(), message.map(str::to_owned).into(), changed_by.into()],
    ))
    .one(db.system())
    .await
}
