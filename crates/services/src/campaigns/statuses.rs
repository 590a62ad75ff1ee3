//! What the ingest's webhooks change in campaigns: a status finds its recipient by the `biz_opaque_callback_data`
//! the send set (even when the send's answer was lost in a crash), moves it forward, records its price and reacts
//! to Meta's asynchronous failures; a customer's reply marks their recent campaign messages replied, tags the
//! conversation and can start the campaign's reply flow.

use super::sender::mail_stop;
use crate::{Core, DbResultExt, Result};
use chrono::{DateTime, Utc};
use parley_store::TenantTx;
use parley_store::repo::campaigns::{definitions as repo, recipients, sends};
use serde_json::Value;
use std::collections::HashMap;
use uuid::Uuid;

/// Asynchronous failures that end a person's part (skipped, never retried) and those that stop the campaign.
const SKIP_CODES: [&str; 3] = ["131050", "130472", "131026"];
const STOP_CODES: [&str; 7] = ["131048", "132015", "132016", "131042", "368", "131031", "132001"];

fn code_of(error: Option<&Value>) -> Option<String> {
    error.and_then(|e| e.get("code")).map(|c| c.as_str().map_or_else(|| c.to_string(), str::to_owned))
}

/// One status of a webhook, as the ingest read it.
#[derive(Clone, Copy)]
pub(crate) struct StatusReport<'a> {
    pub wa_id: &'a str,
    pub status: &'static str,
    pub at: DateTime<Utc>,
    pub error: Option<&'a Value>,
    pub raw: &'a Value,
}

impl StatusReport<'_> {
    /// The recipient a campaign send named in `biz_opaque_callback_data`; every campaign send carries it, so a
    /// status without it is not a campaign's (one check, no query).
    pub(crate) fn recipient(&self) -> Option<Uuid> {
        self.raw.get("biz_opaque_callback_data").and_then(Value::as_str).and_then(|s| s.parse().ok())
    }
}

impl Core {
    /// Applies a webhook's statuses to the campaign recipients they concern, in a handful of statements whatever
    /// their number; at most one status per recipient (the ingest applies repeats in rounds). Answers the campaigns
    /// touched.
    pub(crate) async fn campaign_statuses(&self, tx: &TenantTx, reports: &[StatusReport<'_>]) -> Result<Vec<Uuid>> {
        let news: Vec<recipients::StatusNews> = reports
            .iter()
            .filter_map(|r| {
                let pricing = r.raw.get("pricing");
                Some(recipients::StatusNews {
                    recipient_id: r.recipient()?,
                    wa_message_id: r.wa_id,
                    status: r.status,
                    at: r.at,
                    error_code: code_of(r.error),
                    error_reason: r.error.and_then(|e| e["reason"].as_str()).map(str::to_owned),
                    pricing_category: pricing.and_then(|p| p["category"].as_str()).map(str::to_owned),
                    billable: pricing.and_then(|p| p["billable"].as_bool()).unwrap_or(false),
                })
            })
            .collect();
        if news.is_empty() {
            return Ok(vec![]);
        }
        let applied = recipients::apply_statuses(tx, &news).await.db()?;
        // A send whose answer was never recorded (a crash): the thread's message learns its id here.
        let (ids, wa_ids): (Vec<Uuid>, Vec<String>) =
            applied.iter().filter_map(|r| Some((r.message_id?, r.wa_message_id.clone()?))).unzip();
        sends::attach_wa_ids(tx, &ids, &wa_ids).await.db()?;
        if applied.iter().any(|r| r.unpriced) {
            // The cached table: a webhook's batch prices many recipients without reading it each time.
            let table = self.price_table(tx).await?;
            let costs: Vec<(Uuid, f64)> = applied
                .iter()
                .filter(|r| r.unpriced)
                .map(|r| {
                    let category = r.pricing_category.as_deref().unwrap_or("marketing");
                    let country = parley_domain::country::country_of(&r.phone).unwrap_or("*");
                    (r.id, table.price(country, category).unwrap_or(0.0))
                })
                .collect();
            recipients::set_costs(tx, &costs).await.db()?;
        }
        let failed: HashMap<Uuid, &recipients::StatusNews> =
            news.iter().filter(|n| n.status == "failed").map(|n| (n.recipient_id, n)).collect();
        for r in &applied {
            if let Some(n) = failed.get(&r.id)
                && let Some(code) = &n.error_code
            {
                self.campaign_failure(tx, r, code, n.error_reason.clone()).await?;
            }
        }
        let mut touched: Vec<Uuid> = applied.iter().map(|r| r.campaign_id).collect();
        touched.sort_unstable();
        touched.dedup();
        Ok(touched)
    }

    /// Meta's asynchronous failure of one campaign message: retried tomorrow, skipped, or the campaign stopped.
    async fn campaign_failure(
        &self,
        tx: &TenantTx,
        r: &recipients::StatusApplied,
        code: &str,
        reason: Option<String>,
    ) -> Result<()> {
        let reason = reason.unwrap_or_else(|| format!("error {code}"));
        if code == "131049" {
            // Meta's marketing cap for this person: try again in a day.
            // Only while the campaign can still send it; a late answer to an ended campaign stays failed.
            recipients::requeue(tx, r.id, Utc::now() + chrono::Duration::hours(24), code, &reason).await.db()?;
        } else if SKIP_CODES.contains(&code) {
            recipients::skip_failed(tx, r.id).await.db()?;
        } else if STOP_CODES.contains(&code) {
            let why = format!("WhatsApp stopped the campaign: ({code}) {reason}");
            if repo::transition(tx, r.campaign_id, &["running"], "paused", Some(&why)).await.db()?
                && let Some(c) = repo::get(tx, r.campaign_id).await.db()?
            {
                mail_stop(self, tx, &c.name, &why).await?;
            }
        }
        Ok(())
    }

    /// Customers who wrote: their campaign messages of the last days count as replied, their conversation is
    /// tagged with the campaign, and a campaign with a reply flow starts it for them (unless a flow is running). The
    /// flow run is created here, not started: the message itself starts it in the runner, as a trigger would.
    /// Answers the campaigns whose counters changed.
    pub(crate) async fn campaign_replies(&self, tx: &TenantTx, contacts: &[Uuid]) -> Result<Vec<Uuid>> {
        if contacts.is_empty() {
            return Ok(vec![]);
        }
        let replied = recipients::mark_replied(tx, contacts, self.campaigns.cfg.reply_days).await.db()?;
        let mut touched: Vec<Uuid> = replied.iter().map(|r| r.campaign_id).collect();
        touched.sort_unstable();
        touched.dedup();
        for r in &replied {
            recipients::tag_conversations(tx, r.contact_id, r.campaign_id).await.db()?;
            if let Some(flow) = r.reply_flow_id {
                crate::flows::runner::start_for_reply(tx, flow, r.contact_id).await?;
            }
        }
        Ok(touched)
    }
}
