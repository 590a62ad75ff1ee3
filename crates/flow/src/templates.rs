//! Ready-made flows offered in the editor's "new flow" gallery, and the realistic 30-node flow
//! the benchmark and the property tests run.
//!
//! Each template validates without errors or warnings when the workspace has the contact fields
//! listed in its `contactFields` (the API creates missing ones when a template is installed).
//! Nodes are laid out left to right in columns 300 px apart, branches stacked 150 px apart, so a
//! template opens readable without auto-layout.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::schema::*;

/// A gallery entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowTemplate)]
#[serde(rename_all = "camelCase")]
pub struct FlowTemplate {
    /// Stable key (`welcome_menu`).
    pub key: String,
    pub name: String,
    pub description: String,
    pub trigger: Trigger,
    /// Contact custom field keys the flow reads or writes.
    pub contact_fields: Vec<String>,
    pub graph: FlowGraph,
}

/// Every template, in gallery order.
pub fn all() -> Vec<FlowTemplate> {
    vec![welcome_menu(), lead_capture(), appointment_request(), order_status(), out_of_hours()]
}

/// A template by key.
pub fn by_key(key: &str) -> Option<FlowTemplate> {
    all().into_iter().find(|t| t.key == key)
}

/// Builds a graph with readable ids, grid positions and one edge per `link`.
#[derive(Default)]
struct Builder {
    graph: FlowGraph,
}

impl Builder {
    fn node(&mut self, id: &str, col: u32, row: i32, kind: NodeKind) -> &mut Self {
        self.graph.nodes.push(Node {
            id: id.to_owned(),
            position: Position { x: f64::from(col) * 300.0, y: f64::from(row) * 150.0 },
            kind,
        });
        self
    }

    fn link(&mut self, from: &str, handle: &str, to: &str) -> &mut Self {
        self.graph.edges.push(Edge {
            id: format!("e-{from}-{}-{to}", handle.replace(':', "-")),
            source: from.to_owned(),
            source_handle: handle.to_owned(),
            target: to.to_owned(),
        });
        self
    }

    fn var(&mut self, name: &str, description: &str) -> &mut Self {
        self.graph.variables.push(VariableDef { name: name.to_owned(), description: Some(description.to_owned()) });
        self
    }

    fn build(&mut self) -> FlowGraph {
        std::mem::take(&mut self.graph)
    }
}

fn start() -> NodeKind {
    NodeKind::Start(Empty {})
}

fn end() -> NodeKind {
    NodeKind::End(Empty {})
}

fn say(text: &str) -> NodeKind {
    NodeKind::SendMessage(SendMessage { text: text.to_owned(), media_id: None, media_kind: None })
}

fn option(id: &str, title: &str) -> AskOption {
    AskOption { id: id.to_owned(), title: title.to_owned(), description: None, section: None }
}

fn ask(text: &str, options: Vec<AskOption>) -> Ask {
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

fn capture(text: &str, input: Input, save_as: &str) -> Capture {
    Capture {
        text: text.to_owned(),
        input,
        save_as: save_as.to_owned(),
        save_to_field: None,
        retries: 2,
        retry_text: None,
        timeout_secs: None,
    }
}

fn handoff(note: &str) -> NodeKind {
    NodeKind::Handoff(Handoff { note: Some(note.to_owned()) })
}

fn label(label: &str) -> NodeKind {
    NodeKind::Label(Label { action: LabelAction::Add, label: label.to_owned() })
}

fn update_field(key: &str, value: &str) -> NodeKind {
    NodeKind::UpdateField(UpdateField { key: key.to_owned(), value: value.to_owned() })
}

fn keyword(keywords: &[&str]) -> Trigger {
    Trigger {
        kind: TriggerKind::Keyword {
            keywords: keywords.iter().map(|k| (*k).to_owned()).collect(),
            match_mode: MatchMode::Contains,
        },
        connection_ids: Vec::new(),
        priority: 10,
    }
}

/// A first-contact menu with three reply buttons. No contact fields.
pub fn welcome_menu() -> FlowTemplate {
    let mut b = Builder::default();
    b.node("start", 0, 0, start())
        .node(
            "menu",
            1,
            0,
            NodeKind::Ask(Ask {
                save_as: Some("menu_choice".into()),
                retry_text: Some("Please tap one of the buttons below 👇".into()),
                ..ask(
                    "Hi {{contact.name}}! 👋 Welcome. How can we help you today?",
                    vec![
                        option("products", "Our products"),
                        option("hours", "Opening hours"),
                        option("human", "Talk to a person"),
                    ],
                )
            }),
        )
        .node(
            "products",
            2,
            -1,
            say("Here is our catalogue: https://example.com/catalogue. Write *menu* anytime to come back here."),
        )
        .node("hours", 2, 0, say("We are open Monday to Friday, 9:00 to 18:00, and Saturday 10:00 to 14:00."))
        .node("human", 2, 1, handoff("Asked for a person from the welcome menu ({{vars.menu_choice}})"))
        .node("done", 3, 0, end())
        .link("start", "next", "menu")
        .link("menu", "option:products", "products")
        .link("menu", "option:hours", "hours")
        .link("menu", "option:human", "human")
        .link("menu", "noMatch", "human")
        .link("products", "next", "done")
        .link("products", "error", "done")
        .link("hours", "next", "done")
        .link("hours", "error", "done");
    FlowTemplate {
        key: "welcome_menu".into(),
        name: "Welcome menu".into(),
        description: "Greets a new contact and offers three reply buttons: products, opening hours, or a person."
            .into(),
        trigger: Trigger { kind: TriggerKind::FirstMessage, connection_ids: Vec::new(), priority: 0 },
        contact_fields: Vec::new(),
        graph: b.build(),
    }
}

/// Captures name, email and company and stores them in contact fields `full_name`, `work_email`
/// and `company`.
pub fn lead_capture() -> FlowTemplate {
    let mut b = Builder::default();
    b.var("lead_name", "The name the lead typed")
        .var("lead_email", "The lead's email address")
        .var("company", "The lead's company")
        .node("start", 0, 0, start())
        .node(
            "ask_name",
            1,
            0,
            NodeKind::Capture(capture(
                "Happy to help with a quote! What's your name?",
                Input::Text,
                "lead_name",
            )),
        )
        .node(
            "ask_email",
            2,
            0,
            NodeKind::Capture(Capture {
                retry_text: Some("That doesn't look like an email address. Could you check it? (e.g. ana@company.com)".into()),
                ..capture(
                    "Thanks {{vars.lead_name}}! What's your work email?",
                    Input::Email,
                    "lead_email",
                )
            }),
        )
        .node(
            "ask_company",
            3,
            0,
            NodeKind::Capture(capture(
                "And which company do you work for?",
                Input::Text,
                "company",
            )),
        )
        .node("save_name", 4, 0, update_field("full_name", "{{vars.lead_name}}"))
        .node("save_email", 5, 0, update_field("work_email", "{{vars.lead_email}}"))
        .node("save_company", 6, 0, update_field("company", "{{vars.company}}"))
        .node("tag", 7, 0, label("lead"))
        .node(
            "thanks",
            8,
            0,
            say("Thank you {{vars.lead_name}}! Someone from our sales team will contact you at {{vars.lead_email}} within one business day."),
        )
        .node("done", 9, 0, end())
        .node("human", 3, 1, handoff("Lead capture could not finish: please follow up"))
        .link("start", "next", "ask_name")
        .link("ask_name", "next", "ask_email")
        .link("ask_name", "invalid", "human")
        .link("ask_email", "next", "ask_company")
        .link("ask_email", "invalid", "ask_company")
        .link("ask_company", "next", "save_name")
        .link("ask_company", "invalid", "save_name")
        .link("save_name", "next", "save_email")
        .link("save_email", "next", "save_company")
        .link("save_company", "next", "tag")
        .link("tag", "next", "thanks")
        .link("thanks", "next", "done")
        .link("thanks", "error", "done");
    FlowTemplate {
        key: "lead_capture".into(),
        name: "Lead capture".into(),
        description: "Asks for name, work email and company, saves them on the contact and labels it as a lead.".into(),
        trigger: keyword(&["quote", "pricing", "price", "demo"]),
        contact_fields: vec!["full_name".into(), "work_email".into(), "company".into()],
        graph: b.build(),
    }
}

/// Business-hours branch, a list of days, a captured date saved to `appointment_date`.
pub fn appointment_request() -> FlowTemplate {
    let day =
        |id: &str, title: &str, section: &str| AskOption { section: Some(section.to_owned()), ..option(id, title) };
    let mut b = Builder::default();
    b.node("start", 0, 0, start())
        .node("hours", 1, 0, NodeKind::BusinessHours(Empty {}))
        .node(
            "closed_note",
            2,
            1,
            say("We're closed right now, but you can still request an appointment: we'll confirm it as soon as we're back."),
        )
        .node(
            "day",
            3,
            0,
            NodeKind::Ask(Ask {
                list_button: Some("Pick a day".into()),
                save_as: Some("preferred_day".into()),
                ..ask(
                    "Which day suits you best for your appointment?",
                    vec![
                        day("mon", "Monday", "Weekdays"),
                        day("tue", "Tuesday", "Weekdays"),
                        day("wed", "Wednesday", "Weekdays"),
                        day("thu", "Thursday", "Weekdays"),
                        day("fri", "Friday", "Weekdays"),
                        day("sat", "Saturday", "Weekend"),
                    ],
                )
            }),
        )
        .node(
            "date",
            4,
            0,
            NodeKind::Capture(Capture {
                save_to_field: Some("appointment_date".into()),
                retry_text: Some("Please write the date as DD/MM/YYYY, for example 14/03/2027.".into()),
                ..capture(
                    "Great, {{vars.preferred_day}}. Which date exactly? (DD/MM/YYYY)",
                    Input::Date,
                    "appointment_date",
                )
            }),
        )
        .node("tag", 5, 0, label("appointment-requested"))
        .node(
            "confirm",
            6,
            0,
            say("Thanks! We noted your request for {{vars.preferred_day}} {{vars.appointment_date}}. A member of the team will confirm the time shortly."),
        )
        .node(
            "human",
            7,
            0,
            handoff("Appointment request: {{vars.preferred_day}} {{vars.appointment_date}}"),
        )
        .link("start", "next", "hours")
        .link("hours", "open", "day")
        .link("hours", "closed", "closed_note")
        .link("closed_note", "next", "day")
        .link("closed_note", "error", "human");
    for d in ["mon", "tue", "wed", "thu", "fri", "sat"] {
        b.link("day", &format!("option:{d}"), "date");
    }
    b.link("day", "noMatch", "human")
        .link("date", "next", "tag")
        .link("date", "invalid", "human")
        .link("tag", "next", "confirm")
        .link("confirm", "next", "human")
        .link("confirm", "error", "human");
    FlowTemplate {
        key: "appointment_request".into(),
        name: "Appointment request".into(),
        description: "Tells the contact when you're closed, offers a list of days, captures the date and hands the request to the team.".into(),
        trigger: keyword(&["appointment", "book", "booking", "cita"]),
        contact_fields: vec!["appointment_date".into()],
        graph: b.build(),
    }
}

/// Captures an order number and looks it up over HTTP. No contact fields.
pub fn order_status() -> FlowTemplate {
    let mut b = Builder::default();
    b.var("order_id", "The order number the contact typed")
        .node("start", 0, 0, start())
        .node(
            "ask_order",
            1,
            0,
            NodeKind::Capture(Capture {
                retry_text: Some("Order numbers look like A1234 or 100-2345. Could you check yours?".into()),
                ..capture(
                    "Sure! What's your order number?",
                    Input::Regex { pattern: "[A-Za-z0-9-]{4,20}".into() },
                    "order_id",
                )
            }),
        )
        .node(
            "lookup",
            2,
            0,
            NodeKind::Http(Http {
                method: HttpMethod::Get,
                url: "https://shop.example.com/api/orders/{{vars.order_id}}".into(),
                headers: vec![Header { name: "Accept".into(), value: "application/json".into() }],
                body: None,
                timeout_ms: Some(8_000),
                response_map: vec![
                    ResponseMap { var: "order_status".into(), path: "status".into() },
                    ResponseMap { var: "order_eta".into(), path: "$.delivery.eta".into() },
                ],
                save_status_as: Some("http_status".into()),
                // What the sandbox answers with "use sample responses" on, so the flow can be tried before the
                // shop's API is reachable.
                sample_response: Some(serde_json::json!({
                    "id": "A-1042", "status": "shipped", "delivery": { "eta": "Thursday" }
                })),
            }),
        )
        .node(
            "found",
            3,
            0,
            NodeKind::Condition(Condition {
                mode: Mode::All,
                rules: vec![Rule::Compare { left: "vars.order_status".into(), op: Op::IsSet, value: String::new() }],
            }),
        )
        .node(
            "status",
            4,
            -1,
            say("📦 Order {{vars.order_id}} is *{{vars.order_status}}*. Expected delivery: {{vars.order_eta}}."),
        )
        .node(
            "not_found",
            4,
            0,
            say("We couldn't find order {{vars.order_id}}. I'm passing you to a colleague who can check."),
        )
        .node(
            "lookup_failed",
            3,
            1,
            say("Our order system isn't answering right now. A colleague will look it up for you."),
        )
        .node("human", 5, 0, handoff("Order status for {{vars.order_id}}: lookup answered {{vars.http_status}}"))
        .node("done", 5, -1, end())
        .link("start", "next", "ask_order")
        .link("ask_order", "next", "lookup")
        .link("ask_order", "invalid", "human")
        .link("lookup", "next", "found")
        .link("lookup", "error", "lookup_failed")
        .link("found", "true", "status")
        .link("found", "false", "not_found")
        .link("status", "next", "done")
        .link("status", "error", "done")
        .link("not_found", "next", "human")
        .link("not_found", "error", "human")
        .link("lookup_failed", "next", "human")
        .link("lookup_failed", "error", "human");
    FlowTemplate {
        key: "order_status".into(),
        name: "Order status".into(),
        description: "Asks for an order number, looks it up in your shop's API and answers with its status, or hands over when it can't.".into(),
        trigger: keyword(&["order", "tracking", "delivery", "pedido"]),
        contact_fields: Vec::new(),
        graph: b.build(),
    }
}

/// Replies out of business hours and hands urgent requests to a person. No contact fields.
pub fn out_of_hours() -> FlowTemplate {
    let mut b = Builder::default();
    b.node("start", 0, 0, start())
        .node("hours", 1, 0, NodeKind::BusinessHours(Empty {}))
        .node("open", 2, -1, end())
        .node(
            "away",
            2,
            0,
            say("Thanks for your message! We're closed right now; we're back Monday to Friday from 9:00."),
        )
        .node(
            "urgent",
            3,
            0,
            NodeKind::Ask(Ask {
                timeout_secs: Some(3_600),
                ..ask("Is it urgent?", vec![option("yes", "Yes, it's urgent"), option("no", "It can wait")])
            }),
        )
        .node("tag_urgent", 4, -1, label("urgent"))
        .node("handoff", 5, -1, handoff("Urgent request received out of hours: {{message.text}}"))
        .node("later", 4, 1, say("No problem, we'll answer first thing when we open."))
        .node("tag_later", 5, 1, label("out-of-hours"))
        .node("done", 6, 1, end())
        .link("start", "next", "hours")
        .link("hours", "open", "open")
        .link("hours", "closed", "away")
        .link("away", "next", "urgent")
        .link("away", "error", "done")
        .link("urgent", "option:yes", "tag_urgent")
        .link("urgent", "option:no", "later")
        .link("urgent", "noMatch", "tag_urgent")
        .link("urgent", "timeout", "tag_later")
        .link("tag_urgent", "next", "handoff")
        .link("later", "next", "tag_later")
        .link("later", "error", "tag_later")
        .link("tag_later", "next", "done");
    FlowTemplate {
        key: "out_of_hours".into(),
        name: "Out-of-hours reply".into(),
        description: "Outside business hours, tells the contact when you're back and hands urgent requests to the on-call person.".into(),
        trigger: Trigger {
            kind: TriggerKind::Unassigned,
            connection_ids: Vec::new(),
            priority: -10,
        },
        contact_fields: Vec::new(),
        graph: b.build(),
    }
}

/// The team a big lead is assigned to in [`realistic_30_node`].
pub const SALES_TEAM: Uuid = Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_5a1e);

/// A valid 31-node flow mixing every common kind (consent question, A/B split, business hours, a
/// list menu with a timeout and a template reminder, captures, a condition on a number, an
/// assignment, a webhook, field updates, an HTTP lookup, a wait, a jump and a handoff). Valid with
/// contact fields `company` and `plan`.
pub fn realistic_30_node() -> FlowGraph {
    let mut b = Builder::default();
    b.var("variant", "A/B variant of the greeting")
        .node("start", 0, 0, start())
        .node("welcome", 1, 0, say("Hi {{contact.name}}, welcome to Acme! 👋"))
        .node(
            "consent",
            2,
            0,
            NodeKind::Condition(Condition { mode: Mode::All, rules: vec![Rule::Consent { granted: true }] }),
        )
        .node(
            "ask_consent",
            3,
            1,
            NodeKind::Ask(ask(
                "May we send you news and offers on WhatsApp?",
                vec![option("yes", "Yes, please"), option("no", "No, thanks")],
            )),
        )
        .node("consent_yes", 4, 1, NodeKind::SetConsent(SetConsent { granted: true }))
        .node(
            "ab",
            5,
            0,
            NodeKind::RandomSplit(RandomSplit {
                branches: vec![
                    Branch { id: "a".into(), label: "Short greeting".into(), weight: 50 },
                    Branch { id: "b".into(), label: "Long greeting".into(), weight: 50 },
                ],
            }),
        )
        .node("set_a", 6, -1, NodeKind::SetVariable(SetVariable { name: "variant".into(), value: "A".into() }))
        .node("set_b", 6, 1, NodeKind::SetVariable(SetVariable { name: "variant".into(), value: "B".into() }))
        .node("hours", 7, 0, NodeKind::BusinessHours(Empty {}))
        .node("closed_msg", 8, 1, say("We're closed now, but the menu below works around the clock."))
        .node(
            "menu",
            9,
            0,
            NodeKind::Ask(Ask {
                save_as: Some("topic".into()),
                timeout_secs: Some(3_600),
                list_button: Some("Topics".into()),
                ..ask(
                    "What can we help you with, {{contact.name}}?",
                    vec![
                        option("sales", "Buy a plan"),
                        option("support", "Technical support"),
                        option("order", "Order status"),
                        option("other", "Something else"),
                    ],
                )
            }),
        )
        .node("tag_sales", 10, -2, label("sales"))
        .node(
            "company",
            11,
            -2,
            NodeKind::Capture(Capture {
                save_to_field: Some("company".into()),
                ..capture("Which company are you with?", Input::Text, "company")
            }),
        )
        .node(
            "size",
            12,
            -2,
            NodeKind::Capture(capture(
                "How many people work at {{vars.company}}?",
                Input::Number { min: Some(1.0), max: Some(1_000_000.0) },
                "company_size",
            )),
        )
        .node(
            "big",
            13,
            -2,
            NodeKind::Condition(Condition {
                mode: Mode::All,
                rules: vec![Rule::Compare { left: "vars.company_size".into(), op: Op::Gte, value: "50".into() }],
            }),
        )
        .node("assign_sales", 14, -3, NodeKind::Assign(Assign { user_id: None, team_id: Some(SALES_TEAM) }))
        .node(
            "lead_hook",
            15,
            -2,
            NodeKind::Webhook(Webhook {
                url: "https://hooks.example.com/leads".into(),
                body: Some(
                    r#"{"company": "{{vars.company}}", "size": {{vars.company_size}}, "phone": "{{contact.phone}}"}"#
                        .into(),
                ),
            }),
        )
        .node("plan_field", 16, -2, update_field("plan", "{{vars.variant}}-lead"))
        .node("thanks", 17, -2, say("Thanks! A plan advisor for {{contact.fields.company}} will write to you shortly."))
        .node(
            "support_q",
            10,
            0,
            NodeKind::WaitForReply(WaitForReply { save_as: Some("issue".into()), timeout_secs: Some(3_600) }),
        )
        .node(
            "order_q",
            10,
            2,
            NodeKind::Capture(capture(
                "What's your order number?",
                Input::Regex { pattern: "[A-Z0-9-]{4,20}".into() },
                "order_id",
            )),
        )
        .node(
            "lookup",
            11,
            2,
            NodeKind::Http(Http {
                method: HttpMethod::Get,
                url: "https://shop.example.com/api/orders/{{vars.order_id}}".into(),
                headers: Vec::new(),
                body: None,
                timeout_ms: None,
                response_map: vec![ResponseMap { var: "order_status".into(), path: "status".into() }],
                save_status_as: None,
                sample_response: None,
            }),
        )
        .node(
            "order_found",
            12,
            2,
            NodeKind::Condition(Condition {
                mode: Mode::Any,
                rules: vec![Rule::Compare { left: "vars.order_status".into(), op: Op::IsSet, value: String::new() }],
            }),
        )
        .node("order_msg", 13, 2, say("Order {{vars.order_id}} is {{vars.order_status}}."))
        .node("pause", 14, 2, NodeKind::Wait(Delay { seconds: 300 }))
        .node("survey", 15, 2, say("Did that answer your question? Write *menu* to see the options again."))
        .node(
            "reminder",
            10,
            4,
            NodeKind::SendTemplate(SendTemplate {
                name: "menu_reminder".into(),
                language: "en".into(),
                components: Some(serde_json::json!([
                    {"type": "body", "parameters": [{"type": "text", "text": "{{contact.name}}"}]}
                ])),
            }),
        )
        .node("await_reply", 11, 4, NodeKind::WaitForReply(WaitForReply { save_as: None, timeout_secs: None }))
        .node("back", 12, 4, NodeKind::Jump(Jump { target: "menu".into() }))
        .node("human", 18, 0, handoff("From the bot: {{vars.topic}} {{vars.issue}}"))
        .node("done", 18, 2, end())
        .link("start", "next", "welcome")
        .link("welcome", "next", "consent")
        .link("welcome", "error", "done")
        .link("consent", "true", "ab")
        .link("consent", "false", "ask_consent")
        .link("ask_consent", "option:yes", "consent_yes")
        .link("ask_consent", "option:no", "ab")
        .link("ask_consent", "noMatch", "ab")
        .link("consent_yes", "next", "ab")
        .link("ab", "branch:a", "set_a")
        .link("ab", "branch:b", "set_b")
        .link("set_a", "next", "hours")
        .link("set_b", "next", "hours")
        .link("hours", "open", "menu")
        .link("hours", "closed", "closed_msg")
        .link("closed_msg", "next", "menu")
        .link("closed_msg", "error", "done")
        .link("menu", "option:sales", "tag_sales")
        .link("menu", "option:support", "support_q")
        .link("menu", "option:order", "order_q")
        .link("menu", "option:other", "human")
        .link("menu", "noMatch", "human")
        .link("menu", "timeout", "reminder")
        .link("tag_sales", "next", "company")
        .link("company", "next", "size")
        .link("company", "invalid", "human")
        .link("size", "next", "big")
        .link("size", "invalid", "human")
        .link("big", "true", "assign_sales")
        .link("big", "false", "lead_hook")
        .link("assign_sales", "next", "lead_hook")
        .link("lead_hook", "next", "plan_field")
        .link("plan_field", "next", "thanks")
        .link("thanks", "next", "done")
        .link("thanks", "error", "done")
        .link("support_q", "reply", "human")
        .link("support_q", "timeout", "done")
        .link("order_q", "next", "lookup")
        .link("order_q", "invalid", "human")
        .link("lookup", "next", "order_found")
        .link("lookup", "error", "human")
        .link("order_found", "true", "order_msg")
        .link("order_found", "false", "human")
        .link("order_msg", "next", "pause")
        .link("order_msg", "error", "done")
        .link("pause", "next", "survey")
        .link("survey", "next", "done")
        .link("survey", "error", "done")
        .link("reminder", "next", "await_reply")
        .link("reminder", "error", "done")
        .link("await_reply", "reply", "back");
    b.build()
}
