//! Generated history over a workspace's own numbers, members, teams, labels, bot and pipeline, then rolled up:
//! the demo's 90 days, the analytics benchmark's tenant and the rollup-versus-raw test use it.

use super::rollup::{RollupReport, RollupService, hour_floor};
use crate::{Core, DbResultExt, Result};
use chrono::{DateTime, Duration, Utc};
use parley_domain::TenantId;
use parley_store::repo::analytics::history::{self, Generated};
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct HistoryOptions {
    /// History ends here (the default: the current hour's start).
    pub end: Option<DateTime<Utc>>,
    pub days: i32,
    pub conversations: i64,
    /// Customer messages per cycle, on average.
    pub exchanges: i32,
    pub seed: f64,
    /// The share of conversations left open at the end.
    pub open_share: f64,
    /// Keeps generated phone numbers apart from another generation's.
    pub phone_prefix: i32,
}

impl Default for HistoryOptions {
    fn default() -> Self {
        Self { end: None, days: 90, conversations: 1_000, exchanges: 3, seed: 0.42, open_share: 0.15, phone_prefix: 1 }
    }
}

#[derive(Clone)]
pub struct HistoryService(pub(crate) Arc<Core>);

impl HistoryService {
    /// Generates the history in one transaction and answers what it wrote; `roll` then rebuilds the tenant's
    /// rollups over it.
    pub async fn generate(&self, tenant: TenantId, o: &HistoryOptions) -> Result<Generated> {
        let tx = self.0.db.tenant_tx(tenant).await.db()?;
        let end = o.end.unwrap_or_else(|| hour_floor(Utc::now()));
        let mut spec = history::spec_for(&tx, end, o.days, o.conversations).await.db()?;
        if spec.connections.is_empty() {
            return Ok(Generated::default());
        }
        spec.exchanges = o.exchanges.max(1);
        spec.seed = o.seed.clamp(-1.0, 1.0);
        spec.open_share = o.open_share.clamp(0.0, 1.0);
        spec.phone_prefix = o.phone_prefix;
        let out = history::generate(&tx, &spec).await.db()?;
        tx.tx.commit().await.db()?;
        Ok(out)
    }

    /// Rebuilds the tenant's rollups for the history's days (and up to now).
    pub async fn roll(&self, tenant: TenantId, days: i32) -> Result<RollupReport> {
        let since = hour_floor(Utc::now()) - Duration::days(i64::from(days) + 1);
        RollupService(self.0.clone()).backfill(since, Some(tenant.0)).await
    }
}
