//! WasenderAPI webhooks (QR-session numbers): `{"event": "...", "sessionId"?, "timestamp"?, "data": {...}}`.
//! Messages arrive as one object (`messages.received`) or an array (`messages.upsert`); delivery updates
//! carry an integer status and a timestamp in milliseconds where other events use seconds.

use chrono::{DateTime, TimeZone, Utc};
use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
pub enum WasenderEvent {
    Messages {
        session_id: Option<String>,
        messages: Vec<WasenderMessage>,
    },
    Status {
        session_id: Option<String>,
        message_id: String,
        status: WasenderStatus,
        timestamp: Option<DateTime<Utc>>,
    },
    Session {
        session_id: Option<String>,
        status: String,
    },
    Qr {
        session_id: Option<String>,
        qr: String,
    },
    /// An event this version does not handle, kept whole.
    Unknown {
        event: String,
        raw: Value,
    },
    /// A known event missing what it needs, with the reason.
    Invalid {
        reason: String,
        raw: Value,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct WasenderMessage {
    pub id: String,
    pub from_me: bool,
    pub remote_jid: String,
    /// The customer's number (digits), from `cleanedSenderPn` or a `@s.whatsapp.net` jid.
    pub phone: Option<String>,
    pub text: Option<String>,
    pub raw: Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WasenderStatus {
    Error,
    Pending,
    Sent,
    Delivered,
    Read,
    Played,
    Unknown(i64),
}

impl WasenderStatus {
    pub fn from_code(code: i64) -> Self {
        match code {
            0 => Self::Error,
            1 => Self::Pending,
            2 => Self::Sent,
            3 => Self::Delivered,
            4 => Self::Read,
            5 => Self::Played,
            other => Self::Unknown(other),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("the body is not JSON: {0}")]
    NotJson(String),
    #[error("the payload has no event name")]
    NoEvent,
}

fn str_of(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Seconds or milliseconds since the epoch (Wasender uses both).
fn time_of(v: &Value) -> Option<DateTime<Utc>> {
    let n = v.get("timestamp")?.as_i64()?;
    // Checked: a far-off (or hostile) number of seconds overflowed the multiplication and panicked (found by the
    // wasender_webhook fuzz target); an unrepresentable time is no time, like any other bad timestamp.
    let millis = if n > 100_000_000_000 { n } else { n.checked_mul(1000)? };
    Utc.timestamp_millis_opt(millis).single()
}

fn message(m: &Value) -> Result<WasenderMessage, String> {
    let key = m.get("key").ok_or("message without key")?;
    let id = str_of(key, "id").filter(|s| !s.is_empty()).ok_or("message without key.id")?;
    let remote_jid = str_of(key, "remoteJid").unwrap_or_default();
    let phone = str_of(key, "cleanedSenderPn").or_else(|| {
        [str_of(key, "senderPn"), Some(remote_jid.clone())]
            .into_iter()
            .flatten()
            .find_map(|jid| jid.strip_suffix("@s.whatsapp.net").map(str::to_owned))
    });
    let text = str_of(m, "messageBody").or_else(|| {
        let inner = m.get("message")?;
        str_of(inner, "conversation").or_else(|| inner.get("extendedTextMessage").and_then(|e| str_of(e, "text")))
    });
    Ok(WasenderMessage {
        id,
        from_me: key.get("fromMe").and_then(Value::as_bool).unwrap_or(false),
        remote_jid,
        phone,
        text,
        raw: m.clone(),
    })
}

pub fn parse_webhook(body: &[u8]) -> Result<WasenderEvent, ParseError> {
    let root: Value = serde_json::from_slice(body).map_err(|e| ParseError::NotJson(e.to_string()))?;
    let event = root.get("event").and_then(Value::as_str).ok_or(ParseError::NoEvent)?.to_owned();
    let session_id = str_of(&root, "sessionId");
    let data = root.get("data").cloned().unwrap_or(Value::Null);
    let invalid = |reason: &str| WasenderEvent::Invalid { reason: reason.to_owned(), raw: root.clone() };
    Ok(match event.as_str() {
        "messages.received" | "messages.upsert" | "message.received" | "message.personal.received" => {
            let list = match data.get("messages") {
                Some(Value::Array(items)) => items.clone(),
                Some(one @ Value::Object(_)) => vec![one.clone()],
                _ => return Ok(invalid("no messages in data")),
            };
            match list.iter().map(message).collect::<Result<Vec<_>, _>>() {
                Ok(messages) => WasenderEvent::Messages { session_id, messages },
                Err(reason) => invalid(&reason),
            }
        }
        "messages.update" => {
            let id = data.get("key").and_then(|k| str_of(k, "id"));
            let code = data.get("update").and_then(|u| u.get("status")).and_then(Value::as_i64);
            match (id, code) {
                (Some(message_id), Some(code)) => WasenderEvent::Status {
                    session_id,
                    message_id,
                    status: WasenderStatus::from_code(code),
                    timestamp: time_of(&root),
                },
                _ => invalid("messages.update without key.id or update.status"),
            }
        }
        "session.status" => match str_of(&data, "status") {
            Some(status) => {
                WasenderEvent::Session { session_id: session_id.or_else(|| str_of(&data, "session_id")), status }
            }
            None => invalid("session.status without status"),
        },
        "qrcode.updated" => match str_of(&data, "qr") {
            Some(qr) => WasenderEvent::Qr { session_id, qr },
            None => invalid("qrcode.updated without qr"),
        },
        _ => WasenderEvent::Unknown { event, raw: root },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_without_a_key_is_invalid_not_dropped() {
        let e =
            parse_webhook(br#"{"event":"messages.upsert","data":{"messages":[{"messageBody":"hi"}]}}"#).expect("json");
        assert!(matches!(e, WasenderEvent::Invalid { ref reason, .. } if reason == "message without key"));
        assert_eq!(parse_webhook(br#"{"data":{}}"#), Err(ParseError::NoEvent));
    }

    #[test]
    fn milliseconds_and_seconds_give_the_same_instant() {
        let s = time_of(&serde_json::json!({ "timestamp": 1_747_775_431 })).expect("seconds");
        let ms = time_of(&serde_json::json!({ "timestamp": 1_747_775_431_000i64 })).expect("millis");
        assert_eq!(s, ms);
    }

    #[test]
    fn a_timestamp_too_far_in_the_past_is_no_time_not_a_panic() {
        assert_eq!(time_of(&serde_json::json!({ "timestamp": -100_000_000_000_000_000i64 })), None);
        assert_eq!(time_of(&serde_json::json!({ "timestamp": i64::MIN })), None);
        let e = parse_webhook(
            br#"{"event":"messages.update","timestamp":-100000000000000000,"data":{"key":{"id":"m1"},"update":{"status":3}}}"#,
        )
        .expect("json");
        assert!(matches!(e, WasenderEvent::Status { timestamp: None, .. }), "{e:?}");
    }
}
