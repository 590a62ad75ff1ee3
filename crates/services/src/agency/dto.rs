//! What the agency use cases take and give: the platform admin's agency caps and list, the agency's own settings,
//! its clients' summaries, its offer (plans), and support entries seen from both sides.

use crate::billing::dto::{MoneyAmount, PlanFeatures, PlanLimits, UsageMeter};
use chrono::{DateTime, Utc};
use parley_domain::{Locale, TenantStatus};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// What the platform admin lets an agency do.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AgencyCaps {
    /// Client workspaces it may have; null: unlimited.
    pub max_clients: Option<i32>,
    pub may_remove_powered_by: bool,
    pub may_use_custom_domains: bool,
    pub may_use_own_sender: bool,
}

/// Marks a workspace as an agency (or changes its caps). Left out: unlimited clients, "powered by" kept, custom
/// domains allowed, the platform's mail sender.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AgencyCapsInput {
    /// 0-100000; null or left out: unlimited.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 100_000)]
    pub max_clients: Option<i64>,
    #[serde(default)]
    pub may_remove_powered_by: bool,
    #[serde(default = "yes")]
    pub may_use_custom_domains: bool,
    #[serde(default)]
    pub may_use_own_sender: bool,
}

fn yes() -> bool {
    true
}

/// Who pays for an agency's clients (docs/agencies.md, "Agency billing").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum BillingMode {
    /// The agency, for all its clients: one invoice from the platform, usage pooled against the agency's plan.
    Agency,
    /// Each client by card, through the platform's payment provider under the agency's brand.
    Client,
}

impl BillingMode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Agency => "agency",
            Self::Client => "client",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "agency" => Some(Self::Agency),
            "client" => Some(Self::Client),
            _ => None,
        }
    }
}

/// A workspace as the platform admin's tenant page shows its agency side.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AdminTenantAgency {
    pub tenant_id: Uuid,
    /// Set when the workspace is an agency.
    pub agency: Option<AgencyCaps>,
    pub billing_mode: Option<BillingMode>,
    /// Its client workspaces (an agency's).
    pub clients: i64,
    /// The agency this workspace is a client of.
    pub client_of: Option<AgencyRef>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AgencyRef {
    pub id: Uuid,
    pub name: String,
}

/// One agency in the platform admin's list.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AdminAgency {
    pub tenant_id: Uuid,
    pub name: String,
    pub slug: String,
    pub status: TenantStatus,
    pub caps: AgencyCaps,
    pub billing_mode: BillingMode,
    pub created_at: DateTime<Utc>,
    pub clients: i64,
    pub active_clients: i64,
    pub suspended_clients: i64,
    /// Messages of its clients in their current monthly meters.
    pub messages_this_month: i64,
    /// Its clients' connected WhatsApp numbers.
    pub numbers_connected: i64,
    /// Paid invoices of the agency and its clients this calendar month (UTC), per currency, minor units.
    pub revenue_this_month: Vec<MoneyAmount>,
    pub revenue_total: Vec<MoneyAmount>,
}

/// The agency's own page: what it may do, who pays, and what its own plan allows (its clients' plans must fit).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Agency {
    pub tenant_id: Uuid,
    pub caps: AgencyCaps,
    pub billing_mode: BillingMode,
    pub clients: i64,
    /// The agency's own plan (null: no plan, nothing limited).
    pub plan_name: Option<String>,
    pub plan_features: Option<PlanFeatures>,
    pub plan_limits: Option<PlanLimits>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateAgencyInput {
    pub billing_mode: BillingMode,
}

/// A client workspace as the agency dashboard shows it (exactly what `agency_client_summaries()` answers).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClientSummary {
    pub id: Uuid,
    pub name: String,
    pub slug: String,
    pub status: TenantStatus,
    pub created_at: DateTime<Utc>,
    /// The plan of the agency's offer it is on.
    pub plan_id: Option<Uuid>,
    pub plan_name: Option<String>,
    /// ok, past_due, restricted or suspended (billing's dunning state).
    pub access: String,
    /// messagesPerMonth, contacts and agents against the client's limits (null: unlimited).
    pub usage: Vec<UsageMeter>,
    pub numbers_connected: i64,
    /// The latest message or audited action in the workspace.
    pub last_activity_at: Option<DateTime<Utc>>,
    /// The client's owner allows the agency's support entries.
    pub support_allowed: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateClientInput {
    #[schema(schema_with = crate::schema::text::<2, 100>)]
    pub name: String,
    /// The client's owner, invited by mail (role owner).
    #[schema(schema_with = crate::schema::email)]
    pub owner_email: String,
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_text::<1, 100>)]
    pub owner_name: Option<String>,
    /// A plan of the agency's offer (not archived).
    pub plan_id: Uuid,
    /// The workspace's language (its mails); default the install's (`[site] language`, en unless set).
    #[serde(default)]
    pub locale: Option<Locale>,
}

/// The client workspace and the invitation mailed to its owner.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreatedClient {
    pub client: ClientSummary,
    pub invited_email: String,
    pub invitation_expires_at: DateTime<Utc>,
}

/// active or suspended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ClientStatus {
    Active,
    Suspended,
}

/// Any of: the state, another plan of the offer, limits for this client only.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateClientInput {
    /// Suspending ends the client's sessions at once.
    #[serde(default)]
    pub status: Option<ClientStatus>,
    #[serde(default)]
    pub plan_id: Option<Uuid>,
    /// This client's own limits laid over its plan's: a key set here replaces the plan's value, a null key follows
    /// the plan (all null: the plan's limits). Each must stay within the agency's own plan.
    #[serde(default)]
    pub limits: Option<PlanLimits>,
}

/// A plan of the agency's offer.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AgencyPlan {
    pub id: Uuid,
    pub name: String,
    pub description: Option<String>,
    /// ISO 4217, lower case.
    pub currency: String,
    /// Minor units (cents) a month.
    pub monthly_amount: i64,
    pub features: PlanFeatures,
    pub limits: PlanLimits,
    pub position: i32,
    pub is_active: bool,
    /// Clients on the plan now.
    pub clients: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AgencyPlanInput {
    #[schema(schema_with = crate::schema::text::<1, 80>)]
    pub name: String,
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_multiline::<0, 500>)]
    pub description: Option<String>,
    /// ISO 4217, e.g. usd (default usd).
    #[serde(default)]
    #[schema(pattern = "^[A-Za-z]{3}$")]
    pub currency: Option<String>,
    /// Minor units (cents) a month, 0-100000000.
    #[schema(minimum = 0, maximum = 100_000_000)]
    pub monthly_amount: i64,
    #[serde(default)]
    pub features: PlanFeatures,
    #[serde(default)]
    pub limits: PlanLimits,
}

/// Opens a time-limited support entry into a client.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OpenSupportInput {
    /// 15-480.
    #[schema(minimum = 15, maximum = 480)]
    pub minutes: i64,
    /// Why (the client's owner reads it in their audit log).
    #[schema(schema_with = crate::schema::text::<3, 500>)]
    pub reason: String,
}

/// A support entry just opened: switch to `clientId` (POST /auth/switch-tenant) to act in it until `expiresAt`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SupportEntry {
    pub client_id: Uuid,
    pub client_name: String,
    pub user_id: Uuid,
    pub expires_at: DateTime<Utc>,
}

/// active, ended (early, or replaced by a newer entry) or expired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum SupportState {
    Active,
    Ended,
    Expired,
}

/// One support entry as the client's owner sees it (from the client's own audit log).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SupportVisit {
    pub id: Uuid,
    pub user_name: String,
    pub user_email: String,
    pub agency_name: String,
    pub reason: String,
    pub opened_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
    pub state: SupportState,
}

/// The client's side: whether its agency may open support entries, and the entries so far.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AgencySupportSettings {
    /// The workspace is a client of an agency (otherwise nothing here applies).
    pub managed: bool,
    pub agency_name: Option<String>,
    pub enabled: bool,
    /// Newest first (at most 100).
    pub entries: Vec<SupportVisit>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateAgencySupportInput {
    /// Turning support off ends the running entries and their sessions at once.
    pub enabled: bool,
}
