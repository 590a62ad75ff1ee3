//! The fake Graph API driven by the real `CloudClient`, with a stand-in for Parley receiving the webhooks:
//! answers, errors, statuses, media, templates and customer messages behave as on WhatsApp.

mod support;

use base64::Engine;
use parley_simulator::SimConfig;
use parley_whatsapp::cloud::{DeliveryStatus, Event, MediaType, MessageKind};
use parley_whatsapp::signature::verify_meta;
use parley_whatsapp::{ClientError, GraphErrorKind, ListRow, ListSection, MediaSource, OutboundMessage};
use serde_json::{Value, json};
use std::time::Duration;
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
    let msg = OutboundMessage::Template {
        to: "15550004444".into(),
        name: "hello_world".into(),
        language: "en_US".into(),
        components: json!([{ "type": "body", "parameters": [{ "type": "text", "text": "Ana" }] }]),
    };
    let sent = h.cloud.send(PHONE_NUMBER_ID, TOKEN, &msg).await.expect("sent");
    let s = status_of(&h.next_hook().await);
    assert_eq!((s.message_id, s.status), (sent.message_id, DeliveryStatus::Sent));
    assert_eq!(s.raw["pricing"]["category"], "utility");
    let chat = h.get(&format!("/api/customers/15550004444/messages?phoneNumberId={PHONE_NUMBER_ID}")).await;
    assert_eq!(chat[0]["text"], "Hello Ana, welcome!");

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
    assert_eq!(names, ["hello_world", "order_update"]);
    assert!(seeded.iter().all(|t| t.status == "APPROVED" && t.category.as_deref() == Some("UTILITY")));
    assert_eq!(seeded[0].language, "en_US");
    assert_eq!(seeded[0].components[0]["text"], "Hello {{1}}, welcome!");

    // The client asks for 100 a page: 101 more make a second page it must follow.
    for i in 0..101 {
        let t = json!({ "name": format!("bulk_{i:03}"), "language": "en", "category": "MARKETING",
                        "components": [{ "type": "BODY", "text": "Sale {{1}}" }] });
        h.cloud.create_template(WABA_ID, TOKEN, &t).await.expect("created");
    }
    let all = h.cloud.list_templates(WABA_ID, TOKEN).await.expect("list");
    assert_eq!(all.len(), 103);
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
