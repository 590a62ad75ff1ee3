//! Every validation rule, the size guards, and the templates.

use parley_flow::FlowGraph;
use parley_flow::limits::{MAX_FLOW_BYTES, STEP_BUDGET};
use parley_flow::schema::*;
use parley_flow::templates;
use parley_flow::validate::{Issue, Severity, ValidationContext, check_size, parse, validate};
use uuid::Uuid;

use crate::common::*;

fn cx() -> ValidationContext {
    ValidationContext { contact_fields: vec!["company".into(), "plan".into()], flow_ids: vec![Uuid::from_u128(1)] }
}

fn issues(g: &FlowGraph) -> Vec<Issue> {
    validate(g, &cx())
}

fn errors(g: &FlowGraph) -> Vec<Issue> {
    issues(g).into_iter().filter(Issue::is_error).collect()
}

fn codes(g: &FlowGraph) -> Vec<String> {
    errors(g).into_iter().map(|i| i.code).collect()
}

fn has(g: &FlowGraph, code: &str) -> bool {
    codes(g).iter().any(|c| c == code)
}

/// start → node → end, every outcome of `node` but `next` left open.
fn around(kind: NodeKind) -> FlowGraph {
    graph(vec![("s", start()), ("n", kind), ("e", end())], &[("s", "next", "n"), ("n", "next", "e")])
}

#[test]
fn every_template_validates_without_errors_or_warnings() {
    for t in templates::all() {
        let cx = ValidationContext { contact_fields: t.contact_fields.clone(), flow_ids: Vec::new() };
        let found = validate(&t.graph, &cx);
        assert!(found.is_empty(), "{}: {found:#?}", t.key);
        assert!(parley_flow::validate::validate_trigger(&t.trigger).is_empty());
        assert!(parley_flow::Compiled::new(&t.graph).is_ok());
        assert_eq!(templates::by_key(&t.key).map(|x| x.name), Some(t.name.clone()));
    }
    assert_eq!(templates::all().len(), 5);
}

#[test]
fn the_realistic_flow_has_about_thirty_nodes_and_validates() {
    let g = templates::realistic_30_node();
    assert!((28..=32).contains(&g.nodes.len()), "{}", g.nodes.len());
    let found = issues(&g);
    assert!(found.is_empty(), "{found:#?}");
    let kinds: std::collections::BTreeSet<&str> = g.nodes.iter().map(|n| n.kind.type_name()).collect();
    assert!(kinds.len() >= 15, "{kinds:?}");
}

#[test]
fn a_flow_needs_exactly_one_start() {
    assert!(has(&graph(vec![("e", end())], &[]), "no_start"));
    let two = graph(vec![("s", start()), ("t", start()), ("e", end())], &[("s", "next", "e"), ("t", "next", "e")]);
    assert!(has(&two, "several_starts"));
}

#[test]
fn duplicate_and_empty_ids_are_refused() {
    let g = graph(vec![("s", start()), ("e", end()), ("e", end()), ("", end())], &[("s", "next", "e")]);
    assert!(has(&g, "duplicate_node_id"));
    assert!(has(&g, "invalid_id"));
    let mut g = around(say("hi"));
    g.edges.push(g.edges[0].clone());
    assert!(has(&g, "duplicate_edge_id"));
}

#[test]
fn a_5000_node_flow_is_rejected_at_once() {
    let mut g = graph(vec![("s", start())], &[]);
    for i in 0..5_000 {
        g.nodes.push(node(&format!("n{i}"), say(&"x".repeat(200))));
        g.edges.push(edge(if i == 0 { "s" } else { "n0" }, "next", &format!("n{i}")));
    }
    let started = std::time::Instant::now();
    let found = issues(&g);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].code, "too_many_nodes");
    assert!(started.elapsed() < std::time::Duration::from_millis(100));
    assert!(parley_flow::Compiled::new(&g).is_err());
}

#[test]
fn a_megabyte_of_text_is_rejected_before_and_after_parsing() {
    let text = "x".repeat(1_000_000);
    let g = around(say(&text));
    let json = serde_json::to_vec(&g).expect("serialize");
    assert!(json.len() > MAX_FLOW_BYTES);
    let refused = check_size(&json).expect_err("too large");
    assert_eq!(refused.code, "flow_too_large");
    assert!(parse(&json).is_err());
    // Built in memory (not through the API), validation still refuses it.
    assert!(has(&g, "text_too_long"));
    assert!(check_size(&serde_json::to_vec(&around(say("hi"))).expect("json")).is_ok());
}

#[test]
fn texts_over_whatsapps_limits_are_refused() {
    assert!(has(&around(say(&"a".repeat(4_097))), "text_too_long"));
    assert!(!has(&around(say(&"é".repeat(4_096))), "text_too_long"));
    assert!(has(&around(say("  ")), "text_empty"));
    let caption = NodeKind::SendMessage(SendMessage {
        text: "a".repeat(1_025),
        media_id: Some(Uuid::from_u128(3)),
        media_kind: Some(MediaKind::Image),
    });
    assert!(has(&around(caption), "text_too_long"));
    let no_kind =
        NodeKind::SendMessage(SendMessage { text: "a".into(), media_id: Some(Uuid::from_u128(3)), media_kind: None });
    assert!(has(&around(no_kind), "media_kind_missing"));

    let ask_graph = |a: Ask| {
        let handles: Vec<String> = a.options.iter().map(|o| format!("option:{}", o.id)).collect();
        let mut g = graph(
            vec![("s", start()), ("q", NodeKind::Ask(a)), ("e", end())],
            &[("s", "next", "q"), ("q", "noMatch", "e")],
        );
        for h in handles {
            g.edges.push(edge("q", &h, "e"));
        }
        g
    };
    let long_body = ask(&"a".repeat(1_025), vec![opt("a", "A")]);
    assert!(has(&ask_graph(long_body), "text_too_long"));
    let long_button = ask("Q", vec![opt("a", &"b".repeat(21))]);
    assert!(has(&ask_graph(long_button), "button_title_too_long"));
    // Four options become a list, where titles may have 24 characters.
    let four: Vec<AskOption> = (0..4).map(|i| opt(&format!("o{i}"), &format!("{i}{}", "b".repeat(23)))).collect();
    let codes_four = codes(&ask_graph(ask("Q", four)));
    assert!(codes_four.is_empty(), "{codes_four:?}");
    let long_row = (0..4).map(|i| opt(&format!("o{i}"), &format!("{i}{}", "b".repeat(24)))).collect();
    assert!(has(&ask_graph(ask("Q", long_row)), "row_title_too_long"));
    let mut described = ask("Q", vec![opt("a", "A")]);
    described.options[0].description = Some("d".repeat(73));
    assert!(has(&ask_graph(described), "row_description_too_long"));
    let eleven = (0..11).map(|i| opt(&format!("o{i}"), &format!("Option {i}"))).collect();
    assert!(has(&ask_graph(ask("Q", eleven)), "too_many_options"));
    let mut button = ask("Q", (0..5).map(|i| opt(&format!("o{i}"), &format!("Option {i}"))).collect());
    button.list_button = Some("c".repeat(21));
    assert!(has(&ask_graph(button), "list_button_too_long"));
    assert!(has(&ask_graph(ask("Q", vec![])), "no_options"));
    let dup = ask("Q", vec![opt("a", "A"), opt("a", "B")]);
    assert!(has(&ask_graph(dup), "duplicate_option_id"));
    let same_title = ask("Q", vec![opt("a", "Yes"), opt("b", "YES")]);
    assert!(has(&ask_graph(same_title), "duplicate_option_title"));
    let mut half_sections = ask("Q", vec![opt("a", "A"), opt("b", "B")]);
    half_sections.options[0].section = Some("First".into());
    assert!(has(&ask_graph(half_sections), "section_title_missing"));
}

#[test]
fn edges_must_join_known_nodes_by_outcomes_they_have_once() {
    let mut g = around(say("hi"));
    g.edges.push(edge("n", "error", "ghost"));
    g.edges.push(edge("ghost", "next", "e"));
    let found = errors(&g);
    assert_eq!(found.iter().filter(|i| i.code == "dangling_edge").count(), 2);
    assert!(found.iter().all(|i| i.code != "dangling_edge" || i.edge.is_some()));

    let mut g = around(say("hi"));
    g.edges.push(edge("n", "maybe", "e"));
    assert!(has(&g, "unknown_handle"));

    let mut g = around(say("hi"));
    g.nodes.push(node("e2", end()));
    g.edges.push(edge("n", "next", "e2"));
    assert!(has(&g, "duplicate_outcome_edge"));

    // A timeout handle exists only when a timeout is set.
    let no_timeout = graph(
        vec![
            ("s", start()),
            ("w", NodeKind::WaitForReply(WaitForReply { save_as: None, timeout_secs: None })),
            ("e", end()),
        ],
        &[("s", "next", "w"), ("w", "reply", "e"), ("w", "timeout", "e")],
    );
    assert!(has(&no_timeout, "unknown_handle"));
}

#[test]
fn unreachable_nodes_are_errors() {
    let mut g = around(say("hi"));
    g.nodes.push(node("island", end()));
    let found = errors(&g);
    assert!(found.iter().any(|i| i.code == "unreachable_node" && i.node.as_deref() == Some("island")));
}

#[test]
fn required_outcomes_must_be_connected_and_optional_ones_warn() {
    let g = graph(vec![("s", start()), ("n", say("hi"))], &[("s", "next", "n")]);
    let found = issues(&g);
    let next = found.iter().find(|i| i.message.contains("`next`")).expect("next reported");
    assert_eq!(next.severity, Severity::Error);
    let error = found.iter().find(|i| i.message.contains("`error`")).expect("error reported");
    assert_eq!(error.severity, Severity::Warning);

    let cond = graph(
        vec![("s", start()), ("c", condition(Mode::All, vec![])), ("e", end())],
        &[("s", "next", "c"), ("c", "true", "e")],
    );
    assert!(errors(&cond).iter().any(|i| i.message.contains("`false`")));
}

#[test]
fn a_loop_that_never_waits_is_an_error_naming_its_nodes() {
    let g = graph(
        vec![("s", start()), ("a", set_var("x", "1")), ("b", condition(Mode::All, vec![])), ("e", end())],
        &[("s", "next", "a"), ("a", "next", "b"), ("b", "true", "a"), ("b", "false", "e")],
    );
    let found = errors(&g);
    let l = found.iter().find(|i| i.code == "instant_loop").expect("loop reported");
    assert!(l.message.ends_with("a, b"), "{}", l.message);

    let jump = graph(vec![("s", start()), ("j", NodeKind::Jump(Jump { target: "j".into() }))], &[("s", "next", "j")]);
    assert!(has(&jump, "instant_loop"));

    // The same loop through a question is fine.
    let asking = graph(
        vec![("s", start()), ("q", NodeKind::Ask(ask("Again?", vec![opt("y", "Yes"), opt("n", "No")]))), ("e", end())],
        &[("s", "next", "q"), ("q", "option:y", "q"), ("q", "option:n", "e"), ("q", "noMatch", "e")],
    );
    assert!(!has(&asking, "instant_loop"));
}

#[test]
fn a_path_longer_than_the_step_budget_is_an_error() {
    let mut nodes = vec![("s".to_owned(), start())];
    let mut links = Vec::new();
    let mut prev = "s".to_owned();
    for i in 0..STEP_BUDGET {
        let id = format!("v{i}");
        nodes.push((id.clone(), set_var("x", "1")));
        links.push((prev.clone(), id.clone()));
        prev = id;
    }
    nodes.push(("e".into(), end()));
    links.push((prev, "e".into()));
    let g = FlowGraph {
        nodes: nodes.into_iter().map(|(id, k)| node(&id, k)).collect(),
        edges: links.iter().map(|(a, b)| edge(a, "next", b)).collect(),
        variables: Vec::new(),
    };
    assert!(has(&g, "step_budget"));
}

#[test]
fn variables_must_be_declared_or_set_and_fields_must_exist() {
    let g = around(say("Hi {{vars.who}} from {{contact.fields.company}} {{contact.fields.shoe_size}} {{weird}}"));
    let found = issues(&g);
    assert!(found.iter().any(|i| i.code == "undeclared_variable" && i.message.contains("vars.who")));
    assert!(found.iter().any(|i| i.code == "unknown_contact_field" && i.message.contains("shoe_size")));
    assert!(!found.iter().any(|i| i.message.contains("`company`")));
    let weird = found.iter().find(|i| i.code == "unknown_reference").expect("warned");
    assert_eq!(weird.severity, Severity::Warning);

    let mut declared = around(say("Hi {{vars.who}}"));
    declared.variables.push(VariableDef { name: "who".into(), description: None });
    assert!(errors(&declared).is_empty(), "{:?}", errors(&declared));

    let set_by_node = graph(
        vec![
            ("s", start()),
            ("c", NodeKind::Capture(capture(Input::Text, "who"))),
            ("m", say("Hi {{vars.who}}")),
            ("e", end()),
        ],
        &[("s", "next", "c"), ("c", "next", "m"), ("c", "invalid", "e"), ("m", "next", "e"), ("m", "error", "e")],
    );
    assert!(issues(&set_by_node).is_empty(), "{:?}", issues(&set_by_node));

    let cond = around(condition(Mode::All, vec![compare("vars.nope", Op::IsSet, "")]));
    assert!(has(&cond, "undeclared_variable"));
    let cond = around(condition(Mode::All, vec![compare("nonsense", Op::IsSet, "")]));
    assert!(has(&cond, "unknown_reference"));
    let field = around(NodeKind::UpdateField(UpdateField { key: "shoe_size".into(), value: "42".into() }));
    assert!(has(&field, "unknown_contact_field"));
    assert!(has(&around(set_var("vars.x", "1")), "invalid_variable_name"));
    assert!(has(&around(set_var("1x", "1")), "invalid_variable_name"));
}

#[test]
fn regex_patterns_must_compile_within_limits() {
    let with = |pattern: &str| around(NodeKind::Capture(capture(Input::Regex { pattern: pattern.into() }, "x")));
    assert!(has(&with("("), "regex_invalid"));
    assert!(has(&with(&"a".repeat(501)), "regex_too_long"));
    assert!(has(&with(r"\w{1000}{1000}"), "regex_invalid"));
    assert!(!has(&with("[0-9]{5}"), "regex_invalid"));
    let cond = around(condition(Mode::All, vec![compare("message.text", Op::Matches, "[")]));
    assert!(has(&cond, "regex_invalid"));
}

#[test]
fn http_and_webhook_urls_must_be_public_http() {
    let hook = |url: &str| around(NodeKind::Webhook(Webhook { url: url.into(), body: None }));
    for ok in [
        "https://api.example.com/x",
        "http://example.com:8080/a?b={{vars.c}}",
        "https://8.8.8.8/dns",
        "https://[2001:db8::1]/x",
    ] {
        let mut g = hook(ok);
        g.variables.push(VariableDef { name: "c".into(), description: None });
        assert!(errors(&g).is_empty(), "{ok}: {:?}", errors(&g));
    }
    for bad in ["ftp://example.com", "example.com/x", "javascript:alert(1)", "https://{{vars.c}}/x"] {
        assert!(has(&hook(bad), "invalid_url"), "{bad}");
    }
    for private in [
        "http://localhost/x",
        "http://api.localhost/x",
        "http://127.0.0.1/",
        "http://127.8.9.10:9000/",
        "http://10.1.2.3/",
        "http://172.16.0.1/",
        "http://172.31.255.255/",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data",
        "http://0.0.0.0/",
        "http://[::1]/",
        "http://[fc00::1]/",
        "http://[fd12:3456::1]/",
        "http://[fe80::1%25eth0]/",
        "http://[::ffff:127.0.0.1]/",
        "http://user:pw@127.0.0.1/",
        "http://metadata.google.internal/",
    ] {
        assert!(has(&hook(private), "private_address"), "{private}");
    }
    for sneaky in ["http://2130706433/", "http://0x7f.0.0.1/", "http://127.1/"] {
        assert!(has(&hook(sneaky), "invalid_url"), "{sneaky}");
    }
    assert!(!has(&hook("http://172.32.0.1/"), "private_address"));

    let http = around(NodeKind::Http(Http {
        method: HttpMethod::Get,
        url: "http://10.0.0.1/x".into(),
        headers: vec![Header { name: "Bad Header".into(), value: "a\r\nb".into() }],
        body: None,
        timeout_ms: Some(60_000),
        response_map: vec![ResponseMap { var: "x".into(), path: "a..b".into() }],
        save_status_as: None,
        sample_response: None,
    }));
    let found = codes(&http);
    for code in ["private_address", "invalid_header", "invalid_timeout", "invalid_path"] {
        assert!(found.iter().any(|c| c == code), "{code}: {found:?}");
    }
}

#[test]
fn start_flow_and_jump_targets_must_exist() {
    let known = graph(
        vec![("s", start()), ("f", NodeKind::StartFlow(StartFlow { flow_id: Uuid::from_u128(1) }))],
        &[("s", "next", "f")],
    );
    assert!(errors(&known).is_empty());
    let unknown = graph(
        vec![("s", start()), ("f", NodeKind::StartFlow(StartFlow { flow_id: Uuid::from_u128(2) }))],
        &[("s", "next", "f")],
    );
    assert!(has(&unknown, "unknown_flow"));
    let jump =
        graph(vec![("s", start()), ("j", NodeKind::Jump(Jump { target: "nowhere".into() }))], &[("s", "next", "j")]);
    assert!(has(&jump, "unknown_jump_target"));
}

#[test]
fn a_free_form_send_a_day_after_the_last_reply_is_an_error() {
    let after_wait = |seconds: u64, then: NodeKind| {
        graph(
            vec![("s", start()), ("w", NodeKind::Wait(Delay { seconds })), ("m", then), ("e", end())],
            &[("s", "next", "w"), ("w", "next", "m"), ("m", "next", "e"), ("m", "error", "e")],
        )
    };
    let found = errors(&after_wait(86_400, say("Still there?")));
    let w = found.iter().find(|i| i.code == "window_closed").expect("reported");
    assert_eq!(w.message, "outside the 24-hour window: use a template");
    assert_eq!(w.node.as_deref(), Some("m"));
    assert!(!has(&after_wait(86_399, say("Still there?")), "window_closed"));
    let template =
        NodeKind::SendTemplate(SendTemplate { name: "follow_up".into(), language: "en".into(), components: None });
    assert!(!has(&after_wait(86_400, template), "window_closed"));

    // Two 12-hour waits add up.
    let twice = graph(
        vec![
            ("s", start()),
            ("w1", NodeKind::Wait(Delay { seconds: 43_200 })),
            ("w2", NodeKind::Wait(Delay { seconds: 43_200 })),
            ("m", say("Hi")),
            ("e", end()),
        ],
        &[("s", "next", "w1"), ("w1", "next", "w2"), ("w2", "next", "m"), ("m", "next", "e"), ("m", "error", "e")],
    );
    assert!(has(&twice, "window_closed"));

    // A reply in between reopens the window; a long reply timeout does not.
    let replied = |timeout_branch: bool| {
        let mut g = graph(
            vec![
                ("s", start()),
                ("w", NodeKind::Wait(Delay { seconds: 90_000 })),
                (
                    "t",
                    NodeKind::SendTemplate(SendTemplate {
                        name: "checkin".into(),
                        language: "en".into(),
                        components: None,
                    }),
                ),
                ("r", NodeKind::WaitForReply(WaitForReply { save_as: None, timeout_secs: Some(86_400) })),
                ("m", say("Thanks for answering")),
                ("e", end()),
            ],
            &[
                ("s", "next", "w"),
                ("w", "next", "t"),
                ("t", "next", "r"),
                ("t", "error", "e"),
                ("m", "next", "e"),
                ("m", "error", "e"),
            ],
        );
        if timeout_branch {
            g.edges.push(edge("r", "timeout", "m"));
            g.edges.push(edge("r", "reply", "e"));
        } else {
            g.edges.push(edge("r", "reply", "m"));
            g.edges.push(edge("r", "timeout", "e"));
        }
        g
    };
    assert!(!has(&replied(false), "window_closed"), "{:?}", errors(&replied(false)));
    assert!(has(&replied(true), "window_closed"));

    // A loop that only ever waits ends up outside the window.
    let looping = graph(
        vec![("s", start()), ("m", say("Ping")), ("w", NodeKind::Wait(Delay { seconds: 3_600 }))],
        &[("s", "next", "m"), ("m", "next", "w"), ("m", "error", "w"), ("w", "next", "m")],
    );
    assert!(has(&looping, "window_closed"));
}

#[test]
fn a_random_split_needs_a_weight() {
    let split = |weights: &[u32]| {
        let branches: Vec<Branch> = weights
            .iter()
            .enumerate()
            .map(|(i, w)| Branch { id: format!("b{i}"), label: String::new(), weight: *w })
            .collect();
        let mut g = graph(
            vec![("s", start()), ("r", NodeKind::RandomSplit(RandomSplit { branches })), ("e", end())],
            &[("s", "next", "r")],
        );
        for i in 0..weights.len() {
            g.edges.push(edge("r", &format!("branch:b{i}"), "e"));
        }
        g
    };
    assert!(has(&split(&[0, 0]), "zero_weights"));
    assert!(!has(&split(&[0, 1]), "zero_weights"));
    assert!(has(&split(&[]), "no_branches"));
}

#[test]
fn settings_out_of_range_are_refused() {
    assert!(has(&around(NodeKind::Wait(Delay { seconds: 0 })), "invalid_wait"));
    assert!(has(&around(NodeKind::Wait(Delay { seconds: 31 * 86_400 })), "invalid_wait"));
    let both_empty = around(NodeKind::Assign(Assign { user_id: None, team_id: None }));
    assert!(has(&both_empty, "assign_nobody"));
    let bounds = around(NodeKind::Capture(capture(Input::Number { min: Some(5.0), max: Some(1.0) }, "n")));
    assert!(has(&bounds, "invalid_input"));
    let time =
        around(condition(Mode::All, vec![Rule::Time { days: vec![7], after: "25:00".into(), before: "10:00".into() }]));
    assert!(has(&time, "invalid_time"));
    let template = around(NodeKind::SendTemplate(SendTemplate {
        name: "Bad Name".into(),
        language: String::new(),
        components: Some(serde_json::json!({"not": "an array"})),
    }));
    assert_eq!(codes(&template).iter().filter(|c| *c == "invalid_template").count(), 3);
    let mut timeout = ask("Q", vec![opt("a", "A")]);
    timeout.timeout_secs = Some(0);
    assert!(has(&around(NodeKind::Ask(timeout)), "invalid_timeout"));
}

#[test]
fn a_diff_lists_what_changed_between_versions() {
    let old = templates::order_status().graph;
    let mut new = old.clone();
    new.nodes[0].position.x += 40.0;
    if let NodeKind::Capture(c) = &mut new.nodes[1].kind {
        c.text = "Order number, please?".into();
    }
    new.edges.retain(|e| e.source_handle != "invalid");
    let d = parley_flow::diff(&old, &new);
    assert_eq!(d.moved_nodes, vec![old.nodes[0].id.clone()]);
    assert_eq!(d.changed_nodes, vec![old.nodes[1].id.clone()]);
    assert_eq!(d.removed_edges.len(), 1);
    assert!(d.added_nodes.is_empty() && d.added_edges.is_empty());
}
