//! What the analytics API takes (a range, a time zone, filters) and answers (each report's figures, series and
//! tables), and the weekly report's schedule.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// A report's range and filters. Days are the time zone's (the workspace's unless `timezone` names another);
/// without `from` and `to`, the last 7 days up to today.
#[derive(Debug, Clone, Default, Deserialize, ToSchema, utoipa::IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AnalyticsQuery {
    /// The first day, `YYYY-MM-DD`.
    #[serde(default)]
    pub from: Option<NaiveDate>,
    /// The last day (included), `YYYY-MM-DD`; at most 366 days after `from`.
    #[serde(default)]
    pub to: Option<NaiveDate>,
    /// An IANA time zone; the workspace's by default.
    #[serde(default)]
    #[param(schema_with = crate::schema::timezone)]
    pub timezone: Option<String>,
    /// Also answer the previous period of the same length.
    #[serde(default)]
    pub compare: Option<bool>,
    /// Only this WhatsApp number.
    #[serde(default)]
    pub connection_id: Option<Uuid>,
    /// Only conversations of this team.
    #[serde(default)]
    pub team_id: Option<Uuid>,
    /// Only this agent (agents always see only themselves).
    #[serde(default)]
    pub agent_id: Option<Uuid>,
    /// Only conversations with this label.
    #[serde(default)]
    pub label_id: Option<Uuid>,
}

/// The range a report covers, as it was read.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReportRange {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub timezone: String,
    /// The range's first and last instants (`end` exclusive, or now for a range that includes today).
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// Percentiles of durations in seconds (from a sketch, within 1% of a value the data holds); null when none.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Durations {
    pub count: i64,
    pub median: Option<f64>,
    pub p90: Option<f64>,
    pub mean: Option<f64>,
}

/// A report's headline figures over a range.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConversationTotals {
    /// Conversation cycles opened by a customer's message (docs/analytics.md).
    pub opened: i64,
    pub resolved: i64,
    pub messages_in: i64,
    pub messages_out: i64,
    /// Of the messages out: written by agents, sent by flows (bots), sent by campaigns.
    pub messages_agent: i64,
    pub messages_bot: i64,
    pub messages_campaign: i64,
    pub first_response: Durations,
    /// The same, counting only time inside business hours (equal when the workspace keeps none).
    pub first_response_business: Durations,
    pub resolution: Durations,
    pub resolution_business: Durations,
}

/// One point of a series: a day (or an hour, for a range of one or two days).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SeriesPoint {
    /// The bucket's first instant.
    pub at: DateTime<Utc>,
    /// Its label in the report's time zone: `YYYY-MM-DD` or `YYYY-MM-DD HH:00`.
    pub label: String,
    pub opened: i64,
    pub resolved: i64,
    pub messages_in: i64,
    pub messages_out: i64,
    pub first_response_median: Option<f64>,
}

/// /analytics/conversations: the overview.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConversationReport {
    pub range: ReportRange,
    pub totals: ConversationTotals,
    /// The previous period of the same length, with `compare`.
    pub previous: Option<ConversationTotals>,
    pub previous_range: Option<ReportRange>,
    pub series: Vec<SeriesPoint>,
    /// Customer messages per weekday (Monday first) and hour of the day, in the report's time zone.
    pub heatmap: Vec<Vec<i64>>,
    /// Conversations open or pending now (not resolved, closed or snoozed), with the filters.
    pub open_backlog: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AgentFigures {
    pub agent_id: Uuid,
    pub name: String,
    /// Cycles resolved while assigned to the agent.
    pub conversations_handled: i64,
    pub messages_sent: i64,
    /// Cycles whose first response the agent gave.
    pub first_response: Durations,
    pub resolution: Durations,
    /// Resolved ÷ (resolved + open conversations assigned to the agent now); null with neither.
    pub resolution_rate: Option<f64>,
    pub online_seconds: i64,
    pub away_seconds: i64,
    pub busy_seconds: i64,
}

/// /analytics/agents.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AgentReport {
    pub range: ReportRange,
    pub agents: Vec<AgentFigures>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CampaignFigures {
    pub campaign_id: Uuid,
    pub name: String,
    pub status: String,
    pub started_at: Option<DateTime<Utc>>,
    pub recipients: i64,
    /// Each counts people who reached at least that step.
    pub sent: i64,
    pub delivered: i64,
    pub read: i64,
    pub replied: i64,
    pub failed: i64,
    pub cost: f64,
    /// Failures by WhatsApp error code, most frequent first.
    pub failures: Vec<crate::campaigns::dto::FailureCount>,
}

/// /analytics/campaigns: the campaigns that started in the range.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CampaignReport {
    pub range: ReportRange,
    pub currency: String,
    pub campaigns: Vec<CampaignFigures>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NodeDropOff {
    pub node: String,
    /// The node's label in that version's graph, when it has one.
    pub label: Option<String>,
    pub runs: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FlowFigures {
    pub flow_id: Uuid,
    pub name: String,
    pub version: i32,
    pub started: i64,
    pub completed: i64,
    pub handed_off: i64,
    pub failed: i64,
    pub stopped: i64,
    /// Completed ÷ ended; null when none ended.
    pub completion_rate: Option<f64>,
    /// Time from start to completion.
    pub duration: Durations,
    /// Runs that ended at a node without completing, most first.
    pub drop_off: Vec<NodeDropOff>,
}

/// /analytics/flows: per flow and version.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FlowReport {
    pub range: ReportRange,
    pub flows: Vec<FlowFigures>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct KeyCount {
    pub key: String,
    pub count: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StageFigures {
    pub stage_id: Uuid,
    pub pipeline_id: Uuid,
    pub pipeline: String,
    pub name: String,
    /// Open deals in the stage now, and their value (in the deals' currencies, summed as numbers).
    pub open_deals: i64,
    pub open_value: f64,
    /// Deals that left the stage in the range, and their mean time in it (seconds).
    pub left: i64,
    pub mean_seconds_in_stage: Option<f64>,
}

/// /analytics/contacts: contacts and deals.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ContactReport {
    pub range: ReportRange,
    pub new_contacts: i64,
    /// whatsapp, manual, api, import, campaign, widget.
    pub new_by_source: Vec<KeyCount>,
    pub opt_ins: i64,
    pub opt_outs: i64,
    pub deals_won: i64,
    pub deals_lost: i64,
    pub won_value: f64,
    pub lost_value: f64,
    /// Won ÷ (won + lost); null with neither.
    pub win_rate: Option<f64>,
    pub stages: Vec<StageFigures>,
}

/// One headline of the dashboard: the last 7 days against the 7 before, with a point per day.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Headline {
    /// opened, resolved, messagesIn, messagesOut, firstResponseMedian.
    pub metric: String,
    pub value: Option<f64>,
    pub previous: Option<f64>,
    pub trend: Vec<Option<f64>>,
}

/// /analytics/dashboard.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AnalyticsDashboard {
    pub range: ReportRange,
    pub headlines: Vec<Headline>,
}

/// What `/analytics/export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum ExportReport {
    Conversations,
    Agents,
    Campaigns,
    Flows,
    Contacts,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum ExportFormat {
    #[default]
    Csv,
    Json,
}

/// A report's range and filters, which report and in what format.
#[derive(Debug, Clone, Deserialize, ToSchema, utoipa::IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    #[param(inline)]
    pub report: ExportReport,
    #[serde(default)]
    #[param(inline)]
    pub format: ExportFormat,
    #[serde(default)]
    pub from: Option<NaiveDate>,
    #[serde(default)]
    pub to: Option<NaiveDate>,
    #[serde(default)]
    #[param(schema_with = crate::schema::timezone)]
    pub timezone: Option<String>,
    #[serde(default)]
    pub connection_id: Option<Uuid>,
    #[serde(default)]
    pub team_id: Option<Uuid>,
    #[serde(default)]
    pub agent_id: Option<Uuid>,
    #[serde(default)]
    pub label_id: Option<Uuid>,
}

impl ExportQuery {
    pub fn range(&self) -> AnalyticsQuery {
        AnalyticsQuery {
            from: self.from,
            to: self.to,
            timezone: self.timezone.clone(),
            compare: None,
            connection_id: self.connection_id,
            team_id: self.team_id,
            agent_id: self.agent_id,
            label_id: self.label_id,
        }
    }
}

/// The weekly report by mail: sent to the manager who asked, at this weekday and hour of the workspace's time zone.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReportScheduleInput {
    /// 1 (Monday) to 7 (Sunday).
    #[schema(minimum = 1, maximum = 7)]
    pub weekday: i32,
    /// 0-23.
    #[schema(minimum = 0, maximum = 23)]
    pub hour: i32,
}

/// The caller's weekly report, and when it last went out.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReportSchedule {
    pub weekday: i32,
    pub hour: i32,
    pub last_sent_at: Option<DateTime<Utc>>,
}

/// The platform at a glance (platform admins).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PlatformAnalytics {
    pub tenants: i64,
    pub active_tenants: i64,
    pub suspended_tenants: i64,
    /// Tenants created in the last 30 days.
    pub new_tenants_30d: i64,
    /// Monthly recurring revenue of paying subscriptions (active or past due, not complimentary), per currency, in
    /// currency units (quarterly prices divided by 3, annual by 12).
    pub mrr: Vec<RevenueAmount>,
    /// Subscriptions per plan.
    pub plan_mix: Vec<KeyCount>,
    /// Messages (in and out) per day across the platform, the last 30 days (UTC).
    pub messages_per_day: Vec<DayCount>,
    /// The largest tenants by messages in the last 30 days.
    pub top_tenants: Vec<TenantVolume>,
    /// Webhook events received and failed in the last 24 hours.
    pub webhooks_24h: i64,
    pub webhook_errors_24h: i64,
    /// Messages sent and failed in the last 24 hours.
    pub sends_24h: i64,
    pub send_errors_24h: i64,
    /// The database, Redis, and the rollup's progress.
    pub health: Vec<HealthCheck>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RevenueAmount {
    pub currency: String,
    pub amount: f64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DayCount {
    pub day: NaiveDate,
    pub count: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TenantVolume {
    pub tenant_id: Uuid,
    pub name: String,
    pub messages: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct HealthCheck {
    pub name: String,
    pub ok: bool,
    pub detail: String,
}
