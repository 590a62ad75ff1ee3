//! A campaign's counters, rate, ETA and costs, for the list, the live page (`campaign:progress`) and the stats.

use super::dto::*;
use crate::events::Event;
use crate::{Core, DbResultExt, Result};
use parley_store::TenantTx;
use parley_store::repo::campaigns::{definitions::CampaignRow, recipients};
use std::time::{Duration, Instant};
use uuid::Uuid;

pub(crate) async fn of(tx: &TenantTx, row: &CampaignRow) -> Result<CampaignProgress> {
    let c = recipients::counts(tx, row.id).await.db()?;
    Ok(from_counts(row.id, &row.status, row.status_reason.clone(), &c))
}

fn from_counts(id: Uuid, status: &str, reason: Option<String>, c: &recipients::Counts) -> CampaignProgress {
    let rate_now = c.recent as f64 / 10.0;
    let open = c.pending + c.sending;
    let eta_seconds = (status == "running" && rate_now > 0.0).then(|| (open as f64 / rate_now).ceil() as i64);
    CampaignProgress {
        id,
        status: status.to_owned(),
        status_reason: reason,
        progress: if c.total > 0 { (c.total - open) as f64 / c.total as f64 } else { 0.0 },
        rate_now,
        eta_seconds,
        actual_cost: c.cost.unwrap_or(0.0),
        counts: CampaignCounts {
            total: c.total,
            pending: c.pending,
            sending: c.sending,
            sent: c.sent,
            delivered: c.delivered,
            read: c.read,
            replied: c.replied,
            failed: c.failed,
            skipped: c.skipped,
            unknown: c.unknown,
            held: c.held,
            clicked: c.clicked,
            retryable: c.retryable,
        },
    }
}

/// The funnel counts each person at the furthest step they reached (a read message was delivered and sent).
pub(crate) async fn stats(tx: &TenantTx, row: &CampaignRow) -> Result<CampaignStats> {
    let progress = of(tx, row).await?;
    let c = &progress.counts;
    let replied = c.replied;
    let read = c.read + replied;
    let delivered = c.delivered + read;
    let sent = c.sent + delivered;
    let rate = |n: i64| if sent > 0 { n as f64 / sent as f64 } else { 0.0 };
    let funnel =
        [("sent", sent), ("delivered", delivered), ("read", read), ("replied", replied), ("clicked", c.clicked)]
            .into_iter()
            .map(|(step, count)| FunnelStep { step: step.into(), count, rate: rate(count) })
            .collect();
    let failures = parley_store::repo::campaigns::recipients::failures(tx, row.id)
        .await
        .db()?
        .into_iter()
        .map(|f| FailureCount { code: f.code, reason: f.reason, count: f.n })
        .collect();
    Ok(CampaignStats {
        actual_cost: progress.actual_cost,
        estimated_cost: row.estimated_cost,
        currency: "USD".into(),
        progress,
        funnel,
        failures,
    })
}

/// How often a campaign's progress may be counted and published: twice a second for a small one, less often for a
/// large one (counting 100,000 rows takes a good part of a second of a core).
fn publish_interval(total: i64) -> Duration {
    Duration::from_millis((total / 50).clamp(500, 5_000) as u64)
}

impl Core {
    /// Publishes a campaign's progress, at most every `publish_interval` per campaign on this node unless `force` (a
    /// state change): counting 100,000 rows on every batch would cost more than the sending. A change held back is
    /// published by `publish_held`.
    pub(crate) async fn campaign_progress(&self, tenant: Uuid, id: Uuid, force: bool) -> Result<()> {
        {
            let mut last = self.campaigns.published.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            let every = last.get(&id).map_or(publish_interval(0), |(_, every)| *every);
            if !force && last.get(&id).is_some_and(|(at, every)| at.elapsed() < *every) {
                // Not dropped: the sender's rounds (every second) publish it once the interval is over, so the last
                // change of a burst (a reply right after a status) always reaches the page.
                self.campaigns.dirty.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert((tenant, id));
                return Ok(());
            }
            // Booked before counting, so that callers meanwhile (the ingest, the sender) do not count it too.
            last.insert(id, (Instant::now(), every));
        }
        let tx = self.db.tenant_tx(parley_domain::TenantId(tenant)).await.db()?;
        let Some(row) = parley_store::repo::campaigns::definitions::get(&tx, id).await.db()? else { return Ok(()) };
        let progress = of(&tx, &row).await?;
        drop(tx);
        let every = publish_interval(progress.counts.total);
        self.campaigns
            .published
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(id, (Instant::now(), every));
        self.events.publish(tenant, [Event::CampaignProgress { progress }]);
        Ok(())
    }
}

impl Core {
    /// Publishes the progress held back by `publish_interval` once it is over (the sender calls this every round; one
    /// still within it is held again).
    pub(crate) async fn publish_held(&self) -> Result<()> {
        let held: Vec<(Uuid, Uuid)> =
            self.campaigns.dirty.lock().unwrap_or_else(std::sync::PoisonError::into_inner).drain().collect();
        for (tenant, id) in held {
            self.campaign_progress(tenant, id, false).await?;
        }
        Ok(())
    }
}
