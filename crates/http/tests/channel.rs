//! The WhatsApp channel end to end: Parley served on a real port, the simulator playing Meta (Graph API
//! and signed webhooks) and WasenderAPI, webhook processing and the apalis send/download workers running.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use parley_test_support::{Number, Response, Signup, TestApp};
use parley_whatsapp::signature::sign_meta;
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::{Value, json};
use std::time::Duration;
use uuid::Uuid;

/// A Cloud API number of a tenant, registered with the simulator.
async fn post_webhook(app: &TestApp, path: &str, body: Vec<u8>, signature: Option<String>) -> Response {
    app.webhook(path, body, signature).await
}

async fn signed(app: &TestApp, n: &Number, body: &Value) -> Response {
    app.signed_webhook(&n.id, &n.app_secret, body).await
}

fn text_webhook(n: &Number, wamid: &str, from: &str, text: &str, ts: i64) -> Value {
    parley_test_support::text_webhook(&n.phone_number_id, wamid, from, text, ts)
}

fn status_webhook(n: &Number, wamid: &str, status: &str, ts: i64, errors: Option<Value>) -> Value {
    let mut st = json!({ "id": wamid, "status": status, "timestamp": ts.to_string(), "recipient_id": "14155550123" });
    if let Some(e) = errors {
        st["errors"] = e;
    }
    statuses_webhook(n, vec![st])
}

/// One webhook carrying several statuses, as Meta batches them.
fn statuses_webhook(n: &Number, statuses: Vec<Value>) -> Value {
    json!({ "object": "whatsapp_business_account", "entry": [{ "id": "1", "changes": [{ "field": "messages", "value": {
        "messaging_product": "whatsapp",
        "metadata": { "display_phone_number": "15550100", "phone_number_id": n.phone_number_id },
        "statuses": statuses
    }}]}]})
}

/// Polls until `check` holds; a generous deadline for correctness, not a timing assertion.
async fn eventually<F, Fut>(what: &str, mut check: F) -> Value
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<Value>>,
{
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(v) = check().await {
            return v;
        }
        assert!(tokio::time::Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn conversations(app: &TestApp, token: &str) -> Vec<Value> {
    app.get("/api/v1/conversations", token).await.body["items"].as_array().cloned().unwrap_or_default()
}

async fn messages(app: &TestApp, token: &str, conversation: &str) -> Vec<Value> {
    let res = app.get(&format!("/api/v1/conversations/{conversation}/messages"), token).await;
    res.body["items"].as_array().cloned().unwrap_or_default()
}

async fn sql_count(app: &TestApp, sql: &str) -> i64 {
    let db = app.owner_db().await;
    let row = db.query_one_raw(Statement::from_string(DbBackend::Postgres, sql)).await.expect("query").expect("row");
    row.try_get_by_index::<i64>(0).expect("count")
}

/// The customer writes through the simulator; answers the conversation once it is stored.
async fn customer_writes(app: &TestApp, owner: &Signup, n: &Number, phone: &str, text: &str) -> Value {
    let sent = app
        .ch()
        .sim_post(
            &format!("/customers/{phone}/messages"),
            json!({ "phoneNumberId": n.phone_number_id, "name": "Carla", "type": "text", "text": text }),
        )
        .await;
    assert_eq!(sent["delivered"], true, "the simulator's webhook was accepted: {sent}");
    eventually("the inbound message", || async {
        conversations(app, &owner.token).await.into_iter().find(|c| c["lastMessagePreview"] == text)
    })
    .await
}

/// An agent's text reply in a conversation, queued (202); answers the message's id.
async fn send_text(app: &TestApp, token: &str, conversation: &str, text: &str) -> String {
    let res = app
        .post(
            &format!("/api/v1/conversations/{conversation}/messages"),
            Some(token),
            json!({ "type": "text", "text": text }),
        )
        .await;
    assert_eq!(res.status, StatusCode::ACCEPTED, "{}", res.body);
    res.body["id"].as_str().expect("id").to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_customer_and_an_agent_chat_both_ways_with_ticks() {
    let app = TestApp::spawn_channel().await;
    let owner = app.signup("Acme").await;
    let agent = app.add_member(&owner, "agent").await;
    let n = app.cloud_number(&owner).await;

    let conv = customer_writes(&app, &owner, &n, "14155550123", "Is my order ready? ✨").await;
    assert_eq!(conv["contactPhone"], "+14155550123");
    assert_eq!(conv["contactName"], "Carla");
    assert_eq!(conv["unreadCount"], 1);
    assert_eq!(conv["windowOpen"], true);
    let cid = conv["id"].as_str().expect("id").to_owned();

    let sent = app
        .post(
            &format!("/api/v1/conversations/{cid}/messages"),
            Some(&agent.token),
            json!({ "type": "text", "text": "Yes, today!" }),
        )
        .await;
    assert_eq!(sent.status, StatusCode::ACCEPTED, "{}", sent.body);
    assert_eq!(sent.body["status"], "queued");
    assert_eq!(sent.body["senderUserId"], agent.user_id.to_string());
    let mid = sent.body["id"].as_str().expect("id").to_owned();

    // The worker sends it; the simulator answers sent, then delivered.
    let delivered = eventually("delivered", || async {
        let m = app.get(&format!("/api/v1/messages/{mid}"), &agent.token).await.body;
        (m["status"] == "delivered").then_some(m)
    })
    .await;
    assert!(delivered["waMessageId"].as_str().is_some_and(|w| w.starts_with("wamid.")));
    let chat = app.ch().sim_get(&format!("/customers/14155550123/messages?phoneNumberId={}", n.phone_number_id)).await;
    assert!(chat.as_array().expect("chat").iter().any(|m| m["direction"] == "outbound" && m["text"] == "Yes, today!"));

    // The customer reads it: blue ticks.
    app.ch().sim_post("/customers/14155550123/read", json!({ "phoneNumberId": n.phone_number_id })).await;
    let read = eventually("read", || async {
        let m = app.get(&format!("/api/v1/messages/{mid}"), &agent.token).await.body;
        (m["status"] == "read").then_some(m)
    })
    .await;
    assert!(read["readAt"].is_string() && read["deliveredAt"].is_string() && read["sentAt"].is_string());

    // Marking the conversation read clears the badge and sends WhatsApp's read receipt.
    let marked = app.post(&format!("/api/v1/conversations/{cid}/read"), Some(&agent.token), json!({})).await;
    assert_eq!(marked.body["unreadCount"], 0);
    let outbox = app.ch().sim_get(&format!("/outbox?phoneNumberId={}", n.phone_number_id)).await;
    assert!(outbox.to_string().contains("\"status\":\"read\""), "a mark-as-read call reached the Graph API: {outbox}");
}

#[tokio::test(flavor = "multi_thread")]
async fn retried_and_duplicated_webhooks_store_one_message() {
    let app = TestApp::spawn_channel().await;
    let owner = app.signup("Acme").await;
    let n = app.cloud_number(&owner).await;
    let now = chrono::Utc::now().timestamp();
    let body = text_webhook(&n, "wamid.DUP1", "14155550199", "hello twice", now);
    for _ in 0..3 {
        assert_eq!(signed(&app, &n, &body).await.status, StatusCode::OK);
    }
    // The same message inside one delivery twice, too.
    let mut doubled = body.clone();
    let msg = doubled["entry"][0]["changes"][0]["value"]["messages"][0].clone();
    doubled["entry"][0]["changes"][0]["value"]["messages"] = json!([msg, msg]);
    assert_eq!(signed(&app, &n, &doubled).await.status, StatusCode::OK);

    app.services.ingest.drain().await.expect("drain");
    eventually("processed", || async {
        (sql_count(&app, "select count(*) from webhook_events where status = 'processed'").await == 4)
            .then_some(Value::Null)
    })
    .await;
    assert_eq!(sql_count(&app, "select count(*) from messages where wa_message_id = 'wamid.DUP1'").await, 1);
    let convs = conversations(&app, &owner.token).await;
    assert_eq!(convs.len(), 1);
    assert_eq!(convs[0]["unreadCount"], 1, "a duplicate is not counted unread again");
    assert_eq!(sql_count(&app, "select count(*) from webhook_events").await, 4, "every raw delivery is kept");
}

#[tokio::test(flavor = "multi_thread")]
async fn statuses_only_move_forward_and_failures_keep_their_error() {
    let app = TestApp::spawn_channel().await;
    let owner = app.signup("Acme").await;
    let n = app.cloud_number(&owner).await;
    let conv = customer_writes(&app, &owner, &n, "14155550142", "hi").await;
    let cid = conv["id"].as_str().expect("id");
    let send = |text: &'static str| {
        let app = &app;
        let token = owner.token.clone();
        async move {
            let id = send_text(app, &token, cid, text).await;
            eventually("a WhatsApp id", || async {
                let m = app.get(&format!("/api/v1/messages/{id}"), &token).await.body;
                m["waMessageId"].as_str().map(|w| json!({ "id": id, "wamid": w }))
            })
            .await
        }
    };
    let a = send("first").await;
    let wamid = a["wamid"].as_str().expect("wamid");
    let t = chrono::Utc::now().timestamp() + 60;
    // "read" arrives before "delivered" and "sent": the late ones must not win, their times are kept.
    for (status, at) in [("read", t + 2), ("delivered", t + 1), ("sent", t)] {
        assert_eq!(signed(&app, &n, &status_webhook(&n, wamid, status, at, None)).await.status, StatusCode::OK);
    }
    let m = eventually("all three applied", || async {
        app.services.ingest.drain().await.expect("drain");
        let m = app.get(&format!("/api/v1/messages/{}", a["id"].as_str().expect("id")), &owner.token).await.body;
        let at =
            |k: &str| m[k].as_str().and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok()).map(|d| d.timestamp());
        (at("readAt").is_some() && at("deliveredAt").is_some_and(|d| d <= t + 1)).then_some(m.clone())
    })
    .await;
    assert_eq!(m["status"], "read", "the late delivered and sent did not overwrite read");

    let b = send("second").await;
    let errors = json!([{ "code": 131026, "title": "Message undeliverable", "message": "Message undeliverable",
                          "error_data": { "details": "The recipient is not on WhatsApp." } }]);
    signed(&app, &n, &status_webhook(&n, b["wamid"].as_str().expect("w"), "failed", t, Some(errors))).await;
    let failed = eventually("failed", || async {
        let m = app.get(&format!("/api/v1/messages/{}", b["id"].as_str().expect("id")), &owner.token).await.body;
        (m["status"] == "failed").then_some(m)
    })
    .await;
    assert_eq!(failed["error"]["code"], 131026);
    assert!(failed["error"]["reason"].as_str().is_some_and(|r| !r.is_empty()));
    // A late "delivered" after "failed" changes nothing.
    signed(&app, &n, &status_webhook(&n, b["wamid"].as_str().expect("w"), "delivered", t + 5, None)).await;
    app.services.ingest.drain().await.expect("drain");
    let still = app.get(&format!("/api/v1/messages/{}", b["id"].as_str().expect("id")), &owner.token).await.body;
    assert_eq!(still["status"], "failed");
}

#[tokio::test(flavor = "multi_thread")]
async fn one_webhook_with_many_statuses_applies_each_of_them() {
    let app = TestApp::spawn_channel().await;
    let owner = app.signup("Acme").await;
    let n = app.cloud_number(&owner).await;
    let conv = customer_writes(&app, &owner, &n, "14155550143", "hi").await;
    let cid = conv["id"].as_str().expect("id");
    let mut sent = vec![];
    for text in ["one", "two", "three"] {
        let id = send_text(&app, &owner.token, cid, text).await;
        let wamid = eventually("a WhatsApp id", || async {
            let m = app.get(&format!("/api/v1/messages/{id}"), &owner.token).await.body;
            m["waMessageId"].as_str().map(|w| json!(w))
        })
        .await;
        sent.push((id, wamid.as_str().expect("wamid").to_owned()));
    }
    // An hour ago: earlier than the simulator's own statuses, so each time below must win (the earliest is kept).
    let t = chrono::Utc::now().timestamp() - 3600;
    let st = |wamid: &str, status: &str, at: i64| json!({ "id": wamid, "status": status, "timestamp": at.to_string(), "recipient_id": "14155550143" });
    // The first message three times in one webhook (each status must count, in order), the second delivered,
    // the third failed.
    let body = statuses_webhook(
        &n,
        vec![
            st(&sent[0].1, "sent", t),
            st(&sent[1].1, "delivered", t + 1),
            st(&sent[0].1, "delivered", t + 2),
            st(&sent[0].1, "read", t + 3),
            json!({ "id": sent[2].1, "status": "failed", "timestamp": (t + 4).to_string(), "recipient_id": "14155550143",
                    "errors": [{ "code": 131026, "title": "Message undeliverable" }] }),
        ],
    );
    assert_eq!(signed(&app, &n, &body).await.status, StatusCode::OK);
    app.services.ingest.drain().await.expect("drain");
    let get = |id: &str| {
        let (app, token, id) = (&app, owner.token.clone(), id.to_owned());
        async move { app.get(&format!("/api/v1/messages/{id}"), &token).await.body }
    };
    let at = |m: &Value, k: &str| {
        m[k].as_str().and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok()).map(|d| d.timestamp())
    };
    // A processor of the app's own may hold the event while drain() finds nothing: wait for the last status.
    let first = eventually("the webhook processed", || async {
        let m = get(&sent[0].0).await;
        (m["status"] == "read" && get(&sent[2].0).await["status"] == "failed").then_some(m)
    })
    .await;
    assert_eq!(at(&first, "sentAt"), Some(t), "each status of the same message in one webhook was applied");
    assert_eq!(at(&first, "deliveredAt"), Some(t + 2), "each status of the same message in one webhook was applied");
    assert!(at(&first, "readAt").is_some());
    let second = get(&sent[1].0).await;
    assert_eq!(second["status"], "delivered");
    assert_eq!(at(&second, "deliveredAt"), Some(t + 1));
    let third = get(&sent[2].0).await;
    assert_eq!(third["status"], "failed");
    assert_eq!(third["error"]["code"], 131026);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_service_window_is_enforced_and_templates_pass() {
    let app = TestApp::spawn_channel().await;
    let owner = app.signup("Acme").await;
    let n = app.cloud_number(&owner).await;
    let contact =
        app.post("/api/v1/contacts", Some(&owner.token), json!({ "phone": "+1 415 555 0177", "name": "Dana" })).await;
    assert_eq!(contact.status, StatusCode::CREATED, "{}", contact.body);
    let conv = app
        .post(
            "/api/v1/conversations",
            Some(&owner.token),
            json!({ "contactId": contact.body["id"], "connectionId": n.id }),
        )
        .await;
    assert_eq!(conv.body["windowOpen"], false);
    let cid = conv.body["id"].as_str().expect("id");

    let text = app
        .post(
            &format!("/api/v1/conversations/{cid}/messages"),
            Some(&owner.token),
            json!({ "type": "text", "text": "hi" }),
        )
        .await;
    assert_eq!(text.status, StatusCode::CONFLICT);
    assert_eq!(text.code(), "service_window_closed");

    let tpl = json!({ "type": "template", "template": { "name": "hello_world", "language": "en_US" } });
    let unknown = app.post(&format!("/api/v1/conversations/{cid}/messages"), Some(&owner.token), tpl.clone()).await;
    assert_eq!(unknown.code(), "template_not_approved", "templates must be synced first");
    let synced =
        app.post(&format!("/api/v1/whatsapp/connections/{}/templates/sync", n.id), Some(&owner.token), json!({})).await;
    assert!(
        synced.body.as_array().expect("list").iter().any(|t| t["name"] == "hello_world" && t["status"] == "APPROVED")
    );

    let sent = app.post(&format!("/api/v1/conversations/{cid}/messages"), Some(&owner.token), tpl).await;
    assert_eq!(sent.status, StatusCode::ACCEPTED, "{}", sent.body);
    let id = sent.body["id"].as_str().expect("id");
    eventually("template delivered", || async {
        let m = app.get(&format!("/api/v1/messages/{id}"), &owner.token).await.body;
        (m["status"] == "delivered").then_some(m)
    })
    .await;
    let messages = messages(&app, &owner.token, cid).await;
    assert_eq!(messages.len(), 1, "the refused text was not stored");
}

#[tokio::test(flavor = "multi_thread")]
async fn graph_errors_are_retried_then_failed_with_the_reason() {
    let app = TestApp::spawn_channel().await;
    let owner = app.signup("Acme").await;
    let n = app.cloud_number(&owner).await;
    // The simulator refuses numbers with these prefixes: twice with 130429, or always with a 503.
    let throttled = customer_writes(&app, &owner, &n, &format!("{}11", parley_simulator::THROTTLED_PREFIX), "a").await;
    let down = customer_writes(&app, &owner, &n, &format!("{}22", parley_simulator::UNAVAILABLE_PREFIX), "b").await;
    let send = |cid: String| {
        let (app, token) = (&app, owner.token.clone());
        async move { send_text(app, &token, &cid, "x").await }
    };
    let t1 = send(throttled["id"].as_str().expect("id").to_owned()).await;
    let t2 = send(down["id"].as_str().expect("id").to_owned()).await;
    let ok = eventually("sent after throttling", || async {
        let m = app.get(&format!("/api/v1/messages/{t1}"), &owner.token).await.body;
        (m["waMessageId"].is_string()).then_some(m)
    })
    .await;
    assert_eq!(ok["attempts"], 3, "two throttled attempts, then success");
    let failed = eventually("failed after retries", || async {
        let m = app.get(&format!("/api/v1/messages/{t2}"), &owner.token).await.body;
        (m["status"] == "failed").then_some(m)
    })
    .await;
    assert_eq!(failed["attempts"], 3);
    assert!(failed["error"]["reason"].as_str().expect("reason").contains("503"), "{}", failed["error"]);

    // An agent retries: it goes back to the queue and fails again the same way (the number is still down).
    let retried = app.post(&format!("/api/v1/messages/{t2}/retry"), Some(&owner.token), json!({})).await;
    assert_eq!(retried.status, StatusCode::ACCEPTED);
    assert_eq!(retried.body["status"], "queued");
    let again = app.post(&format!("/api/v1/messages/{t1}/retry"), Some(&owner.token), json!({})).await;
    assert_eq!(again.code(), "not_failed");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_expired_token_fails_the_send_and_flags_the_number() {
    let app = TestApp::spawn_channel().await;
    let owner = app.signup("Acme").await;
    let n = app.cloud_number(&owner).await;
    let conv = customer_writes(&app, &owner, &n, "14155550111", "hello").await;
    let patched = app
        .patch(&format!("/api/v1/whatsapp/connections/{}", n.id), &owner.token, json!({ "accessToken": "EAAexpired" }))
        .await;
    assert_eq!(patched.body["status"], "pending");
    let test = app.post(&format!("/api/v1/whatsapp/connections/{}/test", n.id), Some(&owner.token), json!({})).await;
    assert_eq!(test.body["ok"], false);
    assert_eq!(test.body["connection"]["status"], "needs_attention");
    let r = app
        .post(
            &format!("/api/v1/conversations/{}/messages", conv["id"].as_str().expect("id")),
            Some(&owner.token),
            json!({ "type": "text", "text": "x" }),
        )
        .await;
    let id = r.body["id"].as_str().expect("id");
    let failed = eventually("failed", || async {
        let m = app.get(&format!("/api/v1/messages/{id}"), &owner.token).await.body;
        (m["status"] == "failed").then_some(m)
    })
    .await;
    assert_eq!(failed["error"]["code"], 190);
    assert_eq!(failed["attempts"], 1, "an expired token is not retried");
    // Reading the templates with it is the number's problem (409), not WhatsApp failing (502).
    let sync =
        app.post(&format!("/api/v1/whatsapp/connections/{}/templates/sync", n.id), Some(&owner.token), json!({})).await;
    assert_eq!(sync.status, StatusCode::CONFLICT, "{:?}", sync.body);
    assert_eq!(sync.body["error"], "whatsapp_token_refused");
}

#[tokio::test(flavor = "multi_thread")]
async fn media_comes_in_downloaded_and_goes_out_uploaded_first() {
    let app = TestApp::spawn_channel().await;
    let owner = app.signup("Acme").await;
    let n = app.cloud_number(&owner).await;
    app.ch()
        .sim_post(
            "/customers/14155550155/messages",
            json!({ "phoneNumberId": n.phone_number_id, "type": "image", "caption": "my receipt" }),
        )
        .await;
    let conv =
        eventually("conversation", || async { conversations(&app, &owner.token).await.into_iter().next() }).await;
    let cid = conv["id"].as_str().expect("id").to_owned();
    let image = eventually("stored image", || async {
        let ms = messages(&app, &owner.token, &cid).await;
        ms.into_iter().find(|m| m["media"]["status"] == "stored")
    })
    .await;
    assert_eq!(image["type"], "image");
    assert_eq!(image["content"]["caption"], "my receipt");
    let file = app
        .send(
            Request::builder()
                .uri(image["media"]["url"].as_str().expect("url"))
                .header("authorization", format!("Bearer {}", owner.token))
                .body(Body::empty())
                .expect("req"),
        )
        .await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.headers["content-type"], "image/png");

    // A file WhatsApp cannot give: the message stays, the media ends failed after retries.
    let now = chrono::Utc::now().timestamp();
    let broken = json!({ "object": "whatsapp_business_account", "entry": [{ "id": "1", "changes": [{ "field": "messages", "value": {
        "messaging_product": "whatsapp", "metadata": { "display_phone_number": "1", "phone_number_id": n.phone_number_id },
        "contacts": [{ "profile": { "name": "Carla" }, "wa_id": "14155550155" }],
        "messages": [{ "from": "14155550155", "id": "wamid.BROKENMEDIA", "timestamp": now.to_string(), "type": "document",
                       "document": { "id": "999999999", "mime_type": "application/pdf", "filename": "x.pdf" } }] }}]}]});
    assert_eq!(signed(&app, &n, &broken).await.status, StatusCode::OK);
    let failed = eventually("failed media", || async {
        let ms = messages(&app, &owner.token, &cid).await;
        ms.into_iter().find(|m| m["waMessageId"] == "wamid.BROKENMEDIA" && m["media"]["status"] == "failed")
    })
    .await;
    assert!(failed["media"]["error"].as_str().is_some_and(|e| !e.is_empty()));
    let unavailable = app.get(failed["media"]["url"].as_str().expect("url"), &owner.token).await;
    assert_eq!(unavailable.code(), "media_not_available");

    // Outbound: upload, send as image; the simulator receives it by media id.
    let png = app.bytes(image["media"]["url"].as_str().expect("url"), &owner.token).await;
    let up = app.upload(&owner.token, "photo.png", "image/png", &png).await;
    assert_eq!(up.status, StatusCode::CREATED, "{}", up.body);
    let sent = app
        .post(
            &format!("/api/v1/conversations/{cid}/messages"),
            Some(&owner.token),
            json!({ "type": "image", "mediaId": up.body["id"], "caption": "here you go" }),
        )
        .await;
    assert_eq!(sent.status, StatusCode::ACCEPTED, "{}", sent.body);
    let id = sent.body["id"].as_str().expect("id");
    eventually("image sent", || async {
        let m = app.get(&format!("/api/v1/messages/{id}"), &owner.token).await.body;
        m["waMessageId"].is_string().then_some(m)
    })
    .await;
    let outbox = app.ch().sim_get(&format!("/outbox?phoneNumberId={}", n.phone_number_id)).await.to_string();
    assert!(outbox.contains("here you go") && outbox.contains("\"image\""), "sent by media id: {outbox}");
}

#[tokio::test(flavor = "multi_thread")]
async fn forged_missing_and_oversized_webhooks_store_nothing() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Acme").await;
    let n = app.cloud_number(&owner).await;
    let path = format!("/api/v1/webhooks/whatsapp/{}", n.id);
    let body = serde_json::to_vec(&text_webhook(&n, "wamid.F1", "14155550100", "hi", 1_700_000_000)).expect("json");

    let forged = post_webhook(&app, &path, body.clone(), Some(sign_meta(b"not-the-secret", &body))).await;
    assert_eq!(forged.status, StatusCode::UNAUTHORIZED);
    assert_eq!(forged.code(), "invalid_signature");
    let missing = post_webhook(&app, &path, body.clone(), None).await;
    assert_eq!(missing.status, StatusCode::UNAUTHORIZED);
    let garbage = post_webhook(&app, &path, body.clone(), Some("sha256=zz".into())).await;
    assert_eq!(garbage.status, StatusCode::UNAUTHORIZED);
    let unknown =
        post_webhook(&app, &format!("/api/v1/webhooks/whatsapp/{}", Uuid::now_v7()), body.clone(), None).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let big = vec![b' '; 10 * 1024 * 1024];
    let huge = post_webhook(&app, &path, big.clone(), Some(sign_meta(n.app_secret.as_bytes(), &big))).await;
    assert_eq!(huge.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(huge.code(), "payload_too_large");
    assert_eq!(sql_count(&app, "select count(*) from webhook_events").await, 0, "nothing stored");

    // Signed but truncated: a clear 400, the raw bytes kept as a failed event, nothing else.
    let cut = body[..body.len() / 2].to_vec();
    let truncated = post_webhook(&app, &path, cut.clone(), Some(sign_meta(n.app_secret.as_bytes(), &cut))).await;
    assert_eq!(truncated.status, StatusCode::BAD_REQUEST, "{}", truncated.body);
    app.services.ingest.drain().await.expect("drain");
    assert_eq!(sql_count(&app, "select count(*) from webhook_events where status = 'failed'").await, 1);
    assert_eq!(sql_count(&app, "select count(*) from messages").await, 0);

    // Verification handshake.
    let conn = app.get(&format!("/api/v1/whatsapp/connections/{}", n.id), &owner.token).await.body;
    let token = conn["verifyToken"].as_str().expect("token");
    let ok = app
        .call(
            Method::GET,
            &format!("{path}?hub.mode=subscribe&hub.verify_token={token}&hub.challenge=12345"),
            None,
            None,
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK);
    assert_eq!(ok.body, json!(12345));
    let bad = app
        .call(Method::GET, &format!("{path}?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1"), None, None)
        .await;
    assert_eq!(bad.status, StatusCode::FORBIDDEN);
}

#[tokio::test(flavor = "multi_thread")]
async fn odd_payloads_are_accepted_and_their_problems_recorded() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Acme").await;
    let n = app.cloud_number(&owner).await;
    let now = chrono::Utc::now().timestamp();
    // 100 entries in one delivery.
    let entries: Vec<Value> = (0..100)
        .map(|i| {
            text_webhook(&n, &format!("wamid.MANY{i}"), &format!("1415555{i:04}"), &format!("m{i}"), now)["entry"][0]
                .clone()
        })
        .collect();
    let many = json!({ "object": "whatsapp_business_account", "entry": entries });
    assert_eq!(signed(&app, &n, &many).await.status, StatusCode::OK);
    // Missing `from`, a bad timestamp, an unknown type, an unknown field.
    let mut odd = text_webhook(&n, "wamid.ODD1", "14155550001", "x", now);
    let v = &mut odd["entry"][0]["changes"][0]["value"];
    v["messages"] = json!([
        { "id": "wamid.NOFROM", "timestamp": now.to_string(), "type": "text", "text": { "body": "who?" } },
        { "from": "14155550002", "id": "wamid.BADTS", "timestamp": "yesterday", "type": "text", "text": { "body": "when?" } },
        { "from": "14155550003", "id": "wamid.HOLO", "timestamp": now.to_string(), "type": "hologram", "hologram": { "x": 1 } }
    ]);
    odd["entry"][0]["changes"]
        .as_array_mut()
        .expect("changes")
        .push(json!({ "field": "account_review_update", "value": { "decision": "APPROVED" } }));
    assert_eq!(signed(&app, &n, &odd).await.status, StatusCode::OK);
    assert_eq!(signed(&app, &n, &json!({ "object": "page", "entry": [] })).await.status, StatusCode::OK);
    app.services.ingest.drain().await.expect("drain");

    assert_eq!(sql_count(&app, "select count(*) from messages where wa_message_id like 'wamid.MANY%'").await, 100);
    assert_eq!(
        sql_count(&app, "select count(*) from messages where type = 'hologram'").await,
        1,
        "unknown types are kept"
    );
    assert_eq!(sql_count(&app, "select count(*) from messages where raw is not null and type = 'hologram'").await, 1);
    assert_eq!(
        sql_count(&app, "select count(*) from messages where wa_message_id in ('wamid.NOFROM', 'wamid.BADTS')").await,
        0
    );
    let events = app.get(&format!("/api/v1/whatsapp/connections/{}/events", n.id), &owner.token).await.body;
    let all = events.to_string();
    for p in ["invalid", "unknown_field"] {
        assert!(all.contains(p), "problem {p} recorded: {all}");
    }
    assert!(
        events.as_array().expect("events").iter().any(|e| e["status"] == "failed"),
        "a non-WhatsApp object is unreadable"
    );
}

/// Every real payload in ../shared/fixtures goes through the HTTP endpoint: known types parsed, the rest
/// kept with problems recorded, never a 5xx.
#[tokio::test(flavor = "multi_thread")]
async fn every_fixture_is_accepted_over_http() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures");
    if !root.is_dir() {
        assert_ne!(std::env::var("CI").as_deref(), Ok("true"), "CI must run the fixture conformance suite");
        eprintln!("note: {} not present, fixture conformance skipped", root.display());
        return;
    }
    let app = TestApp::spawn_channel().await;
    let owner = app.signup("Acme").await;
    let n = app.cloud_number(&owner).await;
    let mut stored = 0;
    for dir in ["wa_inbound", "wa_status"] {
        for entry in std::fs::read_dir(root.join(dir)).expect("dir") {
            let path = entry.expect("entry").path();
            let bytes = std::fs::read(&path).expect("read");
            let res = post_webhook(
                &app,
                &format!("/api/v1/webhooks/whatsapp/{}", n.id),
                bytes.clone(),
                Some(sign_meta(n.app_secret.as_bytes(), &bytes)),
            )
            .await;
            assert_eq!(res.status, StatusCode::OK, "{}: {}", path.display(), res.body);
            stored += 1;
        }
    }
    // The QR provider's events go to a QR number.
    let qr = app
        .post(
            "/api/v1/whatsapp/connections",
            Some(&owner.token),
            json!({ "kind": "wasender", "name": "Shop phone", "phoneNumber": "+1 415 555 0300" }),
        )
        .await;
    assert_eq!(qr.status, StatusCode::CREATED, "{}", qr.body);
    let secret = wasender_secret(&app, qr.body["id"].as_str().expect("id")).await;
    for entry in std::fs::read_dir(root.join("wasender")).expect("dir") {
        let path = entry.expect("entry").path();
        let bytes = std::fs::read(&path).expect("read");
        let is_event = serde_json::from_slice::<Value>(&bytes).ok().is_some_and(|v| v.get("event").is_some());
        if !is_event {
            continue; // request/response examples and the auth scheme note, not webhooks
        }
        let req = Request::builder()
            .method(Method::POST)
            .uri(format!("/api/v1/webhooks/wasender/{}", qr.body["id"].as_str().expect("id")))
            .header("content-type", "application/json")
            .header("x-webhook-signature", secret.as_str())
            .body(Body::from(bytes))
            .expect("req");
        let res = app.send(req).await;
        assert_eq!(res.status, StatusCode::OK, "{}: {}", path.display(), res.body);
        stored += 1;
    }
    eventually("all processed", || async {
        let pending =
            sql_count(&app, "select count(*) from webhook_events where status = 'received' and attempts = 0").await;
        (pending == 0).then_some(Value::Null)
    })
    .await;
    assert_eq!(sql_count(&app, "select count(*) from webhook_events").await, stored);
    assert_eq!(sql_count(&app, "select count(*) from webhook_events where status = 'failed'").await, 0);
    // Every customer message with a sender is stored, once per WhatsApp id (the fixtures reuse ids).
    let mut ids = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(root.join("wa_inbound")).expect("dir") {
        let v: Value =
            serde_json::from_slice(&std::fs::read(entry.expect("entry").path()).expect("read")).expect("json");
        for e in v["entry"].as_array().into_iter().flatten() {
            for c in e["changes"].as_array().into_iter().flatten() {
                for m in c["value"]["messages"].as_array().into_iter().flatten() {
                    if m["from"].is_string() {
                        ids.insert(m["id"].as_str().expect("id").to_owned());
                    }
                }
            }
        }
    }
    for id in &ids {
        let n = sql_count(
            &app,
            &format!("select count(*) from messages where wa_message_id = '{}'", id.replace('\'', "''")),
        )
        .await;
        assert_eq!(n, 1, "fixture message {id} is stored once");
    }
    // Template status fixtures find no synced template: recorded, not an error.
    let problems =
        app.get(&format!("/api/v1/whatsapp/connections/{}/events", n.id), &owner.token).await.body.to_string();
    assert!(problems.contains("unknown_template"), "{problems}");
}

/// One column of a number's row, read as the database owner (what is really stored).
async fn stored_column<T: sea_orm::TryGetable>(app: &TestApp, connection_id: &str, column: &str) -> T {
    let db = app.owner_db().await;
    let row = db
        .query_one_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            format!("select {column} from whatsapp_connections where id = $1::uuid"),
            [connection_id.into()],
        ))
        .await
        .expect("query")
        .expect("row");
    row.try_get_by_index::<T>(0).expect("column value")
}

async fn session_of(app: &TestApp, connection_id: &str) -> String {
    stored_column(app, connection_id, "wasender_session_id").await
}

/// The QR session's webhook secret, as WasenderAPI's session API shows it to the account.
async fn wasender_secret(app: &TestApp, connection_id: &str) -> String {
    let session = session_of(app, connection_id).await;
    let ch = app.ch();
    let res: Value = ch
        .http
        .get(format!("{}/wasender/api/whatsapp-sessions/{session}", ch.sim_url))
        .bearer_auth(parley_simulator::DEFAULT_WASENDER_TOKEN)
        .send()
        .await
        .expect("simulator")
        .json()
        .await
        .expect("json");
    res["data"]["webhook_secret"].as_str().expect("webhook secret").to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_qr_number_is_scanned_then_chats() {
    let app = TestApp::spawn_channel().await;
    let owner = app.signup("Acme").await;
    let res = app
        .post(
            "/api/v1/whatsapp/connections",
            Some(&owner.token),
            json!({ "kind": "wasender", "name": "Shop phone", "phoneNumber": "+1 415 555 0400" }),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    assert_eq!(res.body["status"], "need_scan");
    assert!(res.body["qrCode"].as_str().is_some_and(|q| !q.is_empty()));
    let id = res.body["id"].as_str().expect("id").to_owned();
    // A QR number is not a Cloud API one: no messaging limit, no templates (its state, a conflict).
    let limit =
        app.patch(&format!("/api/v1/whatsapp/connections/{id}"), &owner.token, json!({ "messagingLimit": 250 })).await;
    assert_eq!((limit.status, limit.code()), (StatusCode::CONFLICT, "not_a_cloud_number"), "{}", limit.body);
    let templates = app
        .call(Method::POST, &format!("/api/v1/whatsapp/connections/{id}/templates/sync"), Some(&owner.token), None)
        .await;
    assert_eq!(
        (templates.status, templates.code()),
        (StatusCode::CONFLICT, "not_a_cloud_number"),
        "{}",
        templates.body
    );
    // Each kind takes its own fields only.
    let mixed = app
        .post(
            "/api/v1/whatsapp/connections",
            Some(&owner.token),
            json!({ "kind": "wasender", "name": "Other", "phoneNumber": "+1 415 555 0401", "wabaId": "29" }),
        )
        .await;
    assert_eq!(mixed.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", mixed.body);
    let session = session_of(&app, &id).await;
    app.ch().sim_post(&format!("/wasender/sessions/{session}/scan"), json!({})).await;
    eventually("connected", || async {
        let c = app.get(&format!("/api/v1/whatsapp/connections/{id}"), &owner.token).await.body;
        (c["status"] == "connected").then_some(c)
    })
    .await;
    app.ch()
        .sim_post(
            &format!("/wasender/sessions/{session}/customers/14155550400/messages"),
            json!({ "text": "hi via QR" }),
        )
        .await;
    let conv = eventually("QR conversation", || async {
        conversations(&app, &owner.token).await.into_iter().find(|c| c["lastMessagePreview"] == "hi via QR")
    })
    .await;
    let r = app
        .post(
            &format!("/api/v1/conversations/{}/messages", conv["id"].as_str().expect("id")),
            Some(&owner.token),
            json!({ "type": "text", "text": "hello back" }),
        )
        .await;
    let mid = r.body["id"].as_str().expect("id");
    eventually("sent through the session", || async {
        let m = app.get(&format!("/api/v1/messages/{mid}"), &owner.token).await.body;
        m["waMessageId"].is_string().then_some(m)
    })
    .await;
    // Files go out as a signed, expiring link to our copy, which WasenderAPI fetches.
    let up = app.upload(&owner.token, "menu.png", "image/png", b"\x89PNG qr file").await;
    let sent = app
        .post(
            &format!("/api/v1/conversations/{}/messages", conv["id"].as_str().expect("id")),
            Some(&owner.token),
            json!({ "type": "image", "mediaId": up.body["id"], "caption": "today's menu" }),
        )
        .await;
    assert_eq!(sent.status, StatusCode::ACCEPTED, "{}", sent.body);
    let sid = sent.body["id"].as_str().expect("id");
    eventually("file sent through the session", || async {
        let m = app.get(&format!("/api/v1/messages/{sid}"), &owner.token).await.body;
        m["waMessageId"].is_string().then_some(m)
    })
    .await;
    let chat = app.ch().sim_get(&format!("/wasender/sessions/{session}/customers/14155550400/messages")).await;
    let link = chat
        .as_array()
        .expect("chat")
        .iter()
        .find_map(|m| m["payload"]["imageUrl"].as_str().map(str::to_owned))
        .expect("the session received an image URL");
    let path = link.strip_prefix(&app.ch().base_url).expect("a link to this server");
    let file = app.call(Method::GET, path, None, None).await;
    assert_eq!(file.status, StatusCode::OK, "the link works without a login");
    assert_eq!(app.bytes(path, "no-token").await, b"\x89PNG qr file");
    let forged = app.call(Method::GET, &path.replace("signature=", "signature=00"), None, None).await;
    assert_eq!(forged.status, StatusCode::NOT_FOUND, "a tampered link finds nothing");
    let template = app
        .post(
            &format!("/api/v1/conversations/{}/messages", conv["id"].as_str().expect("id")),
            Some(&owner.token),
            json!({ "type": "template", "template": { "name": "hello_world", "language": "en_US" } }),
        )
        .await;
    assert_eq!(template.status, StatusCode::CONFLICT, "QR numbers have no templates");
}

#[tokio::test(flavor = "multi_thread")]
async fn credentials_are_sealed_at_rest() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Acme").await;
    let n = app.cloud_number(&owner).await;
    let sealed: Vec<u8> = stored_column(&app, &n.id, "credentials").await;
    assert!(!sealed.windows(n.app_secret.len()).any(|w| w == n.app_secret.as_bytes()), "no secret in clear");
    assert!(!String::from_utf8_lossy(&sealed).contains("EAAtest"), "no token in clear");
}

/// Random bytes, validly signed (the worst a leaked secret allows): a clear 4xx or 200, never a 5xx,
/// and whatever was stored is processed without failing the processor.
#[tokio::test(flavor = "multi_thread")]
async fn random_signed_bodies_never_cause_a_server_error() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Acme").await;
    let n = app.cloud_number(&owner).await;
    let path = format!("/api/v1/webhooks/whatsapp/{}", n.id);
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let shapes = [
        r#"{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"messages":[{"type":"text"}]}}]}]}"#,
        r#"{"object":"whatsapp_business_account","entry":"nope"}"#,
        r#"{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"statuses":[{"id":1,"status":[]}]}}]}]}"#,
        r#"[1,2,3]"#,
        r#"null"#,
    ];
    for i in 0..200 {
        let body: Vec<u8> = if i % 2 == 0 {
            shapes[i % shapes.len()].as_bytes().to_vec()
        } else {
            (0..(next() % 300)).map(|_| (next() % 256) as u8).collect()
        };
        let res = app.webhook(&path, body.clone(), Some(sign_meta(n.app_secret.as_bytes(), &body))).await;
        assert!(
            res.status == StatusCode::OK || res.status == StatusCode::BAD_REQUEST,
            "body {i} answered {}: {}",
            res.status,
            res.body
        );
    }
    app.services.ingest.drain().await.expect("the processor copes with every stored body");
    let left = sql_count(&app, "select count(*) from webhook_events where status in ('received', 'processing')").await;
    assert_eq!(left, 0, "every stored body was processed or recorded as failed");
}

/// The per-number rate holds across the workers: with 2 messages per second allowed, six sends to six
/// customers take at least a second to reach WhatsApp (without the limiter they take milliseconds).
#[tokio::test(flavor = "multi_thread")]
async fn the_per_number_rate_limit_spaces_sends() {
    let app = TestApp::spawn_channel().await;
    let owner = app.signup("Acme").await;
    let n = app.cloud_number(&owner).await;
    let patched =
        app.patch(&format!("/api/v1/whatsapp/connections/{}", n.id), &owner.token, json!({ "ratePerSecond": 2 })).await;
    assert_eq!(patched.body["ratePerSecond"], 2);
    let mut ids = Vec::new();
    for i in 0..6 {
        let conv = customer_writes(&app, &owner, &n, &format!("1415555020{i}"), &format!("hi {i}")).await;
        let r = app
            .post(
                &format!("/api/v1/conversations/{}/messages", conv["id"].as_str().expect("id")),
                Some(&owner.token),
                json!({ "type": "text", "text": format!("reply {i}") }),
            )
            .await;
        ids.push(r.body["id"].as_str().expect("id").to_owned());
    }
    for id in &ids {
        eventually("sent", || async {
            let m = app.get(&format!("/api/v1/messages/{id}"), &owner.token).await.body;
            m["waMessageId"].is_string().then_some(m)
        })
        .await;
    }
    let outbox = app.ch().sim_get(&format!("/outbox?phoneNumberId={}", n.phone_number_id)).await;
    let mut times: Vec<chrono::DateTime<chrono::Utc>> = outbox
        .as_array()
        .expect("outbox")
        .iter()
        .filter(|e| e["body"]["type"] == "text")
        .map(|e| e["receivedAt"].as_str().expect("time").parse().expect("rfc3339"))
        .collect();
    times.sort();
    assert_eq!(times.len(), 6);
    let span = times[5] - times[0];
    assert!(span >= chrono::Duration::milliseconds(1000), "6 sends at 2/s spread over at least a second, got {span}");
}

/// With S3 configured, inbound media land in the bucket (moto's S3 server) and are served from there.
#[tokio::test(flavor = "multi_thread")]
async fn inbound_media_are_stored_in_s3_when_configured() {
    use parley_media::testing::moto_with_bucket;
    let Some((moto, bucket)) = moto_with_bucket("inbound_media_are_stored_in_s3_when_configured").await else { return };
    let media = parley_media::MediaConfig {
        backend: parley_media::Backend::S3,
        s3: Some(parley_media::S3Config {
            bucket: bucket.clone(),
            region: "us-east-1".into(),
            endpoint: Some(moto.endpoint()),
            access_key_id: Some("test".into()),
            secret_access_key: Some("test".into()),
            force_path_style: true,
            prefix: "media".into(),
        }),
        ..Default::default()
    };
    let app = TestApp::spawn_channel_with(media).await;
    assert_eq!(app.services.core.channel.media.backend_name(), "s3");
    let owner = app.signup("Acme").await;
    let n = app.cloud_number(&owner).await;
    app.ch()
        .sim_post("/customers/14155550166/messages", json!({ "phoneNumberId": n.phone_number_id, "type": "image" }))
        .await;
    let conv =
        eventually("conversation", || async { conversations(&app, &owner.token).await.into_iter().next() }).await;
    let cid = conv["id"].as_str().expect("id").to_owned();
    let image = eventually("stored image", || async {
        messages(&app, &owner.token, &cid).await.into_iter().find(|m| m["media"]["status"] == "stored")
    })
    .await;
    let bytes = app.bytes(image["media"]["url"].as_str().expect("url"), &owner.token).await;
    assert!(bytes.starts_with(b"\x89PNG"), "the simulator's PNG came back from S3");
    let keys = parley_media::testing::list_keys(&moto.endpoint(), &bucket).await;
    assert!(keys.iter().any(|k| k.starts_with("media/t/")), "the object is in the bucket under the prefix: {keys:?}");
}

/// A template created through Parley is pending at Meta; the approval webhook updates it.
#[tokio::test(flavor = "multi_thread")]
async fn a_created_template_is_approved_by_webhook() {
    let app = TestApp::spawn_channel().await;
    let owner = app.signup("Acme").await;
    let n = app.cloud_number(&owner).await;
    let templates = format!("/api/v1/whatsapp/connections/{}/templates", n.id);
    let shipping = json!({ "name": "shipping_update", "language": "en", "category": "UTILITY",
                           "components": [{ "type": "BODY", "text": "Your parcel {{1}} ships today." }] });
    let created = app.post(&templates, Some(&owner.token), shipping.clone()).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    assert_eq!(created.body["status"], "PENDING");
    assert!(created.body["waTemplateId"].is_string());
    let again = app.post(&templates, Some(&owner.token), shipping).await;
    assert_eq!((again.status, again.code()), (StatusCode::CONFLICT, "template_exists"), "{}", again.body);
    // A Cloud API number has no QR code: the state of the number, a conflict.
    let qr =
        app.call(Method::POST, &format!("/api/v1/whatsapp/connections/{}/qr", n.id), Some(&owner.token), None).await;
    assert_eq!(qr.status, StatusCode::CONFLICT, "{}", qr.body);
    assert_eq!(qr.code(), "not_a_qr_number");
    eventually("approved", || async {
        let list = app.get(&format!("/api/v1/whatsapp/connections/{}/templates", n.id), &owner.token).await.body;
        list.as_array()?.iter().find(|t| t["name"] == "shipping_update" && t["status"] == "APPROVED").cloned()
    })
    .await;
    let bad = app
        .post(
            &format!("/api/v1/whatsapp/connections/{}/templates", n.id),
            Some(&owner.token),
            json!({ "name": "Bad Name", "language": "en", "category": "PROMO", "components": {} }),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields = bad.body["details"]["fields"].to_string();
    for f in ["name", "category", "components"] {
        assert!(fields.contains(&format!("\"{f}\"")), "{f} reported: {fields}");
    }
}

/// Key rotation: a number sealed with k1 keeps working after k2 is added first, `reseal-credentials`
/// moves it to k2, and then k1 can be dropped.
#[tokio::test(flavor = "multi_thread")]
async fn credentials_survive_a_key_rotation() {
    use parley_services::crypto::Sealer;
    use parley_test_support::{TestOptions, connect_services};
    let (k1, k2) = (Sealer::generate_key("k1"), Sealer::generate_key("k2"));
    let app = TestApp::spawn_with(TestOptions { encryption_keys: vec![k1.clone()], ..TestOptions::default() }).await;
    let owner = app.signup("Acme").await;
    let n = app.cloud_number(&owner).await;
    assert_eq!(sealing_key(&app, &n.id).await, "k1");

    let node = |keys: Vec<String>| connect_services(&app.db_name, Default::default(), TestOptions::default(), keys);
    let rotated = node(vec![k2.clone(), k1]).await;
    let n_resealed = parley_services::channel::connections::reseal_credentials(&rotated.core).await.expect("reseal");
    assert_eq!(n_resealed, 1);
    assert_eq!(sealing_key(&app, &n.id).await, "k2");
    assert_eq!(parley_services::channel::connections::reseal_credentials(&rotated.core).await.expect("again"), 0);

    // Only k2 now: the number's webhook signature still checks out, so its app secret opened.
    let only_k2 = node(vec![k2]).await;
    let body = serde_json::to_vec(&text_webhook(&n, "wamid.ROT1", "14155550177", "after rotation", 1_700_000_000))
        .expect("json");
    let sig = sign_meta(n.app_secret.as_bytes(), &body);
    only_k2
        .ingest
        .receive(n.id.parse().expect("uuid"), parley_services::channel::ingest::Provider::Cloud, &body, Some(&sig))
        .await
        .expect("accepted with the resealed secret");
}

/// The id of the key a number's credentials are sealed with (the prefix before the first dot).
async fn sealing_key(app: &TestApp, connection_id: &str) -> String {
    let sealed: Vec<u8> = stored_column(app, connection_id, "credentials").await;
    String::from_utf8_lossy(sealed.split(|b| *b == b'.').next().unwrap_or_default()).into_owned()
}

/// The job workers outlive the database going away: apalis ends a worker on a failed fetch or heartbeat, and the
/// supervisor starts it again, so a reply queued after the outage is still sent.
#[tokio::test(flavor = "multi_thread")]
async fn sends_resume_after_the_database_was_unreachable() {
    let app = TestApp::spawn_channel().await;
    let owner = app.signup("Acme").await;
    let n = app.cloud_number(&owner).await;
    let conv = customer_writes(&app, &owner, &n, "14155550177", "Still there?").await;
    let cid = conv["id"].as_str().expect("id").to_owned();

    // No connection to the workspace's database for longer than a worker's heartbeat (5 s): every worker's next
    // heartbeat or fetch fails.
    let admin =
        sea_orm::Database::connect(format!("{}/postgres", parley_test_support::server_url())).await.expect("admin");
    let sql = |s: String| Statement::from_string(DbBackend::Postgres, s);
    let db = &app.db_name;
    admin.execute_raw(sql(format!("alter database \"{db}\" with allow_connections false"))).await.expect("close");
    admin
        .execute_raw(sql(format!(
            "select pg_terminate_backend(pid) from pg_stat_activity where datname = '{db}' and pid <> pg_backend_pid()"
        )))
        .await
        .expect("terminate");
    tokio::time::sleep(Duration::from_secs(7)).await;
    admin.execute_raw(sql(format!("alter database \"{db}\" with allow_connections true"))).await.expect("reopen");

    let mid = send_text(&app, &owner.token, &cid, "Yes!").await;
    eventually("the reply sent after the outage", || async {
        let m = app.get(&format!("/api/v1/messages/{mid}"), &owner.token).await.body;
        (m["status"] == "sent" || m["status"] == "delivered").then_some(m)
    })
    .await;
}
