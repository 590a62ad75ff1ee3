//! Agency billing (docs/agencies.md, "Agency billing") through the API. Agency pays: the monthly meters of the agency
//! and all its clients count against the agency's plan (the next send of any of them refused once the pool is
//! used up, each client still within its own agency plan), and the clients are suspended with the agency. Client
//! pays (against the Stripe simulator): the client subscribes by card to its agency's plan, whose Stripe product
//! and price are made once under the agency's name, the webhook activates the CLIENT's subscription with that plan
//! and the receipt is the client's. Switching between the two moves every client; refusals change nothing.

use axum::http::{Method, StatusCode};
use chrono::Utc;
use parley_test_support::{PASSWORD, Response, Signup, TestApp, invitation_token, link_in, session_of, text_webhook};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::{Value, json};
use std::time::Duration;
use uuid::Uuid;

const DAY: Duration = Duration::from_secs(86_400);

/// An app, its platform admin and an agency (its owner), marked by the admin.
struct World {
    app: TestApp,
    admin: String,
    agency: Signup,
}

async fn world(app: TestApp, agency_name: &str) -> World {
    let admin = app.platform_admin().await;
    let agency = app.signup(agency_name).await;
    mark(&app, &admin, &agency).await;
    World { app, admin, agency }
}

async fn mark(app: &TestApp, admin: &str, agency: &Signup) {
    let path = format!("/api/v1/admin/tenants/{}/agency", agency.tenant_id);
    let res = app.call(Method::PUT, &path, Some(admin), Some(json!({}))).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
}

/// A plan of `agency`'s offer at `amount` cents a month with `limits`; answers its id.
async fn offer(app: &TestApp, agency: &Signup, name: &str, amount: i64, limits: Value) -> String {
    let res = app
        .post(
            "/api/v1/agency/plans",
            Some(&agency.token),
            json!({ "name": name, "monthlyAmount": amount, "limits": limits }),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    res.body["id"].as_str().expect("id").to_owned()
}

/// A client workspace on `plan` whose owner accepted the mailed invitation: (client id, its owner).
async fn client(app: &TestApp, agency: &Signup, name: &str, plan: &str) -> (Uuid, Signup) {
    let email = parley_test_support::unique_email("client-owner");
    let res = app
        .post(
            "/api/v1/agency/clients",
            Some(&agency.token),
            json!({ "name": name, "ownerEmail": email, "ownerName": "Cleo", "planId": plan }),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let id: Uuid = res.body["client"]["id"].as_str().and_then(|s| s.parse().ok()).expect("client id");
    let mail = app.last_mail_to(&email).await.expect("invitation mail");
    let link = link_in(mail["text"].as_str().expect("text"), "/invite/").expect("accept link");
    let res = app
        .post(
            &format!("/api/v1/auth/invitations/{}/accept", invitation_token(&link)),
            None,
            json!({ "name": "Cleo", "password": PASSWORD }),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let owner = session_of(&res.body, email);
    assert_eq!(owner.tenant_id, id);
    (id, owner)
}

/// A connected number of `owner`'s workspace with a customer who just wrote: (its conversation).
async fn chat(app: &TestApp, owner: &Signup) -> String {
    let pnid = format!("1{}", &Uuid::now_v7().as_u128().to_string()[..12]);
    let secret = format!("secret-{}", Uuid::now_v7().simple());
    let res = app
        .post(
            "/api/v1/whatsapp/connections",
            Some(&owner.token),
            json!({ "kind": "cloud", "name": "Line", "phoneNumberId": pnid, "wabaId": "29", "accessToken": "EAAx",
                    "appSecret": secret }),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let number = res.body["id"].as_str().expect("id").to_owned();
    let wamid = format!("wamid.{}", Uuid::now_v7().simple());
    let hook = text_webhook(&pnid, &wamid, "14155550999", "hello?", Utc::now().timestamp());
    assert_eq!(app.signed_webhook(&number, &secret, &hook).await.status, StatusCode::OK);
    app.services.ingest.drain().await.expect("process webhooks");
    let list = app.get("/api/v1/conversations", &owner.token).await;
    list.body["items"][0]["id"].as_str().expect("the customer's conversation").to_owned()
}

async fn reply(app: &TestApp, owner: &Signup, conversation: &str) -> Response {
    app.post(
        &format!("/api/v1/conversations/{conversation}/messages"),
        Some(&owner.token),
        json!({ "type": "text", "text": "on it" }),
    )
    .await
}

async fn sql(app: &TestApp, q: &str) -> i64 {
    app.owner_db()
        .await
        .query_one_raw(Statement::from_string(DbBackend::Postgres, q.to_owned()))
        .await
        .expect("query")
        .expect("row")
        .try_get_by_index::<i64>(0)
        .expect("number")
}

async fn sql_text(app: &TestApp, q: &str) -> Option<String> {
    app.owner_db()
        .await
        .query_one_raw(Statement::from_string(DbBackend::Postgres, q.to_owned()))
        .await
        .expect("query")
        .and_then(|r| r.try_get_by_index::<Option<String>>(0).expect("text"))
}

async fn outbound(app: &TestApp, tenant: Uuid) -> i64 {
    sql(app, &format!("select count(*) from messages where tenant_id = '{tenant}' and direction = 'outbound'")).await
}

/// The workspace's messages meter this period as (used, limit).
async fn messages_meter(app: &TestApp, who: &Signup) -> (Value, Value) {
    let o = app.get("/api/v1/billing", &who.token).await;
    assert_eq!(o.status, StatusCode::OK, "{}", o.body);
    let m = o.body["usage"].as_array().expect("usage").iter().find(|u| u["key"] == "messagesPerMonth").cloned();
    let m = m.expect("the messages meter");
    (m["used"].clone(), m["limit"].clone())
}

fn refused(res: &Response) -> &Value {
    assert_eq!((res.status, res.code()), (StatusCode::PAYMENT_REQUIRED, "quota_exceeded"), "{}", res.body);
    &res.body["details"]
}

#[tokio::test]
async fn the_agency_and_all_its_clients_share_the_agency_plans_monthly_messages_each_client_within_its_own() {
    let w = world(TestApp::spawn().await, "Pool Agency").await;
    let app = &w.app;
    // The agency's own plan allows 6 messages a month, for it and every client it pays for together.
    let plan = app
        .post(
            "/api/v1/admin/plans",
            Some(&w.admin),
            json!({ "name": "Agency Six", "prices": [{ "cycle": "monthly", "amount": 9900 }],
                    "limits": { "maxMessagesPerMonth": 6 } }),
        )
        .await;
    assert_eq!(plan.status, StatusCode::CREATED, "{}", plan.body);
    let res = app
        .post(
            &format!("/api/v1/admin/tenants/{}/billing/assign", w.agency.tenant_id),
            Some(&w.admin),
            json!({ "planId": plan.body["id"], "reason": "reseller contract" }),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let roomy = offer(app, &w.agency, "Roomy", 2900, json!({ "maxMessagesPerMonth": 5 })).await;
    let tiny = offer(app, &w.agency, "Tiny", 900, json!({ "maxMessagesPerMonth": 1 })).await;
    let (c1, o1) = client(app, &w.agency, "Corner Bakery", &roomy).await;
    let (c2, o2) = client(app, &w.agency, "Bike Repair", &tiny).await;
    let (a_chat, chat1, chat2) = (chat(app, &w.agency).await, chat(app, &o1).await, chat(app, &o2).await);

    // Agency pays: no trial, nothing of its own to pay; the page says who bills it.
    let page = app.get("/api/v1/billing/agency", &o1.token).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(
        (page.body["billingMode"].as_str(), page.body["agency"]["name"].as_str()),
        (Some("agency"), Some("Pool Agency"))
    );
    assert_eq!(page.body["plan"]["name"], "Roomy");
    assert_eq!(page.body["offer"], json!([]), "nothing to choose while the agency pays");
    assert_eq!(
        (page.body["overview"]["status"].as_str(), page.body["overview"]["trialEnd"].as_str()),
        (Some("active"), None)
    );
    assert_eq!(page.body["overview"]["billedThrough"], json!({ "agency": "Pool Agency", "billingMode": "agency" }));

    assert_eq!(reply(app, &w.agency, &a_chat).await.status, StatusCode::ACCEPTED);
    assert_eq!(reply(app, &o2, &chat2).await.status, StatusCode::ACCEPTED);
    // Bike Repair's own plan allows one: refused by its own limit while the pool still has room.
    let own = reply(app, &o2, &chat2).await;
    assert_eq!(
        refused(&own),
        &json!({ "limit": "messagesPerMonth", "max": 1, "used": 1, "plan": "Tiny", "upgradeTo": null })
    );
    for _ in 0..4 {
        assert_eq!(reply(app, &o1, &chat1).await.status, StatusCode::ACCEPTED);
    }
    // The pool is used up (1 + 1 + 4 = 6): Corner Bakery is refused although its own plan allows one more.
    let pooled = reply(app, &o1, &chat1).await;
    let d = refused(&pooled);
    assert_eq!(
        (d["pooled"].as_bool(), d["agency"].as_str(), d["limit"].as_str()),
        (Some(true), Some("Pool Agency"), Some("messagesPerMonth"))
    );
    assert!(pooled.body["message"].as_str().is_some_and(|m| m.contains("Pool Agency")), "{}", pooled.body);
    assert!(d["used"].is_null() && d["max"].is_null(), "the agency's figures are not the client's to see: {d}");
    // ... and so is the agency itself, on its own meter, which is the pool.
    let agency_refused = reply(app, &w.agency, &a_chat).await;
    assert_eq!(refused(&agency_refused)["max"], 6);
    assert_eq!(refused(&agency_refused)["used"], 6);

    // Nothing of the refused sends was stored or counted.
    assert_eq!((outbound(app, w.agency.tenant_id).await, outbound(app, c1).await, outbound(app, c2).await), (1, 4, 1));
    assert_eq!(messages_meter(app, &o1).await, (json!(4), json!(5)));
    assert_eq!(messages_meter(app, &o2).await, (json!(1), json!(1)));
    assert_eq!(messages_meter(app, &w.agency).await, (json!(6), json!(6)), "the agency's meter is the pool");

    // The agency's billing page breaks the pool down by client.
    let b = app.get("/api/v1/agency/billing", &w.agency.token).await;
    assert_eq!(b.status, StatusCode::OK, "{}", b.body);
    assert_eq!(b.body["billingMode"], "agency");
    let pool = b.body["pool"].as_array().expect("pool").iter().find(|m| m["key"] == "messagesPerMonth").cloned();
    assert_eq!(pool.expect("messages")["used"], 6);
    let shares: Vec<(Value, i64)> = b.body["shares"]
        .as_array()
        .expect("shares")
        .iter()
        .map(|s| (s["name"].clone(), s["messagesPerMonth"].as_i64().expect("n")))
        .collect();
    assert_eq!(shares, vec![(json!("Pool Agency"), 1), (json!("Corner Bakery"), 4), (json!("Bike Repair"), 1)]);
    assert_eq!(b.body["shares"][0]["clientId"], Value::Null, "the agency's own use comes first");
    assert_eq!(b.body["shares"][1]["clientId"], c1.to_string());
    assert_eq!(b.body["clients"].as_array().map(Vec::len), Some(2));
    assert_eq!(b.body["cardBilling"], false, "no payment provider on this server");

    // Clients cannot choose the platform's plans.
    let res = app.post("/api/v1/billing/checkout", Some(&o1.token), json!({ "planId": plan.body["id"] })).await;
    assert_eq!((res.status, res.code()), (StatusCode::CONFLICT, "billed_by_agency"), "{}", res.body);
    // Nor pay by card on a server that does not bill by card: the switch is refused and nothing changes.
    let res = app
        .call(
            Method::PUT,
            "/api/v1/agency/billing/mode",
            Some(&w.agency.token),
            Some(json!({ "billingMode": "client" })),
        )
        .await;
    assert_eq!((res.status, res.code()), (StatusCode::CONFLICT, "card_billing_unavailable"), "{}", res.body);
    assert_eq!(app.get("/api/v1/agency", &w.agency.token).await.body["billingMode"], "agency");
    assert_eq!(app.get("/api/v1/billing", &o1.token).await.body["status"], "active");
    // The platform's workspaces and the agency itself have no agency to be billed through.
    let res = app.get("/api/v1/billing/agency", &w.agency.token).await;
    assert_eq!((res.status, res.code()), (StatusCode::CONFLICT, "not_an_agency_client"));
    // Agents and non-agencies do not reach the agency's billing.
    let agent = app.add_member(&w.agency, "agent").await;
    assert_eq!(app.get("/api/v1/agency/billing", &agent.token).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get("/api/v1/agency/billing", &o1.token).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn clients_of_a_paying_agency_are_restricted_and_suspended_with_it() {
    let w = world(TestApp::spawn().await, "Late Agency").await;
    let app = &w.app;
    let plan = offer(app, &w.agency, "Basic", 1900, json!({})).await;
    let (c1, o1) = client(app, &w.agency, "Flower Shop", &plan).await;
    let set = |access: &str| {
        format!("update subscriptions set access = '{access}' where tenant_id = '{}'", w.agency.tenant_id)
    };
    // The agency has no subscription row before a plan: the admin's assignment makes one.
    let p = app
        .post(
            "/api/v1/admin/plans",
            Some(&w.admin),
            json!({ "name": "Agency", "prices": [{ "cycle": "monthly", "amount": 100 }] }),
        )
        .await;
    let res = app
        .post(
            &format!("/api/v1/admin/tenants/{}/billing/assign", w.agency.tenant_id),
            Some(&w.admin),
            json!({ "planId": p.body["id"], "reason": "contract" }),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let db = app.owner_db().await;
    db.execute_unprepared(&set("past_due")).await.expect("past due");
    assert_eq!(
        app.get("/api/v1/billing", &o1.token).await.body["access"],
        "ok",
        "a late payment is the agency's business"
    );
    db.execute_unprepared(&set("suspended")).await.expect("suspend");
    let res = app.get("/api/v1/contacts", &o1.token).await;
    assert_eq!((res.status, res.code()), (StatusCode::PAYMENT_REQUIRED, "workspace_suspended"), "{}", res.body);
    assert_eq!(
        app.get("/api/v1/billing/agency", &o1.token).await.status,
        StatusCode::OK,
        "the billing page stays open"
    );
    assert_eq!(
        sql_text(app, &format!("select access from subscriptions where tenant_id = '{c1}'")).await.as_deref(),
        Some("suspended")
    );
    // A client workspace made meanwhile starts suspended too (written here as the owner: the agency is locked out).
    let fresh = Uuid::now_v7();
    db.execute_unprepared(&format!(
        "insert into tenants (id, name, slug, agency_id) values ('{fresh}', 'Fresh', 'fresh-{}', '{}');
         insert into subscriptions (tenant_id, status) values ('{fresh}', 'active')",
        fresh.simple(),
        w.agency.tenant_id
    ))
    .await
    .expect("a new client");
    let q = format!("select access from subscriptions where tenant_id = '{fresh}'");
    assert_eq!(sql_text(app, &q).await.as_deref(), Some("suspended"));
    db.execute_unprepared(&set("restricted")).await.expect("restrict");
    assert_eq!(sql_text(app, &q).await.as_deref(), Some("restricted"), "it follows the agency from then on");
    let bulk = app
        .post("/api/v1/contacts/bulk", Some(&o1.token), json!({ "selection": { "all": true }, "action": "delete" }))
        .await;
    assert_eq!((bulk.status, bulk.code()), (StatusCode::PAYMENT_REQUIRED, "workspace_restricted"), "{}", bulk.body);
    assert!(bulk.body["message"].as_str().is_some_and(|m| m.contains("Late Agency's bill")), "{}", bulk.body);
    assert_eq!(app.get("/api/v1/contacts", &o1.token).await.status, StatusCode::OK, "conversations keep working");
    db.execute_unprepared(&set("ok")).await.expect("paid");
    assert_eq!(app.get("/api/v1/contacts", &o1.token).await.status, StatusCode::OK);
    assert_eq!(app.get("/api/v1/billing", &o1.token).await.body["access"], "ok");
}

/// Polls `path` as `who` until `done` holds (webhooks arrive asynchronously), or fails with the last answer.
async fn until(app: &TestApp, who: &Signup, path: &str, what: &str, done: impl Fn(&Value) -> bool) -> Value {
    let mut last = Value::Null;
    for _ in 0..150 {
        last = app.get(path, &who.token).await.body;
        if done(&last) {
            return last;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{what} never happened; last answer: {last:#}");
}

async fn until_mail(app: &TestApp, to: &str, needle: &str) -> Value {
    for _ in 0..150 {
        if let Some(m) =
            app.mails_to(to).await.into_iter().find(|m| m["subject"].as_str().is_some_and(|s| s.contains(needle)))
        {
            return m;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no mail with {needle:?} to {to}: {:?}", app.mails_to(to).await);
}

async fn sim_get(app: &TestApp, path: &str) -> Value {
    let url = format!("{}/v1/{path}", app.stripe().sim_url);
    app.stripe().http.get(url).bearer_auth("sk_test_parley").send().await.expect("get").json().await.expect("json")
}

async fn checkout(app: &TestApp, owner: &Signup, plan: &str) -> Response {
    app.post("/api/v1/billing/agency/checkout", Some(&owner.token), json!({ "planId": plan })).await
}

#[tokio::test]
async fn a_client_that_pays_subscribes_by_card_to_its_agency_plan_under_the_agency_name() {
    let w = world(TestApp::spawn_billing().await, "Bright Agency").await;
    let app = &w.app;
    let growth = offer(app, &w.agency, "Growth", 2900, json!({ "maxContacts": 50 })).await;
    let (early, early_owner) = client(app, &w.agency, "Corner Bakery", &growth).await;

    // Who pays switches to the clients: the client the agency paid for gets a card-less trial, told by mail.
    let res = app
        .call(
            Method::PUT,
            "/api/v1/agency/billing/mode",
            Some(&w.agency.token),
            Some(json!({ "billingMode": "client" })),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(
        res.body["switched"],
        json!([{ "clientId": early, "name": "Corner Bakery", "outcome": "trial_started", "error": null }])
    );
    until_mail(app, &early_owner.email, "now bills your workspace directly").await;
    // A client created afterwards starts on the same trial.
    let (late, late_owner) = client(app, &w.agency, "Bike Repair", &growth).await;
    for owner in [&early_owner, &late_owner] {
        let page = app.get("/api/v1/billing/agency", &owner.token).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert_eq!(page.body["billingMode"], "client");
        assert_eq!(
            (page.body["overview"]["status"].as_str(), page.body["overview"]["trialDaysLeft"].as_i64()),
            (Some("trialing"), Some(14))
        );
        assert_eq!(page.body["offer"][0]["name"], "Growth");
        assert_eq!(page.body["offer"][0]["monthlyAmount"], 2900);
    }

    // Another agency's plan is no plan of this client's: 404, and nothing is made at Stripe.
    let other = app.signup("Other Agency").await;
    mark(app, &w.admin, &other).await;
    let foreign = offer(app, &other, "Foreign", 100, json!({})).await;
    let res = checkout(app, &early_owner, &foreign).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
    assert_eq!(sim_get(app, "products").await["data"].as_array().map(Vec::len), Some(0));
    // The platform's own catalogue is refused to the client.
    let res = app.post("/api/v1/billing/checkout", Some(&early_owner.token), json!({ "planId": growth })).await;
    assert_eq!((res.status, res.code()), (StatusCode::CONFLICT, "billed_by_agency"));

    // Checkout makes the plan's product and price once, named for the agency, and heads the page with its name.
    let res = checkout(app, &early_owner, &growth).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let url = res.body["url"].as_str().expect("url").to_owned();
    let again = checkout(app, &late_owner, &growth).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    let products = sim_get(app, "products").await;
    let products = products["data"].as_array().expect("products");
    assert_eq!(products.len(), 1, "{products:?}");
    assert_eq!(products[0]["name"], "Bright Agency — Growth");
    assert_eq!(products[0]["metadata"]["parley_agency_id"], w.agency.tenant_id.to_string());
    assert_eq!(products[0]["metadata"]["parley_plan_id"], growth.as_str());
    let prices = sim_get(app, &format!("prices?product={}", products[0]["id"].as_str().expect("id"))).await;
    assert_eq!(prices["data"].as_array().map(Vec::len), Some(1), "one price for both clients: {prices}");
    assert_eq!(prices["data"][0]["unit_amount"], 2900);
    let page = app.stripe().http.get(&url).send().await.expect("checkout page").text().await.expect("html");
    assert!(page.contains("Bright Agency"), "{page}");

    // Paying activates the CLIENT's subscription with its agency plan (the trial's rest is kept).
    let (status, _) = app.stripe().pay_checkout(&url, "4242 4242 4242 4242").await;
    assert_eq!(status, 303);
    let o =
        until(app, &early_owner, "/api/v1/billing", "the subscription to arrive", |o| o["gateway"] == "stripe").await;
    assert_eq!((o["status"].as_str(), o["hasPaymentMethod"].as_bool()), (Some("trialing"), Some(true)));
    assert_eq!(o["plan"]["name"], "Growth");
    let q = |c: &str| format!("select {c} from subscriptions where tenant_id = '{early}'");
    assert_eq!(sql_text(app, &q("agency_plan_id::text")).await.as_deref(), Some(growth.as_str()));
    assert_eq!(sql_text(app, &q("agency_plan_name")).await.as_deref(), Some("Growth"));
    assert_eq!(sql_text(app, &q("plan_id::text")).await, None, "no platform plan");
    let res = checkout(app, &early_owner, &growth).await;
    assert_eq!((res.status, res.code()), (StatusCode::CONFLICT, "already_subscribed"));

    // A new amount makes a new price; the subscriber keeps the one it bought.
    let res = app
        .patch(
            &format!("/api/v1/agency/plans/{growth}"),
            &w.agency.token,
            json!({ "name": "Growth", "monthlyAmount": 3900, "limits": { "maxContacts": 50 } }),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let before = sql_text(app, &q("gateway_price_id")).await;
    let res = checkout(app, &late_owner, &growth).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let prices = sim_get(app, &format!("prices?product={}", products[0]["id"].as_str().expect("id"))).await;
    let amounts: Vec<i64> =
        prices["data"].as_array().expect("prices").iter().filter_map(|p| p["unit_amount"].as_i64()).collect();
    assert!(amounts.contains(&3900) && amounts.contains(&2900), "{amounts:?}");
    assert_eq!(
        sql(app, &format!("select count(*) from agency_plan_gateway_prices where agency_plan_id = '{growth}'")).await,
        2
    );
    app.post("/api/v1/billing/refresh", Some(&early_owner.token), json!({})).await;
    assert_eq!(sql_text(app, &q("gateway_price_id")).await, before);
    // At the trial's end the card pays; the receipt is the client's (its workspace, its owner, its plan).
    app.stripe().sim.advance(15 * DAY);
    until(app, &early_owner, "/api/v1/billing", "the first payment", |o| o["status"] == "active").await;
    let receipt = until_mail(app, &early_owner.email, "Receipt").await;
    assert!(receipt["subject"].as_str().is_some_and(|s| s.contains("Growth")), "{receipt}");
    assert_eq!(
        sql(app, &format!("select count(*) from mail_outbox where tenant_id = '{early}' and subject like 'Receipt%'"))
            .await,
        1
    );
    assert!(
        app.mails_to(&w.agency.email).await.iter().all(|m| !m["subject"].as_str().unwrap_or("").contains("Receipt"))
    );
    let invoices = until(app, &early_owner, "/api/v1/billing/invoices", "the invoice", |l| {
        l.as_array().is_some_and(|a| !a.is_empty())
    })
    .await;
    assert_eq!((invoices[0]["status"].as_str(), invoices[0]["total"].as_i64()), (Some("paid"), Some(2900)));

    // The client's paid invoice is the agency's revenue for the platform admin.
    let list = app.get("/api/v1/admin/agencies", &w.admin).await;
    let row = list
        .body
        .as_array()
        .expect("agencies")
        .iter()
        .find(|a| a["tenantId"] == w.agency.tenant_id.to_string())
        .cloned();
    assert_eq!(row.expect("listed")["revenueTotal"][0]["amount"], 2900, "{}", list.body);

    let _ = late;
}

#[tokio::test]
async fn switching_back_to_agency_pays_ends_the_clients_own_subscriptions_with_their_period() {
    let w = world(TestApp::spawn_billing().await, "Swing Agency").await;
    let app = &w.app;
    let growth = offer(app, &w.agency, "Growth", 2900, json!({})).await;
    let res = app
        .call(
            Method::PUT,
            "/api/v1/agency/billing/mode",
            Some(&w.agency.token),
            Some(json!({ "billingMode": "client" })),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let (paying, paying_owner) = client(app, &w.agency, "Paying Co", &growth).await;
    let (trialing, trialing_owner) = client(app, &w.agency, "Trial Co", &growth).await;
    // Paying Co subscribes with the trial cut short (its own trial moved into the past: charged at once).
    app.owner_db()
        .await
        .execute_unprepared(&format!(
            "update subscriptions set trial_end = now() + interval '1 day' where tenant_id = '{paying}'"
        ))
        .await
        .expect("shorten the trial");
    let url = checkout(app, &paying_owner, &growth).await.body["url"].as_str().expect("url").to_owned();
    app.stripe().pay_checkout(&url, "4242424242424242").await;
    until(app, &paying_owner, "/api/v1/billing", "the payment", |o| o["status"] == "active").await;

    let res = app
        .call(
            Method::PUT,
            "/api/v1/agency/billing/mode",
            Some(&w.agency.token),
            Some(json!({ "billingMode": "agency" })),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let outcomes: Vec<(String, String)> = res.body["switched"]
        .as_array()
        .expect("switched")
        .iter()
        .map(|s| (s["name"].as_str().unwrap_or("").to_owned(), s["outcome"].as_str().unwrap_or("").to_owned()))
        .collect();
    assert_eq!(
        outcomes,
        vec![("Paying Co".into(), "own_subscription_ends".into()), ("Trial Co".into(), "agency_pays".into())]
    );
    // The trial is over at once: the agency pays.
    let o = app.get("/api/v1/billing", &trialing_owner.token).await.body;
    assert_eq!(
        (o["status"].as_str(), o["trialEnd"].as_str(), o["access"].as_str()),
        (Some("active"), None, Some("ok"))
    );
    // The paying client keeps its paid period, then its subscription ends without restricting it.
    let o = app.get("/api/v1/billing", &paying_owner.token).await.body;
    assert_eq!((o["cancelAtPeriodEnd"].as_bool(), o["status"].as_str()), (Some(true), Some("active")));
    until_mail(app, &paying_owner.email, "now pays for your workspace").await;
    // Choosing the same mode again changes nothing.
    let again = app
        .call(
            Method::PUT,
            "/api/v1/agency/billing/mode",
            Some(&w.agency.token),
            Some(json!({ "billingMode": "agency" })),
        )
        .await;
    assert!(
        again.body["switched"].as_array().expect("switched").iter().all(|s| s["outcome"] == "unchanged"),
        "{}",
        again.body
    );
    app.stripe().sim.advance(32 * DAY);
    let o =
        until(app, &paying_owner, "/api/v1/billing", "the own subscription to end", |o| o["gateway"] == "none").await;
    assert_eq!((o["status"].as_str(), o["access"].as_str()), (Some("active"), Some("ok")), "{o}");
    assert_eq!(app.get("/api/v1/contacts", &paying_owner.token).await.status, StatusCode::OK);
    // Both moves are in the clients' own audit logs.
    for (id, owner) in [(paying, &paying_owner), (trialing, &trialing_owner)] {
        let log = app.get("/api/v1/audit-logs?perPage=100", &owner.token).await;
        let found = log.body["items"].as_array().expect("items").iter().any(|e| e["action"] == "billing.payer_changed");
        assert!(found, "{id}: {}", log.body);
    }

    // Bad input: an unknown mode, a wrong type, and managers: refused, nothing changed.
    for body in [json!({ "billingMode": "nobody" }), json!({ "billingMode": 1 }), json!({})] {
        let res = app.call(Method::PUT, "/api/v1/agency/billing/mode", Some(&w.agency.token), Some(body)).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    }
    let manager = app.add_member(&w.agency, "manager").await;
    let res = app
        .call(
            Method::PUT,
            "/api/v1/agency/billing/mode",
            Some(&manager.token),
            Some(json!({ "billingMode": "client" })),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get("/api/v1/agency", &w.agency.token).await.body["billingMode"], "agency");
    let res = checkout(app, &trialing_owner, &growth).await;
    assert_eq!((res.status, res.code()), (StatusCode::CONFLICT, "billed_by_agency"));
    let res = app
        .post("/api/v1/billing/agency/checkout", Some(&trialing_owner.token), json!({ "planId": "not-an-id" }))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
}
