//! Stripe webhook checks: the `Stripe-Signature` header (HMAC-SHA256 over `"{t}.{body}"`, replay window) and a
//! small, type-agnostic envelope read from the event body. Imports nothing from async-stripe on purpose: its
//! `Event` type refuses event types it does not know, and an event we do not handle must still verify (and be
//! acknowledged) rather than be retried by Stripe for three days.

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// Stripe's default replay window, in seconds.
pub const DEFAULT_TOLERANCE_SECS: i64 = 300;

/// Why a webhook delivery was refused. Every variant means "answer 400 and do not process".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebhookError {
    /// The header is absent, has no `t=` or an unreadable one.
    #[error("malformed Stripe-Signature header")]
    Malformed,
    /// No `v1=` signature matches the body with our secret (or there is no `v1=` at all, or no secret).
    #[error("no valid signature for this payload")]
    BadSignature,
    /// The signed timestamp is outside the tolerance: a replayed (or badly delayed) delivery.
    #[error("signature timestamp outside the tolerance")]
    Expired,
    /// The signature is good but the body is not a Stripe event.
    #[error("payload is not a Stripe event: {0}")]
    BadPayload(String),
}

/// What the billing services need from an event to dedupe it (`id`) and to know what to re-fetch: the
/// object, its customer and subscription. The object itself is not kept: the handler re-fetches the current
/// state from the gateway, since events arrive out of order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventEnvelope {
    pub id: String,
    /// The event type, e.g. `customer.subscription.updated`.
    pub kind: String,
    pub created: i64,
    pub livemode: bool,
    /// `data.object.object`, e.g. `subscription`, `invoice`, `checkout.session`.
    pub object_type: String,
    /// None for objects without an id (the preview invoice of `invoice.upcoming`).
    pub object_id: Option<String>,
    pub customer_id: Option<String>,
    pub subscription_id: Option<String>,
    /// Checkout sessions carry the tenant id here.
    pub client_reference_id: Option<String>,
}

/// Verifies a delivery and reads its envelope. `payload` must be the raw body, byte for byte.
/// Several `v1=` entries may be present while a secret is being rolled: any one matching is enough.
/// Legacy `v0=` entries are ignored.
pub fn verify(
    payload: &[u8],
    signature_header: &str,
    secret: &str,
    now_unix: i64,
    tolerance_secs: i64,
) -> Result<EventEnvelope, WebhookError> {
    let header = SignatureHeader::parse(signature_header)?;
    if secret.is_empty() {
        // An unconfigured secret must never turn into "anything signed with the empty key is accepted".
        return Err(WebhookError::BadSignature);
    }
    let expected = sign(secret.as_bytes(), header.timestamp, payload);
    let matched =
        header.v1.iter().fold(subtle::Choice::from(0), |acc, candidate| acc | candidate.as_slice().ct_eq(&expected));
    if !bool::from(matched) {
        return Err(WebhookError::BadSignature);
    }
    if now_unix.abs_diff(header.timestamp) > tolerance_secs.max(0).unsigned_abs() {
        return Err(WebhookError::Expired);
    }
    parse_event(payload)
}

/// The `Stripe-Signature` value for a payload: what the simulator and tests send.
pub fn signature_header(payload: &[u8], secret: &str, timestamp: i64) -> String {
    format!("t={timestamp},v1={}", hex::encode(sign(secret.as_bytes(), timestamp, payload)))
}

fn sign(secret: &[u8], timestamp: i64, payload: &[u8]) -> Vec<u8> {
    // HMAC accepts keys of any length, so this cannot fail.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret) else {
        unreachable!("HMAC-SHA256 takes keys of any length")
    };
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(payload);
    mac.finalize().into_bytes().to_vec()
}

struct SignatureHeader {
    timestamp: i64,
    v1: Vec<Vec<u8>>,
}

impl SignatureHeader {
    fn parse(header: &str) -> Result<Self, WebhookError> {
        let mut timestamp = None;
        let mut v1 = Vec::new();
        for part in header.split(',') {
            let Some((key, value)) = part.trim().split_once('=') else {
                continue;
            };
            match key.trim() {
                "t" => timestamp = Some(value.trim().parse::<i64>().map_err(|_| WebhookError::Malformed)?),
                // A value that is not hex cannot match; skipping it lets a good sibling still verify.
                "v1" => v1.extend(hex::decode(value.trim()).ok()),
                _ => {}
            }
        }
        let timestamp = timestamp.ok_or(WebhookError::Malformed)?;
        Ok(Self { timestamp, v1 })
    }
}

/// Reads the envelope of an already verified event body.
pub fn parse_event(payload: &[u8]) -> Result<EventEnvelope, WebhookError> {
    let event: Value = serde_json::from_slice(payload).map_err(|e| WebhookError::BadPayload(e.to_string()))?;
    let bad = |what: &str| WebhookError::BadPayload(format!("missing {what}"));
    let id = str_field(&event, "id").ok_or_else(|| bad("id"))?;
    let kind = str_field(&event, "type").ok_or_else(|| bad("type"))?;
    let created = event.get("created").and_then(Value::as_i64).ok_or_else(|| bad("created"))?;
    let livemode = event.get("livemode").and_then(Value::as_bool).unwrap_or(false);
    let object =
        event.get("data").and_then(|d| d.get("object")).filter(|o| o.is_object()).ok_or_else(|| bad("data.object"))?;
    let object_type = str_field(object, "object").ok_or_else(|| bad("data.object.object"))?;
    // `invoice.upcoming` carries a preview invoice, which has no id.
    let object_id = str_field(object, "id");

    let customer_id = match object_type.as_str() {
        "customer" => object_id.clone(),
        _ => object.get("customer").and_then(id_of),
    };
    let subscription_id = match object_type.as_str() {
        "subscription" => object_id.clone(),
        // Invoices moved the link under `parent.subscription_details` in API 2025-03-31; older payloads (and
        // checkout sessions, schedules) have it at the top level.
        _ => object.get("subscription").and_then(id_of).or_else(|| {
            object
                .get("parent")
                .and_then(|p| p.get("subscription_details"))
                .and_then(|s| s.get("subscription"))
                .and_then(id_of)
        }),
    };
    let client_reference_id = str_field(object, "client_reference_id");

    Ok(EventEnvelope {
        id,
        kind,
        created,
        livemode,
        object_type,
        object_id,
        customer_id,
        subscription_id,
        client_reference_id,
    })
}

fn str_field(value: &Value, key: &str) -> Option<String> {
    value.get(key).and_then(Value::as_str).map(str::to_owned)
}

/// A reference is an id string, or the object itself when the sender expanded it.
fn id_of(value: &Value) -> Option<String> {
    match value {
        Value::String(id) => Some(id.clone()),
        Value::Object(_) => str_field(value, "id"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "whsec_test";

    fn event(object: Value) -> Vec<u8> {
        serde_json::to_vec(&serde_json::json!({
            "id": "evt_1", "object": "event", "type": "invoice.paid", "created": 1_700_000_000,
            "livemode": false, "data": { "object": object }
        }))
        .expect("json")
    }

    #[test]
    fn an_upcoming_invoice_without_an_id_still_reads() {
        let body = event(serde_json::json!({
            "object": "invoice", "customer": "cus_1",
            "parent": { "type": "subscription_details", "subscription_details": { "subscription": "sub_1" } }
        }));
        let env = parse_event(&body).expect("a preview invoice has no id, and the event is still good");
        assert_eq!(env.object_id, None);
        assert_eq!((env.customer_id.as_deref(), env.subscription_id.as_deref()), (Some("cus_1"), Some("sub_1")));
    }

    #[test]
    fn a_signed_event_verifies_and_reads_the_current_invoice_shape() {
        let body = event(serde_json::json!({
            "id": "in_1", "object": "invoice", "customer": "cus_1",
            "parent": { "type": "subscription_details", "subscription_details": { "subscription": "sub_1" } }
        }));
        let header = signature_header(&body, SECRET, 1_700_000_000);
        let env = verify(&body, &header, SECRET, 1_700_000_100, DEFAULT_TOLERANCE_SECS).expect("verifies");
        assert_eq!(env.object_id.as_deref(), Some("in_1"));
        assert_eq!(env.customer_id.as_deref(), Some("cus_1"));
        assert_eq!(env.subscription_id.as_deref(), Some("sub_1"));
    }

    #[test]
    fn an_expanded_customer_and_a_top_level_subscription_are_read() {
        let body = event(serde_json::json!({
            "id": "in_1", "object": "invoice", "customer": { "id": "cus_9", "object": "customer" },
            "subscription": "sub_9"
        }));
        let env = parse_event(&body).expect("parses");
        assert_eq!(env.customer_id.as_deref(), Some("cus_9"));
        assert_eq!(env.subscription_id.as_deref(), Some("sub_9"));
    }

    #[test]
    fn one_matching_signature_among_several_is_enough() {
        let body = event(serde_json::json!({ "id": "in_1", "object": "invoice" }));
        let good = signature_header(&body, SECRET, 10);
        let v1 = good.split("v1=").nth(1).expect("v1");
        let header = format!("t=10,v1={},v1=nothex,v1={v1},v0=abcd", "00".repeat(32));
        assert!(verify(&body, &header, SECRET, 10, 300).is_ok());
    }

    #[test]
    fn a_header_with_only_legacy_signatures_is_refused() {
        let body = event(serde_json::json!({ "id": "in_1", "object": "invoice" }));
        assert_eq!(verify(&body, "t=10,v0=abcd", SECRET, 10, 300), Err(WebhookError::BadSignature));
    }

    #[test]
    fn an_empty_secret_accepts_nothing() {
        let body = event(serde_json::json!({ "id": "in_1", "object": "invoice" }));
        let header = signature_header(&body, "", 10);
        assert_eq!(verify(&body, &header, "", 10, 300), Err(WebhookError::BadSignature));
    }

    #[test]
    fn a_timestamp_that_is_not_a_number_is_malformed() {
        assert_eq!(verify(b"{}", "t=abc,v1=00", SECRET, 10, 300), Err(WebhookError::Malformed));
        assert_eq!(verify(b"{}", "garbage", SECRET, 10, 300), Err(WebhookError::Malformed));
    }

    #[test]
    fn an_event_without_data_object_is_a_bad_payload() {
        let body = br#"{"id":"evt_1","type":"x","created":1,"data":{}}"#;
        let header = signature_header(body, SECRET, 10);
        assert!(matches!(verify(body, &header, SECRET, 10, 300), Err(WebhookError::BadPayload(_))));
    }
}
