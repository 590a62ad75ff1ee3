//! The simulator's in-memory world: business numbers with their limits and counters, chats per customer,
//! media, templates, Wasender sessions and the log of Graph send requests. Plain data behind one mutex, never
//! held across an await. What it keeps is bounded per customer and in the send log, so a long benchmark run
//! does not grow it without end.

use crate::limits::NumberLoad;
use crate::statuses::{BatchSender, StatusBatching};
use crate::{BusinessNumber, SimConfig};
use bytes::Bytes;
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

/// Messages kept per chat: a chat longer than any test writes, short enough that a bot talking to a
/// benchmark customer for hours stays small. Older ones are forgotten.
pub(crate) const CHAT_KEEP: usize = 1_000;
/// Graph send requests kept for `/api/outbox`; sequence numbers keep counting past it.
pub(crate) const OUTBOX_KEEP: usize = 10_000;

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
    /// The sender's `biz_opaque_callback_data`, echoed in every status of the message.
    #[serde(rename = "bizOpaqueCallbackData", skip_serializing_if = "Option::is_none")]
    pub callback_data: Option<String>,
    /// What every status webhook of the message carries besides the fixed fields (pricing, conversation,
    /// callback data), kept so a read reported later says the same.
    #[serde(skip)]
    pub status_extras: Map<String, Value>,
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
            callback_data: None,
            status_extras: Map::new(),
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub biz_opaque_callback_data: Option<String>,
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
    /// Which customer's chat holds each message id: a status finds its message without a scan of all chats.
    message_index: HashMap<(Channel, String), String>,
    /// When each customer last wrote to each channel: opens the 24-hour window.
    pub last_inbound: HashMap<(Channel, String), DateTime<Utc>>,
    pub conversations: HashMap<(String, String), Conversation>,
    pub names: HashMap<String, String>,
    pub media: HashMap<String, Media>,
    pub templates: BTreeMap<String, Vec<Template>>,
    outbox: VecDeque<OutboxEntry>,
    next_outbox_seq: u64,
    /// Each Cloud number's limits and counters, by phone number id (set before or after it registers).
    pub loads: HashMap<String, NumberLoad>,
    pub batching: StatusBatching,
    pub batchers: HashMap<String, BatchSender>,
    /// Throttle test hook: how often each (number, body) was refused.
    pub throttled: HashMap<String, u32>,
    pub wasender_tokens: HashSet<String>,
    pub sessions: BTreeMap<u64, WaSession>,
    pub next_session_id: u64,
    pub next_wasender_msg: u64,
    /// Parley's click redirect (`{parley}/r/`) that seeded templates' tracked buttons point at; derived from the
    /// public URL when not set.
    pub redirect_base: Option<String>,
}

impl State {
    pub fn new(cfg: SimConfig) -> Self {
        Self {
            cfg,
            numbers: BTreeMap::new(),
            chats: BTreeMap::new(),
            message_index: HashMap::new(),
            last_inbound: HashMap::new(),
            conversations: HashMap::new(),
            names: HashMap::new(),
            media: HashMap::new(),
            templates: BTreeMap::new(),
            outbox: VecDeque::new(),
            next_outbox_seq: 1,
            loads: HashMap::new(),
            batching: StatusBatching::OFF,
            batchers: HashMap::new(),
            throttled: HashMap::new(),
            wasender_tokens: HashSet::from([crate::DEFAULT_WASENDER_TOKEN.to_owned()]),
            sessions: BTreeMap::new(),
            next_session_id: 1,
            next_wasender_msg: 100_000,
            redirect_base: None,
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

    /// Adds a message to a customer's chat, forgetting the oldest past `CHAT_KEEP`.
    pub fn push_message(&mut self, channel: &Channel, customer: &str, message: ChatMessage) {
        self.message_index.insert((channel.clone(), message.id.clone()), customer.to_owned());
        let chat = self.chats.entry((channel.clone(), customer.to_owned())).or_default();
        chat.push(message);
        if chat.len() > CHAT_KEEP {
            let excess = chat.len() - CHAT_KEEP;
            for old in chat.drain(..excess) {
                self.message_index.remove(&(channel.clone(), old.id));
            }
        }
    }

    pub fn find_message_mut(&mut self, channel: &Channel, id: &str) -> Option<&mut ChatMessage> {
        let customer = self.message_index.get(&(channel.clone(), id.to_owned()))?;
        // Statuses are mostly about recent messages: search from the end.
        self.chats.get_mut(&(channel.clone(), customer.clone()))?.iter_mut().rev().find(|m| m.id == id)
    }

    /// Logs a Graph send request for `/api/outbox`, forgetting the oldest past `OUTBOX_KEEP`.
    pub fn log_request(&mut self, mut entry: OutboxEntry) {
        entry.seq = self.next_outbox_seq;
        self.next_outbox_seq += 1;
        self.outbox.push_back(entry);
        if self.outbox.len() > OUTBOX_KEEP {
            self.outbox.pop_front();
        }
    }

    pub fn outbox(&self) -> impl Iterator<Item = &OutboxEntry> {
        self.outbox.iter()
    }

    pub fn load_mut(&mut self, phone_number_id: &str) -> &mut NumberLoad {
        self.loads.entry(phone_number_id.to_owned()).or_default()
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

    /// Gives a business account the approved templates every fresh WABA in the simulator has: Meta's own
    /// `hello_world` sample (no parameters), a utility update, and three shaped like campaign templates (a
    /// marketing offer with an image header and buttons, a utility notice with a document header, a member offer
    /// whose URL button goes through Parley's click redirect).
    pub fn seed_templates(&mut self, waba_id: &str) {
        if self.templates.contains_key(waba_id) {
            return;
        }
        let base = self.redirect_base.clone().unwrap_or_else(|| parley_redirect_base(&self.cfg.public_url));
        let seeded = seeded_templates(&base)
            .into_iter()
            .map(|(name, language, category, components)| Template {
                id: crate::ids::numeric(),
                name: name.into(),
                language: language.into(),
                status: "APPROVED".into(),
                category: category.into(),
                components,
            })
            .collect();
        self.templates.insert(waba_id.to_owned(), seeded);
    }
}

/// Parley's click redirect (`{parley}/r/`) for a simulator mounted at Parley's `/sim`, as the demo and the tests
/// mount it: its public URL without `/sim`.
pub fn parley_redirect_base(sim_public_url: &str) -> String {
    let url = sim_public_url.trim_end_matches('/');
    format!("{}/r/", url.strip_suffix("/sim").unwrap_or(url))
}

/// The approved templates every simulated WhatsApp Business Account starts with: (name, language, category,
/// components). `redirect_base` is Parley's click redirect (`{public_url}/r/`), which `member_offer`'s URL button
/// points at so Parley can count its clicks. Public so a demo can store the same templates before the simulator
/// serves them.
pub fn seeded_templates(redirect_base: &str) -> Vec<(&'static str, &'static str, &'static str, Value)> {
    vec![
        ("hello_world", "en_US", "UTILITY", hello_world()),
        (
            "order_update",
            "en",
            "UTILITY",
            json!([{ "type": "BODY", "text": "Your order {{1}} is {{2}}.",
                         "example": { "body_text": [["#1042", "on its way"]] } }]),
        ),
        ("seasonal_promo", "en", "MARKETING", seasonal_promo()),
        ("invoice_ready", "en", "UTILITY", invoice_ready()),
        ("member_offer", "en", "MARKETING", member_offer(redirect_base)),
    ]
}

/// A marketing offer whose URL button is tracked: the send fills the path after Parley's redirect with a
/// per-recipient token, and the redirect counts the click before sending the person on.
fn member_offer(redirect_base: &str) -> Value {
    json!([
        { "type": "BODY", "text": "Hi {{1}}, members get {{2}} this weekend. Tap below to see your offer.",
          "example": { "body_text": [["Ana", "20% off everything"]] } },
        { "type": "FOOTER", "text": "Not interested? Tap Stop promotions" },
        { "type": "BUTTONS", "buttons": [
            { "type": "QUICK_REPLY", "text": "Stop promotions" },
            { "type": "URL", "text": "See my offer", "url": format!("{redirect_base}{{{{1}}}}"),
              "example": [format!("{redirect_base}k3J9xQ2mVb7L")] }
        ] }
    ])
}

/// Meta's sample template, as every new WhatsApp Business Account gets it.
fn hello_world() -> Value {
    json!([
        { "type": "HEADER", "format": "TEXT", "text": "Hello World" },
        { "type": "BODY", "text": "Welcome and congratulations!! This message demonstrates your ability to send a \
    WhatsApp message notification from the Cloud API, hosted by Meta. Thank you for taking the time to test with us." },
        { "type": "FOOTER", "text": "WhatsApp Business Platform sample message" }
    ])
}

/// A marketing offer: image header, two body variables, a footer, an opt-out quick reply and a URL button whose
/// path the send fills in.
fn seasonal_promo() -> Value {
    json!([
        { "type": "HEADER", "format": "IMAGE",
          "example": { "header_handle": ["4::aW1hZ2UvanBlZw==:ARb-simulated-promo-banner-handle"] } },
        { "type": "BODY", "text": "Hi {{1}}, our {{2}} sale is on: up to 30% off this week only.",
          "example": { "body_text": [["Ana", "summer"]] } },
        { "type": "FOOTER", "text": "Not interested? Tap Stop promotions" },
        { "type": "BUTTONS", "buttons": [
            { "type": "QUICK_REPLY", "text": "Stop promotions" },
            { "type": "URL", "text": "Shop the sale", "url": "https://shop.example.com/sale/{{1}}",
              "example": ["https://shop.example.com/sale/summer-2026"] }
        ] }
    ])
}

/// A utility notice with the invoice attached as its document header.
fn invoice_ready() -> Value {
    json!([
        { "type": "HEADER", "format": "DOCUMENT",
          "example": { "header_handle": ["4::YXBwbGljYXRpb24vcGRm:ARb-simulated-invoice-handle"] } },
        { "type": "BODY", "text": "Hi {{1}}, your invoice {{2}} for {{3}} is attached.",
          "example": { "body_text": [["Ana", "INV-1042", "$42.00"]] } },
        { "type": "FOOTER", "text": "Questions? Just reply to this message." }
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(id: &str) -> ChatMessage {
        ChatMessage::outbound(id.into(), "text".into(), None, Value::Null, None, Utc::now())
    }

    #[test]
    fn a_long_chat_keeps_its_latest_messages_and_finds_them_by_id() {
        let mut state = State::new(SimConfig::default());
        let channel = Channel::Cloud("1".into());
        for i in 0..CHAT_KEEP + 3 {
            state.push_message(&channel, "15550001", text(&format!("m{i}")));
        }
        state.push_message(&channel, "15550002", text("other"));
        assert_eq!(state.chats[&(channel.clone(), "15550001".to_owned())].len(), CHAT_KEEP);
        assert!(state.find_message_mut(&channel, "m2").is_none(), "the oldest are forgotten");
        assert!(state.find_message_mut(&channel, "m3").is_some());
        assert!(state.advance(&channel, &format!("m{}", CHAT_KEEP + 2), MsgStatus::Delivered));
        assert!(state.find_message_mut(&channel, "other").is_some());
        assert!(state.find_message_mut(&Channel::Wasender(1), "other").is_none(), "ids are per channel");
        assert_eq!(state.message_index.len(), CHAT_KEEP + 1);
    }

    #[test]
    fn the_send_log_keeps_the_latest_requests_and_keeps_counting() {
        let mut state = State::new(SimConfig::default());
        for _ in 0..OUTBOX_KEEP + 2 {
            state.log_request(OutboxEntry {
                seq: 0,
                phone_number_id: "1".into(),
                received_at: Utc::now(),
                body: Value::Null,
                response_status: 200,
                biz_opaque_callback_data: None,
            });
        }
        let seqs: Vec<u64> = state.outbox().map(|e| e.seq).collect();
        assert_eq!(seqs.len(), OUTBOX_KEEP);
        assert_eq!((seqs.first(), seqs.last()), (Some(&3), Some(&(OUTBOX_KEEP as u64 + 2))));
    }
}
