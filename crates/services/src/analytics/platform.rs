//! The platform admin's figures: tenants, revenue and plans from billing, messages from the rollups, webhook and
//! send error rates, and the health of what the product runs on. Read through the system path only.

use super::dto::*;
use crate::{Core, DbResultExt, Result};
use chrono::{Duration, Utc};
use parley_store::repo::platform::system;
use std::sync::Arc;

#[derive(Clone)]
pub struct PlatformAnalyticsService(pub(crate) Arc<Core>);

impl PlatformAnalyticsService {
    /// Callers are platform admins (the HTTP layer's `PlatformAdmin` guard).
    pub async fn overview(&self) -> Result<PlatformAnalytics> {
        let db = &self.0.db;
        let f = system::platform_figures(db).await.db()?;
        let mrr = system::platform_mrr(db).await.db()?;
        let mix = system::platform_plan_mix(db).await.db()?;
        let days = system::platform_messages_per_day(db, 30).await.db()?;
        let top = system::platform_top_tenants(db, 10).await.db()?;
        // A day per point, the empty ones too.
        let today = Utc::now().date_naive();
        let messages_per_day = (0..30)
            .rev()
            .map(|back| {
                let day = today - Duration::days(back);
                DayCount { day, count: days.iter().find(|d| d.day == day).map_or(0, |d| d.messages) }
            })
            .collect();
        let mut health = Vec::new();
        let db_ok = db.ping().await.is_ok();
        health.push(HealthCheck {
            name: "database".into(),
            ok: db_ok,
            detail: if db_ok { "ok" } else { "unreachable" }.into(),
        });
        let mut redis = self.0.redis.clone();
        let redis_ok = redis::cmd("PING").query_async::<String>(&mut redis).await.is_ok();
        health.push(HealthCheck {
            name: "redis".into(),
            ok: redis_ok,
            detail: if redis_ok { "ok" } else { "unreachable" }.into(),
        });
        let scanned = parley_store::repo::analytics::rollups::late_scan(db).await.db()?;
        let lag = scanned.map(|d| (Utc::now() - d).num_minutes());
        health.push(HealthCheck {
            name: "analytics".into(),
            // A pass runs every five minutes; before the first one (a server just started) nothing is late yet.
            ok: lag.is_none_or(|m| m < 15),
            detail: match lag {
                Some(m) => format!("last rollup pass {m} minutes ago"),
                None => "the first rollup pass runs within five minutes".into(),
            },
        });
        let pending = system::pending_webhook_events(db).await.db()?;
        health.push(HealthCheck {
            name: "webhook queue".into(),
            ok: pending < 10_000,
            detail: format!("{pending} events waiting"),
        });
        Ok(PlatformAnalytics {
            tenants: f.tenants,
            active_tenants: f.active_tenants,
            suspended_tenants: f.suspended_tenants,
            new_tenants_30d: f.new_tenants_30d,
            mrr: mrr.into_iter().map(|m| RevenueAmount { currency: m.key, amount: m.amount }).collect(),
            plan_mix: mix.into_iter().map(|m| KeyCount { key: m.key, count: m.amount as i64 }).collect(),
            messages_per_day,
            top_tenants: top
                .into_iter()
                .map(|t| TenantVolume { tenant_id: t.tenant_id, name: t.name, messages: t.messages })
                .collect(),
            webhooks_24h: f.webhooks_24h,
            webhook_errors_24h: f.webhook_errors_24h,
            sends_24h: f.sends_24h,
            send_errors_24h: f.send_errors_24h,
            health,
        })
    }
}
