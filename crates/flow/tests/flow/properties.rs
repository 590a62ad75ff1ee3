//! Property tests: the engine is total, bounded and deterministic on any graph and any event
//! sequence, and on valid graphs every step leaves the run waiting or ended.

use parley_flow::limits::STEP_BUDGET;
use parley_flow::schema::*;
use parley_flow::templates;
use parley_flow::validate::{Issue, ValidationContext, validate};
use parley_flow::{
    Compiled, ContactSnapshot, Context, Event, EventKind, FlowGraph, HttpResult, LocalTime, RunState, RunStatus, step,
};
use proptest::prelude::*;
use serde_json::json;
use uuid::Uuid;

use crate::common::{edge, node, now};

const HANDLES: &[&str] = &[
    "next", "error", "true", "false", "option:a", "option:b", "option:c", "noMatch", "timeout", "invalid", "reply",
    "open", "closed", "branch:x", "branch:y", "bogus",
];

const TEXTS: &[&str] = &[
    "a",
    "A",
    "1",
    "2",
    "5",
    "hello",
    "ana@example.com",
    "+34 600 111 222",
    "2026-12-05",
    "31/02/2026",
    "42",
    "",
    "  ",
    "Té",
    "yes",
    "ORDER-1234",
];

fn arb_input() -> impl Strategy<Value = Input> {
    prop_oneof![
        Just(Input::Text),
        Just(Input::Email),
        Just(Input::Phone),
        Just(Input::Date),
        Just(Input::Number { min: Some(1.0), max: Some(50.0) }),
        Just(Input::Choice { choices: vec!["Yes".into(), "No".into()] }),
        Just(Input::Regex { pattern: "[A-Z]+-[0-9]+".into() }),
    ]
}

fn arb_rule() -> impl Strategy<Value = Rule> {
    prop_oneof![
        (
            prop::sample::select(vec!["vars.v", "contact.name", "message.text", "vars.q", "nonsense"]),
            prop::sample::select(vec![Op::Eq, Op::Gt, Op::Contains, Op::IsSet, Op::Lte]),
            prop::sample::select(vec!["1", "hello", "{{vars.v}}", ""]),
        )
            .prop_map(|(l, op, v)| Rule::Compare { left: l.into(), op, value: v.into() }),
        Just(Rule::Compare { left: "message.text".into(), op: Op::Matches, value: "^h".into() }),
        any::<bool>().prop_map(|negate| Rule::HasLabel { label: "vip".into(), negate }),
        any::<bool>().prop_map(|granted| Rule::Consent { granted }),
        Just(Rule::Time { days: vec![0, 2, 4], after: "09:00".into(), before: "18:00".into() }),
    ]
}

fn options(n: usize) -> Vec<AskOption> {
    ["a", "b", "c", "d", "e"][..n]
        .iter()
        .map(|id| AskOption { id: (*id).into(), title: id.to_uppercase(), description: None, section: None })
        .collect()
}

/// Any node kind, with settings from small pools (including bad ones).
fn arb_kind() -> impl Strategy<Value = NodeKind> {
    let text = prop::sample::select(vec!["Hi {{contact.name}}", "{{vars.v}}", "", "Plain"]);
    prop_oneof![
        text.clone().prop_map(|t| NodeKind::SendMessage(SendMessage {
            text: t.into(),
            media_id: None,
            media_kind: None
        })),
        Just(NodeKind::SendTemplate(SendTemplate {
            name: "t".into(),
            language: "en".into(),
            components: Some(json!([{"text": "{{contact.name}}"}])),
        })),
        (1usize..6, 0u8..3, prop::option::of(1u64..10_000)).prop_map(|(n, retries, timeout)| {
            NodeKind::Ask(Ask {
                text: "Pick".into(),
                options: options(n),
                list_button: None,
                save_as: Some("q".into()),
                retries,
                retry_text: None,
                timeout_secs: timeout,
            })
        }),
        (arb_input(), 0u8..3, prop::option::of(1u64..10_000)).prop_map(|(input, retries, timeout)| {
            NodeKind::Capture(Capture {
                text: "Type".into(),
                input,
                save_as: "v".into(),
                save_to_field: Some("company".into()),
                retries,
                retry_text: Some("Again".into()),
                timeout_secs: timeout,
            })
        }),
        (any::<bool>(), prop::collection::vec(arb_rule(), 0..3)).prop_map(|(any, rules)| {
            NodeKind::Condition(Condition { mode: if any { Mode::Any } else { Mode::All }, rules })
        }),
        text.prop_map(|t| NodeKind::SetVariable(SetVariable { name: "v".into(), value: t.into() })),
        (0u64..200_000).prop_map(|seconds| NodeKind::Wait(Delay { seconds })),
        prop::option::of(1u64..10_000)
            .prop_map(|timeout_secs| NodeKind::WaitForReply(WaitForReply { save_as: Some("v".into()), timeout_secs })),
        Just(NodeKind::BusinessHours(Empty {})),
        (0u32..3, 0u32..3).prop_map(|(x, y)| NodeKind::RandomSplit(RandomSplit {
            branches: vec![
                Branch { id: "x".into(), label: String::new(), weight: x },
                Branch { id: "y".into(), label: String::new(), weight: y },
            ]
        })),
        Just(NodeKind::Http(Http {
            method: HttpMethod::Get,
            url: "https://api.example.com/{{vars.v}}".into(),
            headers: Vec::new(),
            body: Some("{\"a\": \"{{vars.v}}\"}".into()),
            timeout_ms: None,
            response_map: vec![ResponseMap { var: "r".into(), path: "a.b".into() }],
            save_status_as: Some("s".into()),
            sample_response: None,
        })),
        Just(NodeKind::Webhook(Webhook { url: "https://hooks.example.com".into(), body: None })),
        Just(NodeKind::Assign(Assign { user_id: Some(Uuid::from_u128(1)), team_id: None })),
        any::<bool>().prop_map(|add| NodeKind::Label(Label {
            action: if add { LabelAction::Add } else { LabelAction::Remove },
            label: "vip".into()
        })),
        Just(NodeKind::UpdateField(UpdateField { key: "company".into(), value: "{{vars.v}}".into() })),
        any::<bool>().prop_map(|granted| NodeKind::SetConsent(SetConsent { granted })),
        Just(NodeKind::StartFlow(StartFlow { flow_id: Uuid::from_u128(1) })),
        (0usize..12).prop_map(|t| NodeKind::Jump(Jump { target: format!("n{t}") })),
        Just(NodeKind::Handoff(Handoff { note: None })),
        Just(NodeKind::End(Empty {})),
        Just(NodeKind::Start(Empty {})),
    ]
}

/// Any graph: node 0 is usually a start, edges join random nodes (some missing) by random handles.
fn arb_graph() -> impl Strategy<Value = FlowGraph> {
    (1usize..10)
        .prop_flat_map(|n| {
            (
                any::<bool>(),
                prop::collection::vec(arb_kind(), n),
                prop::collection::vec((0..n, prop::sample::select(HANDLES.to_vec()), 0..n + 2), 0..n * 3),
            )
        })
        .prop_map(|(with_start, kinds, edges)| {
            let n = kinds.len();
            let mut nodes: Vec<Node> = kinds.into_iter().enumerate().map(|(i, k)| node(&format!("n{i}"), k)).collect();
            if with_start || n == 1 {
                nodes[0].kind = NodeKind::Start(Empty {});
            }
            let edges =
                edges.into_iter().map(|(s, h, t)| edge(&format!("n{s}"), h, &format!("n{}", t.min(n + 1)))).collect();
            FlowGraph { nodes, edges, variables: Vec::new() }
        })
}

fn arb_event() -> impl Strategy<Value = Event> {
    let kind = prop_oneof![
        1 => prop::option::of(prop::sample::select(TEXTS.to_vec()))
            .prop_map(|t| EventKind::Start { text: t.map(str::to_owned) }),
        6 => (
            prop::option::of(prop::sample::select(TEXTS.to_vec())),
            prop::option::of(prop::sample::select(vec!["a", "b", "c", "zz"])),
        )
            .prop_map(|(t, r)| EventKind::Inbound {
                text: t.map(str::to_owned),
                reply_id: r.map(str::to_owned),
                message_type: "text".into(),
            }),
        3 => (0u64..8).prop_map(|token| EventKind::Timer { token }),
        2 => (0u64..8, prop::option::of(prop::sample::select(vec![200u16, 204, 404, 500])))
            .prop_map(|(token, status)| EventKind::Http {
                token,
                result: HttpResult {
                    status,
                    body: Some(json!({"a": {"b": "found"}})),
                    error: status.is_none().then(|| "timeout".to_owned()),
                },
            }),
    ];
    (
        kind,
        any::<u64>(),
        any::<bool>(),
        any::<bool>(),
        prop::option::of(any::<bool>()),
        0u8..8,
        0u16..1500,
        0i64..1_000_000,
    )
        .prop_map(|(kind, random, window_open, open_now, consent, weekday, minutes, offset)| Event {
            now: now() + chrono::TimeDelta::seconds(offset),
            random,
            context: Context {
                contact: ContactSnapshot {
                    name: Some("Ana".into()),
                    labels: vec!["vip".into()],
                    consent,
                    ..ContactSnapshot::default()
                },
                open_now,
                window_open,
                local: LocalTime { weekday, minutes },
            },
            kind,
        })
}

/// Steps through the events, checking the invariants that hold for every graph.
fn drive(c: &Compiled, events: &[Event]) -> Result<Vec<RunState>, TestCaseError> {
    let mut state = RunState::new();
    let mut states = Vec::new();
    for e in events {
        let s = step(c, &state, e);
        prop_assert!(s.trace.len() <= STEP_BUDGET as usize);
        let again = step(c, &state, e);
        prop_assert_eq!(&again, &s, "the same inputs give the same outputs");
        let stored = serde_json::to_string(&s.state).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let back: RunState = serde_json::from_str(&stored).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&back, &s.state, "the state survives storage");
        if s.state.status == RunStatus::Waiting {
            prop_assert!(s.state.wait.is_some());
        }
        state = s.state;
        states.push(state.clone());
    }
    Ok(states)
}

/// A valid graph: a chain of safe kinds where the first outcome leads to the next node and the
/// others jump forward, ending in terminal nodes; so no loop, every outcome connected.
fn arb_valid_graph() -> impl Strategy<Value = FlowGraph> {
    let kind = prop_oneof![
        Just(NodeKind::SendMessage(SendMessage {
            text: "Hi {{contact.name}} {{vars.v}}".into(),
            media_id: None,
            media_kind: None
        })),
        Just(NodeKind::SendTemplate(SendTemplate { name: "t".into(), language: "en".into(), components: None })),
        (1usize..6, prop::option::of(1u64..3_000)).prop_map(|(n, timeout_secs)| NodeKind::Ask(Ask {
            text: "Pick".into(),
            options: options(n),
            list_button: None,
            save_as: Some("q".into()),
            retries: 1,
            retry_text: None,
            timeout_secs
        })),
        (arb_input(), prop::option::of(1u64..3_000)).prop_map(|(input, timeout_secs)| NodeKind::Capture(Capture {
            text: "Type".into(),
            input,
            save_as: "v".into(),
            save_to_field: Some("company".into()),
            retries: 1,
            retry_text: None,
            timeout_secs
        })),
        prop::collection::vec(
            arb_rule().prop_filter("known paths", |r| !matches!(r, Rule::Compare { left, .. } if left == "nonsense")),
            1..3
        )
        .prop_map(|rules| NodeKind::Condition(Condition { mode: Mode::Any, rules })),
        Just(NodeKind::SetVariable(SetVariable { name: "v".into(), value: "{{message.text}}".into() })),
        (1u64..3_000).prop_map(|seconds| NodeKind::Wait(Delay { seconds })),
        prop::option::of(1u64..3_000)
            .prop_map(|timeout_secs| NodeKind::WaitForReply(WaitForReply { save_as: None, timeout_secs })),
        Just(NodeKind::BusinessHours(Empty {})),
        (1u32..5, 0u32..5).prop_map(|(x, y)| NodeKind::RandomSplit(RandomSplit {
            branches: vec![
                Branch { id: "x".into(), label: String::new(), weight: x },
                Branch { id: "y".into(), label: String::new(), weight: y },
            ]
        })),
        Just(NodeKind::Http(Http {
            method: HttpMethod::Get,
            url: "https://api.example.com/{{vars.v}}".into(),
            headers: Vec::new(),
            body: None,
            timeout_ms: None,
            response_map: vec![ResponseMap { var: "r".into(), path: "a.b".into() }],
            save_status_as: None,
            sample_response: None,
        })),
        Just(NodeKind::Label(Label { action: LabelAction::Add, label: "vip".into() })),
        Just(NodeKind::UpdateField(UpdateField { key: "company".into(), value: "{{vars.v}}".into() })),
        any::<bool>().prop_map(|granted| NodeKind::SetConsent(SetConsent { granted })),
    ];
    (
        prop::collection::vec(kind, 1..12),
        prop::collection::vec(any::<prop::sample::Index>(), 64),
        prop::sample::select(vec![
            NodeKind::End(Empty {}),
            NodeKind::Handoff(Handoff { note: Some("{{vars.v}}".into()) }),
            NodeKind::StartFlow(StartFlow { flow_id: Uuid::from_u128(1) }),
        ]),
    )
        .prop_map(|(kinds, picks, last)| {
            let mut nodes = vec![node("n0", NodeKind::Start(Empty {}))];
            nodes.extend(kinds.into_iter().enumerate().map(|(i, k)| node(&format!("n{}", i + 1), k)));
            let end = nodes.len();
            nodes.push(node(&format!("n{end}"), last));
            let mut edges = Vec::new();
            let mut pick = picks.iter().cycle();
            for (i, n) in nodes.iter().enumerate().take(end) {
                for (k, o) in n.outcomes().into_iter().enumerate() {
                    let to = if k == 0 { i + 1 } else { i + 1 + pick.next().map_or(0, |p| p.index(end - i)) };
                    edges.push(edge(&format!("n{i}"), &o, &format!("n{to}")));
                }
            }
            FlowGraph {
                nodes,
                edges,
                variables: vec![
                    VariableDef { name: "v".into(), description: None },
                    VariableDef { name: "q".into(), description: None },
                ],
            }
        })
}

fn valid_cx() -> ValidationContext {
    ValidationContext {
        contact_fields: vec![
            "company".into(),
            "plan".into(),
            "full_name".into(),
            "work_email".into(),
            "appointment_date".into(),
        ],
        flow_ids: vec![Uuid::from_u128(1)],
    }
}

/// Runs a valid graph: starts it, then feeds events with the window open and consent not
/// withdrawn; every step must end waiting or in a terminal state, never failed.
fn run_valid(g: &FlowGraph, events: &[Event]) -> Result<(), TestCaseError> {
    let errors: Vec<Issue> = validate(g, &valid_cx()).into_iter().filter(Issue::is_error).collect();
    prop_assert!(errors.is_empty(), "{:#?}", errors);
    let c = Compiled::new(g).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let mut first = events.first().cloned().unwrap_or_else(crate::common::start_event);
    first.kind = EventKind::Start { text: None };
    let events: Vec<Event> = std::iter::once(first)
        .chain(events.iter().skip(1).cloned())
        .map(|mut e| {
            e.context.window_open = true;
            if e.context.contact.consent == Some(false) {
                e.context.contact.consent = None;
            }
            e
        })
        .collect();
    for state in drive(&c, &events)? {
        prop_assert!(
            matches!(state.status, RunStatus::Waiting | RunStatus::Completed | RunStatus::HandedOff),
            "ended as {:?}: {:?}",
            state.status,
            state.reason
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn any_graph_and_any_events_never_panic_and_stay_within_the_budget(
        g in arb_graph(),
        events in prop::collection::vec(arb_event(), 1..12),
    ) {
        let _ = validate(&g, &valid_cx());
        if let Ok(c) = Compiled::new(&g) {
            let mut events = events;
            events[0].kind = EventKind::Start { text: None };
            drive(&c, &events)?;
        }
    }

    #[test]
    fn generated_valid_graphs_always_end_a_step_waiting_or_finished(
        g in arb_valid_graph(),
        events in prop::collection::vec(arb_event(), 1..12),
    ) {
        run_valid(&g, &events)?;
    }

    #[test]
    fn templates_and_the_realistic_flow_always_end_a_step_waiting_or_finished(
        which in 0usize..6,
        events in prop::collection::vec(arb_event(), 1..16),
    ) {
        let g = if which == 5 {
            templates::realistic_30_node()
        } else {
            templates::all().swap_remove(which).graph
        };
        run_valid(&g, &events)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn text_helpers_never_panic_on_any_string(s in "\\PC{0,60}", t in "[{}$.\\[\\]'\"a-z0-9:/@%-]{0,40}") {
        for x in [&s, &t] {
            let _ = parley_flow::validate::check_url(x);
            let _ = parley_flow::validate::check_url(&format!("https://{x}"));
            let _ = parley_flow::path::parse(x);
            let _ = parley_flow::template::references(x);
            let _ = parley_flow::template::classify(x);
            let _ = parley_flow::normalize(x);
            let contact = ContactSnapshot::default();
            let vars = std::collections::BTreeMap::from([("v".to_owned(), json!({"a": [1]}))]);
            let scope = parley_flow::template::Scope {
                contact: &contact,
                vars: &vars,
                message_text: Some(x),
                field_updates: &[],
            };
            let _ = parley_flow::template::render(x, &scope);
            let _ = parley_flow::template::render(&format!("{{{{vars.v{x}}}}}"), &scope);
        }
    }

    #[test]
    fn any_reply_to_any_capture_and_any_pattern_is_handled(
        input in arb_input(),
        reply in "\\PC{0,40}",
        pattern in "\\PC{0,30}",
    ) {
        let capture = |input: Input| {
            FlowGraph {
                nodes: vec![
                    node("s", NodeKind::Start(Empty {})),
                    node("c", NodeKind::Capture(Capture {
                        text: "?".into(),
                        input,
                        save_as: "v".into(),
                        save_to_field: None,
                        retries: 0,
                        retry_text: None,
                        timeout_secs: None,
                    })),
                    node("e", NodeKind::End(Empty {})),
                ],
                edges: vec![edge("s", "next", "c"), edge("c", "next", "e"), edge("c", "invalid", "e")],
                variables: Vec::new(),
            }
        };
        let _ = validate(&capture(Input::Regex { pattern: pattern.clone() }), &valid_cx());
        let _ = Compiled::new(&capture(Input::Regex { pattern }));
        let c = Compiled::new(&capture(input)).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let started = step(&c, &RunState::new(), &crate::common::start_event());
        let replied = step(&c, &started.state, &crate::common::inbound(&reply));
        prop_assert_eq!(replied.state.status, RunStatus::Completed);
        let took = replied.trace[0].outcome.clone().unwrap_or_default();
        prop_assert!(took == "next" || took == "invalid", "{}", took);
    }
}
