//! What flows, versions, runs and the sandbox take and give. The graph and trigger types are the flow crate's
//! own, so the API, the engine and the editor's TypeScript share one definition.

use crate::dto::cursor_page_type;
use chrono::{DateTime, Utc};
use parley_flow::{FlowGraph, GraphDiff, Issue, Trigger};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// A flow in the list.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FlowSummary {
    pub id: Uuid,
    pub name: String,
    pub description: Option<String>,
    /// draft, published or paused.
    pub status: String,
    pub trigger: Trigger,
    pub priority: i32,
    /// The latest published version, if any.
    pub version: Option<i32>,
    /// The draft differs from the published version.
    pub unpublished_changes: bool,
    pub template_key: Option<String>,
    /// Runs started since midnight (the workspace's time zone), and how many of them completed.
    pub runs_today: i64,
    pub completed_today: i64,
    /// completed_today / runs_today, 0-1; null when nothing ran today.
    pub completion_rate: Option<f64>,
    /// Runs going on now (active or waiting).
    pub running: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A flow with its draft, as the builder opens it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Flow {
    pub id: Uuid,
    pub name: String,
    pub description: Option<String>,
    pub status: String,
    pub trigger: Trigger,
    pub priority: i32,
    pub version: Option<i32>,
    pub unpublished_changes: bool,
    pub template_key: Option<String>,
    pub draft: FlowGraph,
    /// What validation says about the draft now: errors block publishing, warnings do not.
    pub issues: Vec<Issue>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateFlowInput {
    #[schema(schema_with = crate::schema::text::<1, 80>)]
    pub name: String,
    /// Blank means none.
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_multiline::<0, 500>)]
    pub description: Option<String>,
    /// Start from a ready template (GET /flows/templates); otherwise from `graph`, or an empty flow.
    #[serde(default)]
    #[schema(schema_with = template_key_schema)]
    pub template_key: Option<String>,
    #[serde(default)]
    pub trigger: Option<Trigger>,
    #[serde(default)]
    pub graph: Option<FlowGraph>,
}

/// Saves the draft (the builder autosaves). A draft may hold errors; publishing may not.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SaveFlowInput {
    #[schema(schema_with = crate::schema::text::<1, 80>)]
    pub name: String,
    /// Blank means none.
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_multiline::<0, 500>)]
    pub description: Option<String>,
    pub trigger: Trigger,
    pub draft: FlowGraph,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FlowTemplate {
    pub key: String,
    pub name: String,
    pub description: String,
    pub trigger: Trigger,
    pub node_count: usize,
    /// Contact fields the template stores answers in; created when the template is used, if missing.
    pub contact_fields: Vec<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FlowVersion {
    pub version: i32,
    pub published_at: DateTime<Utc>,
    pub published_by: Option<String>,
    pub node_count: usize,
    /// What changed from the version before (none for version 1).
    pub changes: Option<GraphDiff>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FlowVersionDetail {
    pub version: i32,
    pub published_at: DateTime<Utc>,
    pub published_by: Option<String>,
    pub trigger: Trigger,
    pub graph: FlowGraph,
}

#[derive(Debug, Deserialize, ToSchema, utoipa::IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DiffQuery {
    /// The version to compare with; the draft when absent.
    #[serde(default)]
    pub against: Option<i32>,
}

/// A run in a flow's list of executions.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FlowRunSummary {
    pub id: Uuid,
    pub flow_id: Uuid,
    pub version: Option<i32>,
    pub contact_id: Option<Uuid>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub conversation_id: Option<Uuid>,
    /// keyword, firstMessage, unassigned, manual, api, flow or sandbox.
    pub origin: String,
    /// active, waiting, completed, handed_off, failed or stopped.
    pub status: String,
    pub current_node: Option<String>,
    pub reason: Option<String>,
    pub steps: i32,
    pub started_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
}

cursor_page_type!(FlowRunPage, FlowRunSummary);

#[derive(Debug, Deserialize, ToSchema, utoipa::IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RunQuery {
    /// running (active or waiting), completed, handed_off, failed or stopped.
    #[serde(default)]
    #[param(schema_with = run_status_schema)]
    pub status: Option<String>,
    #[serde(default)]
    #[param(schema_with = crate::cursor::at_schema)]
    pub cursor: Option<String>,
    /// 1-100, default 50.
    #[serde(default)]
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
}

/// One node a run passed through.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TraceStep {
    pub seq: i32,
    pub node: String,
    pub node_type: String,
    pub outcome: Option<String>,
    /// What the node did (text sent, branch chosen, answer rejected, HTTP status...), and for the first node of an
    /// event, the event itself.
    pub detail: serde_json::Value,
    /// The run's variables after the step (on the last node of each event).
    pub vars: Option<serde_json::Value>,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FlowRun {
    #[serde(flatten)]
    pub run: FlowRunSummary,
    pub flow_name: String,
    /// What the run waits for: reply, timer (with `until`) or http.
    pub waiting_for: Option<serde_json::Value>,
    pub variables: serde_json::Value,
    pub trace: Vec<TraceStep>,
}

/// Starts a flow for a contact (the API trigger, or an agent from a conversation). The document says that
/// `contactId` or `phone` is needed (see `StartRunDoc`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StartRunInput {
    /// The contact, or `phone` to find (or create) one by number.
    #[serde(default)]
    pub contact_id: Option<Uuid>,
    #[serde(default)]
    #[schema(schema_with = opt_phone)]
    pub phone: Option<String>,
    /// Which conversation the bot talks in; the contact's most recent one when absent.
    #[serde(default)]
    pub conversation_id: Option<Uuid>,
    /// Initial `vars.*` values.
    #[serde(default)]
    #[schema(value_type = Option<std::collections::HashMap<String, serde_json::Value>>)]
    pub variables: Option<serde_json::Value>,
}

/// Per version of a flow: what runs did at each node, for the canvas.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FlowAnalytics {
    pub version: i32,
    pub entered: i64,
    pub completed: i64,
    pub handed_off: i64,
    pub failed: i64,
    pub stopped: i64,
    /// Running now.
    pub running: i64,
    pub nodes: Vec<NodeFigures>,
    /// Passes along each outcome: `{source, sourceHandle, count}`.
    pub edges: Vec<EdgeFigure>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NodeFigures {
    pub node: String,
    /// Times runs reached the node.
    pub entered: i64,
    /// Runs waiting at the node now.
    pub waiting: i64,
    /// Runs that ended at the node without going on (failed there, or stopped while waiting there).
    pub dropped: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EdgeFigure {
    pub source: String,
    pub source_handle: String,
    pub count: i64,
}

#[derive(Debug, Deserialize, ToSchema, utoipa::IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AnalyticsQuery {
    /// Default: the latest published version.
    #[serde(default)]
    pub version: Option<i32>,
}

/// The running bot of a conversation's contact, for the inbox.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BotRun {
    pub run_id: Uuid,
    pub flow_id: Uuid,
    pub flow_name: String,
    pub status: String,
    pub current_node: Option<String>,
}

// ---- sandbox ----

/// Starts a test of the draft on the editor's phone panel.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SandboxStartInput {
    /// The pretend contact (name, phone, email, custom fields, labels, consent); defaults to the tester.
    #[serde(default, deserialize_with = "object_or_null")]
    pub contact: Option<SandboxContact>,
    /// Whether the pretend customer wrote within 24 hours (default true).
    #[serde(default)]
    pub window_open: Option<bool>,
    /// Pretend the business is open (true) or closed (false); default: the inbox's real hours.
    #[serde(default)]
    pub open_now: Option<bool>,
    /// HTTP nodes answer with their saved sample response instead of calling out.
    #[serde(default)]
    pub use_samples: bool,
    /// The first message, for flows that start on a keyword.
    #[serde(default)]
    pub text: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SandboxContact {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    /// Custom field values by key.
    #[serde(default)]
    #[schema(value_type = Option<std::collections::HashMap<String, serde_json::Value>>)]
    pub fields: Option<serde_json::Map<String, serde_json::Value>>,
    #[serde(default)]
    pub labels: Vec<String>,
    #[serde(default)]
    pub consent: Option<bool>,
}

/// A reply from the pretend customer: text, or the id of a button or list row.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SandboxReplyInput {
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub reply_id: Option<String>,
}

/// The state of a test: the chat so far, the path lit on the canvas, and what the flow waits for.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SandboxSession {
    pub run_id: Uuid,
    pub status: String,
    pub reason: Option<String>,
    /// The chat: `{from: bot|customer|system, type, text, buttons?, sections?, at}` in order.
    pub transcript: Vec<serde_json::Value>,
    /// Node ids in the order the run visited them, and each step's outcome (edges to light up).
    pub path: Vec<TraceStep>,
    pub current_node: Option<String>,
    /// reply, timer (with `until`, skippable) or http.
    pub waiting_for: Option<serde_json::Value>,
    pub variables: serde_json::Value,
    /// The fake clock: real time plus every skip.
    pub clock: DateTime<Utc>,
    /// Effects a real run would have had on the contact or the inbox (assign, label, field, consent, handoff).
    pub effects: Vec<serde_json::Value>,
}

/// `RUN_STATUSES` in the runs service.
fn run_status_schema() -> utoipa::openapi::schema::Object {
    crate::schema::one_of(&["running", "completed", "handed_off", "failed", "stopped"])
}

/// The keys of the ready templates (`parley_flow::templates::all`), or null.
fn template_key_schema() -> utoipa::openapi::schema::Object {
    let keys: Vec<String> = parley_flow::templates::all().into_iter().map(|t| t.key).collect();
    crate::schema::opt_one_of(&keys.iter().map(String::as_str).collect::<Vec<_>>())
}

/// An optional object read only from a JSON object (or null): serde would also read a struct from an array of
/// its fields in order, which the document does not offer.
fn object_or_null<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    match Option::<serde_json::Value>::deserialize(d)? {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(v @ serde_json::Value::Object(_)) => serde_json::from_value(v).map(Some).map_err(serde::de::Error::custom),
        Some(_) => Err(serde::de::Error::custom("must be an object")),
    }
}

/// A phone number `Phone::parse` takes, or null.
fn opt_phone() -> utoipa::openapi::schema::Object {
    let mut o = crate::schema::phone();
    o.schema_type = utoipa::openapi::schema::SchemaType::Array(vec![
        utoipa::openapi::schema::Type::String,
        utoipa::openapi::schema::Type::Null,
    ]);
    o
}

/// The document of a start: `StartRunInput`'s fields, with `contactId` or `phone` (one of them not null).
pub struct StartRunDoc;

impl utoipa::PartialSchema for StartRunDoc {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::RefOr;
        use utoipa::openapi::schema::Schema;
        let mut schema = <StartRunInput as utoipa::PartialSchema>::schema();
        if let RefOr::T(Schema::Object(o)) = &mut schema {
            let given =
                |field: &str| serde_json::json!({ "required": [field], "properties": { field: { "type": "string" } } });
            o.extensions
                .get_or_insert_with(Default::default)
                .insert("anyOf".into(), serde_json::json!([given("contactId"), given("phone")]));
        }
        schema
    }
}

impl utoipa::ToSchema for StartRunDoc {
    fn name() -> std::borrow::Cow<'static, str> {
        "StartRunInput".into()
    }
}
