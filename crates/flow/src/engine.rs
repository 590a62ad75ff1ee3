//! The flow engine: a pure function from (compiled version, run state, event) to (next state,
//! effects, trace). It owns how every node behaves; it performs nothing itself.
//!
//! No IO, no clock and no randomness of its own: the time, the random draw, the contact and the
//! 24-hour window all arrive in the [`Event`], and everything the run wants done (sends, timers,
//! HTTP calls, field writes) leaves as [`Effect`] data that the runner performs and persists in
//! the same transaction as the new state. So the same inputs always give the same outputs, which
//! is what makes runs replayable in the sandbox and the engine property-testable.
//!
//! [`step`] walks from where the run stands until it blocks (ask, capture, waitForReply, wait,
//! http) or ends, visiting at most [`STEP_BUDGET`] nodes per event. It is total: a corrupt state, a
//! graph that was never validated or a stale event never panics; they become no-ops or a failed run
//! with a reason.
//!
//! Behaviour worth knowing (the docs in `docs/flows.md` say the same for authors):
//! - An event that does not concern the run (a stale timer or HTTP token, a second `start`, any
//!   event on an ended run) returns the state unchanged with no effects and no trace.
//! - An inbound message while the run waits on a timer or an HTTP answer is traced and otherwise
//!   ignored: the runner keeps it in the inbox for agents.
//! - Free-form sends (sendMessage, ask, capture) need the 24-hour window. An inbound event opens it
//!   by definition; otherwise `context.windowOpen` says. When it is closed the node takes its
//!   `error` outcome if it has a connected one, or the run fails with
//!   [`WINDOW_CLOSED`].
//! - All tokens (timers, reply timeouts, HTTP calls) come from one counter, `timerSeq`, so a token
//!   names exactly one wait of the run and anything older is stale.
//! - Several random splits in one step draw independent numbers from the event's single `random`
//!   (a splitmix64 sequence), so two splits in a row are not correlated.
//! - Contact changes made earlier in the same step (labels, fields, consent) are seen by later
//!   nodes of that step; the runner's next snapshot includes them for later steps.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, TimeDelta, Utc};
use regex::Regex;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::capture;
use crate::limits::{
    DEFAULT_LIST_BUTTON, HTTP_TIMEOUT_DEFAULT_MS, HTTP_TIMEOUT_MAX_MS, MAX_BUTTONS, MAX_NODES, STEP_BUDGET,
};
use crate::path::{self, Seg};
use crate::schema::{
    Ask, FlowGraph, HttpMethod, Input, LabelAction, MediaKind, Mode, Node, NodeKind, Op, Rule, outcome,
};
use crate::template::{self, Escape, Scope};
use crate::text::{build_regex, normalize, parse_hhmm};

/// The reason a free-form send fails outside the customer service window.
pub const WINDOW_CLOSED: &str = "24-hour window closed: use a template";
/// The reason a template is not sent to a contact who withdrew consent.
pub const OPTED_OUT: &str = "the contact opted out: no template is sent";

// ---------------------------------------------------------------------------------------------
// Inputs: the event and its context
// ---------------------------------------------------------------------------------------------

/// What the contact looks like when the event happens (the runner's snapshot).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowContactSnapshot)]
#[serde(rename_all = "camelCase", default)]
pub struct ContactSnapshot {
    pub id: Option<Uuid>,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// Custom fields by key.
    pub fields: BTreeMap<String, Value>,
    pub labels: Vec<String>,
    /// Marketing consent: `None` when never asked.
    pub consent: Option<bool>,
}

/// The workspace's local time (in its time zone), for time rules.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowLocalTime)]
#[serde(rename_all = "camelCase")]
pub struct LocalTime {
    /// 0 = Monday ... 6 = Sunday.
    pub weekday: u8,
    /// Minutes after local midnight.
    pub minutes: u16,
}

/// Facts the runner computes for the engine, so the engine needs no clock, calendar or database.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowContext)]
#[serde(rename_all = "camelCase")]
pub struct Context {
    #[serde(default)]
    pub contact: ContactSnapshot,
    /// Within the workspace's business hours now.
    #[serde(default)]
    pub open_now: bool,
    /// The contact wrote within the last 24 hours.
    #[serde(default)]
    pub window_open: bool,
    #[serde(default)]
    pub local: LocalTime,
}

/// One thing that happened to a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowEvent)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    pub now: DateTime<Utc>,
    /// A random draw made by the runner (random splits use it).
    #[serde(default)]
    pub random: u64,
    #[serde(default)]
    pub context: Context,
    pub kind: EventKind,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowEventKind)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum EventKind {
    /// Starts a fresh run. `text` is the message that triggered it, if any, so `{{message.text}}`
    /// works from the first node.
    Start {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        text: Option<String>,
    },
    /// A message from the contact.
    #[serde(rename_all = "camelCase")]
    Inbound {
        #[serde(default)]
        text: Option<String>,
        /// The id of the reply button or list row tapped.
        #[serde(default)]
        reply_id: Option<String>,
        /// WhatsApp's message type (`text`, `interactive`, `image` ...).
        #[serde(default)]
        message_type: String,
    },
    /// A timer the engine scheduled fired.
    Timer { token: u64 },
    /// The answer (or failure) of an HTTP call the engine asked for.
    Http { token: u64, result: HttpResult },
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowHttpResult)]
#[serde(rename_all = "camelCase", default)]
pub struct HttpResult {
    /// The HTTP status; `None` when no answer came (timeout, refused address, DNS).
    pub status: Option<u16>,
    /// The answer parsed as JSON, when it was JSON.
    pub body: Option<Value>,
    /// Why the call failed, when it did.
    pub error: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// The run's state
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowRunStatus)]
#[serde(rename_all = "camelCase")]
pub enum RunStatus {
    /// Created, not started yet (a stored run is never active after a step).
    #[default]
    Active,
    /// Blocked on a reply, a timer or an HTTP answer (see `wait`).
    Waiting,
    Completed,
    HandedOff,
    Failed,
}

impl RunStatus {
    /// The run is over: every later event is a no-op.
    pub fn is_terminal(self) -> bool {
        matches!(self, RunStatus::Completed | RunStatus::HandedOff | RunStatus::Failed)
    }
}

/// What a waiting run waits for, and the token that wakes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowWait)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Wait {
    /// A reply at an ask, capture or waitForReply node; `timeoutToken` is the timer that ends the
    /// wait without one.
    #[serde(rename_all = "camelCase")]
    Reply { node: String, timeout_token: Option<u64> },
    /// A `wait` node's timer.
    Timer { node: String, token: u64, until: DateTime<Utc> },
    /// An HTTP node's answer.
    Http { node: String, token: u64 },
}

/// A run's state, stored as JSON by the runner between events.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowRunState)]
#[serde(rename_all = "camelCase")]
pub struct RunState {
    pub status: RunStatus,
    /// The node the run waits at or ended on.
    #[serde(default)]
    pub node: Option<String>,
    #[serde(default)]
    pub wait: Option<Wait>,
    #[serde(default)]
    pub vars: BTreeMap<String, Value>,
    /// Failed attempts at the current ask or capture.
    #[serde(default)]
    pub retries: u8,
    /// The last token handed out (timers, reply timeouts, HTTP calls).
    #[serde(default)]
    pub timer_seq: u64,
    /// Node visits over the run's life.
    #[serde(default)]
    pub steps: u64,
    /// The last inbound text (`{{message.text}}`); replaced by every handled inbound, `None` when
    /// that message had no text.
    #[serde(default)]
    pub last_text: Option<String>,
    /// Why the run failed.
    #[serde(default)]
    pub reason: Option<String>,
}

impl RunState {
    /// A run that has not started; feed it a `start` event.
    pub fn new() -> Self {
        Self::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Outputs: effects and trace
// ---------------------------------------------------------------------------------------------

/// Something the runner must do, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowEffect)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Effect {
    Send {
        node: String,
        message: Out,
    },
    /// Deliver `timer { token }` at `at`.
    ScheduleTimer {
        token: u64,
        at: DateTime<Utc>,
    },
    /// Perform the call (re-checking the resolved address) and deliver `http { token, result }`.
    Http {
        token: u64,
        node: String,
        request: HttpRequest,
    },
    /// Perform the call; nobody waits for the answer.
    Webhook {
        node: String,
        request: HttpRequest,
    },
    #[serde(rename_all = "camelCase")]
    Assign {
        user_id: Option<Uuid>,
        team_id: Option<Uuid>,
    },
    AddLabel {
        label: String,
    },
    RemoveLabel {
        label: String,
    },
    SetField {
        key: String,
        value: Value,
    },
    SetConsent {
        granted: bool,
    },
    /// Start that flow for the contact (this run has completed).
    #[serde(rename_all = "camelCase")]
    StartFlow {
        flow_id: Uuid,
    },
    /// Hand the conversation to a human (this run has ended as handed off).
    Handoff {
        note: Option<String>,
    },
}

/// An outbound WhatsApp message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowOutMessage)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Out {
    Text {
        text: String,
    },
    #[serde(rename_all = "camelCase")]
    Media {
        media_id: Uuid,
        kind: MediaKind,
        caption: Option<String>,
    },
    /// Interactive reply buttons (1 to 3).
    Buttons {
        body: String,
        buttons: Vec<ReplyButton>,
    },
    /// An interactive list (up to 10 rows).
    List {
        body: String,
        button: String,
        sections: Vec<ListSection>,
    },
    Template {
        name: String,
        language: String,
        components: Option<Value>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowReplyButton)]
pub struct ReplyButton {
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowListSection)]
pub struct ListSection {
    pub title: Option<String>,
    pub rows: Vec<ListRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowListRow)]
pub struct ListRow {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
}

/// A rendered HTTP request. The URL is not checked here beyond what validation did at save time:
/// the runner resolves the host and refuses private addresses at connect time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowHttpRequest)]
#[serde(rename_all = "camelCase")]
pub struct HttpRequest {
    pub method: HttpMethod,
    pub url: String,
    pub headers: Vec<crate::schema::Header>,
    pub body: Option<String>,
    pub timeout_ms: u64,
}

/// One node visit, with what it did: the run's story for the trace view and the sandbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowTraceEntry)]
#[serde(rename_all = "camelCase")]
pub struct TraceEntry {
    pub node: String,
    pub node_type: String,
    /// The outcome taken; `None` when the run stopped or ended at the node.
    pub outcome: Option<String>,
    /// Node-specific facts (rendered text, chosen option, validation failure, ignored event ...).
    pub detail: Value,
}

/// The result of one event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowStep)]
pub struct Step {
    pub state: RunState,
    pub effects: Vec<Effect>,
    pub trace: Vec<TraceEntry>,
}

// ---------------------------------------------------------------------------------------------
// Compilation
// ---------------------------------------------------------------------------------------------

/// Why a graph cannot be compiled. A validated graph always compiles; anything else that is wrong
/// with a graph (dangling edges, unknown jump targets ...) is handled while running, so the
/// engine stays total.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CompileError {
    #[error("the flow has no start node")]
    NoStart,
    #[error("the flow has {0} start nodes; it needs exactly one")]
    SeveralStarts(usize),
    #[error("node id `{0}` is used twice")]
    DuplicateNode(String),
    #[error("the flow has {0} nodes; at most {MAX_NODES} are allowed")]
    TooManyNodes(usize),
    #[error("node `{node}`: {message}")]
    Invalid { node: String, message: String },
}

/// A published version ready to run: nodes indexed, edges resolved by (source, handle), regexes,
/// times and JSON paths parsed. Built once per version and shared by all its runs; stepping never
/// allocates graph structures.
#[derive(Debug, Clone)]
pub struct Compiled {
    nodes: Vec<CNode>,
    index: HashMap<String, usize>,
    start: usize,
}

#[derive(Debug, Clone)]
struct CNode {
    node: Node,
    /// Outcome handle to target node; the first edge of a handle wins (validation refuses two).
    out: Vec<(String, usize)>,
    aux: Aux,
}

/// Per-kind precomputed data.
#[derive(Debug, Clone)]
enum Aux {
    None,
    /// An ask's option titles, normalised for matching typed replies.
    Titles(Vec<String>),
    /// A capture's anchored regex (only for `Input::Regex`).
    Pattern(Option<Regex>),
    /// A condition's rules, in order.
    Rules(Vec<CRule>),
    /// An HTTP node's response map paths, in order (`None` for a path that does not parse).
    Paths(Vec<Option<Vec<Seg>>>),
    /// A jump's resolved target.
    Jump(Option<usize>),
}

#[derive(Debug, Clone)]
enum CRule {
    Plain,
    Pattern(Regex),
    Time {
        /// Bit `d` set when weekday `d` is allowed; all set when no days were given.
        days: u8,
        after: u16,
        before: u16,
    },
}

impl Compiled {
    pub fn new(graph: &FlowGraph) -> Result<Compiled, CompileError> {
        if graph.nodes.len() > MAX_NODES {
            return Err(CompileError::TooManyNodes(graph.nodes.len()));
        }
        let mut index = HashMap::with_capacity(graph.nodes.len());
        for (i, n) in graph.nodes.iter().enumerate() {
            if index.insert(n.id.clone(), i).is_some() {
                return Err(CompileError::DuplicateNode(n.id.clone()));
            }
        }
        let starts: Vec<usize> = graph
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| matches!(n.kind, NodeKind::Start(_)))
            .map(|(i, _)| i)
            .collect();
        let start = match starts.as_slice() {
            [] => return Err(CompileError::NoStart),
            [one] => *one,
            many => return Err(CompileError::SeveralStarts(many.len())),
        };
        let mut nodes = Vec::with_capacity(graph.nodes.len());
        for n in &graph.nodes {
            let invalid = |message: String| CompileError::Invalid { node: n.id.clone(), message };
            let aux = match &n.kind {
                NodeKind::Ask(a) => Aux::Titles(a.options.iter().map(|o| normalize(&o.title)).collect()),
                NodeKind::Capture(c) => match &c.input {
                    Input::Regex { pattern } => Aux::Pattern(Some(build_regex(pattern, true).map_err(invalid)?)),
                    _ => Aux::Pattern(None),
                },
                NodeKind::Condition(c) => {
                    let mut rules = Vec::with_capacity(c.rules.len());
                    for r in &c.rules {
                        rules.push(compile_rule(r).map_err(invalid)?);
                    }
                    Aux::Rules(rules)
                }
                NodeKind::Http(h) => Aux::Paths(h.response_map.iter().map(|m| path::parse(&m.path).ok()).collect()),
                NodeKind::Jump(j) => Aux::Jump(index.get(&j.target).copied()),
                _ => Aux::None,
            };
            nodes.push(CNode { node: n.clone(), out: Vec::new(), aux });
        }
        for e in &graph.edges {
            let (Some(&s), Some(&t)) = (index.get(&e.source), index.get(&e.target)) else {
                continue;
            };
            let out = &mut nodes[s].out;
            if !out.iter().any(|(h, _)| *h == e.source_handle) {
                out.push((e.source_handle.clone(), t));
            }
        }
        Ok(Compiled { nodes, index, start })
    }

    /// The start node's id.
    pub fn start_id(&self) -> &str {
        &self.nodes[self.start].node.id
    }

    /// A node of this version by id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.index.get(id).map(|&i| &self.nodes[i].node)
    }

    fn target(&self, idx: usize, handle: &str) -> Option<usize> {
        self.nodes[idx].out.iter().find(|(h, _)| h == handle).map(|&(_, t)| t)
    }
}

fn compile_rule(rule: &Rule) -> Result<CRule, String> {
    Ok(match rule {
        Rule::Compare { op: Op::Matches, value, .. } => CRule::Pattern(build_regex(value, false)?),
        Rule::Time { days, after, before } => {
            let mut mask = 0u8;
            for &d in days {
                if d > 6 {
                    return Err(format!("weekday {d} is not 0 (Monday) to 6 (Sunday)"));
                }
                mask |= 1 << d;
            }
            if days.is_empty() {
                mask = 0x7f;
            }
            let after = parse_hhmm(after).ok_or_else(|| format!("`{after}` is not HH:MM"))?;
            let before = parse_hhmm(before).ok_or_else(|| format!("`{before}` is not HH:MM"))?;
            CRule::Time { days: mask, after, before }
        }
        _ => CRule::Plain,
    })
}

// ---------------------------------------------------------------------------------------------
// Stepping
// ---------------------------------------------------------------------------------------------

/// Handles one event. Total: never panics, whatever the graph, state or event.
pub fn step(c: &Compiled, s: &RunState, e: &Event) -> Step {
    let noop = || Step { state: s.clone(), effects: Vec::new(), trace: Vec::new() };
    if s.status.is_terminal() {
        return noop();
    }
    let mut run = Run::new(c, s, e);
    match (&e.kind, &s.wait) {
        (EventKind::Start { text }, None) if s.node.is_none() && s.status == RunStatus::Active => {
            run.st.last_text = text.clone();
            run.walk(c.start, How::Enter);
        }
        (EventKind::Inbound { text, reply_id, .. }, Some(Wait::Reply { node, .. })) => {
            run.st.last_text = text.clone();
            run.resume(node, How::Reply { text: text.as_deref(), reply_id: reply_id.as_deref() });
        }
        (EventKind::Inbound { .. }, Some(Wait::Timer { node, .. } | Wait::Http { node, .. })) => {
            let what = if matches!(s.wait, Some(Wait::Timer { .. })) { "a timer" } else { "an HTTP answer" };
            let node_type = c.node(node).map_or("", |n| n.kind.type_name());
            return Step {
                state: s.clone(),
                effects: Vec::new(),
                trace: vec![TraceEntry {
                    node: node.clone(),
                    node_type: node_type.to_owned(),
                    outcome: None,
                    detail: json!({
                        "ignored": format!("inbound message while waiting for {what}; it stays in the inbox")
                    }),
                }],
            };
        }
        (EventKind::Timer { token }, Some(Wait::Timer { node, token: t, .. })) if t == token => {
            run.resume(node, How::Timer);
        }
        (EventKind::Timer { token }, Some(Wait::Reply { node, timeout_token: Some(t) })) if t == token => {
            run.resume(node, How::Timeout);
        }
        (EventKind::Http { token, result }, Some(Wait::Http { node, token: t })) if t == token => {
            run.resume(node, How::Http(result));
        }
        _ => return noop(),
    }
    Step { state: run.st, effects: run.effects, trace: run.trace }
}

/// How a node is visited: entered along an edge, or resumed by the event it waited for.
#[derive(Clone, Copy)]
enum How<'a> {
    Enter,
    Reply { text: Option<&'a str>, reply_id: Option<&'a str> },
    Timer,
    Timeout,
    Http(&'a HttpResult),
}

/// What a visit decided.
enum Flow {
    /// Leave by this outcome's edge.
    Follow(String),
    /// Continue at this node (a jump).
    Goto(usize),
    /// The run blocked or ended at this node; the state says how.
    Stop,
}

struct Run<'a> {
    c: &'a Compiled,
    e: &'a Event,
    st: RunState,
    effects: Vec<Effect>,
    trace: Vec<TraceEntry>,
    visits: u32,
    draws: u64,
    window_open: bool,
    /// Contact changes made in this step, newest last.
    field_updates: Vec<(String, Value)>,
    label_changes: Vec<(String, bool)>,
    consent: Option<Option<bool>>,
}

impl<'a> Run<'a> {
    fn new(c: &'a Compiled, s: &RunState, e: &'a Event) -> Self {
        Run {
            c,
            e,
            st: s.clone(),
            effects: Vec::new(),
            trace: Vec::new(),
            visits: 0,
            draws: 0,
            window_open: e.context.window_open || matches!(e.kind, EventKind::Inbound { .. }),
            field_updates: Vec::new(),
            label_changes: Vec::new(),
            consent: None,
        }
    }

    fn resume(&mut self, node: &str, how: How<'_>) {
        self.st.status = RunStatus::Active;
        self.st.wait = None;
        match self.c.index.get(node) {
            Some(&idx) => self.walk(idx, how),
            None => self.fail(node, format!("node {node} is not in this flow version")),
        }
    }

    fn walk(&mut self, mut idx: usize, mut how: How<'_>) {
        let c = self.c;
        loop {
            let node = &c.nodes[idx].node;
            if self.visits >= STEP_BUDGET {
                let reason = format!("step budget exceeded at node {}", node.id);
                self.note(json!(reason));
                self.fail(&node.id, reason);
                return;
            }
            self.visits += 1;
            self.st.steps = self.st.steps.saturating_add(1);
            let (flow, detail) = self.visit(idx, how);
            how = How::Enter;
            let outcome = match &flow {
                Flow::Follow(o) => Some(o.clone()),
                _ => None,
            };
            self.trace.push(TraceEntry {
                node: node.id.clone(),
                node_type: node.kind.type_name().to_owned(),
                outcome,
                detail,
            });
            match flow {
                Flow::Follow(o) => match c.target(idx, &o) {
                    Some(t) => idx = t,
                    None => {
                        self.note(json!(format!("outcome `{o}` is not connected: the run ends here")));
                        self.finish(&node.id, RunStatus::Completed);
                        return;
                    }
                },
                Flow::Goto(t) => idx = t,
                Flow::Stop => return,
            }
        }
    }

    /// Adds a note to the last trace entry's detail.
    fn note(&mut self, note: Value) {
        if let Some(last) = self.trace.last_mut() {
            match &mut last.detail {
                Value::Object(m) => {
                    m.insert("note".to_owned(), note);
                }
                other => {
                    let previous = std::mem::take(other);
                    *other = if previous.is_null() {
                        json!({ "note": note })
                    } else {
                        json!({ "note": note, "detail": previous })
                    };
                }
            }
        }
    }

    fn finish(&mut self, node: &str, status: RunStatus) {
        self.st.status = status;
        self.st.node = Some(node.to_owned());
        self.st.wait = None;
        self.st.retries = 0;
    }

    fn fail(&mut self, node: &str, reason: String) {
        self.finish(node, RunStatus::Failed);
        self.st.reason = Some(reason);
    }

    fn block(&mut self, node: &str, wait: Wait) {
        self.st.status = RunStatus::Waiting;
        self.st.node = Some(node.to_owned());
        self.st.wait = Some(wait);
    }

    fn next_token(&mut self) -> u64 {
        self.st.timer_seq = self.st.timer_seq.wrapping_add(1);
        self.st.timer_seq
    }

    fn at(&self, secs: u64) -> DateTime<Utc> {
        let delta = i64::try_from(secs).ok().and_then(TimeDelta::try_seconds).unwrap_or(TimeDelta::MAX);
        self.e.now.checked_add_signed(delta).unwrap_or(DateTime::<Utc>::MAX_UTC)
    }

    /// Schedules a reply timeout when the node has one.
    fn reply_timeout(&mut self, secs: Option<u64>) -> Option<u64> {
        let secs = secs?;
        let token = self.next_token();
        let at = self.at(secs);
        self.effects.push(Effect::ScheduleTimer { token, at });
        Some(token)
    }

    fn scope(&self) -> Scope<'_> {
        Scope {
            contact: &self.e.context.contact,
            vars: &self.st.vars,
            message_text: self.st.last_text.as_deref(),
            field_updates: &self.field_updates,
        }
    }

    fn render(&self, text: &str) -> String {
        template::render(text, &self.scope())
    }

    fn send(&mut self, node: &str, message: Out) {
        self.effects.push(Effect::Send { node: node.to_owned(), message });
    }

    /// The way out when a node cannot do its job: its connected `error` outcome, or a failed run.
    fn error_or_fail(&mut self, idx: usize, reason: &str) -> (Flow, Value) {
        let node = &self.c.nodes[idx].node;
        if node.has_outcome(outcome::ERROR) && self.c.target(idx, outcome::ERROR).is_some() {
            return (Flow::Follow(outcome::ERROR.to_owned()), json!({ "error": reason }));
        }
        self.fail(&node.id, reason.to_owned());
        (Flow::Stop, json!({ "error": reason }))
    }

    fn has_label(&self, label: &str) -> bool {
        let wanted = normalize(label);
        if let Some((_, added)) = self.label_changes.iter().rev().find(|(l, _)| normalize(l) == wanted) {
            return *added;
        }
        self.e.context.contact.labels.iter().any(|l| normalize(l) == wanted)
    }

    fn consent(&self) -> Option<bool> {
        self.consent.unwrap_or(self.e.context.contact.consent)
    }

    fn visit(&mut self, idx: usize, how: How<'_>) -> (Flow, Value) {
        let c = self.c;
        let cn = &c.nodes[idx];
        let id = cn.node.id.as_str();
        let follow = |o: &str| Flow::Follow(o.to_owned());
        match (&cn.node.kind, how) {
            (NodeKind::Start(_), How::Enter) => (follow(outcome::NEXT), Value::Null),

            (NodeKind::SendMessage(m), How::Enter) => {
                if !self.window_open {
                    return self.error_or_fail(idx, WINDOW_CLOSED);
                }
                let text = self.render(&m.text);
                match m.media_id {
                    Some(media_id) => {
                        let kind = m.media_kind.unwrap_or(MediaKind::Document);
                        // WhatsApp refuses captions on audio: the text follows as its own message.
                        let separate = kind == MediaKind::Audio && !text.is_empty();
                        let caption = (!text.is_empty() && !separate).then(|| text.clone());
                        self.send(id, Out::Media { media_id, kind, caption });
                        if separate {
                            self.send(id, Out::Text { text: text.clone() });
                        }
                    }
                    None if text.is_empty() => {
                        return (follow(outcome::NEXT), json!({ "skipped": "the message renders empty" }));
                    }
                    None => self.send(id, Out::Text { text: text.clone() }),
                }
                (follow(outcome::NEXT), json!({ "text": text }))
            }

            (NodeKind::SendTemplate(t), How::Enter) => {
                if self.consent() == Some(false) {
                    return self.error_or_fail(idx, OPTED_OUT);
                }
                let components = t.components.as_ref().map(|v| template::render_json(v, &self.scope()));
                self.send(id, Out::Template { name: t.name.clone(), language: t.language.clone(), components });
                (follow(outcome::NEXT), json!({ "template": t.name }))
            }

            (NodeKind::Ask(a), How::Enter) => {
                if !self.window_open {
                    return self.error_or_fail(idx, WINDOW_CLOSED);
                }
                let body = self.render(&a.text);
                let message = ask_message(a, body);
                let kind = if matches!(message, Out::List { .. }) { "list" } else { "buttons" };
                self.send(id, message);
                self.st.retries = 0;
                let timeout_token = self.reply_timeout(a.timeout_secs);
                self.block(id, Wait::Reply { node: id.to_owned(), timeout_token });
                (Flow::Stop, json!({ "sent": kind }))
            }
            (NodeKind::Ask(a), How::Reply { text, reply_id }) => {
                let titles = match &cn.aux {
                    Aux::Titles(t) => t.as_slice(),
                    _ => &[],
                };
                if let Some((i, by)) = match_option(a, titles, text, reply_id) {
                    let option = &a.options[i];
                    if let Some(name) = &a.save_as {
                        self.st.vars.insert(name.clone(), Value::String(option.title.clone()));
                    }
                    self.st.retries = 0;
                    return (
                        Flow::Follow(format!("{}{}", outcome::OPTION_PREFIX, option.id)),
                        json!({ "reply": text, "matched": option.id, "by": by }),
                    );
                }
                if self.st.retries < a.retries {
                    self.st.retries += 1;
                    let body = self.render(a.retry_text.as_deref().unwrap_or(&a.text));
                    let body = if body.is_empty() { self.render(&a.text) } else { body };
                    self.send(id, ask_message(a, body));
                    let timeout_token = self.reply_timeout(a.timeout_secs);
                    self.block(id, Wait::Reply { node: id.to_owned(), timeout_token });
                    return (Flow::Stop, json!({ "reply": text, "noMatch": true, "retry": self.st.retries }));
                }
                self.st.retries = 0;
                (follow(outcome::NO_MATCH), json!({ "reply": text, "noMatch": true }))
            }

            (NodeKind::Capture(cap), How::Enter) => {
                if !self.window_open {
                    return self.error_or_fail(idx, WINDOW_CLOSED);
                }
                let text = self.render(&cap.text);
                self.send(id, Out::Text { text: text.clone() });
                self.st.retries = 0;
                let timeout_token = self.reply_timeout(cap.timeout_secs);
                self.block(id, Wait::Reply { node: id.to_owned(), timeout_token });
                (Flow::Stop, json!({ "text": text }))
            }
            (NodeKind::Capture(cap), How::Reply { text, .. }) => {
                let pattern = match &cn.aux {
                    Aux::Pattern(p) => p.as_ref(),
                    _ => None,
                };
                let checked = match text {
                    Some(t) => capture::check(&cap.input, pattern, t),
                    None => Err("the reply has no text"),
                };
                match checked {
                    Ok(value) => {
                        if let Some(key) = &cap.save_to_field {
                            self.effects.push(Effect::SetField { key: key.clone(), value: value.clone() });
                            self.field_updates.push((key.clone(), value.clone()));
                        }
                        let detail = json!({ "reply": text, "value": value });
                        self.st.vars.insert(cap.save_as.clone(), value);
                        self.st.retries = 0;
                        (follow(outcome::NEXT), detail)
                    }
                    Err(why) if self.st.retries < cap.retries => {
                        self.st.retries += 1;
                        let again = cap
                            .retry_text
                            .as_deref()
                            .map(|t| self.render(t))
                            .filter(|t| !t.is_empty())
                            .unwrap_or_else(|| self.render(&cap.text));
                        self.send(id, Out::Text { text: again });
                        let timeout_token = self.reply_timeout(cap.timeout_secs);
                        self.block(id, Wait::Reply { node: id.to_owned(), timeout_token });
                        (Flow::Stop, json!({ "reply": text, "invalid": why, "retry": self.st.retries }))
                    }
                    Err(why) => {
                        self.st.retries = 0;
                        (follow(outcome::INVALID), json!({ "reply": text, "invalid": why }))
                    }
                }
            }

            (NodeKind::WaitForReply(w), How::Enter) => {
                let timeout_token = self.reply_timeout(w.timeout_secs);
                self.block(id, Wait::Reply { node: id.to_owned(), timeout_token });
                (Flow::Stop, Value::Null)
            }
            (NodeKind::WaitForReply(w), How::Reply { text, .. }) => {
                if let Some(name) = &w.save_as {
                    let value = text.map_or(Value::Null, |t| Value::String(t.to_owned()));
                    self.st.vars.insert(name.clone(), value);
                }
                (follow(outcome::REPLY), json!({ "reply": text }))
            }

            (NodeKind::Ask(_) | NodeKind::Capture(_) | NodeKind::WaitForReply(_), How::Timeout) => {
                self.st.retries = 0;
                (follow(outcome::TIMEOUT), json!({ "timeout": true }))
            }

            (NodeKind::Condition(cond), How::Enter) => {
                let compiled = match &cn.aux {
                    Aux::Rules(r) => r.as_slice(),
                    _ => &[],
                };
                let results: Vec<bool> = cond
                    .rules
                    .iter()
                    .zip(compiled.iter().chain(std::iter::repeat(&CRule::Plain)))
                    .map(|(r, cr)| self.rule_holds(r, cr))
                    .collect();
                let result = match cond.mode {
                    Mode::All => results.iter().all(|b| *b),
                    Mode::Any => results.iter().any(|b| *b),
                };
                let o = if result { outcome::TRUE } else { outcome::FALSE };
                (follow(o), json!({ "rules": results }))
            }

            (NodeKind::SetVariable(v), How::Enter) => {
                let value = self.render(&v.value);
                let detail = json!({ "name": v.name, "value": value });
                self.st.vars.insert(v.name.clone(), Value::String(value));
                (follow(outcome::NEXT), detail)
            }

            (NodeKind::Wait(w), How::Enter) => {
                let token = self.next_token();
                let until = self.at(w.seconds);
                self.effects.push(Effect::ScheduleTimer { token, at: until });
                self.block(id, Wait::Timer { node: id.to_owned(), token, until });
                (Flow::Stop, json!({ "until": until }))
            }
            (NodeKind::Wait(_), How::Timer) => (follow(outcome::NEXT), Value::Null),

            (NodeKind::BusinessHours(_), How::Enter) => {
                let o = if self.e.context.open_now { outcome::OPEN } else { outcome::CLOSED };
                (follow(o), Value::Null)
            }

            (NodeKind::RandomSplit(r), How::Enter) => {
                let total: u64 = r.branches.iter().map(|b| u64::from(b.weight)).sum();
                if total == 0 {
                    self.fail(id, format!("random split {id} has no branch with a weight"));
                    return (Flow::Stop, Value::Null);
                }
                let draw = splitmix64(self.e.random.wrapping_add(self.draws)) % total;
                self.draws += 1;
                let mut acc = 0u64;
                let chosen = r.branches.iter().find(|b| {
                    acc += u64::from(b.weight);
                    draw < acc
                });
                match chosen {
                    Some(b) => (
                        Flow::Follow(format!("{}{}", outcome::BRANCH_PREFIX, b.id)),
                        json!({ "branch": b.id, "draw": draw, "total": total }),
                    ),
                    None => {
                        self.fail(id, format!("random split {id} found no branch"));
                        (Flow::Stop, Value::Null)
                    }
                }
            }

            (NodeKind::Http(h), How::Enter) => {
                let token = self.next_token();
                let scope = self.scope();
                let body_escape = |b: &str| {
                    if b.trim_start().starts_with(['{', '[']) { Escape::Json } else { Escape::None }
                };
                let request = HttpRequest {
                    method: h.method,
                    url: template::render_with(&h.url, &scope, Escape::Url),
                    headers: h
                        .headers
                        .iter()
                        .map(|hd| crate::schema::Header {
                            name: hd.name.clone(),
                            value: template::render(&hd.value, &scope).replace(['\r', '\n'], " "),
                        })
                        .collect(),
                    body: h.body.as_deref().map(|b| template::render_with(b, &scope, body_escape(b))),
                    timeout_ms: h.timeout_ms.unwrap_or(HTTP_TIMEOUT_DEFAULT_MS).clamp(1, HTTP_TIMEOUT_MAX_MS),
                };
                let detail = json!({ "method": h.method.as_str(), "url": request.url });
                self.effects.push(Effect::Http { token, node: id.to_owned(), request });
                self.block(id, Wait::Http { node: id.to_owned(), token });
                (Flow::Stop, detail)
            }
            (NodeKind::Http(h), How::Http(result)) => {
                let ok = result.error.is_none() && result.status.is_some_and(|s| (200..300).contains(&s));
                if let Some(name) = &h.save_status_as {
                    let status = result.status.map_or(Value::Null, Value::from);
                    self.st.vars.insert(name.clone(), status);
                }
                if ok {
                    let paths = match &cn.aux {
                        Aux::Paths(p) => p.as_slice(),
                        _ => &[],
                    };
                    for (i, m) in h.response_map.iter().enumerate() {
                        let value = match (paths.get(i).and_then(Option::as_ref), &result.body) {
                            (Some(segs), Some(body)) => path::lookup(body, segs).cloned().unwrap_or(Value::Null),
                            _ => Value::Null,
                        };
                        self.st.vars.insert(m.var.clone(), value);
                    }
                }
                let detail = json!({ "status": result.status, "error": result.error });
                let o = if ok { outcome::NEXT } else { outcome::ERROR };
                (follow(o), detail)
            }

            (NodeKind::Webhook(w), How::Enter) => {
                let scope = self.scope();
                let body = match w.body.as_deref().filter(|b| !b.trim().is_empty()) {
                    Some(b) => {
                        let escape = if b.trim_start().starts_with(['{', '[']) { Escape::Json } else { Escape::None };
                        template::render_with(b, &scope, escape)
                    }
                    None => {
                        let contact = &self.e.context.contact;
                        json!({
                            "contact": {
                                "id": contact.id,
                                "name": contact.name,
                                "phone": contact.phone,
                                "email": contact.email,
                            },
                            "vars": self.st.vars,
                            "node": id,
                        })
                        .to_string()
                    }
                };
                let request = HttpRequest {
                    method: HttpMethod::Post,
                    url: template::render_with(&w.url, &scope, Escape::Url),
                    headers: vec![crate::schema::Header {
                        name: "content-type".to_owned(),
                        value: "application/json".to_owned(),
                    }],
                    body: Some(body),
                    timeout_ms: HTTP_TIMEOUT_DEFAULT_MS,
                };
                let detail = json!({ "url": request.url });
                self.effects.push(Effect::Webhook { node: id.to_owned(), request });
                (follow(outcome::NEXT), detail)
            }

            (NodeKind::Assign(a), How::Enter) => {
                self.effects.push(Effect::Assign { user_id: a.user_id, team_id: a.team_id });
                (follow(outcome::NEXT), Value::Null)
            }

            (NodeKind::Label(l), How::Enter) => {
                let added = l.action == LabelAction::Add;
                self.effects.push(if added {
                    Effect::AddLabel { label: l.label.clone() }
                } else {
                    Effect::RemoveLabel { label: l.label.clone() }
                });
                self.label_changes.push((l.label.clone(), added));
                (follow(outcome::NEXT), Value::Null)
            }

            (NodeKind::UpdateField(f), How::Enter) => {
                let value = Value::String(self.render(&f.value));
                self.effects.push(Effect::SetField { key: f.key.clone(), value: value.clone() });
                let detail = json!({ "key": f.key, "value": value });
                self.field_updates.push((f.key.clone(), value));
                (follow(outcome::NEXT), detail)
            }

            (NodeKind::SetConsent(sc), How::Enter) => {
                self.effects.push(Effect::SetConsent { granted: sc.granted });
                self.consent = Some(Some(sc.granted));
                (follow(outcome::NEXT), Value::Null)
            }

            (NodeKind::StartFlow(sf), How::Enter) => {
                self.effects.push(Effect::StartFlow { flow_id: sf.flow_id });
                self.finish(id, RunStatus::Completed);
                (Flow::Stop, json!({ "flowId": sf.flow_id }))
            }

            (NodeKind::Jump(j), How::Enter) => match cn.aux {
                Aux::Jump(Some(t)) => (Flow::Goto(t), json!({ "target": j.target })),
                _ => {
                    self.fail(id, format!("jump target {} is not in this flow", j.target));
                    (Flow::Stop, json!({ "target": j.target }))
                }
            },

            (NodeKind::Handoff(h), How::Enter) => {
                let note = h.note.as_deref().map(|n| self.render(n)).filter(|n| !n.is_empty());
                self.effects.push(Effect::Handoff { note: note.clone() });
                self.finish(id, RunStatus::HandedOff);
                (Flow::Stop, json!({ "note": note }))
            }

            (NodeKind::End(_), How::Enter) => {
                self.finish(id, RunStatus::Completed);
                (Flow::Stop, Value::Null)
            }

            // A resume that does not fit the node: the stored state belongs to another version
            // of the graph (or is corrupt).
            (kind, _) => {
                let reason =
                    format!("the run waits at node {id}, a {} node that cannot take this event", kind.type_name());
                self.fail(id, reason);
                (Flow::Stop, Value::Null)
            }
        }
    }

    fn rule_holds(&self, rule: &Rule, compiled: &CRule) -> bool {
        match rule {
            Rule::Compare { left, op, value } => {
                let left = left.trim();
                let left = left.strip_prefix("{{").and_then(|l| l.strip_suffix("}}")).unwrap_or(left);
                let l = template::resolve(left, &self.scope()).into_text();
                let r = if *op == Op::Matches { String::new() } else { self.render(value) };
                let pattern = match compiled {
                    CRule::Pattern(re) => Some(re),
                    _ => None,
                };
                compare(*op, l.as_deref(), &r, pattern)
            }
            Rule::HasLabel { label, negate } => self.has_label(label) != *negate,
            Rule::Consent { granted } => (self.consent() == Some(true)) == *granted,
            Rule::Time { .. } => match compiled {
                CRule::Time { days, after, before } => {
                    let local = self.e.context.local;
                    let day_ok = local.weekday < 7 && days & (1 << local.weekday) != 0;
                    let m = local.minutes;
                    let in_range =
                        if after <= before { *after <= m && m < *before } else { m >= *after || m < *before };
                    day_ok && in_range
                }
                _ => false,
            },
        }
    }
}

/// The interactive message for an ask: reply buttons for up to three plain options, otherwise a
/// list (also when an option has a description or a section, which buttons cannot show).
fn ask_message(a: &Ask, body: String) -> Out {
    let nonempty = |s: &Option<String>| s.as_deref().filter(|s| !s.trim().is_empty()).map(str::to_owned);
    let as_list = a.options.len() > MAX_BUTTONS
        || a.options.iter().any(|o| nonempty(&o.description).is_some() || nonempty(&o.section).is_some());
    if !as_list {
        return Out::Buttons {
            body,
            buttons: a.options.iter().map(|o| ReplyButton { id: o.id.clone(), title: o.title.clone() }).collect(),
        };
    }
    let mut sections: Vec<ListSection> = Vec::new();
    for o in &a.options {
        let title = nonempty(&o.section);
        let row = ListRow { id: o.id.clone(), title: o.title.clone(), description: nonempty(&o.description) };
        match sections.iter_mut().find(|s| s.title == title) {
            Some(s) => s.rows.push(row),
            None => sections.push(ListSection { title, rows: vec![row] }),
        }
    }
    Out::List { body, button: nonempty(&a.list_button).unwrap_or_else(|| DEFAULT_LIST_BUTTON.to_owned()), sections }
}

/// Finds the option a reply means: the tapped button or row id first, then the title typed
/// (case- and accent-insensitive), then the option's 1-based number typed as text.
fn match_option(
    a: &Ask,
    titles: &[String],
    text: Option<&str>,
    reply_id: Option<&str>,
) -> Option<(usize, &'static str)> {
    if let Some(id) = reply_id
        && let Some(i) = a.options.iter().position(|o| o.id == id)
    {
        return Some((i, "replyId"));
    }
    let text = text?;
    let typed = normalize(text);
    if typed.is_empty() {
        return None;
    }
    if let Some(i) = titles.iter().position(|t| *t == typed) {
        return Some((i, "title"));
    }
    match typed.parse::<usize>() {
        Ok(n) if n >= 1 && n <= a.options.len() => Some((n - 1, "number")),
        _ => None,
    }
}

fn number(s: &str) -> Option<f64> {
    let s = s.trim();
    if s.is_empty() || s.bytes().any(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    s.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// Compares a resolved left side (`None` when unset or empty) with a rendered right side.
fn compare(op: Op, left: Option<&str>, right: &str, pattern: Option<&Regex>) -> bool {
    let l = left.unwrap_or("");
    let numbers = || number(l).zip(number(right));
    let ordered = |f: fn(std::cmp::Ordering) -> bool| {
        if let Some((a, b)) = numbers() {
            return a.partial_cmp(&b).is_some_and(f);
        }
        !l.is_empty() && !right.is_empty() && f(l.trim().cmp(right.trim()))
    };
    let equal = || match numbers() {
        Some((a, b)) => a == b,
        None => normalize(l) == normalize(right),
    };
    match op {
        Op::IsSet => left.is_some(),
        Op::IsNotSet => left.is_none(),
        Op::Eq => equal(),
        Op::Neq => !equal(),
        Op::Contains => normalize(l).contains(&normalize(right)),
        Op::NotContains => !normalize(l).contains(&normalize(right)),
        Op::StartsWith => normalize(l).starts_with(&normalize(right)),
        Op::Gt => ordered(std::cmp::Ordering::is_gt),
        Op::Gte => ordered(std::cmp::Ordering::is_ge),
        Op::Lt => ordered(std::cmp::Ordering::is_lt),
        Op::Lte => ordered(std::cmp::Ordering::is_le),
        Op::Matches => pattern.is_some_and(|re| re.is_match(l)),
    }
}

/// A well-mixed 64-bit function (splitmix64's finaliser): consecutive inputs give unrelated draws.
fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}
