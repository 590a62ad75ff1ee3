//! Outbound webhook endpoints: owners and managers subscribe URLs to event kinds, roll signing secrets with an
//! overlap, test an endpoint, read its deliveries with every attempt, and replay one. A plan feature with a limit.

use super::catalog;
use super::dto::*;
use crate::billing::quota::{Feature, Stock};
use crate::check::{Check, checked};
use crate::ctx::TenantCtx;
use crate::{Core, DbResultExt, DomainError, Result, Role};
use chrono::Utc;
use parley_store::repo::automations::webhooks::{self as repo, DeliveryRow, EndpointRow};
use std::sync::Arc;
use uuid::Uuid;

#[derive(Clone)]
pub struct WebhookEndpointService(pub(crate) Arc<Core>);

fn not_found() -> DomainError {
    DomainError::NotFound("Webhook endpoint")
}

fn endpoint_dto(r: EndpointRow) -> WebhookEndpoint {
    WebhookEndpoint {
        id: r.id,
        url: r.url,
        description: r.description,
        events: r.events,
        enabled: r.enabled,
        disabled_reason: r.disabled_reason,
        failing_since: r.failing_since,
        previous_secret_until: r.previous_secret_until.filter(|t| *t > Utc::now()),
        delivered_24h: r.delivered_24h,
        failed_24h: r.failed_24h,
        pending: r.pending,
        created_at: r.created_at,
        updated_at: r.updated_at,
    }
}

pub(crate) fn delivery_dto(d: DeliveryRow) -> WebhookDelivery {
    WebhookDelivery {
        id: d.id,
        event_id: catalog::event_id_text(d.event_id),
        event: d.kind,
        next_attempt_at: (d.state == "pending").then_some(d.next_attempt_at),
        state: d.state,
        attempts: d.attempts,
        last_status: d.last_status,
        last_error: d.last_error,
        created_at: d.created_at,
        delivered_at: d.delivered_at,
    }
}

/// A signing secret: `whsec_` and 32 random bytes.
fn new_secret() -> String {
    format!("whsec_{}", crate::identity::tokens::random_secret())
}

impl WebhookEndpointService {
    /// The URL's shape is a field error; a well-formed URL whose destination the SSRF guard refuses (a
    /// loopback or private address, a local or metadata name) is forbidden, as the request itself is sound.
    fn check_url(&self, c: &mut Check, url: &str) -> Result<Option<String>> {
        let Some(url) = c.text("url", url, 1, 2048) else { return Ok(None) };
        if !is_webhook_url(&url) {
            c.push("url", "must be an absolute http or https URL with a host name or IPv4 address");
            return Ok(None);
        }
        match self.0.webhooks.client.check_url(&url) {
            Ok(_) => Ok(Some(url)),
            Err(why) => Err(DomainError::Blocked {
                code: "url_not_allowed",
                message: format!("This URL may not receive webhooks ({why})."),
            }),
        }
    }

    fn check_events(c: &mut Check, events: &[String]) -> Option<Vec<String>> {
        if events.is_empty() || events.len() > 50 {
            c.push("events", "choose between 1 and 50 event kinds");
            return None;
        }
        if events.iter().any(|e| e == "*") {
            return Some(catalog::KINDS.iter().map(|(k, _, _)| (*k).to_owned()).collect());
        }
        if let Some(bad) = events.iter().find(|e| !catalog::is_kind(e)) {
            c.push("events", &format!("{bad:?} is not an event kind (see GET /webhooks/events)"));
            return None;
        }
        let mut out = events.to_vec();
        out.sort();
        out.dedup();
        Some(out)
    }

    pub async fn list(&self, t: &TenantCtx) -> Result<Vec<WebhookEndpoint>> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        Ok(repo::list(&tx).await.db()?.into_iter().map(endpoint_dto).collect())
    }

    pub async fn get(&self, t: &TenantCtx, id: Uuid) -> Result<WebhookEndpoint> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        repo::get(&tx, id).await.db()?.map(endpoint_dto).ok_or_else(not_found)
    }

    pub async fn create(&self, t: &TenantCtx, input: CreateWebhookInput) -> Result<CreatedWebhook> {
        let mut c = Check::default();
        let url = self.check_url(&mut c, &input.url)?;
        let description = c.text("description", &input.description, 0, 200);
        let events = Self::check_events(&mut c, &input.events);
        c.finish()?;
        let (tx, actor) = self.0.begin(t, Role::Manager).await?;
        self.0.require_feature(&tx, Feature::Webhooks).await?;
        self.0.reserve_stock(&tx, Stock::Webhooks, 1).await?;
        let id = Uuid::now_v7();
        let secret = new_secret();
        repo::insert(
            &tx,
            repo::NewEndpoint {
                id,
                url: &checked(url)?,
                description: &checked(description)?,
                events: &checked(events)?,
                enabled: input.enabled,
                secret: self.0.channel.sealer.seal(secret.as_bytes()),
                created_by: actor.user_id.map(|u| u.0),
            },
        )
        .await
        .db()?;
        self.0
            .audit_ctx(&tx, &actor, "webhook.created", "webhook", id, serde_json::json!({ "url": input.url }))
            .await?;
        let row = repo::get(&tx, id).await.db()?.ok_or_else(not_found)?;
        tx.commit().await.db()?;
        self.0.webhooks.forget(t.tenant_id.0);
        Ok(CreatedWebhook { endpoint: endpoint_dto(row), secret })
    }

    pub async fn update(&self, t: &TenantCtx, id: Uuid, input: UpdateWebhookInput) -> Result<WebhookEndpoint> {
        let mut c = Check::default();
        let url = input.url.as_deref().map(|u| self.check_url(&mut c, u)).transpose()?;
        let description = input.description.as_deref().map(|d| c.text("description", d, 0, 200));
        let events = input.events.as_deref().map(|e| Self::check_events(&mut c, e));
        c.finish()?;
        let (url, description, events) =
            (url.map(checked).transpose()?, description.map(checked).transpose()?, events.map(checked).transpose()?);
        let (tx, actor) = self.0.begin(t, Role::Manager).await?;
        if !repo::update(&tx, id, url.as_deref(), description.as_deref(), events.as_deref(), input.enabled)
            .await
            .db()?
        {
            return Err(not_found());
        }
        if input.enabled == Some(false) {
            repo::give_up(&tx, &[id]).await.db()?;
        }
        self.0.audit_ctx(&tx, &actor, "webhook.updated", "webhook", id, serde_json::json!({})).await?;
        let row = repo::get(&tx, id).await.db()?.ok_or_else(not_found)?;
        tx.commit().await.db()?;
        self.0.webhooks.forget(t.tenant_id.0);
        Ok(endpoint_dto(row))
    }

    pub async fn delete(&self, t: &TenantCtx, id: Uuid) -> Result<()> {
        let (tx, actor) = self.0.begin(t, Role::Manager).await?;
        if !repo::delete(&tx, id).await.db()? {
            return Err(not_found());
        }
        self.0.audit_ctx(&tx, &actor, "webhook.deleted", "webhook", id, serde_json::json!({})).await?;
        tx.commit().await.db()?;
        self.0.webhooks.forget(t.tenant_id.0);
        Ok(())
    }

    /// A new secret, shown once; the previous one keeps signing deliveries (a second `v1=`) for the overlap.
    pub async fn roll_secret(&self, t: &TenantCtx, id: Uuid, input: RollSecretInput) -> Result<RolledSecret> {
        let hours = input.overlap_hours.unwrap_or(24);
        if !(0..=168).contains(&hours) {
            return Err(DomainError::field("overlapHours", "must be between 0 and 168"));
        }
        let (tx, actor) = self.0.begin(t, Role::Manager).await?;
        let secret = new_secret();
        let until = (hours > 0).then(|| Utc::now() + chrono::Duration::hours(hours));
        if !repo::roll_secret(&tx, id, self.0.channel.sealer.seal(secret.as_bytes()), until).await.db()? {
            return Err(not_found());
        }
        self.0
            .audit_ctx(
                &tx,
                &actor,
                "webhook.secret_rolled",
                "webhook",
                id,
                serde_json::json!({ "overlapHours": hours }),
            )
            .await?;
        tx.commit().await.db()?;
        Ok(RolledSecret { secret, previous_secret_until: until })
    }

    pub async fn deliveries(&self, t: &TenantCtx, id: Uuid, q: DeliveryQuery) -> Result<DeliveryPage> {
        let limit = crate::check::in_range("limit", q.limit, 50, 100)?;
        let before = crate::check::id_cursor("before", q.before)?;
        if let Some(s) = q.state.as_deref()
            && !["pending", "sending", "delivered", "dead"].contains(&s)
        {
            return Err(DomainError::field("state", "must be one of: pending, sending, delivered, dead"));
        }
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        repo::get(&tx, id).await.db()?.ok_or_else(not_found)?;
        let rows = repo::deliveries(&tx, id, q.state.as_deref(), before, limit + 1).await.db()?;
        let more = rows.len() as u64 > limit;
        let items: Vec<WebhookDelivery> = rows.into_iter().take(limit as usize).map(delivery_dto).collect();
        let next_before = if more { items.last().map(|d| d.id) } else { None };
        Ok(DeliveryPage { items, next_before })
    }

    pub async fn delivery(&self, t: &TenantCtx, id: Uuid, delivery_id: i64) -> Result<WebhookDeliveryDetail> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        let d = repo::delivery(&tx, delivery_id)
            .await
            .db()?
            .filter(|d| d.endpoint_id == id)
            .ok_or(DomainError::NotFound("Delivery"))?;
        let attempts = repo::attempts(&tx, delivery_id).await.db()?;
        let rows = repo::deliveries(&tx, id, None, Some(delivery_id + 1), 1).await.db()?;
        let delivery = rows.into_iter().next().map(delivery_dto).ok_or(DomainError::NotFound("Delivery"))?;
        Ok(WebhookDeliveryDetail {
            delivery,
            body: catalog::envelope(d.event_id, &d.kind, d.event_at, t.tenant_id.0, &d.payload),
            attempts: attempts
                .into_iter()
                .map(|a| WebhookAttempt {
                    attempt: a.attempt,
                    at: a.at,
                    status: a.status,
                    response_excerpt: a.response_excerpt,
                    error: a.error,
                    duration_ms: a.duration_ms,
                })
                .collect(),
        })
    }

    /// Sends the same event again as a new delivery (same event id, so a receiver that has it can ignore it).
    pub async fn replay(&self, t: &TenantCtx, id: Uuid, delivery_id: i64) -> Result<WebhookDelivery> {
        let (tx, actor) = self.0.begin(t, Role::Manager).await?;
        let ep = repo::get(&tx, id).await.db()?.ok_or_else(not_found)?;
        repo::delivery(&tx, delivery_id)
            .await
            .db()?
            .filter(|d| d.endpoint_id == id)
            .ok_or(DomainError::NotFound("Delivery"))?;
        if !ep.enabled {
            return Err(DomainError::Conflict {
                code: "webhook_disabled",
                message: "This endpoint is turned off: turn it on to replay deliveries.".into(),
            });
        }
        let new_id = repo::replay(&tx, delivery_id).await.db()?.ok_or(DomainError::NotFound("Delivery"))?;
        self.0
            .audit_ctx(&tx, &actor, "webhook.replayed", "webhook", id, serde_json::json!({ "delivery": delivery_id }))
            .await?;
        let row = repo::deliveries(&tx, id, None, Some(new_id + 1), 1).await.db()?;
        tx.commit().await.db()?;
        self.0.webhooks.wakeup.notify_one();
        row.into_iter().next().map(delivery_dto).ok_or(DomainError::NotFound("Delivery"))
    }

    /// Sends a `webhook.test` event to the endpoint now and answers what came back (it is logged like any other).
    pub async fn test(&self, t: &TenantCtx, id: Uuid) -> Result<WebhookTestResult> {
        let (tx, actor) = self.0.begin(t, Role::Manager).await?;
        repo::get(&tx, id).await.db()?.ok_or_else(not_found)?;
        let payload = serde_json::json!({
            "message": "A test delivery from Parley: your endpoint is reachable and can verify signatures.",
            "sentBy": actor.user_id.map(|u| u.0),
        });
        let delivery_id = repo::insert_single(&tx, id, "webhook.test", &payload).await.db()?;
        tx.commit().await.db()?;
        let out = super::delivery::DeliveryWorker(self.0.clone()).deliver_now(t.tenant_id.0, delivery_id).await?;
        Ok(WebhookTestResult {
            delivered: out.delivered,
            delivery_id,
            status: out.status,
            error: out.error,
            response_excerpt: out.excerpt,
            duration_ms: out.duration_ms,
        })
    }

    pub fn events(&self) -> Vec<EventKind> {
        catalog::catalog()
    }
}

/// The rule `dto::WEBHOOK_URL` states, on trimmed text: `http(s)://`, a host name (letters, digits, single inner
/// hyphens, the last label starting with a letter) or a dotted IPv4 address, an optional port up to 65535, then
/// RFC 3986 characters only (a `%` starting two hex digits), with `?` starting the query and `#` the fragment.
fn is_webhook_url(url: &str) -> bool {
    let lower = url.get(..8).map(str::to_ascii_lowercase).unwrap_or_default();
    let rest = if lower.starts_with("https://") {
        &url[8..]
    } else if lower.starts_with("http://") {
        &url[7..]
    } else {
        return false;
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let (host, port) = match authority.split_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (authority, None),
    };
    (is_host_name(host) || is_ipv4(host)) && port.is_none_or(is_port) && is_uri_tail(tail)
}

fn is_label(l: &str) -> bool {
    !l.is_empty() && l.split('-').all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric()))
}

fn is_host_name(host: &str) -> bool {
    let labels: Vec<&str> = host.split('.').collect();
    labels.iter().all(|l| is_label(l))
        && labels.last().is_some_and(|l| l.starts_with(|c: char| c.is_ascii_alphabetic()))
}

fn is_ipv4(host: &str) -> bool {
    let parts: Vec<&str> = host.split('.').collect();
    parts.len() == 4
        && parts.iter().all(|p| {
            (1..=3).contains(&p.len())
                && p.bytes().all(|b| b.is_ascii_digit())
                && !(p.len() > 1 && p.starts_with('0'))
                && p.parse::<u16>().is_ok_and(|n| n <= 255)
        })
}

fn is_port(p: &str) -> bool {
    (1..=5).contains(&p.len())
        && p.bytes().all(|b| b.is_ascii_digit())
        && !(p.len() == 5 && p.starts_with('0'))
        && p.parse::<u32>().is_ok_and(|n| n <= 65535)
}

/// The path, query and fragment: a `?` may not follow the `#`, and neither `#` appears twice.
fn is_uri_tail(tail: &str) -> bool {
    let (before_fragment, fragment) = match tail.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (tail, None),
    };
    let path = before_fragment.split_once('?').map_or(before_fragment, |(p, _)| p);
    let query = before_fragment.split_once('?').map(|(_, q)| q);
    let chars_ok = |s: &str, extra: &[u8]| {
        let b = s.as_bytes();
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'%' => {
                    if !(i + 2 < b.len() && b[i + 1].is_ascii_hexdigit() && b[i + 2].is_ascii_hexdigit()) {
                        return false;
                    }
                    i += 3;
                    continue;
                }
                c if c.is_ascii_alphanumeric() || b"._~!$&'()*+,;=:@/-".contains(&c) || extra.contains(&c) => {}
                _ => return false,
            }
            i += 1;
        }
        true
    };
    chars_ok(path, b"") && query.is_none_or(|q| chars_ok(q, b"?")) && fragment.is_none_or(|f| chars_ok(f, b"?"))
}

#[cfg(test)]
mod tests {
    use super::is_webhook_url;

    /// The document's pattern and the check agree on every sample, taken or not.
    #[test]
    fn the_url_pattern_takes_exactly_what_the_check_takes() {
        let pattern = crate::schema::trimmed_matching(super::WEBHOOK_URL, "").pattern.expect("a pattern");
        let re = regex::Regex::new(&pattern).expect("pattern compiles");
        let samples = [
            "https://example.com/parley/webhooks",
            "HTTP://Example.COM",
            "http://a",
            "https://a.b-c.d:443/x?y=1&z=%2F#frag?x",
            "https://a.b--c.d",
            "https://xn--bcher-kva.example",
            "https://-a.com",
            "https://a-.com",
            "https://1.2.3.4:8080/",
            "https://1.2.3.256",
            "https://01.2.3.4",
            "https://1.2.3",
            "https://a.1",
            "https://a.b1",
            "https://a:65535",
            "https://a:65536",
            "https://a:00080",
            "https://a:0080",
            "https://a:",
            "https://user@a.com",
            "https://[::1]/",
            "https://a.com/with space",
            "https://a.com/%zz",
            "https://a.com/%2",
            "https://a.com/é",
            "https://a.com#x#y",
            "https://a.com?q#f?g",
            "ftp://a.com",
            "https://",
            "https:///x",
            "a.com",
            "",
            "http://a..b",
            "http://a.b.",
        ];
        for s in samples {
            assert_eq!(re.is_match(s), is_webhook_url(s), "{s:?}");
            if is_webhook_url(s) {
                let url = url::Url::parse(s).expect("a URL the rule takes parses");
                assert!(url.host().is_some(), "{s:?} has a host");
            }
        }
    }
}
