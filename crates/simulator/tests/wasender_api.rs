//! The fake WasenderAPI driven by the real `WasenderClient`: a session goes from QR code to connected,
//! sends and receives, and every webhook carries the session's secret.

mod support;

use parley_simulator::DEFAULT_WASENDER_TOKEN;
use parley_whatsapp::signature::verify_wasender;
use parley_whatsapp::wasender::{self, WasenderEvent, WasenderStatus};
use parley_whatsapp::{NewSession, SessionStatus, WasenderClient, WasenderError, WasenderSend};
use serde_json::json;
use std::time::Duration;
use support::{Harness, Hook, fast, start};

fn client(h: &Harness) -> WasenderClient {
    WasenderClient::new(&format!("{}/wasender", h.base), Duration::from_secs(5)).expect("client")
}

fn new_session(h: &Harness) -> NewSession {
    NewSession {
        name: "Front desk".into(),
        phone_number: "+15550100200".into(),
        webhook_url: format!("{}/webhook", h.receiver),
    }
}

/// The event of a Wasender webhook whose secret header matches.
fn event(hook: &Hook, secret: &str) -> WasenderEvent {
    assert_eq!(verify_wasender(secret, hook.header("x-webhook-signature")), Ok(()));
    wasender::parse_webhook(&hook.body).expect("a Wasender webhook")
}

#[tokio::test]
async fn a_session_goes_from_qr_code_to_connected_then_sends_and_receives() {
    let mut h = start(fast()).await;
    let wa = client(&h);
    let session = wa.create_session(DEFAULT_WASENDER_TOKEN, &new_session(&h)).await.expect("created");
    assert_eq!((session.name.as_str(), &session.status), ("Front desk", &SessionStatus::Disconnected));
    let key = session.api_key.clone().expect("api key");
    let secret = session.webhook_secret.clone().expect("webhook secret");

    let connected = wa.connect_session(DEFAULT_WASENDER_TOKEN, session.id).await.expect("connect");
    assert_eq!(connected.status, SessionStatus::NeedScan);
    let qr = connected.qr_code.expect("a QR code");
    assert!(qr.starts_with("2@sim"));
    let WasenderEvent::Qr { qr: hooked, session_id } = event(&h.next_hook().await, &secret) else { panic!("QR event") };
    assert_eq!((hooked.as_str(), session_id.as_deref()), (qr.as_str(), Some(key.as_str())));
    assert_eq!(wa.qr_code(DEFAULT_WASENDER_TOKEN, session.id).await.expect("qr"), qr);
    assert_eq!(wa.status(&key).await.expect("status"), SessionStatus::NeedScan);

    let early = wa.send(&key, &WasenderSend::text("+15550300400", "too soon")).await.expect_err("not connected");
    assert!(matches!(early, WasenderError::Api { status: 400, .. }) && !early.is_retryable(), "{early:?}");

    let (code, _) = h.post(&format!("/api/wasender/sessions/{}/scan", session.id), json!({})).await;
    assert_eq!(code, 200);
    let WasenderEvent::Session { status, session_id } = event(&h.next_hook().await, &secret) else { panic!("session") };
    assert_eq!((status.as_str(), session_id), ("connected", Some(session.id.to_string())));
    assert_eq!(wa.status(&key).await.expect("status"), SessionStatus::Connected);
    let fetched = wa.get_session(DEFAULT_WASENDER_TOKEN, session.id).await.expect("session");
    assert_eq!(fetched.status, SessionStatus::Connected);
    assert!(wa.qr_code(DEFAULT_WASENDER_TOKEN, session.id).await.is_err(), "no QR once connected");

    let msg_id = wa.send(&key, &WasenderSend::text("+15550300400", "Hello from Parley")).await.expect("sent");
    let mut updates = Vec::new();
    for _ in 0..3 {
        let WasenderEvent::Status { message_id, status, .. } = event(&h.next_hook().await, &secret) else {
            panic!("status update")
        };
        assert_eq!(message_id, msg_id);
        updates.push(status);
    }
    assert_eq!(updates, [WasenderStatus::Sent, WasenderStatus::Delivered, WasenderStatus::Read]);

    let path = format!("/api/wasender/sessions/{}/customers/15550300400/messages", session.id);
    let (code, answer) = h.post(&path, json!({ "text": "Thanks!", "name": "Rui" })).await;
    assert_eq!((code, answer["delivered"].as_bool()), (200, Some(true)));
    let hook = h.next_hook().await;
    assert_eq!(hook.json()["event"], "messages.received");
    let WasenderEvent::Messages { messages, .. } = event(&hook, &secret) else { panic!("messages") };
    assert_eq!(messages.len(), 1);
    assert_eq!((messages[0].phone.as_deref(), messages[0].text.as_deref()), (Some("15550300400"), Some("Thanks!")));
    assert!(!messages[0].from_me);
    assert_eq!(messages[0].id, answer["id"].as_str().expect("id"));

    let chat = h.get(&path).await;
    let directions: Vec<&str> = chat.as_array().into_iter().flatten().filter_map(|m| m["direction"].as_str()).collect();
    assert_eq!(directions, ["outbound", "inbound"]);
    assert_eq!(chat[0]["status"], "read");

    wa.delete_session(DEFAULT_WASENDER_TOKEN, session.id).await.expect("deleted");
    let gone = wa.get_session(DEFAULT_WASENDER_TOKEN, session.id).await.expect_err("deleted");
    assert!(matches!(gone, WasenderError::Api { status: 404, .. }), "{gone:?}");
}

#[tokio::test]
async fn upserts_arrive_as_an_array_of_messages() {
    let mut h = start(fast()).await;
    let wa = client(&h);
    let session = wa.create_session(DEFAULT_WASENDER_TOKEN, &new_session(&h)).await.expect("created");
    let secret = session.webhook_secret.clone().expect("secret");
    wa.connect_session(DEFAULT_WASENDER_TOKEN, session.id).await.expect("connect");
    h.next_hook().await;
    let path = format!("/api/wasender/sessions/{}/customers/15550300500/messages", session.id);
    let (code, _) = h.post(&path, json!({ "text": "not yet" })).await;
    assert_eq!(code, 409, "a session that is not connected receives nothing");
    h.post(&format!("/api/wasender/sessions/{}/scan", session.id), json!({})).await;
    h.next_hook().await;
    let (code, _) = h.post(&path, json!({ "text": "Olá", "event": "messages.upsert" })).await;
    assert_eq!(code, 200);
    let hook = h.next_hook().await;
    assert!(hook.json()["data"]["messages"].is_array());
    let WasenderEvent::Messages { messages, .. } = event(&hook, &secret) else { panic!("messages") };
    assert_eq!(messages[0].text.as_deref(), Some("Olá"));
}

#[tokio::test]
async fn wrong_tokens_are_unauthenticated_until_the_account_is_registered() {
    let h = start(fast()).await;
    let wa = client(&h);
    let err = wa.create_session("my-account-token", &new_session(&h)).await.expect_err("unknown token");
    assert_eq!(err, WasenderError::Api { status: 401, message: "Unauthenticated.".into() });
    assert_eq!(err.reason(), "Unauthenticated.");
    assert!(!err.is_retryable());
    let (code, _) = h.post("/api/wasender/accounts", json!({ "token": "my-account-token" })).await;
    assert_eq!(code, 204);
    assert!(wa.create_session("my-account-token", &new_session(&h)).await.is_ok());

    let err = wa.status("not-a-session-key").await.expect_err("unknown key");
    assert!(matches!(err, WasenderError::Api { status: 401, .. }));
    let bad = NewSession { name: String::new(), ..new_session(&h) };
    let err = wa.create_session(DEFAULT_WASENDER_TOKEN, &bad).await.expect_err("no name");
    assert_eq!(err, WasenderError::Api { status: 422, message: "The name field is required.".into() });
}
