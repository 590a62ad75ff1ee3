//! A typed client for WasenderAPI (QR-session numbers): sessions and their QR codes with the account's
//! personal access token, sending with the session's API key. Only the base URL decides whether it talks
//! to WasenderAPI or to the simulator.

use crate::client::{build_http, join, parse_base, transport, truncate};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Value, json};
use std::fmt;
use std::time::Duration;
use url::Url;

pub const DEFAULT_BASE_URL: &str = "https://www.wasenderapi.com";

/// The events Parley subscribes a new session to.
pub const WEBHOOK_EVENTS: [&str; 5] =
    ["messages.received", "messages.update", "session.status", "qrcode.updated", "messages.upsert"];

const MAX_ERROR_BODY: usize = 500;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WasenderError {
    /// A non-2xx answer with WasenderAPI's `{"success": false, "message": ...}`, or a 2xx with `success: false`.
    Api { status: u16, message: String },
    /// A non-2xx answer without a message (a proxy's error page ...), body cut to 500 characters.
    Http { status: u16, body: String },
    /// Could not connect, or the request timed out.
    Transport(String),
    /// A 2xx answer whose body is not what the endpoint returns.
    Decode(String),
    /// The request could not be built (a malformed base URL); retrying cannot help.
    InvalidRequest(String),
}

impl WasenderError {
    /// Whether retrying later may succeed: transport errors, 5xx and 429.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Api { status, .. } | Self::Http { status, .. } => *status >= 500 || *status == 429,
            Self::Transport(_) => true,
            Self::Decode(_) | Self::InvalidRequest(_) => false,
        }
    }

    /// A short reason to show to an agent.
    pub fn reason(&self) -> String {
        match self {
            Self::Api { message, .. } if !message.is_empty() => message.clone(),
            Self::Api { status, .. } | Self::Http { status, .. } => format!("WasenderAPI answered {status}"),
            Self::Transport(e) => format!("WasenderAPI unreachable: {e}"),
            Self::Decode(e) => format!("unexpected WasenderAPI answer: {e}"),
            Self::InvalidRequest(e) => format!("invalid request: {e}"),
        }
    }
}

impl fmt::Display for WasenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason())
    }
}

impl std::error::Error for WasenderError {}

/// Session states, normalised: WasenderAPI writes them in either case ("connected", "NEED_SCAN").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionStatus {
    Connected,
    Disconnected,
    NeedScan,
    Connecting,
    LoggedOut,
    /// Anything else, as sent.
    Other(String),
}

impl SessionStatus {
    pub fn parse(s: &str) -> Self {
        let key: String =
            s.trim().chars().map(|c| if c == '-' || c == ' ' { '_' } else { c.to_ascii_lowercase() }).collect();
        match key.as_str() {
            "connected" => Self::Connected,
            "disconnected" => Self::Disconnected,
            "need_scan" | "needscan" | "qr" | "qrcode" => Self::NeedScan,
            "connecting" => Self::Connecting,
            "logged_out" | "loggedout" | "logout" => Self::LoggedOut,
            _ => Self::Other(s.to_owned()),
        }
    }

    /// The spelling WasenderAPI uses in answers.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Connected => "connected",
            Self::Disconnected => "disconnected",
            Self::NeedScan => "NEED_SCAN",
            Self::Connecting => "connecting",
            Self::LoggedOut => "logged_out",
            Self::Other(s) => s,
        }
    }
}

impl<'de> Deserialize<'de> for SessionStatus {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Self::parse(&String::deserialize(d)?))
    }
}

impl Serialize for SessionStatus {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Ids arrive as numbers, but nothing forbids strings; either becomes a string.
fn id_string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match Value::deserialize(d)? {
        Value::String(s) => Ok(s),
        Value::Number(n) => Ok(n.to_string()),
        other => Err(serde::de::Error::custom(format!("expected an id, got {other}"))),
    }
}

fn id_number<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    let s = id_string(d)?;
    s.parse().map_err(|_| serde::de::Error::custom(format!("expected a numeric session id, got {s:?}")))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSession {
    pub name: String,
    /// International format, e.g. "+15551234567".
    pub phone_number: String,
    /// Where WasenderAPI posts this session's events.
    pub webhook_url: String,
}

impl NewSession {
    pub fn to_json(&self) -> Value {
        json!({
            "name": self.name,
            "phone_number": self.phone_number,
            "account_protection": true,
            "log_messages": true,
            "webhook_url": self.webhook_url,
            "webhook_enabled": true,
            "webhook_events": WEBHOOK_EVENTS,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Session {
    #[serde(deserialize_with = "id_number")]
    pub id: u64,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub phone_number: String,
    pub status: SessionStatus,
    /// The key for per-session calls (`send`, `status`); keep it secret.
    #[serde(default)]
    pub api_key: Option<String>,
    /// Sent back in `X-Webhook-Signature` on every webhook.
    #[serde(default)]
    pub webhook_secret: Option<String>,
    #[serde(default)]
    pub webhook_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Connected {
    pub status: SessionStatus,
    /// The raw QR string to render ("2@..."), when the phone must scan one.
    #[serde(default, rename = "qrCode")]
    pub qr_code: Option<String>,
}

/// What a session sends: text, or a media URL with the text as its caption.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WasenderSend {
    /// The customer's number, "+" and country code.
    pub to: String,
    pub text: Option<String>,
    pub media: Option<WasenderMedia>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WasenderMedia {
    Image { url: String },
    Video { url: String },
    Audio { url: String },
    Document { url: String, filename: Option<String> },
}

impl WasenderSend {
    pub fn text(to: &str, text: &str) -> Self {
        Self { to: to.to_owned(), text: Some(text.to_owned()), media: None }
    }

    /// The `POST /api/send-message` body.
    pub fn to_json(&self) -> Value {
        let mut body = serde_json::Map::new();
        body.insert("to".into(), json!(self.to));
        if let Some(text) = &self.text {
            body.insert("text".into(), json!(text));
        }
        match &self.media {
            Some(WasenderMedia::Image { url }) => {
                body.insert("imageUrl".into(), json!(url));
            }
            Some(WasenderMedia::Video { url }) => {
                body.insert("videoUrl".into(), json!(url));
            }
            Some(WasenderMedia::Audio { url }) => {
                body.insert("audioUrl".into(), json!(url));
            }
            Some(WasenderMedia::Document { url, filename }) => {
                body.insert("documentUrl".into(), json!(url));
                if let Some(name) = filename {
                    body.insert("fileName".into(), json!(name));
                }
            }
            None => {}
        }
        Value::Object(body)
    }
}

/// A WasenderAPI client. Cheap to clone: the connection pool is shared.
#[derive(Debug, Clone)]
pub struct WasenderClient {
    http: reqwest::Client,
    base_url: String,
    base: Url,
}

impl WasenderClient {
    /// `base_url` is `DEFAULT_BASE_URL` or the simulator's `http://127.0.0.1:PORT/sim/wasender`.
    pub fn new(base_url: &str, timeout: Duration) -> Result<Self, WasenderError> {
        let (base_url, base) = parse_base(base_url).map_err(WasenderError::InvalidRequest)?;
        let http = build_http(timeout).map_err(WasenderError::InvalidRequest)?;
        Ok(Self { http, base_url, base })
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    fn url(&self, segments: &[&str]) -> Url {
        let mut all = vec!["api"];
        all.extend_from_slice(segments);
        join(&self.base, &all)
    }

    /// Creates a session (status "disconnected") subscribed to `WEBHOOK_EVENTS`.
    pub async fn create_session(&self, account_token: &str, new: &NewSession) -> Result<Session, WasenderError> {
        let req = self.http.post(self.url(&["whatsapp-sessions"])).bearer_auth(account_token).json(&new.to_json());
        data(req.send().await).await
    }

    /// Starts the connection; the answer carries a QR code when the phone must scan one.
    pub async fn connect_session(&self, account_token: &str, session_id: u64) -> Result<Connected, WasenderError> {
        let id = session_id.to_string();
        let req = self.http.post(self.url(&["whatsapp-sessions", &id, "connect"])).bearer_auth(account_token);
        data(req.send().await).await
    }

    /// The current QR string (it changes every few seconds until scanned).
    pub async fn qr_code(&self, account_token: &str, session_id: u64) -> Result<String, WasenderError> {
        #[derive(Deserialize)]
        struct Qr {
            #[serde(rename = "qrCode")]
            qr_code: String,
        }
        let id = session_id.to_string();
        let req = self.http.get(self.url(&["whatsapp-sessions", &id, "qrcode"])).bearer_auth(account_token);
        data::<Qr>(req.send().await).await.map(|q| q.qr_code)
    }

    pub async fn get_session(&self, account_token: &str, session_id: u64) -> Result<Session, WasenderError> {
        let id = session_id.to_string();
        data(self.http.get(self.url(&["whatsapp-sessions", &id])).bearer_auth(account_token).send().await).await
    }

    pub async fn delete_session(&self, account_token: &str, session_id: u64) -> Result<(), WasenderError> {
        let id = session_id.to_string();
        let req = self.http.delete(self.url(&["whatsapp-sessions", &id])).bearer_auth(account_token);
        read::<Value>(req.send().await).await.map(|_| ())
    }

    /// The session's connection state, asked with its own API key.
    pub async fn status(&self, api_key: &str) -> Result<SessionStatus, WasenderError> {
        #[derive(Deserialize)]
        struct Status {
            status: SessionStatus,
        }
        let body: Value = read(self.http.get(self.url(&["status"])).bearer_auth(api_key).send().await).await?;
        // Documented as a bare `{"status": ...}`; accept the usual `data` envelope too.
        let inner = body.get("data").filter(|d| d.get("status").is_some()).unwrap_or(&body);
        Status::deserialize(inner).map(|s| s.status).map_err(|e| WasenderError::Decode(e.to_string()))
    }

    /// Sends a message with the session's API key and returns WasenderAPI's message id.
    pub async fn send(&self, api_key: &str, msg: &WasenderSend) -> Result<String, WasenderError> {
        #[derive(Deserialize)]
        struct Sent {
            #[serde(rename = "msgId", deserialize_with = "id_string")]
            msg_id: String,
        }
        let req = self.http.post(self.url(&["send-message"])).bearer_auth(api_key).json(&msg.to_json());
        data::<Sent>(req.send().await).await.map(|s| s.msg_id)
    }
}

fn message_of(v: &Value) -> Option<String> {
    let message = v.get("message").and_then(Value::as_str).map(str::to_owned);
    // Validation failures (422) name the field in `errors`; the first one says the most.
    let detail = v
        .get("errors")
        .and_then(Value::as_object)
        .and_then(|errs| errs.values().next())
        .and_then(|e| e.as_array().and_then(|a| a.first()).or(Some(e)))
        .and_then(Value::as_str)
        .map(str::to_owned);
    match (message, detail) {
        (Some(m), Some(d)) if m != d => Some(format!("{m} ({d})")),
        (m, d) => m.or(d),
    }
}

async fn read<T: DeserializeOwned>(sent: Result<reqwest::Response, reqwest::Error>) -> Result<T, WasenderError> {
    let resp = sent.map_err(|e| WasenderError::Transport(transport(&e)))?;
    let status = resp.status().as_u16();
    let body = resp.bytes().await.map_err(|e| WasenderError::Transport(transport(&e)))?;
    let json: Option<Value> = serde_json::from_slice(&body).ok();
    if !(200..300).contains(&status) {
        return Err(match json.as_ref().and_then(message_of) {
            Some(message) => WasenderError::Api { status, message },
            None => WasenderError::Http { status, body: truncate(&String::from_utf8_lossy(&body), MAX_ERROR_BODY) },
        });
    }
    let json = json.ok_or_else(|| {
        WasenderError::Decode(format!("not JSON: {}", truncate(&String::from_utf8_lossy(&body), MAX_ERROR_BODY)))
    })?;
    if json.get("success").and_then(Value::as_bool) == Some(false) {
        return Err(WasenderError::Api { status, message: message_of(&json).unwrap_or_default() });
    }
    serde_json::from_value(json).map_err(|e| WasenderError::Decode(e.to_string()))
}

/// Reads `{"success": true, "data": T}`.
async fn data<T: DeserializeOwned>(sent: Result<reqwest::Response, reqwest::Error>) -> Result<T, WasenderError> {
    #[derive(Deserialize)]
    struct Envelope<T> {
        data: T,
    }
    read::<Envelope<T>>(sent).await.map(|e| e.data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_normalised_whatever_their_case() {
        assert_eq!(SessionStatus::parse("connected"), SessionStatus::Connected);
        assert_eq!(SessionStatus::parse("CONNECTED"), SessionStatus::Connected);
        assert_eq!(SessionStatus::parse("NEED_SCAN"), SessionStatus::NeedScan);
        assert_eq!(SessionStatus::parse("need-scan"), SessionStatus::NeedScan);
        assert_eq!(SessionStatus::parse("LOGGED_OUT"), SessionStatus::LoggedOut);
        assert_eq!(SessionStatus::parse("Expired"), SessionStatus::Other("Expired".into()));
        let s: Session = serde_json::from_value(json!({ "id": "12", "status": "Disconnected" })).expect("session");
        assert_eq!((s.id, s.status), (12, SessionStatus::Disconnected));
    }

    #[test]
    fn send_bodies_use_wasender_field_names() {
        assert_eq!(WasenderSend::text("+1555", "hi").to_json(), json!({ "to": "+1555", "text": "hi" }));
        let doc = WasenderSend {
            to: "+1555".into(),
            text: Some("your invoice".into()),
            media: Some(WasenderMedia::Document { url: "https://x.test/a.pdf".into(), filename: Some("a.pdf".into()) }),
        };
        assert_eq!(
            doc.to_json(),
            json!({ "to": "+1555", "text": "your invoice", "documentUrl": "https://x.test/a.pdf", "fileName": "a.pdf" })
        );
        let image =
            WasenderSend { to: "+1".into(), text: None, media: Some(WasenderMedia::Image { url: "https://i".into() }) };
        assert_eq!(image.to_json(), json!({ "to": "+1", "imageUrl": "https://i" }));
    }

    #[test]
    fn new_sessions_subscribe_to_every_event_parley_reads() {
        let body = NewSession { name: "Shop".into(), phone_number: "+1555".into(), webhook_url: "https://p/wh".into() }
            .to_json();
        assert_eq!(body["webhook_events"].as_array().map(Vec::len), Some(5));
        assert_eq!((body["account_protection"].as_bool(), body["webhook_enabled"].as_bool()), (Some(true), Some(true)));
    }

    #[test]
    fn error_messages_and_retryability() {
        let validation =
            json!({ "message": "The given data was invalid.", "errors": { "to": ["The to field is required."] } });
        assert_eq!(message_of(&validation).as_deref(), Some("The given data was invalid. (The to field is required.)"));
        assert_eq!(
            message_of(&json!({ "success": false, "message": "Session not connected" })).as_deref(),
            Some("Session not connected")
        );
        assert!(WasenderError::Api { status: 429, message: "slow down".into() }.is_retryable());
        assert!(!WasenderError::Api { status: 422, message: "bad".into() }.is_retryable());
        assert!(WasenderError::Http { status: 502, body: String::new() }.is_retryable());
        assert_eq!(WasenderError::Api { status: 401, message: "Unauthenticated.".into() }.reason(), "Unauthenticated.");
    }
}
