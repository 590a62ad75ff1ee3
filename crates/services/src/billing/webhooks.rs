//! Stripe webhooks: verified over the raw bytes, each event id recorded once and acknowledged, then processed
//! by a job that re-reads the subscription (and invoice) from Stripe and stores a full snapshot. Events come
//! more than once and out of order; re-reading makes every one of them converge on the newest state.

use crate::billing::agency::plan_name;
use crate::billing::jobs::{BILLING_EVENT, BillingEventJob};
use crate::billing::mails;
use crate::billing::plans::gateway_error;
use crate::{Core, DbResultExt, DomainError, Result};
use chrono::{DateTime, TimeZone, Utc};
use parley_billing::webhook::{self, WebhookError};
use parley_billing::{GatewayError, InvoiceSnapshot, InvoiceStatus};
use parley_domain::TenantId;
use parley_store::TenantTx;
use parley_store::repo::billing::{events, invoices, subscriptions};
use parley_store::repo::{self};
use serde_json::json;
use std::sync::Arc;

#[derive(Clone)]
pub struct WebhookService(pub(crate) Arc<Core>);

fn ts(unix: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(unix, 0).single().unwrap_or_else(Utc::now)
}

impl WebhookService {
    /// Checks the signature, records the event once and queues its processing. A redelivered event is
    /// acknowledged and dropped.
    pub async fn receive(&self, payload: &[u8], signature: Option<&str>) -> Result<()> {
        let b = &self.0.billing;
        let (Some(secret), Some(_)) = (&b.webhook_secret, &b.gateway) else {
            return Err(DomainError::NotFound("Billing webhooks"));
        };
        let header = signature.ok_or_else(|| DomainError::Malformed {
            code: "missing_signature",
            message: "The Stripe-Signature header is missing.".into(),
        })?;
        let tolerance = b.webhook_tolerance.as_secs() as i64;
        let e = webhook::verify(payload, header, secret, Utc::now().timestamp(), tolerance).map_err(|e| match e {
            WebhookError::Malformed => DomainError::Malformed {
                code: "malformed_signature",
                message: "The Stripe-Signature header cannot be read.".into(),
            },
            WebhookError::BadPayload(m) => DomainError::Malformed { code: "malformed_event", message: m },
            WebhookError::Expired => DomainError::InvalidToken {
                code: "signature_expired",
                message: "The signature is older than the accepted tolerance (a replay?).".into(),
            },
            WebhookError::BadSignature => DomainError::InvalidToken {
                code: "invalid_signature",
                message: "The Stripe-Signature does not match this payload.".into(),
            },
        })?;
        let body: serde_json::Value = serde_json::from_slice(payload)
            .map_err(|e| DomainError::Malformed { code: "malformed_event", message: e.to_string() })?;
        let tx = events::begin(&self.0.db).await.db()?;
        let new = events::record(
            &tx,
            &events::NewEvent {
                id: &e.id,
                kind: &e.kind,
                object_id: e.object_id.as_deref(),
                customer_id: e.customer_id.as_deref(),
                subscription_id: e.subscription_id.as_deref(),
                created: ts(e.created),
                payload: body,
            },
        )
        .await
        .db()?;
        if new {
            repo::jobs::enqueue(&tx, BILLING_EVENT, &json!(BillingEventJob { event_id: e.id.clone() }), &e.id, 25)
                .await
                .db()?;
        }
        tx.commit().await.db()?;
        Ok(())
    }

    /// Processes a recorded event (the job). Gateway outages answer an error, so the job is retried.
    pub async fn process(&self, event_id: &str) -> Result<()> {
        let core = &self.0;
        let Some(ev) = events::get(&core.db, event_id).await.db()? else { return Ok(()) };
        if ev.processed_at.is_some() {
            return Ok(());
        }
        let Some(gateway) = core.billing.gateway.clone() else { return Ok(()) };
        let obj = &ev.payload["data"]["object"];
        let reference = obj["client_reference_id"].as_str().and_then(|s| s.parse::<uuid::Uuid>().ok());
        let tenant = match reference {
            Some(t) => Some(t),
            None => {
                subscriptions::tenant_of_gateway(&core.db, ev.customer_id.as_deref(), ev.subscription_id.as_deref())
                    .await
                    .db()?
            }
        };
        let Some(tenant) = tenant else {
            events::mark_processed(&core.db, event_id, None, "ignored: unknown customer").await.db()?;
            return Ok(());
        };
        let at = ev.created;
        let tx = core.db.tenant_tx(TenantId(tenant)).await.db()?;
        if subscriptions::get(&tx).await.db()?.is_none() && reference.is_none() {
            events::mark_processed(&core.db, event_id, Some(tenant), "ignored: no subscription").await.db()?;
            return Ok(());
        }
        if let (Some(customer), Some(_)) = (&ev.customer_id, reference)
            && subscriptions::get(&tx).await.db()?.and_then(|s| s.gateway_customer_id).is_none()
        {
            subscriptions::set_customer(&tx, customer).await.db()?;
        }
        let mut outcome = "processed";
        let mut changed = false;
        if ev.kind.starts_with("invoice.")
            && ev.kind != "invoice.upcoming"
            && let Some(id) = &ev.object_id
        {
            match gateway.invoice(id).await {
                Ok(inv) => self.invoice_changed(&tx, &inv).await?,
                Err(GatewayError::NotFound(_)) => outcome = "ignored: invoice not found",
                Err(e) => return Err(gateway_error(e)),
            }
        }
        if let Some(sub_id) = &ev.subscription_id {
            match gateway.subscription(sub_id).await {
                Ok(s) => {
                    if core.store_snapshot(&tx, &s, at).await? {
                        changed = true;
                    } else {
                        outcome = "processed: newer state already stored";
                    }
                }
                Err(GatewayError::NotFound(_)) => outcome = "ignored: subscription not found",
                Err(e) => return Err(gateway_error(e)),
            }
        }
        if ev.kind == "customer.subscription.trial_will_end" {
            self.trial_will_end(&tx).await?;
        }
        let mut integration = vec![];
        if changed && let Some(sub) = subscriptions::get(&tx).await.db()? {
            let data = serde_json::json!(crate::automations::dto::SubscriptionChanged {
                plan_id: sub.plan_id,
                cycle: sub.cycle,
                status: sub.status,
                access: sub.access,
                trial_end: sub.trial_end,
                current_period_start: sub.current_period_start,
                current_period_end: sub.current_period_end,
                cancel_at_period_end: sub.cancel_at_period_end,
                canceled_at: sub.canceled_at,
            });
            integration.push(crate::events::Event::Integration { kind: "subscription.updated", subject: None, data });
        }
        core.commit_events(tx, integration).await?;
        events::mark_processed(&core.db, event_id, Some(tenant), outcome).await.db()?;
        core.wake_mailer();
        Ok(())
    }

    async fn invoice_changed(&self, tx: &TenantTx, inv: &InvoiceSnapshot) -> Result<()> {
        let core = &self.0;
        invoices::upsert(
            tx,
            &invoices::InvoiceWrite {
                gateway: "stripe",
                gateway_invoice_id: Some(&inv.id),
                number: inv.number.as_deref(),
                status: inv.status.as_str(),
                currency: &inv.currency,
                total: inv.total,
                amount_due: inv.amount_due,
                amount_paid: inv.amount_paid,
                description: None,
                period_start: inv.period_start,
                period_end: inv.period_end,
                hosted_url: inv.hosted_invoice_url.as_deref(),
                pdf_url: inv.invoice_pdf.as_deref(),
                attempt_count: inv.attempt_count as i32,
                next_payment_attempt: inv.next_payment_attempt,
                issued_at: inv.created,
            },
        )
        .await
        .db()?;
        let plan = match subscriptions::get(tx).await.db()? {
            Some(s) => plan_name(tx, &s).await?,
            None => None,
        }
        .unwrap_or_else(|| "Parley".into());
        let url = &core.cfg.public_url;
        let amount = mails::money(inv.total, &inv.currency);
        let number = inv.number.clone().unwrap_or_else(|| inv.id.clone());
        // Decided on the invoice as re-read now, not on the event's kind: the first of an invoice's events to be
        // processed may already see it paid (or failed), and the notices make each mail go once.
        if inv.status == InvoiceStatus::Paid && inv.amount_paid > 0 {
            if subscriptions::claim_notice(tx, &format!("receipt:{}", inv.id)).await.db()? {
                let t = mails::payment_succeeded(&plan, &amount, &number, inv.hosted_invoice_url.as_deref(), url);
                core.mail_owners(tx, &t).await?;
            }
        } else if inv.status == InvoiceStatus::Open && inv.attempt_count > 0 && inv.amount_paid < inv.amount_due {
            let key = format!("failed:{}:{}", inv.id, inv.attempt_count);
            if subscriptions::claim_notice(tx, &key).await.db()? {
                let days = (core.billing.grace.as_secs() / 86_400) as i64;
                core.mail_owners(
                    tx,
                    &mails::payment_failed(&plan, &mails::money(inv.amount_due, &inv.currency), days, url),
                )
                .await?;
            }
        }
        Ok(())
    }

    async fn trial_will_end(&self, tx: &TenantTx) -> Result<()> {
        let Some(s) = subscriptions::get(tx).await.db()? else { return Ok(()) };
        let Some(end) = s.trial_end else { return Ok(()) };
        if subscriptions::claim_notice(tx, &format!("trial_ending:{}", end.format("%Y-%m-%d"))).await.db()? {
            let plan = plan_name(tx, &s).await?.unwrap_or_default();
            let days = (end - Utc::now()).num_days().max(1);
            self.0.mail_owners(tx, &mails::trial_ending(&plan, days, &self.0.cfg.public_url)).await?;
        }
        Ok(())
    }
}
