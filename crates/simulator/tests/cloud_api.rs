//! The fake Graph API driven by the real `CloudClient`, with a stand-in for Parley receiving the webhooks:
//! answers, errors, statuses, media, templates and customer messages behave as on WhatsApp.

mod support;

use base64::Engine;
use parley_simulator::{
    EXPERIMENT_PREFIX, FailWith, MARKETING_CAPPED_PREFIX, MARKETING_STOPPED_PREFIX, MessagingLimit, NumberLimits,
    QualityRating, SimConfig, StatusBatching, UNDELIVERABLE_PREFIX,
};
use parley_whatsapp::cloud::{DeliveryStatus, Event, MediaType, MessageKind, StatusUpdate};
use parley_whatsapp::signature::verify_meta;
use parley_whatsapp::{ClientError, GraphErrorKind, ListRow, ListSection, MediaSource, OutboundMessage};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::time::{Duration, Instant};
use support::{APP_SECRET, DISPLAY, Harness, PHONE_NUMBER_ID, TOKEN, WABA_ID, fast, start};

fn text(to: &str, body: &str) -> OutboundMessage {
    OutboundMessage::Text { to: to.into(), body: body.into(), preview_url: false, reply_to: None }
}

/// The single status event of a status webhook.
fn status_of(h: &support::Hook) -> parley_whatsapp::cloud::StatusUpdate {
    match h.events().as_slice() {
        [Event::Status(s)] => s.clone(),
        other => panic!("expected one status, got {other:?}"),
    }
}

/// Every status of a webhook, however many it carries.
fn statuses_of(h: &support::Hook) -> Vec<StatusUpdate> {
    h.events()
        .into_iter()
        .filter_map(|e| match e {
            Event::Status(s) => Some(s),
            _ => None,
        })
        .collect()
}

/// Statuses from the next webhooks until `want` have arrived; also answers how many webhooks carried them.
async fn collect_statuses(h: &mut Harness, want: usize) -> (Vec<StatusUpdate>, usize) {
    let (mut all, mut hooks) = (Vec::new(), 0);
    while all.len() < want {
        let hook = h.next_hook().await;
        hooks += 1;
        all.extend(statuses_of(&hook));
    }
    (all, hooks)
}

/// Statuses from the next webhooks until one about `wamid` with `status` arrives; answers it.
async fn status_for(h: &mut Harness, wamid: &str, status: DeliveryStatus) -> StatusUpdate {
    loop {
        let hook = h.next_hook().await;
        if let Some(s) = statuses_of(&hook).into_iter().find(|s| s.message_id == wamid && s.status == status) {
            return s;
        }
    }
}

fn template(to: &str, name: &str, language: &str, components: Value) -> OutboundMessage {
    OutboundMessage::Template { to: to.into(), name: name.into(), language: language.into(), components }
}

fn body_params(texts: &[&str]) -> Value {
    let parameters: Vec<Value> = texts.iter().map(|t| json!({ "type": "text", "text": t })).collect();
    json!({ "type": "body", "parameters": parameters })
}

/// The seeded marketing template with everything it needs: image header, two body values, the URL suffix.
fn promo(to: &str) -> OutboundMessage {
    template(
        to,
        "seasonal_promo",
        "en",
        json!([
            { "type": "header", "parameters": [{ "type": "image", "image": { "link": "https://cdn.example.com/b.jpg" } }] },
            body_params(&["Ana", "spring"]),
            { "type": "button", "sub_type": "url", "index": "1", "parameters": [{ "type": "text", "text": "spring-26" }] }
        ]),
    )
}

fn order_update(to: &str) -> OutboundMessage {
    template(to, "order_update", "en", json!([body_params(&["#1", "packed"])]))
}

async fn open_window(h: &mut Harness, phone: &str) {
    let (_, hook) = h.customer_says(phone, json!({ "type": "text", "text": "hello" })).await;
    assert!(matches!(hook.events().as_slice(), [Event::Message(_)]));
}

#[tokio::test]
async fn a_text_gets_an_id_then_signed_sent_delivered_read_statuses_in_order() {
    let mut h = start(fast()).await;
    open_window(&mut h, "15550002222").await;
    let sent =
        h.cloud.send(PHONE_NUMBER_ID, TOKEN, &text("+1 555 000 2222", "Your order shipped")).await.expect("sent");
    assert!(sent.message_id.starts_with("wamid."));
    assert_eq!(sent.wa_id.as_deref(), Some("15550002222"));

    let mut seen = Vec::new();
    for _ in 0..3 {
        let s = status_of(&h.next_hook().await);
        assert_eq!(s.message_id, sent.message_id);
        assert_eq!(s.recipient_id.as_deref(), Some("15550002222"));
        assert_eq!((s.channel.phone_number_id.as_str(), s.channel.waba_id.as_str()), (PHONE_NUMBER_ID, WABA_ID));
        if s.status == DeliveryStatus::Sent {
            assert_eq!(s.raw["pricing"]["category"], "service", "a sent status carries pricing");
            assert!(s.raw["conversation"]["id"].is_string());
        }
        seen.push(s.status);
    }
    assert_eq!(seen, [DeliveryStatus::Sent, DeliveryStatus::Delivered, DeliveryStatus::Read]);

    let chat = h.get(&format!("/api/customers/15550002222/messages?phoneNumberId={PHONE_NUMBER_ID}")).await;
    let out = &chat[1];
    assert_eq!((out["direction"].as_str(), out["status"].as_str()), (Some("outbound"), Some("read")));
    assert_eq!(out["text"], "Your order shipped");
    assert_eq!(out["webhookAccepted"], true);
    assert_eq!(chat[0]["direction"], "inbound");
}

#[tokio::test]
async fn a_message_outside_the_24_hour_window_fails_with_131047() {
    let mut h = start(fast()).await;
    let sent = h.cloud.send(PHONE_NUMBER_ID, TOKEN, &text("15550003333", "hi")).await.expect("accepted");
    let s = status_of(&h.next_hook().await);
    assert_eq!((s.message_id.as_str(), &s.status), (sent.message_id.as_str(), &DeliveryStatus::Failed));
    assert_eq!(s.errors.first().map(|e| (e.code, e.title.as_str())), Some((131047, "Re-engagement message")));
    h.assert_quiet(Duration::from_millis(200)).await;
    let chat = h.get(&format!("/api/customers/15550003333/messages?phoneNumberId={PHONE_NUMBER_ID}")).await;
    assert_eq!(chat[0]["status"], "failed");
    assert_eq!(chat[0]["error"]["code"], 131047);
}

#[tokio::test]
async fn a_template_needs_no_open_window_and_is_rendered_in_the_chat() {
    let mut h = start(fast()).await;
    let msg = template("15550004444", "order_update", "en", json!([body_params(&["#7", "ready"])]));
    let sent = h.cloud.send(PHONE_NUMBER_ID, TOKEN, &msg).await.expect("sent");
    let s = status_of(&h.next_hook().await);
    assert_eq!((s.message_id, s.status), (sent.message_id, DeliveryStatus::Sent));
    assert_eq!(s.raw["pricing"]["category"], "utility");
    let chat = h.get(&format!("/api/customers/15550004444/messages?phoneNumberId={PHONE_NUMBER_ID}")).await;
    assert_eq!(chat[0]["text"], "Your order #7 is ready.");

    let unknown = OutboundMessage::Template {
        to: "15550004444".into(),
        name: "no_such_template".into(),
        language: "en_US".into(),
        components: Value::Null,
    };
    let err = h.cloud.send(PHONE_NUMBER_ID, TOKEN, &unknown).await.expect_err("unknown template");
    assert_eq!(err.graph_kind(), Some(GraphErrorKind::Other(132001)));
}

#[tokio::test]
async fn a_wrong_token_is_refused_as_an_expired_token_and_unknown_ids_as_bad_parameters() {
    let h = start(fast()).await;
    let err = h.cloud.send(PHONE_NUMBER_ID, "not-the-token", &text("1555", "x")).await.expect_err("refused");
    let ClientError::Graph { status, ref error } = err else { panic!("a Graph error, got {err:?}") };
    assert_eq!((status, error.code, error.error_subcode), (401, 190, Some(463)));
    assert_eq!(err.graph_kind(), Some(GraphErrorKind::TokenExpired));
    assert!(!err.is_retryable());
    assert!(error.message.starts_with("Error validating access token"));

    let err = h.cloud.send("999", TOKEN, &text("1555", "x")).await.expect_err("unknown number");
    assert_eq!(err.graph_kind(), Some(GraphErrorKind::BadParameter));
}

#[tokio::test]
async fn the_throughput_hook_refuses_twice_as_retryable_then_accepts() {
    let h = start(fast()).await;
    let msg = text("15550004290001", "burst");
    for _ in 0..2 {
        let err = h.cloud.send(PHONE_NUMBER_ID, TOKEN, &msg).await.expect_err("throttled");
        assert_eq!(err.graph_kind(), Some(GraphErrorKind::Throttled));
        assert!(err.is_retryable());
        assert!(err.reason().contains("130429"), "{}", err.reason());
    }
    assert!(h.cloud.send(PHONE_NUMBER_ID, TOKEN, &msg).await.is_ok(), "the third try goes through");
    let other_body = text("15550004290001", "another body");
    assert!(h.cloud.send(PHONE_NUMBER_ID, TOKEN, &other_body).await.is_err(), "each body is throttled on its own");
}

#[tokio::test]
async fn the_unavailable_hook_answers_503_html_which_is_retryable() {
    let h = start(fast()).await;
    let err = h.cloud.send(PHONE_NUMBER_ID, TOKEN, &text("15550005000001", "x")).await.expect_err("503");
    let ClientError::Http { status, ref body } = err else { panic!("an HTTP error, got {err:?}") };
    assert_eq!(status, 503);
    assert!(body.contains("<html>"));
    assert!(err.is_retryable());
    assert_eq!(err.reason(), "Graph API answered 503");
}

#[tokio::test]
async fn invalid_sends_are_refused_like_meta_refuses_them() {
    let h = start(fast()).await;
    let resp = h
        .http
        .post(format!("{}/graph/v23.0/{PHONE_NUMBER_ID}/messages", h.base))
        .bearer_auth(TOKEN)
        .json(&json!({ "messaging_product": "whatsapp", "type": "text", "text": { "body": "x" } }))
        .send()
        .await
        .expect("reachable");
    assert_eq!(resp.status().as_u16(), 400);
    let body: Value = resp.json().await.expect("json");
    assert_eq!(body["error"]["code"], 100);
    assert!(body["error"]["message"].as_str().is_some_and(|m| m.contains("to is required")), "{body}");

    let four = OutboundMessage::Buttons {
        to: "1555".into(),
        body: "Pick".into(),
        buttons: (1..=4).map(|i| (format!("b{i}"), format!("B{i}"))).collect(),
        header: None,
        footer: None,
        reply_to: None,
    };
    let err = h.cloud.send(PHONE_NUMBER_ID, TOKEN, &four).await.expect_err("too many buttons");
    assert_eq!(err.graph_kind(), Some(GraphErrorKind::Other(131009)));
    let missing_media = OutboundMessage::Media {
        to: "1555".into(),
        kind: MediaType::Image,
        source: MediaSource::Id("123".into()),
        caption: None,
        filename: None,
        reply_to: None,
    };
    let err = h.cloud.send(PHONE_NUMBER_ID, TOKEN, &missing_media).await.expect_err("unknown media id");
    assert_eq!(err.graph_kind(), Some(GraphErrorKind::BadParameter));
}

#[tokio::test]
async fn every_outbound_kind_is_accepted_and_rendered() {
    let mut h = start(SimConfig { auto_read: false, ..fast() }).await;
    open_window(&mut h, "15550006666").await;
    let to = || "15550006666".to_owned();
    let media_id = h
        .cloud
        .upload_media(PHONE_NUMBER_ID, TOKEN, bytes::Bytes::from_static(b"%PDF-1.4"), "application/pdf", "a.pdf")
        .await
        .expect("uploaded");
    let messages = [
        (OutboundMessage::Text { to: to(), body: "plain".into(), preview_url: true, reply_to: None }, "plain"),
        (
            OutboundMessage::Media {
                to: to(),
                kind: MediaType::Document,
                source: MediaSource::Id(media_id),
                caption: Some("invoice".into()),
                filename: Some("a.pdf".into()),
                reply_to: None,
            },
            "invoice",
        ),
        (
            OutboundMessage::Buttons {
                to: to(),
                body: "Yes or no?".into(),
                buttons: vec![("y".into(), "Yes".into()), ("n".into(), "No".into())],
                header: None,
                footer: None,
                reply_to: None,
            },
            "Yes or no?",
        ),
        (
            OutboundMessage::List {
                to: to(),
                body: "Menu".into(),
                button: "Open".into(),
                sections: vec![ListSection {
                    title: "Drinks".into(),
                    rows: vec![ListRow { id: "tea".into(), title: "Tea".into(), description: None }],
                }],
                header: None,
                footer: None,
                reply_to: None,
            },
            "Menu",
        ),
        (
            OutboundMessage::Location {
                to: to(),
                latitude: 1.5,
                longitude: 2.5,
                name: Some("Shop".into()),
                address: None,
                reply_to: None,
            },
            "Shop",
        ),
    ];
    for (msg, _) in &messages {
        h.cloud.send(PHONE_NUMBER_ID, TOKEN, msg).await.unwrap_or_else(|e| panic!("{msg:?}: {e}"));
    }
    let chat = h.get(&format!("/api/customers/15550006666/messages?phoneNumberId={PHONE_NUMBER_ID}")).await;
    let texts: Vec<&str> = chat.as_array().expect("list").iter().skip(1).filter_map(|m| m["text"].as_str()).collect();
    assert_eq!(texts, messages.iter().map(|(_, t)| *t).collect::<Vec<_>>());
}

#[tokio::test]
async fn media_round_trips_through_upload_info_and_download() {
    let h = start(fast()).await;
    let bytes = bytes::Bytes::from((0..=255u8).cycle().take(10_000).collect::<Vec<u8>>());
    let id =
        h.cloud.upload_media(PHONE_NUMBER_ID, TOKEN, bytes.clone(), "image/jpeg", "photo.jpg").await.expect("upload");
    let info = h.cloud.media_info(TOKEN, &id).await.expect("info");
    assert_eq!((info.id.as_str(), info.mime_type.as_str(), info.file_size), (id.as_str(), "image/jpeg", Some(10_000)));
    assert!(info.url.starts_with(&h.base), "the URL is the simulator's public one: {}", info.url);
    assert_eq!(info.sha256.map(|s| s.len()), Some(64));
    let downloaded = h.cloud.download_media(TOKEN, &info.url, 1_000_000).await.expect("download");
    assert_eq!(downloaded, bytes);
    assert_eq!(h.cloud.download_media(TOKEN, &info.url, 9_999).await, Err(ClientError::TooLarge));
    let err = h.cloud.download_media("wrong", &info.url, 1_000_000).await.expect_err("needs the token");
    assert_eq!(err.graph_kind(), Some(GraphErrorKind::TokenExpired));
    let err = h.cloud.media_info("wrong", &id).await.expect_err("needs the token");
    assert_eq!(err.graph_kind(), Some(GraphErrorKind::TokenExpired));
}

#[tokio::test]
async fn templates_list_has_the_seeds_and_paging_is_followed() {
    let h = start(fast()).await;
    let seeded = h.cloud.list_templates(WABA_ID, TOKEN).await.expect("list");
    let names: Vec<&str> = seeded.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["hello_world", "order_update", "seasonal_promo", "invoice_ready", "member_offer"]);
    assert!(seeded.iter().all(|t| t.status == "APPROVED"));
    let categories: Vec<Option<&str>> = seeded.iter().map(|t| t.category.as_deref()).collect();
    assert_eq!(categories, [Some("UTILITY"), Some("UTILITY"), Some("MARKETING"), Some("UTILITY"), Some("MARKETING")]);
    assert_eq!(seeded[0].language, "en_US");
    assert_eq!(seeded[0].components[0], json!({ "type": "HEADER", "format": "TEXT", "text": "Hello World" }));
    assert!(
        seeded[0].components[1]["text"].as_str().is_some_and(|t| !t.contains("{{")),
        "Meta's sample has no variables"
    );

    // The client asks for 100 a page: 101 more make a second page it must follow.
    for i in 0..101 {
        let t = json!({ "name": format!("bulk_{i:03}"), "language": "en", "category": "MARKETING",
                        "components": [{ "type": "BODY", "text": "Sale {{1}}" }] });
        h.cloud.create_template(WABA_ID, TOKEN, &t).await.expect("created");
    }
    let all = h.cloud.list_templates(WABA_ID, TOKEN).await.expect("list");
    assert_eq!(all.len(), 106);
    assert_eq!(all.last().map(|t| t.name.as_str()), Some("bulk_100"));
    let page: Value = h
        .http
        .get(format!("{}/graph/v23.0/{WABA_ID}/message_templates?limit=100", h.base))
        .bearer_auth(TOKEN)
        .send()
        .await
        .expect("reachable")
        .json()
        .await
        .expect("json");
    assert!(page["paging"]["next"].as_str().is_some_and(|n| n.starts_with(&h.base)), "{}", page["paging"]);
}

#[tokio::test]
async fn a_created_template_is_pending_then_approved_by_webhook() {
    let mut h = start(fast()).await;
    let t = json!({ "name": "shipping_notice", "language": "pt_BR", "category": "UTILITY",
                    "components": [{ "type": "BODY", "text": "Seu pedido {{1}} saiu." }] });
    let created = h.cloud.create_template(WABA_ID, TOKEN, &t).await.expect("created");
    assert_eq!((created.status.as_str(), created.category.as_deref()), ("PENDING", Some("UTILITY")));
    let dup = h.cloud.create_template(WABA_ID, TOKEN, &t).await.expect_err("same name and language");
    assert_eq!(dup.graph_kind(), Some(GraphErrorKind::BadParameter));

    let hook = h.next_hook().await;
    let events = hook.events();
    let [Event::TemplateStatus(update)] = events.as_slice() else { panic!("template update") };
    assert_eq!(update.event, "APPROVED");
    assert_eq!(update.template_id, created.id);
    assert_eq!((update.name.as_deref(), update.language.as_deref()), (Some("shipping_notice"), Some("pt_BR")));
    assert_eq!((update.waba_id.as_str(), update.reason.as_deref()), (WABA_ID, None));
    let list = h.cloud.list_templates(WABA_ID, TOKEN).await.expect("list");
    assert!(list.iter().any(|t| t.id == created.id && t.status == "APPROVED"));
}

#[tokio::test]
async fn the_phone_number_is_described() {
    let h = start(fast()).await;
    let info = h.cloud.phone_number(PHONE_NUMBER_ID, TOKEN).await.expect("info");
    assert_eq!((info.id.as_str(), info.display_phone_number.as_str()), (PHONE_NUMBER_ID, DISPLAY));
    assert_eq!(
        (info.verified_name.as_deref(), info.quality_rating.as_deref()),
        (Some("Parley Test Shop"), Some("GREEN"))
    );
}

#[tokio::test]
async fn every_customer_message_type_arrives_as_a_message_of_its_kind() {
    let mut h = start(fast()).await;
    let png = base64::engine::general_purpose::STANDARD.encode(b"\x89PNG fake but ours");
    let cases = [
        (json!({ "type": "text", "text": "hi", "name": "Ana" }), "text"),
        (json!({ "type": "image", "caption": "look" }), "image"),
        (json!({ "type": "image", "mediaBase64": png, "mimeType": "image/png" }), "image"),
        (json!({ "type": "video" }), "video"),
        (json!({ "type": "audio" }), "voice"),
        (json!({ "type": "audio", "mimeType": "audio/mpeg" }), "audio"),
        (json!({ "type": "document", "filename": "cv.pdf" }), "document"),
        (json!({ "type": "sticker" }), "sticker"),
        (json!({ "type": "location", "latitude": 38.7, "longitude": -9.1, "text": "Home" }), "location"),
        (json!({ "type": "contacts", "text": "Bob" }), "contacts"),
        (json!({ "type": "reaction", "messageId": "wamid.X", "emoji": "👍" }), "reaction"),
        (
            json!({ "type": "button_reply", "buttonId": "yes", "buttonTitle": "Yes", "replyTo": "wamid.Q" }),
            "button_reply",
        ),
        (json!({ "type": "list_reply", "buttonId": "tea", "buttonTitle": "Tea" }), "list_reply"),
        (json!({ "type": "unsupported" }), "unsupported"),
    ];
    for (body, want) in cases {
        let (answer, hook) = h.customer_says("+15550007777", body.clone()).await;
        assert_eq!((answer["delivered"].as_bool(), answer["webhookStatus"].as_u64()), (Some(true), Some(200)));
        let events = hook.events();
        let [Event::Message(m)] = events.as_slice() else { panic!("{body}: not a message") };
        assert_eq!(m.kind.type_name(), want, "{body}");
        assert_eq!(m.id, answer["id"].as_str().expect("id"));
        assert_eq!(m.from.as_deref(), Some("15550007777"));
        assert_eq!(m.profile_name.as_deref(), Some("Ana"), "the name given once is kept");
        assert_eq!(m.problem, None, "{body}: {:?}", m.problem);
        if let MessageKind::Media { media_id: Some(id), mime_type, .. } = &m.kind {
            let info = h.cloud.media_info(TOKEN, id).await.expect("media info");
            assert_eq!(Some(&info.mime_type), mime_type.as_ref());
            let bytes = h.cloud.download_media(TOKEN, &info.url, 1_000_000).await.expect("media bytes");
            assert!(!bytes.is_empty());
            if want == "image" && body.get("mediaBase64").is_none() {
                assert_eq!(&bytes[1..4], b"PNG", "the default picture is a PNG");
            }
            if body.get("mediaBase64").is_some() {
                assert_eq!(&bytes[..], b"\x89PNG fake but ours");
            }
        }
        if want == "button_reply" {
            assert_eq!(m.context.as_ref().and_then(|c| c.message_id.as_deref()), Some("wamid.Q"));
        }
    }
    let chat = h.get(&format!("/api/customers/15550007777/messages?phoneNumberId={PHONE_NUMBER_ID}")).await;
    assert_eq!(chat.as_array().map(Vec::len), Some(14));
    assert!(chat.as_array().into_iter().flatten().all(|m| m["status"] == "received" && m["webhookAccepted"] == true));
}

#[tokio::test]
async fn non_ascii_text_arrives_escaped_and_the_signature_covers_the_raw_bytes() {
    let mut h = start(fast()).await;
    let (_, hook) = h.customer_says("15550008888", json!({ "type": "text", "text": "héllo 👋" })).await;
    let raw = std::str::from_utf8(&hook.body).expect("utf-8");
    assert!(raw.is_ascii(), "{raw}");
    assert!(raw.contains(r"h\u00e9llo \ud83d\udc4b"), "{raw}");
    let signature = hook.header("x-hub-signature-256").expect("signed");
    assert_eq!(verify_meta(APP_SECRET.as_bytes(), &hook.body, Some(signature)), Ok(()));
    let decoded = hook.json().to_string();
    assert!(decoded.contains("héllo 👋"));
    assert!(
        verify_meta(APP_SECRET.as_bytes(), decoded.as_bytes(), Some(signature)).is_err(),
        "re-serialised bytes differ"
    );
    let events = hook.events();
    let [Event::Message(m)] = events.as_slice() else { panic!("a message") };
    assert_eq!(m.kind, MessageKind::Text { body: "héllo 👋".into() });
}

#[tokio::test]
async fn the_customer_reading_the_chat_sends_read_statuses() {
    let mut h = start(SimConfig { auto_read: false, ..fast() }).await;
    open_window(&mut h, "15550009999").await;
    let a = h.cloud.send(PHONE_NUMBER_ID, TOKEN, &text("15550009999", "one")).await.expect("sent");
    let b = h.cloud.send(PHONE_NUMBER_ID, TOKEN, &text("15550009999", "two")).await.expect("sent");
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(status_of(&h.next_hook().await).status);
    }
    assert!(!statuses.contains(&DeliveryStatus::Read), "no read without auto_read: {statuses:?}");
    h.assert_quiet(Duration::from_millis(200)).await;

    let (code, answer) = h.post("/api/customers/15550009999/read", json!({ "phoneNumberId": PHONE_NUMBER_ID })).await;
    assert_eq!(code, 200);
    assert_eq!(answer["read"], json!([a.message_id.clone(), b.message_id.clone()]));
    let mut read = Vec::new();
    for _ in 0..2 {
        let s = status_of(&h.next_hook().await);
        assert_eq!(s.status, DeliveryStatus::Read);
        read.push(s.message_id);
    }
    assert_eq!(read, [a.message_id, b.message_id]);
    let (_, again) = h.post("/api/customers/15550009999/read", json!({ "phoneNumberId": PHONE_NUMBER_ID })).await;
    assert_eq!(again["read"], json!([]), "nothing is read twice");
}

#[tokio::test]
async fn mark_read_and_sends_are_recorded_in_the_outbox() {
    let mut h = start(fast()).await;
    let (answer, _) = h.customer_says("15550001234", json!({ "type": "text", "text": "ping" })).await;
    let inbound = answer["id"].as_str().expect("id").to_owned();
    h.cloud.mark_read(PHONE_NUMBER_ID, TOKEN, &inbound).await.expect("marked");
    h.cloud.send(PHONE_NUMBER_ID, TOKEN, &text("15550001234", "pong")).await.expect("sent");
    let outbox = h.get(&format!("/api/outbox?phoneNumberId={PHONE_NUMBER_ID}")).await;
    let entries = outbox.as_array().expect("list");
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["body"], json!({ "messaging_product": "whatsapp", "status": "read", "message_id": inbound }));
    assert_eq!(entries[1]["body"]["text"]["body"], "pong");
    assert_eq!(entries[1]["responseStatus"], 200);
    let later = h.get(&format!("/api/outbox?phoneNumberId={PHONE_NUMBER_ID}&since=1")).await;
    assert_eq!(later.as_array().map(Vec::len), Some(1));
    let chat = h.get(&format!("/api/customers/15550001234/messages?phoneNumberId={PHONE_NUMBER_ID}")).await;
    assert_eq!(chat[0]["readByBusiness"], true);
    let customers = h.get(&format!("/api/customers?phoneNumberId={PHONE_NUMBER_ID}")).await;
    assert_eq!(customers[0]["phone"], "15550001234");
    assert_eq!(customers[0]["messages"], 2);
}

#[tokio::test]
async fn every_message_fails_as_undeliverable_at_failure_rate_one() {
    let mut h = start(fast()).await;
    open_window(&mut h, "15550001212").await;
    let (code, cfg) = h.put("/api/config", json!({ "failureRate": 1.0, "deliveredAfterMs": 20 })).await;
    assert_eq!((code, cfg["failureRate"].as_f64(), cfg["deliveredAfterMs"].as_u64()), (200, Some(1.0), Some(20)));
    assert_eq!(h.put("/api/config", json!({ "failureRate": 2.0 })).await.0, 400);
    let sent = h.cloud.send(PHONE_NUMBER_ID, TOKEN, &text("15550001212", "x")).await.expect("accepted");
    let s = status_of(&h.next_hook().await);
    assert_eq!((s.message_id, s.status), (sent.message_id, DeliveryStatus::Failed));
    assert_eq!(s.errors.first().map(|e| e.code), Some(131026));
}

#[tokio::test]
async fn a_raw_payload_is_delivered_signed_as_given() {
    let mut h = start(fast()).await;
    let payload = json!({ "object": "whatsapp_business_account", "entry": [{ "id": WABA_ID, "changes": [
        { "field": "account_alerts", "value": { "note": "ünusual" } } ] }] });
    let (code, answer) =
        h.post("/api/customers/15550001111/raw", json!({ "phoneNumberId": PHONE_NUMBER_ID, "payload": payload })).await;
    assert_eq!((code, answer["webhookStatus"].as_u64()), (200, Some(200)));
    let hook = h.next_hook().await;
    assert_eq!(hook.json(), payload);
    assert!(std::str::from_utf8(&hook.body).is_ok_and(|b| b.contains(r"\u00fcnusual")));
    assert!(matches!(hook.events().as_slice(), [Event::Unknown { field, .. }] if field == "account_alerts"));
}

#[tokio::test]
async fn a_receiver_that_refuses_is_reported_as_not_delivered() {
    let h = start(fast()).await;
    let mut n = support::number(&format!("{}/refuse", h.receiver));
    n.phone_number_id = "100000000000002".into();
    let (code, _) = h.post("/api/numbers", serde_json::to_value(&n).expect("json")).await;
    assert_eq!(code, 201);
    let numbers = h.get("/api/numbers").await;
    assert_eq!(numbers.as_array().map(Vec::len), Some(2));
    assert!(numbers[0].get("accessToken").is_none() && numbers[0].get("appSecret").is_none(), "secrets stay hidden");

    let (code, answer) = h
        .post("/api/customers/15550002323/messages", json!({ "phoneNumberId": n.phone_number_id, "text": "anyone?" }))
        .await;
    assert_eq!(code, 200);
    assert_eq!((answer["delivered"].as_bool(), answer["webhookStatus"].as_u64()), (Some(false), Some(500)));
    let chat = h.get(&format!("/api/customers/15550002323/messages?phoneNumberId={}", n.phone_number_id)).await;
    assert_eq!(chat[0]["webhookAccepted"], false);
    let (code, err) = h.post("/api/customers/1555/messages", json!({ "phoneNumberId": "nope", "text": "x" })).await;
    assert_eq!((code, err["error"].as_str()), (404, Some("not_found")));
}

#[tokio::test]
async fn sends_past_the_numbers_rate_are_refused_with_130429_and_counted() {
    let h = start(SimConfig { auto_read: false, ..fast() }).await;
    h.sim.set_limits(PHONE_NUMBER_ID, NumberLimits { rate_per_second: Some(5), ..NumberLimits::default() });
    let started = Instant::now();
    let mut refused = Vec::new();
    for i in 0..8 {
        if let Err(e) = h.cloud.send(PHONE_NUMBER_ID, TOKEN, &order_update(&format!("1555010{i:04}"))).await {
            refused.push(e);
        }
    }
    assert!(started.elapsed() < Duration::from_secs(1), "the burst fits in one window");
    assert_eq!(refused.len(), 3, "five a second go through: {refused:?}");
    for e in &refused {
        let ClientError::Graph { status, ref error } = *e else { panic!("a Graph error, got {e:?}") };
        assert_eq!((status, error.code), (400, 130429));
        assert!(error.message.contains("Rate limit hit"), "{}", error.message);
        assert!(e.is_retryable());
    }
    let stats = h.get(&format!("/api/numbers/{PHONE_NUMBER_ID}/stats")).await;
    assert_eq!(
        stats,
        json!({ "accepted": 5, "throttled": 3, "refused": 0, "overTier": 0, "uniqueLast24h": 5, "maxPerSecond": 5 })
    );

    tokio::time::sleep(Duration::from_millis(1_050)).await;
    h.cloud.send(PHONE_NUMBER_ID, TOKEN, &order_update("15550100099")).await.expect("a new second, a new window");
    let stats = h.sim.stats(PHONE_NUMBER_ID);
    assert_eq!((stats.accepted, stats.throttled, stats.max_per_second), (6, 3, 5));
}

#[tokio::test]
async fn past_the_messaging_tier_a_template_is_accepted_then_fails_and_counts_as_over_tier() {
    let mut h = start(SimConfig { auto_read: false, delivered_after: Duration::from_secs(30), ..fast() }).await;
    let (code, limits) =
        h.put(&format!("/api/numbers/{PHONE_NUMBER_ID}/limits"), json!({ "messagingLimit": "TIER_250" })).await;
    assert_eq!((code, limits["messagingLimit"].as_str()), (200, Some("TIER_250")));
    open_window(&mut h, "15550209999").await;
    for i in 0..250 {
        h.cloud.send(PHONE_NUMBER_ID, TOKEN, &order_update(&format!("1555020{i:04}"))).await.expect("within the tier");
    }
    // Neither a customer counted already nor one whose window is open takes room in the tier.
    h.cloud.send(PHONE_NUMBER_ID, TOKEN, &order_update("15550200000")).await.expect("counted already");
    h.cloud.send(PHONE_NUMBER_ID, TOKEN, &order_update("15550209999")).await.expect("window open");
    let stats = h.sim.stats(PHONE_NUMBER_ID);
    assert_eq!((stats.unique_last_24h, stats.over_tier), (250, 0));

    let over = h.cloud.send(PHONE_NUMBER_ID, TOKEN, &order_update("15550208888")).await.expect("Meta accepts it");
    let failed = status_for(&mut h, &over.message_id, DeliveryStatus::Failed).await;
    assert_eq!(failed.errors.first().map(|e| (e.code, e.title.as_str())), Some((131026, "Message undeliverable")));
    let stats = h.get(&format!("/api/numbers/{PHONE_NUMBER_ID}/stats")).await;
    assert_eq!((stats["overTier"].as_u64(), stats["uniqueLast24h"].as_u64()), (Some(1), Some(250)));
    assert_eq!(stats["accepted"], 253, "over the tier is still accepted");
}

#[tokio::test]
async fn chosen_customers_fail_marketing_the_way_meta_fails_it() {
    let mut h = start(SimConfig { auto_read: false, delivered_after: Duration::from_secs(30), ..fast() }).await;
    let cases = [
        (MARKETING_CAPPED_PREFIX, 131049, true),
        (MARKETING_STOPPED_PREFIX, 131050, true),
        (EXPERIMENT_PREFIX, 130472, true),
        (UNDELIVERABLE_PREFIX, 131026, false),
    ];
    let mut expected = HashMap::new();
    for (prefix, code, marketing_only) in cases {
        let to = format!("{prefix}01");
        let promo = h.cloud.send(PHONE_NUMBER_ID, TOKEN, &promo(&to)).await.expect("accepted at once");
        expected.insert(promo.message_id, (DeliveryStatus::Failed, Some(code)));
        let utility = h.cloud.send(PHONE_NUMBER_ID, TOKEN, &order_update(&to)).await.expect("accepted at once");
        let outcome = if marketing_only { (DeliveryStatus::Sent, None) } else { (DeliveryStatus::Failed, Some(code)) };
        expected.insert(utility.message_id, outcome);
    }
    let (statuses, _) = collect_statuses(&mut h, expected.len()).await;
    let seen: HashMap<String, (DeliveryStatus, Option<i64>)> =
        statuses.into_iter().map(|s| (s.message_id, (s.status, s.errors.first().map(|e| e.code)))).collect();
    assert_eq!(seen, expected);
}

#[tokio::test]
async fn a_number_set_to_fail_answers_that_error_for_every_send_until_cleared() {
    let h = start(fast()).await;
    let (code, limits) = h.put(&format!("/api/numbers/{PHONE_NUMBER_ID}/limits"), json!({ "failWith": 131048 })).await;
    assert_eq!((code, limits["failWith"].as_i64()), (200, Some(131048)));
    let err = h.cloud.send(PHONE_NUMBER_ID, TOKEN, &order_update("15550300001")).await.expect_err("blocked");
    let ClientError::Graph { status, ref error } = err else { panic!("a Graph error, got {err:?}") };
    assert_eq!((status, error.code), (400, 131048));
    assert!(error.message.contains("Spam rate limit hit"), "{}", error.message);
    assert!(!err.is_retryable());

    for fail in FailWith::ALL {
        h.sim.set_limits(PHONE_NUMBER_ID, NumberLimits { fail_with: Some(fail), ..h.sim.limits(PHONE_NUMBER_ID) });
        let err = h.cloud.send(PHONE_NUMBER_ID, TOKEN, &order_update("15550300002")).await.expect_err("blocked");
        assert_eq!(err.graph_kind(), Some(parley_whatsapp::GraphErrorKind::from_code(fail.code())));
        let ClientError::Graph { ref error, .. } = err else { panic!("a Graph error") };
        assert!(error.message.starts_with(&format!("(#{}) ", fail.code())), "{}", error.message);
    }
    let (code, limits) = h.put(&format!("/api/numbers/{PHONE_NUMBER_ID}/limits"), json!({ "failWith": null })).await;
    assert_eq!((code, &limits["failWith"]), (200, &Value::Null));
    h.cloud.send(PHONE_NUMBER_ID, TOKEN, &order_update("15550300001")).await.expect("cleared");
    let stats = h.sim.stats(PHONE_NUMBER_ID);
    assert_eq!((stats.accepted, stats.refused), (1, 1 + FailWith::ALL.len() as u64));
}

#[tokio::test]
async fn the_phone_number_reports_throughput_tier_and_quality_from_its_limits() {
    let h = start(fast()).await;
    let fields = |fields: &str| {
        let url = format!("{}/graph/v23.0/{PHONE_NUMBER_ID}?fields={fields}", h.base);
        let req = h.http.get(url).bearer_auth(TOKEN);
        async move { req.send().await.expect("reachable").json::<Value>().await.expect("json") }
    };
    let asked = "throughput,whatsapp_business_manager_messaging_limit,quality_rating";
    assert_eq!(
        fields(asked).await,
        json!({ "id": PHONE_NUMBER_ID, "throughput": { "level": "STANDARD" },
                "whatsapp_business_manager_messaging_limit": "TIER_10K", "quality_rating": "GREEN" })
    );
    let (code, _) = h
        .put(
            &format!("/api/numbers/{PHONE_NUMBER_ID}/limits"),
            json!({ "ratePerSecond": 1000, "messagingLimit": "TIER_UNLIMITED", "qualityRating": "YELLOW" }),
        )
        .await;
    assert_eq!(code, 200);
    let answer = fields(asked).await;
    assert_eq!(answer["throughput"]["level"], "HIGH");
    assert_eq!(answer["whatsapp_business_manager_messaging_limit"], "TIER_UNLIMITED");
    assert_eq!(answer["quality_rating"], "YELLOW");
    assert_eq!(fields("verified_name").await, json!({ "id": PHONE_NUMBER_ID, "verified_name": "Parley Test Shop" }));

    h.sim.set_limits(PHONE_NUMBER_ID, NumberLimits { rate_per_second: Some(80), ..h.sim.limits(PHONE_NUMBER_ID) });
    assert_eq!(fields("throughput").await["throughput"]["level"], "STANDARD", "80/s is the standard level");
}

#[tokio::test]
async fn callback_data_is_echoed_in_every_status_and_kept_in_the_outbox() {
    let mut h = start(fast()).await;
    open_window(&mut h, "15550400001").await;
    let send = |to: &str, data: Value| {
        json!({ "messaging_product": "whatsapp", "to": to, "type": "text", "text": { "body": "hi" },
                "biz_opaque_callback_data": data })
    };
    let (code, answer) = h.graph_send(send("15550400001", json!("recipient-42"))).await;
    assert_eq!(code, 200, "{answer}");
    let wamid = answer["messages"][0]["id"].as_str().expect("id").to_owned();
    let (statuses, _) = collect_statuses(&mut h, 3).await;
    let kinds: Vec<&DeliveryStatus> = statuses.iter().map(|s| &s.status).collect();
    assert_eq!(kinds, [&DeliveryStatus::Sent, &DeliveryStatus::Delivered, &DeliveryStatus::Read]);
    for s in &statuses {
        assert_eq!(s.message_id, wamid);
        assert_eq!(s.raw["biz_opaque_callback_data"], "recipient-42", "{}", s.raw);
    }
    let outbox = h.get(&format!("/api/outbox?phoneNumberId={PHONE_NUMBER_ID}")).await;
    assert_eq!(outbox[0]["bizOpaqueCallbackData"], "recipient-42");
    let chat = h.get(&format!("/api/customers/15550400001/messages?phoneNumberId={PHONE_NUMBER_ID}")).await;
    assert_eq!(chat[1]["bizOpaqueCallbackData"], "recipient-42");

    // A failure echoes it too: a text to a customer who never wrote fails with 131047.
    let (code, answer) = h.graph_send(send("15550400002", json!("recipient-43"))).await;
    assert_eq!(code, 200);
    let failed = status_for(&mut h, answer["messages"][0]["id"].as_str().expect("id"), DeliveryStatus::Failed).await;
    assert_eq!(failed.raw["biz_opaque_callback_data"], "recipient-43");
    assert!(failed.raw.get("pricing").is_none(), "a failed message is not billed");

    let (code, answer) = h.graph_send(send("15550400001", json!({ "id": 42 }))).await;
    assert_eq!((code, answer["error"]["code"].as_i64()), (400, Some(100)));
}

#[tokio::test]
async fn statuses_carry_pricing_by_template_category_and_window() {
    let mut h = start(fast()).await;
    let pricing = |billable: bool, kind: &str, category: &str| json!({ "billable": billable, "pricing_model": "PMP", "type": kind, "category": category });
    let cases = [
        (promo("15550500001"), pricing(true, "regular", "marketing")),
        (order_update("15550500002"), pricing(true, "regular", "utility")),
    ];
    for (msg, want) in cases {
        let sent = h.cloud.send(PHONE_NUMBER_ID, TOKEN, &msg).await.expect("sent");
        let (statuses, _) = collect_statuses(&mut h, 3).await;
        assert_eq!(statuses.len(), 3);
        for s in statuses {
            assert_eq!(s.message_id, sent.message_id);
            assert_eq!(s.raw["pricing"], want, "{:?}", s.status);
            assert_eq!(s.raw["conversation"]["origin"]["type"], want["category"]);
        }
    }
    // Inside the customer's window a free-form reply, and a utility template, are free.
    open_window(&mut h, "15550500003").await;
    let free = [
        (text("15550500003", "thanks!"), pricing(false, "free_customer_service", "service")),
        (order_update("15550500003"), pricing(false, "free_customer_service", "utility")),
    ];
    for (msg, want) in free {
        h.cloud.send(PHONE_NUMBER_ID, TOKEN, &msg).await.expect("sent");
        let (statuses, _) = collect_statuses(&mut h, 3).await;
        let read = statuses.iter().find(|s| s.status == DeliveryStatus::Read).expect("read");
        assert!(
            statuses.iter().all(|s| s.raw["pricing"] == want),
            "{:?}",
            statuses.iter().map(|s| &s.raw).collect::<Vec<_>>()
        );
        assert!(read.raw["conversation"]["id"].is_string());
    }
}

#[tokio::test]
async fn batched_statuses_arrive_many_to_a_webhook() {
    let mut h = start(fast()).await;
    let (code, cfg) = h.put("/api/config", json!({ "statusBatchMax": 100, "statusBatchWaitMs": 50 })).await;
    assert_eq!((code, cfg["statusBatchMax"].as_u64(), cfg["statusBatchWaitMs"].as_u64()), (200, Some(100), Some(50)));
    assert_eq!(h.sim.status_batching(), StatusBatching::up_to(100, Duration::from_millis(50)));
    assert_eq!(h.put("/api/config", json!({ "statusBatchMax": 0 })).await.0, 400);

    let mut sent = Vec::new();
    for i in 0..10 {
        sent.push(h.cloud.send(PHONE_NUMBER_ID, TOKEN, &order_update(&format!("1555060{i:04}"))).await.expect("sent"));
    }
    let (statuses, hooks) = collect_statuses(&mut h, 30).await;
    assert!(hooks < 30, "30 statuses came in {hooks} webhooks");
    for m in &sent {
        let mut seen: Vec<DeliveryStatus> =
            statuses.iter().filter(|s| s.message_id == m.message_id).map(|s| s.status.clone()).collect();
        seen.sort_by_key(|s| format!("{s:?}"));
        assert_eq!(seen, [DeliveryStatus::Delivered, DeliveryStatus::Read, DeliveryStatus::Sent]);
    }
    h.assert_quiet(Duration::from_millis(150)).await;
    let chat = h.get(&format!("/api/customers/15550600000/messages?phoneNumberId={PHONE_NUMBER_ID}")).await;
    assert_eq!(chat[0]["webhookAccepted"], true, "a batch's result is recorded on each of its messages");

    h.sim.set_status_batching(StatusBatching::OFF);
    h.cloud.send(PHONE_NUMBER_ID, TOKEN, &order_update("15550601000")).await.expect("sent");
    for _ in 0..3 {
        status_of(&h.next_hook().await);
    }
}

#[tokio::test]
async fn seeded_campaign_templates_check_their_parameters_like_meta() {
    let mut h = start(SimConfig { auto_read: false, delivered_after: Duration::from_secs(30), ..fast() }).await;
    let list = h.cloud.list_templates(WABA_ID, TOKEN).await.expect("list");
    let promo_t = list.iter().find(|t| t.name == "seasonal_promo").expect("seeded");
    assert_eq!(promo_t.components[0]["format"], "IMAGE");
    assert!(promo_t.components[0]["example"]["header_handle"][0].is_string());
    assert_eq!(promo_t.components[2]["type"], "FOOTER");
    let buttons = &promo_t.components[3]["buttons"];
    assert_eq!(
        (buttons[0]["type"].as_str(), buttons[0]["text"].as_str()),
        (Some("QUICK_REPLY"), Some("Stop promotions"))
    );
    assert_eq!(buttons[1]["type"], "URL");
    assert!(buttons[1]["url"].as_str().is_some_and(|u| u.ends_with("/{{1}}")));
    let invoice_t = list.iter().find(|t| t.name == "invoice_ready").expect("seeded");
    assert_eq!(
        (invoice_t.category.as_deref(), &invoice_t.components[0]["format"]),
        (Some("UTILITY"), &json!("DOCUMENT"))
    );

    let to = "15550700001";
    h.cloud.send(PHONE_NUMBER_ID, TOKEN, &promo(to)).await.expect("all parameters given");
    let document = json!({ "type": "header", "parameters": [{ "type": "document",
        "document": { "link": "https://cdn.example.com/inv.pdf", "filename": "INV-7.pdf" } }] });
    let invoice = template(to, "invoice_ready", "en", json!([document, body_params(&["Ana", "INV-7", "$7"])]));
    h.cloud.send(PHONE_NUMBER_ID, TOKEN, &invoice).await.expect("all parameters given");
    h.cloud
        .send(PHONE_NUMBER_ID, TOKEN, &template(to, "hello_world", "en_US", Value::Null))
        .await
        .expect("none needed");

    let header =
        json!({ "type": "header", "parameters": [{ "type": "image", "image": { "link": "https://x/y.jpg" } }] });
    let button =
        json!({ "type": "button", "sub_type": "url", "index": "1", "parameters": [{ "type": "text", "text": "s" }] });
    let wrong = [
        (template(to, "seasonal_promo", "en", json!([body_params(&["Ana", "spring"]), button])), 132000),
        (template(to, "seasonal_promo", "en", json!([header, body_params(&["Ana"]), button])), 132000),
        (template(to, "seasonal_promo", "en", json!([header, body_params(&["Ana", "spring"])])), 132000),
        (template(to, "invoice_ready", "en", json!([header, body_params(&["Ana", "INV-7", "$7"])])), 132012),
        (template(to, "hello_world", "en_US", json!([body_params(&["Ana"])])), 132000),
        (template(to, "order_update", "en", Value::Null), 132000),
    ];
    for (msg, code) in wrong {
        let err = h.cloud.send(PHONE_NUMBER_ID, TOKEN, &msg).await.expect_err("parameters do not match");
        let ClientError::Graph { status, ref error } = err else { panic!("a Graph error, got {err:?}") };
        assert_eq!((status, error.code), (400, code), "{msg:?}: {}", error.message);
    }
    assert_eq!(h.sim.stats(PHONE_NUMBER_ID).refused, 6);
    let (statuses, _) = collect_statuses(&mut h, 3).await;
    assert!(statuses.iter().all(|s| s.status == DeliveryStatus::Sent), "only the right sends went out");
    h.assert_quiet(Duration::from_millis(150)).await;
}

#[tokio::test]
async fn the_limits_api_changes_what_is_given_and_refuses_bad_input() {
    let h = start(fast()).await;
    let path = format!("/api/numbers/{PHONE_NUMBER_ID}/limits");
    let (code, limits) = h.get_status(&path).await;
    assert_eq!(code, 200);
    assert_eq!(
        limits,
        json!({ "ratePerSecond": null, "messagingLimit": "TIER_10K", "qualityRating": "GREEN", "failWith": null })
    );
    let (code, limits) = h.put(&path, json!({ "ratePerSecond": 80, "qualityRating": "RED" })).await;
    assert_eq!(code, 200);
    assert_eq!(
        limits,
        json!({ "ratePerSecond": 80, "messagingLimit": "TIER_10K", "qualityRating": "RED", "failWith": null })
    );
    let (_, limits) = h.put(&path, json!({ "messagingLimit": "TIER_2K" })).await;
    assert_eq!((limits["ratePerSecond"].as_u64(), limits["messagingLimit"].as_str()), (Some(80), Some("TIER_2K")));
    assert_eq!(
        h.sim.limits(PHONE_NUMBER_ID),
        NumberLimits {
            rate_per_second: Some(80),
            messaging_limit: MessagingLimit::Tier2K,
            quality_rating: QualityRating::Red,
            fail_with: None
        }
    );

    for bad in [
        json!({ "messagingLimit": "TIER_3K" }),
        json!({ "ratePerSecond": 0 }),
        json!({ "ratePerSecond": -5 }),
        json!({ "failWith": 1234 }),
        json!({ "qualityRating": "PURPLE" }),
        json!({ "rateperSecond": 5 }),
    ] {
        let (code, err) = h.put(&path, bad.clone()).await;
        assert_eq!((code, err["error"].as_str()), (400, Some("invalid_request")), "{bad}: {err}");
    }
    assert_eq!(h.sim.limits(PHONE_NUMBER_ID).messaging_limit, MessagingLimit::Tier2K, "refused input changes nothing");
    for path in ["/api/numbers/404/limits", "/api/numbers/404/stats"] {
        let (code, err) = h.get_status(path).await;
        assert_eq!((code, err["error"].as_str()), (404, Some("not_found")), "{path}");
    }
    let (code, _) = h.put("/api/numbers/404/limits", json!({ "ratePerSecond": 1 })).await;
    assert_eq!(code, 404);
}

/// A measurement, not a check: `cargo test -p parley-simulator --release --test cloud_api -- --ignored
/// --nocapture` prints how many sends a second the simulator takes with statuses batched.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore]
async fn sends_per_second_with_batched_statuses() {
    let mut h = start(SimConfig { auto_read: true, ..fast() }).await;
    h.sim.set_status_batching(StatusBatching::up_to(100, Duration::from_millis(50)));
    h.sim.set_limits(
        PHONE_NUMBER_ID,
        NumberLimits { messaging_limit: MessagingLimit::Unlimited, ..NumberLimits::default() },
    );
    let total = 20_000;
    let workers = 32;
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for w in 0..workers {
        let cloud = h.cloud.clone();
        tasks.spawn(async move {
            for i in (w..total).step_by(workers) {
                cloud.send(PHONE_NUMBER_ID, TOKEN, &order_update(&format!("1666{i:07}"))).await.expect("sent");
            }
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.expect("worker");
    }
    let elapsed = started.elapsed();
    let (_, hooks) = collect_statuses(&mut h, total * 3).await;
    println!(
        "{total} sends in {elapsed:?}: {:.0}/s; {} statuses in {hooks} webhooks after {:?}",
        total as f64 / elapsed.as_secs_f64(),
        total * 3,
        started.elapsed()
    );
    assert_eq!(h.sim.stats(PHONE_NUMBER_ID).accepted, total as u64);
}
