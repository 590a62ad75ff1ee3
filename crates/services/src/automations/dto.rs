//! What the automations API takes and answers: webhook endpoints, deliveries, attempts and the event catalogue.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WebhookEndpoint {
    pub id: Uuid,
    pub url: String,
    pub description: String,
    /// Event kinds delivered (see `GET /webhooks/events`).
    pub events: Vec<String>,
    pub enabled: bool,
    /// Why Parley turned it off (a day of failed deliveries); null when on or turned off by a person.
    pub disabled_reason: Option<String>,
    /// Since when every delivery failed; null while it works.
    pub failing_since: Option<DateTime<Utc>>,
    /// After a secret roll, until when the previous secret still signs (a second `v1=`).
    pub previous_secret_until: Option<DateTime<Utc>>,
    pub delivered_24h: i64,
    pub failed_24h: i64,
    /// Deliveries queued or being retried.
    pub pending: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateWebhookInput {
    /// An `https` (or `http`) URL on the public internet.
    #[schema(schema_with = webhook_url_schema)]
    pub url: String,
    #[serde(default)]
    #[schema(schema_with = crate::schema::text::<0, 200>)]
    pub description: String,
    /// At least one kind from the catalogue, or `*` for all.
    #[schema(schema_with = event_kinds_schema)]
    pub events: Vec<String>,
    #[serde(default = "yes")]
    pub enabled: bool,
}

fn yes() -> bool {
    true
}

/// The URLs a webhook endpoint takes, once trimmed (`webhooks::is_webhook_url` applies the same rule): `http` or
/// `https`; a host name of letters, digits and single inner hyphens whose last label starts with a letter (so it is
/// never read as an IPv4 number), or a dotted IPv4 address; an optional port up to 65535; then a path, query and
/// fragment of RFC 3986 characters (percent-encode the rest). No user info, IPv6 literal or IDN. A URL this rule
/// takes always parses with a host, so what is refused beyond it is the destination (403 `url_not_allowed`).
pub(crate) const WEBHOOK_URL: &str = concat!(
    "[Hh][Tt][Tt][Pp][Ss]?://",
    "(?:(?:[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*\\.)*[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*",
    "|(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9]))",
    "(?::(?:6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[0-9]{1,4}))?",
    "(?:/(?:[A-Za-z0-9._~!$&'()*+,;=:@/-]|%[0-9A-Fa-f]{2})*)?",
    "(?:\\?(?:[A-Za-z0-9._~!$&'()*+,;=:@/?-]|%[0-9A-Fa-f]{2})*)?",
    "(?:#(?:[A-Za-z0-9._~!$&'()*+,;=:@/?-]|%[0-9A-Fa-f]{2})*)?",
);

pub(crate) fn webhook_url_schema() -> utoipa::openapi::schema::Object {
    let mut o = crate::schema::trimmed_matching(WEBHOOK_URL, "An absolute http(s) URL on the public internet");
    o.max_length = Some(2048);
    o.examples = vec![serde_json::json!("https://example.com/parley/webhooks")];
    o
}

fn opt_webhook_url_schema() -> utoipa::openapi::schema::Object {
    let mut o = webhook_url_schema();
    o.schema_type = utoipa::openapi::schema::SchemaType::Array(vec![
        utoipa::openapi::schema::Type::String,
        utoipa::openapi::schema::Type::Null,
    ]);
    o
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateWebhookInput {
    /// As on creation; omitted or null: unchanged.
    #[schema(schema_with = opt_webhook_url_schema)]
    pub url: Option<String>,
    #[schema(schema_with = crate::schema::opt_text::<0, 200>)]
    pub description: Option<String>,
    #[schema(schema_with = opt_event_kinds_schema)]
    pub events: Option<Vec<String>>,
    pub enabled: Option<bool>,
}

/// A new endpoint with its signing secret, shown this once.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreatedWebhook {
    pub endpoint: WebhookEndpoint,
    pub secret: String,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RollSecretInput {
    /// How long the previous secret keeps signing too (0 ends it now). Default 24.
    #[schema(minimum = 0, maximum = 168)]
    pub overlap_hours: Option<i64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RolledSecret {
    pub secret: String,
    pub previous_secret_until: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WebhookDelivery {
    pub id: i64,
    pub event_id: String,
    /// The event kind.
    pub event: String,
    /// pending (queued or waiting for a retry), sending, delivered, dead (given up).
    pub state: String,
    pub attempts: i32,
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub last_status: Option<i32>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryPage {
    pub items: Vec<WebhookDelivery>,
    /// Pass as `before` for the next (older) page; null on the last.
    pub next_before: Option<i64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WebhookAttempt {
    pub attempt: i32,
    pub at: DateTime<Utc>,
    /// The answer's HTTP status; null when none came (refused, timed out).
    pub status: Option<i32>,
    /// The first 2 KB of the answer's body.
    pub response_excerpt: Option<String>,
    pub error: Option<String>,
    pub duration_ms: i32,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WebhookDeliveryDetail {
    pub delivery: WebhookDelivery,
    /// The body as sent (the envelope: id, type, createdAt, workspaceId, data).
    pub body: serde_json::Value,
    pub attempts: Vec<WebhookAttempt>,
}

/// What a test delivery got back.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WebhookTestResult {
    pub delivered: bool,
    pub delivery_id: i64,
    pub status: Option<i32>,
    pub error: Option<String>,
    pub response_excerpt: Option<String>,
    pub duration_ms: i32,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EventKind {
    /// `message.created`, `conversation.assigned` ...
    pub kind: String,
    pub description: String,
    /// The name of the data's schema in this API's OpenAPI document (`components.schemas`).
    pub schema: String,
    /// A whole delivery body for this kind.
    pub example: serde_json::Value,
}

#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DeliveryQuery {
    /// Only deliveries in this state.
    #[param(pattern = "^(pending|sending|delivered|dead)$")]
    pub state: Option<String>,
    /// The `nextBefore` of the previous page.
    #[param(minimum = 1)]
    pub before: Option<i64>,
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
}

/// `flow.completed`'s data: a chatbot flow run that ended.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FlowRunEnded {
    pub run_id: Uuid,
    pub flow_id: Uuid,
    pub version: Option<i32>,
    pub contact_id: Option<Uuid>,
    pub conversation_id: Option<Uuid>,
    /// completed, handed_off, stopped or failed.
    pub status: String,
    /// Why it stopped or failed.
    pub reason: Option<String>,
}

/// `subscription.updated`'s data: the workspace's subscription as Stripe last reported it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionChanged {
    pub plan_id: Option<Uuid>,
    pub cycle: String,
    pub status: String,
    /// full, restricted or suspended.
    pub access: String,
    pub trial_end: Option<DateTime<Utc>>,
    pub current_period_start: Option<DateTime<Utc>>,
    pub current_period_end: Option<DateTime<Utc>>,
    pub cancel_at_period_end: bool,
    pub canceled_at: Option<DateTime<Utc>>,
}

/// 1 to 50 kinds of the catalogue, or `*` (what `check_events` takes).
fn event_kinds_schema() -> utoipa::openapi::schema::Array {
    let kinds: Vec<&str> =
        std::iter::once("*").chain(crate::automations::catalog::KINDS.iter().map(|(k, _, _)| *k)).collect();
    utoipa::openapi::schema::ArrayBuilder::new()
        .items(crate::schema::one_of(&kinds))
        .min_items(Some(1))
        .max_items(Some(50))
        .build()
}

fn opt_event_kinds_schema() -> utoipa::openapi::schema::Array {
    let mut a = event_kinds_schema();
    a.schema_type = utoipa::openapi::schema::SchemaType::Array(vec![
        utoipa::openapi::schema::Type::Array,
        utoipa::openapi::schema::Type::Null,
    ]);
    a
}
