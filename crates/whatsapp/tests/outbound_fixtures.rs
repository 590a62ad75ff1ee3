//! Conformance of the Graph API client with real payloads in ../shared/fixtures/wa_outbound: the request
//! bodies we build equal Meta's examples, and Meta's answers and errors read into our types. The folder
//! sits beside the clone; CI has it, and there a missing folder is a failure rather than a skip.

use parley_whatsapp::cloud::MediaType;
use parley_whatsapp::{
    GraphError, GraphErrorKind, MediaInfo, MediaSource, OutboundMessage, SentMessage, TemplateInfo, UploadedMedia,
};
use serde_json::Value;
use std::path::PathBuf;

fn outbound() -> Option<PathBuf> {
    let root = std::env::var_os("PARLEY_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures"));
    let dir = root.join("wa_outbound");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(std::env::var("CI").as_deref() != Ok("true"), "CI must have the fixtures at {}", dir.display());
    eprintln!("fixtures not found at {}: outbound conformance skipped (CI runs it)", dir.display());
    None
}

fn read(name: &str) -> Option<Value> {
    let dir = outbound()?;
    let bytes = std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("wa_outbound/{name}: {e}"));
    Some(serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("wa_outbound/{name}: {e}")))
}

/// Drops the keys we added to fixtures (`_note` ...), at every depth.
fn without_notes(v: Value) -> Value {
    match v {
        Value::Object(map) => Value::Object(
            map.into_iter().filter(|(k, _)| !k.starts_with('_')).map(|(k, v)| (k, without_notes(v))).collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(without_notes).collect()),
        other => other,
    }
}

fn image(to: &str, source: MediaSource, caption: &str) -> OutboundMessage {
    OutboundMessage::Media {
        to: to.to_owned(),
        kind: MediaType::Image,
        source,
        caption: Some(caption.to_owned()),
        filename: None,
        reply_to: None,
    }
}

#[test]
fn image_requests_equal_metas_examples() {
    let Some(by_id) = read("metadocs_send_image_by_id_request.json").map(without_notes) else { return };
    let id = by_id["image"]["id"].as_str().expect("media id").to_owned();
    let msg = image(
        by_id["to"].as_str().expect("to"),
        MediaSource::Id(id),
        by_id["image"]["caption"].as_str().expect("caption"),
    );
    assert_eq!(msg.to_json(), by_id);

    let Some(by_link) = read("metadocs_send_image_by_link_request.json").map(without_notes) else { return };
    let link = by_link["image"]["link"].as_str().expect("link").to_owned();
    let msg = image(
        by_link["to"].as_str().expect("to"),
        MediaSource::Link(link),
        by_link["image"]["caption"].as_str().expect("caption"),
    );
    assert_eq!(msg.to_json(), by_link);
}

#[test]
fn send_and_upload_answers_read_into_our_types() {
    let Some(sent) = read("netflie_send_message_response.json") else { return };
    let sent: SentMessage = serde_json::from_value(sent).expect("send answer");
    assert_eq!(
        sent,
        SentMessage { message_id: "wamid.ID".into(), wa_id: Some("WHATSAPP_ID".into()), message_status: None }
    );
    let Some(upload) = read("netflie_media_upload_response.json") else { return };
    let upload: UploadedMedia = serde_json::from_value(upload).expect("upload answer");
    assert_eq!(upload.id, "<MEDIA_ID>");
}

#[test]
fn media_retrieve_answers_read_with_string_sizes() {
    let Some(meta) = read("metadocs_media_retrieve_response.json") else { return };
    let info: MediaInfo = serde_json::from_value(meta).expect("Meta's media answer");
    assert_eq!(info.file_size, Some(303_833), "a numeric string is a size");
    assert_eq!((info.id.as_str(), info.mime_type.as_str()), ("2621233374848975", "image/jpeg"));
    let Some(wajs) = read("wajs_media_retrieve_response.json") else { return };
    let info: MediaInfo = serde_json::from_value(wajs).expect("whatsapp-api-js's media answer");
    assert_eq!((info.id.as_str(), info.file_size), ("2", None), "a placeholder size is unknown, not an error");
}

#[test]
fn template_answers_read_into_template_info() {
    #[derive(serde::Deserialize)]
    struct Page {
        data: Vec<TemplateInfo>,
    }
    let Some(list) = read("metadocs_template_list_response.json") else { return };
    let page: Page = serde_json::from_value(list).expect("template list");
    assert_eq!(page.data.len(), 1);
    let t = &page.data[0];
    assert_eq!(
        (t.name.as_str(), t.language.as_str(), t.status.as_str()),
        ("order_delivery_update", "en_US", "APPROVED")
    );
    assert_eq!(t.category.as_deref(), Some("UTILITY"));
    assert_eq!(t.components.as_array().map(Vec::len), Some(4));
    let Some(single) = read("metadocs_template_get_single_response.json") else { return };
    let t: TemplateInfo = serde_json::from_value(single).expect("single template");
    assert_eq!((t.id.as_str(), t.status.as_str()), ("WHATS-APP-MESSAGE-TEMPLATE-ID", "REJECTED"));
}

#[test]
fn error_fixtures_are_classified() {
    for (file, want) in [
        ("netflie_err_190_invalid_token.json", GraphErrorKind::TokenExpired),
        ("pywa_err_190_expired_token.json", GraphErrorKind::TokenExpired),
        ("wajs_err_190_invalid_token.json", GraphErrorKind::TokenExpired),
        ("pywa_err_131047_reengagement.json", GraphErrorKind::WindowClosed),
        ("pywa_err_131053_media_upload.json", GraphErrorKind::Other(131053)),
    ] {
        let Some(body) = read(file) else { return };
        let err =
            GraphError::from_body(body.to_string().as_bytes()).unwrap_or_else(|| panic!("{file} is an error body"));
        assert_eq!(err.kind(), want, "{file}");
        assert!(!err.message.is_empty(), "{file} keeps its message");
    }
}
