//! Builders shared by the suites: small graphs, events at a fixed time, a default context.

#![allow(dead_code)]

use chrono::{DateTime, TimeZone, Utc};
use parley_flow::schema::*;
use parley_flow::{Compiled, ContactSnapshot, Context, Event, EventKind, HttpResult, LocalTime, RunState, Step, step};
use serde_json::Value;

pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 7, 10, 0, 0).single().expect("a valid time")
}

pub fn node(id: &str, kind: NodeKind) -> Node {
    Node { id: id.to_owned(), position: Position::default(), kind }
}

pub fn edge(from: &str, handle: &str, to: &str) -> Edge {
    Edge {
        id: format!("{from}-{handle}-{to}"),
        source: from.to_owned(),
        source_handle: handle.to_owned(),
        target: to.to_owned(),
    }
}

/// A graph from nodes and `(source, handle, target)` triples.
pub fn graph(nodes: Vec<(&str, NodeKind)>, edges: &[(&str, &str, &str)]) -> FlowGraph {
    FlowGraph {
        nodes: nodes.into_iter().map(|(id, k)| node(id, k)).collect(),
        edges: edges.iter().map(|(f, h, t)| edge(f, h, t)).collect(),
        variables: Vec::new(),
    }
}

pub fn start() -> NodeKind {
    NodeKind::Start(Empty {})
}

pub fn end() -> NodeKind {
    NodeKind::End(Empty {})
}

pub fn say(text: &str) -> NodeKind {
    NodeKind::SendMessage(SendMessage { text: text.to_owned(), media_id: None, media_kind: None })
}

pub fn opt(id: &str, title: &str) -> AskOption {
    AskOption { id: id.to_owned(), title: title.to_owned(), description: None, section: None }
}

pub fn ask(text: &str, options: Vec<AskOption>) -> Ask {
    Ask {
        text: text.to_owned(),
        options,
        list_button: None,
        save_as: None,
        retries: 1,
        retry_text: None,
        timeout_secs: None,
    }
}

pub fn capture(input: Input, save_as: &str) -> Capture {
    Capture {
        text: "Your answer?".to_owned(),
        input,
        save_as: save_as.to_owned(),
        save_to_field: None,
        retries: 2,
        retry_text: None,
        timeout_secs: None,
    }
}

pub fn set_var(name: &str, value: &str) -> NodeKind {
    NodeKind::SetVariable(SetVariable { name: name.to_owned(), value: value.to_owned() })
}

pub fn condition(mode: Mode, rules: Vec<Rule>) -> NodeKind {
    NodeKind::Condition(Condition { mode, rules })
}

pub fn compare(left: &str, op: Op, value: &str) -> Rule {
    Rule::Compare { left: left.to_owned(), op, value: value.to_owned() }
}

pub fn context() -> Context {
    Context {
        contact: ContactSnapshot {
            name: Some("Ana".to_owned()),
            phone: Some("+34600111222".to_owned()),
            ..ContactSnapshot::default()
        },
        open_now: true,
        window_open: true,
        local: LocalTime { weekday: 0, minutes: 600 },
    }
}

pub fn event(kind: EventKind) -> Event {
    Event { now: now(), random: 0, context: context(), kind }
}

pub fn start_event() -> Event {
    event(EventKind::Start { text: None })
}

pub fn inbound(text: &str) -> Event {
    event(EventKind::Inbound { text: Some(text.to_owned()), reply_id: None, message_type: "text".to_owned() })
}

pub fn tap(reply_id: &str, title: &str) -> Event {
    event(EventKind::Inbound {
        text: Some(title.to_owned()),
        reply_id: Some(reply_id.to_owned()),
        message_type: "interactive".to_owned(),
    })
}

pub fn timer(token: u64) -> Event {
    event(EventKind::Timer { token })
}

pub fn http(token: u64, status: Option<u16>, body: Option<Value>) -> Event {
    event(EventKind::Http {
        token,
        result: HttpResult { status, body, error: status.is_none().then(|| "timed out".to_owned()) },
    })
}

pub fn compile(g: &FlowGraph) -> Compiled {
    Compiled::new(g).expect("the graph compiles")
}

/// Starts a run and feeds it the events, returning every step.
pub fn run(g: &FlowGraph, events: &[Event]) -> Vec<Step> {
    let c = compile(g);
    let mut state = RunState::new();
    let mut steps = Vec::new();
    for e in std::iter::once(start_event()).chain(events.iter().cloned()) {
        let s = step(&c, &state, &e);
        state = s.state.clone();
        steps.push(s);
    }
    steps
}

/// The outcomes taken, node by node, across the steps.
pub fn path(steps: &[Step]) -> Vec<String> {
    steps
        .iter()
        .flat_map(|s| s.trace.iter())
        .map(|t| match &t.outcome {
            Some(o) => format!("{}:{o}", t.node),
            None => t.node.clone(),
        })
        .collect()
}
