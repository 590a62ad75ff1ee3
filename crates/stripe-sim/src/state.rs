//! The simulated Stripe account: customers, catalogue, cards, subscriptions, schedules, invoices, Checkout and
//! Portal sessions, the event log, idempotency records and the test clock. Plain data behind one mutex, never
//! held across an await; the lifecycle rules live in `billing.rs`, the wire shapes in `objects.rs`.

use crate::webhook::{Deliveries, Endpoint};
use crate::{SimConfig, TrialEndBehavior};
use std::collections::{BTreeMap, HashMap};

/// Unix seconds on the simulator's clock.
pub(crate) type Ts = i64;
pub(crate) type Meta = BTreeMap<String, String>;

pub(crate) const DAY: Ts = 86_400;

pub(crate) struct Customer {
    pub id: String,
    pub created: Ts,
    pub name: Option<String>,
    pub email: Option<String>,
    pub metadata: Meta,
    /// `invoice_settings.default_payment_method`.
    pub default_pm: Option<String>,
}

pub(crate) struct Product {
    pub id: String,
    pub created: Ts,
    pub updated: Ts,
    pub name: String,
    pub description: Option<String>,
    pub active: bool,
    pub metadata: Meta,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Interval {
    Day,
    Week,
    Month,
    Year,
}

impl Interval {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "day" => Some(Self::Day),
            "week" => Some(Self::Week),
            "month" => Some(Self::Month),
            "year" => Some(Self::Year),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Day => "day",
            Self::Week => "week",
            Self::Month => "month",
            Self::Year => "year",
        }
    }
}

pub(crate) struct Price {
    pub id: String,
    pub created: Ts,
    pub product: String,
    pub currency: String,
    pub unit_amount: i64,
    pub interval: Interval,
    pub interval_count: u32,
    pub active: bool,
    pub metadata: Meta,
    pub nickname: Option<String>,
}

/// How a test card behaves when charged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CardBehavior {
    Succeeds,
    /// Refused at once (`4000 0000 0000 0002`): never attached.
    Declined,
    /// Attaches and pays at Checkout, fails every later charge (`4000 0000 0000 0341`).
    RenewalsFail,
}

impl CardBehavior {
    /// The behaviour of a test card number (spaces and dashes ignored), or None for a number Stripe's test mode
    /// would not accept.
    pub fn of(number: &str) -> Option<(Self, String)> {
        let digits: String = number.chars().filter(char::is_ascii_digit).collect();
        let behavior = match digits.as_str() {
            "4242424242424242" | "4000056655665556" | "5555555555554444" => Self::Succeeds,
            "4000000000000002" => Self::Declined,
            "4000000000000341" => Self::RenewalsFail,
            _ => return None,
        };
        Some((behavior, digits[digits.len() - 4..].to_owned()))
    }
}

pub(crate) struct PaymentMethod {
    pub id: String,
    pub created: Ts,
    pub customer: Option<String>,
    pub behavior: CardBehavior,
    pub last4: String,
    pub brand: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SubStatus {
    Trialing,
    Active,
    PastDue,
    Unpaid,
    Canceled,
    Paused,
}

impl SubStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Trialing => "trialing",
            Self::Active => "active",
            Self::PastDue => "past_due",
            Self::Unpaid => "unpaid",
            Self::Canceled => "canceled",
            Self::Paused => "paused",
        }
    }

    /// Counts for Checkout's one-subscription-per-customer rule.
    pub fn is_live(self) -> bool {
        self != Self::Canceled
    }
}

pub(crate) struct Subscription {
    pub id: String,
    pub customer: String,
    pub created: Ts,
    pub status: SubStatus,
    /// The single subscription item Parley uses.
    pub item_id: String,
    pub item_created: Ts,
    pub price: String,
    pub quantity: u64,
    pub period_start: Ts,
    pub period_end: Ts,
    pub cancel_at_period_end: bool,
    pub canceled_at: Option<Ts>,
    pub ended_at: Option<Ts>,
    pub cancellation_reason: Option<&'static str>,
    pub trial_start: Option<Ts>,
    pub trial_end: Option<Ts>,
    pub missing_pm: TrialEndBehavior,
    pub latest_invoice: Option<String>,
    pub schedule: Option<String>,
    pub metadata: Meta,
    pub default_pm: Option<String>,
    /// Prorations made with `create_prorations`, billed with the next renewal.
    pub pending_lines: Vec<Line>,
    /// The period end `invoice.upcoming` was last sent for.
    pub upcoming_sent_for: Option<Ts>,
    pub trial_will_end_sent: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum InvoiceStatus {
    Draft,
    Open,
    Paid,
    Void,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BillingReason {
    SubscriptionCreate,
    SubscriptionCycle,
    SubscriptionUpdate,
    Upcoming,
}

#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub id: String,
    pub description: String,
    pub amount: i64,
    pub price: String,
    pub quantity: u64,
    pub period_start: Ts,
    pub period_end: Ts,
    pub proration: bool,
    pub sub_item: Option<String>,
}

pub(crate) struct Invoice {
    /// None for previews (`create_preview`, `invoice.upcoming`), as in Stripe.
    pub id: Option<String>,
    pub number: Option<String>,
    pub customer: String,
    pub subscription: Option<String>,
    pub status: InvoiceStatus,
    pub currency: String,
    pub lines: Vec<Line>,
    pub created: Ts,
    pub period_start: Ts,
    pub period_end: Ts,
    pub billing_reason: BillingReason,
    pub attempt_count: u64,
    pub next_payment_attempt: Option<Ts>,
    /// When the first charge failed: retries are counted from it.
    pub first_failure: Option<Ts>,
    pub finalized_at: Option<Ts>,
    pub paid_at: Option<Ts>,
    pub voided_at: Option<Ts>,
    pub amount_paid: i64,
    pub proration_date: Option<Ts>,
}

impl Invoice {
    pub fn total(&self) -> i64 {
        self.lines.iter().map(|l| l.amount).sum()
    }

    /// A credit (negative total) is not collected: it would go to the customer balance.
    pub fn amount_due(&self) -> i64 {
        self.total().max(0)
    }

    pub fn id(&self) -> &str {
        self.id.as_deref().unwrap_or_default()
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Phase {
    pub price: String,
    pub quantity: u64,
    pub start: Ts,
    pub end: Ts,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ScheduleStatus {
    Active,
    Released,
    Canceled,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EndBehavior {
    Release,
    Cancel,
}

pub(crate) struct Schedule {
    pub id: String,
    pub customer: String,
    pub subscription: Option<String>,
    pub created: Ts,
    pub status: ScheduleStatus,
    pub phases: Vec<Phase>,
    pub end_behavior: EndBehavior,
    pub released_at: Option<Ts>,
    pub released_subscription: Option<String>,
    pub canceled_at: Option<Ts>,
    pub metadata: Meta,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SessionStatus {
    Open,
    Complete,
    Expired,
}

pub(crate) struct CheckoutSession {
    pub id: String,
    pub created: Ts,
    pub expires_at: Ts,
    pub customer: Option<String>,
    pub customer_email: Option<String>,
    pub price: String,
    pub quantity: u64,
    pub success_url: String,
    pub cancel_url: Option<String>,
    pub client_reference_id: Option<String>,
    pub metadata: Meta,
    pub trial_end: Option<Ts>,
    pub sub_metadata: Meta,
    pub missing_pm: Option<TrialEndBehavior>,
    /// `payment_method_collection=if_required`: a trial may start without a card.
    pub card_optional: bool,
    /// `branding_settings[display_name]`: the business name at the top of the page (an agency's, for its clients).
    pub display_name: Option<String>,
    pub status: SessionStatus,
    pub subscription: Option<String>,
    pub invoice: Option<String>,
}

pub(crate) struct PortalSession {
    pub id: String,
    pub created: Ts,
    pub customer: String,
    pub return_url: Option<String>,
}

pub(crate) struct StoredEvent {
    pub id: String,
    /// The whole event as sent, so a resend carries the same bytes.
    pub payload: String,
}

/// The first answer to an idempotent request.
pub(crate) struct Replay {
    pub fingerprint: String,
    pub status: u16,
    pub body: String,
}

pub(crate) struct State {
    pub cfg: SimConfig,
    pub now: Ts,
    pub customers: Vec<Customer>,
    pub products: Vec<Product>,
    pub prices: Vec<Price>,
    pub payment_methods: Vec<PaymentMethod>,
    pub subscriptions: Vec<Subscription>,
    pub schedules: Vec<Schedule>,
    pub invoices: Vec<Invoice>,
    pub checkout_sessions: Vec<CheckoutSession>,
    pub portal_sessions: Vec<PortalSession>,
    pub events: Vec<StoredEvent>,
    pub idempotency: HashMap<String, Replay>,
    pub invoice_seq: u32,
    pub endpoints: Vec<Endpoint>,
    pub deliveries: Deliveries,
    pub http: reqwest::Client,
    /// The API request being served, for the events it causes (`request.id`, `request.idempotency_key`).
    pub request: Option<(String, Option<String>)>,
}

impl State {
    pub fn new(cfg: SimConfig) -> Self {
        let http = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(10))
            .build()
            .unwrap_or_else(|_| reqwest::Client::new());
        let mut state = Self {
            now: chrono::Utc::now().timestamp(),
            customers: Vec::new(),
            products: Vec::new(),
            prices: Vec::new(),
            payment_methods: Vec::new(),
            subscriptions: Vec::new(),
            schedules: Vec::new(),
            invoices: Vec::new(),
            checkout_sessions: Vec::new(),
            portal_sessions: Vec::new(),
            events: Vec::new(),
            idempotency: HashMap::new(),
            invoice_seq: 0,
            endpoints: Vec::new(),
            deliveries: Deliveries::default(),
            http,
            request: None,
            cfg,
        };
        if let Some(url) = state.cfg.webhook_url.clone() {
            let secret = state.cfg.webhook_secret.clone();
            state.add_endpoint(&url, &secret);
        }
        state
    }

    /// Back to a fresh account with the configured endpoint; the clock restarts at the real time. Deliveries still
    /// in flight finish, but nothing queued before the reset goes out.
    pub fn reset(&mut self) {
        let cfg = self.cfg.clone();
        *self = Self::new(cfg);
    }

    pub fn customer(&self, id: &str) -> Option<&Customer> {
        self.customers.iter().find(|c| c.id == id)
    }

    pub fn customer_mut(&mut self, id: &str) -> Option<&mut Customer> {
        self.customers.iter_mut().find(|c| c.id == id)
    }

    pub fn product(&self, id: &str) -> Option<&Product> {
        self.products.iter().find(|p| p.id == id)
    }

    pub fn price(&self, id: &str) -> Option<&Price> {
        self.prices.iter().find(|p| p.id == id)
    }

    pub fn payment_method(&self, id: &str) -> Option<&PaymentMethod> {
        self.payment_methods.iter().find(|p| p.id == id)
    }

    pub fn sub(&self, id: &str) -> Option<&Subscription> {
        self.subscriptions.iter().find(|s| s.id == id)
    }

    pub fn sub_mut(&mut self, id: &str) -> Option<&mut Subscription> {
        self.subscriptions.iter_mut().find(|s| s.id == id)
    }

    pub fn schedule(&self, id: &str) -> Option<&Schedule> {
        self.schedules.iter().find(|s| s.id == id)
    }

    pub fn schedule_mut(&mut self, id: &str) -> Option<&mut Schedule> {
        self.schedules.iter_mut().find(|s| s.id == id)
    }

    pub fn invoice(&self, id: &str) -> Option<&Invoice> {
        self.invoices.iter().find(|i| i.id.as_deref() == Some(id))
    }

    pub fn invoice_mut(&mut self, id: &str) -> Option<&mut Invoice> {
        self.invoices.iter_mut().find(|i| i.id.as_deref() == Some(id))
    }

    pub fn checkout(&self, id: &str) -> Option<&CheckoutSession> {
        self.checkout_sessions.iter().find(|s| s.id == id)
    }

    pub fn checkout_mut(&mut self, id: &str) -> Option<&mut CheckoutSession> {
        self.checkout_sessions.iter_mut().find(|s| s.id == id)
    }

    pub fn portal(&self, id: &str) -> Option<&PortalSession> {
        self.portal_sessions.iter().find(|s| s.id == id)
    }

    /// The card a charge for this subscription uses: its own default, else the customer's.
    pub fn charge_card(&self, sub: &Subscription) -> Option<&PaymentMethod> {
        let id = sub.default_pm.as_deref().or_else(|| self.customer(&sub.customer)?.default_pm.as_deref())?;
        self.payment_method(id)
    }

    pub fn public_url(&self, path: &str) -> String {
        format!("{}{path}", self.cfg.public_url.trim_end_matches('/'))
    }
}
