//! A workspace's inbox settings: business hours, away message, routing. No row means the defaults.

use crate::TenantTx;
use crate::repo::stmt;
use sea_orm::{DbErr, FromQueryResult};

#[derive(Debug, Clone, FromQueryResult)]
pub struct InboxSettingsRow {
    pub timezone: String,
    pub business_hours_enabled: bool,
    pub business_hours: serde_json::Value,
    pub away_message_enabled: bool,
    pub away_message: String,
    pub auto_assign: String,
    pub default_capacity: i32,
}

impl Default for InboxSettingsRow {
    fn default() -> Self {
        Self {
            timezone: "UTC".into(),
            business_hours_enabled: false,
            business_hours: serde_json::json!([]),
            away_message_enabled: false,
            away_message: String::new(),
            auto_assign: "off".into(),
            default_capacity: 10,
        }
    }
}

const COLUMNS: &str = "timezone, business_hours_enabled, business_hours, away_message_enabled, away_message, auto_assign, default_capacity";

pub async fn get(tx: &TenantTx) -> Result<InboxSettingsRow, DbErr> {
    Ok(InboxSettingsRow::find_by_statement(stmt(&format!("select {COLUMNS} from inbox_settings"), []))
        .one(&tx.tx)
        .await?
        .unwrap_or_default())
}

pub async fn put(tx: &TenantTx, s: &InboxSettingsRow) -> Result<InboxSettingsRow, DbErr> {
    InboxSettingsRow::find_by_statement(stmt(
        &format!(
            "insert into inbox_settings (tenant_id, {COLUMNS}) values ($1, $2, $3, $4, $5, $6, $7, $8)
             on conflict (tenant_id) do update set timezone = $2, business_hours_enabled = $3, business_hours = $4,
                away_message_enabled = $5, away_message = $6, auto_assign = $7, default_capacity = $8,
                updated_at = now()
             returning {COLUMNS}"
        ),
        [
            tx.tenant_id.0.into(),
            s.timezone.clone().into(),
            s.business_hours_enabled.into(),
            s.business_hours.clone().into(),
            s.away_message_enabled.into(),
            s.away_message.clone().into(),
            s.auto_assign.clone().into(),
            s.default_capacity.into(),
        ],
    ))
    .one(&tx.tx)
    .await?
    .ok_or(DbErr::RecordNotInserted)
}
