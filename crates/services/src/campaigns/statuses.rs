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
use uuid::Uuid;

/// Asynchronous failures that end a person's part (skipped, never retried) and those that stop the campaign.
const SKIP_CODES: [&str; 3] = ["131050", "130472", "131026"];
const STOP_CODES: [&str; 7] = ["131048", "132015", "132016", "131042", "368", "131031", "132001"];

fn code_of(error: Option<&Value>) -> Option<String> {
    error.and_then(|e| e.get("code")).map(|c| c.as_str().map_or_else(|| c.to_string(), str::to_owned))
}

impl Core {
    /// Applies a status webhook to the campaign recipient it concerns; answers the campaign when there is one.
    /// A status without callback data is not a campaign's (every campaign send carries it): one check, no query.
    pub(crate) async fn campaign_status(
        &self,
        tx: &TenantTx,
        wa_id: &str,
        status: &str,
        at: DateTime<Utc>,
        error: Option<&Value>,
        raw: &Value,
    ) -> Result<Option<Uuid>> {
        let Some(recipient) = raw.get("biz_opaque_callback_data").and_then(Value::as_str).and_then(|s| s.parse().ok())
        else {
            return Ok(None);
        };
        let pricing = raw.get("pricing");
        let news = recipients::StatusNews {
            recipient_id: Some(recipient),
            wa_message_id: wa_id,
            status,
            at,
            error_code: code_of(error),
            error_reason: error.and_then(|e| e["reason"].as_str()).map(str::to_owned),
            pricing_category: pricing.and_then(|p| p["category"].as_str()).map(str::to_owned),
            billable: pricing.and_then(|p| p["billable"].as_bool()).unwrap_or(false),
        };
        let Some(r) = recipients::apply_status(tx, &news).await.db()? else { return Ok(None) };
        if let Some(m) = r.message_id {
            // The send's answer may never have been recorded (a crash): the thread's message learns its id here.
            sends::attach_wa_id(tx, m, wa_id).await.db()?;
        }
        if r.unpriced {
            let category = r.pricing_category.as_deref().unwrap_or("marketing");
            // The cached table: a status webhook batch prices many recipients without reading it each time.
            let country = parley_domain::country::country_of(&r.phone).unwrap_or("*");
            let price = self.price_table(tx).await?.price(country, category).unwrap_or(0.0);
            recipients::set_cost(tx, r.id, price).await.db()?;
        }
        if status == "failed"
            && let Some(code) = code_of(error)
        {
            let reason = news.error_reason.clone().unwrap_or_else(|| format!("error {code}"));
            if code == "131049" {
                // Meta's marketing cap for this person: try again in a day.
                // Only while the campaign can still send it; a late answer to an ended campaign stays failed.
                recipients::requeue(tx, r.id, Utc::now() + chrono::Duration::hours(24), &code, &reason).await.db()?;
            } else if SKIP_CODES.contains(&code.as_str()) {
                recipients::skip_failed(tx, r.id).await.db()?;
            } else if STOP_CODES.contains(&code.as_str()) {
                let why = format!("WhatsApp stopped the campaign: ({code}) {reason}");
                if repo::transition(tx, r.campaign_id, &["running"], "paused", Some(&why)).await.db()?
                    && let Some(c) = repo::get(tx, r.campaign_id).await.db()?
                {
                    mail_stop(self, tx, &c.name, &why).await?;
                }
            }
        }
        Ok(Some(r.campaign_id))
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
