//! The billing sweep, run every minute: trial reminders and expiry, and the dunning ladder. A payment past due
//! restricts the workspace after the grace period (campaigns, automated flows and bulk actions pause; inbound
//! messages and replies keep working) and suspends it after a second period (only the billing page opens).
//! Paying (a snapshot back to active) restores everything at once. Also re-runs events whose job was lost, and
//! moves agency clients to their agency's billing mode (docs/agencies.md, "Agency billing").

use crate::billing::agency::plan_name;
use crate::billing::mails;
use crate::billing::webhooks::WebhookService;
use crate::{Core, DbResultExt, Result};
use chrono::{DateTime, Duration, Utc};
use parley_domain::TenantId;
use parley_store::repo::billing::{agency, events, subscriptions};
use std::sync::Arc;

#[derive(Clone)]
pub struct DunningService(pub(crate) Arc<Core>);

/// What one sweep changed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SweepReport {
    pub trial_reminders: usize,
    pub trials_ended: usize,
    pub restricted: usize,
    pub suspended: usize,
    pub events_retried: usize,
    /// Agency clients moved to their agency's billing mode.
    pub clients_converged: usize,
}

impl DunningService {
    /// One pass at time `now` (tests pass the simulator's clock).
    pub async fn sweep(&self, now: DateTime<Utc>) -> Result<SweepReport> {
        let core = &self.0;
        let mut report = SweepReport::default();
        let grace = Duration::from_std(core.billing.grace).unwrap_or_default();
        let suspend_after = Duration::from_std(core.billing.suspend_after).unwrap_or_default();
        for tenant in subscriptions::due_for_sweep(&core.db, now).await.db()? {
            let tx = core.db.tenant_tx(TenantId(tenant)).await.db()?;
            let Some(s) = subscriptions::lock(&tx).await.db()? else { continue };
            let plan = plan_name(&tx, &s).await?.unwrap_or_default();
            let url = &core.cfg.public_url;
            if s.gateway == "none"
                && s.status == "trialing"
                && let Some(end) = s.trial_end
            {
                if end <= now {
                    subscriptions::set_state(&tx, "paused", "restricted", Some(end)).await.db()?;
                    if subscriptions::claim_notice(&tx, &format!("trial_ended:{}", end.format("%Y-%m-%d")))
                        .await
                        .db()?
                    {
                        core.mail_owners(&tx, &mails::trial_ended(&plan, url)).await?;
                    }
                    report.trials_ended += 1;
                } else if end - Duration::days(3) <= now
                    && subscriptions::claim_notice(&tx, &format!("trial_ending:{}", end.format("%Y-%m-%d")))
                        .await
                        .db()?
                {
                    let days = ((end - now).num_seconds() + 86_399) / 86_400;
                    core.mail_owners(&tx, &mails::trial_ending(&plan, days, url)).await?;
                    report.trial_reminders += 1;
                }
            }
            if let Some(since) = s.past_due_since {
                if s.access == "past_due" && since + grace <= now {
                    subscriptions::set_access(&tx, "restricted", Some(since)).await.db()?;
                    report.restricted += 1;
                } else if s.access == "restricted" && since + grace + suspend_after <= now && !s.complimentary {
                    subscriptions::set_access(&tx, "suspended", Some(since)).await.db()?;
                    report.suspended += 1;
                }
            }
            tx.commit().await.db()?;
        }
        // Clients whose subscription does not match who pays for them now (an agency's billing mode changed).
        for client in agency::clients_to_converge(&core.db).await.db()? {
            match core.converge_client(client).await {
                Ok(crate::billing::agency::Converged::Unchanged) => {}
                Ok(_) => report.clients_converged += 1,
                Err(e) => tracing::warn!(error = %e, client = %client, "agency client not moved to its billing mode"),
            }
        }
        let hooks = WebhookService(core.clone());
        for id in events::stale(&core.db, 300).await.db()? {
            if hooks.process(&id).await.is_ok() {
                report.events_retried += 1;
            }
        }
        if report != SweepReport::default() {
            core.wake_mailer();
        }
        Ok(report)
    }

    /// Sweeps every minute until the process ends.
    pub async fn run(self) {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            tick.tick().await;
            if let Err(e) = self.sweep(Utc::now()).await {
                tracing::warn!(error = %e, "billing sweep failed");
            }
        }
    }
}
