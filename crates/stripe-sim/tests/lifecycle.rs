//! Subscription lifecycles against the simulator over real HTTP: Checkout with each test card, trials, dunning,
//! plan changes, schedules, cancellation, idempotency and webhook retries. Every answer and event is also checked
//! against the pinned async-stripe types by the harness.

mod support;

use parley_stripe_sim::TrialEndBehavior;
use serde_json::Value;
use std::time::Duration;
use support::{DAY, Harness, period, start, start_with, types};

const GOOD: &str = "4242 4242 4242 4242";
const DECLINED: &str = "4000 0000 0000 0002";
const RENEWALS_FAIL: &str = "4000 0000 0000 0341";

#[tokio::test]
async fn checkout_with_4242_makes_an_active_subscription_with_a_paid_invoice_and_signed_events_in_order() {
    let mut h = start().await;
    let price = h.price("Pro", 4900).await;
    let customer = h.customer("owner@acme.test").await;
    let cs = h.checkout(&customer, &price, &[("subscription_data[metadata][parley_plan_id]", "pro")]).await;
    let cs_id = cs["id"].as_str().expect("id").to_owned();
    let url = cs["url"].as_str().expect("url").to_owned();
    assert_eq!(url, format!("{}/checkout/{cs_id}", h.base));
    assert_eq!(cs["status"], "open");

    let (status, page) = h.page(&url).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Subscribe to Pro") && page.contains("$49.00 / month") && page.contains("4242 4242 4242 4242")
    );
    assert!(
        page.contains("Pay $49.00") && page.contains("href=\"https://app.example/billing\""),
        "pay button, cancel link"
    );

    let (status, location, _) = h.pay(&url, &[("card", GOOD)]).await;
    assert_eq!(status, 303);
    assert_eq!(location.as_deref(), Some(format!("https://app.example/billing/done?session={cs_id}").as_str()));

    let hooks = h.hooks_until("checkout.session.completed").await;
    assert_eq!(
        types(&hooks),
        [
            "product.created",
            "price.created",
            "customer.created",
            "payment_method.attached",
            "customer.subscription.created",
            "invoice.created",
            "invoice.finalized",
            "invoice.paid",
            "invoice.payment_succeeded",
            "checkout.session.completed",
        ]
    );
    let completed = hooks.last().expect("completed").json();
    assert_eq!(completed["data"]["object"]["client_reference_id"], "tenant-1");
    let sub_id = completed["data"]["object"]["subscription"].as_str().expect("subscription").to_owned();

    let sub = h.sub(&sub_id).await;
    assert_eq!(sub["status"], "active");
    assert_eq!(sub["metadata"]["parley_plan_id"], "pro");
    assert_eq!(sub["items"]["data"][0]["price"]["id"], price.as_str());
    let (start, end) = period(&sub);
    assert_eq!(start, h.now().await);
    assert!((28 * DAY..=31 * DAY).contains(&(end - start)));
    assert!(sub["default_payment_method"].as_str().is_some_and(|pm| pm.starts_with("pm_")));

    let invoices = h.invoices(&customer).await;
    assert_eq!(invoices.len(), 1);
    let inv = &invoices[0];
    assert_eq!(inv["status"], "paid");
    assert_eq!(inv["amount_paid"], 4900);
    assert_eq!(inv["number"], "PRLY-0001");
    assert_eq!(inv["billing_reason"], "subscription_create");
    assert_eq!(inv["parent"]["subscription_details"]["subscription"], sub_id.as_str());
    assert_eq!(sub["latest_invoice"], inv["id"]);

    let session = h
        .get(&format!("/v1/checkout/sessions/{cs_id}"), &[("expand[]", "subscription")])
        .await
        .ok::<stripe_shared::CheckoutSession>();
    assert_eq!(session["status"], "complete");
    assert_eq!(session["payment_status"], "paid");
    assert_eq!(session["subscription"]["id"], sub_id.as_str());
    let (status, page) = h.page(&url).await;
    assert_eq!(status, 410);
    assert!(page.contains("already subscribed"));

    // Stripe's one-subscription-per-customer setting.
    let err = h
        .post(
            "/v1/checkout/sessions",
            &[
                ("mode", "subscription"),
                ("customer", &customer),
                ("line_items[0][price]", &price),
                ("success_url", "https://app.example/ok"),
            ],
        )
        .await
        .err(400);
    assert_eq!(err["param"], "customer");
    assert_eq!(err["type"], "invalid_request_error");
}

#[tokio::test]
async fn a_declined_card_re_renders_the_page_and_creates_nothing() {
    let mut h = start().await;
    let price = h.price("Pro", 4900).await;
    let customer = h.customer("owner@acme.test").await;
    let cs = h.checkout(&customer, &price, &[]).await;
    let url = cs["url"].as_str().expect("url");
    h.drain(Duration::from_millis(300)).await;

    let (status, location, page) = h.pay(url, &[("card", DECLINED)]).await;
    assert_eq!(status, 402);
    assert_eq!(location, None);
    assert!(page.contains("Your card was declined"));
    let subs = h.get("/v1/subscriptions", &[("customer", &customer), ("status", "all")]).await;
    assert_eq!(subs.ok::<stripe_types::List<stripe_shared::Subscription>>()["data"], Value::Array(vec![]));
    assert!(h.invoices(&customer).await.is_empty());
    let pms = h.get("/v1/payment_methods", &[("customer", &customer), ("type", "card")]).await;
    assert_eq!(pms.ok::<stripe_types::List<stripe_shared::PaymentMethod>>()["data"], Value::Array(vec![]));
    assert!(h.drain(Duration::from_millis(300)).await.is_empty(), "no events");

    // The same session still works with a good card.
    let (status, _, _) = h.pay(url, &[("card", "4242-4242-4242-4242")]).await;
    assert_eq!(status, 303);
}

#[tokio::test]
async fn a_trial_without_a_card_warns_three_days_before_and_pauses_at_the_end() {
    let mut h = start().await;
    let price = h.price("Pro", 4900).await;
    let customer = h.customer("owner@acme.test").await;
    let trial_end = h.now().await + 7 * DAY;
    let trial_end_s = trial_end.to_string();
    let cs = h
        .checkout(
            &customer,
            &price,
            &[("subscription_data[trial_end]", &trial_end_s), ("payment_method_collection", "if_required")],
        )
        .await;
    assert_eq!(cs["amount_total"], 0);
    let url = cs["url"].as_str().expect("url");
    let (_, page) = h.page(url).await;
    assert!(page.contains("Start trial without a card") && page.contains("Due today: <strong>$0.00"));
    let (status, _, _) = h.pay(url, &[("nocard", "1")]).await;
    assert_eq!(status, 303);
    h.hooks_until("checkout.session.completed").await;
    let sub_id = h.get("/v1/subscriptions", &[("customer", &customer)]).await.json()["data"][0]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let sub = h.sub(&sub_id).await;
    assert_eq!(sub["status"], "trialing");
    assert_eq!(sub["trial_end"], trial_end);
    assert_eq!(sub["trial_settings"]["end_behavior"]["missing_payment_method"], "pause");
    assert!(h.invoices(&customer).await.is_empty());

    h.advance(4 * DAY).await;
    let warned = h.hooks_until("customer.subscription.trial_will_end").await;
    let event = warned.last().expect("event").json();
    assert_eq!(event["created"], trial_end - 3 * DAY);

    h.advance(3 * DAY).await;
    let hooks = h.hooks_until("customer.subscription.paused").await;
    let updated = hooks.iter().find(|k| k.type_() == "customer.subscription.updated").expect("updated").json();
    assert_eq!(updated["data"]["object"]["status"], "paused");
    assert_eq!(updated["data"]["previous_attributes"]["status"], "trialing");
    assert_eq!(h.sub(&sub_id).await["status"], "paused");
    assert!(h.invoices(&customer).await.is_empty());

    // A card added in the Portal resumes it and bills a new period.
    let portal = h.portal(&customer).await;
    let (status, _) = h.form(&format!("{portal}/card"), &[("card", GOOD)]).await;
    assert_eq!(status, 303);
    let sub = h.sub(&sub_id).await;
    assert_eq!(sub["status"], "active");
    let invoices = h.invoices(&customer).await;
    assert_eq!(invoices[0]["status"], "paid");
    assert_eq!(invoices[0]["amount_paid"], 4900);
}

#[tokio::test]
async fn a_trial_ending_without_a_card_can_cancel_instead() {
    let mut h = start_with(TrialEndBehavior::Cancel).await;
    let price = h.price("Pro", 4900).await;
    let customer = h.customer("owner@acme.test").await;
    let trial_end = (h.now().await + 3 * DAY).to_string();
    let cs = h
        .checkout(
            &customer,
            &price,
            &[("subscription_data[trial_end]", &trial_end), ("payment_method_collection", "if_required")],
        )
        .await;
    h.pay(cs["url"].as_str().expect("url"), &[("nocard", "1")]).await;
    h.advance(3 * DAY).await;
    let hooks = h.hooks_until("customer.subscription.deleted").await;
    assert!(types(&hooks).contains(&"customer.subscription.trial_will_end".to_owned()));
    let deleted = hooks.last().expect("deleted").json();
    assert_eq!(deleted["data"]["object"]["status"], "canceled");
}

#[tokio::test]
async fn a_checkout_trial_must_end_at_least_48_hours_ahead() {
    let h = start().await;
    let price = h.price("Pro", 4900).await;
    let customer = h.customer("owner@acme.test").await;
    let soon = (h.now().await + DAY).to_string();
    let err = h
        .post(
            "/v1/checkout/sessions",
            &[
                ("mode", "subscription"),
                ("customer", &customer),
                ("line_items[0][price]", &price),
                ("success_url", "https://app.example/ok"),
                ("subscription_data[trial_end]", &soon),
            ],
        )
        .await
        .err(400);
    assert_eq!(err["param"], "subscription_data[trial_end]");
}

#[tokio::test]
async fn a_card_failing_renewals_goes_past_due_then_unpaid_and_a_new_card_in_the_portal_reactivates() {
    let mut h = start().await;
    let (customer, sub) = h.subscribed(4900, RENEWALS_FAIL).await;
    let sub_id = sub["id"].as_str().expect("id").to_owned();
    assert_eq!(sub["status"], "active", "the first payment succeeds");
    let (_, end) = period(&sub);
    h.hooks_until("checkout.session.completed").await;

    let now = h.now().await;
    h.advance(end - now).await;
    let hooks = h.hooks_until("customer.subscription.updated").await;
    let renewal = h.hooks_until("invoice.payment_failed").await;
    assert!(types(&hooks).contains(&"invoice.upcoming".to_owned()));
    let failed = renewal.last().expect("failed").json();
    assert_eq!(failed["data"]["object"]["attempt_count"], 1);
    assert_eq!(failed["data"]["object"]["next_payment_attempt"], end + 3 * DAY);
    let updated = h.hooks_until("customer.subscription.updated").await;
    let updated = updated.last().expect("updated").json();
    assert_eq!(updated["data"]["object"]["status"], "past_due");
    assert_eq!(updated["data"]["previous_attributes"]["status"], "active");
    let invoice_id = failed["data"]["object"]["id"].as_str().expect("invoice").to_owned();

    // Retries at +3, +5 and +7 days, then unpaid.
    for (day, attempt, next) in [(3, 2, Some(5)), (5, 3, Some(7)), (7, 4, None)] {
        let now = h.now().await;
        h.advance(end + day * DAY - now).await;
        let hooks = h.hooks_until("invoice.payment_failed").await;
        let inv = hooks.last().expect("failed").json()["data"]["object"].clone();
        assert_eq!(inv["attempt_count"], attempt);
        assert_eq!(inv["next_payment_attempt"], next.map_or(Value::Null, |d: i64| Value::from(end + d * DAY)));
    }
    let hooks = h.hooks_until("customer.subscription.updated").await;
    assert_eq!(hooks.last().expect("updated").json()["data"]["object"]["status"], "unpaid");
    assert_eq!(h.sub(&sub_id).await["status"], "unpaid");

    // A good card in the Portal pays the open invoice at once.
    let portal = h.portal(&customer).await;
    let (status, page) = h.page(&portal).await;
    assert_eq!(status, 200);
    assert!(page.contains("unpaid") && page.contains("PRLY-0002") && page.contains("Return"));
    let (status, _) = h.form(&format!("{portal}/card"), &[("card", GOOD)]).await;
    assert_eq!(status, 303);
    let hooks = h.hooks_until("invoice.paid").await;
    assert_eq!(hooks.last().expect("paid").json()["data"]["object"]["id"], invoice_id.as_str());
    let sub = h.sub(&sub_id).await;
    assert_eq!(sub["status"], "active");
    let inv = h.get(&format!("/v1/invoices/{invoice_id}"), &[]).await.ok::<stripe_shared::Invoice>();
    assert_eq!(inv["status"], "paid");
    assert_eq!(inv["amount_paid"], 4900);
    let cards = h
        .get("/v1/payment_methods", &[("customer", &customer), ("type", "card")])
        .await
        .ok::<stripe_types::List<stripe_shared::PaymentMethod>>();
    assert_eq!(cards["data"].as_array().map(Vec::len), Some(2));
    assert_eq!(sub["default_payment_method"], cards["data"][0]["id"]);
}

async fn expected_proration(h: &Harness, sub: &Value, old: i64, new: i64) -> i64 {
    let (start, end) = period(sub);
    let left = end - h.now().await;
    let whole = end - start;
    // Rounded to the nearest cent per line, computed here independently of the simulator.
    let round = |amount: i64| ((amount as f64) * (left as f64) / (whole as f64)).round() as i64;
    round(new) - round(old)
}

#[tokio::test]
async fn an_upgrade_with_always_invoice_charges_the_exact_prorated_difference_shown_by_the_preview() {
    let mut h = start().await;
    let (customer, sub) = h.subscribed(1000, GOOD).await;
    let sub_id = sub["id"].as_str().expect("id").to_owned();
    let item = sub["items"]["data"][0]["id"].as_str().expect("item").to_owned();
    let business = h.price("Business", 3000).await;
    h.advance(10 * DAY + 3600).await;
    let now = h.now().await.to_string();
    let expected = expected_proration(&h, &sub, 1000, 3000).await;

    let preview = h
        .post(
            "/v1/invoices/create_preview",
            &[
                ("customer", &customer),
                ("subscription", &sub_id),
                ("subscription_details[items][0][id]", &item),
                ("subscription_details[items][0][price]", &business),
                ("subscription_details[proration_date]", &now),
                ("subscription_details[proration_behavior]", "always_invoice"),
            ],
        )
        .await
        .ok::<stripe_shared::Invoice>();
    assert_eq!(preview["amount_due"], expected);
    let lines = preview["lines"]["data"].as_array().expect("lines");
    assert_eq!(lines.len(), 2);
    assert!(lines[0]["description"].as_str().expect("d").starts_with("Unused time on Pro"));
    assert!(lines[0]["amount"].as_i64().expect("amount") < 0);
    assert!(lines[1]["description"].as_str().expect("d").starts_with("Remaining time on Business"));
    assert_eq!(lines[0]["parent"]["subscription_item_details"]["proration"], true);
    h.drain(Duration::from_millis(200)).await;

    let updated = h
        .post(
            &format!("/v1/subscriptions/{sub_id}"),
            &[
                ("items[0][id]", &item),
                ("items[0][price]", &business),
                ("proration_behavior", "always_invoice"),
                ("proration_date", &now),
            ],
        )
        .await
        .ok::<stripe_shared::Subscription>();
    assert_eq!(updated["items"]["data"][0]["price"]["id"], business.as_str());
    assert_eq!(period(&updated), period(&sub), "the billing period is unchanged");
    let hooks = h.hooks_until("invoice.paid").await;
    let change = hooks.iter().find(|k| k.type_() == "customer.subscription.updated").expect("updated").json();
    assert!(change["data"]["previous_attributes"]["items"].is_object());
    let inv = hooks.last().expect("paid").json()["data"]["object"].clone();
    assert_eq!(inv["billing_reason"], "subscription_update");
    assert_eq!(inv["amount_paid"], expected);
    assert_eq!(inv["total"], preview["total"]);
    assert_eq!(h.invoices(&customer).await.len(), 2);
}

#[tokio::test]
async fn a_downgrade_scheduled_for_the_period_end_applies_then_and_releases() {
    let mut h = start().await;
    let (customer, sub) = h.subscribed(3000, GOOD).await;
    let sub_id = sub["id"].as_str().expect("id").to_owned();
    let starter = h.price("Starter", 1000).await;
    let (start, end) = period(&sub);

    let sched = h
        .post("/v1/subscription_schedules", &[("from_subscription", &sub_id)])
        .await
        .ok::<stripe_shared::SubscriptionSchedule>();
    let sched_id = sched["id"].as_str().expect("id").to_owned();
    assert_eq!(sched["phases"][0]["start_date"], start);
    assert_eq!(sched["phases"][0]["end_date"], end);
    let current = sched["phases"][0]["items"][0]["price"].as_str().expect("price").to_owned();
    let (start_s, end_s) = (start.to_string(), end.to_string());
    let sched = h
        .post(
            &format!("/v1/subscription_schedules/{sched_id}"),
            &[
                ("phases[0][items][0][price]", &current),
                ("phases[0][start_date]", &start_s),
                ("phases[0][end_date]", &end_s),
                ("phases[1][items][0][price]", &starter),
                ("end_behavior", "release"),
            ],
        )
        .await
        .ok::<stripe_shared::SubscriptionSchedule>();
    assert_eq!(sched["phases"][1]["start_date"], end);
    assert_eq!(h.sub(&sub_id).await["schedule"], sched_id.as_str());
    let err = h.post(&format!("/v1/subscriptions/{sub_id}"), &[("cancel_at_period_end", "true")]).await.err(400);
    assert!(err["message"].as_str().expect("m").contains("subscription schedule"));
    h.drain(Duration::from_millis(200)).await;

    h.advance(end - h.now().await).await;
    let hooks = h.hooks_until("invoice.paid").await;
    let updated = hooks.iter().find(|k| k.type_() == "customer.subscription.updated").expect("updated").json();
    assert_eq!(updated["data"]["object"]["items"]["data"][0]["price"]["id"], starter.as_str());
    let sub = h.sub(&sub_id).await;
    assert_eq!(sub["items"]["data"][0]["price"]["id"], starter.as_str());
    assert_eq!(period(&sub).0, end);
    let invoices = h.invoices(&customer).await;
    assert_eq!(invoices[0]["amount_paid"], 1000);
    assert_eq!(invoices[0]["billing_reason"], "subscription_cycle");

    // The last phase lasts one period, then the schedule lets the subscription go.
    h.advance(period(&sub).1 - h.now().await).await;
    h.hooks_until("subscription_schedule.released").await;
    let sched =
        h.get(&format!("/v1/subscription_schedules/{sched_id}"), &[]).await.ok::<stripe_shared::SubscriptionSchedule>();
    assert_eq!(sched["status"], "released");
    assert_eq!(sched["released_subscription"], sub_id.as_str());
    assert_eq!(h.sub(&sub_id).await["schedule"], Value::Null);
}

#[tokio::test]
async fn a_released_schedule_keeps_the_current_price() {
    let mut h = start().await;
    let (_, sub) = h.subscribed(3000, GOOD).await;
    let sub_id = sub["id"].as_str().expect("id").to_owned();
    let sched = h.post("/v1/subscription_schedules", &[("from_subscription", &sub_id)]).await.json();
    let sched_id = sched["id"].as_str().expect("id");
    let released = h
        .post(&format!("/v1/subscription_schedules/{sched_id}/release"), &[])
        .await
        .ok::<stripe_shared::SubscriptionSchedule>();
    assert_eq!(released["status"], "released");
    let hooks = h.hooks_until("subscription_schedule.released").await;
    assert!(types(&hooks).contains(&"subscription_schedule.created".to_owned()));
    assert_eq!(h.sub(&sub_id).await["schedule"], Value::Null);
}

#[tokio::test]
async fn cancel_at_period_end_deletes_the_subscription_at_the_period_end() {
    let mut h = start().await;
    let (_, sub) = h.subscribed(4900, GOOD).await;
    let sub_id = sub["id"].as_str().expect("id").to_owned();
    let (_, end) = period(&sub);
    let updated = h
        .post(&format!("/v1/subscriptions/{sub_id}"), &[("cancel_at_period_end", "true")])
        .await
        .ok::<stripe_shared::Subscription>();
    assert_eq!(updated["cancel_at_period_end"], true);
    assert_eq!(updated["cancel_at"], end);
    assert_eq!(updated["status"], "active");
    let hooks = h.hooks_until("customer.subscription.updated").await;
    assert_eq!(hooks.last().expect("u").json()["data"]["previous_attributes"]["cancel_at_period_end"], false);

    h.advance(end - h.now().await - 60).await;
    assert_eq!(h.sub(&sub_id).await["status"], "active");
    h.advance(60).await;
    let hooks = h.hooks_until("customer.subscription.deleted").await;
    assert!(!types(&hooks).contains(&"invoice.created".to_owned()), "no renewal");
    let sub = h.sub(&sub_id).await;
    assert_eq!(sub["status"], "canceled");
    assert_eq!(sub["ended_at"], end);
    // Checkout is open again once the old subscription is canceled.
    let customer = sub["customer"].as_str().expect("customer").to_owned();
    let price = sub["items"]["data"][0]["price"]["id"].as_str().expect("price").to_owned();
    h.checkout(&customer, &price, &[]).await;
}

#[tokio::test]
async fn resuming_in_the_portal_before_the_end_keeps_the_subscription() {
    let mut h = start().await;
    let (customer, sub) = h.subscribed(4900, GOOD).await;
    let sub_id = sub["id"].as_str().expect("id").to_owned();
    let (_, end) = period(&sub);
    let portal = h.portal(&customer).await;
    let (status, page) = h.page(&portal).await;
    assert_eq!(status, 200);
    assert!(page.contains("Cancel at period end") && page.contains("visa •••• 4242"));
    assert_eq!(h.form(&format!("{portal}/cancel"), &[("subscription", &sub_id)]).await.0, 303);
    assert_eq!(h.sub(&sub_id).await["cancel_at_period_end"], true);
    let (_, page) = h.page(&portal).await;
    assert!(page.contains("Resume subscription") && page.contains("Cancels on"));
    assert_eq!(h.form(&format!("{portal}/resume"), &[("subscription", &sub_id)]).await.0, 303);
    assert_eq!(h.sub(&sub_id).await["cancel_at_period_end"], false);
    h.drain(Duration::from_millis(200)).await;

    h.advance(end - h.now().await).await;
    let hooks = h.hooks_until("invoice.paid").await;
    assert!(!types(&hooks).contains(&"customer.subscription.deleted".to_owned()));
    let sub = h.sub(&sub_id).await;
    assert_eq!(sub["status"], "active");
    assert_eq!(period(&sub).0, end);
}

#[tokio::test]
async fn deleting_a_subscription_cancels_it_now() {
    let mut h = start().await;
    let (_, sub) = h.subscribed(4900, GOOD).await;
    let sub_id = sub["id"].as_str().expect("id");
    let canceled = h
        .call(reqwest::Method::DELETE, &format!("/v1/subscriptions/{sub_id}"), &[], None)
        .await
        .ok::<stripe_shared::Subscription>();
    assert_eq!(canceled["status"], "canceled");
    assert_eq!(canceled["ended_at"], h.now().await);
    h.hooks_until("customer.subscription.deleted").await;
    let listed = h.get("/v1/subscriptions", &[("customer", sub["customer"].as_str().expect("c"))]).await.json();
    assert_eq!(listed["data"], Value::Array(vec![]), "canceled ones are left out unless status=all");
}

#[tokio::test]
async fn an_idempotency_key_replay_returns_the_first_answer() {
    let h = start().await;
    let form = [("email", "a@b.test"), ("name", "A")];
    let first = h.call(reqwest::Method::POST, "/v1/customers", &form, Some("key-1")).await;
    let again = h.call(reqwest::Method::POST, "/v1/customers", &form, Some("key-1")).await;
    assert_eq!(first.ok::<stripe_shared::Customer>(), again.ok::<stripe_shared::Customer>());
    assert_eq!(again.headers.get("idempotent-replayed").and_then(|v| v.to_str().ok()), Some("true"));
    let list = h.get("/v1/customers", &[("email", "a@b.test")]).await.json();
    assert_eq!(list["data"].as_array().map(Vec::len), Some(1));

    let other = h.call(reqwest::Method::POST, "/v1/customers", &[("email", "c@d.test")], Some("key-1")).await;
    assert_eq!(other.err(400)["type"], "idempotency_error");
    let fresh =
        h.call(reqwest::Method::POST, "/v1/customers", &form, Some("key-2")).await.ok::<stripe_shared::Customer>();
    assert_ne!(fresh["id"], first.json()["id"]);
}

#[tokio::test]
async fn a_webhook_refused_with_500_is_retried_until_accepted_and_can_be_resent() {
    let mut h = start().await;
    h.refuse.store(2, std::sync::atomic::Ordering::SeqCst);
    h.customer("a@b.test").await;
    let hook = h.next_hook().await;
    let event = support::verify(&hook);
    assert_eq!(hook.type_(), "customer.created");
    let log: Value =
        h.http.get(format!("{}/_sim/deliveries", h.base)).send().await.expect("log").json().await.expect("json");
    let attempts: Vec<_> =
        log["data"].as_array().expect("data").iter().filter(|d| d["event_id"] == event.id.as_str()).collect();
    assert_eq!(attempts.iter().map(|d| d["status"].as_u64().unwrap_or(0)).collect::<Vec<_>>(), [500, 500, 200]);
    assert_eq!(attempts[2]["attempt"], 3);

    let resent = h.http.post(format!("{}/_sim/events/{}/resend", h.base, event.id)).send().await.expect("resend");
    assert_eq!(resent.status(), 200);
    let again = h.next_hook().await;
    assert_eq!(again.json()["id"], event.id.as_str());
    assert_eq!(again.body, hook.body, "the same bytes");
}

#[tokio::test]
async fn the_api_wants_a_test_key_and_answers_errors_in_stripes_shape() {
    let h = start().await;
    let resp = h.http.get(format!("{}/v1/customers", h.base)).send().await.expect("sim");
    assert_eq!(resp.status(), 401);
    let resp = h.http.get(format!("{}/v1/customers", h.base)).bearer_auth("sk_live_nope").send().await.expect("sim");
    assert_eq!(resp.status(), 401);
    let err = h.get("/v1/customers/cus_missing", &[]).await.err(404);
    assert_eq!(err["code"], "resource_missing");
    assert_eq!(err["message"], "No such customer: 'cus_missing'");
    let err = h.post("/v1/prices", &[("currency", "usd"), ("unit_amount", "x")]).await.err(400);
    assert_eq!(err["param"], "unit_amount");
    let price = h.price("Pro", 4900).await;
    let err = h.post(&format!("/v1/prices/{price}"), &[("unit_amount", "5900")]).await.err(400);
    assert_eq!(err["param"], "unit_amount");
    let archived = h.post(&format!("/v1/prices/{price}"), &[("active", "false")]).await.ok::<stripe_shared::Price>();
    assert_eq!(archived["active"], false);
    h.get("/v1/nothing", &[]).await.err(404);
}

#[tokio::test]
async fn checkout_sessions_expire_after_a_day_and_the_page_says_so() {
    let mut h = start().await;
    let price = h.price("Pro", 4900).await;
    let customer = h.customer("owner@acme.test").await;
    let cs = h.checkout(&customer, &price, &[]).await;
    h.advance(DAY).await;
    h.hooks_until("checkout.session.expired").await;
    let (status, page) = h.page(cs["url"].as_str().expect("url")).await;
    assert_eq!(status, 410);
    assert!(page.contains("expired"));
    let (status, _, _) = h.pay(cs["url"].as_str().expect("url"), &[("card", GOOD)]).await;
    assert_eq!(status, 410);
}

#[tokio::test]
async fn the_hosted_invoice_page_and_pdf_are_served() {
    let mut h = start().await;
    let (customer, _) = h.subscribed(4900, GOOD).await;
    let inv = h.invoices(&customer).await[0].clone();
    let (status, page) = h.page(inv["hosted_invoice_url"].as_str().expect("hosted")).await;
    assert_eq!(status, 200);
    assert!(page.contains("PRLY-0001") && page.contains("$49.00"));
    let pdf = h.http.get(inv["invoice_pdf"].as_str().expect("pdf")).send().await.expect("pdf");
    assert_eq!(pdf.headers().get("content-type").and_then(|v| v.to_str().ok()), Some("application/pdf"));
    let bytes = pdf.bytes().await.expect("bytes");
    assert!(bytes.starts_with(b"%PDF-1.4") && bytes.ends_with(b"%%EOF\n"));
}

#[tokio::test]
async fn the_rust_api_moves_the_clock_and_points_webhooks_elsewhere() {
    let mut h = start().await;
    let before = h.sim.now();
    h.sim.advance(Duration::from_secs(2 * 86_400));
    assert_eq!((h.sim.now() - before).num_seconds(), 2 * DAY);
    let clock: Value =
        h.http.get(format!("{}/_sim/clock", h.base)).send().await.expect("clock").json().await.expect("json");
    assert_eq!(clock["now"], h.sim.now().timestamp());

    // A second receiver takes over; the first hears nothing more.
    let (tx, mut other) = tokio::sync::mpsc::unbounded_channel::<String>();
    let app = axum::Router::new().route(
        "/other",
        axum::routing::post(move |body: String| {
            let tx = tx.clone();
            async move {
                let _ = tx.send(body);
                "ok"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}/other", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    h.sim.set_webhook(&url, support::SECRET);
    h.customer("a@b.test").await;
    let body = tokio::time::timeout(Duration::from_secs(5), other.recv()).await.expect("delivered").expect("body");
    assert!(body.contains("customer.created"));
    assert!(h.drain(Duration::from_millis(200)).await.is_empty());
}

#[tokio::test]
async fn a_second_checkout_opened_before_the_first_was_paid_cannot_make_a_second_subscription() {
    let h = start().await;
    let price = h.price("Pro", 4900).await;
    let customer = h.customer("owner@acme.test").await;
    let first = h.checkout(&customer, &price, &[]).await;
    let second = h.checkout(&customer, &price, &[]).await;
    assert_eq!(h.pay(first["url"].as_str().expect("url"), &[("card", GOOD)]).await.0, 303);
    let (status, _, page) = h.pay(second["url"].as_str().expect("url"), &[("card", GOOD)]).await;
    assert_eq!(status, 410);
    assert!(page.contains("already has a subscription"));
    let subs = h
        .get("/v1/subscriptions", &[("customer", &customer), ("status", "all")])
        .await
        .ok::<stripe_types::List<stripe_shared::Subscription>>();
    assert_eq!(subs["data"].as_array().map(Vec::len), Some(1));
    assert_eq!(h.invoices(&customer).await.len(), 1);
}
