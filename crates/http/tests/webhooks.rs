//! Outbound webhooks end to end: Parley on a real port with the WhatsApp simulator and the delivery worker, a local
//! receiver that records what it gets. Deliveries are signed, arrive in order per conversation, are retried, logged
//! and replayable; a failing endpoint is turned off and its owner mailed; unsafe URLs are refused.

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use hmac::{Hmac, Mac};
use parley_test_support::{TestApp, TestOptions};
use serde_json::{Value, json};
use sha2::Sha256;
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Clone, Default)]
struct Sink {
    got: Arc<Mutex<Vec<(HeaderMap, String)>>>,
    /// The status the receiver answers (0 = 200).
    answer: Arc<AtomicU16>,
}

async fn receive(State(sink): State<Sink>, headers: HeaderMap, body: String) -> StatusCode {
    sink.got.lock().expect("sink").push((headers, body));
    match sink.answer.load(Ordering::SeqCst) {
        0 => StatusCode::OK,
        s => StatusCode::from_u16(s).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
    }
}

async fn sink() -> (Sink, String) {
    let sink = Sink::default();
    let app = Router::new().route("/hook", axum::routing::post(receive)).with_state(sink.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind sink");
    let url = format!("http://{}/hook", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    (sink, url)
}

impl Sink {
    fn bodies(&self) -> Vec<(HeaderMap, Value)> {
        let got = self.got.lock().expect("sink").clone();
        got.into_iter().map(|(h, b)| (h, serde_json::from_str(&b).expect("json body"))).collect()
    }

    fn raw(&self) -> Vec<(HeaderMap, String)> {
        self.got.lock().expect("sink").clone()
    }
}

/// An app whose outbound HTTP may reach 127.0.0.1 (the receiver), with quick retries.
async fn app(disable_after: chrono::Duration) -> TestApp {
    TestApp::spawn_channel_opts(TestOptions {
        flows_http: parley_services::flows::guarded_http::GuardConfig {
            allow: vec!["127.0.0.1".into()],
            ..Default::default()
        },
        webhooks: parley_services::automations::WebhooksConfig {
            timeout: Duration::from_secs(2),
            first_backoff: chrono::Duration::milliseconds(150),
            max_backoff: chrono::Duration::milliseconds(400),
            disable_after,
            ..Default::default()
        },
        ..TestOptions::default()
    })
    .await
}

fn verify(secret: &str, header: &str, body: &str) -> bool {
    let mut t = None;
    let mut sigs = vec![];
    for part in header.split(',') {
        match part.split_once('=') {
            Some(("t", v)) => t = Some(v.to_owned()),
            Some(("v1", v)) => sigs.push(v.to_owned()),
            _ => {}
        }
    }
    let Some(t) = t else { return false };
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()).expect("key");
    mac.update(format!("{t}.{body}").as_bytes());
    let want = hex::encode(mac.finalize().into_bytes());
    sigs.contains(&want)
}

async fn eventually<F: Fn() -> bool>(what: &str, secs: u64, f: F) {
    for _ in 0..secs * 20 {
        if f() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("timed out waiting for {what}");
}

#[tokio::test]
async fn deliveries_are_signed_in_order_per_conversation_logged_and_survive_a_secret_roll() {
    let app = app(chrono::Duration::hours(24)).await;
    let owner = app.signup("Hooked Shop").await;
    let pnid = app.cloud_number(&owner).await.phone_number_id;
    let (sink, url) = sink().await;

    let res = app
        .post(
            "/api/v1/webhooks",
            Some(&owner.token),
            json!({ "url": url, "description": "CRM sync", "events": ["message.created", "conversation.created"] }),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let id = res.body["endpoint"]["id"].as_str().expect("id").to_owned();
    let secret = res.body["secret"].as_str().expect("secret shown once").to_owned();
    assert!(secret.starts_with("whsec_"));
    let shown = app.get(&format!("/api/v1/webhooks/{id}"), &owner.token).await;
    assert!(shown.body.get("secret").is_none(), "the secret is never shown again: {}", shown.body);

    // Eight messages from one customer, sent as fast as the simulator goes.
    for n in 0..8 {
        app.ch()
            .sim_post("/customers/14155550142/messages", json!({ "phoneNumberId": pnid, "text": format!("hello {n}") }))
            .await;
    }
    eventually("nine deliveries", 20, || {
        sink.bodies().iter().filter(|(_, b)| b["type"] == "message.created").count() == 8
    })
    .await;
    let got = sink.raw();
    for (headers, body) in &got {
        let sig = headers.get("parley-signature").and_then(|v| v.to_str().ok()).expect("signed");
        assert!(verify(&secret, sig, body), "signature verifies over t.body: {sig}");
        assert!(!verify("whsec_other", sig, body));
    }
    let bodies = sink.bodies();
    assert_eq!(bodies[0].1["type"], "conversation.created", "the conversation comes before its messages");
    let texts: Vec<String> = bodies
        .iter()
        .filter(|(_, b)| b["type"] == "message.created")
        .map(|(_, b)| b["data"]["content"]["text"].as_str().unwrap_or_default().to_owned())
        .collect();
    let want: Vec<String> = (0..8).map(|n| format!("hello {n}")).collect();
    assert_eq!(texts, want, "in the order they were received");
    let ids: std::collections::HashSet<&str> = bodies.iter().filter_map(|(_, b)| b["id"].as_str()).collect();
    assert_eq!(ids.len(), bodies.len(), "every event has its own id");
    assert!(bodies.iter().all(|(h, b)| h.get("parley-event-id").and_then(|v| v.to_str().ok()) == b["id"].as_str()));
    assert!(bodies.iter().all(|(_, b)| b["workspaceId"] == owner.tenant_id.to_string()));

    // The log: delivered, with the attempt's status and the body as sent.
    let logs = app.get(&format!("/api/v1/webhooks/{id}/logs?state=delivered"), &owner.token).await;
    assert_eq!(logs.status, StatusCode::OK, "{}", logs.body);
    let items = logs.body["items"].as_array().expect("items");
    assert_eq!(items.len(), 9);
    let first = items.last().expect("oldest");
    let detail = app.get(&format!("/api/v1/webhooks/{id}/logs/{}", first["id"]), &owner.token).await;
    assert_eq!(detail.body["attempts"][0]["status"], 200, "{}", detail.body);
    assert_eq!(detail.body["body"]["type"], "conversation.created");

    // Roll the secret with an overlap: deliveries carry both signatures, so either secret verifies.
    let rolled = app.post(&format!("/api/v1/webhooks/{id}/roll-secret"), Some(&owner.token), json!({})).await;
    assert_eq!(rolled.status, StatusCode::OK, "{}", rolled.body);
    let new_secret = rolled.body["secret"].as_str().expect("new secret").to_owned();
    assert_ne!(new_secret, secret);
    let before = sink.raw().len();
    let test = app.post(&format!("/api/v1/webhooks/{id}/test"), Some(&owner.token), json!({})).await;
    assert_eq!(test.status, StatusCode::OK, "{}", test.body);
    assert_eq!(test.body["delivered"], true, "{}", test.body);
    assert_eq!(test.body["status"], 200);
    let (headers, body) = sink.raw()[before].clone();
    let sig = headers.get("parley-signature").and_then(|v| v.to_str().ok()).expect("signed").to_owned();
    assert!(verify(&new_secret, &sig, &body) && verify(&secret, &sig, &body), "both secrets verify: {sig}");
    assert_eq!(serde_json::from_str::<Value>(&body).expect("json")["type"], "webhook.test");

    // Replay: the same event again, same id.
    let replay =
        app.post(&format!("/api/v1/webhooks/{id}/logs/{}/replay", first["id"]), Some(&owner.token), json!({})).await;
    assert_eq!(replay.status, StatusCode::ACCEPTED, "{}", replay.body);
    let n = sink.raw().len();
    eventually("the replay", 10, || sink.raw().len() == n + 1).await;
    assert_eq!(sink.bodies()[n].1["id"], bodies[0].1["id"], "a replay carries the event's id");

    // Another workspace sees none of it.
    let other = app.signup("Other Shop").await;
    let res = app.get(&format!("/api/v1/webhooks/{id}/logs"), &other.token).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_failing_endpoint_is_retried_logged_then_turned_off_and_its_owner_mailed() {
    let app = app(chrono::Duration::seconds(2)).await;
    let owner = app.signup("Flaky Receiver").await;
    let (sink, url) = sink().await;
    sink.answer.store(500, Ordering::SeqCst);
    let res =
        app.post("/api/v1/webhooks", Some(&owner.token), json!({ "url": url, "events": ["contact.created"] })).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let id = res.body["endpoint"]["id"].as_str().expect("id").to_owned();
    let c =
        app.post("/api/v1/contacts", Some(&owner.token), json!({ "name": "Rania", "phone": "+971501112233" })).await;
    assert_eq!(c.status, StatusCode::CREATED, "{}", c.body);

    eventually("a few attempts", 10, || sink.raw().len() >= 3).await;
    // Failing for longer than `disable_after` turns it off.
    let mut ep = Value::Null;
    for _ in 0..100 {
        ep = app.get(&format!("/api/v1/webhooks/{id}"), &owner.token).await.body;
        if ep["enabled"] == false {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(ep["enabled"], false, "{ep}");
    assert!(ep["disabledReason"].as_str().is_some_and(|r| r.contains("failed")), "{ep}");
    let mail = app.last_mail_to(&owner.email).await.expect("the owner is told");
    assert!(mail["subject"].as_str().is_some_and(|s| s.contains("webhook")), "{mail}");

    let logs = app.get(&format!("/api/v1/webhooks/{id}/logs"), &owner.token).await;
    let d = &logs.body["items"][0];
    assert_eq!(d["state"], "dead", "{}", logs.body);
    assert_eq!(d["lastStatus"], 500);
    let detail = app.get(&format!("/api/v1/webhooks/{id}/logs/{}", d["id"]), &owner.token).await;
    let attempts = detail.body["attempts"].as_array().expect("attempts");
    assert!(attempts.len() >= 3, "{}", detail.body);
    assert!(attempts.iter().all(|a| a["status"] == 500 && a["error"] == "answered 500"));
    let body: Value = serde_json::from_str(&sink.raw()[0].1).expect("json");
    assert_eq!(body["data"]["name"], "Rania");

    // Replaying needs the endpoint on; fixed and on again, the replay arrives.
    let refused =
        app.post(&format!("/api/v1/webhooks/{id}/logs/{}/replay", d["id"]), Some(&owner.token), json!({})).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    sink.answer.store(0, Ordering::SeqCst);
    let on = app.patch(&format!("/api/v1/webhooks/{id}"), &owner.token, json!({ "enabled": true })).await;
    assert_eq!(on.body["enabled"], true, "{}", on.body);
    assert!(on.body["disabledReason"].is_null());
    let replay =
        app.post(&format!("/api/v1/webhooks/{id}/logs/{}/replay", d["id"]), Some(&owner.token), json!({})).await;
    assert_eq!(replay.status, StatusCode::ACCEPTED, "{}", replay.body);
    let delivered = || async {
        app.get(&format!("/api/v1/webhooks/{id}/logs?state=delivered"), &owner.token).await.body["items"]
            .as_array()
            .map_or(0, Vec::len)
    };
    for _ in 0..100 {
        if delivered().await == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(delivered().await, 1);
}

#[tokio::test]
async fn unsafe_or_unknown_subscriptions_are_refused() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Careful Shop").await;
    // A well-formed URL to a forbidden destination is refused as such, on creation and on change.
    for url in [
        "http://localhost:8080/hook",
        "http://127.0.0.1/hook",
        "http://10.1.2.3/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://metadata.google.internal/",
    ] {
        let res = app.post("/api/v1/webhooks", Some(&owner.token), json!({ "url": url, "events": ["*"] })).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{url}: {}", res.body);
        assert_eq!(res.code(), "url_not_allowed", "{}", res.body);
    }
    // What is not an absolute http(s) URL of the documented shape is a field error.
    for url in [
        "http://[::1]/hook",
        "ftp://example.com/hook",
        "not a url",
        "https://exa mple.com/h",
        "https://example.com/with space",
        "https://user@example.com/h",
        "",
    ] {
        let res = app.post("/api/v1/webhooks", Some(&owner.token), json!({ "url": url, "events": ["*"] })).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{url}: {}", res.body);
        assert_eq!(res.body["details"]["fields"][0]["field"], "url", "{}", res.body);
    }
    for events in [json!([]), json!(["message.exploded"])] {
        let res = app
            .post("/api/v1/webhooks", Some(&owner.token), json!({ "url": "https://example.com/h", "events": events }))
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    }
    let all = app
        .post("/api/v1/webhooks", Some(&owner.token), json!({ "url": "https://example.com/h", "events": ["*"] }))
        .await;
    assert_eq!(all.status, StatusCode::CREATED, "{}", all.body);
    let kinds = app.get("/api/v1/webhooks/events", &owner.token).await;
    let n = kinds.body.as_array().expect("catalogue").len();
    assert_eq!(all.body["endpoint"]["events"].as_array().expect("events").len(), n, "* means every kind");
    assert!(kinds.body.as_array().expect("catalogue").iter().all(|k| k["example"]["type"] == k["kind"]));
    let res = app.get("/api/v1/webhooks", &owner.token).await;
    assert_eq!(res.body.as_array().map(Vec::len), Some(1));
    let id = all.body["endpoint"]["id"].as_str().expect("id");
    let moved =
        app.patch(&format!("/api/v1/webhooks/{id}"), &owner.token, json!({ "url": "http://127.0.0.1/h" })).await;
    assert_eq!((moved.status, moved.code()), (StatusCode::FORBIDDEN, "url_not_allowed"), "{}", moved.body);
    // A name that does not resolve today is taken: DNS changes, and deliveries log what they meet.
    let later =
        app.patch(&format!("/api/v1/webhooks/{id}"), &owner.token, json!({ "url": "https://not-yet.invalid/h" })).await;
    assert_eq!(later.status, StatusCode::OK, "{}", later.body);
    assert_eq!(later.body["url"], "https://not-yet.invalid/h");
    // Every kind's data schema is documented in the API document.
    let doc = app.call(axum::http::Method::GET, "/api/v1/openapi.json", None, None).await;
    for k in kinds.body.as_array().expect("catalogue") {
        let name = k["schema"].as_str().expect("schema name");
        assert!(doc.body["components"]["schemas"].get(name).is_some(), "{name} is not in components.schemas");
    }
}
