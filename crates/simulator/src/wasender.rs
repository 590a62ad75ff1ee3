//! The fake WasenderAPI at `/wasender/api/...` (sessions with QR codes, status, send-message) and its
//! controls at `/api/wasender/...` (accounts, scanning the QR, customers writing). Webhooks carry the
//! session's secret in `X-Webhook-Signature`, and only go out for the events the session subscribed to.

use crate::control::{ApiError, parse};
use crate::state::{Channel, ChatMessage, MsgStatus, State, WaSession};
use crate::webhook::{self, Outcome};
use crate::{Simulator, digits, ids};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State as AxState};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::Utc;
use serde::Deserialize;
use serde_json::{Value, json};

pub(crate) fn routes() -> Router<Simulator> {
    Router::new()
        .route("/wasender/api/whatsapp-sessions", get(list_sessions).post(create_session))
        .route("/wasender/api/whatsapp-sessions/{id}", get(get_session).delete(delete_session))
        .route("/wasender/api/whatsapp-sessions/{id}/connect", post(connect))
        .route("/wasender/api/whatsapp-sessions/{id}/qrcode", get(qr_code))
        .route("/wasender/api/status", get(status))
        .route("/wasender/api/send-message", post(send_message))
        .route("/api/wasender/accounts", post(add_account))
        .route("/api/wasender/sessions", get(control_sessions))
        .route("/api/wasender/sessions/{id}/scan", post(scan))
        .route("/api/wasender/sessions/{id}/customers/{phone}/messages", get(chat).post(customer_writes))
}

/// WasenderAPI's error shape: `{"success": false, "message": ...}`.
fn fail(status: StatusCode, message: &str) -> Response {
    (status, axum::Json(json!({ "success": false, "message": message }))).into_response()
}

fn unauthenticated() -> Response {
    fail(StatusCode::UNAUTHORIZED, "Unauthenticated.")
}

fn ok(data: Value) -> Response {
    axum::Json(json!({ "success": true, "data": data })).into_response()
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_owned())
}

fn account_ok(state: &State, headers: &HeaderMap) -> bool {
    bearer(headers).is_some_and(|t| state.wasender_tokens.contains(&t))
}

fn session_by_key<'a>(state: &'a State, headers: &HeaderMap) -> Option<&'a WaSession> {
    let key = bearer(headers)?;
    state.sessions.values().find(|s| s.api_key == key)
}

fn session_json(s: &WaSession) -> Value {
    json!({
        "id": s.id,
        "name": s.name,
        "phone_number": s.phone_number,
        "status": s.status,
        "account_protection": s.account_protection,
        "log_messages": s.log_messages,
        "webhook_url": s.webhook_url,
        "webhook_enabled": s.webhook_enabled,
        "webhook_events": s.webhook_events,
        "api_key": s.api_key,
        "webhook_secret": s.webhook_secret,
        "created_at": s.created_at.to_rfc3339(),
        "updated_at": s.updated_at.to_rfc3339(),
    })
}

/// Posts `payload` to the session's webhook if it is enabled and subscribed to `event`.
async fn emit(sim: &Simulator, s: &WaSession, event: &str, payload: &Value) -> Outcome {
    if !s.webhook_enabled || !s.webhook_events.iter().any(|e| e == event) {
        return Outcome { status: None };
    }
    webhook::send_wasender(sim.http(), &s.webhook_url, &s.webhook_secret, payload).await
}

#[derive(Deserialize)]
struct NewSession {
    #[serde(default)]
    name: String,
    #[serde(default)]
    phone_number: String,
    #[serde(default = "yes")]
    account_protection: bool,
    #[serde(default = "yes")]
    log_messages: bool,
    #[serde(default)]
    webhook_url: String,
    #[serde(default)]
    webhook_enabled: bool,
    #[serde(default)]
    webhook_events: Vec<String>,
}

fn yes() -> bool {
    true
}

/// Laravel's validation answer, which WasenderAPI sends for missing fields.
fn invalid(field: &str) -> Response {
    let message = format!("The {} field is required.", field.replace('_', " "));
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        axum::Json(json!({ "success": false, "message": message, "errors": { field: [message] } })),
    )
        .into_response()
}

async fn create_session(AxState(sim): AxState<Simulator>, headers: HeaderMap, body: Bytes) -> Response {
    let mut state = sim.lock();
    if !account_ok(&state, &headers) {
        return unauthenticated();
    }
    let Ok(new) = serde_json::from_slice::<NewSession>(&body) else {
        return fail(StatusCode::BAD_REQUEST, "The request body is not valid JSON.");
    };
    if new.name.trim().is_empty() {
        return invalid("name");
    }
    if digits(&new.phone_number).is_empty() {
        return invalid("phone_number");
    }
    let id = state.next_session_id;
    state.next_session_id += 1;
    let now = Utc::now();
    let session = WaSession {
        id,
        name: new.name,
        phone_number: new.phone_number,
        status: "disconnected".into(),
        api_key: ids::hex(64),
        webhook_secret: ids::hex(32),
        webhook_url: new.webhook_url,
        webhook_enabled: new.webhook_enabled,
        webhook_events: new.webhook_events,
        account_protection: new.account_protection,
        log_messages: new.log_messages,
        qr: None,
        created_at: now,
        updated_at: now,
    };
    let data = session_json(&session);
    state.sessions.insert(id, session);
    ok(data)
}

async fn list_sessions(AxState(sim): AxState<Simulator>, headers: HeaderMap) -> Response {
    let state = sim.lock();
    if !account_ok(&state, &headers) {
        return unauthenticated();
    }
    ok(Value::Array(state.sessions.values().map(session_json).collect()))
}

/// Why an account call on a session is refused.
enum Refused {
    Unauthenticated,
    NotFound,
}

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        match self {
            Self::Unauthenticated => unauthenticated(),
            Self::NotFound => fail(StatusCode::NOT_FOUND, "WhatsApp session not found."),
        }
    }
}

/// The session `id` for an account call.
fn account_session(state: &State, headers: &HeaderMap, id: &str) -> Result<WaSession, Refused> {
    if !account_ok(state, headers) {
        return Err(Refused::Unauthenticated);
    }
    id.parse::<u64>().ok().and_then(|id| state.sessions.get(&id).cloned()).ok_or(Refused::NotFound)
}

async fn get_session(AxState(sim): AxState<Simulator>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    match account_session(&sim.lock(), &headers, &id) {
        Ok(s) => ok(session_json(&s)),
        Err(r) => r.into_response(),
    }
}

async fn delete_session(AxState(sim): AxState<Simulator>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    let mut state = sim.lock();
    match account_session(&state, &headers, &id) {
        Ok(s) => {
            state.sessions.remove(&s.id);
            axum::Json(json!({ "success": true, "message": "WhatsApp session deleted successfully." })).into_response()
        }
        Err(r) => r.into_response(),
    }
}

/// Starts connecting: the session waits for its QR code to be scanned, and the QR goes out as a webhook.
async fn connect(AxState(sim): AxState<Simulator>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    let session = {
        let mut state = sim.lock();
        let s = match account_session(&state, &headers, &id) {
            Ok(s) => s,
            Err(r) => return r.into_response(),
        };
        if s.status == "connected" {
            return ok(json!({ "status": "connected" }));
        }
        let Some(stored) = state.sessions.get_mut(&s.id) else {
            return fail(StatusCode::NOT_FOUND, "WhatsApp session not found.");
        };
        stored.status = "NEED_SCAN".into();
        stored.qr = Some(format!("2@sim{},{},{}", ids::alnum(40), ids::alnum(44), ids::alnum(24)));
        stored.updated_at = Utc::now();
        stored.clone()
    };
    let qr = session.qr.clone().unwrap_or_default();
    let payload = json!({ "event": "qrcode.updated", "sessionId": session.api_key, "data": { "qr": qr } });
    emit(&sim, &session, "qrcode.updated", &payload).await;
    ok(json!({ "status": "NEED_SCAN", "qrCode": qr }))
}

async fn qr_code(AxState(sim): AxState<Simulator>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    match account_session(&sim.lock(), &headers, &id) {
        Ok(WaSession { qr: Some(qr), status, .. }) if status == "NEED_SCAN" => ok(json!({ "qrCode": qr })),
        Ok(_) => fail(StatusCode::BAD_REQUEST, "The session is not waiting for a QR code scan. Connect it first."),
        Err(r) => r.into_response(),
    }
}

async fn status(AxState(sim): AxState<Simulator>, headers: HeaderMap) -> Response {
    match session_by_key(&sim.lock(), &headers) {
        Some(s) => axum::Json(json!({ "status": s.status })).into_response(),
        None => unauthenticated(),
    }
}

const MEDIA_FIELDS: [(&str, &str); 4] =
    [("imageUrl", "image"), ("videoUrl", "video"), ("documentUrl", "document"), ("audioUrl", "audio")];

async fn send_message(AxState(sim): AxState<Simulator>, headers: HeaderMap, body: Bytes) -> Response {
    let (session, msg_id, customer, failed, delays) = {
        let mut state = sim.lock();
        let Some(session) = session_by_key(&state, &headers).cloned() else {
            return unauthenticated();
        };
        let Ok(body) = serde_json::from_slice::<Value>(&body) else {
            return fail(StatusCode::BAD_REQUEST, "The request body is not valid JSON.");
        };
        let to = body.get("to").and_then(Value::as_str).unwrap_or_default();
        let customer = digits(to);
        if customer.is_empty() {
            return invalid("to");
        }
        let kind = MEDIA_FIELDS.iter().find(|(field, _)| body.get(*field).is_some()).map_or("text", |(_, k)| *k);
        let text = body.get("text").and_then(Value::as_str).map(str::to_owned);
        if kind == "text" && text.as_deref().is_none_or(str::is_empty) {
            return invalid("text");
        }
        if session.status != "connected" {
            return fail(StatusCode::BAD_REQUEST, "WhatsApp session is not connected.");
        }
        let msg_id = state.next_wasender_msg;
        state.next_wasender_msg += 1;
        let failed = rand::random::<f64>() < state.cfg.failure_rate;
        let message = ChatMessage::outbound(
            msg_id.to_string(),
            kind.to_owned(),
            text,
            body.clone(),
            failed.then(|| json!({ "message": "The message could not be delivered." })),
            Utc::now(),
        );
        state.push_message(&Channel::Wasender(session.id), &customer, message);
        let delays = (state.cfg.delivered_after, state.cfg.read_after, state.cfg.auto_read);
        (session, msg_id, (to.to_owned(), customer), failed, delays)
    };
    let (to, customer) = customer;
    tokio::spawn(updates(sim.clone(), session, msg_id, customer, failed, delays));
    ok(json!({ "msgId": msg_id, "jid": to, "status": "in_progress" }))
}

/// The `messages.update` webhooks of one sent message: sent, delivered, read (2, 3, 4), or error (0).
async fn updates(
    sim: Simulator,
    session: WaSession,
    msg_id: u64,
    customer: String,
    failed: bool,
    (delivered_after, read_after, auto_read): (std::time::Duration, std::time::Duration, bool),
) {
    let channel = Channel::Wasender(session.id);
    let id = msg_id.to_string();
    let send = |code: u8| {
        let payload = json!({
            "event": "messages.update",
            "sessionId": session.api_key,
            "data": {
                "update": { "status": code },
                "key": { "remoteJid": format!("{customer}@s.whatsapp.net"), "id": id, "fromMe": true }
            },
            "timestamp": Utc::now().timestamp_millis()
        });
        let (sim, session, channel, id) = (sim.clone(), session.clone(), channel.clone(), id.clone());
        async move {
            let outcome = emit(&sim, &session, "messages.update", &payload).await;
            sim.lock().set_webhook_result(&channel, &id, outcome.accepted());
        }
    };
    if failed {
        send(0).await;
        return;
    }
    send(2).await;
    tokio::time::sleep(delivered_after).await;
    if sim.lock().advance(&channel, &id, MsgStatus::Delivered) {
        send(3).await;
    }
    if auto_read {
        tokio::time::sleep(read_after).await;
        if sim.lock().advance(&channel, &id, MsgStatus::Read) {
            send(4).await;
        }
    }
}

#[derive(Deserialize)]
struct Account {
    token: String,
}

async fn add_account(AxState(sim): AxState<Simulator>, body: Bytes) -> Result<StatusCode, ApiError> {
    let account: Account = parse(&body)?;
    if account.token.trim().is_empty() {
        return Err(ApiError::bad("token is required"));
    }
    sim.lock().wasender_tokens.insert(account.token.trim().to_owned());
    Ok(StatusCode::NO_CONTENT)
}

async fn control_sessions(AxState(sim): AxState<Simulator>) -> axum::Json<Vec<Value>> {
    let state = sim.lock();
    axum::Json(
        state
            .sessions
            .values()
            .map(|s| {
                json!({ "id": s.id, "name": s.name, "phoneNumber": s.phone_number, "status": s.status,
                        "webhookUrl": s.webhook_url, "qrCode": s.qr })
            })
            .collect(),
    )
}

fn control_session(state: &State, id: &str) -> Result<WaSession, ApiError> {
    id.parse::<u64>()
        .ok()
        .and_then(|id| state.sessions.get(&id).cloned())
        .ok_or_else(|| ApiError::not_found(format!("no Wasender session {id}")))
}

/// The phone scans the QR code: the session connects and says so by webhook.
async fn scan(AxState(sim): AxState<Simulator>, Path(id): Path<String>) -> Result<axum::Json<Value>, ApiError> {
    let session = {
        let mut state = sim.lock();
        let s = control_session(&state, &id)?;
        if s.status != "NEED_SCAN" {
            return Err(ApiError::conflict(format!("session {id} is {}, not waiting for a scan", s.status)));
        }
        let Some(stored) = state.sessions.get_mut(&s.id) else {
            return Err(ApiError::not_found(format!("no Wasender session {id}")));
        };
        stored.status = "connected".into();
        stored.qr = None;
        stored.updated_at = Utc::now();
        stored.clone()
    };
    let payload = json!({
        "event": "session.status",
        "timestamp": Utc::now().timestamp(),
        "data": { "status": "connected", "session_id": session.id.to_string() }
    });
    let outcome = emit(&sim, &session, "session.status", &payload).await;
    Ok(axum::Json(json!({ "status": "connected", "webhookStatus": outcome.status })))
}

#[derive(Deserialize)]
struct CustomerText {
    text: String,
    name: Option<String>,
    /// "messages.received" (one object) or "messages.upsert" (an array), as WasenderAPI sends both.
    event: Option<String>,
}

async fn customer_writes(
    AxState(sim): AxState<Simulator>,
    Path((id, phone)): Path<(String, String)>,
    body: Bytes,
) -> Result<axum::Json<Value>, ApiError> {
    let req: CustomerText = parse(&body)?;
    let customer = digits(&phone);
    if customer.is_empty() || req.text.is_empty() {
        return Err(ApiError::bad("a phone number in the path and a text are required"));
    }
    let event = req.event.unwrap_or_else(|| "messages.received".into());
    if event != "messages.received" && event != "messages.upsert" {
        return Err(ApiError::bad(format!("event must be messages.received or messages.upsert, got {event:?}")));
    }
    let message_id = format!("3EB0{}", ids::hex(16).to_uppercase());
    let jid = format!("{customer}@s.whatsapp.net");
    let message = json!({
        "key": { "id": message_id, "fromMe": false, "remoteJid": jid, "senderPn": jid, "cleanedSenderPn": customer },
        "pushName": req.name.unwrap_or_else(|| format!("Customer {customer}")),
        "messageBody": req.text,
        "message": { "conversation": req.text }
    });
    let session = {
        let mut state = sim.lock();
        let s = control_session(&state, &id)?;
        if s.status != "connected" {
            return Err(ApiError::conflict(format!("session {id} is {}, it receives nothing", s.status)));
        }
        let channel = Channel::Wasender(s.id);
        let now = Utc::now();
        state.last_inbound.insert((channel.clone(), customer.clone()), now);
        let inbound =
            ChatMessage::inbound(message_id.clone(), "text".into(), Some(req.text.clone()), message.clone(), now);
        state.push_message(&channel, &customer, inbound);
        s
    };
    let messages = if event == "messages.upsert" { json!([message]) } else { message.clone() };
    let payload = json!({
        "event": event,
        "timestamp": Utc::now().timestamp(),
        "sessionId": session.api_key,
        "data": { "messages": messages }
    });
    let channel = Channel::Wasender(session.id);
    let outcome = emit(&sim, &session, &event, &payload).await;
    sim.lock().set_webhook_result(&channel, &message_id, outcome.accepted());
    Ok(axum::Json(json!({ "id": message_id, "delivered": outcome.accepted(), "webhookStatus": outcome.status })))
}

async fn chat(
    AxState(sim): AxState<Simulator>,
    Path((id, phone)): Path<(String, String)>,
) -> Result<axum::Json<Vec<ChatMessage>>, ApiError> {
    let state = sim.lock();
    let s = control_session(&state, &id)?;
    Ok(axum::Json(state.chats.get(&(Channel::Wasender(s.id), digits(&phone))).cloned().unwrap_or_default()))
}
