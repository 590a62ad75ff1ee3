//! Status webhooks of outbound Cloud API messages: one webhook per status by default, or, at campaign rates, a
//! number's due statuses gathered into one webhook (Meta's `statuses` array holds several), so hundreds of
//! sends a second do not turn into a thousand webhook requests a second.

use crate::graph::messages_field;
use crate::state::Channel;
use crate::webhook;
use crate::{BusinessNumber, Simulator};
use chrono::Utc;
use serde_json::{Map, Value, json};
use std::time::Duration;
use tokio::sync::mpsc;

/// How status webhooks are grouped, per business number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusBatching {
    /// The most statuses in one webhook; 1 sends every status on its own (the default).
    pub max_statuses: usize,
    /// How long the first status of a batch waits for others.
    pub max_wait: Duration,
}

impl StatusBatching {
    /// One webhook per status. The wait is what batching gets if switched on by its size alone.
    pub const OFF: Self = Self { max_statuses: 1, max_wait: Duration::from_millis(50) };

    /// Up to `max_statuses` in one webhook, none held longer than `max_wait`.
    pub fn up_to(max_statuses: usize, max_wait: Duration) -> Self {
        Self { max_statuses: max_statuses.max(1), max_wait }
    }

    pub fn is_on(&self) -> bool {
        self.max_statuses > 1
    }
}

impl Default for StatusBatching {
    fn default() -> Self {
        Self::OFF
    }
}

/// A status waiting for its batch.
#[derive(Debug)]
pub(crate) struct Pending {
    status: Value,
    wamid: String,
}

pub(crate) type BatchSender = mpsc::UnboundedSender<Pending>;

/// One status object as Meta writes it: what the message carries on every status (`extras`: pricing and
/// conversation, `biz_opaque_callback_data`, or the `errors` of a failure) after the fixed fields.
pub(crate) fn status_object(wamid: &str, customer: &str, status: &str, extras: &Map<String, Value>) -> Value {
    let mut s = Map::with_capacity(4 + extras.len());
    s.insert("id".into(), json!(wamid));
    s.insert("status".into(), json!(status));
    s.insert("timestamp".into(), json!(Utc::now().timestamp().to_string()));
    s.insert("recipient_id".into(), json!(customer));
    s.extend(extras.iter().map(|(k, v)| (k.clone(), v.clone())));
    Value::Object(s)
}

/// Reports one status of an outbound message: at once, or through the number's batch.
pub(crate) async fn emit(
    sim: &Simulator,
    n: &BusinessNumber,
    customer: &str,
    wamid: &str,
    status: &str,
    extras: &Map<String, Value>,
) {
    let pending = Pending { status: status_object(wamid, customer, status, extras), wamid: wamid.to_owned() };
    let batching = sim.lock().batching;
    if batching.is_on() {
        enqueue(sim, &n.phone_number_id, pending);
    } else {
        deliver(sim.clone(), n.clone(), vec![pending]).await;
    }
}

fn enqueue(sim: &Simulator, phone_number_id: &str, pending: Pending) {
    let mut state = sim.lock();
    let pending = match state.batchers.get(phone_number_id) {
        Some(tx) => match tx.send(pending) {
            Ok(()) => return,
            Err(mpsc::error::SendError(back)) => back,
        },
        None => pending,
    };
    // No batcher yet, or its runtime is gone (a simulator outliving a test's runtime): start one here.
    let (tx, rx) = mpsc::unbounded_channel();
    if tx.send(pending).is_err() {
        return;
    }
    state.batchers.insert(phone_number_id.to_owned(), tx);
    drop(state);
    tokio::spawn(batcher(sim.clone(), phone_number_id.to_owned(), rx));
}

/// Gathers a number's statuses: a batch closes when full or when its first status has waited `max_wait`.
async fn batcher(sim: Simulator, phone_number_id: String, mut rx: mpsc::UnboundedReceiver<Pending>) {
    while let Some(first) = rx.recv().await {
        let batching = sim.lock().batching;
        let deadline = tokio::time::Instant::now() + batching.max_wait;
        let mut batch = vec![first];
        while batch.len() < batching.max_statuses {
            match tokio::time::timeout_at(deadline, rx.recv()).await {
                Ok(Some(p)) => batch.push(p),
                Ok(None) | Err(_) => break,
            }
        }
        let number = sim.lock().numbers.get(&phone_number_id).cloned();
        // Each batch on its own task: a slow receiver delays its batch, not the next ones (Meta does not
        // promise order between webhooks either).
        if let Some(n) = number {
            tokio::spawn(deliver(sim.clone(), n, batch));
        }
    }
}

/// Sends one webhook with `batch`'s statuses and records on each message whether Parley took it.
async fn deliver(sim: Simulator, n: BusinessNumber, batch: Vec<Pending>) {
    let (statuses, wamids): (Vec<Value>, Vec<String>) = batch.into_iter().map(|p| (p.status, p.wamid)).unzip();
    let payload = messages_field(&n, json!({ "statuses": statuses }));
    let outcome = webhook::send_meta(sim.http(), &n.webhook_url, &n.app_secret, &payload).await;
    let channel = Channel::Cloud(n.phone_number_id.clone());
    let mut state = sim.lock();
    for wamid in &wamids {
        state.set_webhook_result(&channel, wamid, outcome.accepted());
    }
}
