//! The simulator's in-memory world: business numbers, chats per customer, media, templates, Wasender
//! sessions and the log of Graph send requests. Plain data behind one mutex, never held across an await.

use crate::{BusinessNumber, SimConfig};
use bytes::Bytes;
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Where a chat lives: a Cloud API number or a Wasender session.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Channel {
    Cloud(String),
    Wasender(u64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Direction {
    Inbound,
    Outbound,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum MsgStatus {
    Sent,
    Delivered,
    Read,
    Failed,
    Received,
}

impl MsgStatus {
    /// Statuses only move forward, as on WhatsApp: a late "delivered" never undoes "read".
    fn rank(self) -> u8 {
        match self {
            Self::Received => 0,
            Self::Sent => 1,
            Self::Delivered => 2,
            Self::Read => 3,
            Self::Failed => 4,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ChatMessage {
    pub id: String,
    pub direction: Direction,
    #[serde(rename = "type")]
    pub kind: String,
    pub text: Option<String>,
    /// The Graph request body (outbound) or the webhook's message object (inbound).
    pub payload: Value,
    pub status: MsgStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<Value>,
    pub timestamp: DateTime<Utc>,
    /// Whether Parley answered 2xx to the last webhook about this message (None: none sent yet).
    pub webhook_accepted: Option<bool>,
    /// For inbound messages: whether the business marked it read.
    pub read_by_business: bool,
}

impl ChatMessage {
    /// A customer's message to the business.
    pub fn inbound(id: String, kind: String, text: Option<String>, payload: Value, at: DateTime<Utc>) -> Self {
        Self::new(id, Direction::Inbound, kind, text, payload, MsgStatus::Received, None, at)
    }

    /// The business's message to the customer; with an error it failed at once.
    pub fn outbound(
        id: String,
        kind: String,
        text: Option<String>,
        payload: Value,
        error: Option<Value>,
        at: DateTime<Utc>,
    ) -> Self {
        let status = if error.is_some() { MsgStatus::Failed } else { MsgStatus::Sent };
        Self::new(id, Direction::Outbound, kind, text, payload, status, error, at)
    }

    #[allow(clippy::too_many_arguments)]
    fn new(
        id: String,
        direction: Direction,
        kind: String,
        text: Option<String>,
        payload: Value,
        status: MsgStatus,
        error: Option<Value>,
        timestamp: DateTime<Utc>,
    ) -> Self {
        Self {
            id,
            direction,
            kind,
            text,
            payload,
            status,
            error,
            timestamp,
            webhook_accepted: None,
            read_by_business: false,
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Media {
    pub bytes: Bytes,
    pub mime_type: String,
    pub sha256: String,
    pub waba_id: String,
    pub filename: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct Template {
    pub id: u64,
    pub name: String,
    pub language: String,
    pub status: String,
    pub category: String,
    pub components: Value,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct OutboxEntry {
    pub seq: u64,
    pub phone_number_id: String,
    pub received_at: DateTime<Utc>,
    /// The request body as JSON, or as a string when it was not JSON.
    pub body: Value,
    pub response_status: u16,
}

#[derive(Debug, Clone)]
pub(crate) struct WaSession {
    pub id: u64,
    pub name: String,
    pub phone_number: String,
    pub status: String,
    pub api_key: String,
    pub webhook_secret: String,
    pub webhook_url: String,
    pub webhook_enabled: bool,
    pub webhook_events: Vec<String>,
    pub account_protection: bool,
    pub log_messages: bool,
    pub qr: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The 24-hour conversation Meta bills, opened by the first message in it.
#[derive(Debug, Clone)]
pub(crate) struct Conversation {
    pub id: String,
    pub expires: DateTime<Utc>,
}

#[derive(Debug)]
pub(crate) struct State {
    pub cfg: SimConfig,
    pub numbers: BTreeMap<String, BusinessNumber>,
    pub chats: BTreeMap<(Channel, String), Vec<ChatMessage>>,
    /// When each customer last wrote to each channel: opens the 24-hour window.
    pub last_inbound: HashMap<(Channel, String), DateTime<Utc>>,
    pub conversations: HashMap<(String, String), Conversation>,
    pub names: HashMap<String, String>,
    pub media: HashMap<String, Media>,
    pub templates: BTreeMap<String, Vec<Template>>,
    pub outbox: Vec<OutboxEntry>,
    /// Throttle test hook: how often each (number, body) was refused.
    pub throttled: HashMap<String, u32>,
    pub wasender_tokens: HashSet<String>,
    pub sessions: BTreeMap<u64, WaSession>,
    pub next_session_id: u64,
    pub next_wasender_msg: u64,
}

impl State {
    pub fn new(cfg: SimConfig) -> Self {
        Self {
            cfg,
            numbers: BTreeMap::new(),
            chats: BTreeMap::new(),
            last_inbound: HashMap::new(),
            conversations: HashMap::new(),
            names: HashMap::new(),
            media: HashMap::new(),
            templates: BTreeMap::new(),
            outbox: Vec::new(),
            throttled: HashMap::new(),
            wasender_tokens: HashSet::from([crate::DEFAULT_WASENDER_TOKEN.to_owned()]),
            sessions: BTreeMap::new(),
            next_session_id: 1,
            next_wasender_msg: 100_000,
        }
    }

    /// Whether `token` belongs to any number of `waba_id`.
    pub fn token_for_waba(&self, token: Option<&str>, waba_id: &str) -> bool {
        token.is_some_and(|t| self.numbers.values().any(|n| n.waba_id == waba_id && n.access_token == t))
    }

    pub fn token_known(&self, token: Option<&str>) -> bool {
        token.is_some_and(|t| self.numbers.values().any(|n| n.access_token == t))
    }

    pub fn is_waba(&self, id: &str) -> bool {
        self.numbers.values().any(|n| n.waba_id == id)
    }

    pub fn chat_mut(&mut self, channel: &Channel, customer: &str) -> &mut Vec<ChatMessage> {
        self.chats.entry((channel.clone(), customer.to_owned())).or_default()
    }

    pub fn find_message_mut(&mut self, channel: &Channel, id: &str) -> Option<&mut ChatMessage> {
        self.chats
            .iter_mut()
            .filter(|((c, _), _)| c == channel)
            .flat_map(|(_, msgs)| msgs.iter_mut())
            .find(|m| m.id == id)
    }

    /// Moves a message to `status` if that is a step forward; false if it was already there or beyond.
    pub fn advance(&mut self, channel: &Channel, id: &str, status: MsgStatus) -> bool {
        match self.find_message_mut(channel, id) {
            Some(m) if m.status != MsgStatus::Failed && m.status.rank() < status.rank() => {
                m.status = status;
                true
            }
            _ => false,
        }
    }

    pub fn set_webhook_result(&mut self, channel: &Channel, id: &str, accepted: bool) {
        if let Some(m) = self.find_message_mut(channel, id) {
            m.webhook_accepted = Some(accepted);
        }
    }

    pub fn window_open(&self, channel: &Channel, customer: &str, now: DateTime<Utc>) -> bool {
        self.last_inbound
            .get(&(channel.clone(), customer.to_owned()))
            .is_some_and(|t| now.signed_duration_since(*t) < chrono::Duration::hours(24))
    }

    /// The conversation a message to `customer` falls in, opened if none is running.
    pub fn conversation(&mut self, phone_number_id: &str, customer: &str, now: DateTime<Utc>) -> Conversation {
        let key = (phone_number_id.to_owned(), customer.to_owned());
        match self.conversations.get(&key) {
            Some(c) if c.expires > now => c.clone(),
            _ => {
                let c = Conversation { id: crate::ids::hex(32), expires: now + chrono::Duration::hours(24) };
                self.conversations.insert(key, c.clone());
                c
            }
        }
    }

    /// Gives a business account the two approved templates every fresh WABA in the simulator has.
    pub fn seed_templates(&mut self, waba_id: &str) {
        if self.templates.contains_key(waba_id) {
            return;
        }
        let body = |text: &str, example: Value| serde_json::json!([{ "type": "BODY", "text": text, "example": { "body_text": [example] } }]);
        let seeded = vec![
            Template {
                id: crate::ids::numeric(),
                name: "hello_world".into(),
                language: "en_US".into(),
                status: "APPROVED".into(),
                category: "UTILITY".into(),
                components: body("Hello {{1}}, welcome!", serde_json::json!(["Ana"])),
            },
            Template {
                id: crate::ids::numeric(),
                name: "order_update".into(),
                language: "en".into(),
                status: "APPROVED".into(),
                category: "UTILITY".into(),
                components: body("Your order {{1}} is {{2}}.", serde_json::json!(["#1042", "on its way"])),
            },
        ];
        self.templates.insert(waba_id.to_owned(), seeded);
    }
}
