//! What a workspace sets up for its inbox: business hours, away message and routing. Everyone reads;
//! managers and owners change.

use crate::check::Check;
use crate::ctx::TenantCtx;
use crate::inbox::dto::*;
use crate::inbox::hours::Schedule;
use crate::{Core, DbResultExt, DomainError, Result, Role};
use chrono::Utc;
use parley_store::repo;
use parley_store::repo::inbox::inbox_settings::InboxSettingsRow;
use std::sync::Arc;

#[derive(Clone)]
pub struct InboxSettingsService(pub(crate) Arc<Core>);

/// The settings as the API shows them, with whether the schedule is open right now.
pub(crate) fn settings_dto(r: InboxSettingsRow) -> InboxSettings {
    let days: Vec<BusinessHoursDay> = serde_json::from_value(r.business_hours).unwrap_or_default();
    let open_now =
        !r.business_hours_enabled || Schedule::parse(&r.timezone, &days).map(|s| s.is_open(Utc::now())).unwrap_or(true);
    InboxSettings {
        timezone: r.timezone,
        business_hours_enabled: r.business_hours_enabled,
        business_hours: days,
        away_message_enabled: r.away_message_enabled,
        away_message: r.away_message,
        auto_assign: r.auto_assign,
        default_capacity: r.default_capacity,
        open_now,
    }
}

impl InboxSettingsService {
    pub async fn settings(&self, t: &TenantCtx) -> Result<InboxSettings> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        Ok(settings_dto(repo::inbox::inbox_settings::get(&tx).await.db()?))
    }

    pub async fn update_settings(&self, t: &TenantCtx, i: UpdateInboxSettingsInput) -> Result<InboxSettings> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        let mut c = Check::default();
        if let Err((field, why)) = Schedule::parse(&i.timezone, &i.business_hours) {
            c.push(&field, &why);
        }
        if !["off", "round_robin", "least_busy"].contains(&i.auto_assign.as_str()) {
            c.push("autoAssign", "must be one of: off, round_robin, least_busy");
        }
        if !(1..=1000).contains(&i.default_capacity) {
            c.push("defaultCapacity", "must be 1 to 1000");
        }
        if i.away_message.chars().count() > 1024 {
            c.push("awayMessage", "must be at most 1024 characters");
        }
        if i.away_message_enabled && i.away_message.trim().is_empty() {
            c.push("awayMessage", "is required when the away message is on");
        }
        c.finish()?;
        let row = repo::inbox::inbox_settings::put(
            &tx,
            &InboxSettingsRow {
                timezone: i.timezone,
                business_hours_enabled: i.business_hours_enabled,
                business_hours: serde_json::to_value(&i.business_hours).map_err(DomainError::internal)?,
                away_message_enabled: i.away_message_enabled,
                away_message: i.away_message.trim().to_owned(),
                auto_assign: i.auto_assign,
                default_capacity: i.default_capacity,
            },
        )
        .await
        .db()?;
        tx.commit().await.db()?;
        Ok(settings_dto(row))
    }
}
