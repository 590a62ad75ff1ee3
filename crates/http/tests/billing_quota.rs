//! Quotas and feature switches through the API, billed by hand (no gateway): the platform admin makes plans
//! and assigns them. Every limit answers 402 `quota_exceeded` naming a plan that allows more and stores
//! nothing; a missing switch answers 403 `feature_not_in_plan`; racing writers at a limit let exactly the
//! allowed number through; an unpaid bill restricts, then suspends, and paying restores.

use axum::http::{Method, StatusCode};
use chrono::{Duration, Utc};
use parley_test_support::{Response, Signup, TestApp, text_webhook};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::{Value, json};
use std::sync::Arc;
use uuid::Uuid;

/// A workspace with its owner and the platform admin who bills it.
struct Shop {
    app: TestApp,
    owner: Signup,
    admin: String,
}

async fn shop() -> Shop {
    let app = TestApp::spawn().await;
    let admin = app.platform_admin().await;
    let owner = app.signup("Quota Shop").await;
    Shop { app, owner, admin }
}

/// A customer's phone number, valid and distinct for each `n` below 10,000.
fn phone(n: u32) -> String {
    format!("+1415555{n:04}")
}

impl Shop {
    /// A plan (USD 10 a month) with `features` and `limits`; answers its id.
    async fn plan(&self, name: &str, features: Value, limits: Value) -> String {
        let res = self
            .app
            .post(
                "/api/v1/admin/plans",
                Some(&self.admin),
                json!({ "name": name, "prices": [{ "cycle": "monthly", "amount": 1000 }], "features": features,
                        "limits": limits }),
            )
            .await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        res.body["id"].as_str().expect("id").to_owned()
    }

    async fn assign(&self, plan: &str) {
        let res = self
            .app
            .post(
                &format!("/api/v1/admin/tenants/{}/billing/assign", self.owner.tenant_id),
                Some(&self.admin),
                json!({ "planId": plan, "reason": "billed by bank transfer" }),
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }

    async fn add_contact(&self, n: u32) -> Response {
        self.app.post("/api/v1/contacts", Some(&self.owner.token), json!({ "phone": phone(n) })).await
    }

    async fn contacts(&self) -> u64 {
        let res = self.app.get("/api/v1/contacts/count", &self.owner.token).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        res.body["count"].as_u64().expect("count")
    }

    /// Connects a Cloud API number; answers the response and the number's (id, phone number id, secret).
    async fn connect(&self) -> (Response, String, String) {
        let pnid = format!("1{}", &Uuid::now_v7().as_u128().to_string()[..12]);
        let secret = format!("secret-{}", Uuid::now_v7().simple());
        let res = self
            .app
            .post(
                "/api/v1/whatsapp/connections",
                Some(&self.owner.token),
                json!({ "kind": "cloud", "name": "Line", "phoneNumberId": pnid, "wabaId": "29",
                        "accessToken": "EAAx", "appSecret": secret }),
            )
            .await;
        (res, pnid, secret)
    }

    async fn numbers(&self) -> usize {
        let res = self.app.get("/api/v1/whatsapp/connections", &self.owner.token).await;
        res.body.as_array().expect("numbers").len()
    }

    async fn overview(&self) -> Value {
        let res = self.app.get("/api/v1/billing", &self.owner.token).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        res.body
    }

    /// The overview's meter `key` as (used, limit).
    async fn usage(&self, key: &str) -> (Value, Value) {
        let o = self.overview().await;
        let m = o["usage"].as_array().expect("usage").iter().find(|u| u["key"] == key).cloned().expect("meter");
        (m["used"].clone(), m["limit"].clone())
    }

    async fn sql_count(&self, q: &str) -> i64 {
        self.app
            .owner_db()
            .await
            .query_one_raw(Statement::from_string(DbBackend::Postgres, q.to_owned()))
            .await
            .expect("query")
            .expect("row")
            .try_get_by_index::<i64>(0)
            .expect("count")
    }
}

/// A connected number with a customer who just wrote (the service window is open).
struct Chat {
    number: String,
    pnid: String,
    secret: String,
    conversation: String,
}

impl Shop {
    async fn chat(&self) -> Chat {
        let (res, pnid, secret) = self.connect().await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        let number = res.body["id"].as_str().expect("id").to_owned();
        let mut chat = Chat { number, pnid, secret, conversation: String::new() };
        chat.conversation = self.customer_writes(&chat, "hello?").await;
        chat
    }

    /// The customer writes (an inbound webhook, processed); answers the conversation's id.
    async fn customer_writes(&self, chat: &Chat, text: &str) -> String {
        let wamid = format!("wamid.{}", Uuid::now_v7().simple());
        let hook = text_webhook(&chat.pnid, &wamid, "14155550999", text, Utc::now().timestamp());
        assert_eq!(self.app.signed_webhook(&chat.number, &chat.secret, &hook).await.status, StatusCode::OK);
        self.app.services.ingest.drain().await.expect("process webhooks");
        let list = self.app.get("/api/v1/conversations", &self.owner.token).await;
        list.body["items"][0]["id"].as_str().expect("the customer's conversation").to_owned()
    }

    async fn reply(&self, chat: &Chat, text: &str) -> Response {
        self.app
            .post(
                &format!("/api/v1/conversations/{}/messages", chat.conversation),
                Some(&self.owner.token),
                json!({ "type": "text", "text": text }),
            )
            .await
    }

    async fn outbound(&self) -> i64 {
        self.sql_count(&format!(
            "select count(*) from messages where tenant_id = '{}' and direction = 'outbound'",
            self.owner.tenant_id
        ))
        .await
    }

    /// Subjects of the usage warnings mailed to the owner.
    async fn warnings(&self) -> Vec<String> {
        let mut s: Vec<String> = self
            .app
            .mails_to(&self.owner.email)
            .await
            .iter()
            .filter_map(|m| m["subject"].as_str().map(str::to_owned))
            .filter(|s| s.contains("% of your") || s.contains("reached your limit"))
            .collect();
        s.sort();
        s
    }
}

fn quota(res: &Response) -> &Value {
    assert_eq!((res.status, res.code()), (StatusCode::PAYMENT_REQUIRED, "quota_exceeded"), "{}", res.body);
    &res.body["details"]
}

#[tokio::test]
async fn a_workspace_without_an_assigned_plan_is_unlimited() {
    let s = shop().await;
    // Plans exist (even a default one) but none is assigned: with manual billing nothing is limited.
    let tiny = s
        .plan(
            "Tiny",
            json!({}),
            json!({ "maxContacts": 1, "maxAgents": 1, "maxWhatsAppNumbers": 1, "maxMessagesPerMonth": 1 }),
        )
        .await;
    let res = s.app.post(&format!("/api/v1/admin/plans/{tiny}/default"), Some(&s.admin), json!({})).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let late = s.app.signup("Late Shop").await;
    for n in 0..3 {
        assert_eq!(s.add_contact(n).await.status, StatusCode::CREATED);
    }
    assert_eq!(s.contacts().await, 3);
    for who in ["a@example.com", "b@example.com"] {
        let res =
            s.app.post("/api/v1/invitations", Some(&s.owner.token), json!({ "email": who, "role": "agent" })).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    }
    let chat = s.chat().await;
    let (second, _, _) = s.connect().await;
    assert_eq!(second.status, StatusCode::CREATED, "several numbers without the switch: {}", second.body);
    for text in ["one", "two"] {
        assert_eq!(s.reply(&chat, text).await.status, StatusCode::ACCEPTED);
    }
    let key = s
        .app
        .post("/api/v1/api-keys", Some(&s.owner.token), json!({ "name": "zap", "scopes": ["contacts:write"] }))
        .await;
    assert_eq!(key.status, StatusCode::CREATED, "{}", key.body);
    assert_eq!(
        s.app.get("/api/v1/contacts", key.body["secret"].as_str().expect("secret")).await.status,
        StatusCode::OK
    );
    let o = s.overview().await;
    assert_eq!(
        (o["status"].as_str(), o["mode"].as_str(), o["access"].as_str()),
        (Some("none"), Some("manual"), Some("ok"))
    );
    assert!(o["plan"].is_null());
    assert_eq!(s.usage("contacts").await, (json!(4), Value::Null), "three by hand and the customer who wrote");
    assert_eq!(s.usage("agents").await, (json!(3), Value::Null), "the owner and two pending invitations");
    assert_eq!(s.usage("whatsAppNumbers").await, (json!(2), Value::Null));
    // A workspace signed up after the default plan was chosen gets no trial without a payment gateway.
    let o = s.app.get("/api/v1/billing", &late.token).await;
    assert_eq!(o.body["status"], "none", "{}", o.body);
}

#[tokio::test]
async fn the_contact_limit_refuses_one_more_by_hand_names_a_bigger_plan_and_overrides_add_room() {
    let s = shop().await;
    let small = s.plan("Small", json!({}), json!({ "maxContacts": 3 })).await;
    // Listed before Big and roomier, but cheaper than Small: suggesting it would be a step down.
    let free = s
        .app
        .post(
            "/api/v1/admin/plans",
            Some(&s.admin),
            json!({ "name": "Free", "prices": [{ "cycle": "monthly", "amount": 0 }], "limits": { "maxContacts": 5000 } }),
        )
        .await;
    assert_eq!(free.status, StatusCode::CREATED, "{}", free.body);
    let big = s.plan("Big", json!({}), json!({ "maxContacts": 1000 })).await;
    s.assign(&small).await;
    for n in 0..3 {
        assert_eq!(s.add_contact(n).await.status, StatusCode::CREATED);
    }
    let refused = s.add_contact(3).await;
    assert_eq!(
        quota(&refused),
        &json!({ "limit": "contacts", "max": 3, "used": 3, "plan": "Small", "upgradeTo": { "id": big, "name": "Big" } })
    );
    assert_eq!(s.contacts().await, 3, "nothing stored");
    assert_eq!(
        s.app.get(&format!("/api/v1/contacts?q={}", &phone(3)[1..]), &s.owner.token).await.body["items"],
        json!([])
    );
    assert_eq!(s.usage("contacts").await, (json!(3), json!(3)));

    // Extra contacts from the platform admin, with a reason.
    let path = format!("/api/v1/admin/tenants/{}/billing/overrides", s.owner.tenant_id);
    let no_reason = s
        .app
        .call(Method::PUT, &path, Some(&s.admin), Some(json!({ "limits": { "maxContacts": 2 }, "reason": " " })))
        .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", no_reason.body);
    assert_eq!(no_reason.body["details"]["fields"][0]["field"], "reason", "{}", no_reason.body);
    assert_eq!(s.add_contact(3).await.status, StatusCode::PAYMENT_REQUIRED, "a refused override adds nothing");
    let ok = s
        .app
        .call(
            Method::PUT,
            &path,
            Some(&s.admin),
            Some(json!({ "limits": { "maxContacts": 2 }, "reason": "two more while they migrate" })),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    assert_eq!(ok.body["overrideReason"], "two more while they migrate");
    for n in 3..5 {
        assert_eq!(s.add_contact(n).await.status, StatusCode::CREATED);
    }
    assert_eq!(quota(&s.add_contact(5).await)["max"], 5);
    assert_eq!(s.usage("contacts").await, (json!(5), json!(5)));
    assert_eq!(s.contacts().await, 5);
}

#[tokio::test]
async fn an_import_creates_what_fits_updates_existing_contacts_and_fails_the_rest_with_the_reason() {
    let s = shop().await;
    let small = s.plan("Small", json!({}), json!({ "maxContacts": 5 })).await;
    s.plan("Big", json!({}), json!({})).await;
    s.assign(&small).await;
    for n in 0..3 {
        assert_eq!(s.add_contact(n).await.status, StatusCode::CREATED);
    }
    // Room for 2: the first row updates a contact, the next two are created, the last three fail.
    let mut csv = format!("phone,name\n{},Known\n", phone(0));
    for n in 10..15 {
        csv.push_str(&format!("{},New {n}\n", phone(n)));
    }
    let upload = s.app.upload_to("/api/v1/contacts/import", &s.owner.token, "c.csv", "text/csv", csv.as_bytes()).await;
    assert_eq!(upload.status, StatusCode::CREATED, "{}", upload.body);
    let id = upload.body["id"].as_str().expect("id").to_owned();
    let start = json!({ "mapping": { "phone": "phone", "name": "name" }, "duplicates": "fill",
                        "consent": { "status": "unknown" } });
    let started =
        s.app.post(&format!("/api/v1/contacts/imports/{id}/start"), Some(&s.owner.token), start.clone()).await;
    assert_eq!(started.status, StatusCode::ACCEPTED, "{}", started.body);
    s.app.services.imports.run(s.owner.tenant_id, Uuid::parse_str(&id).expect("uuid")).await.expect("import");
    let done = s.app.get(&format!("/api/v1/contacts/imports/{id}"), &s.owner.token).await;
    let b = &done.body;
    assert_eq!(
        (b["status"].as_str(), b["processed"].as_i64(), b["created"].as_i64(), b["updated"].as_i64()),
        (Some("done"), Some(6), Some(2), Some(1)),
        "{b}"
    );
    assert_eq!((b["failed"].as_i64(), b["skipped"].as_i64()), (Some(3), Some(0)), "{b}");
    assert_eq!(s.contacts().await, 5);
    let errors =
        String::from_utf8(s.app.bytes(&format!("/api/v1/contacts/imports/{id}/errors.csv"), &s.owner.token).await)
            .expect("utf-8");
    let lines: Vec<&str> = errors.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines.len(), 4, "the header and three refused rows: {errors}");
    for (line, (row, n)) in lines[1..].iter().zip([(5, 12), (6, 13), (7, 14)]) {
        // The phone comes back with the export's leading ' (a cell starting with + is formula-like).
        assert_eq!(*line, format!("{row},Your plan's contact limit is reached,'{},New {n}", phone(n)));
    }
    let known = s.app.get(&format!("/api/v1/contacts?q={}", &phone(0)[1..]), &s.owner.token).await;
    assert_eq!(known.body["items"][0]["name"], "Known", "the existing contact was updated");

    // Full: a new import is refused when it starts, before any row is read.
    let again = s.app.upload_to("/api/v1/contacts/import", &s.owner.token, "d.csv", "text/csv", csv.as_bytes()).await;
    let again_id = again.body["id"].as_str().expect("id").to_owned();
    let refused = s.app.post(&format!("/api/v1/contacts/imports/{again_id}/start"), Some(&s.owner.token), start).await;
    assert_eq!(quota(&refused)["limit"], "contacts");
    let draft = s.app.get(&format!("/api/v1/contacts/imports/{again_id}"), &s.owner.token).await;
    assert_eq!(draft.body["status"], "draft", "not started");
}

#[tokio::test]
async fn the_member_limit_counts_members_and_pending_invitations_but_not_expired_ones() {
    let s = shop().await;
    let two = s.plan("Two", json!({}), json!({ "maxAgents": 2 })).await;
    let team = s.plan("Team", json!({}), json!({ "maxAgents": 10 })).await;
    s.assign(&two).await;
    let first = s
        .app
        .post("/api/v1/invitations", Some(&s.owner.token), json!({ "email": "a@example.com", "role": "agent" }))
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    let refused = s
        .app
        .post("/api/v1/invitations", Some(&s.owner.token), json!({ "email": "b@example.com", "role": "agent" }))
        .await;
    assert_eq!(
        quota(&refused),
        &json!({ "limit": "agents", "max": 2, "used": 2, "plan": "Two", "upgradeTo": { "id": team, "name": "Team" } })
    );
    let direct = s
        .app
        .post(
            "/api/v1/users",
            Some(&s.owner.token),
            json!({ "email": "c@example.com", "name": "C", "role": "agent", "password": "long-enough-1" }),
        )
        .await;
    assert_eq!(quota(&direct)["limit"], "agents");
    assert_eq!(s.app.get("/api/v1/invitations", &s.owner.token).await.body.as_array().map(Vec::len), Some(1));
    assert_eq!(s.app.get("/api/v1/users", &s.owner.token).await.body["total"], 1, "nothing stored");
    assert_eq!(s.sql_count("select count(*) from users where email in ('b@example.com', 'c@example.com')").await, 0);
    // An expired invitation holds no seat; re-sending it needs one again.
    let id = first.body["id"].as_str().expect("id");
    s.app
        .owner_db()
        .await
        .execute_unprepared(&format!("update invitations set expires_at = now() - interval '1 day' where id = '{id}'"))
        .await
        .expect("expire");
    let res = s
        .app
        .post(
            "/api/v1/users",
            Some(&s.owner.token),
            json!({ "email": "c@example.com", "name": "C", "role": "agent", "password": "long-enough-1" }),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let resend = s.app.post(&format!("/api/v1/invitations/{id}/resend"), Some(&s.owner.token), json!({})).await;
    assert_eq!(quota(&resend)["used"], 2);
    assert_eq!(s.usage("agents").await, (json!(2), json!(2)));
}

#[tokio::test]
async fn a_second_whatsapp_number_needs_the_switch_and_numbers_stop_at_the_limit() {
    let s = shop().await;
    // Solo allows five numbers but not the switch, so it is never the plan offered for a second one.
    let solo = s.plan("Solo", json!({}), json!({ "maxWhatsAppNumbers": 5 })).await;
    let duo = s.plan("Duo", json!({ "multipleWhatsAppNumbers": true }), json!({ "maxWhatsAppNumbers": 2 })).await;
    let fleet = s.plan("Fleet", json!({ "multipleWhatsAppNumbers": true }), json!({})).await;
    s.assign(&solo).await;
    let (first, _, _) = s.connect().await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    let (second, _, _) = s.connect().await;
    assert_eq!((second.status, second.code()), (StatusCode::FORBIDDEN, "feature_not_in_plan"), "{}", second.body);
    assert_eq!(
        second.body["details"],
        json!({ "feature": "multipleWhatsAppNumbers", "plan": "Solo",
                "plansWithFeature": [{ "id": duo, "name": "Duo" }, { "id": fleet, "name": "Fleet" }] })
    );
    assert_eq!(s.numbers().await, 1, "nothing stored");

    s.assign(&duo).await;
    let (second, _, _) = s.connect().await;
    assert_eq!(second.status, StatusCode::CREATED, "{}", second.body);
    let (third, _, _) = s.connect().await;
    assert_eq!(
        quota(&third),
        &json!({ "limit": "whatsAppNumbers", "max": 2, "used": 2, "plan": "Duo",
                 "upgradeTo": { "id": fleet, "name": "Fleet" } })
    );
    assert_eq!(s.numbers().await, 2, "nothing stored");
    assert_eq!(s.usage("whatsAppNumbers").await, (json!(2), json!(2)));
}

#[tokio::test]
async fn monthly_messages_stop_at_the_limit_and_the_owner_is_warned_once_at_75_90_and_100_percent() {
    let s = shop().await;
    let chatty = s.plan("Chatty", json!({}), json!({ "maxMessagesPerMonth": 20 })).await;
    let unlimited = s.plan("Unlimited", json!({}), json!({})).await;
    s.assign(&chatty).await;
    let chat = s.chat().await;
    for n in 1..=20 {
        let res = s.reply(&chat, &format!("reply {n}")).await;
        assert_eq!(res.status, StatusCode::ACCEPTED, "{n}: {}", res.body);
        let expected: &[&str] = match n {
            ..15 => &[],
            15..18 => &["Parley: You used 75% of your messages this month"],
            18..20 => &[
                "Parley: You used 75% of your messages this month",
                "Parley: You used 90% of your messages this month",
            ],
            _ => &[
                "Parley: You reached your limit of messages this month",
                "Parley: You used 75% of your messages this month",
                "Parley: You used 90% of your messages this month",
            ],
        };
        assert_eq!(s.warnings().await, expected, "after {n} messages");
    }
    let refused = s.reply(&chat, "one too many").await;
    assert_eq!(
        quota(&refused),
        &json!({ "limit": "messagesPerMonth", "max": 20, "used": 20, "plan": "Chatty",
                 "upgradeTo": { "id": unlimited, "name": "Unlimited" } })
    );
    assert_eq!(s.outbound().await, 20, "the refused message is not stored");
    assert_eq!(s.usage("messagesPerMonth").await, (json!(20), json!(20)));
    // A note is not a message to the customer, and the customer can always write.
    let note = s
        .app
        .post(
            &format!("/api/v1/conversations/{}/notes", chat.conversation),
            Some(&s.owner.token),
            json!({ "text": "n" }),
        )
        .await;
    assert_eq!(note.status, StatusCode::CREATED, "{}", note.body);
    s.customer_writes(&chat, "are you there?").await;
    assert_eq!(s.sql_count("select count(*) from messages where direction = 'inbound'").await, 2);

    // Ten more from the platform admin: passing 75% of the new limit again mails nothing new.
    let res = s
        .app
        .call(
            Method::PUT,
            &format!("/api/v1/admin/tenants/{}/billing/overrides", s.owner.tenant_id),
            Some(&s.admin),
            Some(json!({ "limits": { "maxMessagesPerMonth": 10 }, "reason": "a busy week" })),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    for n in 21..=24 {
        assert_eq!(s.reply(&chat, &format!("reply {n}")).await.status, StatusCode::ACCEPTED);
    }
    assert_eq!(s.usage("messagesPerMonth").await, (json!(24), json!(30)));
    assert_eq!(s.warnings().await.len(), 3, "each warning goes once per period: {:?}", s.warnings().await);
}

#[tokio::test]
async fn api_access_is_a_plan_switch_for_new_keys_and_for_existing_ones() {
    let s = shop().await;
    let basic = s.plan("Basic", json!({}), json!({})).await;
    let pro = s.plan("Pro", json!({ "apiAccess": true }), json!({})).await;
    let key = s
        .app
        .post("/api/v1/api-keys", Some(&s.owner.token), json!({ "name": "zap", "scopes": ["contacts:write"] }))
        .await;
    assert_eq!(key.status, StatusCode::CREATED, "{}", key.body);
    let secret = key.body["secret"].as_str().expect("secret").to_owned();
    assert_eq!(s.app.get("/api/v1/contacts", &secret).await.status, StatusCode::OK);

    s.assign(&basic).await;
    let refused = s.app.get("/api/v1/contacts", &secret).await;
    assert_eq!((refused.status, refused.code()), (StatusCode::FORBIDDEN, "feature_not_in_plan"), "{}", refused.body);
    assert_eq!(
        refused.body["details"],
        json!({ "feature": "apiAccess", "plan": "Basic", "plansWithFeature": [{ "id": pro, "name": "Pro" }] })
    );
    let write = s.app.post("/api/v1/contacts", Some(&secret), json!({ "phone": phone(1) })).await;
    assert_eq!(write.status, StatusCode::FORBIDDEN);
    let new_key = s.app.post("/api/v1/api-keys", Some(&s.owner.token), json!({ "name": "another" })).await;
    assert_eq!((new_key.status, new_key.code()), (StatusCode::FORBIDDEN, "feature_not_in_plan"), "{}", new_key.body);
    assert_eq!(s.app.get("/api/v1/api-keys", &s.owner.token).await.body.as_array().map(Vec::len), Some(1));
    assert_eq!(s.contacts().await, 0);
    // People keep working; the key comes back with a plan that has API access.
    assert_eq!(s.app.get("/api/v1/contacts", &s.owner.token).await.status, StatusCode::OK);
    s.assign(&pro).await;
    assert_eq!(s.app.get("/api/v1/contacts", &secret).await.status, StatusCode::OK);
}

/// Sends 50 copies of a request at once (each its own task), answers the statuses.
async fn at_once(app: &Arc<TestApp>, token: &str, path: &str, body: impl Fn(u32) -> Value) -> Vec<StatusCode> {
    let mut tasks = tokio::task::JoinSet::new();
    for n in 0..50 {
        let (app, token, path, body) = (app.clone(), token.to_owned(), path.to_owned(), body(n));
        tasks.spawn(async move {
            let res = app.post(&path, Some(&token), body).await;
            if res.status == StatusCode::PAYMENT_REQUIRED {
                assert_eq!(res.code(), "quota_exceeded");
            }
            res.status
        });
    }
    tasks.join_all().await
}

fn tally(statuses: &[StatusCode]) -> (usize, usize) {
    let ok = statuses.iter().filter(|s| s.is_success()).count();
    let refused = statuses.iter().filter(|s| **s == StatusCode::PAYMENT_REQUIRED).count();
    (ok, refused)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_racing_creates_one_below_the_contact_limit_let_exactly_one_through() {
    let s = shop().await;
    let five = s.plan("Five", json!({}), json!({ "maxContacts": 5 })).await;
    s.assign(&five).await;
    for n in 0..4 {
        assert_eq!(s.add_contact(n).await.status, StatusCode::CREATED);
    }
    let (owner, app) = (s.owner.clone(), Arc::new(s.app));
    let statuses = at_once(&app, &owner.token, "/api/v1/contacts", |n| json!({ "phone": phone(100 + n) })).await;
    assert_eq!(tally(&statuses), (1, 49), "{statuses:?}");
    let count = app.get("/api/v1/contacts/count", &owner.token).await;
    assert_eq!(count.body["count"], 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_racing_sends_one_below_the_message_limit_let_exactly_one_through() {
    let s = shop().await;
    let five = s.plan("Five", json!({}), json!({ "maxMessagesPerMonth": 5 })).await;
    s.assign(&five).await;
    let chat = s.chat().await;
    for n in 0..4 {
        assert_eq!(s.reply(&chat, &format!("reply {n}")).await.status, StatusCode::ACCEPTED);
    }
    let path = format!("/api/v1/conversations/{}/messages", chat.conversation);
    let owner = s.owner.clone();
    let app = Arc::new(s.app);
    let statuses = at_once(&app, &owner.token, &path, |n| json!({ "type": "text", "text": format!("race {n}") })).await;
    assert_eq!(tally(&statuses), (1, 49), "{statuses:?}");
    let s = Shop { app: Arc::into_inner(app).expect("the only owner"), owner, admin: String::new() };
    assert_eq!(s.outbound().await, 5);
    assert_eq!(s.usage("messagesPerMonth").await, (json!(5), json!(5)));
}

#[tokio::test]
async fn an_unpaid_bill_restricts_then_suspends_the_workspace_and_paying_restores_it() {
    let s = shop().await;
    let standard = s.plan("Standard", json!({}), json!({})).await;
    s.assign(&standard).await;
    let chat = s.chat().await;
    let label = s.app.post("/api/v1/labels", Some(&s.owner.token), json!({ "name": "VIP" })).await;
    let label = label.body["id"].as_str().expect("label").to_owned();
    let contact = s.app.get("/api/v1/contacts", &s.owner.token).await.body["items"][0]["id"].clone();
    let bulk = json!({ "selection": { "ids": [contact] }, "action": "add_label", "labelId": label });

    // Past due for eight days: the sweep restricts.
    s.app
        .owner_db()
        .await
        .execute_unprepared(&format!(
            "update subscriptions set status = 'past_due', access = 'past_due', past_due_since = now() - interval '8 days'
              where tenant_id = '{}'",
            s.owner.tenant_id
        ))
        .await
        .expect("past due");
    let report = s.app.services.dunning.sweep(Utc::now()).await.expect("sweep");
    assert_eq!(report.restricted, 1);
    assert_eq!(s.overview().await["access"], "restricted");
    let refused = s.app.post("/api/v1/contacts/bulk", Some(&s.owner.token), bulk.clone()).await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::PAYMENT_REQUIRED, "workspace_restricted"),
        "{}",
        refused.body
    );
    let c = s.app.get(&format!("/api/v1/contacts/{}", contact.as_str().expect("id")), &s.owner.token).await;
    assert_eq!(c.body["labels"], json!([]), "the bulk action changed nothing");
    // Conversations keep working both ways; the export stays open.
    assert_eq!(s.reply(&chat, "we are still here").await.status, StatusCode::ACCEPTED);
    s.customer_writes(&chat, "great").await;
    assert_eq!(s.sql_count("select count(*) from messages where direction = 'inbound'").await, 2);
    assert_eq!(s.app.get("/api/v1/contacts/export", &s.owner.token).await.status, StatusCode::OK);

    // Restricted past the second period: suspended; only billing opens, and inbound still arrives.
    let report = s.app.services.dunning.sweep(Utc::now() + Duration::days(15)).await.expect("sweep");
    assert_eq!(report.suspended, 1);
    let blocked = s.app.get("/api/v1/contacts", &s.owner.token).await;
    assert_eq!((blocked.status, blocked.code()), (StatusCode::PAYMENT_REQUIRED, "workspace_suspended"));
    assert_eq!(s.reply(&chat, "hello?").await.code(), "workspace_suspended");
    assert_eq!(s.overview().await["access"], "suspended", "the billing page stays open");
    assert_eq!(s.app.get("/api/v1/billing/invoices", &s.owner.token).await.status, StatusCode::OK);
    let wamid = format!("wamid.{}", Uuid::now_v7().simple());
    let hook = text_webhook(&chat.pnid, &wamid, "14155550999", "anyone?", Utc::now().timestamp());
    assert_eq!(s.app.signed_webhook(&chat.number, &chat.secret, &hook).await.status, StatusCode::OK);
    s.app.services.ingest.drain().await.expect("process webhooks");
    assert_eq!(s.sql_count("select count(*) from messages where direction = 'inbound'").await, 3);

    // The platform admin records the payment: everything is back at once.
    let tenant_billing = format!("/api/v1/admin/tenants/{}/billing", s.owner.tenant_id);
    let inv = s
        .app
        .post(&format!("{tenant_billing}/invoices"), Some(&s.admin), json!({ "amount": 1000, "description": "May" }))
        .await;
    assert_eq!(inv.status, StatusCode::OK, "{}", inv.body);
    assert_eq!(inv.body["invoices"][0]["status"], "open");
    let invoice = inv.body["invoices"][0]["id"].as_str().expect("invoice").to_owned();
    let paid = s.app.post(&format!("{tenant_billing}/invoices/{invoice}/paid"), Some(&s.admin), json!({})).await;
    assert_eq!(paid.status, StatusCode::OK, "{}", paid.body);
    assert_eq!(paid.body["overview"]["access"], "ok");
    assert_eq!(paid.body["invoices"][0]["status"], "paid");
    assert_eq!(s.app.get("/api/v1/contacts", &s.owner.token).await.status, StatusCode::OK);
    let done = s.app.post("/api/v1/contacts/bulk", Some(&s.owner.token), bulk).await;
    assert_eq!((done.status, done.body["affected"].as_i64()), (StatusCode::OK, Some(1)), "{}", done.body);
    let again = s.app.post(&format!("{tenant_billing}/invoices/{invoice}/paid"), Some(&s.admin), json!({})).await;
    assert_eq!((again.status, again.code()), (StatusCode::UNPROCESSABLE_ENTITY, "invoice_not_open"));
}

#[tokio::test]
async fn plans_are_validated_billing_admin_is_the_platform_admins_and_invoices_stay_in_their_workspace() {
    let s = shop().await;
    let bad = s
        .app
        .post(
            "/api/v1/admin/plans",
            Some(&s.admin),
            json!({ "name": "Bad", "prices": [{ "cycle": "monthly", "amount": -1 }], "limits": { "maxContacts": -5 } }),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    let fields: Vec<&str> =
        bad.body["details"]["fields"].as_array().expect("fields").iter().filter_map(|f| f["field"].as_str()).collect();
    assert_eq!(fields, ["prices[0].amount", "limits.maxContacts"]);
    assert_eq!(s.app.get("/api/v1/admin/plans", &s.admin).await.body, json!([]), "nothing created");

    let old = s.plan("Old", json!({}), json!({})).await;
    let archived = s.app.post(&format!("/api/v1/admin/plans/{old}/archive"), Some(&s.admin), json!({})).await;
    assert_eq!(archived.body["isActive"], false, "{}", archived.body);
    let update = s
        .app
        .call(
            Method::PATCH,
            &format!("/api/v1/admin/plans/{old}"),
            Some(&s.admin),
            Some(json!({ "name": "Old", "prices": [{ "cycle": "monthly", "amount": 500 }] })),
        )
        .await;
    assert_eq!((update.status, update.code()), (StatusCode::UNPROCESSABLE_ENTITY, "plan_archived"), "{}", update.body);
    let assign = s
        .app
        .post(
            &format!("/api/v1/admin/tenants/{}/billing/assign", s.owner.tenant_id),
            Some(&s.admin),
            json!({ "planId": old, "reason": "an archived plan" }),
        )
        .await;
    assert_eq!(assign.status, StatusCode::NOT_FOUND, "an archived plan is not assigned: {}", assign.body);

    // A workspace owner is not the platform admin.
    let tenant_billing = format!("/api/v1/admin/tenants/{}/billing", s.owner.tenant_id);
    let plan = s.plan("Current", json!({}), json!({})).await;
    for (method, path, body) in [
        (Method::GET, "/api/v1/admin/plans".to_owned(), None),
        (
            Method::POST,
            "/api/v1/admin/plans".to_owned(),
            Some(json!({ "name": "Free", "prices": [{ "cycle": "monthly", "amount": 0 }] })),
        ),
        (Method::GET, tenant_billing.clone(), None),
        (Method::POST, format!("{tenant_billing}/assign"), Some(json!({ "planId": plan, "reason": "my own" }))),
        (Method::PUT, format!("{tenant_billing}/overrides"), Some(json!({ "limits": {}, "reason": "my own" }))),
        (Method::POST, format!("{tenant_billing}/invoices"), Some(json!({ "amount": 0, "description": "Mine" }))),
    ] {
        let res = s.app.call(method.clone(), &path, Some(&s.owner.token), body).await;
        assert_eq!((res.status, res.code()), (StatusCode::FORBIDDEN, "forbidden"), "{method} {path}");
    }
    assert!(s.overview().await["plan"].is_null(), "nothing assigned");

    // Invoices are listed to their own workspace only (there is no tenant endpoint taking an invoice id).
    s.assign(&plan).await;
    let other = s.app.signup("Other Shop").await;
    let inv = s
        .app
        .post(&format!("{tenant_billing}/invoices"), Some(&s.admin), json!({ "amount": 1000, "description": "Ours" }))
        .await;
    assert_eq!(inv.status, StatusCode::OK, "{}", inv.body);
    let mine = s.app.get("/api/v1/billing/invoices", &s.owner.token).await;
    assert_eq!(mine.body.as_array().map(Vec::len), Some(1), "{}", mine.body);
    assert_eq!(mine.body[0]["description"], "Ours");
    let theirs = s.app.get("/api/v1/billing/invoices", &other.token).await;
    assert_eq!((theirs.status, theirs.body.clone()), (StatusCode::OK, json!([])));
    let agent = s.app.add_member(&s.owner, "agent").await;
    assert_eq!(s.app.get("/api/v1/billing/invoices", &agent.token).await.status, StatusCode::FORBIDDEN);
    assert_eq!(s.app.get("/api/v1/billing", &agent.token).await.status, StatusCode::OK);
}
