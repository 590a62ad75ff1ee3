//! A local, stateful fake of the Stripe API subset Parley uses, with hosted Checkout and Portal pages, signed
//! webhooks and a test clock: demo mode and tests. It keeps everything in memory and depends on no Parley crate
//! (never on store, services, http or billing), so the gateway talks to it exactly as to Stripe: only the base
//! URL (`{base}/`, the client appends `v1/...`) and the key (any `sk_test_...`) change.
//!
//! Every object it answers is an async-stripe (`=1.0.0-rc.10`) struct filled from the simulator's state and
//! serialized by async-stripe itself, so it carries every field the client requires (`objects.rs`).
//!
//! Routes, relative to `router()` (`serve` mounts it at `/`, Parley may nest it at `/stripe-sim`):
//! - `/v1/customers` (create, list by `email`), `/v1/customers/{id}` (get, update);
//! - `/v1/products`, `/v1/products/{id}`; `/v1/prices` (create, list by `product`/`active`), `/v1/prices/{id}`;
//! - `/v1/checkout/sessions` (create, subscription mode), `/v1/checkout/sessions/{id}`;
//! - `/v1/billing_portal/sessions` (create);
//! - `/v1/subscriptions` (list by `customer`/`status`), `/v1/subscriptions/{id}` (get, update, DELETE cancels);
//! - `/v1/subscription_schedules` (create `from_subscription`), `/v1/subscription_schedules/{id}` (get, update
//!   phases), `/v1/subscription_schedules/{id}/release`;
//! - `/v1/invoices/create_preview`, `/v1/invoices` (list), `/v1/invoices/{id}`;
//! - `/v1/payment_methods` (list a customer's cards), `/v1/events`, `/v1/events/{id}`;
//! - `/checkout/{id}` (hosted Checkout page, POST pays), `/portal/{id}` and `/portal/{id}/{cancel,resume,card}`
//!   (hosted Portal), `/invoices/{id}` (hosted invoice page), `/invoices/{id}/pdf`;
//! - `/_sim/clock` (GET), `/_sim/clock/advance` (`{"seconds":N}` or `{"to":unix}`), `/_sim/webhook_endpoints`,
//!   `/_sim/deliveries`, `/_sim/events/{id}/resend`, `/_sim/reset`: test controls, no key needed.
//!
//! `/v1` wants `Authorization: Bearer sk_test_...` (401 otherwise), reads form bodies with bracket keys, answers
//! JSON and Stripe-shaped errors, and replays the first answer for a repeated `Idempotency-Key`.
//!
//! Test cards: `4242 4242 4242 4242` pays; `4000 0000 0000 0002` is declined; `4000 0000 0000 0341` attaches and
//! pays at Checkout, then every later charge (renewals, retries, trial end) fails.

mod api;
mod billing;
mod control;
mod events;
mod form;
mod ids;
mod objects;
mod pages;
mod pdf;
mod state;
mod webhook;

use axum::Router;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use state::State;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// What happens when a trial ends and the customer has no payment method (Stripe's
/// `trial_settings.end_behavior.missing_payment_method`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrialEndBehavior {
    /// The subscription becomes `paused` until a card is added (Stripe's default for Checkout trials).
    #[default]
    Pause,
    /// The subscription is canceled.
    Cancel,
    /// An invoice is created and left open; the subscription goes `past_due` like a failed payment.
    CreateInvoice,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SimConfig {
    /// Where events are POSTed from the start (more endpoints can be added at run time).
    pub webhook_url: Option<String>,
    /// The `whsec_...` secret webhook signatures are made with.
    pub webhook_secret: String,
    /// How this simulator's own URLs are written (Checkout, Portal and invoice pages), e.g.
    /// `http://127.0.0.1:12111` or `http://127.0.0.1:8080/stripe-sim`.
    pub public_url: String,
    /// The default for subscriptions created without `trial_settings[end_behavior][missing_payment_method]`.
    pub trial_end_behavior: TrialEndBehavior,
    /// Pauses between delivery attempts of one event (its length + 1 is the number of tries). Stripe retries for
    /// three days; a local receiver needs seconds.
    pub webhook_retries: Vec<Duration>,
}

impl Default for SimConfig {
    fn default() -> Self {
        Self {
            webhook_url: None,
            webhook_secret: "whsec_parley_stripe_sim".into(),
            public_url: "http://127.0.0.1:12111".into(),
            trial_end_behavior: TrialEndBehavior::Pause,
            webhook_retries: [1, 2, 4, 8, 16].into_iter().map(Duration::from_secs).collect(),
        }
    }
}

struct Inner {
    state: Mutex<State>,
}

/// The simulator: cheap to clone, every clone sees the same Stripe account.
#[derive(Clone)]
pub struct StripeSim {
    inner: Arc<Inner>,
}

impl StripeSim {
    pub fn new(cfg: SimConfig) -> Self {
        Self { inner: Arc::new(Inner { state: Mutex::new(State::new(cfg)) }) }
    }

    /// All routes, to be nested by the caller (`Router::nest("/stripe-sim", sim.router())`); `serve` mounts
    /// them at the root.
    pub fn router(&self) -> Router {
        Router::new().merge(api::routes(self)).merge(pages::routes()).merge(control::routes()).with_state(self.clone())
    }

    /// The port is known only after binding, so the URL can be set late.
    pub fn set_public_url(&self, url: &str) {
        self.lock().cfg.public_url = url.trim_end_matches('/').to_owned();
    }

    /// Sends every event from now on to this endpoint only, signed with `secret`.
    pub fn set_webhook(&self, url: &str, secret: &str) {
        let mut state = self.lock();
        state.endpoints.clear();
        state.add_endpoint(url, secret);
    }

    /// Moves the test clock forward, processing everything that falls due on the way (trial ends, renewals,
    /// payment retries, scheduled changes), in time order. Webhooks go out from a background task, which needs a
    /// Tokio runtime: events made outside one stay undelivered.
    pub fn advance(&self, by: Duration) {
        let mut state = self.lock();
        let to = state.now.saturating_add(i64::try_from(by.as_secs()).unwrap_or(i64::MAX / 2));
        state.advance_to(to);
    }

    /// The simulator's clock (it starts at the real time and moves only through `advance`).
    pub fn now(&self) -> DateTime<Utc> {
        DateTime::from_timestamp(self.lock().now, 0).unwrap_or_default()
    }

    pub fn config(&self) -> SimConfig {
        self.lock().cfg.clone()
    }

    /// A poisoned lock only means a handler panicked mid-update; the data is still usable for a fake.
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.inner.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Serves the simulator at the root of `listener` until the task is dropped: point the Stripe client at
/// `http://host:port/`.
pub async fn serve(listener: tokio::net::TcpListener, sim: StripeSim) -> anyhow::Result<()> {
    axum::serve(listener, sim.router()).await?;
    Ok(())
}
