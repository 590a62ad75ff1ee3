//! Billing against the Stripe simulator, end to end: plans synced to Stripe, Checkout paid on the hosted page,
//! webhooks signed and delivered back over HTTP and processed by the job workers, the test clock driving trial
//! ends, renewals and failed payments, and the dunning sweep on the same clock.

use axum::http::StatusCode;
use chrono::Duration;
use parley_test_support::{Signup, TestApp};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::{Value, json};
use std::time::Duration as StdDuration;

const DAY: StdDuration = StdDuration::from_secs(86_400);

/// Starter (USD 10/month, 3 contacts) is the default with `trial_days`; Pro (USD 30/month, unlimited).
async fn plans(app: &TestApp, admin: &str, trial_days: i32) -> (String, String) {
    let starter = app
        .post(
            "/api/v1/admin/plans",
            Some(admin),
            json!({ "name": "Starter", "prices": [{ "cycle": "monthly", "amount": 1000 }], "trialDays": trial_days,
                    "features": { "campaigns": true }, "limits": { "maxContacts": 3, "maxWhatsAppNumbers": 1 } }),
        )
        .await;
    assert_eq!(starter.status, StatusCode::CREATED, "{}", starter.body);
    assert_eq!(starter.body["synced"], true, "the plan exists in Stripe");
    let pro = app
        .post(
            "/api/v1/admin/plans",
            Some(admin),
            json!({ "name": "Pro", "prices": [{ "cycle": "monthly", "amount": 3000 }, { "cycle": "annual", "amount": 30000 }],
                    "trialDays": trial_days, "features": { "campaigns": true, "apiAccess": true, "multipleWhatsAppNumbers": true } }),
        )
        .await;
    assert_eq!(pro.status, StatusCode::CREATED, "{}", pro.body);
    let s = starter.body["id"].as_str().expect("id").to_owned();
    let res = app.post(&format!("/api/v1/admin/plans/{s}/default"), Some(admin), json!({})).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    (s, pro.body["id"].as_str().expect("id").to_owned())
}

async fn overview(app: &TestApp, owner: &Signup) -> Value {
    let res = app.get("/api/v1/billing", &owner.token).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.body
}

/// Polls the overview until `done` holds (webhooks arrive asynchronously), or fails with the last state.
async fn until(app: &TestApp, owner: &Signup, what: &str, done: impl Fn(&Value) -> bool) -> Value {
    let mut last = Value::Null;
    for _ in 0..100 {
        last = overview(app, owner).await;
        if done(&last) {
            return last;
        }
        tokio::time::sleep(StdDuration::from_millis(100)).await;
    }
    panic!("{what} never happened; last overview: {last:#}");
}

/// Subscribes through Checkout with `card`; answers the overview once Stripe's webhooks were processed.
async fn subscribe(app: &TestApp, owner: &Signup, plan: &str, card: &str) -> Value {
    let res = app.post("/api/v1/billing/checkout", Some(&owner.token), json!({ "planId": plan })).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let url = res.body["url"].as_str().expect("checkout url");
    let (status, location) = app.stripe().pay_checkout(url, card).await;
    assert_eq!(status, 303, "the paid Checkout redirects back");
    assert!(location.as_deref().is_some_and(|l| l.contains("/app/billing?checkout=success")), "{location:?}");
    until(app, owner, "the subscription to arrive", |o| o["gateway"] == "stripe").await
}

async fn sql(app: &TestApp, q: &str) -> i64 {
    let db = app.owner_db().await;
    db.query_one_raw(Statement::from_string(DbBackend::Postgres, q.to_owned()))
        .await
        .expect("query")
        .expect("row")
        .try_get_by_index::<i64>(0)
        .expect("n")
}

#[tokio::test]
async fn sign_up_trials_then_checkout_keeps_the_trial_and_the_first_charge_comes_at_its_end() {
    let app = TestApp::spawn_billing().await;
    let admin = app.platform_admin().await;
    let (starter, pro) = plans(&app, &admin, 14).await;
    let owner = app.signup("Trial Co").await;
    let o = overview(&app, &owner).await;
    assert_eq!((o["status"].as_str(), o["mode"].as_str()), (Some("trialing"), Some("stripe")));
    assert_eq!(o["plan"]["id"], starter.as_str());
    assert_eq!(o["trialDaysLeft"], 14);

    let o = subscribe(&app, &owner, &pro, "4242 4242 4242 4242").await;
    assert_eq!(o["status"], "trialing", "the rest of the trial is kept: {o}");
    assert_eq!(o["plan"]["id"], pro.as_str());
    assert_eq!(o["hasPaymentMethod"], true);
    let again = app.post("/api/v1/billing/checkout", Some(&owner.token), json!({ "planId": pro })).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.code(), "already_subscribed", "no second subscription: {}", again.body);

    app.stripe().sim.advance(15 * DAY);
    let o = until(&app, &owner, "the trial to end in a payment", |o| o["status"] == "active").await;
    assert_eq!(o["access"], "ok");
    let inv = until_invoices(&app, &owner, 1).await;
    assert_eq!(inv[0]["status"], "paid");
    assert_eq!(inv[0]["total"], 3000);
    assert!(inv[0]["number"].as_str().is_some_and(|n| !n.is_empty()));
    assert!(inv[0]["pdfUrl"].as_str().is_some_and(|u| u.ends_with("/pdf")));
    until_mail(&app, &owner.email, "Receipt").await;
}

/// Waits for a mail to `to` whose subject starts with `prefix` (mails come from webhook jobs).
async fn until_mail(app: &TestApp, to: &str, prefix: &str) -> Value {
    for _ in 0..100 {
        if let Some(m) =
            app.mails_to(to).await.into_iter().find(|m| m["subject"].as_str().is_some_and(|s| s.starts_with(prefix)))
        {
            return m;
        }
        tokio::time::sleep(StdDuration::from_millis(100)).await;
    }
    panic!("no mail starting with {prefix:?} to {to}: {:?}", app.mails_to(to).await);
}

async fn until_invoices(app: &TestApp, owner: &Signup, n: usize) -> Vec<Value> {
    for _ in 0..100 {
        let res = app.get("/api/v1/billing/invoices", &owner.token).await;
        let list = res.body.as_array().cloned().unwrap_or_default();
        if list.len() >= n {
            return list;
        }
        tokio::time::sleep(StdDuration::from_millis(100)).await;
    }
    panic!("fewer than {n} invoices");
}

#[tokio::test]
async fn a_trial_without_a_card_pauses_the_workspace_with_mails_before_and_at_the_end() {
    let app = TestApp::spawn_billing().await;
    let admin = app.platform_admin().await;
    plans(&app, &admin, 14).await;
    let owner = app.signup("No Card Co").await;
    let now = chrono::Utc::now();
    let r = app.services.dunning.sweep(now + Duration::days(12)).await.expect("sweep");
    assert_eq!(r.trial_reminders, 1);
    let again = app.services.dunning.sweep(now + Duration::days(12)).await.expect("sweep");
    assert_eq!(again.trial_reminders, 0, "the reminder goes once");
    let r = app.services.dunning.sweep(now + Duration::days(15)).await.expect("sweep");
    assert_eq!(r.trials_ended, 1);
    let o = overview(&app, &owner).await;
    assert_eq!((o["status"].as_str(), o["access"].as_str()), (Some("paused"), Some("restricted")));
    let subjects: Vec<String> =
        app.mails_to(&owner.email).await.iter().filter_map(|m| m["subject"].as_str().map(str::to_owned)).collect();
    assert!(subjects.iter().any(|s| s.contains("trial ends in")), "{subjects:?}");
    assert!(subjects.iter().any(|s| s.contains("trial has ended")), "{subjects:?}");
    // Conversations keep working; the billing page stays open.
    assert_eq!(app.get("/api/v1/contacts", &owner.token).await.status, StatusCode::OK);
}

#[tokio::test]
async fn an_upgrade_is_prorated_now_and_a_downgrade_waits_for_the_period_end_after_listing_what_it_breaks() {
    let app = TestApp::spawn_billing().await;
    let admin = app.platform_admin().await;
    let (starter, pro) = plans(&app, &admin, 1).await;
    let owner = app.signup("Upgrade Co").await;
    let o = subscribe(&app, &owner, &starter, "4242424242424242").await;
    assert_eq!(o["status"], "active", "a trial shorter than two days is not carried into Checkout");

    // Starter is sold monthly only: another cycle is the catalogue's state, a conflict.
    let unsold =
        app.post("/api/v1/billing/preview", Some(&owner.token), json!({ "planId": starter, "cycle": "annual" })).await;
    assert_eq!(unsold.status, StatusCode::CONFLICT, "{}", unsold.body);
    assert_eq!(unsold.code(), "cycle_not_sold");
    let unsold = app
        .post("/api/v1/billing/change", Some(&owner.token), json!({ "planId": starter, "cycle": "quarterly" }))
        .await;
    assert_eq!(unsold.code(), "cycle_not_sold");
    let preview = app.post("/api/v1/billing/preview", Some(&owner.token), json!({ "planId": pro })).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    assert_eq!(preview.body["effective"], "now");
    let due = preview.body["amountDue"].as_i64().expect("amount");
    assert!((1990..=2000).contains(&due), "almost the whole month's difference (USD 20): {due}");
    let changed = app.post("/api/v1/billing/change", Some(&owner.token), json!({ "planId": pro })).await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    assert_eq!(changed.body["plan"]["id"], pro.as_str(), "upgrades apply at once");
    let invoices = until_invoices(&app, &owner, 2).await;
    assert!(invoices.iter().any(|i| i["total"].as_i64() == Some(due)), "the prorated invoice: {invoices:?}");

    for n in 0..4 {
        let c = app.post("/api/v1/contacts", Some(&owner.token), json!({ "phone": format!("+1415555{n:04}") })).await;
        assert_eq!(c.status, StatusCode::CREATED, "{}", c.body);
    }
    let preview = app.post("/api/v1/billing/preview", Some(&owner.token), json!({ "planId": starter })).await;
    assert_eq!(preview.body["effective"], "period_end");
    assert_eq!(preview.body["problems"], json!([{ "key": "contacts", "used": 4, "limit": 3 }]));
    let refused = app.post("/api/v1/billing/change", Some(&owner.token), json!({ "planId": starter })).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(refused.code(), "downgrade_needs_confirmation", "{}", refused.body);
    let o = app.post("/api/v1/billing/change", Some(&owner.token), json!({ "planId": starter, "confirm": true })).await;
    assert_eq!(o.status, StatusCode::OK, "{}", o.body);
    assert_eq!(o.body["plan"]["id"], pro.as_str(), "still Pro until the period ends");
    assert_eq!(o.body["scheduledPlan"]["id"], starter.as_str());

    app.stripe().sim.advance(32 * DAY);
    let o = until(&app, &owner, "the downgrade to apply", |o| o["plan"]["id"] == starter.as_str()).await;
    assert!(o["scheduledPlan"].is_null());
    assert_eq!(o["status"], "active");
}

#[tokio::test]
async fn a_failed_renewal_goes_past_due_then_restricted_then_suspended_and_paying_restores_everything() {
    let app = TestApp::spawn_billing().await;
    let admin = app.platform_admin().await;
    let (starter, _) = plans(&app, &admin, 1).await;
    let owner = app.signup("Dunning Co").await;
    subscribe(&app, &owner, &starter, "4000 0000 0000 0341").await;
    app.stripe().sim.advance(31 * DAY);
    let o = until(&app, &owner, "the renewal to fail", |o| o["status"] == "past_due").await;
    assert_eq!(o["access"], "past_due");
    assert!(o["restrictsAt"].is_string() && o["suspendsAt"].is_string());
    until_mail(&app, &owner.email, "Payment failed").await;

    let clock = app.stripe().sim.now();
    let r = app.services.dunning.sweep(clock + Duration::days(8)).await.expect("sweep");
    assert_eq!(r.restricted, 1);
    assert_eq!(overview(&app, &owner).await["access"], "restricted");
    let r = app.services.dunning.sweep(clock + Duration::days(23)).await.expect("sweep");
    assert_eq!(r.suspended, 1);
    let blocked = app.get("/api/v1/contacts", &owner.token).await;
    assert_eq!((blocked.status, blocked.code()), (StatusCode::PAYMENT_REQUIRED, "workspace_suspended"));
    assert_eq!(overview(&app, &owner).await["access"], "suspended", "the billing page stays open");

    let portal = app.post("/api/v1/billing/portal", Some(&owner.token), json!({})).await;
    assert_eq!(portal.status, StatusCode::OK, "{}", portal.body);
    let url = portal.body["url"].as_str().expect("portal url");
    assert!(app.stripe().portal_card(url, "4242424242424242").await < 400);
    let o = until(&app, &owner, "the payment to restore access", |o| o["access"] == "ok").await;
    assert_eq!(o["status"], "active");
    assert_eq!(app.get("/api/v1/contacts", &owner.token).await.status, StatusCode::OK);
}

#[tokio::test]
async fn cancel_at_period_end_can_be_resumed_and_otherwise_ends_the_subscription() {
    let app = TestApp::spawn_billing().await;
    let admin = app.platform_admin().await;
    let (starter, _) = plans(&app, &admin, 1).await;
    let owner = app.signup("Cancel Co").await;
    subscribe(&app, &owner, &starter, "4242424242424242").await;
    let c = app.post("/api/v1/billing/cancel", Some(&owner.token), json!({})).await;
    assert_eq!(c.body["cancelAtPeriodEnd"], true, "{}", c.body);
    let r = app.post("/api/v1/billing/resume", Some(&owner.token), json!({})).await;
    assert_eq!(r.body["cancelAtPeriodEnd"], false, "{}", r.body);
    app.post("/api/v1/billing/cancel", Some(&owner.token), json!({})).await;
    app.stripe().sim.advance(32 * DAY);
    let o = until(&app, &owner, "the subscription to end", |o| o["status"] == "canceled").await;
    assert_eq!(o["access"], "restricted", "no free plan to fall back on");
    let mails = app.mails_to(&owner.email).await;
    assert!(mails.iter().any(|m| m["subject"].as_str().is_some_and(|s| s.contains("cancelled"))));
}

#[tokio::test]
async fn webhooks_are_verified_recorded_once_and_converge_on_the_newest_state() {
    let app = TestApp::spawn_billing().await;
    let admin = app.platform_admin().await;
    let (starter, pro) = plans(&app, &admin, 1).await;
    let owner = app.signup("Hooks Co").await;
    subscribe(&app, &owner, &starter, "4242424242424242").await;
    app.post("/api/v1/billing/change", Some(&owner.token), json!({ "planId": pro })).await;
    assert!(sql(&app, "select count(*) from billing_events").await > 0);

    // A redelivery of the oldest event (created, on Starter) changes nothing: the id is known.
    let url = format!("{}/_sim/events", app.stripe().sim_url);
    let first = reqwest_json(&app, &format!("{}/v1/events?limit=100", app.stripe().sim_url)).await;
    let oldest =
        first["data"].as_array().and_then(|d| d.last()).expect("an event")["id"].as_str().expect("id").to_owned();
    let res = app.stripe().http.post(format!("{url}/{oldest}/resend")).send().await.expect("resend");
    assert!(res.status().is_success());
    let deliveries = format!("{}/_sim/deliveries", app.stripe().sim_url);
    let mut delivered = 0;
    for _ in 0..50 {
        let log = reqwest_json(&app, &deliveries).await;
        delivered = log["data"]
            .as_array()
            .map(|d| d.iter().filter(|x| x["event_id"] == oldest.as_str() && x["status"] == 200).count())
            .unwrap_or(0);
        if delivered >= 2 {
            break;
        }
        tokio::time::sleep(StdDuration::from_millis(100)).await;
    }
    assert_eq!(delivered, 2, "delivered twice, acknowledged both times");
    assert_eq!(
        sql(&app, &format!("select count(*) from billing_events where id = '{oldest}'")).await,
        1,
        "recorded once"
    );
    assert_eq!(overview(&app, &owner).await["plan"]["id"], pro.as_str());

    // The same old event under a new id (a late, out-of-order delivery) is processed: it re-reads Stripe and
    // converges on the newest state instead of going back to Starter.
    let payload = first["data"].as_array().and_then(|d| d.last()).expect("event").clone();
    let mut late = payload.clone();
    late["id"] = json!("evt_late_duplicate");
    let body = serde_json::to_vec(&late).expect("json");
    let sig = parley_billing::webhook::signature_header(
        &body,
        parley_test_support::STRIPE_WEBHOOK_SECRET,
        chrono::Utc::now().timestamp(),
    );
    let res = post_hook(&app, &body, Some(&sig)).await;
    assert_eq!(res, 200);
    tokio::time::sleep(StdDuration::from_millis(500)).await;
    assert_eq!(overview(&app, &owner).await["plan"]["id"], pro.as_str(), "the newest state wins");

    // Forged, replayed and unsigned deliveries: refused, nothing recorded.
    let before = sql(&app, "select count(*) from billing_events").await;
    let mut forged = late.clone();
    forged["id"] = json!("evt_forged");
    let body = serde_json::to_vec(&forged).expect("json");
    let bad = parley_billing::webhook::signature_header(&body, "whsec_wrong", chrono::Utc::now().timestamp());
    assert_eq!(post_hook(&app, &body, Some(&bad)).await, 401);
    let old = parley_billing::webhook::signature_header(
        &body,
        parley_test_support::STRIPE_WEBHOOK_SECRET,
        chrono::Utc::now().timestamp() - 600,
    );
    assert_eq!(post_hook(&app, &body, Some(&old)).await, 401);
    assert_eq!(post_hook(&app, &body, None).await, 400);
    assert_eq!(post_hook(&app, b"not json", Some("t=1,v1=00")).await, 401);
    assert_eq!(sql(&app, "select count(*) from billing_events").await, before);
}

async fn reqwest_json(app: &TestApp, url: &str) -> Value {
    app.stripe().http.get(url).bearer_auth("sk_test_parley").send().await.expect("get").json().await.expect("json")
}

async fn post_hook(app: &TestApp, body: &[u8], sig: Option<&str>) -> u16 {
    let mut req = app
        .stripe()
        .http
        .post(format!("{}/api/v1/webhooks/stripe", app.stripe().base_url))
        .header("content-type", "application/json")
        .body(body.to_vec());
    if let Some(s) = sig {
        req = req.header("stripe-signature", s);
    }
    req.send().await.expect("post").status().as_u16()
}

#[tokio::test]
async fn an_unreachable_stripe_fails_checkout_cleanly_and_a_price_change_keeps_subscribers_on_theirs() {
    let dead = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let dead_url = format!("http://{}", dead.local_addr().expect("addr"));
    drop(dead);
    let down = TestApp::spawn_billing_with(Some(dead_url)).await;
    let admin = down.platform_admin().await;
    let res = down
        .post(
            "/api/v1/admin/plans",
            Some(&admin),
            json!({ "name": "X", "prices": [{ "cycle": "monthly", "amount": 100 }] }),
        )
        .await;
    assert_eq!((res.status, res.code()), (StatusCode::BAD_GATEWAY, "payment_gateway_unavailable"));
    assert_eq!(sql(&down, "select count(*) from plans").await, 0, "nothing half-created");

    let app = TestApp::spawn_billing().await;
    let admin = app.platform_admin().await;
    let (starter, _) = plans(&app, &admin, 1).await;
    let owner = app.signup("Price Co").await;
    subscribe(&app, &owner, &starter, "4242424242424242").await;
    let price_before: String = {
        let db = app.owner_db().await;
        db.query_one_raw(Statement::from_string(
            DbBackend::Postgres,
            "select gateway_price_id from subscriptions".to_owned(),
        ))
        .await
        .expect("q")
        .expect("row")
        .try_get_by_index(0)
        .expect("price")
    };
    let up = app
        .call(
            axum::http::Method::PATCH,
            &format!("/api/v1/admin/plans/{starter}"),
            Some(&admin),
            Some(json!({ "name": "Starter", "prices": [{ "cycle": "monthly", "amount": 1500 }], "trialDays": 1,
                         "limits": { "maxContacts": 3, "maxWhatsAppNumbers": 1 } })),
        )
        .await;
    assert_eq!(up.status, StatusCode::OK, "{}", up.body);
    assert_eq!(sql(&app, &format!("select count(*) from plan_gateway_prices where plan_id = '{starter}'")).await, 2);
    let refreshed = app.post("/api/v1/billing/refresh", Some(&owner.token), json!({})).await;
    assert_eq!(refreshed.status, StatusCode::OK, "{}", refreshed.body);
    let db = app.owner_db().await;
    let price_after: String = db
        .query_one_raw(Statement::from_string(
            DbBackend::Postgres,
            "select gateway_price_id from subscriptions".to_owned(),
        ))
        .await
        .expect("q")
        .expect("row")
        .try_get_by_index(0)
        .expect("price");
    assert_eq!(price_before, price_after, "the subscriber keeps the old price");
    let negative = app
        .call(
            axum::http::Method::PATCH,
            &format!("/api/v1/admin/plans/{starter}"),
            Some(&admin),
            Some(json!({ "name": "Starter", "prices": [{ "cycle": "monthly", "amount": -1 }] })),
        )
        .await;
    assert_eq!(negative.status, StatusCode::UNPROCESSABLE_ENTITY);
    let o = app.get("/api/v1/admin/billing", &admin).await;
    assert_eq!(o.body["mrr"], json!([{ "currency": "usd", "amount": 1000 }]), "MRR counts the price paid: {}", o.body);
}
