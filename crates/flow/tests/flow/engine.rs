//! The engine, node kind by node kind, and its rules for stale, ignored and budget-breaking events.

use parley_flow::engine::{ListRow, ListSection, ReplyButton, WINDOW_CLOSED};
use parley_flow::limits::STEP_BUDGET;
use parley_flow::schema::*;
use parley_flow::{CompileError, Compiled, Effect, EventKind, Out, RunState, RunStatus, Wait, step};
use serde_json::json;
use uuid::Uuid;

use crate::common::*;

fn sends(step: &parley_flow::Step) -> Vec<Out> {
    step.effects
        .iter()
        .filter_map(|e| match e {
            Effect::Send { message, .. } => Some(message.clone()),
            _ => None,
        })
        .collect()
}

fn text(s: &str) -> Out {
    Out::Text { text: s.to_owned() }
}

#[test]
fn a_start_event_walks_to_the_first_blocking_node_and_waits_there() {
    let g = graph(
        vec![
            ("s", start()),
            ("hi", say("Hello {{contact.name}}")),
            ("q", NodeKind::Capture(capture(Input::Text, "answer"))),
            ("e", end()),
        ],
        &[("s", "next", "hi"), ("hi", "next", "q"), ("q", "next", "e")],
    );
    let steps = run(&g, &[]);
    let s = &steps[0];
    assert_eq!(sends(s), vec![text("Hello Ana"), text("Your answer?")]);
    assert_eq!(s.state.status, RunStatus::Waiting);
    assert_eq!(s.state.node.as_deref(), Some("q"));
    assert_eq!(s.state.wait, Some(Wait::Reply { node: "q".into(), timeout_token: None }));
    assert_eq!(path(&steps), vec!["s:next", "hi:next", "q"]);
    assert_eq!(s.trace[1].node_type, "sendMessage");
    assert_eq!(s.trace[1].detail, json!({"text": "Hello Ana"}));
    assert_eq!(s.state.steps, 3);
}

#[test]
fn the_triggering_text_is_available_from_the_first_node() {
    let g = graph(
        vec![("s", start()), ("hi", say("You said {{message.text}}")), ("e", end())],
        &[("s", "next", "hi"), ("hi", "next", "e")],
    );
    let c = compile(&g);
    let s = step(&c, &RunState::new(), &event(EventKind::Start { text: Some("menu".into()) }));
    assert_eq!(sends(&s), vec![text("You said menu")]);
    assert_eq!(s.state.status, RunStatus::Completed);
    assert_eq!(s.state.node.as_deref(), Some("e"));
}

#[test]
fn a_media_message_carries_its_caption_and_audio_sends_the_text_after_it() {
    let media = Uuid::from_u128(9);
    let mk = |kind: MediaKind| {
        graph(
            vec![
                ("s", start()),
                (
                    "m",
                    NodeKind::SendMessage(SendMessage {
                        text: "Look".into(),
                        media_id: Some(media),
                        media_kind: Some(kind),
                    }),
                ),
                ("e", end()),
            ],
            &[("s", "next", "m"), ("m", "next", "e")],
        )
    };
    let image = run(&mk(MediaKind::Image), &[]);
    assert_eq!(
        sends(&image[0]),
        vec![Out::Media { media_id: media, kind: MediaKind::Image, caption: Some("Look".into()) }]
    );
    let audio = run(&mk(MediaKind::Audio), &[]);
    assert_eq!(
        sends(&audio[0]),
        vec![Out::Media { media_id: media, kind: MediaKind::Audio, caption: None }, text("Look")]
    );
}

#[test]
fn a_free_form_send_outside_the_window_takes_the_error_outcome() {
    let g = graph(
        vec![
            ("s", start()),
            ("m", say("Hi")),
            (
                "t",
                NodeKind::SendTemplate(SendTemplate {
                    name: "hello".into(),
                    language: "en".into(),
                    components: Some(
                        json!([{"type": "body", "parameters": [{"type": "text", "text": "{{contact.name}}"}]}]),
                    ),
                }),
            ),
            ("e", end()),
        ],
        &[("s", "next", "m"), ("m", "error", "t"), ("m", "next", "e"), ("t", "next", "e")],
    );
    let c = compile(&g);
    let mut e = start_event();
    e.context.window_open = false;
    let s = step(&c, &RunState::new(), &e);
    assert_eq!(
        sends(&s),
        vec![Out::Template {
            name: "hello".into(),
            language: "en".into(),
            components: Some(json!([{"type": "body", "parameters": [{"type": "text", "text": "Ana"}]}])),
        }]
    );
    assert_eq!(s.trace[1].outcome.as_deref(), Some("error"));
    assert_eq!(s.trace[1].detail, json!({"error": WINDOW_CLOSED}));
    assert_eq!(s.state.status, RunStatus::Completed);
}

#[test]
fn a_free_form_send_outside_the_window_without_an_error_edge_fails_the_run() {
    let g = graph(
        vec![("s", start()), ("q", NodeKind::Ask(ask("Pick", vec![opt("a", "A")]))), ("e", end())],
        &[("s", "next", "q"), ("q", "option:a", "e")],
    );
    let c = compile(&g);
    let mut e = start_event();
    e.context.window_open = false;
    let s = step(&c, &RunState::new(), &e);
    assert!(s.effects.is_empty());
    assert_eq!(s.state.status, RunStatus::Failed);
    assert_eq!(s.state.reason.as_deref(), Some(WINDOW_CLOSED));
    assert_eq!(s.state.node.as_deref(), Some("q"));
}

#[test]
fn three_options_are_sent_as_buttons_and_more_as_a_list_grouped_by_section() {
    let three = graph(
        vec![
            ("s", start()),
            ("q", NodeKind::Ask(ask("Pick", vec![opt("a", "Alpha"), opt("b", "Beta"), opt("c", "Gamma")]))),
        ],
        &[("s", "next", "q")],
    );
    assert_eq!(
        sends(&run(&three, &[])[0]),
        vec![Out::Buttons {
            body: "Pick".into(),
            buttons: vec![
                ReplyButton { id: "a".into(), title: "Alpha".into() },
                ReplyButton { id: "b".into(), title: "Beta".into() },
                ReplyButton { id: "c".into(), title: "Gamma".into() },
            ]
        }]
    );
    let sectioned =
        |id: &str, title: &str, section: &str| AskOption { section: Some(section.into()), ..opt(id, title) };
    let four = graph(
        vec![
            ("s", start()),
            (
                "q",
                NodeKind::Ask(Ask {
                    list_button: Some("Days".into()),
                    ..ask(
                        "When?",
                        vec![
                            sectioned("mon", "Monday", "Week"),
                            sectioned("sat", "Saturday", "Weekend"),
                            sectioned("tue", "Tuesday", "Week"),
                            AskOption { description: Some("Closed".into()), ..sectioned("sun", "Sunday", "Weekend") },
                        ],
                    )
                }),
            ),
        ],
        &[("s", "next", "q")],
    );
    let row = |id: &str, title: &str, description: Option<&str>| ListRow {
        id: id.into(),
        title: title.into(),
        description: description.map(str::to_owned),
    };
    assert_eq!(
        sends(&run(&four, &[])[0]),
        vec![Out::List {
            body: "When?".into(),
            button: "Days".into(),
            sections: vec![
                ListSection {
                    title: Some("Week".into()),
                    rows: vec![row("mon", "Monday", None), row("tue", "Tuesday", None)]
                },
                ListSection {
                    title: Some("Weekend".into()),
                    rows: vec![row("sat", "Saturday", None), row("sun", "Sunday", Some("Closed"))]
                },
            ]
        }]
    );
}

fn menu() -> parley_flow::FlowGraph {
    graph(
        vec![
            ("s", start()),
            (
                "q",
                NodeKind::Ask(Ask {
                    save_as: Some("choice".into()),
                    retry_text: Some("Please choose, {{contact.name}}".into()),
                    ..ask("Pick", vec![opt("tea", "Té verde"), opt("coffee", "Coffee")])
                }),
            ),
            ("t", end()),
            ("c", end()),
            ("n", end()),
        ],
        &[("s", "next", "q"), ("q", "option:tea", "t"), ("q", "option:coffee", "c"), ("q", "noMatch", "n")],
    )
}

#[test]
fn an_ask_matches_the_reply_id_then_the_title_then_the_number() {
    let by_id = run(&menu(), &[tap("coffee", "whatever")]);
    assert_eq!(by_id[1].trace[0].detail["by"], "replyId");
    assert_eq!(by_id[1].state.node.as_deref(), Some("c"));
    assert_eq!(by_id[1].state.vars["choice"], json!("Coffee"));

    let by_title = run(&menu(), &[inbound("  TE VERDE ")]);
    assert_eq!(by_title[1].trace[0].detail["by"], "title");
    assert_eq!(by_title[1].state.node.as_deref(), Some("t"));

    let by_number = run(&menu(), &[inbound("2")]);
    assert_eq!(by_number[1].trace[0].detail["by"], "number");
    assert_eq!(by_number[1].state.node.as_deref(), Some("c"));
    assert_eq!(by_number[1].state.status, RunStatus::Completed);
}

#[test]
fn an_unmatched_reply_is_asked_again_then_takes_no_match() {
    let steps = run(&menu(), &[inbound("juice"), inbound("3")]);
    let retry = &steps[1];
    assert_eq!(retry.state.status, RunStatus::Waiting);
    assert_eq!(retry.state.retries, 1);
    match &sends(retry)[..] {
        [Out::Buttons { body, .. }] => assert_eq!(body, "Please choose, Ana"),
        other => panic!("expected the question again, got {other:?}"),
    }
    let gave_up = &steps[2];
    assert_eq!(gave_up.trace[0].outcome.as_deref(), Some("noMatch"));
    assert_eq!(gave_up.state.node.as_deref(), Some("n"));
    assert_eq!(gave_up.state.retries, 0);
    assert!(!gave_up.state.vars.contains_key("choice"));
}

#[test]
fn an_ask_timeout_takes_the_timeout_outcome_and_a_late_timer_is_stale() {
    let g = graph(
        vec![
            ("s", start()),
            ("q", NodeKind::Ask(Ask { timeout_secs: Some(600), ..ask("Pick", vec![opt("a", "A")]) })),
            ("a", end()),
            ("late", say("Still there?")),
            ("e", end()),
        ],
        &[("s", "next", "q"), ("q", "option:a", "a"), ("q", "timeout", "late"), ("late", "next", "e")],
    );
    let c = compile(&g);
    let first = step(&c, &RunState::new(), &start_event());
    let token = match first.effects.last() {
        Some(Effect::ScheduleTimer { token, at }) => {
            assert_eq!(*at, now() + chrono::TimeDelta::seconds(600));
            *token
        }
        other => panic!("expected a timer, got {other:?}"),
    };
    // A timer with another token is stale: nothing changes.
    let stale = step(&c, &first.state, &timer(token + 1));
    assert_eq!(stale.state, first.state);
    assert!(stale.effects.is_empty() && stale.trace.is_empty());

    let fired = step(&c, &first.state, &timer(token));
    assert_eq!(fired.trace[0].outcome.as_deref(), Some("timeout"));
    assert_eq!(sends(&fired), vec![text("Still there?")]);
    assert_eq!(fired.state.status, RunStatus::Completed);

    // Answered in time, the timeout timer is stale afterwards.
    let answered = step(&c, &first.state, &tap("a", "A"));
    let after = step(&c, &answered.state, &timer(token));
    assert_eq!(after.state, answered.state);
    assert!(after.effects.is_empty());
}

#[test]
fn a_capture_saves_the_normalised_value_and_writes_the_contact_field() {
    let g = graph(
        vec![
            ("s", start()),
            (
                "email",
                NodeKind::Capture(Capture {
                    save_to_field: Some("work_email".into()),
                    ..capture(Input::Email, "email")
                }),
            ),
            ("show", say("Saved {{contact.fields.work_email}}")),
            ("e", end()),
        ],
        &[("s", "next", "email"), ("email", "next", "show"), ("show", "next", "e")],
    );
    let steps = run(&g, &[inbound(" Ana@Example.com ")]);
    let s = &steps[1];
    assert_eq!(s.state.vars["email"], json!("ana@example.com"));
    assert_eq!(s.effects[0], Effect::SetField { key: "work_email".into(), value: json!("ana@example.com") });
    // A later node of the same step sees the field it just wrote.
    assert_eq!(sends(s), vec![text("Saved ana@example.com")]);
    assert_eq!(s.state.last_text.as_deref(), Some(" Ana@Example.com "));
}

#[test]
fn an_invalid_capture_asks_again_then_takes_invalid() {
    let g = graph(
        vec![
            ("s", start()),
            (
                "n",
                NodeKind::Capture(Capture {
                    retries: 1,
                    retry_text: Some("A number between 1 and 5, please".into()),
                    ..capture(Input::Number { min: Some(1.0), max: Some(5.0) }, "stars")
                }),
            ),
            ("ok", end()),
            ("bad", end()),
        ],
        &[("s", "next", "n"), ("n", "next", "ok"), ("n", "invalid", "bad")],
    );
    let steps = run(&g, &[inbound("nine"), inbound("9")]);
    assert_eq!(sends(&steps[1]), vec![text("A number between 1 and 5, please")]);
    assert_eq!(steps[1].trace[0].detail["invalid"], "not a number");
    assert_eq!(steps[2].trace[0].detail["invalid"], "above the maximum");
    assert_eq!(steps[2].state.node.as_deref(), Some("bad"));

    let good = run(&g, &[inbound("4,5")]);
    assert_eq!(good[1].state.vars["stars"], json!(4.5));
    assert_eq!(good[1].state.node.as_deref(), Some("ok"));
}

fn decide(rules: Vec<Rule>, mode: Mode, prepare: impl FnOnce(&mut parley_flow::Event)) -> String {
    let g = graph(
        vec![("s", start()), ("v", set_var("n", "42")), ("c", condition(mode, rules)), ("yes", end()), ("no", end())],
        &[("s", "next", "v"), ("v", "next", "c"), ("c", "true", "yes"), ("c", "false", "no")],
    );
    let c = compile(&g);
    let mut e = start_event();
    prepare(&mut e);
    step(&c, &RunState::new(), &e).state.node.unwrap_or_default()
}

#[test]
fn conditions_compare_variables_with_every_operator() {
    let holds = |rule: Rule| decide(vec![rule], Mode::All, |_| {}) == "yes";
    assert!(holds(compare("vars.n", Op::Eq, "42.0")));
    assert!(holds(compare("{{vars.n}}", Op::Gt, "9")), "numbers compare as numbers");
    assert!(holds(compare("vars.n", Op::Gte, "42")));
    assert!(holds(compare("vars.n", Op::Lt, "100")));
    assert!(holds(compare("vars.n", Op::Lte, "42")));
    assert!(holds(compare("vars.n", Op::Neq, "41")));
    assert!(holds(compare("contact.name", Op::Eq, "ANA")));
    assert!(holds(compare("contact.name", Op::Contains, "n")));
    assert!(holds(compare("contact.name", Op::NotContains, "x")));
    assert!(holds(compare("contact.name", Op::StartsWith, "an")));
    assert!(holds(compare("contact.phone", Op::Matches, r"^\+34")));
    assert!(holds(compare("vars.n", Op::IsSet, "")));
    assert!(holds(compare("vars.missing", Op::IsNotSet, "")));
    assert!(holds(compare("vars.n", Op::Eq, "{{vars.n}}")), "values are templates");
    assert!(!holds(compare("vars.missing", Op::Gt, "1")));
    assert!(!holds(compare("contact.email", Op::IsSet, "")));
}

#[test]
fn conditions_check_labels_consent_and_local_time_with_all_or_any() {
    let label = |negate| Rule::HasLabel { label: "VIP".into(), negate };
    let vip = |e: &mut parley_flow::Event| e.context.contact.labels = vec!["vip".into()];
    assert_eq!(decide(vec![label(false)], Mode::All, vip), "yes");
    assert_eq!(decide(vec![label(true)], Mode::All, vip), "no");
    assert_eq!(decide(vec![label(false)], Mode::All, |_| {}), "no");

    let consent = |granted| Rule::Consent { granted };
    assert_eq!(decide(vec![consent(false)], Mode::All, |_| {}), "yes", "unknown is not granted");
    assert_eq!(decide(vec![consent(true)], Mode::All, |e| e.context.contact.consent = Some(true)), "yes");

    let office = Rule::Time { days: vec![0, 1, 2, 3, 4], after: "09:00".into(), before: "18:00".into() };
    let at = |weekday: u8, minutes: u16| {
        move |e: &mut parley_flow::Event| {
            e.context.local = parley_flow::LocalTime { weekday, minutes };
        }
    };
    assert_eq!(decide(vec![office.clone()], Mode::All, at(0, 540)), "yes");
    assert_eq!(decide(vec![office.clone()], Mode::All, at(0, 1080)), "no");
    assert_eq!(decide(vec![office.clone()], Mode::All, at(5, 600)), "no");
    let night = Rule::Time { days: vec![], after: "22:00".into(), before: "06:00".into() };
    assert_eq!(decide(vec![night.clone()], Mode::All, at(6, 1400)), "yes");
    assert_eq!(decide(vec![night.clone()], Mode::All, at(6, 300)), "yes");
    assert_eq!(decide(vec![night], Mode::All, at(6, 720)), "no");

    let one_true = vec![label(false), compare("vars.n", Op::Eq, "42")];
    assert_eq!(decide(one_true.clone(), Mode::Any, |_| {}), "yes");
    assert_eq!(decide(one_true, Mode::All, |_| {}), "no");
    assert_eq!(decide(vec![], Mode::All, |_| {}), "yes");
    assert_eq!(decide(vec![], Mode::Any, |_| {}), "no");
}

#[test]
fn set_variable_stores_the_rendered_text() {
    let g = graph(
        vec![("s", start()), ("v", set_var("greeting", "Hi {{contact.name}}, {{vars.none}}!")), ("e", end())],
        &[("s", "next", "v"), ("v", "next", "e")],
    );
    let s = &run(&g, &[])[0];
    assert_eq!(s.state.vars["greeting"], json!("Hi Ana, !"));
}

#[test]
fn a_wait_schedules_a_timer_and_resumes_only_on_its_token() {
    let g = graph(
        vec![
            ("s", start()),
            ("w", NodeKind::Wait(Delay { seconds: 86_400 })),
            (
                "m",
                NodeKind::SendTemplate(SendTemplate {
                    name: "follow_up".into(),
                    language: "en".into(),
                    components: None,
                }),
            ),
            ("e", end()),
        ],
        &[("s", "next", "w"), ("w", "next", "m"), ("m", "next", "e")],
    );
    let c = compile(&g);
    let s1 = step(&c, &RunState::new(), &start_event());
    let until = now() + chrono::TimeDelta::days(1);
    assert_eq!(s1.effects, vec![Effect::ScheduleTimer { token: 1, at: until }]);
    assert_eq!(s1.state.wait, Some(Wait::Timer { node: "w".into(), token: 1, until }));
    assert_eq!(s1.state.timer_seq, 1);
    assert_eq!(step(&c, &s1.state, &timer(7)).state, s1.state);
    let s2 = step(&c, &s1.state, &timer(1));
    assert_eq!(s2.state.status, RunStatus::Completed);
    assert_eq!(path(&[s2]), vec!["w:next", "m:next", "e"]);
}

#[test]
fn an_inbound_while_waiting_on_a_timer_is_traced_and_ignored() {
    let g = graph(
        vec![("s", start()), ("w", NodeKind::Wait(Delay { seconds: 60 })), ("e", end())],
        &[("s", "next", "w"), ("w", "next", "e")],
    );
    let c = compile(&g);
    let s1 = step(&c, &RunState::new(), &start_event());
    let s2 = step(&c, &s1.state, &inbound("hello?"));
    assert_eq!(s2.state, s1.state);
    assert!(s2.effects.is_empty());
    assert_eq!(s2.trace.len(), 1);
    assert_eq!(s2.trace[0].node, "w");
    assert!(s2.trace[0].detail["ignored"].is_string());
}

#[test]
fn wait_for_reply_saves_the_reply_or_times_out() {
    let g = graph(
        vec![
            ("s", start()),
            ("w", NodeKind::WaitForReply(WaitForReply { save_as: Some("said".into()), timeout_secs: Some(120) })),
            ("r", end()),
            ("t", end()),
        ],
        &[("s", "next", "w"), ("w", "reply", "r"), ("w", "timeout", "t")],
    );
    let replied = run(&g, &[inbound("anything")]);
    assert_eq!(replied[1].state.vars["said"], json!("anything"));
    assert_eq!(replied[1].state.node.as_deref(), Some("r"));
    let timed_out = run(&g, &[timer(1)]);
    assert_eq!(timed_out[1].state.node.as_deref(), Some("t"));
    let image = run(&g, &[event(EventKind::Inbound { text: None, reply_id: None, message_type: "image".into() })]);
    assert_eq!(image[1].state.vars["said"], json!(null));
    assert_eq!(image[1].state.last_text, None);
}

#[test]
fn business_hours_branch_on_the_runners_open_now() {
    let g = graph(
        vec![("s", start()), ("h", NodeKind::BusinessHours(Empty {})), ("open", end()), ("closed", end())],
        &[("s", "next", "h"), ("h", "open", "open"), ("h", "closed", "closed")],
    );
    let c = compile(&g);
    let mut e = start_event();
    assert_eq!(step(&c, &RunState::new(), &e).state.node.as_deref(), Some("open"));
    e.context.open_now = false;
    assert_eq!(step(&c, &RunState::new(), &e).state.node.as_deref(), Some("closed"));
}

#[test]
fn a_random_split_follows_the_weights_with_the_events_draw() {
    let branch = |id: &str, weight| Branch { id: id.into(), label: id.into(), weight };
    let g = graph(
        vec![
            ("s", start()),
            (
                "r",
                NodeKind::RandomSplit(RandomSplit {
                    branches: vec![branch("a", 3), branch("never", 0), branch("b", 1)],
                }),
            ),
            ("a", end()),
            ("never", end()),
            ("b", end()),
        ],
        &[("s", "next", "r"), ("r", "branch:a", "a"), ("r", "branch:never", "never"), ("r", "branch:b", "b")],
    );
    let c = compile(&g);
    let mut counts = std::collections::BTreeMap::new();
    for random in 0..4_000u64 {
        let mut e = start_event();
        e.random = random;
        let s = step(&c, &RunState::new(), &e);
        *counts.entry(s.state.node.unwrap_or_default()).or_insert(0) += 1;
        // Same draw, same branch.
        let again = step(&c, &RunState::new(), &e);
        assert_eq!(again.trace, s.trace);
    }
    assert_eq!(counts.get("never"), None);
    let a = counts["a"];
    assert!((2_800..3_200).contains(&a), "about 3 in 4 take a: {counts:?}");
}

#[test]
fn an_http_node_asks_for_the_call_and_maps_the_answer() {
    let g = graph(
        vec![
            ("s", start()),
            ("v", set_var("id", "A 1/2")),
            (
                "h",
                NodeKind::Http(Http {
                    method: HttpMethod::Post,
                    url: "https://api.example.com/orders/{{vars.id}}?x=1".into(),
                    headers: vec![Header { name: "X-Name".into(), value: "{{contact.name}}".into() }],
                    body: Some(r#"{"q": "{{vars.id}}", "who": "say \"hi\""}"#.into()),
                    timeout_ms: Some(90_000),
                    response_map: vec![
                        ResponseMap { var: "status".into(), path: "order.status".into() },
                        ResponseMap { var: "first".into(), path: "$.items[0].name".into() },
                        ResponseMap { var: "gone".into(), path: "nothing.here".into() },
                    ],
                    save_status_as: Some("code".into()),
                    sample_response: None,
                }),
            ),
            ("ok", end()),
            ("err", end()),
        ],
        &[("s", "next", "v"), ("v", "next", "h"), ("h", "next", "ok"), ("h", "error", "err")],
    );
    let c = compile(&g);
    let s1 = step(&c, &RunState::new(), &start_event());
    let Some(Effect::Http { token, node, request }) = s1.effects.first() else {
        panic!("expected an HTTP effect: {:?}", s1.effects);
    };
    assert_eq!((*token, node.as_str()), (1, "h"));
    assert_eq!(request.url, "https://api.example.com/orders/A%201%2F2?x=1");
    assert_eq!(request.headers[0].value, "Ana");
    assert_eq!(request.timeout_ms, 30_000, "clamped to the maximum");
    let body: serde_json::Value = serde_json::from_str(request.body.as_deref().unwrap_or_default()).expect("JSON body");
    assert_eq!(body["q"], "A 1/2");
    assert_eq!(s1.state.wait, Some(Wait::Http { node: "h".into(), token: 1 }));

    // An inbound meanwhile is ignored; a stale token is a no-op.
    assert_eq!(step(&c, &s1.state, &inbound("hi")).state, s1.state);
    assert_eq!(step(&c, &s1.state, &http(2, Some(200), None)).state, s1.state);

    let ok = step(
        &c,
        &s1.state,
        &http(1, Some(200), Some(json!({"order": {"status": "shipped"}, "items": [{"name": "Tea"}]}))),
    );
    assert_eq!(ok.state.node.as_deref(), Some("ok"));
    assert_eq!(ok.state.vars["status"], json!("shipped"));
    assert_eq!(ok.state.vars["first"], json!("Tea"));
    assert_eq!(ok.state.vars["gone"], json!(null));
    assert_eq!(ok.state.vars["code"], json!(200));

    let not_found = step(&c, &s1.state, &http(1, Some(404), Some(json!({"order": {}}))));
    assert_eq!(not_found.state.node.as_deref(), Some("err"));
    assert_eq!(not_found.state.vars["code"], json!(404));
    assert!(!not_found.state.vars.contains_key("status"));

    let timed_out = step(&c, &s1.state, &http(1, None, None));
    assert_eq!(timed_out.state.node.as_deref(), Some("err"));
    assert_eq!(timed_out.state.vars["code"], json!(null));
}

#[test]
fn a_webhook_posts_and_continues_without_waiting() {
    let g = graph(
        vec![
            ("s", start()),
            ("w", NodeKind::Webhook(Webhook { url: "https://hooks.example.com/x".into(), body: None })),
            ("e", end()),
        ],
        &[("s", "next", "w"), ("w", "next", "e")],
    );
    let s = &run(&g, &[])[0];
    let Some(Effect::Webhook { node, request }) = s.effects.first() else {
        panic!("expected a webhook: {:?}", s.effects);
    };
    assert_eq!(node, "w");
    assert_eq!(request.method, HttpMethod::Post);
    let body: serde_json::Value = serde_json::from_str(request.body.as_deref().unwrap_or_default()).expect("JSON body");
    assert_eq!(body["contact"]["name"], "Ana");
    assert_eq!(s.state.status, RunStatus::Completed);
}

#[test]
fn contact_changes_are_effects_in_order_and_later_nodes_see_them() {
    let team = Uuid::from_u128(5);
    let g = graph(
        vec![
            ("s", start()),
            ("a", NodeKind::Assign(Assign { user_id: None, team_id: Some(team) })),
            ("l", NodeKind::Label(Label { action: LabelAction::Add, label: "VIP".into() })),
            ("r", NodeKind::Label(Label { action: LabelAction::Remove, label: "cold".into() })),
            ("f", NodeKind::UpdateField(UpdateField { key: "plan".into(), value: "gold for {{contact.name}}".into() })),
            ("c", NodeKind::SetConsent(SetConsent { granted: true })),
            (
                "check",
                condition(
                    Mode::All,
                    vec![
                        Rule::HasLabel { label: "vip".into(), negate: false },
                        Rule::HasLabel { label: "cold".into(), negate: true },
                        Rule::Consent { granted: true },
                        compare("contact.fields.plan", Op::StartsWith, "gold"),
                    ],
                ),
            ),
            ("yes", end()),
            ("no", end()),
        ],
        &[
            ("s", "next", "a"),
            ("a", "next", "l"),
            ("l", "next", "r"),
            ("r", "next", "f"),
            ("f", "next", "c"),
            ("c", "next", "check"),
            ("check", "true", "yes"),
            ("check", "false", "no"),
        ],
    );
    let c = compile(&g);
    let mut e = start_event();
    e.context.contact.labels = vec!["cold".into()];
    let s = step(&c, &RunState::new(), &e);
    assert_eq!(
        s.effects,
        vec![
            Effect::Assign { user_id: None, team_id: Some(team) },
            Effect::AddLabel { label: "VIP".into() },
            Effect::RemoveLabel { label: "cold".into() },
            Effect::SetField { key: "plan".into(), value: json!("gold for Ana") },
            Effect::SetConsent { granted: true },
        ]
    );
    assert_eq!(s.state.node.as_deref(), Some("yes"));
}

#[test]
fn a_template_is_not_sent_to_a_contact_who_opted_out() {
    let g = graph(
        vec![
            ("s", start()),
            (
                "t",
                NodeKind::SendTemplate(SendTemplate { name: "promo".into(), language: "en".into(), components: None }),
            ),
            ("sent", end()),
            ("skipped", end()),
        ],
        &[("s", "next", "t"), ("t", "next", "sent"), ("t", "error", "skipped")],
    );
    let c = compile(&g);
    let mut e = start_event();
    e.context.contact.consent = Some(false);
    let s = step(&c, &RunState::new(), &e);
    assert!(s.effects.is_empty());
    assert_eq!(s.state.node.as_deref(), Some("skipped"));
}

#[test]
fn start_flow_and_handoff_end_the_run_with_their_effect() {
    let other = Uuid::from_u128(77);
    let g =
        graph(vec![("s", start()), ("f", NodeKind::StartFlow(StartFlow { flow_id: other }))], &[("s", "next", "f")]);
    let s = &run(&g, &[])[0];
    assert_eq!(s.effects, vec![Effect::StartFlow { flow_id: other }]);
    assert_eq!(s.state.status, RunStatus::Completed);

    let g = graph(
        vec![
            ("s", start()),
            ("h", NodeKind::Handoff(Handoff { note: Some("Customer {{contact.name}} needs help".into()) })),
        ],
        &[("s", "next", "h")],
    );
    let s = &run(&g, &[])[0];
    assert_eq!(s.effects, vec![Effect::Handoff { note: Some("Customer Ana needs help".into()) }]);
    assert_eq!(s.state.status, RunStatus::HandedOff);
    assert_eq!(s.state.node.as_deref(), Some("h"));
}

#[test]
fn a_jump_continues_at_its_target_and_an_unknown_target_fails_the_run() {
    let g = graph(
        vec![
            ("s", start()),
            ("j", NodeKind::Jump(Jump { target: "far".into() })),
            ("far", say("Over here")),
            ("e", end()),
        ],
        &[("s", "next", "j"), ("far", "next", "e")],
    );
    let s = &run(&g, &[])[0];
    assert_eq!(path(std::slice::from_ref(s)), vec!["s:next", "j", "far:next", "e"]);
    assert_eq!(s.state.status, RunStatus::Completed);

    let g =
        graph(vec![("s", start()), ("j", NodeKind::Jump(Jump { target: "nowhere".into() }))], &[("s", "next", "j")]);
    let s = &run(&g, &[])[0];
    assert_eq!(s.state.status, RunStatus::Failed);
    assert!(s.state.reason.as_deref().unwrap_or_default().contains("nowhere"));
}

#[test]
fn a_jump_loop_ends_the_run_at_the_step_budget() {
    let g = graph(
        vec![("s", start()), ("a", set_var("x", "1")), ("j", NodeKind::Jump(Jump { target: "a".into() }))],
        &[("s", "next", "a"), ("a", "next", "j")],
    );
    let s = &run(&g, &[])[0];
    assert_eq!(s.trace.len(), STEP_BUDGET as usize);
    assert_eq!(s.state.status, RunStatus::Failed);
    let reason = s.state.reason.clone().unwrap_or_default();
    assert!(reason.starts_with("step budget exceeded at node "), "{reason}");
    assert_eq!(s.trace.last().map(|t| t.detail["note"].clone()), Some(json!(reason)));
}

#[test]
fn an_unconnected_outcome_completes_the_run_with_a_trace_note() {
    let g = graph(vec![("s", start()), ("m", say("Bye"))], &[("s", "next", "m")]);
    let s = &run(&g, &[])[0];
    assert_eq!(s.state.status, RunStatus::Completed);
    assert_eq!(s.state.node.as_deref(), Some("m"));
    let note = s.trace[1].detail["note"].as_str().unwrap_or_default().to_owned();
    assert!(note.contains("`next` is not connected"), "{note}");
}

#[test]
fn events_on_an_ended_run_and_a_second_start_are_no_ops() {
    let c = compile(&menu());
    let waiting = step(&c, &RunState::new(), &start_event());
    let again = step(&c, &waiting.state, &start_event());
    assert_eq!(again.state, waiting.state);
    assert!(again.effects.is_empty() && again.trace.is_empty());

    let done = step(&c, &waiting.state, &inbound("1"));
    assert_eq!(done.state.status, RunStatus::Completed);
    for e in [inbound("hi"), start_event(), timer(1), http(1, Some(200), None)] {
        let s = step(&c, &done.state, &e);
        assert_eq!(s.state, done.state);
        assert!(s.effects.is_empty() && s.trace.is_empty());
    }
    // Nothing but a start moves a fresh run.
    let fresh = step(&c, &RunState::new(), &inbound("hi"));
    assert_eq!(fresh.state, RunState::new());
}

#[test]
fn a_state_waiting_at_a_node_this_version_lacks_fails_the_run() {
    let c = compile(&menu());
    let state = RunState {
        status: RunStatus::Waiting,
        node: Some("gone".into()),
        wait: Some(Wait::Reply { node: "gone".into(), timeout_token: None }),
        ..RunState::new()
    };
    let s = step(&c, &state, &inbound("hi"));
    assert_eq!(s.state.status, RunStatus::Failed);
    assert!(s.state.reason.unwrap_or_default().contains("gone"));
}

#[test]
fn a_run_state_survives_a_json_round_trip() {
    let c = compile(&menu());
    let s = step(&c, &RunState::new(), &start_event());
    let stored = serde_json::to_string(&s.state).expect("serialize");
    let back: RunState = serde_json::from_str(&stored).expect("deserialize");
    assert_eq!(back, s.state);
    let v: serde_json::Value = serde_json::from_str(&stored).expect("json");
    assert_eq!(v["status"], "waiting");
    assert_eq!(v["wait"]["kind"], "reply");
    assert_eq!(v["timerSeq"], 0);
    assert_eq!(v["wait"]["timeoutToken"], json!(null));
    let effects = serde_json::to_value(&s.effects).expect("effects");
    assert_eq!(effects[0]["type"], "send");
    assert_eq!(effects[0]["message"]["type"], "buttons");
}

#[test]
fn nodes_are_read_and_written_in_react_flows_shape() {
    let json = json!({
        "nodes": [
            {"id": "s", "position": {"x": 1.5, "y": 2}, "type": "start", "data": {}, "selected": true, "measured": {"width": 10}},
            {"id": "q", "position": {"x": 0, "y": 0}, "type": "ask", "data": {"text": "Hi", "options": [{"id": "a", "title": "A"}]}},
            {"id": "c", "position": {"x": 0, "y": 0}, "type": "capture", "data": {"text": "n?", "input": {"kind": "number", "min": 1}, "saveAs": "n"}}
        ],
        "edges": [{"id": "e1", "source": "s", "sourceHandle": "next", "target": "q"}]
    });
    let g: parley_flow::FlowGraph = serde_json::from_value(json).expect("parses");
    match &g.nodes[1].kind {
        NodeKind::Ask(a) => assert_eq!((a.retries, a.timeout_secs), (1, None)),
        other => panic!("{other:?}"),
    }
    match &g.nodes[2].kind {
        NodeKind::Capture(c) => assert_eq!(c.retries, 2),
        other => panic!("{other:?}"),
    }
    let back = serde_json::to_value(&g).expect("serialize");
    assert_eq!(back["nodes"][0], json!({"id": "s", "position": {"x": 1.5, "y": 2.0}, "type": "start", "data": {}}));
    assert_eq!(back["nodes"][2]["data"]["input"], json!({"kind": "number", "min": 1.0}));
    assert_eq!(back["edges"][0]["sourceHandle"], "next");
    assert_eq!(g.nodes[1].outcomes(), vec!["option:a", "noMatch"]);
}

#[test]
fn an_unknown_node_type_does_not_deserialize() {
    let json =
        br#"{"nodes": [{"id": "x", "position": {"x": 0, "y": 0}, "type": "teleport", "data": {}}], "edges": []}"#;
    let err = parley_flow::validate::parse(json).expect_err("refused");
    assert!(err.to_string().contains("unknown variant `teleport`"), "{err}");
}

#[test]
fn graphs_without_exactly_one_start_or_with_duplicate_ids_do_not_compile() {
    let none = graph(vec![("e", end())], &[]);
    assert_eq!(Compiled::new(&none).err(), Some(CompileError::NoStart));
    let two = graph(vec![("a", start()), ("b", start())], &[]);
    assert_eq!(Compiled::new(&two).err(), Some(CompileError::SeveralStarts(2)));
    let dup = graph(vec![("a", start()), ("a", end())], &[]);
    assert_eq!(Compiled::new(&dup).err(), Some(CompileError::DuplicateNode("a".into())));
    let bad_regex =
        graph(vec![("s", start()), ("c", NodeKind::Capture(capture(Input::Regex { pattern: "(".into() }, "x")))], &[]);
    assert!(matches!(Compiled::new(&bad_regex), Err(CompileError::Invalid { .. })));
}

#[test]
fn the_realistic_flow_runs_a_sales_conversation_to_the_end() {
    let g = parley_flow::templates::realistic_30_node();
    let c = compile(&g);
    let mut state = RunState::new();
    let mut effects = Vec::new();
    for e in [start_event(), inbound("yes, please"), inbound("Buy a plan"), inbound("Acme"), inbound("120")] {
        let s = step(&c, &state, &e);
        effects.extend(s.effects);
        state = s.state;
    }
    assert_eq!(state.status, RunStatus::Completed, "{:?}", state.reason);
    assert_eq!(state.vars["company_size"], json!(120));
    assert!(effects.contains(&Effect::SetConsent { granted: true }));
    assert!(effects.contains(&Effect::Assign { user_id: None, team_id: Some(parley_flow::templates::SALES_TEAM) }));
    assert!(effects.iter().any(|e| matches!(e, Effect::Webhook { .. })));
    let Some(Effect::Webhook { request, .. }) = effects.iter().find(|e| matches!(e, Effect::Webhook { .. })) else {
        unreachable!()
    };
    let body: serde_json::Value = serde_json::from_str(request.body.as_deref().unwrap_or_default()).expect("JSON body");
    assert_eq!(body, json!({"company": "Acme", "size": 120, "phone": "+34600111222"}));
}
