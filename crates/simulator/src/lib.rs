//! A local fake of WhatsApp's Graph API and WasenderAPI, with signed webhooks back to Parley: demo mode and tests.
//! It keeps everything in memory and depends only on `parley-whatsapp` (never on store, services or http),
//! so Parley talks to it exactly as to the real APIs, by base URL.
//!
//! Routes, relative to `router()` (Parley nests it at `/sim`):
//! - `/graph/{version}/...`: the Graph API subset Parley uses (messages, media, templates, phone numbers);
//! - `/graph/media-download/{id}`: media bytes, behind the same bearer tokens;
//! - `/wasender/api/...`: the WasenderAPI subset (sessions, QR codes, status, send-message);
//! - `/api/...`: the customer side and controls (customers write, read, scan QR codes; config; outbox;
//!   a number's limits and stats).

mod control;
mod graph;
mod ids;
mod limits;
mod state;
mod statuses;
mod wasender;
mod webhook;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use state::State;
pub use state::{parley_redirect_base, seeded_templates};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

pub use graph::{
    EXPERIMENT_PREFIX, MARKETING_CAPPED_PREFIX, MARKETING_STOPPED_PREFIX, THROTTLED_PREFIX, UNAVAILABLE_PREFIX,
    UNDELIVERABLE_PREFIX,
};
pub use limits::{FailWith, MessagingLimit, NumberLimits, NumberStats, QualityRating};
pub use statuses::StatusBatching;

/// The account token the fake WasenderAPI accepts without registration.
pub const DEFAULT_WASENDER_TOKEN: &str = "sim-wasender-token";

/// Media uploads and base64 bodies can be large; Meta allows documents up to 100 MB.
const BODY_LIMIT: usize = 110 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq)]
pub struct SimConfig {
    /// Time from "sent" to "delivered".
    pub delivered_after: Duration,
    /// Time from "delivered" to "read" when `auto_read` is on.
    pub read_after: Duration,
    /// Share (0..1) of accepted messages that fail as undeliverable (131026).
    pub failure_rate: f64,
    /// Whether customers read every message on their own.
    pub auto_read: bool,
    /// How this simulator's own URLs are written (media downloads, template paging), e.g. "http://127.0.0.1:PORT/sim".
    pub public_url: String,
}

impl Default for SimConfig {
    fn default() -> Self {
        Self {
            delivered_after: Duration::from_secs(1),
            read_after: Duration::from_secs(3),
            failure_rate: 0.0,
            auto_read: true,
            public_url: "http://127.0.0.1:8080/sim".into(),
        }
    }
}

/// A Cloud API number as Meta knows it, with where its webhooks go and how they are signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BusinessNumber {
    pub phone_number_id: String,
    pub waba_id: String,
    pub display_phone_number: String,
    pub verified_name: String,
    pub access_token: String,
    pub app_secret: String,
    pub webhook_url: String,
}

struct Inner {
    state: Mutex<State>,
    http: reqwest::Client,
}

/// The simulator: cheap to clone, every clone sees the same world.
#[derive(Clone)]
pub struct Simulator {
    inner: Arc<Inner>,
}

impl Simulator {
    pub fn new(cfg: SimConfig) -> Self {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .unwrap_or_else(|_| reqwest::Client::new());
        Self { inner: Arc::new(Inner { state: Mutex::new(State::new(cfg)), http }) }
    }

    /// All routes, meant to be nested by the caller: Parley mounts it at `/sim` in demo mode
    /// (`Router::nest("/sim", sim.router())`), `parley simulator` serves it standalone at `/sim` too.
    pub fn router(&self) -> Router {
        Router::new()
            .merge(graph::routes())
            .merge(control::routes())
            .merge(wasender::routes())
            .layer(DefaultBodyLimit::max(BODY_LIMIT))
            .with_state(self.clone())
    }

    /// Registers a number, or replaces the one with the same phone number id; its WABA gets the seed templates.
    pub fn register_number(&self, n: BusinessNumber) {
        let mut state = self.lock();
        state.seed_templates(&n.waba_id);
        state.numbers.insert(n.phone_number_id.clone(), n);
    }

    /// Customers who wrote to a number before this simulator started (a seeded demo's conversations): their
    /// 24-hour windows are open as if it had seen them write, so an agent can answer them.
    pub fn remember_customers(&self, phone_number_id: &str, customers: &[(String, Option<String>, DateTime<Utc>)]) {
        let mut state = self.lock();
        let channel = state::Channel::Cloud(phone_number_id.to_owned());
        for (phone, name, at) in customers {
            let phone = digits(phone);
            if let Some(name) = name {
                state.names.entry(phone.clone()).or_insert_with(|| name.clone());
            }
            let last = state.last_inbound.entry((channel.clone(), phone)).or_insert(*at);
            *last = (*last).max(*at);
        }
    }

    /// The port is known only after binding, so the URL can be set late.
    pub fn set_public_url(&self, url: String) {
        self.lock().cfg.public_url = url.trim_end_matches('/').to_owned();
    }

    /// Where Parley's click redirect is (`{parley}/r/`), when the simulator is not mounted at Parley's `/sim`:
    /// numbers registered afterwards get a `member_offer` template whose button points there.
    pub fn set_redirect_base(&self, url: String) {
        self.lock().redirect_base = Some(url);
    }

    pub fn config(&self) -> SimConfig {
        self.lock().cfg.clone()
    }

    /// Sets how Meta treats a number (throughput cap, messaging tier, quality, a forced error). A number
    /// keeps its limits when registered again; they may be set before it registers.
    pub fn set_limits(&self, phone_number_id: &str, limits: NumberLimits) {
        self.lock().load_mut(phone_number_id).limits = limits;
    }

    pub fn limits(&self, phone_number_id: &str) -> NumberLimits {
        self.lock().loads.get(phone_number_id).map(|l| l.limits).unwrap_or_default()
    }

    /// How the number's senders did against its limits so far.
    pub fn stats(&self, phone_number_id: &str) -> NumberStats {
        self.lock().load_mut(phone_number_id).stats(Utc::now())
    }

    /// Groups status webhooks per number from now on ([`StatusBatching::OFF`]: one webhook per status).
    pub fn set_status_batching(&self, batching: StatusBatching) {
        self.lock().batching = StatusBatching::up_to(batching.max_statuses, batching.max_wait);
    }

    pub fn status_batching(&self) -> StatusBatching {
        self.lock().batching
    }

    /// A poisoned lock only means a handler panicked mid-update; the data is still usable for a fake.
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.inner.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.inner.http
    }
}

/// Serves the simulator at `/sim` on `listener` until the task is dropped.
pub async fn serve(listener: tokio::net::TcpListener, sim: Simulator) -> anyhow::Result<()> {
    let app = Router::new().nest("/sim", sim.router());
    axum::serve(listener, app).await?;
    Ok(())
}

/// The digits of a phone number ("+1 555-0100" gives "15550100").
pub(crate) fn digits(phone: &str) -> String {
    phone.chars().filter(char::is_ascii_digit).collect()
}
