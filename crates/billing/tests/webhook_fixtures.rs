//! Webhook conformance: the Stripe-Signature vectors and example events in `shared/fixtures/stripe` (read in
//! place, never copied into the repo), plus the refusals: forged signature, replay, missing header, non-JSON.

use std::path::PathBuf;

use parley_billing::webhook::{self, DEFAULT_TOLERANCE_SECS, WebhookError, verify};
use serde_json::Value;

fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/stripe")
}

fn fixtures(prefix: &str) -> Vec<(String, Value)> {
    let mut found: Vec<(String, Value)> = std::fs::read_dir(fixtures_dir())
        .expect("shared/fixtures/stripe next to the workspace")
        .map(|entry| entry.expect("dir entry").path())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            name.starts_with(prefix) && name.ends_with(".json")
        })
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("read fixture");
            (
                p.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned(),
                serde_json::from_str(&text).expect("fixture is JSON"),
            )
        })
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(!found.is_empty(), "no {prefix}*.json fixtures in {}", fixtures_dir().display());
    found
}

/// The vectors that carry a whole header (the HMAC-only vectors have `cases` instead).
fn header_vectors() -> Vec<(String, Value)> {
    fixtures("sig_").into_iter().filter(|(_, v)| v.get("header_value").is_some()).collect()
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_else(|| panic!("fixture field {key}"))
}

#[test]
fn every_signature_vector_verifies_with_the_clock_at_its_timestamp() {
    let vectors = header_vectors();
    assert!(vectors.len() >= 2);
    for (name, v) in vectors {
        let t = v["timestamp"].as_i64().expect("timestamp");
        let payload = s(&v, "raw_payload").as_bytes();
        let env = verify(payload, s(&v, "header_value"), s(&v, "secret"), t, DEFAULT_TOLERANCE_SECS)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let event: Value = serde_json::from_slice(payload).expect("payload JSON");
        assert_eq!(env.id, event["id"].as_str().expect("id"), "{name}");
        assert_eq!(env.kind, event["type"].as_str().expect("type"), "{name}");
        assert_eq!(
            env.object_id.as_deref(),
            Some(event["data"]["object"]["id"].as_str().expect("object id")),
            "{name}"
        );
        // What we would sign ourselves is the expected v1.
        let ours = webhook::signature_header(payload, s(&v, "secret"), t);
        assert_eq!(ours, format!("t={t},v1={}", s(&v, "expected_v1")), "{name}");
    }
}

#[test]
fn the_signature_vectors_are_refused_with_todays_clock() {
    // The vectors are from 2018: with the default five-minute window they are replays.
    for (name, v) in header_vectors() {
        let t = v["timestamp"].as_i64().expect("timestamp");
        let now = t + 8 * 365 * 24 * 3600;
        let result = verify(s(&v, "raw_payload").as_bytes(), s(&v, "header_value"), s(&v, "secret"), now, 300);
        assert_eq!(result, Err(WebhookError::Expired), "{name}");
    }
}

#[test]
fn a_delivery_just_inside_and_just_outside_five_minutes() {
    let (_, v) = header_vectors().remove(0);
    let t = v["timestamp"].as_i64().expect("timestamp");
    let (payload, header, secret) = (s(&v, "raw_payload").as_bytes(), s(&v, "header_value"), s(&v, "secret"));
    assert!(verify(payload, header, secret, t + 300, 300).is_ok());
    assert!(verify(payload, header, secret, t - 300, 300).is_ok());
    assert_eq!(verify(payload, header, secret, t + 301, 300), Err(WebhookError::Expired));
    assert_eq!(verify(payload, header, secret, t - 301, 300), Err(WebhookError::Expired));
}

#[test]
fn a_forged_signature_a_changed_body_or_another_secret_is_refused() {
    for (name, v) in header_vectors() {
        let t = v["timestamp"].as_i64().expect("timestamp");
        let payload = s(&v, "raw_payload");
        let (header, secret) = (s(&v, "header_value"), s(&v, "secret"));
        let forged = format!("t={t},v1={}", "ab".repeat(32));
        assert_eq!(verify(payload.as_bytes(), &forged, secret, t, 300), Err(WebhookError::BadSignature), "{name}");
        let tampered = payload.replacen("evt_123", "evt_124", 1);
        assert_eq!(verify(tampered.as_bytes(), header, secret, t, 300), Err(WebhookError::BadSignature), "{name}");
        assert_eq!(verify(payload.as_bytes(), header, "whsec_other", t, 300), Err(WebhookError::BadSignature));
        // Moving the timestamp breaks the signature too: t is part of what is signed.
        let shifted = header.replacen(&format!("t={t}"), &format!("t={}", t + 1), 1);
        assert_eq!(verify(payload.as_bytes(), &shifted, secret, t, 300), Err(WebhookError::BadSignature));
    }
}

#[test]
fn a_missing_or_malformed_header_is_refused() {
    let (_, v) = header_vectors().remove(0);
    let t = v["timestamp"].as_i64().expect("timestamp");
    let payload = s(&v, "raw_payload").as_bytes();
    for header in ["", "   ", "v1=abc", "t=,v1=abc", "t=yesterday,v1=abc"] {
        assert_eq!(verify(payload, header, s(&v, "secret"), t, 300), Err(WebhookError::Malformed), "{header:?}");
    }
}

#[test]
fn a_correctly_signed_body_that_is_not_an_event_is_a_bad_payload() {
    let secret = "whsec_test";
    for body in [&b"not json at all"[..], b"[1,2,3]", br#"{"id":"evt_1"}"#] {
        let header = webhook::signature_header(body, secret, 1_000);
        assert!(matches!(verify(body, &header, secret, 1_000, 300), Err(WebhookError::BadPayload(_))), "{body:?}");
    }
}

#[test]
fn the_hmac_primitive_matches_stripe_nodes_vectors() {
    // These vectors sign the payload alone (no "{t}." prefix), so they check the primitive our signer uses.
    use hmac::{Hmac, Mac};
    use sha2::Sha256;
    for (_, v) in fixtures("sig_").into_iter().filter(|(_, v)| v.get("cases").is_some()) {
        for case in v["cases"].as_array().expect("cases") {
            let mut mac = Hmac::<Sha256>::new_from_slice(s(&v, "secret").as_bytes()).expect("key");
            mac.update(s(case, "payload").as_bytes());
            assert_eq!(hex::encode(mac.finalize().into_bytes()), s(case, "hmac_sha256_hex"), "{}", s(case, "name"));
        }
    }
}

#[test]
fn every_example_event_reads_into_an_envelope() {
    let events = fixtures("srm_");
    assert!(events.len() >= 8);
    for (name, event) in events {
        let body = serde_json::to_vec(&event).expect("json");
        let secret = "whsec_fixture";
        let t = event["created"].as_i64().expect("created");
        let env = verify(&body, &webhook::signature_header(&body, secret, t), secret, t, DEFAULT_TOLERANCE_SECS)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let object = &event["data"]["object"];
        assert_eq!(env.id, s(&event, "id"), "{name}");
        assert_eq!(env.kind, s(&event, "type"), "{name}");
        assert_eq!(env.created, t, "{name}");
        assert_eq!(env.livemode, event["livemode"].as_bool().unwrap_or(false), "{name}");
        assert_eq!(env.object_type, s(object, "object"), "{name}");
        assert_eq!(env.object_id.as_deref(), Some(s(object, "id")), "{name}");
        assert_eq!(env.customer_id.as_deref(), object["customer"].as_str(), "{name}");
        assert_eq!(env.client_reference_id.as_deref(), object["client_reference_id"].as_str(), "{name}");
        match env.object_type.as_str() {
            "subscription" => {
                assert!(env.kind.starts_with("customer.subscription."), "{name}");
                assert_eq!(env.subscription_id, env.object_id, "{name}");
            }
            "invoice" => assert!(env.kind.starts_with("invoice."), "{name}"),
            "checkout.session" => assert_eq!(env.kind, "checkout.session.completed", "{name}"),
            other => panic!("{name}: unexpected object type {other}"),
        }
    }
}

#[test]
fn an_event_type_nobody_handles_still_verifies() {
    let body = br#"{"id":"evt_new","object":"event","type":"billing.something_new","created":5,"livemode":true,
        "data":{"object":{"id":"thing_1","object":"billing.thing","customer":"cus_1"}}}"#;
    let header = webhook::signature_header(body, "whsec_x", 5);
    let env = verify(body, &header, "whsec_x", 5, 300).expect("verifies");
    assert_eq!(env.kind, "billing.something_new");
    assert!(env.livemode);
    assert_eq!(env.subscription_id, None);
}

#[test]
fn a_checkout_session_names_its_subscription_and_tenant() {
    let body = br#"{"id":"evt_cs","object":"event","type":"checkout.session.completed","created":5,
        "data":{"object":{"id":"cs_1","object":"checkout.session","customer":"cus_1","subscription":"sub_1",
        "client_reference_id":"tenant-42","mode":"subscription"}}}"#;
    let env = webhook::parse_event(body).expect("parses");
    assert_eq!(env.subscription_id.as_deref(), Some("sub_1"));
    assert_eq!(env.client_reference_id.as_deref(), Some("tenant-42"));
}
