//! Cloud API webhooks (`object: whatsapp_business_account`): one POST carries entries of changes, each
//! with messages, statuses, message echoes, errors or a template update. Parsing never fails a whole
//! batch for one bad item: a problem becomes `Event::Invalid` with its reason and raw JSON, an unknown
//! field or message type is kept as raw JSON, so nothing Meta sent is dropped.

use chrono::{DateTime, TimeZone, Utc};
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("the body is not JSON: {0}")]
    NotJson(String),
    #[error("not a WhatsApp Business Account webhook (object {0:?})")]
    WrongObject(String),
}

/// The business number an event concerns.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Channel {
    /// The WhatsApp Business Account id (the entry id).
    pub waba_id: String,
    pub phone_number_id: String,
    pub display_phone_number: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// A message from a customer.
    Message(InboundMessage),
    /// A message the business sent from another device (the WhatsApp Business app): `smb_message_echoes`.
    Echo(InboundMessage),
    Status(StatusUpdate),
    TemplateStatus(TemplateStatusUpdate),
    /// An error about the number or app, not tied to a message (e.g. 130429 throughput).
    Error {
        channel: Channel,
        error: WebhookError,
    },
    /// A customer asked to stop (or resume) marketing messages: `user_preferences`.
    UserPreference(UserPreference),
    /// A field this version does not know, kept whole.
    Unknown {
        field: String,
        raw: Value,
    },
    /// An item that could not be understood (missing sender, bad timestamp ...), with the reason.
    Invalid {
        reason: String,
        raw: Value,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct UserPreference {
    pub channel: Channel,
    /// The customer's number (digits, no `+`).
    pub wa_id: String,
    /// `marketing_messages` today.
    pub category: String,
    /// `stop` or `resume`.
    pub value: String,
    pub timestamp: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookError {
    pub code: i64,
    pub title: String,
    pub message: Option<String>,
    pub details: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct InboundMessage {
    pub channel: Channel,
    /// The WhatsApp message id (`wamid...`): the deduplication key.
    pub id: String,
    /// The customer's number (digits, no `+`) when WhatsApp shares it.
    pub from: Option<String>,
    /// The business-scoped user id (BSUID), present when the number is hidden and in newer payloads.
    pub from_user_id: Option<String>,
    /// For echoes: who the business wrote to.
    pub to: Option<String>,
    pub profile_name: Option<String>,
    pub username: Option<String>,
    pub timestamp: DateTime<Utc>,
    pub kind: MessageKind,
    pub context: Option<Context>,
    pub referral: Option<Value>,
    pub errors: Vec<WebhookError>,
    /// Why the content could not be read (the message is kept as `Unsupported` with its raw JSON).
    pub problem: Option<String>,
    pub raw: Value,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context {
    /// The message this one replies to (or the message a button belongs to).
    pub message_id: Option<String>,
    pub forwarded: bool,
    pub frequently_forwarded: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaType {
    Image,
    Video,
    Audio,
    Document,
    Sticker,
}

impl MediaType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Image => "image",
            Self::Video => "video",
            Self::Audio => "audio",
            Self::Document => "document",
            Self::Sticker => "sticker",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum MessageKind {
    Text {
        body: String,
    },
    Media {
        media_type: MediaType,
        /// Fetch with the Graph API media endpoint.
        media_id: Option<String>,
        /// Some payloads carry a direct URL as well.
        url: Option<String>,
        mime_type: Option<String>,
        sha256: Option<String>,
        caption: Option<String>,
        filename: Option<String>,
        /// An audio message recorded as a voice note.
        voice: bool,
    },
    Location {
        latitude: f64,
        longitude: f64,
        name: Option<String>,
        address: Option<String>,
    },
    /// Shared contact cards, as sent.
    Contacts {
        contacts: Value,
    },
    /// An emoji on an earlier message; `None` removes the reaction.
    Reaction {
        message_id: String,
        emoji: Option<String>,
    },
    /// A reply button (interactive `button_reply`) or a template quick-reply button (`button`).
    ButtonReply {
        id: Option<String>,
        title: String,
        payload: Option<String>,
    },
    ListReply {
        id: String,
        title: String,
        description: Option<String>,
    },
    Order {
        catalog_id: Option<String>,
        items: Value,
    },
    /// A system notice (number changed, identity changed).
    System {
        body: String,
        system_type: Option<String>,
    },
    /// The customer deleted a message.
    Revoke {
        original_message_id: String,
    },
    /// The customer edited a message; `message` is the new version as sent.
    Edit {
        original_message_id: String,
        message: Value,
    },
    /// A type WhatsApp marks unsupported, or one this version does not know; the raw JSON keeps it all.
    Unsupported {
        type_name: String,
    },
}

impl MessageKind {
    /// The type name stored with the message.
    pub fn type_name(&self) -> &str {
        match self {
            Self::Text { .. } => "text",
            Self::Media { media_type, voice: true, .. } if *media_type == MediaType::Audio => "voice",
            Self::Media { media_type, .. } => media_type.as_str(),
            Self::Location { .. } => "location",
            Self::Contacts { .. } => "contacts",
            Self::Reaction { .. } => "reaction",
            Self::ButtonReply { .. } => "button_reply",
            Self::ListReply { .. } => "list_reply",
            Self::Order { .. } => "order",
            Self::System { .. } => "system",
            Self::Revoke { .. } => "revoke",
            Self::Edit { .. } => "edit",
            Self::Unsupported { type_name } => type_name,
        }
    }
}

/// Delivery states of an outbound message. `Sent < Delivered < Read`; `Failed` carries errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeliveryStatus {
    Sent,
    Delivered,
    Read,
    Failed,
    /// A status this version does not know (e.g. `deleted`, `warning`).
    Other(String),
}

impl DeliveryStatus {
    fn parse(s: &str) -> Self {
        match s {
            "sent" => Self::Sent,
            "delivered" => Self::Delivered,
            "read" => Self::Read,
            "failed" => Self::Failed,
            other => Self::Other(other.to_owned()),
        }
    }

    /// Order for monotonic updates: a status only replaces one of lower rank, so a late "delivered"
    /// never overwrites "read". Failed outranks everything: it is final.
    pub fn rank(&self) -> u8 {
        match self {
            Self::Other(_) => 0,
            Self::Sent => 1,
            Self::Delivered => 2,
            Self::Read => 3,
            Self::Failed => 4,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct StatusUpdate {
    pub channel: Channel,
    /// The WhatsApp id of the message this status is about.
    pub message_id: String,
    pub status: DeliveryStatus,
    pub timestamp: DateTime<Utc>,
    pub recipient_id: Option<String>,
    pub errors: Vec<WebhookError>,
    pub raw: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TemplateStatusUpdate {
    pub waba_id: String,
    /// APPROVED, REJECTED, PAUSED, DISABLED ...
    pub event: String,
    pub template_id: String,
    pub name: Option<String>,
    pub language: Option<String>,
    pub reason: Option<String>,
    pub raw: Value,
}

fn str_of(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Unix seconds, given as a string (Meta) or a number.
fn timestamp_of(v: &Value) -> Result<DateTime<Utc>, String> {
    let raw = str_of(v, "timestamp").ok_or("missing timestamp")?;
    let secs: i64 = raw.parse().map_err(|_| format!("invalid timestamp {raw:?}"))?;
    Utc.timestamp_opt(secs, 0).single().ok_or_else(|| format!("timestamp out of range: {secs}"))
}

fn errors_of(v: &Value) -> Vec<WebhookError> {
    v.get("errors")
        .and_then(Value::as_array)
        .map(|errs| {
            errs.iter()
                .map(|e| WebhookError {
                    code: e.get("code").and_then(Value::as_i64).unwrap_or(0),
                    title: str_of(e, "title").unwrap_or_default(),
                    message: str_of(e, "message"),
                    details: e.get("error_data").and_then(|d| str_of(d, "details")),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Parses a webhook body. Fails only when the body is not JSON or not a WhatsApp Business Account
/// webhook at all; everything inside becomes events.
pub fn parse_webhook(body: &[u8]) -> Result<Vec<Event>, ParseError> {
    let root: Value = serde_json::from_slice(body).map_err(|e| ParseError::NotJson(e.to_string()))?;
    let object = root.get("object").and_then(Value::as_str).unwrap_or_default();
    if object != "whatsapp_business_account" {
        return Err(ParseError::WrongObject(object.to_owned()));
    }
    let mut events = Vec::new();
    for entry in root.get("entry").and_then(Value::as_array).into_iter().flatten() {
        let waba_id = str_of(entry, "id").unwrap_or_default();
        for change in entry.get("changes").and_then(Value::as_array).into_iter().flatten() {
            parse_change(&waba_id, change, &mut events);
        }
    }
    Ok(events)
}

fn parse_change(waba_id: &str, change: &Value, out: &mut Vec<Event>) {
    let field = change.get("field").and_then(Value::as_str).unwrap_or_default();
    let Some(value) = change.get("value") else {
        out.push(Event::Invalid { reason: "change without value".into(), raw: change.clone() });
        return;
    };
    let channel = Channel {
        waba_id: waba_id.to_owned(),
        phone_number_id: value.get("metadata").and_then(|m| str_of(m, "phone_number_id")).unwrap_or_default(),
        display_phone_number: value.get("metadata").and_then(|m| str_of(m, "display_phone_number")).unwrap_or_default(),
    };
    match field {
        "messages" => {
            let contacts = value.get("contacts").and_then(Value::as_array).cloned().unwrap_or_default();
            for m in value.get("messages").and_then(Value::as_array).into_iter().flatten() {
                out.push(match parse_message(&channel, &contacts, m, false) {
                    Ok(msg) => Event::Message(msg),
                    Err(reason) => Event::Invalid { reason, raw: m.clone() },
                });
            }
            for s in value.get("statuses").and_then(Value::as_array).into_iter().flatten() {
                out.push(match parse_status(&channel, s) {
                    Ok(st) => Event::Status(st),
                    Err(reason) => Event::Invalid { reason, raw: s.clone() },
                });
            }
            if value.get("messages").is_none() && value.get("statuses").is_none() {
                for error in errors_of(value) {
                    out.push(Event::Error { channel: channel.clone(), error });
                }
            }
        }
        "smb_message_echoes" => {
            let contacts = value.get("contacts").and_then(Value::as_array).cloned().unwrap_or_default();
            for m in value.get("message_echoes").and_then(Value::as_array).into_iter().flatten() {
                out.push(match parse_message(&channel, &contacts, m, true) {
                    Ok(msg) => Event::Echo(msg),
                    Err(reason) => Event::Invalid { reason, raw: m.clone() },
                });
            }
        }
        "message_template_status_update" => out.push(match str_of(value, "message_template_id") {
            Some(template_id) => Event::TemplateStatus(TemplateStatusUpdate {
                waba_id: waba_id.to_owned(),
                event: str_of(value, "event").unwrap_or_default(),
                template_id,
                name: str_of(value, "message_template_name"),
                language: str_of(value, "message_template_language"),
                reason: str_of(value, "reason").filter(|r| r != "NONE"),
                raw: value.clone(),
            }),
            None => Event::Invalid { reason: "template update without message_template_id".into(), raw: value.clone() },
        }),
        "user_preferences" => {
            for p in value.get("user_preferences").and_then(Value::as_array).into_iter().flatten() {
                let parsed = (|| -> Result<UserPreference, String> {
                    Ok(UserPreference {
                        channel: channel.clone(),
                        wa_id: str_of(p, "wa_id").filter(|s| !s.is_empty()).ok_or("preference without wa_id")?,
                        category: str_of(p, "category").unwrap_or_default(),
                        value: str_of(p, "value").ok_or("preference without value")?,
                        timestamp: timestamp_of(p)?,
                    })
                })();
                out.push(match parsed {
                    Ok(pref) => Event::UserPreference(pref),
                    Err(reason) => Event::Invalid { reason, raw: p.clone() },
                });
            }
        }
        other => out.push(Event::Unknown { field: other.to_owned(), raw: change.clone() }),
    }
}

fn parse_message(channel: &Channel, contacts: &[Value], m: &Value, echo: bool) -> Result<InboundMessage, String> {
    let id = str_of(m, "id").filter(|s| !s.is_empty()).ok_or("missing message id")?;
    let from = str_of(m, "from").filter(|s| !s.is_empty());
    let from_user_id = str_of(m, "from_user_id");
    if !echo && from.is_none() && from_user_id.is_none() {
        return Err("missing from".into());
    }
    let timestamp = timestamp_of(m)?;
    // The contact entry for this sender: by number, else by business-scoped id, else the only one.
    let contact = contacts
        .iter()
        .find(|c| from.is_some() && str_of(c, "wa_id") == from)
        .or_else(|| contacts.iter().find(|c| from_user_id.is_some() && str_of(c, "user_id") == from_user_id))
        .or_else(|| if contacts.len() == 1 { contacts.first() } else { None });
    let profile = contact.and_then(|c| c.get("profile"));
    let context = m.get("context").map(|c| Context {
        message_id: str_of(c, "id"),
        forwarded: c.get("forwarded").and_then(Value::as_bool).unwrap_or(false),
        frequently_forwarded: c.get("frequently_forwarded").and_then(Value::as_bool).unwrap_or(false),
    });
    // A message whose content is malformed is still a message: keep it, say why, store the raw JSON.
    let (kind, problem) = match parse_kind(m) {
        Ok(kind) => (kind, None),
        Err(problem) => (
            MessageKind::Unsupported { type_name: str_of(m, "type").unwrap_or_else(|| "unknown".into()) },
            Some(problem),
        ),
    };
    Ok(InboundMessage {
        channel: channel.clone(),
        id,
        from: if echo { None } else { from },
        from_user_id: from_user_id.or_else(|| contact.and_then(|c| str_of(c, "user_id"))),
        to: if echo { str_of(m, "to") } else { None },
        profile_name: profile.and_then(|p| str_of(p, "name")),
        username: profile.and_then(|p| str_of(p, "username")),
        timestamp,
        kind,
        context,
        referral: m.get("referral").cloned(),
        errors: errors_of(m),
        problem,
        raw: m.clone(),
    })
}

fn parse_kind(m: &Value) -> Result<MessageKind, String> {
    let type_name = str_of(m, "type").unwrap_or_else(|| "unknown".into());
    let body = |key: &str| m.get(key).ok_or_else(|| format!("{type_name} message without its {key} object"));
    let media = |media_type: MediaType, voice: bool| -> Result<MessageKind, String> {
        let o = body(media_type.as_str())?;
        Ok(MessageKind::Media {
            media_type,
            media_id: str_of(o, "id"),
            url: str_of(o, "url").or_else(|| str_of(o, "link")),
            mime_type: str_of(o, "mime_type"),
            sha256: str_of(o, "sha256"),
            caption: str_of(o, "caption"),
            filename: str_of(o, "filename"),
            voice: voice || o.get("voice").and_then(Value::as_bool).unwrap_or(false),
        })
    };
    Ok(match type_name.as_str() {
        "text" => MessageKind::Text { body: str_of(body("text")?, "body").unwrap_or_default() },
        "image" => media(MediaType::Image, false)?,
        "video" => media(MediaType::Video, false)?,
        "audio" => media(MediaType::Audio, false)?,
        "voice" => {
            // Some senders label voice notes as their own type with an `audio` or `voice` object.
            let key = if m.get("voice").is_some() { "voice" } else { "audio" };
            let o = body(key)?;
            MessageKind::Media {
                media_type: MediaType::Audio,
                media_id: str_of(o, "id"),
                url: str_of(o, "url"),
                mime_type: str_of(o, "mime_type"),
                sha256: str_of(o, "sha256"),
                caption: None,
                filename: None,
                voice: true,
            }
        }
        "document" => media(MediaType::Document, false)?,
        "sticker" => media(MediaType::Sticker, false)?,
        "location" => {
            let o = body("location")?;
            let coord = |k: &str| o.get(k).and_then(Value::as_f64).ok_or_else(|| format!("location without {k}"));
            MessageKind::Location {
                latitude: coord("latitude")?,
                longitude: coord("longitude")?,
                name: str_of(o, "name"),
                address: str_of(o, "address"),
            }
        }
        "contacts" => MessageKind::Contacts { contacts: body("contacts")?.clone() },
        "reaction" => {
            let o = body("reaction")?;
            MessageKind::Reaction {
                message_id: str_of(o, "message_id").ok_or("reaction without message_id")?,
                emoji: str_of(o, "emoji").filter(|e| !e.is_empty()),
            }
        }
        "button" => {
            let o = body("button")?;
            MessageKind::ButtonReply {
                id: None,
                title: str_of(o, "text").unwrap_or_default(),
                payload: str_of(o, "payload"),
            }
        }
        "interactive" => {
            let o = body("interactive")?;
            match str_of(o, "type").as_deref() {
                Some("button_reply") => {
                    let r = o.get("button_reply").ok_or("interactive button_reply without its object")?;
                    MessageKind::ButtonReply {
                        id: str_of(r, "id"),
                        title: str_of(r, "title").unwrap_or_default(),
                        payload: None,
                    }
                }
                Some("list_reply") => {
                    let r = o.get("list_reply").ok_or("interactive list_reply without its object")?;
                    MessageKind::ListReply {
                        id: str_of(r, "id").unwrap_or_default(),
                        title: str_of(r, "title").unwrap_or_default(),
                        description: str_of(r, "description"),
                    }
                }
                other => MessageKind::Unsupported { type_name: format!("interactive:{}", other.unwrap_or("unknown")) },
            }
        }
        "order" => {
            let o = body("order")?;
            MessageKind::Order {
                catalog_id: str_of(o, "catalog_id"),
                items: o.get("product_items").cloned().unwrap_or(Value::Null),
            }
        }
        "system" => {
            let o = body("system")?;
            MessageKind::System { body: str_of(o, "body").unwrap_or_default(), system_type: str_of(o, "type") }
        }
        "revoke" => MessageKind::Revoke {
            original_message_id: str_of(body("revoke")?, "original_message_id")
                .ok_or("revoke without original_message_id")?,
        },
        "edit" => {
            let o = body("edit")?;
            MessageKind::Edit {
                original_message_id: str_of(o, "original_message_id").ok_or("edit without original_message_id")?,
                message: o.get("message").cloned().unwrap_or(Value::Null),
            }
        }
        "unsupported" | "unknown" => MessageKind::Unsupported {
            type_name: m.get("unsupported").and_then(|u| str_of(u, "type")).unwrap_or_else(|| "unsupported".into()),
        },
        other => MessageKind::Unsupported { type_name: other.to_owned() },
    })
}

fn parse_status(channel: &Channel, s: &Value) -> Result<StatusUpdate, String> {
    Ok(StatusUpdate {
        channel: channel.clone(),
        message_id: str_of(s, "id").filter(|i| !i.is_empty()).ok_or("status without message id")?,
        status: DeliveryStatus::parse(&str_of(s, "status").ok_or("status without status")?),
        timestamp: timestamp_of(s)?,
        recipient_id: str_of(s, "recipient_id").or_else(|| str_of(s, "recipient_user_id")),
        errors: errors_of(s),
        raw: s.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn wrap(field: &str, value: Value) -> Vec<u8> {
        json!({ "object": "whatsapp_business_account", "entry": [{ "id": "WABA", "changes": [{ "field": field, "value": value }] }] })
            .to_string()
            .into_bytes()
    }

    #[test]
    fn marketing_stop_and_resume_are_read_from_user_preferences() {
        let body = wrap(
            "user_preferences",
            json!({ "messaging_product": "whatsapp", "metadata": { "phone_number_id": "PN", "display_phone_number": "1555" },
                    "contacts": [{ "profile": { "name": "Ana" }, "wa_id": "16505551234" }],
                    "user_preferences": [
                        { "wa_id": "16505551234", "detail": "User requested to stop marketing messages",
                          "category": "marketing_messages", "value": "stop", "timestamp": 1731705721 },
                        { "category": "marketing_messages", "value": "resume", "timestamp": 1731705722 }
                    ] }),
        );
        let events = parse_webhook(&body).expect("parses");
        let Event::UserPreference(p) = &events[0] else { panic!("expected a preference: {events:?}") };
        assert_eq!(
            (p.wa_id.as_str(), p.value.as_str(), p.category.as_str()),
            ("16505551234", "stop", "marketing_messages")
        );
        assert_eq!(p.channel.phone_number_id, "PN");
        assert!(matches!(&events[1], Event::Invalid { reason, .. } if reason.contains("wa_id")));
    }

    #[test]
    fn one_bad_message_does_not_lose_the_others() {
        let body = wrap(
            "messages",
            json!({ "metadata": { "phone_number_id": "PN", "display_phone_number": "1555" },
                    "messages": [
                        { "id": "wamid.1", "timestamp": "1700000000", "type": "text", "text": { "body": "no sender" } },
                        { "from": "15550001", "id": "wamid.2", "timestamp": "yesterday", "type": "text", "text": { "body": "bad time" } },
                        { "from": "15550001", "id": "wamid.3", "timestamp": "1700000000", "type": "hologram", "hologram": {} },
                        { "from": "15550001", "id": "wamid.4", "timestamp": 1700000001, "type": "text", "text": { "body": "fine" } }
                    ] }),
        );
        let events = parse_webhook(&body).expect("parses");
        assert_eq!(events.len(), 4);
        assert!(matches!(&events[0], Event::Invalid { reason, .. } if reason == "missing from"));
        assert!(matches!(&events[1], Event::Invalid { reason, .. } if reason.contains("invalid timestamp")));
        assert!(
            matches!(&events[2], Event::Message(m) if m.kind.type_name() == "hologram" && m.raw["hologram"].is_object())
        );
        let Event::Message(m) = &events[3] else { panic!("expected a message") };
        assert_eq!(m.kind, MessageKind::Text { body: "fine".into() });
        assert_eq!(m.channel.phone_number_id, "PN");
        assert_eq!(m.timestamp.timestamp(), 1_700_000_001);
    }

    #[test]
    fn not_a_whatsapp_webhook_is_refused_whole() {
        assert!(matches!(parse_webhook(b"{\"object\":\"page\"}"), Err(ParseError::WrongObject(_))));
        assert!(matches!(parse_webhook(b"{\"object\":"), Err(ParseError::NotJson(_))));
    }

    #[test]
    fn status_ranks_make_updates_monotonic() {
        assert!(DeliveryStatus::Read.rank() > DeliveryStatus::Delivered.rank());
        assert!(DeliveryStatus::Delivered.rank() > DeliveryStatus::Sent.rank());
        assert!(DeliveryStatus::Failed.rank() > DeliveryStatus::Read.rank());
    }
}
