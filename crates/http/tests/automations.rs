//! Automations end to end: Parley on a real port with the WhatsApp simulator, the automation worker and a quick
//! timer sweeper. A keyword rule labels, assigns and starts a flow on a customer's message; AND/OR condition
//! groups decide; schedules are validated; a rule never loops on its own changes; a no-reply timer fires once per
//! waiting message; every look is in the rule's run log.

use axum::http::StatusCode;
use parley_test_support::{Signup, TestApp, TestOptions};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::{Value, json};
use std::time::Duration;

async fn app() -> TestApp {
    TestApp::spawn_channel_opts(TestOptions {
        webhooks: parley_services::automations::WebhooksConfig {
            automation_sweep: Duration::from_millis(200),
            ..Default::default()
        },
        ..TestOptions::default()
    })
    .await
}

const CUSTOMER: &str = "14155550177";

struct Shop {
    app: TestApp,
    owner: Signup,
    pnid: String,
}

/// A workspace with a Cloud API number registered in the simulator (its customers' messages come in through
/// signed webhooks).
async fn shop() -> Shop {
    let app = app().await;
    let owner = app.signup("Rule Roastery").await;
    let n = uuid::Uuid::now_v7().as_u128().to_string();
    let digits = &n[n.len() - 14..];
    let (pnid, waba, token, secret) =
        (format!("1{digits}"), format!("2{digits}"), format!("EAAtest{digits}"), format!("secret{digits}"));
    let res = app
        .post(
            "/api/v1/whatsapp/connections",
            Some(&owner.token),
            json!({ "kind": "cloud", "name": "Main line", "phoneNumberId": pnid, "wabaId": waba,
                    "accessToken": token, "appSecret": secret }),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    app.ch()
        .sim_post(
            "/numbers",
            json!({ "phoneNumberId": pnid, "wabaId": waba, "displayPhoneNumber": "+1 555 0100",
                    "verifiedName": "Roastery", "accessToken": token, "appSecret": secret,
                    "webhookUrl": res.body["webhookUrl"] }),
        )
        .await;
    Shop { app, owner, pnid }
}

impl Shop {
    async fn writes(&self, text: &str) {
        self.app
            .ch()
            .sim_post(&format!("/customers/{CUSTOMER}/messages"), json!({ "phoneNumberId": self.pnid, "text": text }))
            .await;
    }

    async fn rule(&self, body: Value) -> String {
        let res = self.app.post("/api/v1/automations", Some(&self.owner.token), body).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        res.body["id"].as_str().expect("id").to_owned()
    }

    async fn runs(&self, rule: &str) -> Vec<Value> {
        let res = self.app.get(&format!("/api/v1/automations/{rule}/runs"), &self.owner.token).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        res.body["items"].as_array().expect("items").clone()
    }

    /// Waits until the rule's run log holds `n` runs (at most `secs`), and answers it.
    async fn wait_runs(&self, rule: &str, n: usize, secs: u64) -> Vec<Value> {
        for _ in 0..secs * 10 {
            let runs = self.runs(rule).await;
            if runs.len() >= n {
                return runs;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("rule {rule} did not run {n} times: {:?}", self.runs(rule).await);
    }

    async fn conversation(&self) -> Value {
        for _ in 0..100 {
            let res = self.app.get("/api/v1/conversations", &self.owner.token).await;
            if let Some(c) = res.body["items"].as_array().and_then(|a| a.first()) {
                return c.clone();
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("no conversation");
    }

    async fn label(&self, name: &str) -> String {
        let res = self.app.post("/api/v1/labels", Some(&self.owner.token), json!({ "name": name })).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        res.body["id"].as_str().expect("label id").to_owned()
    }

    async fn count(&self, q: &str) -> i64 {
        self.app
            .owner_db()
            .await
            .query_one_raw(Statement::from_string(DbBackend::Postgres, q.to_owned()))
            .await
            .expect(q)
            .expect("row")
            .try_get_by_index::<i64>(0)
            .expect("count")
    }
}

#[tokio::test]
async fn a_keyword_rule_labels_assigns_and_starts_a_flow_on_a_customers_message() {
    let s = shop().await;
    let agent = s.app.add_member(&s.owner, "agent").await;
    let refund = s.label("refund").await;
    let flow = s
        .app
        .post(
            "/api/v1/flows",
            Some(&s.owner.token),
            json!({ "name": "Refund helper", "templateKey": "welcome_menu",
        "trigger": { "kind": "manual" } }),
        )
        .await;
    assert_eq!(flow.status, StatusCode::CREATED, "{}", flow.body);
    let flow_id = flow.body["id"].as_str().expect("flow").to_owned();
    let published = s.app.post(&format!("/api/v1/flows/{flow_id}/publish"), Some(&s.owner.token), json!({})).await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.body);

    let rule = s
        .rule(json!({
            "name": "Refunds to Sam",
            "trigger": { "kind": "messageReceived", "keywords": ["refund", "money back"] },
            "actions": [
                { "type": "addLabel", "labelId": refund },
                { "type": "assign", "userId": agent.user_id },
                { "type": "startFlow", "flowId": flow_id }
            ]
        }))
        .await;
    // Agents read rules but do not write them.
    assert_eq!(s.app.get("/api/v1/automations", &agent.token).await.status, StatusCode::OK);
    let denied = s.app.patch(&format!("/api/v1/automations/{rule}"), &agent.token, json!({ "name": "Mine" })).await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);

    s.writes("Hello, where is my order?").await;
    s.writes("I would like a REFUND please").await;
    let runs = s.wait_runs(&rule, 1, 15).await;
    assert_eq!(runs.len(), 1, "only the message with a keyword runs the rule: {runs:?}");
    let run = &runs[0];
    assert_eq!(run["status"], "matched", "{run}");
    assert_eq!(run["eventKind"], "message.created");
    assert!(run["eventId"].as_str().is_some_and(|e| e.starts_with("evt_")));
    let actions = run["actions"].as_array().expect("actions");
    assert_eq!(actions.len(), 3);
    assert!(actions.iter().all(|a| a["ok"] == true), "{actions:?}");
    assert_eq!(actions[2]["type"], "startFlow");

    let c = s.conversation().await;
    assert_eq!(c["assigneeId"], agent.user_id.to_string(), "{c}");
    assert!(c["labels"].as_array().expect("labels").iter().any(|l| l["id"] == refund.as_str()), "{c}");
    assert_eq!(
        s.count(&format!("select count(*) from flow_runs where flow_id = '{flow_id}' and origin = 'automation'")).await,
        1
    );
    let rules = s.app.get(&format!("/api/v1/automations/{rule}"), &s.owner.token).await;
    assert_eq!(rules.body["runCount"], 1, "{}", rules.body);
    assert!(rules.body["lastRunAt"].is_string());

    // Disabled, it no longer looks at messages.
    let off =
        s.app.patch(&format!("/api/v1/automations/{rule}/status"), &s.owner.token, json!({ "enabled": false })).await;
    assert_eq!(off.body["enabled"], false, "{}", off.body);
    s.writes("refund again").await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(s.runs(&rule).await.len(), 1);
    let bad = s.app.get(&format!("/api/v1/automations/{rule}/runs?status=nope"), &s.owner.token).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn condition_groups_combine_with_and_and_or_and_later_rules_can_be_stopped() {
    let s = shop().await;
    let vip = s.label("pricing").await;
    let rule = s
        .rule(json!({
            "name": "Pricing questions",
            "trigger": { "kind": "messageReceived" },
            "conditions": { "match": "all", "groups": [
                { "match": "any", "items": [
                    { "type": "messageText", "op": "contains", "value": "price" },
                    { "type": "messageText", "op": "contains", "value": "cost" } ] },
                { "match": "all", "items": [
                    { "type": "businessHours", "open": true },
                    { "type": "conversationStatus", "statuses": ["open", "pending"] } ] }
            ] },
            "actions": [ { "type": "addLabel", "labelId": vip }, { "type": "stopOtherRules" } ]
        }))
        .await;
    let later = s
        .rule(json!({
            "name": "Everything else",
            "trigger": { "kind": "messageReceived" },
            "actions": [ { "type": "setStatus", "status": "pending" } ]
        }))
        .await;

    s.writes("What does the large bag cost?").await;
    let runs = s.wait_runs(&rule, 1, 15).await;
    assert_eq!(runs[0]["status"], "matched", "{runs:?}");
    s.writes("Thanks, see you").await;
    let runs = s.wait_runs(&rule, 2, 15).await;
    assert_eq!(runs[0]["status"], "skipped", "neither price nor cost: {runs:?}");
    // The first message stopped the later rule; the second reached it.
    let later_runs = s.wait_runs(&later, 1, 15).await;
    assert_eq!(later_runs.len(), 1, "{later_runs:?}");
    assert_eq!(later_runs[0]["status"], "matched");
    let c = s.conversation().await;
    assert_eq!(c["status"], "pending");

    // Reordered, the catch-all comes first.
    let res = s.app.post("/api/v1/automations/reorder", Some(&s.owner.token), json!({ "ids": [later] })).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.body[0]["id"], later.as_str());
    assert_eq!(res.body[1]["position"], 1);
}

#[tokio::test]
async fn schedules_and_rules_are_validated_with_every_problem_named() {
    let s = shop().await;
    let base = |trigger: Value| {
        json!({ "name": "Nightly", "trigger": trigger,
        "actions": [ { "type": "mailMember", "userId": s.owner.user_id, "subject": "Report", "text": "Go" } ] })
    };
    for cron in ["* * * * *", "*/2 * * * *", "every day", "0 25 * * *", "0,58 * * * *"] {
        let res = s
            .app
            .post("/api/v1/automations", Some(&s.owner.token), base(json!({ "kind": "schedule", "cron": cron })))
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{cron}: {}", res.body);
        assert!(res.body.to_string().contains("trigger.cron"), "{}", res.body);
    }
    let ok = s
        .app
        .post("/api/v1/automations", Some(&s.owner.token), base(json!({ "kind": "schedule", "cron": "0 9 * * 1-5" })))
        .await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.body);
    assert_eq!(ok.body["trigger"]["cron"], "0 9 * * 1-5");

    let bad = s
        .app
        .post(
            "/api/v1/automations",
            Some(&s.owner.token),
            json!({ "name": "", "trigger": { "kind": "noAgentReply", "minutes": 0 },
                    "actions": [ { "type": "addLabel", "labelId": uuid::Uuid::now_v7() },
                                 { "type": "setStatus", "status": "snoozed" } ] }),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    let text = bad.body.to_string();
    for field in ["name", "trigger.minutes", "actions[1].snoozeMinutes"] {
        assert!(text.contains(field), "{field} named in {text}");
    }
    // A well-formed rule whose ids name nothing in the workspace: 404, every such field listed.
    let nothing = uuid::Uuid::now_v7();
    let missing = s
        .app
        .post(
            "/api/v1/automations",
            Some(&s.owner.token),
            json!({ "name": "Ghosts", "trigger": { "kind": "labelAdded", "labelId": nothing },
                    "conditions": { "groups": [ { "items": [ { "type": "label", "labelId": nothing, "has": true } ] } ] },
                    "actions": [ { "type": "addLabel", "labelId": nothing },
                                 { "type": "assign", "userId": nothing, "teamId": nothing },
                                 { "type": "startFlow", "flowId": nothing },
                                 { "type": "webhook", "endpointId": nothing },
                                 { "type": "setField", "field": "nope", "value": "x" },
                                 { "type": "mailMember", "userId": nothing, "subject": "Hi", "text": "There" } ] }),
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND, "{}", missing.body);
    assert_eq!(missing.code(), "not_found");
    let fields: Vec<&str> = missing.body["details"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f["field"].as_str())
        .collect();
    assert_eq!(
        fields,
        [
            "trigger.labelId",
            "conditions.groups[0].items[0].labelId",
            "actions[0].labelId",
            "actions[1].userId",
            "actions[1].teamId",
            "actions[2].flowId",
            "actions[3].endpointId",
            "actions[4].field",
            "actions[5].userId",
        ]
    );
    let id = ok.body["id"].as_str().expect("id");
    let patched = s
        .app
        .patch(
            &format!("/api/v1/automations/{id}"),
            &s.owner.token,
            json!({ "actions": [ { "type": "webhook", "endpointId": nothing } ] }),
        )
        .await;
    assert_eq!(patched.status, StatusCode::NOT_FOUND, "{}", patched.body);
    assert_eq!(patched.body["details"]["fields"][0]["field"], "actions[0].endpointId");
    let unknown = s
        .app
        .post(
            "/api/v1/automations",
            Some(&s.owner.token),
            json!({ "name": "X",
        "trigger": { "kind": "teleport" }, "actions": [ { "type": "stopOtherRules" } ] }),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", unknown.body);
}

#[tokio::test]
async fn a_rule_that_sets_the_field_it_triggers_on_runs_once_and_its_echo_is_loop_guarded() {
    let s = shop().await;
    let field = s
        .app
        .post("/api/v1/contact-fields", Some(&s.owner.token), json!({ "key": "tier", "label": "Tier", "kind": "text" }))
        .await;
    assert_eq!(field.status, StatusCode::CREATED, "{}", field.body);
    let rule = s
        .rule(json!({
            "name": "Normalise tier",
            "trigger": { "kind": "contactFieldChanged", "field": "tier" },
            "actions": [ { "type": "setField", "field": "tier", "value": "gold" } ]
        }))
        .await;
    let contact =
        s.app.post("/api/v1/contacts", Some(&s.owner.token), json!({ "phone": "+14155550188", "name": "Noor" })).await;
    assert_eq!(contact.status, StatusCode::CREATED, "{}", contact.body);
    let id = contact.body["id"].as_str().expect("contact").to_owned();
    let res = s
        .app
        .patch(&format!("/api/v1/contacts/{id}"), &s.owner.token, json!({ "customFields": { "tier": "silver" } }))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);

    let runs = s.wait_runs(&rule, 2, 15).await;
    // Give a loop the time it would need to show itself.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let runs_after = s.runs(&rule).await;
    assert_eq!(runs_after.len(), 2, "one run and one guarded echo, no loop: {runs_after:?}");
    assert_eq!(runs[1]["status"], "matched", "{runs:?}");
    assert_eq!(runs[0]["status"], "loop_guarded", "{runs:?}");
    assert!(runs[0]["error"].as_str().is_some_and(|e| e.contains("own actions")));
    let c = s.app.get(&format!("/api/v1/contacts/{id}"), &s.owner.token).await;
    assert_eq!(c.body["customFields"]["tier"], "gold", "{}", c.body);
}

#[tokio::test]
async fn a_no_agent_reply_timer_fires_once_per_waiting_message() {
    let s = shop().await;
    let waiting = s.label("waiting").await;
    let rule = s
        .rule(json!({
            "name": "Nobody answered",
            "trigger": { "kind": "noAgentReply", "minutes": 5 },
            "actions": [ { "type": "addLabel", "labelId": waiting } ]
        }))
        .await;
    s.writes("Is anyone there?").await;
    let c = s.conversation().await;
    let id = c["id"].as_str().expect("conversation").to_owned();
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert!(s.runs(&rule).await.is_empty(), "not five minutes yet");
    // Five minutes pass.
    s.app
        .owner_db()
        .await
        .execute_raw(Statement::from_string(
            DbBackend::Postgres,
            format!("update conversations set last_inbound_at = now() - interval '6 minutes' where id = '{id}'"),
        ))
        .await
        .expect("backdate");
    let runs = s.wait_runs(&rule, 1, 10).await;
    assert_eq!(runs[0]["status"], "matched", "{runs:?}");
    assert_eq!(runs[0]["eventKind"], "noAgentReply");
    assert_eq!(runs[0]["conversationId"], id.as_str());
    // Still waiting (a label is no answer), yet the window fired once.
    tokio::time::sleep(Duration::from_millis(1000)).await;
    assert_eq!(s.runs(&rule).await.len(), 1);
    let c = s.conversation().await;
    assert!(c["labels"].as_array().expect("labels").iter().any(|l| l["id"] == waiting.as_str()), "{c}");
    let missing = s.app.get(&format!("/api/v1/automations/{}/runs", uuid::Uuid::now_v7()), &s.owner.token).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let deleted = s.app.delete(&format!("/api/v1/automations/{rule}"), &s.owner.token).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert_eq!(s.app.get(&format!("/api/v1/automations/{rule}"), &s.owner.token).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_chain_of_rules_stops_three_rules_deep_and_says_so() {
    let s = shop().await;
    let (first, second) = (s.label("first").await, s.label("second").await);
    // Each rule swaps one label for the other: together they would bounce forever.
    let a = s
        .rule(json!({ "name": "First to second", "trigger": { "kind": "labelAdded", "labelId": first },
            "actions": [ { "type": "removeLabel", "labelId": first }, { "type": "addLabel", "labelId": second } ] }))
        .await;
    let b = s
        .rule(json!({ "name": "Second to first", "trigger": { "kind": "labelAdded", "labelId": second },
            "actions": [ { "type": "removeLabel", "labelId": second }, { "type": "addLabel", "labelId": first } ] }))
        .await;
    s.writes("Hi").await;
    let c = s.conversation().await;
    let id = c["id"].as_str().expect("conversation");
    let res = s
        .app
        .call(
            axum::http::Method::PUT,
            &format!("/api/v1/conversations/{id}/labels"),
            Some(&s.owner.token),
            Some(json!({ "labelIds": [first] })),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    // A (a person's label), B (A's), A again (B's), then B is stopped: the chain is three rules deep.
    let b_runs = s.wait_runs(&b, 2, 15).await;
    assert_eq!(b_runs[0]["status"], "loop_guarded", "{b_runs:?}");
    assert!(b_runs[0]["error"].as_str().is_some_and(|e| e.contains("three deep")), "{b_runs:?}");
    assert_eq!(b_runs[1]["status"], "matched");
    tokio::time::sleep(Duration::from_millis(800)).await;
    let a_runs = s.runs(&a).await;
    assert_eq!(a_runs.len(), 2, "{a_runs:?}");
    assert!(a_runs.iter().all(|r| r["status"] == "matched"));
    assert_eq!(s.runs(&b).await.len(), 2, "nothing ran after the guard");
}
