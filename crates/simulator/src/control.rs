//! The customer side and the controls, at `/api/...` (JSON, camelCase, no auth: a development tool).
//! Customers write to a number (each message becomes the webhook Meta would send), read what the business
//! sent, and tests inspect chats and every send request the fake Graph API received, set a number's limits
//! and read how its senders did against them.

use crate::graph::{self, messages_webhook};
use crate::limits::{FailWith, MessagingLimit, NumberLimits, QualityRating};
use crate::state::{Channel, ChatMessage, Direction, MsgStatus, State};
use crate::statuses::{self, StatusBatching};
use crate::webhook;
use crate::{BusinessNumber, Simulator, digits, ids};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State as AxState};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::time::Duration;

/// A 1x1 transparent PNG: the picture a simulated customer sends when the test gives none.
const TINY_PNG: [u8; 67] = [
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0A, 0x49,
    0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00,
    0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

pub(crate) fn routes() -> Router<Simulator> {
    Router::new()
        .route("/api/numbers", get(list_numbers).post(put_number))
        .route("/api/numbers/{phone_number_id}/limits", get(get_limits).put(put_limits))
        .route("/api/numbers/{phone_number_id}/stats", get(stats))
        .route("/api/config", get(get_config).put(put_config))
        .route("/api/customers", get(customers))
        .route("/api/customers/{phone}/messages", get(chat).post(customer_writes))
        .route("/api/customers/{phone}/raw", post(raw))
        .route("/api/customers/{phone}/read", post(customer_reads))
        .route("/api/outbox", get(outbox))
}

/// `{"error": "snake_case_code", "message": "..."}`, the house error format.
pub(crate) struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
}

impl ApiError {
    pub fn bad(message: impl Into<String>) -> Self {
        Self { status: StatusCode::BAD_REQUEST, code: "invalid_request", message: message.into() }
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self { status: StatusCode::NOT_FOUND, code: "not_found", message: message.into() }
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Self { status: StatusCode::CONFLICT, code: "conflict", message: message.into() }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, axum::Json(json!({ "error": self.code, "message": self.message }))).into_response()
    }
}

/// Reads a JSON body with the same error format as everything else.
pub(crate) fn parse<T: DeserializeOwned>(body: &Bytes) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| ApiError::bad(format!("invalid JSON body: {e}")))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NumberDto {
    phone_number_id: String,
    waba_id: String,
    display_phone_number: String,
    verified_name: String,
    webhook_url: String,
}

impl From<&BusinessNumber> for NumberDto {
    fn from(n: &BusinessNumber) -> Self {
        Self {
            phone_number_id: n.phone_number_id.clone(),
            waba_id: n.waba_id.clone(),
            display_phone_number: n.display_phone_number.clone(),
            verified_name: n.verified_name.clone(),
            webhook_url: n.webhook_url.clone(),
        }
    }
}

async fn list_numbers(AxState(sim): AxState<Simulator>) -> axum::Json<Vec<NumberDto>> {
    axum::Json(sim.lock().numbers.values().map(NumberDto::from).collect())
}

async fn put_number(
    AxState(sim): AxState<Simulator>,
    body: Bytes,
) -> Result<(StatusCode, axum::Json<NumberDto>), ApiError> {
    let n: BusinessNumber = parse(&body)?;
    for (field, value) in
        [("phoneNumberId", &n.phone_number_id), ("wabaId", &n.waba_id), ("accessToken", &n.access_token)]
    {
        if value.trim().is_empty() {
            return Err(ApiError::bad(format!("{field} is required")));
        }
    }
    let dto = NumberDto::from(&n);
    sim.register_number(n);
    Ok((StatusCode::CREATED, axum::Json(dto)))
}

/// A value that may be given as null to clear it: absent is None, null is Some(None).
fn nullable<'de, T: Deserialize<'de>, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// A number's limits; on PUT only the fields given change, and null clears `ratePerSecond` or `failWith`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct LimitsUpdate {
    #[serde(default, deserialize_with = "nullable")]
    rate_per_second: Option<Option<u32>>,
    messaging_limit: Option<MessagingLimit>,
    quality_rating: Option<QualityRating>,
    #[serde(default, deserialize_with = "nullable")]
    fail_with: Option<Option<FailWith>>,
}

fn registered(sim: &Simulator, phone_number_id: &str) -> Result<(), ApiError> {
    number(&sim.lock(), phone_number_id).map(|_| ())
}

async fn get_limits(
    AxState(sim): AxState<Simulator>,
    Path(phone_number_id): Path<String>,
) -> Result<axum::Json<NumberLimits>, ApiError> {
    registered(&sim, &phone_number_id)?;
    Ok(axum::Json(sim.limits(&phone_number_id)))
}

async fn put_limits(
    AxState(sim): AxState<Simulator>,
    Path(phone_number_id): Path<String>,
    body: Bytes,
) -> Result<axum::Json<NumberLimits>, ApiError> {
    registered(&sim, &phone_number_id)?;
    let update: LimitsUpdate = parse(&body)?;
    if update.rate_per_second == Some(Some(0)) {
        return Err(ApiError::bad("ratePerSecond must be at least 1 (null removes the cap)"));
    }
    let mut state = sim.lock();
    let limits = &mut state.load_mut(&phone_number_id).limits;
    if let Some(rate) = update.rate_per_second {
        limits.rate_per_second = rate;
    }
    if let Some(tier) = update.messaging_limit {
        limits.messaging_limit = tier;
    }
    if let Some(quality) = update.quality_rating {
        limits.quality_rating = quality;
    }
    if let Some(fail) = update.fail_with {
        limits.fail_with = fail;
    }
    Ok(axum::Json(*limits))
}

async fn stats(
    AxState(sim): AxState<Simulator>,
    Path(phone_number_id): Path<String>,
) -> Result<axum::Json<crate::NumberStats>, ApiError> {
    registered(&sim, &phone_number_id)?;
    Ok(axum::Json(sim.stats(&phone_number_id)))
}

/// The most statuses one webhook may carry, and the longest a status may wait for its batch.
const BATCH_MAX: usize = 1_000;
const BATCH_WAIT_MAX_MS: u64 = 10_000;

#[derive(Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct ConfigDto {
    delivered_after_ms: Option<u64>,
    read_after_ms: Option<u64>,
    failure_rate: Option<f64>,
    auto_read: Option<bool>,
    /// Statuses per webhook, 1 (the default) for one webhook per status.
    status_batch_max: Option<usize>,
    /// How long a status may wait for its batch.
    status_batch_wait_ms: Option<u64>,
    /// Read-only here: set by whoever binds the port.
    #[serde(skip_deserializing)]
    public_url: Option<String>,
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

fn config_dto(state: &State) -> ConfigDto {
    ConfigDto {
        delivered_after_ms: Some(millis(state.cfg.delivered_after)),
        read_after_ms: Some(millis(state.cfg.read_after)),
        failure_rate: Some(state.cfg.failure_rate),
        auto_read: Some(state.cfg.auto_read),
        status_batch_max: Some(state.batching.max_statuses),
        status_batch_wait_ms: Some(millis(state.batching.max_wait)),
        public_url: Some(state.cfg.public_url.clone()),
    }
}

async fn get_config(AxState(sim): AxState<Simulator>) -> axum::Json<ConfigDto> {
    axum::Json(config_dto(&sim.lock()))
}

/// Changes the given fields only.
async fn put_config(AxState(sim): AxState<Simulator>, body: Bytes) -> Result<axum::Json<ConfigDto>, ApiError> {
    let update: ConfigDto = parse(&body)?;
    if let Some(rate) = update.failure_rate.filter(|r| !(0.0..=1.0).contains(r)) {
        return Err(ApiError::bad(format!("failureRate must be between 0 and 1, got {rate}")));
    }
    if let Some(max) = update.status_batch_max.filter(|m| !(1..=BATCH_MAX).contains(m)) {
        return Err(ApiError::bad(format!("statusBatchMax must be between 1 and {BATCH_MAX}, got {max}")));
    }
    if let Some(ms) = update.status_batch_wait_ms.filter(|ms| *ms > BATCH_WAIT_MAX_MS) {
        return Err(ApiError::bad(format!("statusBatchWaitMs must be at most {BATCH_WAIT_MAX_MS}, got {ms}")));
    }
    let mut state = sim.lock();
    if let Some(ms) = update.delivered_after_ms {
        state.cfg.delivered_after = Duration::from_millis(ms);
    }
    if let Some(ms) = update.read_after_ms {
        state.cfg.read_after = Duration::from_millis(ms);
    }
    if let Some(rate) = update.failure_rate {
        state.cfg.failure_rate = rate;
    }
    if let Some(auto) = update.auto_read {
        state.cfg.auto_read = auto;
    }
    if update.status_batch_max.is_some() || update.status_batch_wait_ms.is_some() {
        let max = update.status_batch_max.unwrap_or(state.batching.max_statuses);
        let wait = update.status_batch_wait_ms.map_or(state.batching.max_wait, Duration::from_millis);
        state.batching = StatusBatching::up_to(max, wait);
    }
    Ok(axum::Json(config_dto(&state)))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CustomerMessage {
    phone_number_id: String,
    name: Option<String>,
    #[serde(rename = "type", default = "text_type")]
    kind: String,
    text: Option<String>,
    caption: Option<String>,
    media_base64: Option<String>,
    mime_type: Option<String>,
    filename: Option<String>,
    latitude: Option<f64>,
    longitude: Option<f64>,
    address: Option<String>,
    reply_to: Option<String>,
    emoji: Option<String>,
    message_id: Option<String>,
    button_id: Option<String>,
    button_title: Option<String>,
    description: Option<String>,
}

fn text_type() -> String {
    "text".into()
}

fn number(state: &State, phone_number_id: &str) -> Result<BusinessNumber, ApiError> {
    state
        .numbers
        .get(phone_number_id)
        .cloned()
        .ok_or_else(|| ApiError::not_found(format!("no number {phone_number_id}")))
}

fn customer_phone(phone: &str) -> Result<String, ApiError> {
    let d = digits(phone);
    if d.is_empty() || d.len() != phone.trim_start_matches('+').len() {
        return Err(ApiError::bad(format!("{phone:?} is not a phone number (digits, optionally after +)")));
    }
    Ok(d)
}

/// The default media a customer sends for `kind`: bytes, MIME type, file name.
fn default_media(kind: &str) -> (Vec<u8>, &'static str, Option<&'static str>) {
    match kind {
        "image" | "sticker" => (TINY_PNG.to_vec(), "image/png", None),
        "video" => (b"\x00\x00\x00\x18ftypmp42simulated video".to_vec(), "video/mp4", None),
        "audio" => (b"OggS simulated voice note".to_vec(), "audio/ogg; codecs=opus", None),
        _ => (b"%PDF-1.4\n% simulated document\n%%EOF\n".to_vec(), "application/pdf", Some("document.pdf")),
    }
}

/// The message object of the webhook, and the words a person would see.
fn build_message(
    state: &mut State,
    n: &BusinessNumber,
    from: &str,
    req: &CustomerMessage,
) -> Result<(Value, Option<String>), ApiError> {
    let mut m =
        json!({ "from": from, "id": ids::wamid(), "timestamp": Utc::now().timestamp().to_string(), "type": req.kind });
    let need = |v: &Option<String>, field: &str| -> Result<String, ApiError> {
        v.clone()
            .filter(|s| !s.is_empty())
            .ok_or_else(|| ApiError::bad(format!("{field} is required for type {}", req.kind)))
    };
    let (content, text) = match req.kind.as_str() {
        "text" => {
            let body = need(&req.text, "text")?;
            (json!({ "body": body }), Some(body))
        }
        kind @ ("image" | "video" | "audio" | "document" | "sticker") => {
            let (default_bytes, default_mime, default_name) = default_media(kind);
            let bytes = match &req.media_base64 {
                Some(b64) => STANDARD.decode(b64.trim()).map_err(|e| ApiError::bad(format!("mediaBase64: {e}")))?,
                None => default_bytes,
            };
            let mime = req.mime_type.clone().unwrap_or_else(|| default_mime.to_owned());
            let filename = req.filename.clone().or_else(|| default_name.map(str::to_owned));
            let caption = req.caption.clone().or_else(|| req.text.clone());
            let media_id = graph::store_media(state, &n.waba_id, Bytes::from(bytes.clone()), &mime, filename.clone());
            let mut o = json!({ "mime_type": mime, "sha256": graph::sha256_hex(&bytes), "id": media_id });
            if let (true, Some(c)) = (matches!(kind, "image" | "video" | "document"), &caption) {
                o["caption"] = json!(c);
            }
            match kind {
                "document" => o["filename"] = json!(filename),
                "audio" => o["voice"] = json!(mime.starts_with("audio/ogg")),
                "sticker" => o["animated"] = json!(false),
                _ => {}
            }
            (o, caption.or(filename).or_else(|| Some(format!("[{kind}]"))))
        }
        "location" => {
            let (Some(lat), Some(lon)) = (req.latitude, req.longitude) else {
                return Err(ApiError::bad("latitude and longitude are required for type location"));
            };
            let mut o = json!({ "latitude": lat, "longitude": lon });
            if let Some(name) = &req.text {
                o["name"] = json!(name);
            }
            if let Some(address) = &req.address {
                o["address"] = json!(address);
            }
            (o, Some(req.text.clone().unwrap_or_else(|| format!("{lat}, {lon}"))))
        }
        "contacts" => {
            let name = req.text.clone().unwrap_or_else(|| "Sim Contact".into());
            let card = json!([{
                "name": { "formatted_name": name, "first_name": name },
                "phones": [{ "phone": "+1 555-010-0999", "wa_id": "15550100999", "type": "CELL" }]
            }]);
            (card, Some(name))
        }
        "reaction" => {
            let target = need(&req.message_id, "messageId")?;
            let emoji = req.emoji.clone().or_else(|| req.text.clone()).unwrap_or_default();
            (json!({ "message_id": target, "emoji": emoji }), Some(emoji))
        }
        "button_reply" => {
            let title = need(&req.button_title, "buttonTitle")?;
            let id = req.button_id.clone().unwrap_or_else(|| title.clone());
            m["type"] = json!("interactive");
            (json!({ "type": "button_reply", "button_reply": { "id": id, "title": title } }), Some(title))
        }
        "list_reply" => {
            let title = need(&req.button_title, "buttonTitle")?;
            let id = need(&req.button_id, "buttonId")?;
            let mut reply = json!({ "id": id, "title": title });
            if let Some(d) = &req.description {
                reply["description"] = json!(d);
            }
            m["type"] = json!("interactive");
            (json!({ "type": "list_reply", "list_reply": reply }), Some(title))
        }
        "unsupported" => {
            m["errors"] = json!([{
                "code": 131051,
                "title": "Message type unknown",
                "message": "Message type unknown",
                "error_data": { "details": "Message type is currently not supported." }
            }]);
            return Ok((attach_context(m, n, req), None));
        }
        other => return Err(ApiError::bad(format!("unknown type {other:?}"))),
    };
    let key = m["type"].as_str().unwrap_or_default().to_owned();
    m[key.as_str()] = content;
    Ok((attach_context(m, n, req), text))
}

fn attach_context(mut m: Value, n: &BusinessNumber, req: &CustomerMessage) -> Value {
    if let Some(id) = req.reply_to.as_ref().filter(|s| !s.is_empty()) {
        m["context"] = json!({ "from": digits(&n.display_phone_number), "id": id });
    }
    m
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Delivered {
    id: String,
    delivered: bool,
    webhook_status: Option<u16>,
}

/// A customer writes: the message is recorded, opens the 24-hour window and reaches Parley signed.
async fn customer_writes(
    AxState(sim): AxState<Simulator>,
    Path(phone): Path<String>,
    body: Bytes,
) -> Result<axum::Json<Delivered>, ApiError> {
    let req: CustomerMessage = parse(&body)?;
    let phone = customer_phone(&phone)?;
    let now = Utc::now();
    let (n, payload, id) = {
        let mut state = sim.lock();
        let n = number(&state, &req.phone_number_id)?;
        let (message, text) = build_message(&mut state, &n, &phone, &req)?;
        if let Some(name) = &req.name {
            state.names.insert(phone.clone(), name.clone());
        }
        let name = state.names.get(&phone).cloned().unwrap_or_else(|| format!("Customer {phone}"));
        let id = message["id"].as_str().unwrap_or_default().to_owned();
        let channel = Channel::Cloud(n.phone_number_id.clone());
        state.last_inbound.insert((channel.clone(), phone.clone()), now);
        state.push_message(
            &channel,
            &phone,
            ChatMessage::inbound(id.clone(), req.kind.clone(), text, message.clone(), now),
        );
        (n.clone(), messages_webhook(&n, &name, &phone, vec![message]), id)
    };
    let outcome = webhook::send_meta(sim.http(), &n.webhook_url, &n.app_secret, &payload).await;
    sim.lock().set_webhook_result(&Channel::Cloud(n.phone_number_id.clone()), &id, outcome.accepted());
    Ok(axum::Json(Delivered { id, delivered: outcome.accepted(), webhook_status: outcome.status }))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawWebhook {
    phone_number_id: String,
    payload: Value,
}

/// Sends any JSON as a signed webhook of the number, for tests of odd payloads.
async fn raw(
    AxState(sim): AxState<Simulator>,
    Path(_phone): Path<String>,
    body: Bytes,
) -> Result<axum::Json<Value>, ApiError> {
    let req: RawWebhook = parse(&body)?;
    let n = number(&sim.lock(), &req.phone_number_id)?;
    let outcome = webhook::send_meta(sim.http(), &n.webhook_url, &n.app_secret, &req.payload).await;
    Ok(axum::Json(json!({ "webhookStatus": outcome.status, "delivered": outcome.accepted() })))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ByNumber {
    phone_number_id: Option<String>,
    since: Option<String>,
}

async fn chat(
    AxState(sim): AxState<Simulator>,
    Path(phone): Path<String>,
    Query(q): Query<ByNumber>,
) -> Result<axum::Json<Vec<ChatMessage>>, ApiError> {
    let phone = customer_phone(&phone)?;
    let id = q.phone_number_id.ok_or_else(|| ApiError::bad("phoneNumberId is required"))?;
    let state = sim.lock();
    Ok(axum::Json(state.chats.get(&(Channel::Cloud(id), phone)).cloned().unwrap_or_default()))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ReadBody {
    phone_number_id: String,
}

/// The customer opens the chat: every business message not yet read becomes read, with its webhook.
async fn customer_reads(
    AxState(sim): AxState<Simulator>,
    Path(phone): Path<String>,
    body: Bytes,
) -> Result<axum::Json<Value>, ApiError> {
    let req: ReadBody = parse(&body)?;
    let phone = customer_phone(&phone)?;
    let (n, read) = {
        let mut state = sim.lock();
        let n = number(&state, &req.phone_number_id)?;
        let channel = Channel::Cloud(n.phone_number_id.clone());
        let mut read = Vec::new();
        for m in state.chats.get_mut(&(channel, phone.clone())).into_iter().flatten() {
            if m.direction == Direction::Outbound && matches!(m.status, MsgStatus::Sent | MsgStatus::Delivered) {
                m.status = MsgStatus::Read;
                read.push((m.id.clone(), m.status_extras.clone()));
            }
        }
        (n, read)
    };
    for (id, extras) in &read {
        statuses::emit(&sim, &n, &phone, id, "read", extras).await;
    }
    Ok(axum::Json(json!({ "read": read.into_iter().map(|(id, _)| id).collect::<Vec<_>>() })))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CustomerDto {
    phone: String,
    phone_number_id: String,
    name: Option<String>,
    last_activity: Option<DateTime<Utc>>,
    messages: usize,
}

/// Customers with a chat, most recently active first.
async fn customers(AxState(sim): AxState<Simulator>, Query(q): Query<ByNumber>) -> axum::Json<Vec<CustomerDto>> {
    let state = sim.lock();
    let mut list: Vec<CustomerDto> = state
        .chats
        .iter()
        .filter_map(|((channel, phone), msgs)| match channel {
            Channel::Cloud(id) if q.phone_number_id.as_ref().is_none_or(|want| want == id) => Some(CustomerDto {
                phone: phone.clone(),
                phone_number_id: id.clone(),
                name: state.names.get(phone).cloned(),
                last_activity: msgs.iter().map(|m| m.timestamp).max(),
                messages: msgs.len(),
            }),
            _ => None,
        })
        .collect();
    list.sort_by_key(|c| std::cmp::Reverse(c.last_activity));
    axum::Json(list)
}

/// Every Graph send request received, oldest first; `since` is a sequence number or an RFC 3339 time.
async fn outbox(AxState(sim): AxState<Simulator>, Query(q): Query<ByNumber>) -> Result<axum::Json<Value>, ApiError> {
    enum Since {
        All,
        Seq(u64),
        Time(DateTime<Utc>),
    }
    let since = match q.since.as_deref().filter(|s| !s.is_empty()) {
        None => Since::All,
        Some(s) => match (s.parse::<u64>(), DateTime::parse_from_rfc3339(s)) {
            (Ok(seq), _) => Since::Seq(seq),
            (_, Ok(t)) => Since::Time(t.with_timezone(&Utc)),
            _ => return Err(ApiError::bad(format!("since must be a sequence number or an RFC 3339 time, got {s:?}"))),
        },
    };
    let state = sim.lock();
    let entries: Vec<_> = state
        .outbox()
        .filter(|e| q.phone_number_id.as_ref().is_none_or(|id| *id == e.phone_number_id))
        .filter(|e| match since {
            Since::All => true,
            Since::Seq(seq) => e.seq > seq,
            Since::Time(t) => e.received_at > t,
        })
        .collect();
    Ok(axum::Json(json!(entries)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn customer_phones_are_digits_with_an_optional_plus() {
        assert_eq!(customer_phone("+15550100").ok().as_deref(), Some("15550100"));
        assert!(customer_phone("15 55").is_err());
        assert!(customer_phone("+").is_err());
    }

    #[test]
    fn the_default_picture_is_a_png() {
        assert_eq!(&TINY_PNG[1..4], b"PNG");
        assert_eq!(&TINY_PNG[TINY_PNG.len() - 8..TINY_PNG.len() - 4], b"IEND");
    }
}
