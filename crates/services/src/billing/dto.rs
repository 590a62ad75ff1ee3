//! What billing takes and gives: plans (seed 004's `SubscriptionPlan`, `PlanFeatures`, `PlanLimits`), a
//! workspace's subscription with its usage, plan changes, invoices, and the platform admin's overview.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// Feature switches of a plan.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct PlanFeatures {
    pub chatbot_flows: bool,
    pub campaigns: bool,
    pub api_access: bool,
    pub webhooks: bool,
    pub advanced_analytics: bool,
    pub multiple_whats_app_numbers: bool,
    pub custom_branding: bool,
    pub priority_support: bool,
    /// Subscribing makes the workspace an agency that resells Parley to client workspaces (docs/agencies.md).
    pub agency: bool,
}

/// Limits of a plan; null (or absent) is unlimited.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct PlanLimits {
    pub max_contacts: Option<i64>,
    pub max_agents: Option<i64>,
    pub max_whats_app_numbers: Option<i64>,
    pub max_campaigns_per_month: Option<i64>,
    pub max_messages_per_month: Option<i64>,
    pub max_flows: Option<i64>,
    pub max_webhooks: Option<i64>,
    /// API requests a minute for the whole workspace (all its keys together); null: the server's default.
    pub api_requests_per_minute: Option<i64>,
    /// Client workspaces an agency on this plan may have (the `agency` feature); null: unlimited.
    pub max_client_workspaces: Option<i64>,
}

impl PlanLimits {
    /// The workspace's own limits by their JSON names (not the agency-only `maxClientWorkspaces`), for checks that
    /// walk every limit and name the one at fault.
    pub fn named(&self) -> [(&'static str, Option<i64>); 8] {
        [
            ("maxContacts", self.max_contacts),
            ("maxAgents", self.max_agents),
            ("maxWhatsAppNumbers", self.max_whats_app_numbers),
            ("maxCampaignsPerMonth", self.max_campaigns_per_month),
            ("maxMessagesPerMonth", self.max_messages_per_month),
            ("maxFlows", self.max_flows),
            ("maxWebhooks", self.max_webhooks),
            ("apiRequestsPerMinute", self.api_requests_per_minute),
        ]
    }
}

/// One price of a plan. Amounts are in minor units (cents).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PlanPrice {
    /// monthly, quarterly or annual.
    #[schema(schema_with = cycle_schema)]
    pub cycle: String,
    pub amount: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    pub id: Uuid,
    pub name: String,
    pub description: Option<String>,
    /// ISO 4217, lower case.
    pub currency: String,
    pub prices: Vec<PlanPrice>,
    pub trial_days: i32,
    pub features: PlanFeatures,
    pub limits: PlanLimits,
    pub position: i32,
    pub is_default: bool,
    /// Every price is zero.
    pub is_free: bool,
    pub is_active: bool,
    /// Whether the plan's prices exist at the payment gateway.
    pub synced: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PlanInput {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// ISO 4217 (e.g. usd, eur); default usd.
    #[serde(default)]
    pub currency: Option<String>,
    /// At least one; a cycle left out is not sold.
    pub prices: Vec<PlanPrice>,
    #[serde(default)]
    pub trial_days: Option<i32>,
    #[serde(default)]
    pub features: PlanFeatures,
    #[serde(default)]
    pub limits: PlanLimits,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PlanOrderInput {
    pub ids: Vec<Uuid>,
}

/// A limit and how much of it is used. `limit` null: unlimited.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UsageMeter {
    /// contacts, agents, whatsAppNumbers, messagesPerMonth, campaignsPerMonth.
    pub key: String,
    pub used: i64,
    pub limit: Option<i64>,
    /// Monthly meters restart with the billing period.
    pub monthly: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BillingOverview {
    /// off (every workspace unlimited), manual (plans assigned by the platform admin) or stripe.
    pub mode: String,
    pub plan: Option<Plan>,
    pub cycle: String,
    /// trialing, active, past_due, unpaid, canceled, incomplete, incomplete_expired, paused; `none` without a plan.
    pub status: String,
    /// ok, past_due, restricted or suspended (docs/billing.md, dunning).
    pub access: String,
    pub gateway: String,
    pub trial_end: Option<DateTime<Utc>>,
    pub trial_days_left: Option<i64>,
    pub current_period_start: Option<DateTime<Utc>>,
    pub current_period_end: Option<DateTime<Utc>>,
    pub cancel_at_period_end: bool,
    pub scheduled_plan: Option<Plan>,
    pub has_payment_method: bool,
    pub complimentary: bool,
    /// When the workspace will be restricted or suspended if the payment is not fixed.
    pub restricts_at: Option<DateTime<Utc>>,
    pub suspends_at: Option<DateTime<Utc>>,
    pub features: PlanFeatures,
    pub usage: Vec<UsageMeter>,
    /// Set for an agency's client workspace: its plans come from the agency (`GET /billing/agency`).
    pub billed_through: Option<BilledThrough>,
}

/// The agency an agency's client workspace is billed through.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BilledThrough {
    pub agency: String,
    /// agency (the agency pays for the workspace) or client (the workspace pays the agency's plan by card).
    pub billing_mode: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChoosePlanInput {
    pub plan_id: Uuid,
    /// monthly (default), quarterly or annual.
    #[serde(default)]
    #[schema(schema_with = opt_cycle_schema)]
    pub cycle: Option<String>,
    /// A downgrade that would break current usage needs `true` after the problems were shown.
    #[serde(default)]
    pub confirm: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RedirectUrl {
    pub url: String,
}

/// What the smaller plan would break.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DowngradeProblem {
    pub key: String,
    pub used: i64,
    pub limit: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PreviewLine {
    pub description: String,
    pub amount: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PlanChangePreview {
    /// now (an upgrade, charged prorated at once) or period_end (a downgrade).
    pub effective: String,
    pub effective_at: Option<DateTime<Utc>>,
    pub currency: String,
    /// Due now, minor units (an upgrade's prorated difference); 0 for a change at period end.
    pub amount_due: i64,
    pub lines: Vec<PreviewLine>,
    pub problems: Vec<DowngradeProblem>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Invoice {
    pub id: Uuid,
    pub number: Option<String>,
    /// draft, open, paid, uncollectible or void.
    pub status: String,
    pub currency: String,
    pub total: i64,
    pub amount_due: i64,
    pub amount_paid: i64,
    pub description: Option<String>,
    pub period_start: Option<DateTime<Utc>>,
    pub period_end: Option<DateTime<Utc>>,
    pub hosted_url: Option<String>,
    pub pdf_url: Option<String>,
    pub issued_at: DateTime<Utc>,
    pub paid_at: Option<DateTime<Utc>>,
    /// manual invoices are marked paid by the platform admin.
    pub gateway: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MoneyAmount {
    pub currency: String,
    pub amount: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionSummary {
    pub tenant_id: Uuid,
    pub tenant_name: String,
    pub plan_id: Option<Uuid>,
    pub plan_name: Option<String>,
    pub cycle: String,
    pub gateway: String,
    pub status: String,
    pub access: String,
    pub complimentary: bool,
    pub cancel_at_period_end: bool,
    pub trial_end: Option<DateTime<Utc>>,
    pub current_period_end: Option<DateTime<Utc>>,
    /// What the subscription brings per month, minor units (0 when complimentary, trialing or canceled).
    pub mrr: i64,
    pub currency: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionsOverview {
    /// Monthly recurring revenue per currency (annual and quarterly prices spread per month).
    pub mrr: Vec<MoneyAmount>,
    pub active: i64,
    pub trialing: i64,
    pub past_due: i64,
    pub canceled: i64,
    pub canceled_this_month: i64,
    /// Canceled this month over those paying at the start of the month (0..1).
    pub churn_this_month: f64,
    pub subscriptions: Vec<SubscriptionSummary>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TenantBilling {
    pub overview: BillingOverview,
    /// Extra limits on top of the plan's.
    pub limit_overrides: PlanLimits,
    pub override_reason: Option<String>,
    pub invoices: Vec<Invoice>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TenantOverridesInput {
    pub limits: PlanLimits,
    pub reason: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExtendTrialInput {
    /// Days added to the trial (from its end, or from now when it ended).
    pub days: i64,
    pub reason: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AssignPlanInput {
    pub plan_id: Uuid,
    #[serde(default)]
    #[schema(schema_with = opt_cycle_schema)]
    pub cycle: Option<String>,
    /// Given free of charge (never invoiced, never restricted).
    #[serde(default)]
    pub complimentary: bool,
    pub reason: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ManualInvoiceInput {
    /// Minor units.
    pub amount: i64,
    #[serde(default)]
    pub currency: Option<String>,
    pub description: String,
}

/// The billing cycles `Cycle::parse` takes.
const CYCLES: &[&str] = &["monthly", "quarterly", "annual"];

fn cycle_schema() -> utoipa::openapi::schema::Object {
    crate::schema::one_of(CYCLES)
}

fn opt_cycle_schema() -> utoipa::openapi::schema::Object {
    crate::schema::opt_one_of(CYCLES)
}
