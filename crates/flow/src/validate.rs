//! Judging a flow graph before it is saved or published: the same code runs in the API at save
//! (issues shown on the canvas) and at publish (any error refuses the version).
//!
//! Errors are what would make a run misbehave or WhatsApp refuse a message; warnings are choices
//! that are legal but usually mistakes (an `error` outcome left unconnected ends the run quietly).
//! Work is bounded before it starts: a graph over [`MAX_NODES`] nodes or [`MAX_EDGES`] edges gets
//! one error and no further analysis, and the API refuses a body over [`MAX_FLOW_BYTES`] before
//! parsing it ([`check_size`], [`parse`]), so a hostile 5,000-node or 1 MB flow costs microseconds.
//!
//! A node of an unknown `type` never reaches this module: it does not deserialize, and the API
//! reports serde's "unknown variant" message (with its line and column, see [`parse`]) as a 422.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::net::{Ipv4Addr, Ipv6Addr};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::limits::*;
use crate::path;
use crate::schema::{
    Ask, FlowGraph, Input, MatchMode, MediaKind, Node, NodeKind, Op, Rule, Trigger, TriggerKind, outcome,
};
use crate::template::{self, Ref};
use crate::text::{build_regex, char_len, normalize, parse_hhmm};

/// The message every "send outside the window" issue carries.
pub const WINDOW_MESSAGE: &str = "outside the 24-hour window: use a template";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowIssueSeverity)]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    /// Refuses publishing.
    Error,
    /// Shown, never blocking.
    Warning,
}

/// One finding, attached to a node (and an edge) when it concerns one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowIssue)]
#[serde(rename_all = "camelCase")]
pub struct Issue {
    pub node: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edge: Option<String>,
    /// A stable snake_case code (the editor and the docs key on it).
    pub code: String,
    pub message: String,
    pub severity: Severity,
}

impl Issue {
    fn new(severity: Severity, node: Option<&str>, code: &str, message: impl Into<String>) -> Self {
        Issue { node: node.map(str::to_owned), edge: None, code: code.to_owned(), message: message.into(), severity }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// True when any issue is an error (the version cannot be published).
pub fn has_errors(issues: &[Issue]) -> bool {
    issues.iter().any(Issue::is_error)
}

/// What validation needs to know about the workspace.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowValidationContext)]
#[serde(rename_all = "camelCase")]
pub struct ValidationContext {
    /// Keys of the workspace's contact custom fields.
    #[serde(default)]
    pub contact_fields: Vec<String>,
    /// Flows a `startFlow` node may start.
    #[serde(default)]
    pub flow_ids: Vec<Uuid>,
}

/// Refuses a serialized flow over [`MAX_FLOW_BYTES`] before anything parses it.
pub fn check_size(json: &[u8]) -> Result<(), Issue> {
    if json.len() > MAX_FLOW_BYTES {
        return Err(Issue::new(
            Severity::Error,
            None,
            "flow_too_large",
            format!("the flow is {} KiB; at most {} KiB are allowed", json.len().div_ceil(1024), MAX_FLOW_BYTES / 1024),
        ));
    }
    Ok(())
}

/// Why a stored or submitted flow does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("{}", .0.message)]
    TooLarge(Issue),
    /// serde's message, e.g. "unknown variant `foo`, expected one of `start`, ...".
    #[error("invalid flow at line {line}, column {column}: {message}")]
    Invalid { message: String, line: usize, column: usize },
}

/// Size check, then deserialization: what the API does with a submitted graph.
pub fn parse(json: &[u8]) -> Result<FlowGraph, ParseError> {
    check_size(json).map_err(ParseError::TooLarge)?;
    serde_json::from_slice(json).map_err(|e| ParseError::Invalid {
        message: e.to_string(),
        line: e.line(),
        column: e.column(),
    })
}

/// Checks a trigger's settings.
pub fn validate_trigger(trigger: &Trigger) -> Vec<Issue> {
    let mut out = Vec::new();
    if let TriggerKind::Keyword { keywords, match_mode } = &trigger.kind {
        if keywords.iter().all(|k| normalize(k).is_empty()) {
            out.push(Issue::new(Severity::Error, None, "no_keywords", "a keyword trigger needs at least one keyword"));
        }
        for k in keywords {
            if char_len(k) > 200 {
                out.push(Issue::new(Severity::Error, None, "keyword_too_long", "a keyword has at most 200 characters"));
            } else if *match_mode == MatchMode::Regex
                && let Err(e) = build_regex(k, false)
            {
                out.push(Issue::new(
                    Severity::Error,
                    None,
                    "regex_invalid",
                    format!("keyword `{k}` is not a valid pattern: {e}"),
                ));
            }
        }
    }
    out
}

/// Every rule of the "Validation" section of `docs/flows.md`, in one pass per concern.
pub fn validate(graph: &FlowGraph, cx: &ValidationContext) -> Vec<Issue> {
    if graph.nodes.len() > MAX_NODES {
        return vec![Issue::new(
            Severity::Error,
            None,
            "too_many_nodes",
            format!("the flow has {} nodes; at most {MAX_NODES} are allowed", graph.nodes.len()),
        )];
    }
    if graph.edges.len() > MAX_EDGES {
        return vec![Issue::new(
            Severity::Error,
            None,
            "too_many_edges",
            format!("the flow has {} connections; at most {MAX_EDGES} are allowed", graph.edges.len()),
        )];
    }
    let mut v = Validator {
        g: graph,
        cx,
        out: Vec::new(),
        index: HashMap::with_capacity(graph.nodes.len()),
        fields: cx.contact_fields.iter().map(String::as_str).collect(),
    };
    v.ids();
    v.variables();
    for n in &graph.nodes {
        v.node(n);
    }
    let adj = v.edges();
    v.graph_shape(&adj);
    v.references();
    v.window(&adj);
    v.out
}

/// A resolved connection: from node `from` by outcome `handle` to node `to`.
#[derive(Debug, Clone, Copy)]
struct Link<'g> {
    from: usize,
    handle: &'g str,
    to: usize,
}

struct Validator<'g> {
    g: &'g FlowGraph,
    cx: &'g ValidationContext,
    out: Vec<Issue>,
    /// Node id to its first position.
    index: HashMap<&'g str, usize>,
    fields: HashSet<&'g str>,
}

impl<'g> Validator<'g> {
    fn error(&mut self, node: Option<&str>, code: &str, message: impl Into<String>) {
        self.out.push(Issue::new(Severity::Error, node, code, message));
    }

    fn warning(&mut self, node: Option<&str>, code: &str, message: impl Into<String>) {
        self.out.push(Issue::new(Severity::Warning, node, code, message));
    }

    fn ids(&mut self) {
        let mut starts = 0;
        for (i, n) in self.g.nodes.iter().enumerate() {
            if n.id.trim().is_empty() || char_len(&n.id) > MAX_ID_LEN {
                self.error(Some(&n.id), "invalid_id", format!("a node id has 1 to {MAX_ID_LEN} characters"));
            }
            if self.index.contains_key(n.id.as_str()) {
                self.error(Some(&n.id), "duplicate_node_id", format!("node id `{}` is used by several nodes", n.id));
            } else {
                self.index.insert(n.id.as_str(), i);
            }
            if matches!(n.kind, NodeKind::Start(_)) {
                starts += 1;
                if starts > 1 {
                    self.error(Some(&n.id), "several_starts", "a flow has exactly one start node");
                }
            }
        }
        if starts == 0 {
            self.error(None, "no_start", "the flow needs a start node");
        }
    }

    fn variables(&mut self) {
        if self.g.variables.len() > MAX_VARIABLES {
            self.error(None, "too_many_variables", format!("at most {MAX_VARIABLES} variables can be declared"));
        }
        let mut seen = HashSet::new();
        for var in &self.g.variables {
            self.name(None, &var.name, "variable");
            if !seen.insert(var.name.as_str()) {
                self.error(None, "duplicate_variable", format!("variable `{}` is declared twice", var.name));
            }
            if var.description.as_deref().is_some_and(|d| char_len(d) > 500) {
                self.error(None, "text_too_long", format!("the description of `{}` is over 500 characters", var.name));
            }
        }
    }

    /// A bare variable name: `[A-Za-z_][A-Za-z0-9_]*`, at most [`MAX_NAME_LEN`].
    fn name(&mut self, node: Option<&str>, name: &str, what: &str) {
        let mut chars = name.chars();
        let ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
            && name.len() <= MAX_NAME_LEN;
        if !ok {
            self.error(
                node,
                "invalid_variable_name",
                format!(
                    "{what} name `{}` must be letters, digits and _ (not starting with a digit), at most {MAX_NAME_LEN} characters, without `vars.`",
                    clip(name)
                ),
            );
        }
    }

    fn text(&mut self, node: &str, what: &str, text: &str, max: usize, required: bool) {
        let len = char_len(text);
        if required && text.trim().is_empty() {
            self.error(Some(node), "text_empty", format!("{what} is empty"));
        } else if len > max {
            self.error(Some(node), "text_too_long", format!("{what} has {len} characters; WhatsApp allows {max}"));
        }
    }

    fn timeout(&mut self, node: &str, secs: Option<u64>) {
        if let Some(s) = secs
            && (s == 0 || s > MAX_WAIT_SECS)
        {
            self.error(
                Some(node),
                "invalid_timeout",
                format!("a timeout is 1 second to {} days", MAX_WAIT_SECS / 86_400),
            );
        }
    }

    fn field(&mut self, node: &str, key: &str) {
        if !self.fields.contains(key) {
            self.error(
                Some(node),
                "unknown_contact_field",
                format!("contact field `{}` does not exist in this workspace", clip(key)),
            );
        }
    }

    fn regex(&mut self, node: &str, pattern: &str, anchored: bool) {
        if char_len(pattern) > REGEX_MAX_LEN {
            self.error(Some(node), "regex_too_long", format!("a pattern has at most {REGEX_MAX_LEN} characters"));
        } else if let Err(e) = build_regex(pattern, anchored) {
            self.error(Some(node), "regex_invalid", format!("the pattern does not compile: {e}"));
        }
    }

    fn url(&mut self, node: &str, url: &str) {
        if let Err((code, message)) = check_url(url) {
            self.error(Some(node), code, message);
        }
    }

    fn node(&mut self, n: &'g Node) {
        let id = n.id.as_str();
        match &n.kind {
            NodeKind::Start(_) | NodeKind::BusinessHours(_) | NodeKind::SetConsent(_) | NodeKind::End(_) => {}
            NodeKind::SendMessage(m) => match m.media_id {
                Some(_) => match m.media_kind {
                    None => self.error(
                        Some(id),
                        "media_kind_missing",
                        "say whether the media is an image, a video, an audio or a document",
                    ),
                    Some(MediaKind::Audio) => self.text(id, "the text after the audio", &m.text, TEXT_MAX, false),
                    Some(_) => self.text(id, "the caption", &m.text, CAPTION_MAX, false),
                },
                None => {
                    if m.media_kind.is_some() {
                        self.warning(Some(id), "media_missing", "a media kind is set but no media is chosen");
                    }
                    self.text(id, "the message", &m.text, TEXT_MAX, true);
                }
            },
            NodeKind::SendTemplate(t) => {
                let name_ok = !t.name.is_empty()
                    && t.name.len() <= 512
                    && t.name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
                if !name_ok {
                    self.error(Some(id), "invalid_template", "a template name is lowercase letters, digits and _");
                }
                if t.language.trim().is_empty() || t.language.len() > 20 {
                    self.error(Some(id), "invalid_template", "choose the template's language");
                }
                if t.components.as_ref().is_some_and(|c| !c.is_array()) {
                    self.error(Some(id), "invalid_template", "template components are a JSON array");
                }
            }
            NodeKind::Ask(a) => self.ask(id, a),
            NodeKind::Capture(c) => {
                self.text(id, "the question", &c.text, INTERACTIVE_BODY_MAX, true);
                if let Some(t) = &c.retry_text {
                    self.text(id, "the retry text", t, INTERACTIVE_BODY_MAX, false);
                }
                self.name(Some(id), &c.save_as, "the saved variable");
                if let Some(key) = &c.save_to_field {
                    self.field(id, key);
                }
                self.timeout(id, c.timeout_secs);
                match &c.input {
                    Input::Number { min, max } => {
                        let finite = |x: &Option<f64>| x.is_none_or(f64::is_finite);
                        if !finite(min) || !finite(max) {
                            self.error(Some(id), "invalid_input", "bounds must be numbers");
                        } else if let (Some(lo), Some(hi)) = (min, max)
                            && lo > hi
                        {
                            self.error(Some(id), "invalid_input", "the minimum is greater than the maximum");
                        }
                    }
                    Input::Choice { choices } => {
                        if choices.iter().all(|c| c.trim().is_empty()) {
                            self.error(Some(id), "invalid_input", "list at least one choice");
                        }
                        if choices.len() > 100 {
                            self.error(Some(id), "invalid_input", "at most 100 choices");
                        }
                    }
                    Input::Regex { pattern } => self.regex(id, pattern, true),
                    Input::Text | Input::Email | Input::Phone | Input::Date => {}
                }
            }
            NodeKind::Condition(c) => {
                if c.rules.is_empty() {
                    self.warning(Some(id), "no_rules", "a condition without rules always takes the same branch");
                }
                for r in &c.rules {
                    match r {
                        Rule::Compare { left, op, value } => {
                            let path = left.trim().trim_start_matches("{{").trim_end_matches("}}");
                            if template::classify(path) == Ref::Unknown {
                                self.error(
                                    Some(id),
                                    "unknown_reference",
                                    format!(
                                        "`{}` is not a variable path (vars.<name>, contact.name, contact.fields.<key>, message.text ...)",
                                        clip(left)
                                    ),
                                );
                            }
                            if *op == Op::Matches {
                                self.regex(id, value, false);
                            } else {
                                self.text(id, "a compared value", value, 1_024, false);
                            }
                        }
                        Rule::HasLabel { label, .. } => {
                            self.text(id, "the label", label, 100, true);
                        }
                        Rule::Consent { .. } => {}
                        Rule::Time { days, after, before } => {
                            if days.iter().any(|d| *d > 6) {
                                self.error(Some(id), "invalid_time", "days are 0 (Monday) to 6 (Sunday)");
                            }
                            match (parse_hhmm(after), parse_hhmm(before)) {
                                (Some(a), Some(b)) if a == b => self.warning(
                                    Some(id),
                                    "empty_time_range",
                                    "the time range is empty: it never holds",
                                ),
                                (Some(_), Some(_)) => {}
                                _ => self.error(Some(id), "invalid_time", "times are written HH:MM (00:00 to 24:00)"),
                            }
                        }
                    }
                }
            }
            NodeKind::SetVariable(s) => {
                self.name(Some(id), &s.name, "the variable");
                self.text(id, "the value", &s.value, TEXT_MAX, false);
            }
            NodeKind::Wait(w) => {
                if w.seconds == 0 || w.seconds > MAX_WAIT_SECS {
                    self.error(
                        Some(id),
                        "invalid_wait",
                        format!("a wait is 1 second to {} days", MAX_WAIT_SECS / 86_400),
                    );
                }
            }
            NodeKind::WaitForReply(w) => {
                if let Some(name) = &w.save_as {
                    self.name(Some(id), name, "the saved variable");
                }
                self.timeout(id, w.timeout_secs);
            }
            NodeKind::RandomSplit(r) => {
                if r.branches.is_empty() {
                    self.error(Some(id), "no_branches", "a random split needs branches");
                } else if r.branches.iter().all(|b| b.weight == 0) {
                    self.error(Some(id), "zero_weights", "every branch has weight 0: give at least one a weight");
                }
                let mut seen = HashSet::new();
                for b in &r.branches {
                    if b.id.is_empty() || char_len(&b.id) > MAX_ID_LEN {
                        self.error(Some(id), "invalid_id", format!("a branch id has 1 to {MAX_ID_LEN} characters"));
                    }
                    if !seen.insert(b.id.as_str()) {
                        self.error(
                            Some(id),
                            "duplicate_branch_id",
                            format!("branch id `{}` is used twice", clip(&b.id)),
                        );
                    }
                }
            }
            NodeKind::Http(h) => {
                self.url(id, &h.url);
                for hd in &h.headers {
                    let name_ok = !hd.name.is_empty()
                        && hd.name.len() <= 256
                        && hd.name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
                    if !name_ok {
                        self.error(Some(id), "invalid_header", format!("`{}` is not a header name", clip(&hd.name)));
                    }
                    if hd.value.contains(['\r', '\n']) || char_len(&hd.value) > TEXT_MAX {
                        self.error(
                            Some(id),
                            "invalid_header",
                            format!("the value of `{}` has a line break or is too long", clip(&hd.name)),
                        );
                    }
                }
                if h.timeout_ms.is_some_and(|t| t == 0 || t > HTTP_TIMEOUT_MAX_MS) {
                    self.error(
                        Some(id),
                        "invalid_timeout",
                        format!("an HTTP timeout is 1 to {HTTP_TIMEOUT_MAX_MS} ms"),
                    );
                }
                for m in &h.response_map {
                    self.name(Some(id), &m.var, "a mapped variable");
                    if let Err(e) = path::parse(&m.path) {
                        self.error(Some(id), "invalid_path", format!("`{}` is not a JSON path: {e}", clip(&m.path)));
                    }
                }
                if let Some(name) = &h.save_status_as {
                    self.name(Some(id), name, "the status variable");
                }
            }
            NodeKind::Webhook(w) => self.url(id, &w.url),
            NodeKind::Assign(a) => {
                if a.user_id.is_none() && a.team_id.is_none() {
                    self.error(Some(id), "assign_nobody", "choose an agent, a team or both");
                }
            }
            NodeKind::Label(l) => self.text(id, "the label", &l.label, 100, true),
            NodeKind::UpdateField(f) => {
                self.field(id, &f.key);
                self.text(id, "the value", &f.value, TEXT_MAX, false);
            }
            NodeKind::StartFlow(s) => {
                if !self.cx.flow_ids.contains(&s.flow_id) {
                    self.error(
                        Some(id),
                        "unknown_flow",
                        format!("flow {} does not exist in this workspace", s.flow_id),
                    );
                }
            }
            NodeKind::Jump(j) => {
                if !self.index.contains_key(j.target.as_str()) {
                    self.error(
                        Some(id),
                        "unknown_jump_target",
                        format!("the jump goes to `{}`, which is not a node of this flow", clip(&j.target)),
                    );
                }
            }
            NodeKind::Handoff(h) => {
                if let Some(note) = &h.note {
                    self.text(id, "the note", note, 1_024, false);
                }
            }
        }
    }

    fn ask(&mut self, id: &str, a: &Ask) {
        self.text(id, "the question", &a.text, INTERACTIVE_BODY_MAX, true);
        if let Some(t) = &a.retry_text {
            self.text(id, "the retry text", t, INTERACTIVE_BODY_MAX, false);
        }
        if let Some(name) = &a.save_as {
            self.name(Some(id), name, "the saved variable");
        }
        self.timeout(id, a.timeout_secs);
        if a.options.is_empty() {
            self.error(Some(id), "no_options", "a question needs at least one option");
            return;
        }
        if a.options.len() > MAX_LIST_ROWS {
            self.error(
                Some(id),
                "too_many_options",
                format!(
                    "{} options: WhatsApp shows at most {MAX_BUTTONS} buttons or {MAX_LIST_ROWS} list rows",
                    a.options.len()
                ),
            );
        }
        let filled = |s: &Option<String>| s.as_deref().is_some_and(|s| !s.trim().is_empty());
        let as_list =
            a.options.len() > MAX_BUTTONS || a.options.iter().any(|o| filled(&o.description) || filled(&o.section));
        let mut ids = HashSet::new();
        let mut titles = HashSet::new();
        let mut sections: Vec<Option<&str>> = Vec::new();
        for o in &a.options {
            if o.id.is_empty() || char_len(&o.id) > MAX_ID_LEN {
                self.error(Some(id), "invalid_id", format!("an option id has 1 to {MAX_ID_LEN} characters"));
            }
            if !ids.insert(o.id.as_str()) {
                self.error(Some(id), "duplicate_option_id", format!("option id `{}` is used twice", clip(&o.id)));
            }
            if o.title.trim().is_empty() {
                self.error(Some(id), "text_empty", "an option has no title");
            }
            if !titles.insert(normalize(&o.title)) {
                if as_list {
                    self.warning(
                        Some(id),
                        "duplicate_option_title",
                        format!("two options are titled `{}`: a typed reply picks the first", clip(&o.title)),
                    );
                } else {
                    self.error(
                        Some(id),
                        "duplicate_option_title",
                        format!(
                            "two buttons are titled `{}`: WhatsApp refuses duplicate button titles",
                            clip(&o.title)
                        ),
                    );
                }
            }
            let len = char_len(&o.title);
            if as_list {
                if len > ROW_TITLE_MAX {
                    self.error(
                        Some(id),
                        "row_title_too_long",
                        format!(
                            "`{}` has {len} characters; a list row title has at most {ROW_TITLE_MAX}",
                            clip(&o.title)
                        ),
                    );
                }
                if let Some(d) = &o.description
                    && char_len(d) > ROW_DESCRIPTION_MAX
                {
                    self.error(
                        Some(id),
                        "row_description_too_long",
                        format!("a list row description has at most {ROW_DESCRIPTION_MAX} characters"),
                    );
                }
                let section = o.section.as_deref().map(str::trim).filter(|s| !s.is_empty());
                if let Some(s) = section
                    && char_len(s) > SECTION_TITLE_MAX
                {
                    self.error(
                        Some(id),
                        "section_title_too_long",
                        format!("a section title has at most {SECTION_TITLE_MAX} characters"),
                    );
                }
                if !sections.contains(&section) {
                    sections.push(section);
                }
            } else if len > BUTTON_TITLE_MAX {
                self.error(
                    Some(id),
                    "button_title_too_long",
                    format!("`{}` has {len} characters; a button title has at most {BUTTON_TITLE_MAX}", clip(&o.title)),
                );
            }
        }
        if sections.len() > 1 && sections.contains(&None) {
            self.error(
                Some(id),
                "section_title_missing",
                "when options are grouped, every option needs a section (WhatsApp titles every section of a list with several)",
            );
        }
        if sections.len() > MAX_LIST_SECTIONS {
            self.error(Some(id), "too_many_sections", format!("a list has at most {MAX_LIST_SECTIONS} sections"));
        }
        if let Some(b) = &a.list_button
            && char_len(b) > LIST_BUTTON_MAX
        {
            self.error(
                Some(id),
                "list_button_too_long",
                format!("the list button has at most {LIST_BUTTON_MAX} characters"),
            );
        }
    }

    /// Checks every edge and returns the usable ones (plus jumps), first edge per outcome.
    fn edges(&mut self) -> Vec<Link<'g>> {
        let mut links = Vec::with_capacity(self.g.edges.len());
        let mut used: HashSet<(usize, &str)> = HashSet::new();
        let mut edge_ids = HashSet::new();
        for e in &self.g.edges {
            let issue = |v: &mut Self, code: &str, node: Option<&str>, msg: String| {
                let mut i = Issue::new(Severity::Error, node, code, msg);
                i.edge = Some(e.id.clone());
                v.out.push(i);
            };
            if !edge_ids.insert(e.id.as_str()) {
                issue(self, "duplicate_edge_id", None, format!("edge id `{}` is used twice", clip(&e.id)));
            }
            let from = self.index.get(e.source.as_str()).copied();
            let to = self.index.get(e.target.as_str()).copied();
            let (Some(from), Some(to)) = (from, to) else {
                let which = if from.is_none() { &e.source } else { &e.target };
                issue(
                    self,
                    "dangling_edge",
                    from.map(|_| e.source.as_str()),
                    format!("a connection refers to `{}`, which is not a node of this flow", clip(which)),
                );
                continue;
            };
            let node = &self.g.nodes[from];
            if !node.has_outcome(&e.source_handle) {
                issue(
                    self,
                    "unknown_handle",
                    Some(&node.id),
                    format!("a {} node has no outcome `{}`", node.kind.type_name(), clip(&e.source_handle)),
                );
                continue;
            }
            if !used.insert((from, e.source_handle.as_str())) {
                issue(
                    self,
                    "duplicate_outcome_edge",
                    Some(&node.id),
                    format!("outcome `{}` has several connections; keep one", clip(&e.source_handle)),
                );
                continue;
            }
            links.push(Link { from, handle: e.source_handle.as_str(), to });
        }
        for (i, n) in self.g.nodes.iter().enumerate() {
            if let NodeKind::Jump(j) = &n.kind
                && let Some(&to) = self.index.get(j.target.as_str())
            {
                links.push(Link { from: i, handle: "", to });
            }
        }
        for (i, n) in self.g.nodes.iter().enumerate() {
            if self.index.get(n.id.as_str()) != Some(&i) {
                continue;
            }
            for o in n.outcomes() {
                if !used.contains(&(i, o.as_str())) {
                    let msg = format!("outcome `{o}` is not connected: a run taking it ends there");
                    if outcome::is_optional(&o) {
                        self.warning(Some(&n.id), "outcome_not_connected", msg);
                    } else {
                        self.error(Some(&n.id), "outcome_not_connected", msg);
                    }
                }
            }
        }
        links
    }

    /// Reachability, loops that never wait, and paths longer than the step budget.
    fn graph_shape(&mut self, links: &[Link<'g>]) {
        let n = self.g.nodes.len();
        let mut adj: Vec<Vec<usize>> = vec![Vec::new(); n];
        for l in links {
            adj[l.from].push(l.to);
        }
        let start = self.g.nodes.iter().position(|n| matches!(n.kind, NodeKind::Start(_)));
        if let Some(start) = start {
            let mut seen = vec![false; n];
            let mut stack = vec![start];
            seen[start] = true;
            while let Some(u) = stack.pop() {
                for &v in &adj[u] {
                    if !seen[v] {
                        seen[v] = true;
                        stack.push(v);
                    }
                }
            }
            for (i, node) in self.g.nodes.iter().enumerate() {
                if !seen[i] && self.index.get(node.id.as_str()) == Some(&i) {
                    self.error(Some(&node.id), "unreachable_node", "no path from the start leads here");
                }
            }
        }

        // Loops among nodes that never wait: strongly connected components of the non-blocking
        // subgraph.
        let quick: Vec<bool> = self.g.nodes.iter().map(|n| !n.kind.blocks()).collect();
        let mut sub: Vec<Vec<usize>> = vec![Vec::new(); n];
        for l in links {
            if quick[l.from] && quick[l.to] {
                sub[l.from].push(l.to);
            }
        }
        let mut looped = false;
        for comp in strongly_connected(&sub) {
            let cyclic = comp.len() > 1 || sub[comp[0]].contains(&comp[0]);
            if cyclic {
                looped = true;
                let mut ids: Vec<&str> = comp.iter().map(|&i| self.g.nodes[i].id.as_str()).collect();
                ids.sort_unstable();
                let first = ids[0].to_owned();
                self.error(
                    Some(&first),
                    "instant_loop",
                    format!("these nodes loop without waiting for a reply or a timer: {}", ids.join(", ")),
                );
            }
        }
        if looped {
            return;
        }
        // The longest chain of non-waiting nodes must fit in one event's budget, with room for
        // the node that resumes and the one that blocks.
        let order = topological(&sub);
        let mut longest = vec![1u32; n];
        for &u in order.iter().rev() {
            if !quick[u] {
                continue;
            }
            let best = sub[u].iter().map(|&v| longest[v]).max().unwrap_or(0);
            longest[u] = 1 + best;
        }
        let limit = STEP_BUDGET - 2;
        if let Some((i, len)) =
            longest.iter().enumerate().filter(|(i, _)| quick[*i]).max_by_key(|(i, len)| (**len, std::cmp::Reverse(*i)))
            && *len > limit
        {
            self.error(
                Some(&self.g.nodes[i].id.clone()),
                "step_budget",
                format!("a path of {len} nodes runs without waiting; one event may visit at most {STEP_BUDGET}"),
            );
        }
    }

    /// Variables and fields that templates and conditions reference.
    fn references(&mut self) {
        let mut set: BTreeSet<&str> = self.g.variables.iter().map(|v| v.name.as_str()).collect();
        for n in &self.g.nodes {
            match &n.kind {
                NodeKind::Ask(a) => set.extend(a.save_as.as_deref()),
                NodeKind::Capture(c) => {
                    set.insert(&c.save_as);
                }
                NodeKind::WaitForReply(w) => set.extend(w.save_as.as_deref()),
                NodeKind::SetVariable(s) => {
                    set.insert(&s.name);
                }
                NodeKind::Http(h) => {
                    set.extend(h.response_map.iter().map(|m| m.var.as_str()));
                    set.extend(h.save_status_as.as_deref());
                }
                _ => {}
            }
        }
        let mut issues = Vec::new();
        for n in &self.g.nodes {
            let mut seen = HashSet::new();
            for_each_template(&n.kind, &mut |text, is_path| {
                let refs = if is_path {
                    vec![text.trim().trim_start_matches("{{").trim_end_matches("}}").trim().to_owned()]
                } else {
                    template::references(text)
                };
                for r in refs {
                    if !seen.insert(r.clone()) {
                        continue;
                    }
                    match template::classify(&r) {
                        Ref::Var(name) if !set.contains(name) => issues.push(Issue::new(
                            Severity::Error,
                            Some(&n.id),
                            "undeclared_variable",
                            format!("`vars.{}` is neither declared nor set by any node", clip(name)),
                        )),
                        Ref::Field(key) if !self.fields.contains(key) => issues.push(Issue::new(
                            Severity::Error,
                            Some(&n.id),
                            "unknown_contact_field",
                            format!("contact field `{}` does not exist in this workspace", clip(key)),
                        )),
                        // An unknown path in a condition is reported by the node check.
                        Ref::Unknown if !is_path => issues.push(Issue::new(
                            Severity::Warning,
                            Some(&n.id),
                            "unknown_reference",
                            format!("`{{{{{}}}}}` is not a known variable: it renders empty", clip(&r)),
                        )),
                        _ => {}
                    }
                }
            });
        }
        self.out.extend(issues);
    }

    /// Free-form sends that may happen 24 hours or more after the contact's last message.
    ///
    /// For every node, the longest time that can have passed since the last inbound message when a
    /// run enters it (capped at the window): waits and reply timeouts add time, an inbound reply
    /// resets it. A loop that adds time grows it to the cap.
    fn window(&mut self, links: &[Link<'g>]) {
        let n = self.g.nodes.len();
        let Some(start) = self.g.nodes.iter().position(|n| matches!(n.kind, NodeKind::Start(_))) else {
            return;
        };
        let mut elapsed: Vec<Option<u64>> = vec![None; n];
        elapsed[start] = Some(0);
        let passes = 2 * n + 2;
        for pass in 0..passes {
            let mut changed = false;
            for l in links {
                let Some(at) = elapsed[l.from] else {
                    continue;
                };
                let kind = &self.g.nodes[l.from].kind;
                let after = match kind {
                    NodeKind::Wait(w) => at.saturating_add(w.seconds),
                    NodeKind::Ask(a) if l.handle == outcome::TIMEOUT => at.saturating_add(a.timeout_secs.unwrap_or(0)),
                    NodeKind::Capture(c) if l.handle == outcome::TIMEOUT => {
                        at.saturating_add(c.timeout_secs.unwrap_or(0))
                    }
                    NodeKind::WaitForReply(w) if l.handle == outcome::TIMEOUT => {
                        at.saturating_add(w.timeout_secs.unwrap_or(0))
                    }
                    NodeKind::Ask(_) | NodeKind::Capture(_) | NodeKind::WaitForReply(_) => 0,
                    _ => at,
                }
                .min(WINDOW_SECS);
                if elapsed[l.to].is_none_or(|e| after > e) {
                    // Still growing after n passes: a loop adds time; it ends at the cap.
                    elapsed[l.to] = Some(if pass >= n { WINDOW_SECS } else { after });
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        for (i, node) in self.g.nodes.iter().enumerate() {
            let free_form = matches!(node.kind, NodeKind::SendMessage(_) | NodeKind::Ask(_) | NodeKind::Capture(_));
            if free_form && elapsed[i].is_some_and(|e| e >= WINDOW_SECS) {
                self.error(Some(&node.id), "window_closed", WINDOW_MESSAGE);
            }
        }
    }
}

/// Calls `f(text, is_path)` for every template string a node renders (`is_path` for a condition's
/// left side, which is a bare path).
fn for_each_template(kind: &NodeKind, f: &mut impl FnMut(&str, bool)) {
    fn json_strings(v: &Value, f: &mut impl FnMut(&str, bool)) {
        match v {
            Value::String(s) => f(s, false),
            Value::Array(a) => a.iter().for_each(|x| json_strings(x, f)),
            Value::Object(m) => m.values().for_each(|x| json_strings(x, f)),
            _ => {}
        }
    }
    match kind {
        NodeKind::SendMessage(m) => f(&m.text, false),
        NodeKind::SendTemplate(t) => {
            if let Some(c) = &t.components {
                json_strings(c, f);
            }
        }
        NodeKind::Ask(a) => {
            f(&a.text, false);
            if let Some(t) = &a.retry_text {
                f(t, false);
            }
        }
        NodeKind::Capture(c) => {
            f(&c.text, false);
            if let Some(t) = &c.retry_text {
                f(t, false);
            }
        }
        NodeKind::Condition(c) => {
            for r in &c.rules {
                if let Rule::Compare { left, op, value } = r {
                    f(left, true);
                    if *op != Op::Matches {
                        f(value, false);
                    }
                }
            }
        }
        NodeKind::SetVariable(s) => f(&s.value, false),
        NodeKind::Http(h) => {
            f(&h.url, false);
            for hd in &h.headers {
                f(&hd.value, false);
            }
            if let Some(b) = &h.body {
                f(b, false);
            }
        }
        NodeKind::Webhook(w) => {
            f(&w.url, false);
            if let Some(b) = &w.body {
                f(b, false);
            }
        }
        NodeKind::UpdateField(u) => f(&u.value, false),
        NodeKind::Handoff(h) => {
            if let Some(note) = &h.note {
                f(note, false);
            }
        }
        _ => {}
    }
}

/// Checks an HTTP or webhook URL literally: http(s), a written-out host, and no loopback,
/// private, link-local, metadata or unspecified address. The runner checks the resolved address
/// again at connect time (a public name can resolve to a private address).
pub fn check_url(url: &str) -> Result<(), (&'static str, String)> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &url[8..]
    } else if lower.starts_with("http://") {
        &url[7..]
    } else {
        return Err(("invalid_url", "the URL must start with http:// or https://".to_owned()));
    };
    if char_len(url) > 2_048 {
        return Err(("invalid_url", "the URL has more than 2,048 characters".to_owned()));
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains("{{") {
        return Err((
            "invalid_url",
            "write the host out: variables may only follow it, in the path or the query".to_owned(),
        ));
    }
    let host_port = authority.rsplit('@').next().unwrap_or_default();
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        let inner = v6.split(']').next().unwrap_or_default();
        let inner = inner.split('%').next().unwrap_or_default();
        let ip: Ipv6Addr = inner.parse().map_err(|_| ("invalid_url", format!("`{inner}` is not an IPv6 address")))?;
        if private_v6(&ip) {
            return Err(private(inner));
        }
        return Ok(());
    } else {
        host_port.split(':').next().unwrap_or_default()
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    if host.is_empty() {
        return Err(("invalid_url", "the URL has no host".to_owned()));
    }
    if host == "localhost" || host.ends_with(".localhost") || host == "metadata.google.internal" || host == "metadata" {
        return Err(private(&host));
    }
    // DNS names never end in a numeric label: such a host is an address, and only the dotted
    // decimal form is accepted (no `0x7f.1` or `2130706433` spellings that hide a loopback).
    let last = host.rsplit('.').next().unwrap_or_default();
    if last.bytes().all(|b| b.is_ascii_digit()) || last.starts_with("0x") {
        let ip: Ipv4Addr = host
            .parse()
            .map_err(|_| ("invalid_url", format!("`{host}` is not a host name or a dotted IPv4 address")))?;
        if private_v4(&ip) {
            return Err(private(&host));
        }
    }
    Ok(())
}

fn private(host: &str) -> (&'static str, String) {
    ("private_address", format!("`{host}` is a local or private address: flows may only call public hosts"))
}

fn private_v4(ip: &Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    a == 0
        || a == 10
        || a == 127
        || (a == 172 && (16..=31).contains(&b))
        || (a == 192 && b == 168)
        || (a == 169 && b == 254)
        || (a == 100 && (64..=127).contains(&b))
        || ip.is_broadcast()
        || ip.is_multicast()
}

fn private_v6(ip: &Ipv6Addr) -> bool {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return private_v4(&v4);
    }
    let first = ip.segments()[0];
    ip.is_loopback()
        || ip.is_unspecified()
        || (first & 0xfe00) == 0xfc00
        || (first & 0xffc0) == 0xfe80
        || ip.is_multicast()
}

/// Shortens user text quoted in a message.
fn clip(s: &str) -> String {
    if char_len(s) <= 40 {
        s.to_owned()
    } else {
        let head: String = s.chars().take(40).collect();
        format!("{head}…")
    }
}

/// Tarjan's algorithm without recursion (a 500-node chain must not exhaust the stack).
fn strongly_connected(adj: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = adj.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut comps = Vec::new();
    let mut next = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut call: Vec<(usize, usize)> = vec![(root, 0)];
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (u, ref mut i)) = call.last_mut() {
            if let Some(&v) = adj[u].get(*i) {
                *i += 1;
                if index[v] == usize::MAX {
                    index[v] = next;
                    low[v] = next;
                    next += 1;
                    stack.push(v);
                    on_stack[v] = true;
                    call.push((v, 0));
                } else if on_stack[v] {
                    low[u] = low[u].min(index[v]);
                }
                continue;
            }
            call.pop();
            if let Some(&(parent, _)) = call.last() {
                low[parent] = low[parent].min(low[u]);
            }
            if low[u] == index[u] {
                let mut comp = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp.push(w);
                    if w == u {
                        break;
                    }
                }
                comps.push(comp);
            }
        }
    }
    comps
}

/// Kahn's topological order (the graph is acyclic when this runs).
fn topological(adj: &[Vec<usize>]) -> Vec<usize> {
    let n = adj.len();
    let mut indegree = vec![0usize; n];
    for outs in adj {
        for &v in outs {
            indegree[v] += 1;
        }
    }
    let mut queue: Vec<usize> = (0..n).filter(|&i| indegree[i] == 0).collect();
    let mut order = Vec::with_capacity(n);
    while let Some(u) = queue.pop() {
        order.push(u);
        for &v in &adj[u] {
            indegree[v] -= 1;
            if indegree[v] == 0 {
                queue.push(v);
            }
        }
    }
    order
}
