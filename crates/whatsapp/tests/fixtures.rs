//! Conformance: every third-party payload in ../shared/fixtures (real WhatsApp Cloud API and WasenderAPI
//! webhooks, signatures and errors, with their sources in SOURCES.md) is accepted. The folder sits
//! beside the clone; CI has it, and there a missing folder is a failure rather than a skip.

use parley_whatsapp::cloud::{self, DeliveryStatus, Event, MessageKind};
use parley_whatsapp::signature::{SignatureError, verify_meta};
use parley_whatsapp::wasender::{self, WasenderEvent, WasenderStatus};
use parley_whatsapp::{GraphError, GraphErrorKind};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixtures() -> Option<PathBuf> {
    let dir = std::env::var_os("PARLEY_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures"));
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(std::env::var_os("CI").is_none(), "CI must have the fixtures at {}", dir.display());
    eprintln!("fixtures not found at {}: conformance skipped (CI runs it)", dir.display());
    None
}

fn files(dir: &Path, sub: &str) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir.join(sub))
        .expect("fixture folder")
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .map(|e| {
            let name = e.path().file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_owned();
            (name, std::fs::read(e.path()).expect("read fixture"))
        })
        .collect();
    out.sort();
    out
}

fn describe(e: &Event) -> String {
    match e {
        Event::Message(m) => format!("message:{}", m.kind.type_name()),
        Event::Echo(m) => format!("echo:{}", m.kind.type_name()),
        Event::Status(s) => format!("status:{:?}", s.status),
        Event::TemplateStatus(t) => format!("template:{}", t.event),
        Event::Error { error, .. } => format!("error:{}", error.code),
        Event::UserPreference(p) => format!("preference:{}", p.value),
        Event::Unknown { field, .. } => format!("unknown:{field}"),
        Event::Invalid { reason, .. } => format!("INVALID:{reason}"),
    }
}

fn events(dir: &Path, sub: &str) -> Vec<(String, Vec<Event>)> {
    files(dir, sub)
        .into_iter()
        .map(|(name, body)| {
            let parsed = cloud::parse_webhook(&body).unwrap_or_else(|e| panic!("{sub}/{name}: {e}"));
            (name, parsed)
        })
        .collect()
}

#[test]
fn every_inbound_webhook_is_accepted_and_understood() {
    let Some(dir) = fixtures() else { return };
    let expected: &[(&str, &[&str])] = &[
        ("audio", &["message:audio"]),
        ("button_reply", &["message:button_reply"]),
        ("chosen_location", &["message:location"]),
        ("contacts", &["message:contacts"]),
        ("current_location", &["message:location"]),
        ("deleted_message_revoke", &["message:revoke"]),
        ("document", &["message:document"]),
        ("echo_message_text", &["echo:text"]),
        ("edited_message_image", &["message:edit"]),
        ("forwarded", &["message:text"]),
        ("image", &["message:image"]),
        ("interactive_message_with_err", &["message:interactive"]),
        ("list_reply", &["message:list_reply"]),
        ("media_with_url", &["message:image"]),
        ("metadocs_errors_webhook_130429", &["error:130429"]),
        ("order", &["message:order"]),
        ("reaction", &["message:reaction"]),
        ("referral", &["message:text"]),
        ("reply", &["message:text"]),
        ("sticker", &["message:sticker"]),
        ("system_identity_change", &["message:system"]),
        ("system_phone_number_change", &["message:system"]),
        ("template_quick_reply", &["message:button_reply"]),
        ("template_quick_reply_no_context", &["message:button_reply"]),
        ("template_status_update_approved", &["template:APPROVED"]),
        ("template_status_update_rejected", &["template:REJECTED"]),
        ("text", &["message:text"]),
        ("unreaction", &["message:reaction"]),
        ("unsupported", &["message:unsupported"]),
        ("unsupported_with_type", &["message:pool"]),
        ("v25_text_bsuid", &["message:text"]),
        ("v25_text_username_only_no_phone", &["message:text"]),
        ("video", &["message:video"]),
        ("voice", &["message:voice"]),
    ];
    let all = events(&dir, "wa_inbound");
    for (name, evs) in &all {
        let got: Vec<String> = evs.iter().map(describe).collect();
        let want = expected.iter().find(|(n, _)| n == name).map(|(_, w)| w.to_vec());
        assert!(want.is_some(), "new fixture wa_inbound/{name} ({got:?}): add its expectation here");
        assert_eq!(got, want.unwrap_or_default(), "wa_inbound/{name}");
        for e in evs {
            if let Event::Message(m) | Event::Echo(m) = e {
                assert!(!m.id.is_empty() && m.raw.is_object(), "{name}: id and raw JSON kept");
                assert!(m.timestamp.timestamp() > 1_400_000_000, "{name}: timestamp parsed");
            }
        }
    }
    assert_eq!(all.len(), expected.len());
}

#[test]
fn inbound_details_are_read_correctly() {
    let Some(dir) = fixtures() else { return };
    let all = events(&dir, "wa_inbound");
    let msg = |name: &str| match all.iter().find(|(n, _)| n == name).map(|(_, e)| &e[0]) {
        Some(Event::Message(m) | Event::Echo(m)) => m.clone(),
        other => panic!("{name}: {other:?}"),
    };
    let text = msg("text");
    assert_eq!(text.kind, MessageKind::Text { body: "Body Text".into() });
    assert_eq!(text.from.as_deref(), Some("972987654321"));
    assert_eq!(text.profile_name.as_deref(), Some("Test Name"));
    assert_eq!(text.channel.phone_number_id, "1122334455667");
    // A customer known only by business-scoped id still makes a message, with that id.
    let bsuid = msg("v25_text_username_only_no_phone");
    assert_eq!(bsuid.from, None);
    assert_eq!(bsuid.from_user_id.as_deref(), Some("US.13491208655302741918"));
    assert_eq!(bsuid.username.as_deref(), Some("@testusername"));
    assert!(msg("reply").context.and_then(|c| c.message_id).is_some(), "reply keeps what it answers");
    assert!(msg("forwarded").context.is_some_and(|c| c.forwarded || c.frequently_forwarded));
    let MessageKind::Media { media_id, voice, mime_type, .. } = msg("voice").kind else { panic!("voice is media") };
    assert!(voice && media_id.is_some() && mime_type.is_some_and(|m| m.starts_with("audio/")));
    assert!(matches!(msg("unreaction").kind, MessageKind::Reaction { emoji: None, .. }));
    assert!(matches!(msg("reaction").kind, MessageKind::Reaction { emoji: Some(_), .. }));
    let broken = msg("interactive_message_with_err");
    assert!(broken.problem.is_some(), "a malformed message says why");
    let unsupported = msg("unsupported_with_type");
    assert_eq!(unsupported.errors.first().map(|e| e.code), Some(131051), "errors are recorded");
    assert!(msg("echo_message_text").to.is_some(), "an echo names its recipient");
    assert!(msg("referral").referral.is_some(), "ad referrals are kept");
    let Some((_, evs)) = all.iter().find(|(n, _)| n == "template_status_update_rejected") else { panic!("fixture") };
    let Event::TemplateStatus(t) = &evs[0] else { panic!("template update") };
    assert_eq!((t.name.as_deref(), t.reason.as_deref()), (Some("abandoned_cart"), Some("INVALID_FORMAT")));
}

#[test]
fn every_status_webhook_is_read_with_its_state_and_errors() {
    let Some(dir) = fixtures() else { return };
    for (name, evs) in events(&dir, "wa_status") {
        assert!(!evs.is_empty(), "{name}");
        for e in evs {
            let Event::Status(s) = e else { panic!("wa_status/{name}: {}", describe(&e)) };
            assert!(!s.message_id.is_empty());
            let want = if name.contains("sent") {
                DeliveryStatus::Sent
            } else if name.contains("delivered") {
                DeliveryStatus::Delivered
            } else if name.contains("read") {
                DeliveryStatus::Read
            } else {
                DeliveryStatus::Failed
            };
            assert_eq!(s.status, want, "wa_status/{name}");
            if s.status == DeliveryStatus::Failed {
                assert!(!s.errors.is_empty() && s.errors[0].code > 0, "a failure keeps its error");
            }
        }
    }
}

#[test]
fn signatures_match_on_the_received_bytes_and_nothing_else() {
    let Some(dir) = fixtures() else { return };
    let read = |name: &str| -> Value {
        serde_json::from_slice(&std::fs::read(dir.join("wa_signature").join(name)).expect("fixture")).expect("json")
    };
    let pywa = read("pywa_triple.json");
    let secret = pywa["app_secret"].as_str().expect("secret").as_bytes().to_vec();
    let header = pywa["header_value"].as_str().or_else(|| pywa["signature"].as_str()).expect("header");
    let raw_body = std::fs::read(dir.join("wa_signature/pywa_raw_body.json")).expect("raw body");
    let body = pywa["raw_body"].as_str().map(|s| s.as_bytes().to_vec()).unwrap_or(raw_body);
    assert_eq!(verify_meta(&secret, &body, Some(header)), Ok(()));
    let mut tampered = body.clone();
    tampered[10] ^= 1;
    assert_eq!(verify_meta(&secret, &tampered, Some(header)), Err(SignatureError::Mismatch));

    let js = read("whatsapp_api_js_unicode_triple.json");
    let secret = js["app_secret"].as_str().expect("secret").as_bytes();
    let header = js["header_value"].as_str().expect("header");
    let escaped = js["signed_body_escaped"].as_str().expect("escaped");
    let decoded = js["raw_body_decoded"].as_str().expect("decoded");
    assert_eq!(verify_meta(secret, escaped.as_bytes(), Some(header)), Ok(()), "Meta signs the \\u-escaped bytes");
    assert_eq!(verify_meta(secret, decoded.as_bytes(), Some(header)), Err(SignatureError::Mismatch));
    assert_eq!(
        verify_meta(secret, escaped.as_bytes(), js["invalid_header_value_example"].as_str()),
        Err(SignatureError::Malformed)
    );
}

#[test]
fn every_wasender_event_is_read() {
    let Some(dir) = fixtures() else { return };
    let mut seen = 0;
    for (name, body) in files(&dir, "wasender").into_iter().filter(|(n, _)| n.starts_with("docs_")) {
        seen += 1;
        let event = wasender::parse_webhook(&body).unwrap_or_else(|e| panic!("wasender/{name}: {e}"));
        match name.as_str() {
            "docs_messages_received" | "docs_messages_upsert" => {
                let WasenderEvent::Messages { messages, .. } = event else { panic!("{name}: {event:?}") };
                assert_eq!(messages.len(), 1);
                assert_eq!(messages[0].phone.as_deref(), Some("5551234567"));
                assert!(messages[0].text.as_deref().is_some_and(|t| t.starts_with("Hello")));
            }
            "docs_messages_update" => {
                assert!(matches!(event, WasenderEvent::Status { status: WasenderStatus::Sent, .. }))
            }
            "docs_session_status" => assert_eq!(
                event,
                WasenderEvent::Session { session_id: Some("session-id-123".into()), status: "connected".into() }
            ),
            "docs_qrcode_updated" => assert!(matches!(event, WasenderEvent::Qr { ref qr, .. } if qr.starts_with("2@"))),
            other => panic!("new fixture wasender/{other}: add its expectation"),
        }
    }
    assert_eq!(seen, 5);
}

#[test]
fn graph_api_errors_are_classified() {
    let Some(dir) = fixtures() else { return };
    for (name, body) in files(&dir, "wa_outbound").into_iter().filter(|(n, _)| n.contains("_err_")) {
        let err = GraphError::from_body(&body).unwrap_or_else(|| panic!("wa_outbound/{name} is an error body"));
        let want = match err.code {
            190 => GraphErrorKind::TokenExpired,
            131047 => GraphErrorKind::WindowClosed,
            other => GraphErrorKind::Other(other),
        };
        assert_eq!(err.kind(), want, "wa_outbound/{name}");
        assert!(name.contains(&err.code.to_string()), "{name} carries code {}", err.code);
    }
}
