//! The fake Graph API: send and mark-read, media upload and download, templates, phone numbers. It answers
//! and fails the way Meta does (status codes, error bodies, the 24-hour window, throughput and messaging
//! limits, template parameters), then reports delivery through status webhooks in the background.

use crate::limits::FailWith;
use crate::state::{Channel, ChatMessage, Media, MsgStatus, OutboxEntry, State, Template};
use crate::webhook;
use crate::{BusinessNumber, Simulator, digits, ids, statuses};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Multipart, Path, Query, State as AxState};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Utc;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// `to` numbers starting with this are throttled (130429) twice per message body, then accepted.
pub const THROTTLED_PREFIX: &str = "1555000429";
/// `to` numbers starting with this get an HTML 503, as when Meta's edge is down.
pub const UNAVAILABLE_PREFIX: &str = "1555000500";
// The marketing prefixes are UK numbers (Ofcom's drama range, 07700 900xxx): Meta does not deliver marketing
// templates to +1 numbers at all, so a sender that honours that never reaches a +1555 test number with one.
/// `to` numbers starting with this have had their share of marketing: a MARKETING template to them is
/// accepted, then fails in its status webhook with 131049 (Meta's per-user marketing cap; retry no sooner
/// than 24 h). Other messages reach them.
pub const MARKETING_CAPPED_PREFIX: &str = "447700900149";
/// `to` numbers starting with this pressed "Stop promotions": a MARKETING template to them is accepted, then
/// fails with 131050. Other messages reach them.
pub const MARKETING_STOPPED_PREFIX: &str = "447700900150";
/// `to` numbers starting with this cannot receive anything: every message is accepted, then fails with
/// 131026 (not on WhatsApp, an old app, terms not accepted ...).
pub const UNDELIVERABLE_PREFIX: &str = "447700900126";
/// `to` numbers starting with this are in Meta's marketing experiment group: a MARKETING template to them is
/// accepted, then fails with 130472. Other messages reach them.
pub const EXPERIMENT_PREFIX: &str = "447700900472";
const THROTTLED_TIMES: u32 = 2;
/// Meta refuses longer `biz_opaque_callback_data`.
const CALLBACK_DATA_MAX: usize = 512;
const MESSAGE_TYPES: [&str; 11] = [
    "text",
    "image",
    "audio",
    "video",
    "document",
    "sticker",
    "template",
    "interactive",
    "reaction",
    "location",
    "contacts",
];
const TEMPLATE_PAGE: usize = 25;
const ERROR_HREF: &str = "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/";

pub(crate) fn routes() -> Router<Simulator> {
    Router::new()
        .route("/graph/media-download/{media_id}", get(download))
        .route("/graph/{version}/{id}", get(node))
        .route("/graph/{version}/{id}/messages", post(messages))
        .route("/graph/{version}/{id}/media", post(upload))
        .route("/graph/{version}/{id}/message_templates", get(list_templates).post(create_template))
}

/// A Graph API error answer.
#[derive(Debug)]
pub(crate) struct GraphFail {
    status: StatusCode,
    code: i64,
    subcode: Option<i64>,
    kind: &'static str,
    message: String,
    details: Option<String>,
}

impl GraphFail {
    /// A 400 with code 100, how Meta answers a missing or invalid parameter.
    fn param(message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            code: 100,
            subcode: None,
            kind: "OAuthException",
            message: format!("(#100) {}", message.into()),
            details: None,
        }
    }

    fn token() -> Self {
        Self {
            status: StatusCode::UNAUTHORIZED,
            code: 190,
            subcode: Some(463),
            kind: "OAuthException",
            message: "Error validating access token: the token has expired or is not valid for this object.".into(),
            details: None,
        }
    }

    fn unknown_object(method: &str, id: &str) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            code: 100,
            subcode: Some(33),
            kind: "GraphMethodException",
            message: format!(
                "Unsupported {method} request. Object with ID '{id}' does not exist, cannot be loaded due to missing \
                 permissions, or does not support this operation. Please read the Graph API documentation at \
                 https://developers.facebook.com/docs/graph-api"
            ),
            details: None,
        }
    }

    fn code(status: StatusCode, code: i64, message: &str, details: String) -> Self {
        Self {
            status,
            code,
            subcode: None,
            kind: "OAuthException",
            message: format!("(#{code}) {message}"),
            details: Some(details),
        }
    }
}

impl IntoResponse for GraphFail {
    fn into_response(self) -> Response {
        let mut error = json!({
            "message": self.message,
            "type": self.kind,
            "code": self.code,
            "fbtrace_id": ids::alnum(23),
        });
        if let Some(sub) = self.subcode {
            error["error_subcode"] = json!(sub);
        }
        if let Some(details) = self.details {
            error["error_data"] = json!({ "messaging_product": "whatsapp", "details": details });
        }
        (self.status, axum::Json(json!({ "error": error }))).into_response()
    }
}

/// The bearer token, from the header or the `access_token` query parameter (both work on Meta).
fn token(headers: &HeaderMap, query: &HashMap<String, String>) -> Option<String> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(|t| t.trim().to_owned())
        .or_else(|| query.get("access_token").cloned())
}

/// The number `id`, if the token may act for it (any token of its WABA may).
fn number_for(state: &State, id: &str, token: Option<&str>, method: &str) -> Result<BusinessNumber, GraphFail> {
    match state.numbers.get(id) {
        Some(n) if state.token_for_waba(token, &n.waba_id) => Ok(n.clone()),
        Some(_) => Err(GraphFail::token()),
        None if !state.token_known(token) => Err(GraphFail::token()),
        None => Err(GraphFail::unknown_object(method, id)),
    }
}

fn waba_for(state: &State, id: &str, token: Option<&str>, method: &str) -> Result<(), GraphFail> {
    if state.is_waba(id) {
        if state.token_for_waba(token, id) { Ok(()) } else { Err(GraphFail::token()) }
    } else if !state.token_known(token) {
        Err(GraphFail::token())
    } else {
        Err(GraphFail::unknown_object(method, id))
    }
}

/// A `messages` webhook carrying customer messages.
pub(crate) fn messages_webhook(n: &BusinessNumber, name: &str, customer: &str, messages: Vec<Value>) -> Value {
    messages_field(n, json!({ "contacts": [{ "profile": { "name": name }, "wa_id": customer }], "messages": messages }))
}

/// The envelope of a `messages` field webhook for a number, around `value`'s own keys.
pub(crate) fn messages_field(n: &BusinessNumber, mut value: Value) -> Value {
    if let Some(v) = value.as_object_mut() {
        v.insert("messaging_product".into(), json!("whatsapp"));
        v.insert(
            "metadata".into(),
            json!({ "display_phone_number": n.display_phone_number, "phone_number_id": n.phone_number_id }),
        );
    }
    json!({
        "object": "whatsapp_business_account",
        "entry": [{ "id": n.waba_id, "changes": [{ "value": value, "field": "messages" }] }]
    })
}

fn delivery_error(code: i64, title: &str, details: &str) -> Value {
    json!({ "code": code, "title": title, "message": title, "error_data": { "details": details }, "href": ERROR_HREF })
}

/// The asynchronous failure a chosen customer (by prefix) meets, as Meta reports it in the status webhook.
fn chosen_failure(customer: &str, marketing: bool) -> Option<Value> {
    if customer.starts_with(UNDELIVERABLE_PREFIX) {
        return Some(delivery_error(131026, "Message undeliverable", "Message Undeliverable."));
    }
    if !marketing {
        return None;
    }
    if customer.starts_with(MARKETING_CAPPED_PREFIX) {
        let title = "This message was not delivered to maintain healthy ecosystem engagement.";
        return Some(delivery_error(
            131049,
            title,
            "In order to maintain a healthy ecosystem engagement, the message failed to be delivered.",
        ));
    }
    if customer.starts_with(MARKETING_STOPPED_PREFIX) {
        let title = "Unable to deliver the message. This recipient has chosen to stop receiving marketing \
                     messages on WhatsApp from your business.";
        return Some(delivery_error(131050, title, title));
    }
    if customer.starts_with(EXPERIMENT_PREFIX) {
        return Some(delivery_error(
            130472,
            "User's number is part of an experiment",
            "Message was not sent as part of an experiment.",
        ));
    }
    None
}

/// What happens to an accepted message after the answer: sent, delivered, read; or failed.
struct Lifecycle {
    number: BusinessNumber,
    customer: String,
    wamid: String,
    failure: Option<Value>,
    /// Pricing, conversation and callback data: on every status of a message that is not failing.
    extras: Map<String, Value>,
    callback_data: Option<String>,
    delivered_after: Duration,
    read_after: Duration,
    auto_read: bool,
}

impl Lifecycle {
    async fn run(self, sim: Simulator) {
        let channel = Channel::Cloud(self.number.phone_number_id.clone());
        let (n, customer, wamid) = (&self.number, self.customer.as_str(), self.wamid.as_str());
        if let Some(error) = self.failure {
            let mut extras = Map::from_iter([("errors".to_owned(), json!([error]))]);
            if let Some(data) = &self.callback_data {
                extras.insert("biz_opaque_callback_data".into(), json!(data));
            }
            statuses::emit(&sim, n, customer, wamid, "failed", &extras).await;
            return;
        }
        statuses::emit(&sim, n, customer, wamid, "sent", &self.extras).await;
        tokio::time::sleep(self.delivered_after).await;
        if sim.lock().advance(&channel, wamid, MsgStatus::Delivered) {
            statuses::emit(&sim, n, customer, wamid, "delivered", &self.extras).await;
        }
        if self.auto_read {
            tokio::time::sleep(self.read_after).await;
            if sim.lock().advance(&channel, wamid, MsgStatus::Read) {
                statuses::emit(&sim, n, customer, wamid, "read", &self.extras).await;
            }
        }
    }
}

fn str_at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    path.iter().try_fold(v, |v, k| v.get(k)).and_then(Value::as_str)
}

/// The checks Meta makes before accepting a message: product, recipient, type and its content.
fn validate(body: &Value) -> Result<(String, String), GraphFail> {
    if !body.is_object() {
        return Err(GraphFail::param("The request body must be a JSON object."));
    }
    match body.get("messaging_product").and_then(Value::as_str) {
        None => return Err(GraphFail::param("The parameter messaging_product is required.")),
        Some("whatsapp") => {}
        Some(other) => {
            return Err(GraphFail::param(format!(
                "Param messaging_product must be one of {{WHATSAPP}} - got \"{other}\"."
            )));
        }
    }
    let to = body.get("to").and_then(Value::as_str).unwrap_or_default();
    if to.is_empty() {
        return Err(GraphFail::param("The parameter to is required."));
    }
    if digits(to).is_empty() {
        return Err(GraphFail::param(format!("Param to must be a phone number - got \"{to}\".")));
    }
    // Meta treats a missing type as text.
    let kind = body.get("type").and_then(Value::as_str).unwrap_or("text");
    if !MESSAGE_TYPES.contains(&kind) {
        return Err(GraphFail::param(format!(
            "Param type must be one of {{{}}} - got \"{kind}\".",
            MESSAGE_TYPES.join(", ").to_uppercase()
        )));
    }
    let Some(content) = body.get(kind).filter(|c| c.is_object() || c.is_array()) else {
        return Err(GraphFail::param(format!("The parameter {kind} is required.")));
    };
    let need = |path: &[&str]| -> Result<(), GraphFail> {
        match str_at(content, path) {
            Some(s) if !s.is_empty() => Ok(()),
            _ => Err(GraphFail::param(format!("The parameter {kind}['{}'] is required.", path.join("']['")))),
        }
    };
    match kind {
        "text" => need(&["body"])?,
        "image" | "audio" | "video" | "document" | "sticker"
            if content.get("id").is_none() && content.get("link").is_none() =>
        {
            return Err(GraphFail::param(format!("Param {kind} must contain either 'id' or 'link'.")));
        }
        "template" => {
            need(&["name"])?;
            need(&["language", "code"])?;
        }
        "interactive" => validate_interactive(content)?,
        "reaction" => need(&["message_id"])?,
        "location" => {
            for k in ["latitude", "longitude"] {
                if content.get(k).and_then(Value::as_f64).is_none() {
                    return Err(GraphFail::param(format!("The parameter location['{k}'] is required.")));
                }
            }
        }
        "contacts" if content.as_array().is_none_or(Vec::is_empty) => {
            return Err(GraphFail::param("Param contacts must be a non-empty array."));
        }
        _ => {}
    }
    Ok((to.to_owned(), kind.to_owned()))
}

fn invalid_value(details: String) -> GraphFail {
    GraphFail::code(StatusCode::BAD_REQUEST, 131009, "Parameter value is not valid", details)
}

fn validate_interactive(i: &Value) -> Result<(), GraphFail> {
    let kind =
        str_at(i, &["type"]).ok_or_else(|| GraphFail::param("The parameter interactive['type'] is required."))?;
    if matches!(kind, "button" | "list") && str_at(i, &["body", "text"]).is_none_or(str::is_empty) {
        return Err(GraphFail::param("The parameter interactive['body']['text'] is required."));
    }
    let action = i.get("action").ok_or_else(|| GraphFail::param("The parameter interactive['action'] is required."))?;
    match kind {
        "button" => {
            let buttons = action.get("buttons").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
            if buttons.is_empty() || buttons.len() > 3 {
                return Err(invalid_value(format!("a button message needs 1 to 3 buttons, got {}", buttons.len())));
            }
            for b in buttons {
                let title = str_at(b, &["reply", "title"]).unwrap_or_default();
                if str_at(b, &["reply", "id"]).is_none_or(str::is_empty) || title.is_empty() {
                    return Err(GraphFail::param("Each button needs reply['id'] and reply['title']."));
                }
                if title.chars().count() > 20 {
                    return Err(invalid_value(format!("button title {title:?} is longer than 20 characters")));
                }
            }
        }
        "list" => {
            if str_at(action, &["button"]).is_none_or(str::is_empty) {
                return Err(GraphFail::param("The parameter interactive['action']['button'] is required."));
            }
            let sections = action.get("sections").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
            let rows: usize =
                sections.iter().map(|s| s.get("rows").and_then(Value::as_array).map_or(0, Vec::len)).sum();
            if sections.is_empty() || rows == 0 || rows > 10 {
                return Err(invalid_value(format!("a list needs 1 to 10 rows in its sections, got {rows}")));
            }
        }
        "cta_url" | "flow" | "product" | "product_list" | "location_request_message" | "address_message" => {}
        other => {
            return Err(GraphFail::param(format!("Param interactive['type'] is not supported - got \"{other}\".")));
        }
    }
    Ok(())
}

fn template_of<'a>(templates: &'a [Template], name: &str, language: &str) -> Option<&'a Template> {
    templates.iter().find(|t| t.name == name && t.language == language)
}

/// The variables of a template text (`{{1}}`, `{{2}}` or `{{first_name}}`), each counted once.
fn placeholders(text: &str) -> usize {
    let mut seen: Vec<&str> = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        let name = after[..end].trim();
        if !name.is_empty() && !seen.contains(&name) {
            seen.push(name);
        }
        rest = &after[end + 2..];
    }
    seen.len()
}

fn kind_is(v: &Value, key: &str, want: &str) -> bool {
    v.get(key).and_then(Value::as_str).is_some_and(|k| k.eq_ignore_ascii_case(want))
}

fn params_mismatch(component: &str, sent: usize, expected: usize) -> GraphFail {
    GraphFail::code(
        StatusCode::BAD_REQUEST,
        132000,
        "Number of parameters does not match the expected number of params",
        format!(
            "{component}: number of localizable_params ({sent}) does not match the expected number of params ({expected})"
        ),
    )
}

/// Meta's checks of a template send against the approved template: the body's variables, the header's
/// variable or media, and the variable of each URL button.
fn check_template_params(t: &Template, sent: &Value) -> Result<(), GraphFail> {
    let ours = t.components.as_array().map(Vec::as_slice).unwrap_or_default();
    let given = sent.get("components").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    let params = |c: &Value| c.get("parameters").and_then(Value::as_array).map_or(0, Vec::len);
    let sent_for = |kind: &str| given.iter().filter(|c| kind_is(c, "type", kind)).map(params).sum::<usize>();
    let ours_of = |kind: &str| ours.iter().find(|c| kind_is(c, "type", kind));

    let body_expected = ours_of("BODY").and_then(|c| str_at(c, &["text"])).map_or(0, placeholders);
    let body_sent = sent_for("body");
    if body_sent != body_expected {
        return Err(params_mismatch("body", body_sent, body_expected));
    }

    let header = ours_of("HEADER");
    let header_sent = sent_for("header");
    let format = header.and_then(|h| str_at(h, &["format"])).unwrap_or("TEXT").to_ascii_uppercase();
    match (header, format.as_str()) {
        (Some(_), "IMAGE" | "VIDEO" | "DOCUMENT") => {
            if header_sent != 1 {
                return Err(params_mismatch("header", header_sent, 1));
            }
            let p = given
                .iter()
                .filter(|c| kind_is(c, "type", "header"))
                .find_map(|c| c.get("parameters").and_then(Value::as_array).and_then(|a| a.first()));
            let kind = p.and_then(|p| str_at(p, &["type"])).unwrap_or("unknown").to_ascii_lowercase();
            let media = p.and_then(|p| p.get(&kind));
            if kind.to_ascii_uppercase() != format
                || media.is_none_or(|m| m.get("id").is_none() && m.get("link").is_none())
            {
                return Err(GraphFail::code(
                    StatusCode::BAD_REQUEST,
                    132012,
                    "Parameter format does not match format in the created template",
                    format!("header: Format mismatch, expected {format}, received {}", kind.to_ascii_uppercase()),
                ));
            }
        }
        (Some(h), "TEXT") => {
            let expected = str_at(h, &["text"]).map_or(0, placeholders);
            if header_sent != expected {
                return Err(params_mismatch("header", header_sent, expected));
            }
        }
        (None, _) if header_sent > 0 => return Err(params_mismatch("header", header_sent, 0)),
        _ => {}
    }

    let buttons = ours_of("BUTTONS").and_then(|c| c.get("buttons")).and_then(Value::as_array);
    for (index, b) in buttons.into_iter().flatten().enumerate() {
        if !kind_is(b, "type", "URL") || str_at(b, &["url"]).is_none_or(|u| placeholders(u) == 0) {
            continue;
        }
        let at_index = |c: &&Value| match c.get("index") {
            Some(Value::String(i)) => i.trim().parse::<usize>().ok() == Some(index),
            Some(Value::Number(i)) => i.as_u64() == Some(index as u64),
            _ => false,
        };
        let sent: usize = given
            .iter()
            .filter(|c| kind_is(c, "type", "button") && kind_is(c, "sub_type", "url"))
            .filter(at_index)
            .map(params)
            .sum();
        if sent != 1 {
            return Err(params_mismatch("buttons", sent, 1));
        }
    }
    Ok(())
}

/// The template's body with its parameters filled in (positional `{{1}}` or named `{{name}}`).
fn render_template(t: &Template, sent: &Value) -> String {
    let text = t
        .components
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c.get("type").and_then(Value::as_str).is_some_and(|k| k.eq_ignore_ascii_case("body")))
        .and_then(|c| c.get("text").and_then(Value::as_str))
        .unwrap_or(&t.name)
        .to_owned();
    let params: Vec<&Value> = sent
        .get("components")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|c| c.get("type").and_then(Value::as_str).is_some_and(|k| k.eq_ignore_ascii_case("body")))
        .flat_map(|c| c.get("parameters").and_then(Value::as_array).into_iter().flatten())
        .collect();
    params.iter().enumerate().fold(text, |text, (i, p)| {
        let value = str_at(p, &["text"])
            .or_else(|| str_at(p, &["currency", "fallback_value"]))
            .or_else(|| str_at(p, &["date_time", "fallback_value"]))
            .unwrap_or_default();
        let named = str_at(p, &["parameter_name"]).map(|n| format!("{{{{{n}}}}}"));
        let text = text.replace(&format!("{{{{{}}}}}", i + 1), value);
        match named {
            Some(n) => text.replace(&n, value),
            None => text,
        }
    })
}

/// The words a person would see for an outbound message, best effort.
fn render(kind: &str, body: &Value, templates: &[Template]) -> Option<String> {
    let c = body.get(kind)?;
    match kind {
        "text" => str_at(c, &["body"]).map(str::to_owned),
        "template" => {
            let name = str_at(c, &["name"])?;
            let lang = str_at(c, &["language", "code"]).unwrap_or_default();
            Some(template_of(templates, name, lang).map_or_else(|| name.to_owned(), |t| render_template(t, c)))
        }
        "interactive" => str_at(c, &["body", "text"]).map(str::to_owned),
        "reaction" => str_at(c, &["emoji"]).map(str::to_owned),
        "location" => str_at(c, &["name"])
            .map(str::to_owned)
            .or_else(|| Some(format!("{}, {}", c.get("latitude")?.as_f64()?, c.get("longitude")?.as_f64()?))),
        "contacts" => Some(
            c.as_array()?.iter().filter_map(|k| str_at(k, &["name", "formatted_name"])).collect::<Vec<_>>().join(", "),
        ),
        _ => str_at(c, &["caption"]).map(str::to_owned).or_else(|| str_at(c, &["filename"]).map(str::to_owned)),
    }
}

enum Reply {
    Json(StatusCode, Value),
    Fail(GraphFail),
    Unavailable,
}

impl Reply {
    fn status(&self) -> u16 {
        match self {
            Self::Json(s, _) => s.as_u16(),
            Self::Fail(f) => f.status.as_u16(),
            Self::Unavailable => 503,
        }
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        match self {
            Self::Json(status, v) => (status, axum::Json(v)).into_response(),
            Self::Fail(f) => f.into_response(),
            Self::Unavailable => (
                StatusCode::SERVICE_UNAVAILABLE,
                Html("<html><head><title>503 Service Unavailable</title></head><body><h1>Service Unavailable</h1></body></html>"),
            )
                .into_response(),
        }
    }
}

async fn messages(
    AxState(sim): AxState<Simulator>,
    Path((_version, id)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let parsed = serde_json::from_slice::<Value>(&body);
    let token = token(&headers, &query);
    // One lock for the whole decision: the throughput window and the tier count must see every send in turn.
    let (reply, job) = {
        let mut state = sim.lock();
        let number = match number_for(&state, &id, token.as_deref(), "post") {
            Ok(n) => n,
            Err(e) => return e.into_response(),
        };
        let (reply, job) = match &parsed {
            Ok(v) => accept(&mut state, &number, v),
            Err(e) => (Reply::Fail(GraphFail::param(format!("The request body is not valid JSON: {e}"))), None),
        };
        let callback_data = parsed
            .as_ref()
            .ok()
            .and_then(|v| v.get("biz_opaque_callback_data"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        let recorded = parsed.unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&body).into_owned()));
        state.log_request(OutboxEntry {
            seq: 0,
            phone_number_id: id,
            received_at: Utc::now(),
            body: recorded,
            response_status: reply.status(),
            biz_opaque_callback_data: callback_data,
        });
        (reply, job)
    };
    if let Some(job) = job {
        tokio::spawn(job.run(sim.clone()));
    }
    reply.into_response()
}

/// Decides the answer to a send request, counts it against the number's limits and records what it changes;
/// the lifecycle runs after.
fn accept(state: &mut State, number: &BusinessNumber, body: &Value) -> (Reply, Option<Lifecycle>) {
    if body.get("status").and_then(Value::as_str) == Some("read") {
        return (mark_read(state, number, body), None);
    }
    let now = Instant::now();
    let outcome = admit(state, number, body, now);
    let load = state.load_mut(&number.phone_number_id);
    match outcome {
        Ok((answer, job)) => {
            load.record_accepted(now);
            (Reply::Json(StatusCode::OK, answer), Some(job))
        }
        Err(reply) => {
            match &reply {
                Reply::Fail(f) if f.code == RATE_LIMIT_HIT => load.record_throttled(),
                _ => load.record_refused(),
            }
            (reply, None)
        }
    }
}

const RATE_LIMIT_HIT: i64 = 130_429;

fn rate_limit_hit() -> GraphFail {
    GraphFail::code(
        StatusCode::BAD_REQUEST,
        RATE_LIMIT_HIT,
        "Rate limit hit",
        "Cloud API message throughput has been reached.".into(),
    )
}

fn forced(f: FailWith) -> GraphFail {
    let (title, details) = f.text();
    GraphFail::code(StatusCode::BAD_REQUEST, f.code(), title, details.into())
}

fn callback_data(body: &Value) -> Result<Option<String>, GraphFail> {
    match body.get("biz_opaque_callback_data") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.chars().count() <= CALLBACK_DATA_MAX => Ok(Some(s.clone())),
        Some(Value::String(_)) => Err(GraphFail::param(format!(
            "Param biz_opaque_callback_data must be at most {CALLBACK_DATA_MAX} characters long."
        ))),
        Some(_) => Err(GraphFail::param("Param biz_opaque_callback_data must be a string.")),
    }
}

/// The checks and effects of an accepted send, in the order Meta applies them; `Err` is the refusal.
fn admit(state: &mut State, number: &BusinessNumber, body: &Value, now: Instant) -> Result<(Value, Lifecycle), Reply> {
    let (to, kind) = validate(body).map_err(Reply::Fail)?;
    let callback_data = callback_data(body).map_err(Reply::Fail)?;
    let customer = digits(&to);
    if customer.starts_with(UNAVAILABLE_PREFIX) {
        return Err(Reply::Unavailable);
    }
    let load = state.load_mut(&number.phone_number_id);
    if let Some(f) = load.limits.fail_with {
        return Err(Reply::Fail(forced(f)));
    }
    if !load.has_capacity(now) {
        return Err(Reply::Fail(rate_limit_hit()));
    }
    let content = &body[kind.as_str()];
    let is_media = matches!(kind.as_str(), "image" | "audio" | "video" | "document" | "sticker");
    let media_id = content.get("id").and_then(Value::as_str).filter(|_| is_media && content.get("link").is_none());
    if let Some(media_id) = media_id.filter(|id| !state.media.contains_key(*id)) {
        let fail = GraphFail::param(format!("Param {kind}['id'] is not a valid media id - got \"{media_id}\"."));
        return Err(Reply::Fail(fail));
    }
    let templates = state.templates.get(&number.waba_id).map(Vec::as_slice).unwrap_or_default();
    let mut template_category = None;
    if kind == "template" {
        let name = str_at(content, &["name"]).unwrap_or_default();
        let lang = str_at(content, &["language", "code"]).unwrap_or_default();
        match template_of(templates, name, lang) {
            Some(t) if t.status == "APPROVED" => {
                check_template_params(t, content).map_err(Reply::Fail)?;
                template_category = Some(t.category.to_lowercase());
            }
            _ => {
                let fail = GraphFail::code(
                    StatusCode::NOT_FOUND,
                    132001,
                    "Template name does not exist in the translation",
                    format!("template name ({name}) does not exist in {lang}"),
                );
                return Err(Reply::Fail(fail));
            }
        }
    }
    let text = render(&kind, body, templates);
    if customer.starts_with(THROTTLED_PREFIX) {
        let hits = state.throttled.entry(format!("{}|{body}", number.phone_number_id)).or_insert(0);
        *hits += 1;
        if *hits <= THROTTLED_TIMES {
            return Err(Reply::Fail(rate_limit_hit()));
        }
    }
    let utc = Utc::now();
    let channel = Channel::Cloud(number.phone_number_id.clone());
    let window_open = state.window_open(&channel, &customer, utc);
    let marketing = template_category.as_deref() == Some("marketing");
    let failure = if template_category.is_none() && !window_open {
        Some(delivery_error(
            131047,
            "Re-engagement message",
            "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
        ))
    } else if let Some(error) = chosen_failure(&customer, marketing) {
        Some(error)
    } else if template_category.is_some()
        && !window_open
        && !state.load_mut(&number.phone_number_id).admit_business_initiated(&customer, utc)
    {
        // Meta has no error for the messaging limit: the message is taken, then never delivered.
        Some(delivery_error(131026, "Message undeliverable", "Message Undeliverable."))
    } else if rand::random::<f64>() < state.cfg.failure_rate {
        Some(delivery_error(131026, "Message undeliverable", "Message Undeliverable."))
    } else {
        None
    };
    let wamid = ids::wamid();
    let mut extras = Map::new();
    if failure.is_none() {
        // Free-form replies and utility templates inside the customer's window are free; the rest is billed
        // by the template's category.
        let (category, billable) = match template_category {
            Some(c) => {
                let free = window_open && c == "utility";
                (c, !free)
            }
            None => ("service".to_owned(), false),
        };
        let conv = state.conversation(&number.phone_number_id, &customer, utc);
        extras.insert(
            "conversation".into(),
            json!({ "id": conv.id, "expiration_timestamp": conv.expires.timestamp().to_string(),
                    "origin": { "type": category } }),
        );
        let kind = if billable { "regular" } else { "free_customer_service" };
        extras.insert(
            "pricing".into(),
            json!({ "billable": billable, "pricing_model": "PMP", "type": kind, "category": category }),
        );
    }
    if let Some(data) = &callback_data {
        extras.insert("biz_opaque_callback_data".into(), json!(data));
    }
    let mut message = ChatMessage::outbound(wamid.clone(), kind.clone(), text, body.clone(), failure.clone(), utc);
    message.callback_data = callback_data.clone();
    message.status_extras = extras.clone();
    state.push_message(&channel, &customer, message);
    let mut sent = json!({ "id": wamid });
    if kind == "template" {
        sent["message_status"] = json!("accepted");
    }
    let answer = json!({
        "messaging_product": "whatsapp",
        "contacts": [{ "input": to, "wa_id": customer }],
        "messages": [sent],
    });
    let job = Lifecycle {
        number: number.clone(),
        customer,
        wamid,
        failure,
        extras,
        callback_data,
        delivered_after: state.cfg.delivered_after,
        read_after: state.cfg.read_after,
        auto_read: state.cfg.auto_read,
    };
    Ok((answer, job))
}

fn mark_read(state: &mut State, number: &BusinessNumber, body: &Value) -> Reply {
    if body.get("messaging_product").and_then(Value::as_str) != Some("whatsapp") {
        return Reply::Fail(GraphFail::param("The parameter messaging_product is required."));
    }
    let Some(message_id) = body.get("message_id").and_then(Value::as_str).filter(|s| !s.is_empty()) else {
        return Reply::Fail(GraphFail::param("The parameter message_id is required."));
    };
    if let Some(m) = state.find_message_mut(&Channel::Cloud(number.phone_number_id.clone()), message_id) {
        m.read_by_business = true;
    }
    Reply::Json(StatusCode::OK, json!({ "success": true }))
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Stores media for `waba_id` and returns its new id.
pub(crate) fn store_media(
    state: &mut State,
    waba_id: &str,
    bytes: Bytes,
    mime_type: &str,
    filename: Option<String>,
) -> String {
    let id = ids::numeric().to_string();
    let media = Media {
        sha256: sha256_hex(&bytes),
        bytes,
        mime_type: mime_type.to_owned(),
        waba_id: waba_id.to_owned(),
        filename,
    };
    state.media.insert(id.clone(), media);
    id
}

async fn upload(
    AxState(sim): AxState<Simulator>,
    Path((_version, id)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    mut form: Multipart,
) -> Response {
    let number = match number_for(&sim.lock(), &id, token(&headers, &query).as_deref(), "post") {
        Ok(n) => n,
        Err(e) => return e.into_response(),
    };
    let (mut file, mut mime, mut product) = (None, None, None);
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return GraphFail::param(format!("Invalid multipart body: {e}")).into_response(),
        };
        let name = field.name().unwrap_or_default().to_owned();
        let part_mime = field.content_type().map(str::to_owned);
        let filename = field.file_name().map(str::to_owned);
        let data = match field.bytes().await {
            Ok(d) => d,
            Err(e) => return GraphFail::param(format!("Invalid multipart body: {e}")).into_response(),
        };
        match name.as_str() {
            "file" => file = Some((data, part_mime, filename)),
            "type" => mime = Some(String::from_utf8_lossy(&data).into_owned()),
            "messaging_product" => product = Some(String::from_utf8_lossy(&data).into_owned()),
            _ => {}
        }
    }
    if product.as_deref() != Some("whatsapp") {
        return GraphFail::param("The parameter messaging_product is required.").into_response();
    }
    let Some((bytes, part_mime, filename)) = file else {
        return GraphFail::param("The parameter file is required.").into_response();
    };
    let Some(mime) = mime.or(part_mime).filter(|m| m.contains('/')) else {
        return GraphFail::param("The parameter type is required.").into_response();
    };
    let media_id = store_media(&mut sim.lock(), &number.waba_id, bytes, &mime, filename);
    axum::Json(json!({ "id": media_id })).into_response()
}

async fn node(
    AxState(sim): AxState<Simulator>,
    Path((_version, id)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let token = token(&headers, &query);
    let state = sim.lock();
    if let Some(media) = state.media.get(&id) {
        if !state.token_for_waba(token.as_deref(), &media.waba_id) {
            return GraphFail::token().into_response();
        }
        return axum::Json(json!({
            "messaging_product": "whatsapp",
            "url": format!("{}/graph/media-download/{id}", state.cfg.public_url),
            "mime_type": media.mime_type,
            "sha256": media.sha256,
            "file_size": media.bytes.len(),
            "id": id,
        }))
        .into_response();
    }
    let n = match number_for(&state, &id, token.as_deref(), "get") {
        Ok(n) => n,
        Err(e) => return e.into_response(),
    };
    let limits = state.loads.get(&id).map(|l| l.limits).unwrap_or_default();
    let all = json!({
        "id": n.phone_number_id,
        "verified_name": n.verified_name,
        "display_phone_number": n.display_phone_number,
        "quality_rating": limits.quality_rating.as_str(),
        "code_verification_status": "VERIFIED",
        "platform_type": "CLOUD_API",
        "name_status": "APPROVED",
        "throughput": { "level": limits.throughput_level() },
        "whatsapp_business_manager_messaging_limit": limits.messaging_limit.as_str(),
    });
    axum::Json(phone_number_fields(all, query.get("fields").map(String::as_str))).into_response()
}

/// Meta answers the fields asked for, with the id always; without `fields`, its default set. Fields the
/// simulator does not know are left out rather than refused, so a client asking for more still works.
fn phone_number_fields(all: Value, fields: Option<&str>) -> Value {
    const DEFAULT: [&str; 7] = [
        "id",
        "verified_name",
        "display_phone_number",
        "quality_rating",
        "code_verification_status",
        "platform_type",
        "throughput",
    ];
    let wanted: Vec<&str> = match fields {
        Some(f) => f.split(',').map(str::trim).filter(|f| !f.is_empty()).chain(["id"]).collect(),
        None => DEFAULT.to_vec(),
    };
    let Value::Object(all) = all else { return all };
    Value::Object(all.into_iter().filter(|(k, _)| wanted.contains(&k.as_str())).collect())
}

async fn download(
    AxState(sim): AxState<Simulator>,
    Path(media_id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let token = token(&headers, &query);
    let state = sim.lock();
    let Some(media) = state.media.get(&media_id) else {
        return if state.token_known(token.as_deref()) {
            (StatusCode::NOT_FOUND, "media not found").into_response()
        } else {
            GraphFail::token().into_response()
        };
    };
    if !state.token_for_waba(token.as_deref(), &media.waba_id) {
        return GraphFail::token().into_response();
    }
    let mut resp = ([(header::CONTENT_TYPE, media.mime_type.clone())], media.bytes.clone()).into_response();
    let disposition = media.filename.as_ref().map(|f| format!("attachment; filename=\"{}\"", f.replace('"', "")));
    if let Some(value) = disposition.and_then(|d| header::HeaderValue::from_str(&d).ok()) {
        resp.headers_mut().insert(header::CONTENT_DISPOSITION, value);
    }
    resp
}

fn cursor(index: usize) -> String {
    URL_SAFE_NO_PAD.encode(index.to_string())
}

fn from_cursor(c: &str) -> Option<usize> {
    String::from_utf8(URL_SAFE_NO_PAD.decode(c).ok()?).ok()?.parse().ok()
}

async fn list_templates(
    AxState(sim): AxState<Simulator>,
    Path((version, waba_id)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let state = sim.lock();
    if let Err(e) = waba_for(&state, &waba_id, token(&headers, &query).as_deref(), "get") {
        return e.into_response();
    }
    let all: Vec<&Template> = state
        .templates
        .get(&waba_id)
        .into_iter()
        .flatten()
        .filter(|t| query.get("name").is_none_or(|n| t.name.contains(n.as_str())))
        .filter(|t| query.get("status").is_none_or(|s| t.status.eq_ignore_ascii_case(s)))
        .collect();
    let limit = query.get("limit").and_then(|l| l.parse::<usize>().ok()).filter(|l| *l > 0).unwrap_or(TEMPLATE_PAGE);
    let start = match query.get("after") {
        Some(c) => match from_cursor(c) {
            Some(i) => i + 1,
            None => return GraphFail::param(format!("Invalid cursor \"{c}\".")).into_response(),
        },
        None => 0,
    };
    let end = (start + limit).min(all.len());
    let page = all.get(start..end).unwrap_or_default();
    let data: Vec<Value> = page
        .iter()
        .map(|t| {
            json!({ "name": t.name, "components": t.components, "language": t.language, "status": t.status,
                    "category": t.category, "id": t.id.to_string() })
        })
        .collect();
    let mut answer = json!({ "data": data });
    if !page.is_empty() {
        let mut paging = json!({ "cursors": { "before": cursor(start), "after": cursor(end - 1) } });
        if end < all.len() {
            let mut next = format!(
                "{}/graph/{version}/{waba_id}/message_templates?limit={limit}&after={}",
                state.cfg.public_url,
                cursor(end - 1)
            );
            for key in ["name", "status"] {
                if let Some(v) = query.get(key) {
                    next.push_str(&format!("&{key}={v}"));
                }
            }
            paging["next"] = json!(next);
        }
        answer["paging"] = paging;
    }
    axum::Json(answer).into_response()
}

async fn create_template(
    AxState(sim): AxState<Simulator>,
    Path((_version, waba_id)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(e) = waba_for(&sim.lock(), &waba_id, token(&headers, &query).as_deref(), "post") {
        return e.into_response();
    }
    let body: Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => return GraphFail::param(format!("The request body is not valid JSON: {e}")).into_response(),
    };
    let name = body.get("name").and_then(Value::as_str).unwrap_or_default();
    if name.is_empty() {
        return GraphFail::param("The parameter name is required.").into_response();
    }
    if !name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') || name.len() > 512 {
        return GraphFail::param(format!(
            "Param name may contain only lowercase letters, digits and underscores - got \"{name}\"."
        ))
        .into_response();
    }
    let Some(language) = body.get("language").and_then(Value::as_str).filter(|l| !l.is_empty()) else {
        return GraphFail::param("The parameter language is required.").into_response();
    };
    let category = body.get("category").and_then(Value::as_str).unwrap_or_default().to_uppercase();
    if !matches!(category.as_str(), "UTILITY" | "MARKETING" | "AUTHENTICATION") {
        return GraphFail::param(format!(
            "Param category must be one of {{UTILITY, MARKETING, AUTHENTICATION}} - got \"{category}\"."
        ))
        .into_response();
    }
    let Some(components) = body.get("components").filter(|c| c.as_array().is_some_and(|a| !a.is_empty())) else {
        return GraphFail::param("The parameter components is required.").into_response();
    };
    let template = Template {
        id: ids::numeric(),
        name: name.to_owned(),
        language: language.to_owned(),
        status: "PENDING".into(),
        category: category.clone(),
        components: components.clone(),
    };
    let delay = {
        let mut state = sim.lock();
        let list = state.templates.entry(waba_id.clone()).or_default();
        if template_of(list, name, language).is_some() {
            let mut fail = GraphFail::param("Invalid parameter");
            fail.subcode = Some(2_388_024);
            fail.details = Some(format!("Message template \"{name}\" already exists in {language}."));
            return fail.into_response();
        }
        list.push(template.clone());
        state.cfg.delivered_after
    };
    tokio::spawn(approve(sim.clone(), waba_id, template.clone(), delay));
    axum::Json(json!({ "id": template.id.to_string(), "status": "PENDING", "category": category })).into_response()
}

/// Review takes `delivered_after`; then every subscriber of the WABA hears that the template is approved.
async fn approve(sim: Simulator, waba_id: String, template: Template, delay: Duration) {
    tokio::time::sleep(delay).await;
    let subscribers: Vec<(String, String)> = {
        let mut state = sim.lock();
        if let Some(t) = state.templates.get_mut(&waba_id).into_iter().flatten().find(|t| t.id == template.id) {
            t.status = "APPROVED".into();
        }
        let mut subs: Vec<(String, String)> = state
            .numbers
            .values()
            .filter(|n| n.waba_id == waba_id)
            .map(|n| (n.webhook_url.clone(), n.app_secret.clone()))
            .collect();
        // One app subscription gets one webhook, however many of its numbers share the WABA.
        subs.sort();
        subs.dedup();
        subs
    };
    let payload = json!({
        "object": "whatsapp_business_account",
        "entry": [{
            "id": waba_id,
            "time": Utc::now().timestamp(),
            "changes": [{
                "value": {
                    "event": "APPROVED",
                    "message_template_id": template.id,
                    "message_template_name": template.name,
                    "message_template_language": template.language,
                    "reason": null
                },
                "field": "message_template_status_update"
            }]
        }]
    });
    for (url, secret) in subscribers {
        webhook::send_meta(sim.http(), &url, &secret, &payload).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(v: Value) -> Result<(String, String), i64> {
        validate(&v).map_err(|e| e.code)
    }

    #[test]
    fn sends_are_checked_like_meta_checks_them() {
        assert!(body(json!({ "messaging_product": "whatsapp", "to": "1555", "text": { "body": "hi" } })).is_ok());
        assert_eq!(body(json!({ "to": "1555", "type": "text", "text": { "body": "hi" } })), Err(100));
        assert_eq!(
            body(json!({ "messaging_product": "sms", "to": "1", "type": "text", "text": { "body": "x" } })),
            Err(100)
        );
        assert_eq!(body(json!({ "messaging_product": "whatsapp", "type": "text", "text": { "body": "x" } })), Err(100));
        assert_eq!(body(json!({ "messaging_product": "whatsapp", "to": "1", "type": "poll", "poll": {} })), Err(100));
        assert_eq!(body(json!({ "messaging_product": "whatsapp", "to": "1", "type": "image", "image": {} })), Err(100));
        let too_many = json!({ "messaging_product": "whatsapp", "to": "1", "type": "interactive", "interactive": {
            "type": "button", "body": { "text": "?" }, "action": { "buttons": [
                { "type": "reply", "reply": { "id": "a", "title": "A" } }, { "type": "reply", "reply": { "id": "b", "title": "B" } },
                { "type": "reply", "reply": { "id": "c", "title": "C" } }, { "type": "reply", "reply": { "id": "d", "title": "D" } }
            ] } } });
        assert_eq!(body(too_many), Err(131009));
    }

    #[test]
    fn templates_render_with_positional_and_named_parameters() {
        let t = Template {
            id: 1,
            name: "order_update".into(),
            language: "en".into(),
            status: "APPROVED".into(),
            category: "UTILITY".into(),
            components: json!([{ "type": "BODY", "text": "Your order {{1}} is {{2}}." }]),
        };
        let sent = json!({ "name": "order_update", "components": [{ "type": "body", "parameters": [
            { "type": "text", "text": "#7" }, { "type": "text", "text": "ready" } ] }] });
        assert_eq!(render_template(&t, &sent), "Your order #7 is ready.");
        let named = Template { components: json!([{ "type": "BODY", "text": "Hi {{first_name}}" }]), ..t };
        let sent = json!({ "components": [{ "type": "body", "parameters": [
            { "type": "text", "parameter_name": "first_name", "text": "Ana" } ] }] });
        assert_eq!(render_template(&named, &sent), "Hi Ana");
    }

    #[test]
    fn cursors_round_trip() {
        assert_eq!(from_cursor(&cursor(41)), Some(41));
        assert_eq!(from_cursor("%%%"), None);
    }
}
