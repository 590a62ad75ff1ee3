//! The flow graph as the visual editor saves it: nodes, edges, declared variables and triggers.
//!
//! The JSON shape is React Flow's own (`{id, position, type, data}` nodes and
//! `{id, source, sourceHandle, target}` edges) so the editor can load and save a graph without a
//! translation layer, and the TypeScript types come from these definitions through `utoipa`.
//! Nothing here runs a flow: `engine` runs it, `validate` judges it.
//!
//! Fields React Flow adds to nodes for its own use (`width`, `measured`, `selected`, `dragging` ...)
//! are ignored when reading and not written back: the editor recomputes them.
//!
//! A node whose `type` is not one of the kinds below does not deserialize at all (serde reports
//! "unknown variant"); the API turns that error into a 422 before validation runs, so `validate` never
//! sees an unknown kind.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;
use uuid::Uuid;

/// A whole flow: what a draft stores and what a published version freezes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FlowGraph {
    #[serde(default)]
    pub nodes: Vec<Node>,
    #[serde(default)]
    pub edges: Vec<Edge>,
    /// Declares `vars.<name>` for templates and conditions; variables set by a node (`saveAs`,
    /// `setVariable`, `responseMap`, `saveStatusAs`) need no declaration.
    #[serde(default)]
    pub variables: Vec<VariableDef>,
}

/// A declared run variable, shown in the editor's variable picker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowVariableDef)]
#[serde(rename_all = "camelCase")]
pub struct VariableDef {
    /// The bare name (`order_id`), referenced as `{{vars.order_id}}`.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// Where the node sits on the canvas; the engine never reads it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowPosition)]
pub struct Position {
    pub x: f64,
    pub y: f64,
}

/// One React Flow node: `{id, position, type, data}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowNode)]
#[serde(rename_all = "camelCase", try_from = "NodeFields")]
pub struct Node {
    pub id: String,
    #[serde(default)]
    pub position: Position,
    /// `type` and `data` at the node's top level, as React Flow writes them.
    #[serde(flatten)]
    pub kind: NodeKind,
}

/// How a node is read: serde takes a tag's variant index (`"type": 0`) as well as its name, so the name is
/// checked to be a string before the kind is read.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NodeFields {
    id: String,
    #[serde(default)]
    position: Position,
    #[serde(flatten)]
    rest: serde_json::Map<String, Value>,
}

impl TryFrom<NodeFields> for Node {
    type Error = String;

    fn try_from(f: NodeFields) -> Result<Self, String> {
        if !f.rest.get("type").is_some_and(Value::is_string) {
            return Err("a node's `type` must be the name of a node kind".into());
        }
        let kind = serde_json::from_value(Value::Object(f.rest)).map_err(|e| e.to_string())?;
        Ok(Node { id: f.id, position: f.position, kind })
    }
}

/// One React Flow edge. `sourceHandle` is the outcome of the source node it leaves from
/// (`next`, `option:<id>`, `true` ... see [`Node::outcomes`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowEdge)]
#[serde(rename_all = "camelCase")]
pub struct Edge {
    pub id: String,
    pub source: String,
    pub source_handle: String,
    pub target: String,
}

/// What a node does, with its settings (`data`). Adjacently tagged so the JSON is
/// `{"type": "sendMessage", "data": {...}}` at the node's top level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowNodeKind)]
#[serde(tag = "type", content = "data", rename_all = "camelCase")]
pub enum NodeKind {
    /// The entry point; exactly one per flow.
    Start(Empty),
    /// A free-form text or media message (needs the 24-hour window).
    SendMessage(SendMessage),
    /// An approved WhatsApp template (works outside the 24-hour window).
    SendTemplate(SendTemplate),
    /// A question answered with reply buttons (up to 3 options) or a list (4 to 10).
    Ask(Ask),
    /// A question answered in free text, validated against an input kind.
    Capture(Capture),
    /// Branches on rules over variables, labels, consent and local time.
    Condition(Condition),
    /// Sets `vars.<name>` to a rendered template.
    SetVariable(SetVariable),
    /// A durable delay: the run sleeps and a timer wakes it.
    Wait(Delay),
    /// Waits for the contact's next message, whatever it is.
    WaitForReply(WaitForReply),
    /// Branches on the workspace's business hours (computed by the runner).
    BusinessHours(Empty),
    /// Picks a branch at random by weight (A/B tests).
    RandomSplit(RandomSplit),
    /// Calls an HTTP API and maps its JSON answer into variables.
    Http(Http),
    /// Posts to a URL without waiting for the answer.
    Webhook(Webhook),
    /// Assigns the conversation to an agent and/or a team.
    Assign(Assign),
    /// Adds or removes a contact label.
    Label(Label),
    /// Sets a contact custom field.
    UpdateField(UpdateField),
    /// Records the contact's marketing consent.
    SetConsent(SetConsent),
    /// Ends this run and asks the runner to start another flow for the contact.
    StartFlow(StartFlow),
    /// Continues at another node (loops without crossing the canvas).
    Jump(Jump),
    /// Ends the run and hands the conversation to a human.
    Handoff(Handoff),
    /// Ends the run.
    End(Empty),
}

/// Settings of nodes that have none (`start`, `businessHours`, `end`): `data` is `{}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowEmpty)]
pub struct Empty {}

/// The media kinds WhatsApp accepts on a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowMediaKind)]
#[serde(rename_all = "camelCase")]
pub enum MediaKind {
    Image,
    Video,
    Audio,
    Document,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowSendMessage)]
#[serde(rename_all = "camelCase")]
pub struct SendMessage {
    /// The text (a template); with media it becomes the caption.
    #[serde(default)]
    pub text: String,
    /// A media library id; the runner uploads or links it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(pattern = "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$")]
    pub media_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_kind: Option<MediaKind>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowSendTemplate)]
#[serde(rename_all = "camelCase")]
pub struct SendTemplate {
    pub name: String,
    /// The template's language code (`en_US`, `es`).
    pub language: String,
    /// The Cloud API `components` array; every string in it is rendered as a template.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub components: Option<Value>,
}

fn one() -> u8 {
    1
}

fn two() -> u8 {
    2
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowAsk)]
#[serde(rename_all = "camelCase")]
pub struct Ask {
    /// The question (a template), at most 1,024 characters (WhatsApp's interactive body).
    pub text: String,
    pub options: Vec<AskOption>,
    /// The label of the button that opens a list (at most 20 characters); "Choose" when empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list_button: Option<String>,
    /// Saves the chosen option's title into `vars.<saveAs>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub save_as: Option<String>,
    /// How many unmatched replies are answered by asking again before `noMatch`.
    #[serde(default = "one")]
    #[schema(maximum = 255)]
    pub retries: u8,
    /// Sent as the question's body when asking again; the question itself when empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_text: Option<String>,
    /// Without a reply for this long the run takes `timeout`; no timeout when empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_secs: Option<u64>,
}

/// One answer of an `ask`. Its `id` is the reply button or list row id WhatsApp echoes back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowAskOption)]
#[serde(rename_all = "camelCase")]
pub struct AskOption {
    pub id: String,
    pub title: String,
    /// Shown under the title in a list (so an ask with descriptions is sent as a list).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Groups list rows under a section title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowCapture)]
#[serde(rename_all = "camelCase")]
pub struct Capture {
    /// The question (a template), at most 1,024 characters.
    pub text: String,
    #[serde(deserialize_with = "named_kind")]
    pub input: Input,
    /// The captured, normalised value goes to `vars.<saveAs>`.
    pub save_as: String,
    /// Also writes the value to this contact custom field (a key of the workspace's fields).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub save_to_field: Option<String>,
    /// How many invalid replies are answered by asking again before `invalid`.
    #[serde(default = "two")]
    #[schema(maximum = 255)]
    pub retries: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_secs: Option<u64>,
}

/// What a `capture` accepts, and how the value is normalised before it is saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowCaptureInput)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Input {
    /// Any non-empty text, trimmed.
    Text,
    /// A number (`,` accepted as the decimal separator), within the optional inclusive bounds;
    /// saved as a JSON number.
    Number {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<f64>,
    },
    /// An address with one `@` and a dotted domain; saved lowercased.
    Email,
    /// 8 to 15 digits, spaces and punctuation ignored; a `+` or `00` prefix is saved as `+`.
    Phone,
    /// `YYYY-MM-DD`, `DD/MM/YYYY`, `DD-MM-YYYY` or `DD.MM.YYYY`, a real calendar date; saved as
    /// `YYYY-MM-DD`.
    Date,
    /// One of the choices, case- and accent-insensitive, or its 1-based number; saved as written
    /// in `choices`.
    Choice { choices: Vec<String> },
    /// The whole reply must match the pattern (linear-time regex, at most 500 characters).
    Regex { pattern: String },
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowRuleMode)]
#[serde(rename_all = "camelCase")]
pub enum Mode {
    /// Every rule holds (true for no rules).
    #[default]
    All,
    /// At least one rule holds (false for no rules).
    Any,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowCondition)]
#[serde(rename_all = "camelCase")]
pub struct Condition {
    #[serde(default)]
    pub mode: Mode,
    #[serde(default, deserialize_with = "named_kinds")]
    pub rules: Vec<Rule>,
}

/// One test of a `condition`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowRule)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Rule {
    /// Compares a variable path (`vars.x`, `contact.fields.k`, `contact.name`, `message.text`) with a
    /// value (a template; for `matches`, a literal regex).
    Compare {
        left: String,
        op: Op,
        #[serde(default)]
        value: String,
    },
    /// The contact has the label (compared case- and accent-insensitively); `negate` inverts it.
    HasLabel {
        label: String,
        #[serde(default)]
        negate: bool,
    },
    /// `granted: true` holds when the contact opted in; `granted: false` when they did not
    /// (unknown consent counts as not granted: opt-in must be explicit).
    Consent { granted: bool },
    /// The workspace's local time is on one of `days` (0 = Monday; none = every day) and within
    /// `[after, before)`; when `after` is later than `before` the range spans midnight.
    Time {
        #[serde(default)]
        #[schema(schema_with = days_schema)]
        days: Vec<u8>,
        after: String,
        before: String,
    },
}

/// A time rule's weekdays as a draft stores them: bytes (validation flags a day past 6).
fn days_schema() -> utoipa::openapi::schema::Array {
    use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Type};
    ArrayBuilder::new()
        .items(ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(0)).maximum(Some(255)))
        .build()
}

/// Comparison operators. Text comparisons are case- and accent-insensitive; ordering operators compare
/// numbers when both sides are numbers and the raw text otherwise (so ISO dates and `HH:MM` order right).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowCompareOp)]
#[serde(rename_all = "camelCase")]
pub enum Op {
    Eq,
    Neq,
    Contains,
    NotContains,
    StartsWith,
    Gt,
    Gte,
    Lt,
    Lte,
    IsSet,
    IsNotSet,
    Matches,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowSetVariable)]
#[serde(rename_all = "camelCase")]
pub struct SetVariable {
    /// The bare variable name.
    pub name: String,
    /// A template; the rendered text is stored.
    #[serde(default)]
    pub value: String,
}

/// The `wait` node's settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowDelay)]
#[serde(rename_all = "camelCase")]
pub struct Delay {
    /// From one second to 30 days.
    pub seconds: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowWaitForReply)]
#[serde(rename_all = "camelCase")]
pub struct WaitForReply {
    /// Saves the reply's text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub save_as: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_secs: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowRandomSplit)]
#[serde(rename_all = "camelCase")]
pub struct RandomSplit {
    pub branches: Vec<Branch>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowBranch)]
#[serde(rename_all = "camelCase")]
pub struct Branch {
    pub id: String,
    #[serde(default)]
    pub label: String,
    /// Relative weight; a branch with 0 is never taken.
    pub weight: u32,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowHttpMethod)]
#[serde(rename_all = "UPPERCASE")]
pub enum HttpMethod {
    #[default]
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl HttpMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowHeader)]
#[serde(rename_all = "camelCase")]
pub struct Header {
    pub name: String,
    /// A template.
    #[serde(default)]
    pub value: String,
}

/// Copies one value of the JSON answer into a variable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowResponseMap)]
#[serde(rename_all = "camelCase")]
pub struct ResponseMap {
    /// The bare variable name.
    pub var: String,
    /// `order.status`, `$.items[0].name` or `$['odd key']`; a missing value stores `null`.
    pub path: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowHttp)]
#[serde(rename_all = "camelCase")]
pub struct Http {
    #[serde(default)]
    pub method: HttpMethod,
    /// A template; scheme and host must be literal (`https://host/...`) so the address can be
    /// checked at save time. Values rendered into the URL are percent-encoded.
    pub url: String,
    #[serde(default)]
    pub headers: Vec<Header>,
    /// A template. When it starts with `{` or `[` (a JSON body), rendered values are JSON-escaped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// Default 10,000 ms, at most 30,000 ms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_ms: Option<u64>,
    #[serde(default)]
    pub response_map: Vec<ResponseMap>,
    /// Saves the HTTP status (a number, or `null` when there was no answer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub save_status_as: Option<String>,
    /// A saved answer the editor's sandbox may use instead of calling (the engine never reads it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sample_response: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowWebhook)]
#[serde(rename_all = "camelCase")]
pub struct Webhook {
    /// Same rules as an HTTP node's URL.
    pub url: String,
    /// A template (JSON-escaped like an HTTP body); when empty the runner posts
    /// `{"contact": {...}, "vars": {...}}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowAssign)]
#[serde(rename_all = "camelCase")]
pub struct Assign {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(pattern = "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$")]
    pub user_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(pattern = "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$")]
    pub team_id: Option<Uuid>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowLabelAction)]
#[serde(rename_all = "camelCase")]
pub enum LabelAction {
    Add,
    Remove,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowLabel)]
#[serde(rename_all = "camelCase")]
pub struct Label {
    pub action: LabelAction,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowUpdateField)]
#[serde(rename_all = "camelCase")]
pub struct UpdateField {
    /// A contact custom field key.
    pub key: String,
    /// A template; the rendered text is stored.
    #[serde(default)]
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowSetConsent)]
#[serde(rename_all = "camelCase")]
pub struct SetConsent {
    pub granted: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowStartFlow)]
#[serde(rename_all = "camelCase")]
pub struct StartFlow {
    #[schema(pattern = "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$")]
    pub flow_id: Uuid,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowJump)]
#[serde(rename_all = "camelCase")]
pub struct Jump {
    /// A node id of the same flow.
    pub target: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowHandoff)]
#[serde(rename_all = "camelCase")]
pub struct Handoff {
    /// A template, shown to the agent who picks the conversation up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Outcome names, shared by the engine, validation and the editor.
pub mod outcome {
    pub const NEXT: &str = "next";
    pub const ERROR: &str = "error";
    pub const NO_MATCH: &str = "noMatch";
    pub const TIMEOUT: &str = "timeout";
    pub const INVALID: &str = "invalid";
    pub const TRUE: &str = "true";
    pub const FALSE: &str = "false";
    pub const REPLY: &str = "reply";
    pub const OPEN: &str = "open";
    pub const CLOSED: &str = "closed";
    /// `option:<id>` for an ask's option.
    pub const OPTION_PREFIX: &str = "option:";
    /// `branch:<id>` for a random split's branch.
    pub const BRANCH_PREFIX: &str = "branch:";

    /// Outcomes whose edge may be left out (a warning): the run completes if it takes one.
    pub fn is_optional(name: &str) -> bool {
        matches!(name, ERROR | TIMEOUT | INVALID | NO_MATCH)
    }
}

impl NodeKind {
    /// The `type` string of the node, as in the JSON.
    pub fn type_name(&self) -> &'static str {
        match self {
            NodeKind::Start(_) => "start",
            NodeKind::SendMessage(_) => "sendMessage",
            NodeKind::SendTemplate(_) => "sendTemplate",
            NodeKind::Ask(_) => "ask",
            NodeKind::Capture(_) => "capture",
            NodeKind::Condition(_) => "condition",
            NodeKind::SetVariable(_) => "setVariable",
            NodeKind::Wait(_) => "wait",
            NodeKind::WaitForReply(_) => "waitForReply",
            NodeKind::BusinessHours(_) => "businessHours",
            NodeKind::RandomSplit(_) => "randomSplit",
            NodeKind::Http(_) => "http",
            NodeKind::Webhook(_) => "webhook",
            NodeKind::Assign(_) => "assign",
            NodeKind::Label(_) => "label",
            NodeKind::UpdateField(_) => "updateField",
            NodeKind::SetConsent(_) => "setConsent",
            NodeKind::StartFlow(_) => "startFlow",
            NodeKind::Jump(_) => "jump",
            NodeKind::Handoff(_) => "handoff",
            NodeKind::End(_) => "end",
        }
    }

    /// Nodes where the run stops until something outside happens (a reply, a timer, an HTTP answer).
    pub fn blocks(&self) -> bool {
        matches!(
            self,
            NodeKind::Ask(_) | NodeKind::Capture(_) | NodeKind::Wait(_) | NodeKind::WaitForReply(_) | NodeKind::Http(_)
        )
    }

    /// Nodes that end the run (a jump has no outcome either, but continues elsewhere).
    pub fn is_terminal(&self) -> bool {
        matches!(self, NodeKind::StartFlow(_) | NodeKind::Handoff(_) | NodeKind::End(_))
    }
}

impl Node {
    /// The handles the node exposes, in the order the editor draws them. `timeout` exists only
    /// when a timeout is set, since the engine can never take it otherwise.
    pub fn outcomes(&self) -> Vec<String> {
        use outcome::*;
        let fixed = |names: &[&str]| names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>();
        match &self.kind {
            NodeKind::Start(_)
            | NodeKind::SetVariable(_)
            | NodeKind::Wait(_)
            | NodeKind::Webhook(_)
            | NodeKind::Assign(_)
            | NodeKind::Label(_)
            | NodeKind::UpdateField(_)
            | NodeKind::SetConsent(_) => fixed(&[NEXT]),
            NodeKind::SendMessage(_) | NodeKind::SendTemplate(_) | NodeKind::Http(_) => fixed(&[NEXT, ERROR]),
            NodeKind::Ask(a) => {
                let mut out: Vec<String> = a.options.iter().map(|o| format!("{OPTION_PREFIX}{}", o.id)).collect();
                out.push(NO_MATCH.to_owned());
                if a.timeout_secs.is_some() {
                    out.push(TIMEOUT.to_owned());
                }
                out
            }
            NodeKind::Capture(c) => {
                let mut out = fixed(&[NEXT, INVALID]);
                if c.timeout_secs.is_some() {
                    out.push(TIMEOUT.to_owned());
                }
                out
            }
            NodeKind::Condition(_) => fixed(&[TRUE, FALSE]),
            NodeKind::WaitForReply(w) => {
                let mut out = fixed(&[REPLY]);
                if w.timeout_secs.is_some() {
                    out.push(TIMEOUT.to_owned());
                }
                out
            }
            NodeKind::BusinessHours(_) => fixed(&[OPEN, CLOSED]),
            NodeKind::RandomSplit(r) => r.branches.iter().map(|b| format!("{BRANCH_PREFIX}{}", b.id)).collect(),
            NodeKind::StartFlow(_) | NodeKind::Jump(_) | NodeKind::Handoff(_) | NodeKind::End(_) => Vec::new(),
        }
    }

    /// Whether `handle` is one of [`Node::outcomes`], without building the list.
    pub fn has_outcome(&self, handle: &str) -> bool {
        use outcome::*;
        match &self.kind {
            NodeKind::Ask(a) => match handle.strip_prefix(OPTION_PREFIX) {
                Some(id) => a.options.iter().any(|o| o.id == id),
                None => handle == NO_MATCH || (handle == TIMEOUT && a.timeout_secs.is_some()),
            },
            NodeKind::RandomSplit(r) => {
                handle.strip_prefix(BRANCH_PREFIX).is_some_and(|id| r.branches.iter().any(|b| b.id == id))
            }
            _ => self.outcomes().iter().any(|o| o == handle),
        }
    }
}

/// Characters `char::is_whitespace` holds (Unicode White_Space), as a regex class body.
const WHITE_SPACE: &str = r"\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000";

/// What `validate_trigger` and the API take as a keyword trigger's list: 1 to 50 keywords of at most 200
/// characters, one at least with something other than white space.
fn keywords_schema() -> utoipa::openapi::schema::Array {
    use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Type};
    let mut a = ArrayBuilder::new()
        .items(ObjectBuilder::new().schema_type(Type::String).max_length(Some(200)))
        .min_items(Some(1))
        .max_items(Some(50))
        .build();
    let not_blank = serde_json::json!({ "type": "string", "pattern": format!("[^{WHITE_SPACE}]") });
    a.extensions = Some([("contains", not_blank)].into_iter().collect());
    a
}

/// Which inbound messages start a flow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowTrigger)]
#[serde(rename_all = "camelCase", try_from = "TriggerFields")]
pub struct Trigger {
    #[serde(flatten)]
    pub kind: TriggerKind,
    /// The WhatsApp numbers it listens on; empty means every number of the workspace.
    #[serde(default)]
    pub connection_ids: Vec<Uuid>,
    /// When several flows match, the highest priority wins (then the runner's own order).
    #[serde(default)]
    pub priority: i32,
}

/// A value tagged by `kind`, read only when the tag is a name (see [`NodeFields`]).
fn named_kind<'de, D: serde::Deserializer<'de>, T: serde::de::DeserializeOwned>(d: D) -> Result<T, D::Error> {
    let v = Value::deserialize(d)?;
    if !v.get("kind").is_some_and(Value::is_string) {
        return Err(serde::de::Error::custom("`kind` must be the name of a kind"));
    }
    serde_json::from_value(v).map_err(serde::de::Error::custom)
}

/// A list of values tagged by `kind`, each read like [`named_kind`].
fn named_kinds<'de, D: serde::Deserializer<'de>, T: serde::de::DeserializeOwned>(d: D) -> Result<Vec<T>, D::Error> {
    let items = Vec::<Value>::deserialize(d)?;
    items
        .into_iter()
        .map(|v| {
            if !v.get("kind").is_some_and(Value::is_string) {
                return Err(serde::de::Error::custom("`kind` must be the name of a kind"));
            }
            serde_json::from_value(v).map_err(serde::de::Error::custom)
        })
        .collect()
}

/// How a trigger is read: `kind` must be a name, not a variant index (see [`NodeFields`]).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TriggerFields {
    #[serde(default)]
    connection_ids: Vec<Uuid>,
    #[serde(default)]
    priority: i32,
    #[serde(flatten)]
    rest: serde_json::Map<String, Value>,
}

impl TryFrom<TriggerFields> for Trigger {
    type Error = String;

    fn try_from(f: TriggerFields) -> Result<Self, String> {
        if !f.rest.get("kind").is_some_and(Value::is_string) {
            return Err("a trigger's `kind` must be keyword, firstMessage, unassigned, manual or api".into());
        }
        let kind = serde_json::from_value(Value::Object(f.rest)).map_err(|e| e.to_string())?;
        Ok(Trigger { kind, connection_ids: f.connection_ids, priority: f.priority })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowTriggerKind)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum TriggerKind {
    /// The message matches one of the keywords.
    #[serde(rename_all = "camelCase")]
    Keyword {
        /// 1 to 50, each at most 200 characters, at least one not blank.
        #[schema(schema_with = keywords_schema)]
        keywords: Vec<String>,
        #[serde(default)]
        match_mode: MatchMode,
    },
    /// The contact's first message ever in the workspace.
    FirstMessage,
    /// A message in a conversation no agent is assigned to.
    Unassigned,
    /// Started by an agent from the inbox; never by a message.
    Manual,
    /// Started through the public API; never by a message.
    Api,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowMatchMode)]
#[serde(rename_all = "camelCase")]
pub enum MatchMode {
    /// The whole message equals a keyword (case-, accent- and spacing-insensitive).
    #[default]
    Exact,
    /// The message contains a keyword as whole words (`hi` matches "oh hi there", not "this").
    Contains,
    /// The keyword is a case-insensitive regular expression searched in the message.
    Regex,
}
