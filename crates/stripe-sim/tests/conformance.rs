//! Conformance with the pinned async-stripe types: one run touches every endpoint (with and without expansions)
//! and makes every event type the simulator can emit; each answer, each webhook and the event log must parse with
//! async-stripe 1.0.0-rc.10, both as its client reads them (miniserde) and with serde.

mod support;

use serde_json::Value;
use std::collections::BTreeSet;
use std::time::Duration;
use stripe_types::List;
use support::{DAY, period, start, verify};

/// Every event type the simulator makes (kept in step with the `emit` calls in src/).
const EVENT_TYPES: [&str; 25] = [
    "checkout.session.completed",
    "checkout.session.expired",
    "customer.created",
    "customer.subscription.created",
    "customer.subscription.deleted",
    "customer.subscription.paused",
    "customer.subscription.resumed",
    "customer.subscription.trial_will_end",
    "customer.subscription.updated",
    "customer.updated",
    "invoice.created",
    "invoice.finalized",
    "invoice.paid",
    "invoice.payment_failed",
    "invoice.payment_succeeded",
    "invoice.upcoming",
    "payment_method.attached",
    "price.created",
    "price.updated",
    "product.created",
    "product.updated",
    "subscription_schedule.canceled",
    "subscription_schedule.created",
    "subscription_schedule.released",
    "subscription_schedule.updated",
];

#[tokio::test]
async fn every_answer_and_every_event_type_parses_into_the_pinned_async_stripe_types() {
    let mut h = start().await;
    use stripe_shared::{
        CheckoutSession, Customer, Event, Invoice, PaymentMethod, Price, Product, Subscription, SubscriptionSchedule,
    };

    // Catalogue.
    let product = h.post("/v1/products", &[("name", "Pro"), ("description", "For teams")]).await.ok::<Product>();
    let product_id = product["id"].as_str().expect("id").to_owned();
    h.post(&format!("/v1/products/{product_id}"), &[("name", "Pro plan"), ("metadata[tier]", "2")])
        .await
        .ok::<Product>();
    h.get(&format!("/v1/products/{product_id}"), &[]).await.ok::<Product>();
    h.get("/v1/products", &[("active", "true")]).await.ok::<List<Product>>();
    let price = h
        .post(
            "/v1/prices",
            &[
                ("product", &product_id),
                ("currency", "usd"),
                ("unit_amount", "4900"),
                ("recurring[interval]", "month"),
                ("recurring[interval_count]", "1"),
                ("nickname", "Pro monthly"),
                ("metadata[parley_plan_id]", "pro"),
            ],
        )
        .await
        .ok::<Price>();
    let price_id = price["id"].as_str().expect("id").to_owned();
    h.post(&format!("/v1/prices/{price_id}"), &[("nickname", "Pro (monthly)")]).await.ok::<Price>();
    h.get(&format!("/v1/prices/{price_id}"), &[]).await.ok::<Price>();
    h.get("/v1/prices", &[("product", &product_id), ("active", "true")]).await.ok::<List<Price>>();
    let yearly = h.price_every("Pro yearly", 49_000, "year").await;
    let old = h
        .post(
            "/v1/prices",
            &[("product", &product_id), ("currency", "usd"), ("unit_amount", "3900"), ("recurring[interval]", "month")],
        )
        .await
        .ok::<Price>();
    h.post(&format!("/v1/prices/{}", old["id"].as_str().expect("id")), &[("active", "false")]).await.ok::<Price>();

    // Customers.
    let customer = h.customer("owner@acme.test").await;
    h.post(&format!("/v1/customers/{customer}"), &[("name", "Acme Ltd"), ("metadata[plan]", "pro")])
        .await
        .ok::<Customer>();
    h.get(&format!("/v1/customers/{customer}"), &[]).await.ok::<Customer>();
    h.get("/v1/customers", &[("email", "owner@acme.test")]).await.ok::<List<Customer>>();

    // A trial without a card that pauses, then resumes with a card from the Portal.
    let trial_end = (h.now().await + 4 * DAY).to_string();
    let cs = h
        .checkout(
            &customer,
            &price_id,
            &[
                ("subscription_data[trial_end]", &trial_end),
                ("payment_method_collection", "if_required"),
                ("subscription_data[trial_settings][end_behavior][missing_payment_method]", "pause"),
                ("expand[]", "line_items"),
            ],
        )
        .await;
    assert!(cs["line_items"]["data"][0]["price"]["id"].is_string());
    h.pay(cs["url"].as_str().expect("url"), &[("nocard", "1")]).await;
    let cs_id = cs["id"].as_str().expect("id");
    for expand in ["customer", "subscription", "line_items"] {
        h.get(&format!("/v1/checkout/sessions/{cs_id}"), &[("expand[]", expand)]).await.ok::<CheckoutSession>();
    }
    h.advance(4 * DAY).await;
    let portal = h.portal(&customer).await;
    assert_eq!(h.form(&format!("{portal}/card"), &[("card", "4242 4242 4242 4242")]).await.0, 303);
    let sub =
        h.get("/v1/subscriptions", &[("customer", &customer)]).await.ok::<List<Subscription>>()["data"][0].clone();
    let sub_id = sub["id"].as_str().expect("id").to_owned();
    let item = sub["items"]["data"][0]["id"].as_str().expect("item").to_owned();
    for expand in ["latest_invoice", "customer", "default_payment_method", "schedule"] {
        h.get(&format!("/v1/subscriptions/{sub_id}"), &[("expand[]", expand)]).await.ok::<Subscription>();
    }
    h.get("/v1/subscriptions", &[("customer", &customer), ("status", "all"), ("expand[]", "data.latest_invoice")])
        .await
        .ok::<List<Subscription>>();
    h.post(&format!("/v1/subscriptions/{sub_id}"), &[("metadata[seats]", "3")]).await.ok::<Subscription>();

    // Previews: the next renewal, an upgrade now, a change of cycle.
    h.post("/v1/invoices/create_preview", &[("customer", &customer)]).await.ok::<Invoice>();
    for (target, behavior) in [(yearly.as_str(), "always_invoice"), (price_id.as_str(), "create_prorations")] {
        h.post(
            "/v1/invoices/create_preview",
            &[
                ("customer", &customer),
                ("subscription", &sub_id),
                ("subscription_details[items][0][id]", &item),
                ("subscription_details[items][0][price]", target),
                ("subscription_details[proration_behavior]", behavior),
                ("expand[]", "subscription"),
            ],
        )
        .await
        .ok::<Invoice>();
    }

    // A schedule updated, then canceled with the subscription.
    let sched =
        h.post("/v1/subscription_schedules", &[("from_subscription", &sub_id)]).await.ok::<SubscriptionSchedule>();
    let sched_id = sched["id"].as_str().expect("id").to_owned();
    let (start, end) = period(&sub);
    h.post(
        &format!("/v1/subscription_schedules/{sched_id}"),
        &[
            ("phases[0][items][0][price]", &price_id),
            ("phases[0][start_date]", &start.to_string()),
            ("phases[0][end_date]", &end.to_string()),
            ("phases[1][items][0][price]", &yearly),
            ("phases[1][iterations]", "1"),
            ("end_behavior", "release"),
        ],
    )
    .await
    .ok::<SubscriptionSchedule>();
    h.get(&format!("/v1/subscription_schedules/{sched_id}"), &[]).await.ok::<SubscriptionSchedule>();
    h.advance(end - h.now().await - 2 * DAY).await;
    h.call(reqwest::Method::DELETE, &format!("/v1/subscriptions/{sub_id}"), &[], None).await.ok::<Subscription>();

    // A second subscription: a failed renewal, a change of cycle billed now, then a released schedule.
    let cs = h.checkout(&customer, &price_id, &[]).await;
    h.pay(cs["url"].as_str().expect("url"), &[("card", "4000 0000 0000 0341")]).await;
    let sub =
        h.get("/v1/subscriptions", &[("customer", &customer)]).await.ok::<List<Subscription>>()["data"][0].clone();
    let sub_id = sub["id"].as_str().expect("id").to_owned();
    let item = sub["items"]["data"][0]["id"].as_str().expect("item").to_owned();
    h.advance(period(&sub).1 - h.now().await).await;
    h.post(
        &format!("/v1/subscriptions/{sub_id}"),
        &[("items[0][id]", &item), ("items[0][price]", &yearly), ("proration_behavior", "create_prorations")],
    )
    .await
    .ok::<Subscription>();
    let sched =
        h.post("/v1/subscription_schedules", &[("from_subscription", &sub_id)]).await.ok::<SubscriptionSchedule>();
    h.post(&format!("/v1/subscription_schedules/{}/release", sched["id"].as_str().expect("id")), &[])
        .await
        .ok::<SubscriptionSchedule>();

    // An abandoned Checkout expires.
    let other = h.customer("other@acme.test").await;
    h.checkout(&other, &price_id, &[]).await;
    h.advance(DAY).await;

    // Invoices, cards, portal, events.
    let invoices = h
        .get("/v1/invoices", &[("customer", &customer), ("limit", "100"), ("expand[]", "data.subscription")])
        .await
        .ok::<List<Invoice>>();
    h.get("/v1/invoices", &[("subscription", &sub_id), ("status", "open")]).await.ok::<List<Invoice>>();
    for inv in invoices["data"].as_array().expect("data") {
        h.get(&format!("/v1/invoices/{}", inv["id"].as_str().expect("id")), &[("expand[]", "customer")])
            .await
            .ok::<Invoice>();
    }
    let cards =
        h.get("/v1/payment_methods", &[("customer", &customer), ("type", "card")]).await.ok::<List<PaymentMethod>>();
    h.get(&format!("/v1/payment_methods/{}", cards["data"][0]["id"].as_str().expect("id")), &[])
        .await
        .ok::<PaymentMethod>();
    h.portal(&customer).await;

    let mut produced = BTreeSet::new();
    let mut after: Option<String> = None;
    loop {
        let mut q = vec![("limit", "100".to_owned())];
        if let Some(a) = &after {
            q.push(("starting_after", a.clone()));
        }
        let q: Vec<(&str, &str)> = q.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let page = h.get("/v1/events", &q).await.ok::<List<Event>>();
        for e in page["data"].as_array().expect("data") {
            produced.insert(e["type"].as_str().expect("type").to_owned());
            h.get(&format!("/v1/events/{}", e["id"].as_str().expect("id")), &[]).await.ok::<Event>();
        }
        if page["has_more"] != Value::Bool(true) {
            break;
        }
        after = page["data"].as_array().and_then(|d| d.last()).and_then(|e| e["id"].as_str()).map(str::to_owned);
    }
    let expected: BTreeSet<String> = EVENT_TYPES.iter().map(|s| s.to_string()).collect();
    assert_eq!(produced, expected, "every event type the simulator makes was produced");

    // Every delivered webhook verifies and parses into its typed object.
    let delivered = h.drain(Duration::from_millis(500)).await;
    let delivered: BTreeSet<String> = delivered
        .iter()
        .map(|k| {
            verify(k);
            k.type_()
        })
        .collect();
    assert_eq!(delivered, expected);
}
