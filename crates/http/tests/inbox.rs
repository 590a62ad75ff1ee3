//! The team inbox through the API: routing (round-robin, least-busy, capacity, only online members),
//! the 24-hour window, snoozing, notes, labels, filters and cursor pages, business hours and the away
//! message, the set-up's own validation, and the domain events each change publishes after commit.

use axum::http::{Method, StatusCode};
use parley_services::events::{Event, Published};
use parley_test_support::{Signup, TestApp, text_webhook};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};
use std::sync::Arc;
use uuid::Uuid;

struct Shop {
    app: TestApp,
    owner: Signup,
    number: String,
    pnid: String,
    secret: String,
}

async fn shop() -> Shop {
    let app = TestApp::spawn().await;
    let owner = app.signup("Inbox Shop").await;
    let pnid = format!("1{}", &Uuid::now_v7().as_u128().to_string()[..12]);
    let secret = format!("secret-{}", Uuid::now_v7().simple());
    let res = app
        .post(
            "/api/v1/whatsapp/connections",
            Some(&owner.token),
            json!({ "kind": "cloud", "name": "Main", "phoneNumberId": pnid, "wabaId": "29", "accessToken": "EAAx",
                    "appSecret": secret }),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let number = res.body["id"].as_str().expect("id").to_owned();
    Shop { app, owner, number, pnid, secret }
}

impl Shop {
    /// A customer writes; answers the conversation.
    async fn customer_writes(&self, from: &str, text: &str) -> Value {
        let wamid = format!("wamid.{}", Uuid::now_v7().simple());
        let hook = text_webhook(&self.pnid, &wamid, from, text, chrono::Utc::now().timestamp());
        assert_eq!(self.app.signed_webhook(&self.number, &self.secret, &hook).await.status, StatusCode::OK);
        self.app.services.ingest.drain().await.expect("process webhooks");
        let list = self.app.get("/api/v1/conversations?limit=200", &self.owner.token).await;
        let phone = format!("+{from}");
        list.body["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|c| c["contactPhone"] == phone.as_str())
            .cloned()
            .expect("the customer's conversation")
    }

    async fn settings(&self, patch: Value) {
        let mut body = json!({ "timezone": "UTC", "businessHoursEnabled": false, "businessHours": [],
            "awayMessageEnabled": false, "awayMessage": "", "autoAssign": "off", "defaultCapacity": 10 });
        for (k, v) in patch.as_object().expect("object") {
            body[k] = v.clone();
        }
        let res = self.app.call(Method::PUT, "/api/v1/inbox/settings", Some(&self.owner.token), Some(body)).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }

    async fn online(&self, who: &Signup) {
        self.app.services.presence.connected(who.tenant_id, who.user_id).await.expect("presence");
    }

    async fn capacity(&self, who: &Signup, capacity: i64) {
        let res = self
            .app
            .patch(&format!("/api/v1/agents/{}", who.user_id), &self.owner.token, json!({ "capacity": capacity }))
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
}

fn assignee(c: &Value) -> Option<String> {
    c["assigneeId"].as_str().map(str::to_owned)
}

/// A customer's number (each test has its own database, so the same numbers never meet).
fn phone(n: u32) -> String {
    format!("1415{n:07}")
}

#[tokio::test]
async fn round_robin_routes_to_online_members_below_capacity_and_skips_the_rest() {
    let s = shop().await;
    let (a, b, away) = (
        s.app.add_member(&s.owner, "agent").await,
        s.app.add_member(&s.owner, "agent").await,
        s.app.add_member(&s.owner, "agent").await,
    );
    s.settings(json!({ "autoAssign": "round_robin", "defaultCapacity": 2 })).await;
    s.capacity(&a, 1).await;
    for who in [&a, &b, &away] {
        s.online(who).await;
    }
    let res = s.app.patch("/api/v1/agents/me", &away.token, json!({ "status": "away" })).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    // The owner is offline: never picked.
    let mut got = vec![];
    for n in 0..4 {
        got.push(assignee(&s.customer_writes(&phone(n * 7), "hello").await));
    }
    let ids = |who: &Signup| got.iter().filter(|g| g.as_deref() == Some(&who.user_id.to_string())).count();
    assert_eq!(ids(&a), 1, "a's capacity is 1: {got:?}");
    assert_eq!(ids(&b), 2, "b has the default capacity 2: {got:?}");
    assert_eq!(ids(&away), 0, "away members get nothing");
    assert_eq!(got.iter().filter(|g| g.is_none()).count(), 1, "the fourth waits, everyone being full");
    // Round-robin alternates while both have room: the first two went to different people.
    assert_ne!(got[0], got[1]);
    let agents = s.app.get("/api/v1/agents", &s.owner.token).await;
    let b_row = agents.body.as_array().expect("agents").iter().find(|x| x["userId"] == b.user_id.to_string()).cloned();
    assert_eq!(b_row.expect("b listed")["openConversations"], 2);
}

#[tokio::test]
async fn least_busy_prefers_the_member_with_fewest_open_conversations() {
    let s = shop().await;
    let (a, b) = (s.app.add_member(&s.owner, "agent").await, s.app.add_member(&s.owner, "agent").await);
    // a already holds two conversations (assigned by hand while routing was off).
    for n in 0..2 {
        let c = s.customer_writes(&phone(100 + n), "earlier").await;
        let res = s
            .app
            .call(
                Method::PATCH,
                &format!("/api/v1/conversations/{}/assign", c["id"].as_str().expect("id")),
                Some(&s.owner.token),
                Some(json!({ "assigneeId": a.user_id })),
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert_eq!(res.body["assigneeName"], "Member");
    }
    s.settings(json!({ "autoAssign": "least_busy" })).await;
    s.online(&a).await;
    s.online(&b).await;
    let got: Vec<_> = [200, 201].iter().map(|n| phone(*n)).collect();
    let first = s.customer_writes(&got[0], "new one").await;
    let second = s.customer_writes(&got[1], "another").await;
    assert_eq!(assignee(&first), Some(b.user_id.to_string()), "b had none");
    assert_eq!(assignee(&second), Some(b.user_id.to_string()), "b (1) is still less busy than a (2)");
}

#[tokio::test]
async fn nobody_online_means_conversations_wait_unassigned_and_a_reply_keeps_the_assignee() {
    let s = shop().await;
    let agent = s.app.add_member(&s.owner, "agent").await;
    s.settings(json!({ "autoAssign": "round_robin" })).await;
    let c = s.customer_writes(&phone(300), "anyone?").await;
    assert_eq!(assignee(&c), None, "an offline agent is not routed to");
    s.online(&agent).await;
    let again = s.customer_writes(&phone(300), "hello?").await;
    // Same customer, same conversation: still unassigned, it is routed when they write again.
    assert_eq!(again["id"], c["id"]);
    assert_eq!(assignee(&again), Some(agent.user_id.to_string()));
    let more = s.customer_writes(&phone(300), "thanks").await;
    assert_eq!(assignee(&more), Some(agent.user_id.to_string()), "routing never moves an assigned conversation");
}

#[tokio::test]
async fn outside_the_24_hour_window_only_templates_go_out_but_notes_always_can() {
    let s = shop().await;
    let c = s.customer_writes(&phone(400), "hi").await;
    let id = c["id"].as_str().expect("id");
    assert_eq!(c["windowOpen"], true);
    let ok = s
        .app
        .post(
            &format!("/api/v1/conversations/{id}/messages"),
            Some(&s.owner.token),
            json!({ "type": "text", "text": "Line 1\nLine 2" }),
        )
        .await;
    assert_eq!(ok.status, StatusCode::ACCEPTED, "{}", ok.body);
    assert_eq!(ok.body["content"]["text"], "Line 1\nLine 2", "line breaks survive");
    s.app
        .owner_db()
        .await
        .execute_unprepared(&format!(
            "update conversations set last_inbound_at = now() - interval '24 hours 1 minute' where id = '{id}'"
        ))
        .await
        .expect("age the window");
    let conv = s.app.get(&format!("/api/v1/conversations/{id}"), &s.owner.token).await;
    assert_eq!(conv.body["windowOpen"], false);
    let refused = s
        .app
        .post(
            &format!("/api/v1/conversations/{id}/messages"),
            Some(&s.owner.token),
            json!({ "type": "text", "text": "late" }),
        )
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "the conversation's state refuses it, not the request");
    assert_eq!(refused.code(), "service_window_closed");
    let note = s
        .app
        .post(
            &format!("/api/v1/conversations/{id}/notes"),
            Some(&s.owner.token),
            json!({ "text": "call them\ntomorrow" }),
        )
        .await;
    assert_eq!(note.status, StatusCode::CREATED, "{}", note.body);
    assert_eq!(note.body["direction"], "note");
    assert_eq!(note.body["senderName"], "Owner");
    let page = s.app.get(&format!("/api/v1/conversations/{id}/messages"), &s.owner.token).await;
    let directions: Vec<_> =
        page.body["items"].as_array().expect("items").iter().map(|m| m["direction"].clone()).collect();
    assert_eq!(
        directions,
        vec![json!("note"), json!("outbound"), json!("inbound")],
        "newest first, the refused one absent"
    );
    // A note is never queued for WhatsApp: one send job in all (the text before the window closed).
    let jobs = s
        .app
        .owner_db()
        .await
        .query_one_raw(sea_orm::Statement::from_string(
            sea_orm::DbBackend::Postgres,
            "select count(*) as n from apalis.jobs where job_type = 'parley::send_message'",
        ))
        .await
        .expect("count")
        .expect("row")
        .try_get::<i64>("", "n")
        .expect("n");
    assert_eq!(jobs, 1);
    let blank =
        s.app.post(&format!("/api/v1/conversations/{id}/notes"), Some(&s.owner.token), json!({ "text": "  " })).await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_snoozed_conversation_reopens_when_its_time_comes_or_when_the_customer_writes() {
    let s = shop().await;
    let c = s.customer_writes(&phone(500), "hi").await;
    let id = c["id"].as_str().expect("id");
    let path = format!("/api/v1/conversations/{id}");
    let none = s.app.patch(&path, &s.owner.token, json!({ "status": "snoozed" })).await;
    assert_eq!(none.status, StatusCode::UNPROCESSABLE_ENTITY, "snoozed needs snoozedUntil");
    let stray =
        s.app.patch(&path, &s.owner.token, json!({ "status": "open", "snoozedUntil": "2030-01-01T00:00:00Z" })).await;
    assert_eq!(stray.status, StatusCode::UNPROCESSABLE_ENTITY, "only snoozed takes snoozedUntil");
    // A time already past is taken: snoozed now, reopened by the next sweep.
    let past = s
        .app
        .patch(&path, &s.owner.token, json!({ "status": "snoozed", "snoozedUntil": "2020-01-01T00:00:00Z" }))
        .await;
    assert_eq!(past.status, StatusCode::OK, "{}", past.body);
    assert_eq!(past.body["status"], "snoozed");
    assert_eq!(s.app.services.core.reopen_snoozed().await.expect("sweep"), 1, "due at once");
    assert_eq!(s.app.get(&path, &s.owner.token).await.body["status"], "open");
    let until = chrono::Utc::now() + chrono::Duration::milliseconds(600);
    let res = s.app.patch(&path, &s.owner.token, json!({ "status": "snoozed", "snoozedUntil": until })).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.body["status"], "snoozed");
    assert_eq!(s.app.services.core.reopen_snoozed().await.expect("sweep"), 0, "not due yet");
    tokio::time::sleep(std::time::Duration::from_millis(700)).await;
    assert_eq!(s.app.services.core.reopen_snoozed().await.expect("sweep"), 1);
    let now = s.app.get(&path, &s.owner.token).await;
    assert_eq!(now.body["status"], "open");
    assert!(now.body["snoozedUntil"].is_null());
    // Snoozed for a week, but the customer writes: open again at once.
    let week = chrono::Utc::now() + chrono::Duration::days(7);
    s.app.patch(&path, &s.owner.token, json!({ "status": "snoozed", "snoozedUntil": week })).await;
    let again = s.customer_writes(&c["contactPhone"].as_str().expect("phone")[1..], "still there?").await;
    assert_eq!(again["status"], "open");
    assert!(again["snoozedUntil"].is_null());
    // Resolving clears any snooze and is kept until the customer writes.
    let resolved = s.app.patch(&path, &s.owner.token, json!({ "status": "resolved" })).await;
    assert_eq!(resolved.body["status"], "resolved");
}

#[tokio::test]
async fn filters_counts_and_cursor_pages_cover_every_conversation_once() {
    let s = shop().await;
    let agent = s.app.add_member(&s.owner, "agent").await;
    let label = s.app.post("/api/v1/labels", Some(&s.owner.token), json!({ "name": "VIP" })).await;
    let label = label.body["id"].as_str().expect("label").to_owned();
    let mut ids = vec![];
    for n in 0..7 {
        ids.push(
            s.customer_writes(&phone(600 + n * 3), &format!("message {n}")).await["id"]
                .as_str()
                .expect("id")
                .to_owned(),
        );
    }
    // Two for the agent, one labelled, one resolved.
    for id in &ids[..2] {
        s.app
            .patch(
                &format!("/api/v1/conversations/{id}/assign"),
                &s.owner.token,
                json!({ "assigneeId": agent.user_id }),
            )
            .await;
    }
    let labelled = s
        .app
        .call(
            Method::PUT,
            &format!("/api/v1/conversations/{}/labels", ids[3]),
            Some(&s.owner.token),
            Some(json!({ "labelIds": [label] })),
        )
        .await;
    assert_eq!(labelled.body["labels"][0]["name"], "VIP");
    s.app.patch(&format!("/api/v1/conversations/{}", ids[6]), &s.owner.token, json!({ "status": "resolved" })).await;

    let counts = s.app.get("/api/v1/conversations/counts", &agent.token).await;
    assert_eq!(counts.body, json!({ "mine": 2, "unassigned": 4, "all": 6 }));
    let mine = s.app.get("/api/v1/conversations?assignee=me", &agent.token).await;
    assert_eq!(mine.body["total"], 2);
    let unassigned = s.app.get("/api/v1/conversations?assignee=unassigned&status=open", &agent.token).await;
    assert_eq!(unassigned.body["total"], 4);
    let by_label = s.app.get(&format!("/api/v1/conversations?labelId={label}"), &agent.token).await;
    assert_eq!(by_label.body["items"][0]["id"], ids[3].as_str());
    assert_eq!(by_label.body["total"], 1);

    let mut seen = vec![];
    let mut cursor: Option<String> = None;
    loop {
        let q = cursor.as_ref().map(|c| format!("&cursor={c}")).unwrap_or_default();
        let page = s.app.get(&format!("/api/v1/conversations?limit=3{q}"), &agent.token).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert_eq!(page.body["total"], 7);
        seen.extend(
            page.body["items"].as_array().expect("items").iter().map(|c| c["id"].as_str().expect("id").to_owned()),
        );
        match page.body["nextCursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    let mut newest_first = ids.clone();
    newest_first.reverse();
    assert_eq!(seen, newest_first, "every conversation once, latest activity first");
    let bad = s.app.get("/api/v1/conversations?cursor=nonsense", &agent.token).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let bad = s.app.get("/api/v1/conversations?assignee=someone", &agent.token).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn assignment_checks_members_and_teams_and_labels_must_be_the_workspaces_own() {
    let s = shop().await;
    let other = s.app.signup("Elsewhere").await;
    let other_label = s.app.post("/api/v1/labels", Some(&other.token), json!({ "name": "Theirs" })).await;
    let c = s.customer_writes(&phone(700), "hi").await;
    let id = c["id"].as_str().expect("id");
    let path = format!("/api/v1/conversations/{id}/assign");
    let assign = |body: Value| s.app.call(Method::PATCH, &path, Some(&s.owner.token), Some(body));
    let res = assign(json!({ "assigneeId": other.user_id })).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "another workspace's person is no member here");
    assert_eq!(res.body["details"]["fields"][0]["field"], "assigneeId", "{}", res.body);
    let res = assign(json!({ "teamId": Uuid::now_v7() })).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(res.body["details"]["fields"][0]["field"], "teamId", "{}", res.body);
    let res = assign(json!({ "assigneeId": 42 })).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    let team = s
        .app
        .post(
            "/api/v1/teams",
            Some(&s.owner.token),
            json!({ "name": "Support", "memberIds": [s.owner.user_id, other.user_id] }),
        )
        .await;
    assert_eq!(team.body["memberIds"], json!([s.owner.user_id]), "another workspace's person is left out");
    let res = assign(json!({ "teamId": team.body["id"], "assigneeId": s.owner.user_id })).await;
    assert_eq!(res.body["teamName"], "Support");
    assert_eq!(res.body["assigneeName"], "Owner");
    // Omitted keeps, null clears.
    let res = assign(json!({ "assigneeId": null })).await;
    assert!(res.body["assigneeId"].is_null());
    assert_eq!(res.body["teamName"], "Support");
    let res = s
        .app
        .call(
            Method::PUT,
            &format!("/api/v1/conversations/{id}/labels"),
            Some(&s.owner.token),
            Some(json!({ "labelIds": [other_label.body["id"]] })),
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "another workspace's label is unknown here");
    assert_eq!(res.body["details"]["fields"][0]["field"], "labelIds", "{}", res.body);
    let conv = s.app.get(&format!("/api/v1/conversations/{id}"), &s.owner.token).await;
    assert_eq!(conv.body["labels"], json!([]));
}

#[tokio::test]
async fn the_away_message_goes_out_once_per_closed_period() {
    let s = shop().await;
    // A schedule that is never open: every message arrives outside business hours.
    s.settings(json!({ "businessHoursEnabled": true, "businessHours": [], "awayMessageEnabled": true,
                       "awayMessage": "We are closed; back tomorrow at 9." }))
        .await;
    let settings = s.app.get("/api/v1/inbox/settings", &s.owner.token).await;
    assert_eq!(settings.body["openNow"], false);
    let c = s.customer_writes(&phone(800), "anyone?").await;
    s.customer_writes(&c["contactPhone"].as_str().expect("phone")[1..], "hello??").await;
    let page =
        s.app.get(&format!("/api/v1/conversations/{}/messages", c["id"].as_str().expect("id")), &s.owner.token).await;
    let away: Vec<_> =
        page.body["items"].as_array().expect("items").iter().filter(|m| m["direction"] == "outbound").collect();
    assert_eq!(away.len(), 1, "one away message for two customer messages in the same closed period");
    assert_eq!(away[0]["content"]["text"], "We are closed; back tomorrow at 9.");
    assert_eq!(away[0]["status"], "queued");
    assert!(away[0]["senderUserId"].is_null());
    // Open all week: no away message.
    let all_day: Vec<Value> = (0..7).map(|d| json!({ "day": d, "open": "00:00", "close": "24:00" })).collect();
    s.settings(json!({ "businessHoursEnabled": true, "businessHours": all_day, "awayMessageEnabled": true,
                       "awayMessage": "closed" }))
        .await;
    let open = s.customer_writes(&phone(850), "hi").await;
    let page = s
        .app
        .get(&format!("/api/v1/conversations/{}/messages", open["id"].as_str().expect("id")), &s.owner.token)
        .await;
    assert_eq!(page.body["items"].as_array().expect("items").len(), 1);
}

#[tokio::test]
async fn the_set_up_validates_its_input_and_refuses_duplicates() {
    let s = shop().await;
    let t = &s.owner.token;
    let bad = s.app.post("/api/v1/labels", Some(t), json!({ "name": "", "color": "red" })).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<_> =
        bad.body["details"]["fields"].as_array().expect("details").iter().map(|d| d["field"].clone()).collect();
    assert!(fields.contains(&json!("name")) && fields.contains(&json!("color")), "{}", bad.body);
    assert_eq!(s.app.post("/api/v1/labels", Some(t), json!({ "name": "Urgent" })).await.status, StatusCode::CREATED);
    let dup = s.app.post("/api/v1/labels", Some(t), json!({ "name": "urgent" })).await;
    assert_eq!((dup.status, dup.code()), (StatusCode::CONFLICT, "label_exists"));
    let canned =
        json!({ "shortcut": "/Hours", "title": "Opening hours", "content": "Hi {{contact.name}},\nwe open at 9." });
    let made = s.app.post("/api/v1/canned-responses", Some(t), canned.clone()).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    assert_eq!(made.body["shortcut"], "hours", "the slash is dropped and case folded");
    let dup = s.app.post("/api/v1/canned-responses", Some(t), canned).await;
    assert_eq!(dup.code(), "shortcut_exists");
    let bad = s
        .app
        .post("/api/v1/canned-responses", Some(t), json!({ "shortcut": "two words", "title": "x", "content": "y" }))
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let found = s.app.get("/api/v1/canned-responses?q=open", t).await;
    assert_eq!(found.body.as_array().expect("list").len(), 1);
    let bad = s
        .app
        .call(
            Method::PUT,
            "/api/v1/inbox/settings",
            Some(t),
            Some(json!({ "timezone": "Mars/Olympus", "businessHoursEnabled": true,
                "businessHours": [{ "day": 7, "open": "18:00", "close": "09:00" }], "awayMessageEnabled": true,
                "awayMessage": "", "autoAssign": "sometimes", "defaultCapacity": 0 })),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<_> =
        bad.body["details"]["fields"].as_array().expect("details").iter().map(|d| d["field"].clone()).collect();
    for f in ["timezone", "autoAssign", "defaultCapacity", "awayMessage"] {
        assert!(fields.contains(&json!(f)), "{f} reported: {}", bad.body);
    }
    // Closing at or before opening is past midnight, not a mistake.
    let overnight = s
        .app
        .call(
            Method::PUT,
            "/api/v1/inbox/settings",
            Some(t),
            Some(json!({ "timezone": "UTC", "businessHoursEnabled": true,
                "businessHours": [{ "day": 0, "open": "18:00", "close": "09:00" }, { "day": 5, "open": "00:00", "close": "00:00" }],
                "awayMessageEnabled": false, "awayMessage": "", "autoAssign": "off", "defaultCapacity": 5 })),
        )
        .await;
    assert_eq!(overnight.status, StatusCode::OK, "{}", overnight.body);
    assert_eq!(overnight.body["businessHours"][0]["close"], "09:00");
    let status = s.app.patch("/api/v1/agents/me", t, json!({ "status": "sleeping" })).await;
    assert_eq!(status.status, StatusCode::UNPROCESSABLE_ENTITY);
    let cap = s.app.patch(&format!("/api/v1/agents/{}", s.owner.user_id), t, json!({ "capacity": -1 })).await;
    assert_eq!(cap.status, StatusCode::UNPROCESSABLE_ENTITY);
}

/// What the bus carried, by kind.
fn kinds(events: &[Arc<Published>]) -> Vec<&'static str> {
    events
        .iter()
        .map(|p| match &p.event {
            Event::MessageNew { .. } => "message:new",
            Event::MessageStatus { .. } => "message:status",
            Event::ConversationNew { .. } => "conversation:new",
            Event::ConversationUpdated { .. } => "conversation:updated",
            Event::ConversationAssigned { .. } => "conversation:assigned",
            Event::AgentPresence { .. } => "agent:presence",
            Event::Notification { .. } => "notification",
            Event::AccessRevoked { .. } => "access:revoked",
            Event::ImportProgress { .. } => "import:progress",
            Event::CampaignProgress { .. } => "campaign:progress",
            Event::Integration { kind, .. } => kind,
        })
        .collect()
}

fn drain(rx: &mut tokio::sync::broadcast::Receiver<Arc<Published>>) -> Vec<Arc<Published>> {
    let mut out = vec![];
    while let Ok(e) = rx.try_recv() {
        out.push(e);
    }
    out
}

#[tokio::test]
async fn each_committed_change_publishes_its_events_and_a_refused_one_publishes_none() {
    let s = shop().await;
    let agent = s.app.add_member(&s.owner, "agent").await;
    let mut rx = s.app.services.core.events.subscribe();
    let c = s.customer_writes(&phone(900), "first").await;
    let got = drain(&mut rx);
    assert_eq!(kinds(&got), vec!["conversation:new", "notification", "message:new"]);
    assert!(got.iter().all(|p| p.tenant_id == s.owner.tenant_id));
    if let Event::Notification { user_id, .. } = &got[1].event {
        assert_eq!(*user_id, None, "unassigned: the whole workspace hears it");
    }
    let id = c["id"].as_str().expect("id");
    s.app
        .patch(&format!("/api/v1/conversations/{id}/assign"), &s.owner.token, json!({ "assigneeId": agent.user_id }))
        .await;
    let got = drain(&mut rx);
    assert_eq!(kinds(&got), vec!["conversation:assigned", "notification"]);
    if let Event::Notification { user_id, kind, .. } = &got[1].event {
        assert_eq!((*user_id, *kind), (Some(agent.user_id), "assigned"));
    }
    s.customer_writes(&c["contactPhone"].as_str().expect("phone")[1..], "second").await;
    let got = drain(&mut rx);
    assert_eq!(kinds(&got), vec!["conversation:updated", "notification", "message:new"]);
    if let Event::Notification { user_id, .. } = &got[1].event {
        assert_eq!(*user_id, Some(agent.user_id), "the assignee hears about their customer");
    }
    // Refused: a snooze without its time, an unknown label. Nothing is published.
    s.app.patch(&format!("/api/v1/conversations/{id}"), &s.owner.token, json!({ "status": "snoozed" })).await;
    s.app
        .call(
            Method::PUT,
            &format!("/api/v1/conversations/{id}/labels"),
            Some(&s.owner.token),
            Some(json!({ "labelIds": [Uuid::now_v7()] })),
        )
        .await;
    assert!(drain(&mut rx).is_empty());
    s.app
        .post(
            &format!("/api/v1/conversations/{id}/messages"),
            Some(&s.owner.token),
            json!({ "type": "text", "text": "reply" }),
        )
        .await;
    assert_eq!(kinds(&drain(&mut rx)), vec!["message:new", "conversation:updated"]);
    s.app.post(&format!("/api/v1/conversations/{id}/read"), Some(&s.owner.token), json!({})).await;
    assert_eq!(kinds(&drain(&mut rx)), vec!["conversation:updated"], "unread cleared");
}
