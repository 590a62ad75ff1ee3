//! Chatbot flows through the API and the runner, on a real database: templates published and answering
//! customers, publish-time validation naming nodes, one run per contact with messages handled in order across
//! two runner nodes, durable waits across a restart, HTTP nodes behind the address guard, stops and handoffs,
//! the plan's switch and limit, and the sandbox.

use axum::http::{Method, StatusCode};
use chrono::Utc;
use parley_test_support::{Signup, TestApp, TestOptions, connect_services, text_webhook};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::{Value, json};
use uuid::Uuid;

const CUSTOMER: &str = "14155550123";

/// A workspace with one Cloud API number whose customer writes through signed webhooks.
struct Shop {
    app: TestApp,
    owner: Signup,
    number: String,
    pnid: String,
    secret: String,
}

async fn shop_with(opts: TestOptions) -> Shop {
    let app = TestApp::spawn_with(opts).await;
    let owner = app.signup("Bot Bakery").await;
    let pnid = format!("1{}", &Uuid::now_v7().as_u128().to_string()[..12]);
    let secret = format!("secret-{}", Uuid::now_v7().simple());
    let res = app
        .post(
            "/api/v1/whatsapp/connections",
            Some(&owner.token),
            json!({ "kind": "cloud", "name": "Line", "phoneNumberId": pnid, "wabaId": "29", "accessToken": "EAAt",
                    "appSecret": secret }),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    Shop { number: res.body["id"].as_str().expect("id").to_owned(), app, owner, pnid, secret }
}

async fn shop() -> Shop {
    shop_with(TestOptions::default()).await
}

fn node(id: &str, kind: &str, data: Value) -> Value {
    json!({ "id": id, "type": kind, "position": { "x": 0, "y": 0 }, "data": data })
}

fn edge(source: &str, handle: &str, target: &str) -> Value {
    json!({ "id": format!("{source}-{handle}-{target}"), "source": source, "sourceHandle": handle, "target": target })
}

fn keyword(word: &str) -> Value {
    json!({ "kind": "keyword", "keywords": [word], "matchMode": "exact" })
}

impl Shop {
    async fn sql(&self, q: &str) -> Vec<sea_orm::QueryResult> {
        self.app
            .owner_db()
            .await
            .query_all_raw(Statement::from_string(DbBackend::Postgres, q.to_owned()))
            .await
            .expect(q)
    }

    async fn count(&self, q: &str) -> i64 {
        self.sql(q).await[0].try_get_by_index::<i64>(0).expect("count")
    }

    /// Creates a flow (from a template or a graph) and publishes it; answers its id.
    async fn publish(&self, body: Value) -> String {
        let res = self.app.post("/api/v1/flows", Some(&self.owner.token), body).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        let id = res.body["id"].as_str().expect("id").to_owned();
        let res = self.app.post(&format!("/api/v1/flows/{id}/publish"), Some(&self.owner.token), json!({})).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        id
    }

    async fn deliver(&self, message: Value) {
        let hook = json!({ "object": "whatsapp_business_account", "entry": [{ "id": "1", "changes": [{ "field": "messages",
            "value": { "messaging_product": "whatsapp",
                "metadata": { "display_phone_number": "15550100", "phone_number_id": self.pnid },
                "contacts": [{ "profile": { "name": "Carla" }, "wa_id": CUSTOMER }],
                "messages": [message] } }] }] });
        let res = self.app.signed_webhook(&self.number, &self.secret, &hook).await;
        assert_eq!(res.status, StatusCode::OK);
    }

    /// The customer writes (the webhook is acknowledged, not processed yet).
    async fn writes(&self, text: &str) {
        let wamid = format!("wamid.{}", Uuid::now_v7().simple());
        let hook = text_webhook(&self.pnid, &wamid, CUSTOMER, text, Utc::now().timestamp());
        assert_eq!(self.app.signed_webhook(&self.number, &self.secret, &hook).await.status, StatusCode::OK);
    }

    /// The customer taps a reply button.
    async fn taps(&self, id: &str, title: &str) {
        self.deliver(json!({ "from": CUSTOMER, "id": format!("wamid.{}", Uuid::now_v7().simple()),
            "timestamp": Utc::now().timestamp().to_string(), "type": "interactive",
            "interactive": { "type": "button_reply", "button_reply": { "id": id, "title": title } } }))
            .await;
    }

    /// Processes webhooks and flow events until nothing is left.
    async fn settle(&self) {
        for _ in 0..20 {
            let a = self.app.services.ingest.drain().await.expect("ingest");
            let b = self.app.services.flow_runner.drain().await.expect("runner");
            if a + b == 0 {
                return;
            }
        }
        panic!("webhooks and flow events did not settle");
    }

    /// The bot's messages, oldest first: (type, text, flow name).
    async fn bot_said(&self) -> Vec<(String, String, String)> {
        self.sql(&format!(
            "select m.type, coalesce(m.content->>'text', ''), f.name from messages m
               join flow_runs r on r.id = m.flow_run_id join flows f on f.id = r.flow_id
              where m.tenant_id = '{}' and m.direction = 'outbound' order by m.created_at, m.id",
            self.owner.tenant_id
        ))
        .await
        .iter()
        .map(|r| {
            (r.try_get_by_index(0).expect("t"), r.try_get_by_index(1).expect("x"), r.try_get_by_index(2).expect("f"))
        })
        .collect()
    }

    async fn conversation(&self) -> String {
        let list = self.app.get("/api/v1/conversations", &self.owner.token).await;
        list.body["items"][0]["id"].as_str().expect("conversation").to_owned()
    }
}

#[tokio::test]
async fn a_published_template_greets_a_new_customer_with_buttons_and_a_tap_takes_its_branch() {
    let s = shop().await;
    let templates = s.app.get("/api/v1/flows/templates", &s.owner.token).await;
    let keys: Vec<&str> = templates.body.as_array().expect("list").iter().filter_map(|t| t["key"].as_str()).collect();
    assert!(keys.len() >= 5 && keys.contains(&"welcome_menu") && keys.contains(&"order_status"), "{keys:?}");
    let flow = s.publish(json!({ "name": "Welcome", "templateKey": "welcome_menu" })).await;

    s.writes("hello there").await;
    s.settle().await;
    let said = s.bot_said().await;
    assert_eq!(said.len(), 1, "{said:?}");
    assert_eq!((said[0].0.as_str(), said[0].2.as_str()), ("buttons", "Welcome"));
    assert!(said[0].1.contains("Carla"), "the greeting uses the contact's name: {}", said[0].1);
    let conv = s.conversation().await;
    let bot = s.app.get(&format!("/api/v1/conversations/{conv}/bot"), &s.owner.token).await;
    assert_eq!((bot.body["flowName"].as_str(), bot.body["status"].as_str()), (Some("Welcome"), Some("waiting")));
    let thread = s.app.get(&format!("/api/v1/conversations/{conv}/messages"), &s.owner.token).await;
    assert_eq!(thread.body["items"][0]["flowName"], "Welcome", "the thread shows the bot as the sender");

    s.taps("hours", "Opening hours").await;
    s.settle().await;
    let said = s.bot_said().await;
    assert_eq!(said.len(), 2, "{said:?}");
    assert!(said[1].1.starts_with("We are open"), "{}", said[1].1);
    let bot = s.app.get(&format!("/api/v1/conversations/{conv}/bot"), &s.owner.token).await;
    assert!(bot.body.is_null(), "the run ended: {}", bot.body);

    // Not a first message any more: nothing starts, the inbox has it.
    s.writes("thanks!").await;
    s.settle().await;
    assert_eq!(s.bot_said().await.len(), 2);

    let runs = s.app.get(&format!("/api/v1/flows/{flow}/executions"), &s.owner.token).await;
    assert_eq!(runs.body["items"].as_array().map(Vec::len), Some(1), "{}", runs.body);
    let run = &runs.body["items"][0];
    assert_eq!(
        (run["status"].as_str(), run["version"].as_i64(), run["origin"].as_str()),
        (Some("completed"), Some(1), Some("firstMessage"))
    );
    let detail = s.app.get(&format!("/api/v1/flow-runs/{}", run["id"].as_str().expect("id")), &s.owner.token).await;
    let path: Vec<&str> =
        detail.body["trace"].as_array().expect("trace").iter().filter_map(|t| t["node"].as_str()).collect();
    assert_eq!(path, ["start", "menu", "menu", "hours", "done"], "{}", detail.body);
    assert_eq!(detail.body["trace"][2]["outcome"], "option:hours");
    let figures = s.app.get(&format!("/api/v1/flows/{flow}/analytics"), &s.owner.token).await;
    assert_eq!(
        (figures.body["entered"].as_i64(), figures.body["completed"].as_i64()),
        (Some(1), Some(1)),
        "{}",
        figures.body
    );
    let list = s.app.get("/api/v1/flows", &s.owner.token).await;
    assert_eq!((list.body[0]["runsToday"].as_i64(), list.body[0]["completionRate"].as_f64()), (Some(1), Some(1.0)));
}

#[tokio::test]
async fn publishing_names_each_node_that_breaks_a_rule_and_unreadable_drafts_are_refused_at_save() {
    let s = shop().await;
    let created = s.app.post("/api/v1/flows", Some(&s.owner.token), json!({ "name": "Broken" })).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let id = created.body["id"].as_str().expect("id").to_owned();
    let draft = json!({
        "nodes": [
            node("start", "start", json!({})),
            node("menu", "ask", json!({ "text": "Pick one", "options": [
                { "id": "a", "title": "A title far longer than twenty characters" }, { "id": "b", "title": "B" }] })),
            node("meta", "http", json!({ "method": "GET", "url": "http://169.254.169.254/latest/meta-data" })),
            node("lonely", "sendMessage", json!({ "text": "Nobody reaches me" })),
            node("end", "end", json!({})),
        ],
        "edges": [edge("start", "next", "menu"), edge("menu", "option:a", "meta"), edge("menu", "option:b", "end"),
                  edge("meta", "next", "end"), edge("meta", "error", "end"), edge("lonely", "next", "end")]
    });
    let saved = s
        .app
        .call(
            Method::PUT,
            &format!("/api/v1/flows/{id}"),
            Some(&s.owner.token),
            Some(json!({ "name": "Broken", "trigger": keyword("menu"), "draft": draft })),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "a draft may hold errors: {}", saved.body);
    let flagged: Vec<&str> = saved.body["issues"]
        .as_array()
        .expect("issues")
        .iter()
        .filter(|i| i["severity"] == "error")
        .filter_map(|i| i["node"].as_str())
        .collect();
    for n in ["menu", "meta", "lonely"] {
        assert!(flagged.contains(&n), "{n} should be flagged: {}", saved.body["issues"]);
    }
    let published = s.app.post(&format!("/api/v1/flows/{id}/publish"), Some(&s.owner.token), json!({})).await;
    assert_eq!(published.status, StatusCode::CONFLICT, "{}", published.body);
    assert_eq!(published.code(), "flow_invalid");
    let fields: Vec<&str> = published.body["details"]["fields"]
        .as_array()
        .expect("details")
        .iter()
        .filter_map(|d| d["field"].as_str())
        .collect();
    for n in ["nodes.menu", "nodes.meta", "nodes.lonely"] {
        assert!(fields.contains(&n), "{n} missing from {fields:?}");
    }
    assert_eq!(s.count(&format!("select count(*) from flow_versions where flow_id = '{id}'")).await, 0);
    // A draft never ran: pausing it is refused for the flow's state, not the request's shape.
    let paused = s.app.post(&format!("/api/v1/flows/{id}/pause"), Some(&s.owner.token), json!({})).await;
    assert_eq!((paused.status, paused.code()), (StatusCode::CONFLICT, "flow_not_published"), "{}", paused.body);
    // A keyword trigger needs a keyword that is not blank (the document says so with `contains`).
    let blank =
        json!({ "name": "Broken", "trigger": { "kind": "keyword", "keywords": [" ", ""] }, "draft": { "nodes": [] } });
    let res = s.app.call(Method::PUT, &format!("/api/v1/flows/{id}"), Some(&s.owner.token), Some(blank)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);

    // Unreadable or oversized drafts never replace the stored one.
    let stored = s.app.get(&format!("/api/v1/flows/{id}"), &s.owner.token).await.body["draft"].clone();
    let many: Vec<Value> = (0..5000).map(|n| node(&format!("n{n}"), "end", json!({}))).collect();
    let huge = "x".repeat(1024 * 1024);
    for bad in [
        json!({ "name": "Broken", "trigger": keyword("menu"), "draft": { "nodes": [node("x", "teleport", json!({}))] } }),
        json!({ "name": "Broken", "trigger": keyword("menu"), "draft": { "nodes": many } }),
        json!({ "name": "Broken", "trigger": keyword("menu"), "draft": { "nodes": [node("t", "sendMessage", json!({ "text": huge }))] } }),
        json!({ "name": "Broken", "trigger": { "kind": "keyword", "keywords": ["(unclosed"], "matchMode": "regex" },
                "draft": { "nodes": [] } }),
        json!({ "name": "Broken", "trigger": keyword("menu"), "draft": "a graph, honest" }),
        json!({ "name": 42, "trigger": keyword("menu"), "draft": { "nodes": [] } }),
        // Tags are names: serde would read a number as the variant's index.
        json!({ "name": "Broken", "trigger": { "kind": 0, "keywords": ["menu"] }, "draft": { "nodes": [] } }),
        json!({ "name": "Broken", "trigger": keyword("menu"),
                "draft": { "nodes": [{ "id": "x", "type": 0, "position": { "x": 0, "y": 0 }, "data": {} }] } }),
        json!({ "name": "Broken", "trigger": keyword("menu"),
                "draft": { "nodes": [node("c", "condition", json!({ "rules": [{ "kind": 0, "left": "vars.x", "op": "eq" }] }))] } }),
    ] {
        let res = s.app.call(Method::PUT, &format!("/api/v1/flows/{id}"), Some(&s.owner.token), Some(bad)).await;
        assert!(res.status.is_client_error(), "{}: {}", res.status, res.body);
        assert!(res.body["error"].is_string(), "our error format: {}", res.body);
    }
    let after = s.app.get(&format!("/api/v1/flows/{id}"), &s.owner.token).await.body["draft"].clone();
    assert_eq!(after, stored);
    // A pattern that backtracks catastrophically elsewhere is harmless here: the regex engine is linear.
    let evil = json!({ "name": "Broken", "trigger": { "kind": "keyword", "keywords": ["(a+)+$"], "matchMode": "regex" },
                       "draft": stored });
    let res = s.app.call(Method::PUT, &format!("/api/v1/flows/{id}"), Some(&s.owner.token), Some(evil)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let trigger: parley_flow::Trigger = serde_json::from_value(res.body["trigger"].clone()).expect("trigger");
    let matcher = parley_flow::CompiledTrigger::new(&trigger).expect("compiles");
    let text = format!("{}!", "a".repeat(50_000));
    let input = parley_flow::TriggerInput {
        text: Some(&text),
        connection_id: Uuid::nil(),
        new_contact: false,
        assigned: false,
    };
    // A backtracking engine would not come back from this in the lifetime of the test run.
    assert!(!matcher.matches(&input));
}

/// A flow that asks, waits for the reply and repeats it.
fn echo_flow() -> Value {
    json!({ "name": "Orders", "trigger": keyword("order"), "graph": {
        "nodes": [
            node("start", "start", json!({})),
            node("ask", "sendMessage", json!({ "text": "What would you like?" })),
            node("wait", "waitForReply", json!({ "saveAs": "item" })),
            node("echo", "sendMessage", json!({ "text": "You ordered {{vars.item}}" })),
            node("end", "end", json!({})),
        ],
        "edges": [edge("start", "next", "ask"), edge("ask", "next", "wait"), edge("wait", "reply", "echo"),
                  edge("echo", "next", "end")]
    } })
}

#[tokio::test]
async fn two_messages_a_millisecond_apart_start_one_run_and_are_answered_in_order_by_two_runner_nodes() {
    let s = shop().await;
    s.publish(echo_flow()).await;
    s.writes("order").await;
    s.writes("pizza").await;
    s.app.services.ingest.drain().await.expect("ingest");
    assert_eq!(s.count("select count(*) from flow_events").await, 2, "both messages are queued for the contact");
    // A second node on the same database races the first for the contact's events.
    let other = connect_services(&s.app.db_name, Default::default(), TestOptions::default(), vec![]).await;
    let (a, b) = tokio::join!(s.app.services.flow_runner.drain(), other.flow_runner.drain());
    assert_eq!(a.expect("node 1") + b.expect("node 2"), 2, "each event applied once");
    s.settle().await;
    assert_eq!(s.count("select count(*) from flow_runs").await, 1);
    let said: Vec<String> = s.bot_said().await.into_iter().map(|m| m.1).collect();
    assert_eq!(said, ["What would you like?", "You ordered pizza"]);
}

#[tokio::test]
async fn messages_no_flow_can_take_stay_with_the_ingest_and_a_queued_contact_keeps_its_order() {
    let s = shop().await;
    s.publish(echo_flow()).await;
    let queued = "select count(*) from flow_events";
    s.writes("hello").await;
    s.app.services.ingest.drain().await.expect("ingest");
    assert_eq!(s.count(queued).await, 0, "no trigger takes it: the ingest routes it, the runner never sees it");
    s.writes("order").await;
    s.app.services.ingest.drain().await.expect("ingest");
    assert_eq!(s.count(queued).await, 1);
    // No run exists yet (the runner has not applied "order"), and "pizza" matches no trigger: it still queues
    // behind "order", or it would be routed to the inbox before the flow that asks for it starts.
    s.writes("pizza").await;
    s.app.services.ingest.drain().await.expect("ingest");
    assert_eq!(s.count(queued).await, 2);
    s.settle().await;
    let said: Vec<String> = s.bot_said().await.into_iter().map(|m| m.1).collect();
    assert_eq!(said, ["What would you like?", "You ordered pizza"]);
    s.writes("thanks").await;
    s.app.services.ingest.drain().await.expect("ingest");
    assert_eq!(s.count(queued).await, 0, "the run ended: the contact is the inbox's again");
    let stored = s.count("select count(*) from messages where direction = 'inbound'").await;
    assert_eq!(stored, 4, "every message is stored whoever handles it");
}

#[tokio::test]
async fn a_reply_timeout_survives_a_restart_fires_once_and_a_reply_first_makes_it_a_no_op() {
    let s = shop().await;
    s.publish(json!({ "name": "Nudge", "trigger": keyword("remind"), "graph": {
        "nodes": [
            node("start", "start", json!({})),
            node("ask", "sendMessage", json!({ "text": "Shall we remind you tomorrow?" })),
            node("wait", "waitForReply", json!({ "timeoutSecs": 3600 })),
            node("thanks", "sendMessage", json!({ "text": "Thanks for replying" })),
            node("nudge", "sendMessage", json!({ "text": "Still there?" })),
            node("end", "end", json!({})),
        ],
        "edges": [edge("start", "next", "ask"), edge("ask", "next", "wait"), edge("wait", "reply", "thanks"),
                  edge("wait", "timeout", "nudge"), edge("thanks", "next", "end"), edge("nudge", "next", "end")]
    } }))
    .await;
    s.writes("remind").await;
    s.settle().await;
    let wake = s
        .count("select count(*) from flow_runs where status = 'waiting' and wake_at > now() + interval '50 minutes'")
        .await;
    assert_eq!(wake, 1, "the timeout is stored on the run");

    // The node restarts (new services on the same database) and the hour has passed.
    s.sql("update flow_runs set wake_at = now() - interval '1 second'").await;
    let restarted = connect_services(&s.app.db_name, Default::default(), TestOptions::default(), vec![]).await;
    restarted.flow_runner.drain().await.expect("runner");
    restarted.flow_runner.drain().await.expect("runner again");
    let said: Vec<String> = s.bot_said().await.into_iter().map(|m| m.1).collect();
    assert_eq!(said, ["Shall we remind you tomorrow?", "Still there?"]);

    // Next time the customer answers first: the timer, even if it fired late, changes nothing.
    s.writes("remind").await;
    s.settle().await;
    let run: String =
        s.sql("select id::text from flow_runs where status = 'waiting'").await[0].try_get_by_index(0).expect("run");
    let token: i64 =
        s.sql("select wake_token from flow_runs where status = 'waiting'").await[0].try_get_by_index(0).expect("token");
    s.writes("yes please").await;
    s.settle().await;
    s.sql(&format!(
        "insert into flow_events (tenant_id, contact_id, kind, run_id, payload)
         select tenant_id, contact_id, 'timer', id, jsonb_build_object('token', {token}) from flow_runs where id = '{run}'"
    ))
    .await;
    s.settle().await;
    let said: Vec<String> = s.bot_said().await.into_iter().map(|m| m.1).collect();
    assert_eq!(said[2..], ["Shall we remind you tomorrow?", "Thanks for replying"]);
    assert_eq!(s.count("select count(*) from flow_events").await, 0);
}

/// A local "shop API" answering order lookups.
async fn order_api() -> String {
    let app = axum::Router::new().route(
        "/orders/{id}",
        axum::routing::get(|axum::extract::Path(id): axum::extract::Path<String>| async move {
            if id == "42" {
                (StatusCode::OK, axum::Json(json!({ "status": "shipped", "delivery": { "eta": "Thursday" } })))
            } else {
                (StatusCode::NOT_FOUND, axum::Json(json!({ "error": "no such order" })))
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}")
}

fn lookup_flow(base: &str) -> Value {
    json!({ "name": "Order status", "trigger": keyword("status"), "graph": {
        "nodes": [
            node("start", "start", json!({})),
            node("ask", "capture", json!({ "text": "Your order number?", "input": { "kind": "number" }, "saveAs": "order" })),
            node("lookup", "http", json!({ "method": "GET", "url": format!("{base}/orders/{{{{vars.order}}}}"),
                "responseMap": [{ "var": "state", "path": "status" }, { "var": "eta", "path": "$.delivery.eta" }] })),
            node("found", "sendMessage", json!({ "text": "Order {{vars.order}} is {{vars.state}}, arriving {{vars.eta}}." })),
            node("failed", "sendMessage", json!({ "text": "We could not find that order." })),
            node("end", "end", json!({})),
        ],
        "edges": [edge("start", "next", "ask"), edge("ask", "next", "lookup"), edge("ask", "invalid", "failed"),
                  edge("lookup", "next", "found"), edge("lookup", "error", "failed"),
                  edge("found", "next", "end"), edge("failed", "next", "end")]
    } })
}

#[tokio::test]
async fn an_http_node_looks_up_an_allowed_local_server_and_anything_else_private_is_refused() {
    let base = order_api().await;
    // Without the operator's allow list, a loopback URL is refused at publish, naming the node.
    let strict = shop().await;
    let res = strict.app.post("/api/v1/flows", Some(&strict.owner.token), lookup_flow(&base)).await;
    let id = res.body["id"].as_str().expect("id");
    let published = strict.app.post(&format!("/api/v1/flows/{id}/publish"), Some(&strict.owner.token), json!({})).await;
    assert_eq!(published.status, StatusCode::CONFLICT, "{}", published.body);
    assert_eq!(published.body["details"]["fields"][0]["field"], "nodes.lookup");

    let mut opts = TestOptions::default();
    opts.flows_http.allow = vec!["127.0.0.1".into()];
    let s = shop_with(opts).await;
    s.publish(lookup_flow(&base)).await;
    s.writes("status").await;
    s.settle().await;
    s.writes("42").await;
    s.settle().await;
    // The HTTP call is a job: run it as the worker would, then the answer goes back to the contact's queue.
    let jobs = s.sql("select convert_from(job, 'utf8') from apalis.jobs where job_type = 'parley::flow_http'").await;
    assert_eq!(jobs.len(), 1);
    let job: parley_services::flows::jobs::FlowHttpJob =
        serde_json::from_str(&jobs[0].try_get_by_index::<String>(0).expect("job")).expect("job json");
    assert!(job.request.url.ends_with("/orders/42"), "{}", job.request.url);
    s.app.services.flow_jobs.http(job).await.expect("call");
    s.settle().await;
    let said: Vec<String> = s.bot_said().await.into_iter().map(|m| m.1).collect();
    assert_eq!(said, ["Your order number?", "Order 42 is shipped, arriving Thursday."]);
    let trace = s
        .app
        .get(
            &format!(
                "/api/v1/flows/{}/executions",
                s.sql("select flow_id::text from flow_runs").await[0].try_get_by_index::<String>(0).expect("flow")
            ),
            &s.owner.token,
        )
        .await;
    assert_eq!(trace.body["items"][0]["status"], "completed");
}

#[tokio::test]
async fn an_agent_stops_a_bot_and_a_handoff_hands_the_conversation_back_to_the_inbox() {
    let s = shop().await;
    let flow = s.publish(echo_flow()).await;
    s.writes("hello").await; // no keyword: the inbox has it, no run
    s.settle().await;
    assert_eq!(s.count("select count(*) from flow_runs").await, 0);
    let contact: String = s.sql("select id::text from contacts").await[0].try_get_by_index(0).expect("contact");
    let started = s
        .app
        .post(&format!("/api/v1/flows/{flow}/executions"), Some(&s.owner.token), json!({ "contactId": contact }))
        .await;
    assert_eq!(started.status, StatusCode::ACCEPTED, "{}", started.body);
    let again = s
        .app
        .post(&format!("/api/v1/flows/{flow}/executions"), Some(&s.owner.token), json!({ "contactId": contact }))
        .await;
    assert_eq!((again.status, again.code()), (StatusCode::CONFLICT, "flow_already_running"));
    s.settle().await;
    let run = started.body["id"].as_str().expect("run");
    let stopped = s.app.post(&format!("/api/v1/flow-runs/{run}/stop"), Some(&s.owner.token), json!({})).await;
    assert_eq!((stopped.status, stopped.body["status"].as_str()), (StatusCode::OK, Some("stopped")));
    s.writes("pizza").await;
    s.settle().await;
    assert_eq!(s.bot_said().await.len(), 1, "a stopped bot answers nothing more");

    // The welcome menu's "talk to a person" hands off: the run ends as handed off, the inbox takes over.
    let s = shop().await;
    s.publish(json!({ "name": "Welcome", "templateKey": "welcome_menu" })).await;
    s.writes("hi").await;
    s.settle().await;
    s.taps("human", "Talk to a person").await;
    s.settle().await;
    assert_eq!(s.count("select count(*) from flow_runs where status = 'handed_off'").await, 1);
    let conv = s.conversation().await;
    assert!(s.app.get(&format!("/api/v1/conversations/{conv}/bot"), &s.owner.token).await.body.is_null());
}

#[tokio::test]
async fn flows_are_a_plan_switch_with_a_limit_and_another_workspace_cannot_start_them() {
    let s = shop().await;
    let admin = s.app.platform_admin().await;
    let plan = |features: Value, limits: Value| {
        json!({ "name": format!("P{}", Uuid::now_v7().simple()), "prices": [{ "cycle": "monthly", "amount": 1000 }],
                "features": features, "limits": limits })
    };
    for (features, limits) in [(json!({}), json!({})), (json!({ "chatbotFlows": true }), json!({ "maxFlows": 1 }))] {
        let p = s.app.post("/api/v1/admin/plans", Some(&admin), plan(features, limits.clone())).await;
        assert_eq!(p.status, StatusCode::CREATED, "{}", p.body);
        let res = s
            .app
            .post(
                &format!("/api/v1/admin/tenants/{}/billing/assign", s.owner.tenant_id),
                Some(&admin),
                json!({ "planId": p.body["id"], "reason": "test" }),
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let first = s.app.post("/api/v1/flows", Some(&s.owner.token), json!({ "name": "One" })).await;
        if limits.is_null() || limits == json!({}) {
            assert_eq!((first.status, first.code()), (StatusCode::FORBIDDEN, "feature_not_in_plan"), "{}", first.body);
        } else {
            assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
            let second = s.app.post("/api/v1/flows", Some(&s.owner.token), json!({ "name": "Two" })).await;
            assert_eq!((second.status, second.code()), (StatusCode::PAYMENT_REQUIRED, "quota_exceeded"));
        }
    }
    // Another workspace's contact cannot be the target of this workspace's flow.
    let flow = s.app.get("/api/v1/flows", &s.owner.token).await.body[0]["id"].as_str().expect("flow").to_owned();
    s.app.post(&format!("/api/v1/flows/{flow}/publish"), Some(&s.owner.token), json!({})).await;
    let other = shop().await;
    other.writes("hi").await;
    other.settle().await;
    let foreign: String =
        other.sql(&format!("select id::text from contacts where tenant_id = '{}'", other.owner.tenant_id)).await[0]
            .try_get_by_index(0)
            .expect("contact");
    let res = s
        .app
        .post(&format!("/api/v1/flows/{flow}/executions"), Some(&s.owner.token), json!({ "contactId": foreign }))
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
    assert_eq!(res.body["details"]["fields"][0]["field"], "contactId", "{}", res.body);
}

#[tokio::test]
async fn the_sandbox_runs_the_draft_with_a_fake_clock_and_sends_nothing_to_anyone() {
    let s = shop().await;
    let created = s.app.post("/api/v1/flows", Some(&s.owner.token), json!({ "name": "Follow-up", "graph": {
        "nodes": [
            node("start", "start", json!({})),
            node("menu", "ask", json!({ "text": "Hi {{contact.name}}, pizza or pasta?", "saveAs": "dish",
                "options": [{ "id": "pizza", "title": "Pizza" }, { "id": "pasta", "title": "Pasta" }] })),
            node("later", "wait", json!({ "seconds": 172800 })),
            node("bye", "sendTemplate", json!({ "name": "follow_up", "language": "en" })),
            node("end", "end", json!({})),
        ],
        "edges": [edge("start", "next", "menu"), edge("menu", "option:pizza", "later"), edge("menu", "option:pasta", "later"),
                  edge("menu", "noMatch", "end"), edge("later", "next", "bye"), edge("bye", "next", "end"), edge("bye", "error", "end")]
    } })).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let id = created.body["id"].as_str().expect("id");
    let started = s
        .app
        .post(
            &format!("/api/v1/flows/{id}/sandbox"),
            Some(&s.owner.token),
            json!({ "contact": { "name": "Tess", "consent": true } }),
        )
        .await;
    assert_eq!(started.status, StatusCode::CREATED, "{}", started.body);
    let run = started.body["runId"].as_str().expect("run").to_owned();
    assert_eq!(started.body["transcript"][0]["type"], "buttons");
    assert_eq!(started.body["transcript"][0]["content"]["text"], "Hi Tess, pizza or pasta?");

    let replied = s
        .app
        .post(
            &format!("/api/v1/flows/{id}/sandbox/{run}/messages"),
            Some(&s.owner.token),
            json!({ "replyId": "pasta" }),
        )
        .await;
    assert_eq!(replied.status, StatusCode::OK, "{}", replied.body);
    assert_eq!(replied.body["waitingFor"]["kind"], "timer", "{}", replied.body);
    assert_eq!(replied.body["variables"]["dish"], "Pasta");
    let before = replied.body["clock"].as_str().expect("clock").to_owned();
    let skipped = s.app.post(&format!("/api/v1/flows/{id}/sandbox/{run}/skip"), Some(&s.owner.token), json!({})).await;
    assert_eq!(skipped.status, StatusCode::OK, "{}", skipped.body);
    assert_eq!(skipped.body["status"], "completed", "{}", skipped.body);
    let after = skipped.body["clock"].as_str().expect("clock");
    let days = (chrono::DateTime::parse_from_rfc3339(after).expect("t")
        - chrono::DateTime::parse_from_rfc3339(&before).expect("t"))
    .num_hours();
    assert!(days >= 47, "the clock moved two days: {days} h");
    let path: Vec<&str> =
        skipped.body["path"].as_array().expect("path").iter().filter_map(|p| p["node"].as_str()).collect();
    assert_eq!(path, ["start", "menu", "menu", "later", "later", "bye", "end"]);
    let last_bot =
        skipped.body["transcript"].as_array().expect("t").iter().rev().find(|m| m["from"] == "bot").expect("bot");
    assert_eq!(last_bot["type"], "template", "two days later only a template may go out");
    assert_eq!(s.count("select count(*) from messages").await, 0, "the sandbox sends nothing");
    assert_eq!(s.count("select count(*) from apalis.jobs").await, 0);
    let done = s.app.post(&format!("/api/v1/flows/{id}/sandbox/{run}/skip"), Some(&s.owner.token), json!({})).await;
    assert_eq!((done.status, done.code()), (StatusCode::CONFLICT, "nothing_to_skip"), "{}", done.body);
}
