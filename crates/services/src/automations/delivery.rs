//! The webhook delivery worker: claims due deliveries across workspaces (an earlier unsettled one of the same
//! subject holds a later one back, so each conversation's events arrive in order), signs each body, posts it through
//! the guarded client, logs the attempt, and retries with growing delays for a day; an endpoint failing for a day
//! is turned off and its owners mailed.

use super::catalog;
use crate::{Core, DbResultExt, Result};
use chrono::Utc;
use futures::StreamExt;
use hmac::{Hmac, Mac};
use parley_domain::TenantId;
use parley_store::repo::automations::webhooks::{self as repo, Outcome, Outgoing};
use parley_store::repo::platform::system;
use sha2::Sha256;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;
use uuid::Uuid;

#[derive(Clone)]
pub struct DeliveryWorker(pub(crate) Arc<Core>);

/// The most deliveries one claim takes.
const CLAIM: usize = 200;

/// `v1` signature: HMAC-SHA256 over `"{t}.{body}"`, hex.
pub fn sign(secret: &[u8], t: i64, body: &[u8]) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret).unwrap_or_else(|_| unreachable!());
    mac.update(t.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    hex::encode(mac.finalize().into_bytes())
}

/// The `Parley-Signature` header: `t=<unix seconds>,v1=<hex>`, with a second `v1` while a rolled secret overlaps.
pub fn signature_header(secrets: &[&[u8]], t: i64, body: &[u8]) -> String {
    let mut out = format!("t={t}");
    for s in secrets {
        out.push_str(",v1=");
        out.push_str(&sign(s, t, body));
    }
    out
}

fn excerpt(body: Option<&serde_json::Value>) -> Option<String> {
    let text = match body? {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if text.is_empty() {
        return None;
    }
    Some(text.chars().take(2048).collect())
}

impl DeliveryWorker {
    /// Delivers one claimed delivery now and settles it (the endpoint's test button).
    pub(crate) async fn deliver_now(&self, tenant: Uuid, id: i64) -> Result<Outcome> {
        let mut out = self.deliver_group(tenant, vec![id]).await?;
        out.pop().ok_or(crate::DomainError::NotFound("Delivery"))
    }

    /// Reads claimed deliveries of a workspace, then sends and settles them.
    async fn deliver_group(&self, tenant: Uuid, ids: Vec<i64>) -> Result<Vec<Outcome>> {
        let tx = self.0.db.tenant_tx(TenantId(tenant)).await.db()?;
        let rows = repo::outgoing(&tx, &ids).await.db()?;
        drop(tx);
        self.deliver_rows(tenant, rows).await
    }

    /// Sends a workspace's claimed deliveries concurrently and settles them in one transaction.
    async fn deliver_rows(&self, tenant: Uuid, rows: Vec<Outgoing>) -> Result<Vec<Outcome>> {
        let core = &self.0;
        let outcomes: Vec<(Uuid, Outcome)> = futures::stream::iter(rows)
            .map(|row| async move { (row.endpoint_id, self.attempt(tenant, &row).await) })
            .buffer_unordered(core.webhooks.cfg.concurrency)
            .collect()
            .await;
        let tx = core.db.tenant_tx(TenantId(tenant)).await.db()?;
        let results: Vec<Outcome> = outcomes.iter().map(|(_, o)| o.clone()).collect();
        repo::settle(&tx, &results).await.db()?;
        let (mut ok, mut bad) = (vec![], vec![]);
        for (endpoint, o) in &outcomes {
            // An attempt never made (the endpoint was off) says nothing of its health.
            if o.attempt == 0 {
                continue;
            }
            if o.delivered { ok.push(*endpoint) } else { bad.push(*endpoint) }
        }
        ok.sort_unstable();
        ok.dedup();
        bad.sort_unstable();
        bad.dedup();
        let off = repo::record_health(&tx, &ok, &bad, core.webhooks.cfg.disable_after).await.db()?;
        for (_, url) in &off {
            mail_disabled(core, &tx, url).await?;
        }
        tx.commit().await.db()?;
        if !off.is_empty() {
            core.webhooks.forget(tenant);
        }
        Ok(results)
    }

    async fn attempt(&self, tenant: Uuid, row: &Outgoing) -> Outcome {
        let cfg = &self.0.webhooks.cfg;
        let base = Outcome {
            delivery_id: row.id,
            attempt: row.attempts,
            status: None,
            excerpt: None,
            error: None,
            duration_ms: 0,
            delivered: false,
            retry_at: None,
        };
        if !row.enabled {
            return Outcome { attempt: 0, error: Some("The endpoint is turned off.".into()), ..base };
        }
        let sealer = &self.0.channel.sealer;
        let Ok(secret) = sealer.open(&row.secret) else {
            return Outcome {
                error: Some("The signing secret cannot be read (encryption key missing).".into()),
                ..base
            };
        };
        let mut secrets = vec![secret];
        if row.previous_secret_until.is_some_and(|t| t > Utc::now())
            && let Some(prev) = row.previous_secret.as_deref().and_then(|p| sealer.open(p).ok())
        {
            secrets.push(prev);
        }
        let body = catalog::envelope(row.event_id, &row.kind, row.event_at, tenant, &row.payload).to_string();
        let t = Utc::now().timestamp();
        let refs: Vec<&[u8]> = secrets.iter().map(Vec::as_slice).collect();
        let req = crate::flows::guarded_http::OutboundRequest {
            method: "POST".into(),
            url: row.url.clone(),
            headers: vec![
                ("content-type".into(), "application/json".into()),
                ("user-agent".into(), "Parley-Webhooks/1.0".into()),
                ("parley-event".into(), row.kind.clone()),
                ("parley-event-id".into(), catalog::event_id_text(row.event_id)),
                ("parley-delivery".into(), row.id.to_string()),
                ("parley-signature".into(), signature_header(&refs, t, body.as_bytes())),
            ],
            body: Some(body),
            timeout_ms: None,
        };
        let r = self.0.webhooks.client.send(&req).await;
        let delivered = r.error.is_none() && r.status.is_some_and(|s| (200..300).contains(&s));
        let error = r.error.clone().or_else(|| {
            r.status.filter(|s| !(200..300).contains(s)).map(|s| {
                if (300..400).contains(&s) {
                    format!("answered {s}: redirects are not followed, use the final URL")
                } else {
                    format!("answered {s}")
                }
            })
        });
        let retry_at = (!delivered).then(|| retry_at(cfg, row.attempts, row.created_at)).flatten();
        Outcome {
            status: r.status.map(i32::from),
            excerpt: excerpt(r.body.as_ref()),
            error,
            duration_ms: i32::try_from(r.elapsed_ms).unwrap_or(i32::MAX),
            delivered,
            retry_at,
            ..base
        }
    }

    /// Claims what is due across workspaces and delivers it in the background, each workspace's share in its own
    /// task (a slow endpoint holds only its own permits). Answers how many were claimed.
    async fn round(&self, permits: &Arc<Semaphore>) -> Result<usize> {
        let free = permits.available_permits().min(CLAIM);
        if free == 0 {
            return Ok(0);
        }
        // Long enough for a group to be sent (concurrently, each within the timeout) and settled.
        let lease = self.0.webhooks.cfg.timeout.as_secs() as i64 + 10;
        let claimed = system::claim_webhook_deliveries(&self.0.db, free as i64, lease).await.db()?;
        let n = claimed.len();
        let mut by_tenant: HashMap<Uuid, Vec<Outgoing>> = HashMap::new();
        for c in claimed {
            by_tenant.entry(c.tenant_id).or_default().push(c);
        }
        for (tenant, rows) in by_tenant {
            let held =
                permits.clone().acquire_many_owned(rows.len() as u32).await.map_err(crate::DomainError::internal)?;
            let me = self.clone();
            tokio::spawn(async move {
                if let Err(e) = me.deliver_rows(tenant, rows).await {
                    tracing::error!(error = %e, %tenant, "webhook deliveries not settled");
                }
                drop(held);
                // Settled deliveries may release later ones of the same conversations.
                me.0.webhooks.wakeup.notify_one();
            });
        }
        Ok(n)
    }

    async fn prune(&self, tenant: Uuid) -> Result<()> {
        let tx = self.0.db.tenant_tx(TenantId(tenant)).await.db()?;
        repo::prune(&tx, self.0.webhooks.cfg.keep_days).await.db()?;
        tx.commit().await.db()
    }
}

/// When to try again after the `attempts`th failure: 10 s, 30 s, 1.5 min ... at most `max_backoff` apart; `None`
/// once the next try would be past `give_up_after` from the delivery's creation.
fn retry_at(
    cfg: &super::WebhooksConfig,
    attempts: i32,
    created: chrono::DateTime<Utc>,
) -> Option<chrono::DateTime<Utc>> {
    let factor = 3i64.saturating_pow(attempts.clamp(1, 20) as u32 - 1);
    let delay = cfg.first_backoff.num_milliseconds().saturating_mul(factor).min(cfg.max_backoff.num_milliseconds());
    let at = Utc::now() + chrono::Duration::milliseconds(delay);
    (at <= created + cfg.give_up_after).then_some(at)
}

async fn mail_disabled(core: &Core, tx: &parley_store::TenantTx, url: &str) -> Result<()> {
    let m = crate::mail::MailOf::new("webhook_disabled", "/settings/webhooks").with("url", url);
    core.mail_owners(tx, &m).await
}

/// Runs the delivery worker forever: woken when deliveries are committed on this node, polling every second for
/// other nodes' and for retries that came due; prunes a workspace's old deliveries at most hourly.
pub async fn run_deliveries(w: DeliveryWorker) {
    let permits = Arc::new(Semaphore::new(w.0.webhooks.cfg.concurrency.max(1)));
    let mut pruned: HashMap<Uuid, Instant> = HashMap::new();
    let mut last_prune = Instant::now();
    loop {
        match w.round(&permits).await {
            Ok(n) if n > 0 => continue,
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "webhook delivery round failed"),
        }
        if last_prune.elapsed() > Duration::from_secs(3600) {
            last_prune = Instant::now();
            match system::tenant_ids(&w.0.db).await {
                Ok(ids) => {
                    for t in ids {
                        if pruned.get(&t).is_none_or(|at| at.elapsed() > Duration::from_secs(3600)) {
                            pruned.insert(t, Instant::now());
                            if let Err(e) = w.prune(t).await {
                                tracing::warn!(error = %e, "webhook deliveries not pruned");
                            }
                        }
                    }
                }
                Err(e) => tracing::warn!(error = %e, "webhook prune skipped"),
            }
        }
        tokio::select! {
            _ = w.0.webhooks.wakeup.notified() => {}
            _ = tokio::time::sleep(Duration::from_secs(1)) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_cover_the_timestamp_and_the_body_and_list_every_live_secret() {
        let h = signature_header(&[b"whsec_new", b"whsec_old"], 1_765_000_000, b"{\"a\":1}");
        let parts: Vec<&str> = h.split(',').collect();
        assert_eq!(parts[0], "t=1765000000");
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[1], format!("v1={}", sign(b"whsec_new", 1_765_000_000, b"{\"a\":1}")));
        assert_ne!(parts[1], parts[2]);
        assert_ne!(sign(b"k", 1, b"x"), sign(b"k", 2, b"x"));
        assert_ne!(sign(b"k", 1, b"x"), sign(b"k", 1, b"y"));
    }

    #[test]
    fn retries_grow_and_stop_after_a_day() {
        let cfg = super::super::WebhooksConfig::default();
        let now = Utc::now();
        let first = retry_at(&cfg, 1, now).expect("retried");
        let third = retry_at(&cfg, 3, now).expect("retried");
        assert!((first - now).num_seconds() <= 11);
        assert!((third - now).num_seconds() >= 89);
        assert!(
            retry_at(&cfg, 12, now).expect("capped") - now <= chrono::Duration::hours(2) + chrono::Duration::seconds(1)
        );
        assert_eq!(retry_at(&cfg, 5, now - chrono::Duration::hours(24)), None);
    }
}
