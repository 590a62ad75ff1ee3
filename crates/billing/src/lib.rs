//! Payment gateways for Parley's subscriptions: the `BillingGateway` trait the billing services call, its
//! Stripe implementation (async-stripe, kept in this crate because it is slow to compile) and the manual
//! gateway (a self-hosted buyer who does not bill), plus Stripe webhook signature checks.
//!
//! Everything here speaks in gateway-neutral snapshots: services never see an async-stripe type, so a PayPal or
//! Razorpay gateway could be added without touching them.

pub mod manual;
pub mod stripe;
pub mod webhook;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use manual::ManualGateway;
pub use stripe::{StripeConfig, StripeGateway, TrialEndBehavior};
pub use webhook::{EventEnvelope, WebhookError};

/// How often a price bills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cycle {
    Monthly,
    Quarterly,
    Annual,
}

impl Cycle {
    pub const ALL: [Cycle; 3] = [Cycle::Monthly, Cycle::Quarterly, Cycle::Annual];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Monthly => "monthly",
            Self::Quarterly => "quarterly",
            Self::Annual => "annual",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// Stripe's recurring interval and interval count.
    pub fn months(self) -> u32 {
        match self {
            Self::Monthly => 1,
            Self::Quarterly => 3,
            Self::Annual => 12,
        }
    }
}

/// A plan as the gateway needs it: one product, one recurring price per cycle that has an amount.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanSpec {
    /// Parley's plan id (metadata `parley_plan_id` on the product), also the idempotency root.
    pub plan_id: String,
    pub name: String,
    pub description: Option<String>,
    pub active: bool,
    /// ISO 4217, lower case as Stripe writes it.
    pub currency: String,
    /// The product, when the plan was synced before.
    pub product_id: Option<String>,
    pub prices: Vec<PriceSpec>,
    /// More metadata for the product and its prices (an agency plan names its agency), next to Parley's own keys.
    pub metadata: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PriceSpec {
    pub cycle: Cycle,
    /// Minor units (cents).
    pub amount: i64,
    /// The gateway's price for this cycle when it exists. A price's amount never changes in Stripe: a different
    /// amount makes a new price and archives this one (existing subscribers stay on it).
    pub price_id: Option<String>,
    /// The amount `price_id` was created with.
    pub price_amount: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncedPlan {
    pub product_id: String,
    /// The current price per cycle.
    pub prices: Vec<(Cycle, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerSpec {
    /// Parley's tenant id (metadata `parley_tenant_id`, idempotency key).
    pub tenant_id: String,
    pub name: String,
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckoutRequest {
    pub customer_id: String,
    pub tenant_id: String,
    pub price_id: String,
    /// Keeps what is left of the workspace's trial: the first charge happens then.
    pub trial_end: Option<DateTime<Utc>>,
    pub success_url: String,
    pub cancel_url: String,
    pub idempotency_key: String,
    /// The name shown at the top of the hosted page instead of the account's (an agency's brand for its clients).
    pub business_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckoutSession {
    pub id: String,
    pub url: String,
}

/// Stripe's subscription statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubscriptionStatus {
    Trialing,
    Active,
    PastDue,
    Unpaid,
    Canceled,
    Incomplete,
    IncompleteExpired,
    Paused,
}

impl SubscriptionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Trialing => "trialing",
            Self::Active => "active",
            Self::PastDue => "past_due",
            Self::Unpaid => "unpaid",
            Self::Canceled => "canceled",
            Self::Incomplete => "incomplete",
            Self::IncompleteExpired => "incomplete_expired",
            Self::Paused => "paused",
        }
    }
}

/// The whole state of a subscription as the gateway has it now.
#[derive(Debug, Clone, PartialEq)]
pub struct SubscriptionSnapshot {
    pub id: String,
    pub customer_id: String,
    pub status: SubscriptionStatus,
    pub price_id: String,
    /// The subscription item (plan changes replace its price).
    pub item_id: String,
    pub current_period_start: DateTime<Utc>,
    pub current_period_end: DateTime<Utc>,
    pub cancel_at_period_end: bool,
    pub canceled_at: Option<DateTime<Utc>>,
    pub trial_end: Option<DateTime<Utc>>,
    /// A change scheduled for the end of the period (a downgrade): the schedule and the price it moves to.
    pub scheduled_price_id: Option<String>,
    pub schedule_id: Option<String>,
    pub has_payment_method: bool,
    pub created: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceStatus {
    Draft,
    Open,
    Paid,
    Uncollectible,
    Void,
}

impl InvoiceStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Open => "open",
            Self::Paid => "paid",
            Self::Uncollectible => "uncollectible",
            Self::Void => "void",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct InvoiceSnapshot {
    pub id: String,
    pub customer_id: String,
    pub subscription_id: Option<String>,
    pub number: Option<String>,
    pub status: InvoiceStatus,
    pub currency: String,
    /// Minor units.
    pub total: i64,
    pub amount_due: i64,
    pub amount_paid: i64,
    pub created: DateTime<Utc>,
    pub period_start: Option<DateTime<Utc>>,
    pub period_end: Option<DateTime<Utc>>,
    pub hosted_invoice_url: Option<String>,
    pub invoice_pdf: Option<String>,
    pub attempt_count: i64,
    pub next_payment_attempt: Option<DateTime<Utc>>,
}

/// What a plan change would cost now (Stripe's invoice preview with proration).
#[derive(Debug, Clone, PartialEq)]
pub struct ProrationPreview {
    pub currency: String,
    /// Minor units due now (may be negative: a credit).
    pub amount_due: i64,
    pub lines: Vec<PreviewLine>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PreviewLine {
    pub description: String,
    pub amount: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum GatewayError {
    /// The gateway could not be reached or answered 5xx/429: worth retrying.
    #[error("payment gateway unavailable: {0}")]
    Unavailable(String),
    /// The gateway refused the request (4xx): retrying the same request will not help.
    #[error("payment gateway refused: {0}")]
    Refused(String),
    #[error("not found at the payment gateway: {0}")]
    NotFound(String),
    /// The manual gateway has no hosted pages or remote subscriptions.
    #[error("not supported by the {0} gateway")]
    Unsupported(&'static str),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GatewayKind {
    Stripe,
    Manual,
}

impl GatewayKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Stripe => "stripe",
            Self::Manual => "manual",
        }
    }
}

/// Every call is idempotent on the gateway side where it writes (`idempotency_key`), so a retried job or a
/// double click never makes two of anything.
#[async_trait]
pub trait BillingGateway: Send + Sync {
    fn kind(&self) -> GatewayKind;
    /// A cheap authenticated call proving the gateway answers and takes our key (the health report). Manual
    /// billing has nothing to reach.
    async fn ping(&self) -> Result<(), GatewayError> {
        Ok(())
    }
    /// Creates or updates the product and makes a new price for every cycle whose amount changed (archiving
    /// the old one, which keeps its subscribers). Archiving the plan deactivates product and prices.
    async fn sync_plan(&self, plan: &PlanSpec) -> Result<SyncedPlan, GatewayError>;
    async fn ensure_customer(&self, customer: &CustomerSpec, existing: Option<&str>) -> Result<String, GatewayError>;
    async fn checkout(&self, req: &CheckoutRequest) -> Result<CheckoutSession, GatewayError>;
    /// The hosted page where the customer changes the card, sees invoices, cancels.
    async fn portal(&self, customer_id: &str, return_url: &str) -> Result<String, GatewayError>;
    async fn subscription(&self, id: &str) -> Result<SubscriptionSnapshot, GatewayError>;
    /// The customer's subscriptions that are not canceled (to find the one a Checkout created).
    async fn customer_subscriptions(&self, customer_id: &str) -> Result<Vec<SubscriptionSnapshot>, GatewayError>;
    async fn preview_change(
        &self,
        sub: &SubscriptionSnapshot,
        price_id: &str,
    ) -> Result<ProrationPreview, GatewayError>;
    /// An upgrade: the new price now, the difference invoiced at once.
    async fn change_now(
        &self,
        sub: &SubscriptionSnapshot,
        price_id: &str,
        idempotency_key: &str,
    ) -> Result<SubscriptionSnapshot, GatewayError>;
    /// A downgrade: the new price from the next period (a subscription schedule); `None` drops a scheduled change.
    async fn change_at_period_end(
        &self,
        sub: &SubscriptionSnapshot,
        price_id: Option<&str>,
        idempotency_key: &str,
    ) -> Result<SubscriptionSnapshot, GatewayError>;
    async fn set_cancel_at_period_end(
        &self,
        sub: &SubscriptionSnapshot,
        cancel: bool,
        idempotency_key: &str,
    ) -> Result<SubscriptionSnapshot, GatewayError>;
    async fn invoice(&self, id: &str) -> Result<InvoiceSnapshot, GatewayError>;
    async fn invoices(&self, customer_id: &str) -> Result<Vec<InvoiceSnapshot>, GatewayError>;
}
