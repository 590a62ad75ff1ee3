//! The Stripe gateway end to end against Parley's Stripe simulator (`parley-stripe-sim`) on a real socket:
//! catalogue sync, customers, hosted Checkout paid with a test card, proration previews, upgrades now,
//! downgrades at the period end through the test clock, cancel and resume, invoices, and the error mapping.
//! Each test runs its own simulator, so they are independent and run in parallel.

use std::time::Duration;

use parley_billing::{
    BillingGateway, CheckoutRequest, CustomerSpec, Cycle, GatewayError, InvoiceStatus, PlanSpec, PriceSpec,
    StripeConfig, StripeGateway, SubscriptionSnapshot, SubscriptionStatus, SyncedPlan, TrialEndBehavior,
};
use parley_stripe_sim::{SimConfig, StripeSim};
use serde_json::Value;

const KEY: &str = "sk_test_parley_gateway";

struct Sim {
    sim: StripeSim,
    /// The API root handed to the gateway (the simulator's root, or the prefix it is nested under).
    base: String,
    gw: StripeGateway,
    http: reqwest::Client,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for Sim {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// A simulator on a free port, served at `prefix` ("" for the root), and a gateway pointed at it.
async fn start_at(prefix: &str) -> Sim {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let base = format!("http://{addr}{prefix}");
    let sim = StripeSim::new(SimConfig { public_url: base.clone(), ..SimConfig::default() });
    let router = if prefix.is_empty() { sim.router() } else { axum::Router::new().nest(prefix, sim.router()) };
    let server = tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    let gw = StripeGateway::new(StripeConfig {
        secret_key: KEY.into(),
        base_url: Some(base.clone()),
        trial_end_behavior: TrialEndBehavior::Pause,
    })
    .expect("gateway");
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("http client");
    Sim { sim, base, gw, http, server }
}

async fn start() -> Sim {
    start_at("").await
}

impl Sim {
    /// An object as the simulator's API answers it, for what the snapshots do not carry (active flags,
    /// recurring intervals, metadata).
    async fn api(&self, path: &str) -> Value {
        let res = self.http.get(format!("{}/v1{path}", self.base)).bearer_auth(KEY).send().await.expect("GET");
        assert!(res.status().is_success(), "GET {path}: {}", res.status());
        res.json().await.expect("json")
    }

    async fn sync(&self, plan: &PlanSpec) -> SyncedPlan {
        self.gw.sync_plan(plan).await.expect("sync_plan")
    }

    async fn customer(&self, tenant: &str) -> String {
        let spec = CustomerSpec {
            tenant_id: tenant.into(),
            name: format!("Tenant {tenant}"),
            email: format!("{tenant}@example.com"),
        };
        self.gw.ensure_customer(&spec, None).await.expect("ensure_customer")
    }

    /// Opens Checkout for the price and pays it on the hosted page with `card`.
    async fn subscribe(
        &self,
        customer: &str,
        tenant: &str,
        price: &str,
        trial_end: Option<chrono::DateTime<chrono::Utc>>,
    ) {
        let session = self
            .gw
            .checkout(&CheckoutRequest {
                customer_id: customer.into(),
                tenant_id: tenant.into(),
                price_id: price.into(),
                trial_end,
                success_url: "https://app.example/billing/done?session={CHECKOUT_SESSION_ID}".into(),
                cancel_url: "https://app.example/billing".into(),
                idempotency_key: format!("checkout-{tenant}-{price}"),
                business_name: Some(format!("Agency of {tenant}")),
            })
            .await
            .expect("checkout");
        assert!(session.url.contains(&session.id), "{session:?}");
        let res = self.http.get(&session.url).send().await.expect("checkout page");
        assert!(res.status().is_success(), "checkout page: {}", res.status());
        let page = res.text().await.expect("page");
        assert!(page.contains(&format!("Agency of {tenant}")), "the business name heads the page: {page}");
        let res = self.http.post(&session.url).form(&[("card", "4242 4242 4242 4242")]).send().await.expect("pay");
        assert!(res.status().is_redirection(), "paying answered {}", res.status());
        let to = res.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default().to_owned();
        assert_eq!(to, format!("https://app.example/billing/done?session={}", session.id));
    }

    async fn only_subscription(&self, customer: &str) -> SubscriptionSnapshot {
        let mut subs = self.gw.customer_subscriptions(customer).await.expect("customer_subscriptions");
        assert_eq!(subs.len(), 1, "{subs:?}");
        subs.remove(0)
    }
}

fn plan(id: &str, monthly: i64) -> PlanSpec {
    PlanSpec {
        plan_id: id.into(),
        name: format!("Plan {id}"),
        description: Some(format!("The {id} plan")),
        active: true,
        currency: "usd".into(),
        product_id: None,
        prices: vec![
            PriceSpec { cycle: Cycle::Monthly, amount: monthly, price_id: None, price_amount: None },
            PriceSpec { cycle: Cycle::Quarterly, amount: monthly * 3 * 9 / 10, price_id: None, price_amount: None },
            PriceSpec { cycle: Cycle::Annual, amount: monthly * 10, price_id: None, price_amount: None },
        ],
        metadata: vec![],
    }
}

/// What Parley stores after a sync, fed back into the next one.
fn synced(mut plan: PlanSpec, synced: &SyncedPlan) -> PlanSpec {
    plan.product_id = Some(synced.product_id.clone());
    for spec in &mut plan.prices {
        spec.price_id = synced.prices.iter().find(|(c, _)| *c == spec.cycle).map(|(_, id)| id.clone());
        spec.price_amount = Some(spec.amount);
    }
    plan
}

fn price_of(synced: &SyncedPlan, cycle: Cycle) -> String {
    synced.prices.iter().find(|(c, _)| *c == cycle).map(|(_, id)| id.clone()).expect("price for cycle")
}

#[tokio::test]
async fn a_plan_syncs_to_a_product_with_one_recurring_price_per_cycle() {
    let s = start().await;
    let first = s.sync(&plan("pro", 4900)).await;
    let product = s.api(&format!("/products/{}", first.product_id)).await;
    assert_eq!(product["name"], "Plan pro");
    assert_eq!(product["metadata"]["parley_plan_id"], "pro");
    assert_eq!(product["active"], true);
    assert_eq!(first.prices.len(), 3);
    for (cycle, interval, count, amount) in
        [(Cycle::Monthly, "month", 1, 4900), (Cycle::Quarterly, "month", 3, 13230), (Cycle::Annual, "year", 1, 49000)]
    {
        let price = s.api(&format!("/prices/{}", price_of(&first, cycle))).await;
        assert_eq!(price["unit_amount"], amount, "{cycle:?}");
        assert_eq!(price["currency"], "usd");
        assert_eq!(price["product"], first.product_id.as_str());
        assert_eq!(price["recurring"]["interval"], interval, "{cycle:?}");
        assert_eq!(price["recurring"]["interval_count"], count, "{cycle:?}");
        assert_eq!(price["active"], true);
    }

    // Unchanged: the same product and prices, nothing new.
    let stored = synced(plan("pro", 4900), &first);
    assert_eq!(s.sync(&stored).await, first);
}

#[tokio::test]
async fn a_new_amount_makes_a_new_price_and_archives_the_old_one() {
    let s = start().await;
    let first = s.sync(&plan("team", 2900)).await;
    let mut stored = synced(plan("team", 2900), &first);
    stored.prices[0].amount = 3900;
    stored.name = "Team (2027)".into();
    let second = s.sync(&stored).await;
    assert_eq!(second.product_id, first.product_id);
    let (old, new) = (price_of(&first, Cycle::Monthly), price_of(&second, Cycle::Monthly));
    assert_ne!(old, new);
    assert_eq!(s.api(&format!("/prices/{old}")).await["active"], false);
    let fresh = s.api(&format!("/prices/{new}")).await;
    assert_eq!((fresh["active"].clone(), fresh["unit_amount"].clone()), (Value::Bool(true), Value::from(3900)));
    // The other cycles kept their prices.
    assert_eq!(price_of(&second, Cycle::Annual), price_of(&first, Cycle::Annual));
    assert_eq!(s.api(&format!("/products/{}", first.product_id)).await["name"], "Team (2027)");

    // Retrying the same sync (a job run twice) makes no third price.
    let retried = s.sync(&stored).await;
    assert_eq!(price_of(&retried, Cycle::Monthly), new);
}

#[tokio::test]
async fn an_archived_plan_deactivates_its_product_and_prices_and_comes_back() {
    let s = start().await;
    let first = s.sync(&plan("old", 1900)).await;
    let mut stored = synced(plan("old", 1900), &first);
    stored.active = false;
    s.sync(&stored).await;
    assert_eq!(s.api(&format!("/products/{}", first.product_id)).await["active"], false);
    for (_, id) in &first.prices {
        assert_eq!(s.api(&format!("/prices/{id}")).await["active"], false, "{id}");
    }
    stored.active = true;
    assert_eq!(s.sync(&stored).await, first);
    assert_eq!(s.api(&format!("/products/{}", first.product_id)).await["active"], true);
    assert_eq!(s.api(&format!("/prices/{}", price_of(&first, Cycle::Monthly))).await["active"], true);
}

#[tokio::test]
async fn ids_stored_from_another_stripe_account_are_replaced() {
    // Test keys swapped for live ones: every stored id is unknown to the new account.
    let s = start().await;
    let mut stored = plan("pro", 4900);
    stored.product_id = Some("prod_from_the_test_account".into());
    for spec in &mut stored.prices {
        spec.price_id = Some(format!("price_old_{}", spec.cycle.as_str()));
        spec.price_amount = Some(spec.amount);
    }
    let synced_now = s.sync(&stored).await;
    assert_ne!(synced_now.product_id, "prod_from_the_test_account");
    assert_eq!(s.api(&format!("/products/{}", synced_now.product_id)).await["metadata"]["parley_plan_id"], "pro");
    for (cycle, id) in &synced_now.prices {
        assert!(!id.starts_with("price_old_"), "{cycle:?}: {id}");
        assert_eq!(s.api(&format!("/prices/{id}")).await["active"], true);
    }
    // A price id alone gone missing is replaced too.
    let mut again = synced(plan("pro", 4900), &synced_now);
    again.prices[0].price_id = Some("price_lost".into());
    let repaired = s.sync(&again).await;
    assert_ne!(price_of(&repaired, Cycle::Monthly), "price_lost");
    assert_eq!(price_of(&repaired, Cycle::Annual), price_of(&synced_now, Cycle::Annual));
    // The old monthly price is no longer any cycle's price: archived.
    assert_eq!(s.api(&format!("/prices/{}", price_of(&synced_now, Cycle::Monthly))).await["active"], false);
}

#[tokio::test]
async fn ensuring_a_customer_twice_gives_the_same_customer() {
    let s = start().await;
    let spec = CustomerSpec { tenant_id: "t-1".into(), name: "Acme".into(), email: "billing@acme.test".into() };
    let first = s.gw.ensure_customer(&spec, None).await.expect("create");
    // A retried job that lost the id: the idempotency key derived from the tenant finds the same customer.
    assert_eq!(s.gw.ensure_customer(&spec, None).await.expect("again"), first);
    // With the stored id: that customer, brought up to date.
    let renamed = CustomerSpec { name: "Acme Ltd".into(), ..spec.clone() };
    assert_eq!(s.gw.ensure_customer(&renamed, Some(&first)).await.expect("existing"), first);
    let customer = s.api(&format!("/customers/{first}")).await;
    assert_eq!(customer["metadata"]["parley_tenant_id"], "t-1");
    assert_eq!(customer["name"], "Acme Ltd");
    assert_eq!(customer["email"], "billing@acme.test");
    // A stored id the gateway no longer knows: a new customer.
    let replaced = s.gw.ensure_customer(&spec, Some("cus_gone")).await.expect("replace");
    assert_ne!(replaced, first);
}

#[tokio::test]
async fn a_paid_checkout_is_an_active_subscription_with_a_card() {
    let s = start().await;
    let pro = s.sync(&plan("pro", 4900)).await;
    let price = price_of(&pro, Cycle::Monthly);
    let customer = s.customer("t-checkout").await;
    assert!(s.gw.customer_subscriptions(&customer).await.expect("none yet").is_empty());
    s.subscribe(&customer, "t-checkout", &price, None).await;

    let sub = s.only_subscription(&customer).await;
    assert_eq!(sub.status, SubscriptionStatus::Active);
    assert_eq!(sub.customer_id, customer);
    assert_eq!(sub.price_id, price);
    assert!(sub.has_payment_method);
    assert!(!sub.cancel_at_period_end);
    assert_eq!((sub.scheduled_price_id.clone(), sub.schedule_id.clone()), (None, None));
    assert_eq!(sub.current_period_start, s.sim.now());
    assert!(sub.current_period_end - sub.current_period_start >= chrono::Duration::days(28));
    assert_eq!(s.gw.subscription(&sub.id).await.expect("by id"), sub);
    // The subscription carries the tenant, for webhooks.
    assert_eq!(s.api(&format!("/subscriptions/{}", sub.id)).await["metadata"]["parley_tenant_id"], "t-checkout");

    let invoices = s.gw.invoices(&customer).await.expect("invoices");
    assert_eq!(invoices.len(), 1);
    let first = &invoices[0];
    assert_eq!((first.status, first.amount_paid, first.total), (InvoiceStatus::Paid, 4900, 4900));
    assert_eq!(first.subscription_id.as_deref(), Some(sub.id.as_str()));
    assert_eq!(first.period_start, Some(sub.current_period_start));
    assert_eq!(first.period_end, Some(sub.current_period_end));
    assert_eq!(s.gw.invoice(&first.id).await.expect("invoice by id"), *first);
}

#[tokio::test]
async fn a_checkout_with_a_trial_end_starts_trialing_until_then() {
    let s = start().await;
    let pro = s.sync(&plan("pro", 4900)).await;
    let customer = s.customer("t-trial").await;
    let trial_end = s.sim.now() + chrono::Duration::days(9);
    s.subscribe(&customer, "t-trial", &price_of(&pro, Cycle::Monthly), Some(trial_end)).await;
    let sub = s.only_subscription(&customer).await;
    assert_eq!(sub.status, SubscriptionStatus::Trialing);
    assert_eq!(sub.trial_end, Some(trial_end));
    assert!(s.gw.invoices(&customer).await.expect("invoices").iter().all(|i| i.amount_due == 0));

    s.sim.advance(Duration::from_secs(10 * 86_400));
    let sub = s.gw.subscription(&sub.id).await.expect("after trial");
    assert_eq!(sub.status, SubscriptionStatus::Active);
    let paid: Vec<_> =
        s.gw.invoices(&customer).await.expect("invoices").into_iter().filter(|i| i.amount_paid > 0).collect();
    assert_eq!(paid.len(), 1);
    assert_eq!(paid[0].amount_paid, 4900);
}

#[tokio::test]
async fn an_upgrade_is_previewed_to_the_cent_and_invoiced_at_once() {
    let s = start().await;
    let basic = s.sync(&plan("basic", 2900)).await;
    let pro = s.sync(&plan("pro", 7900)).await;
    let customer = s.customer("t-up").await;
    s.subscribe(&customer, "t-up", &price_of(&basic, Cycle::Monthly), None).await;
    let sub = s.only_subscription(&customer).await;

    // Halfway through the period: half of the old price back, half of the new one due.
    let whole = (sub.current_period_end - sub.current_period_start).num_seconds();
    s.sim.advance(Duration::from_secs(u64::try_from(whole / 2).expect("positive")));
    let target = price_of(&pro, Cycle::Monthly);
    let preview = s.gw.preview_change(&sub, &target).await.expect("preview");
    assert_eq!(preview.currency, "usd");
    assert_eq!(preview.amount_due, 7900 / 2 - 2900 / 2);
    assert_eq!(preview.lines.iter().map(|l| l.amount).collect::<Vec<_>>(), vec![-1450, 3950]);
    assert!(preview.lines.iter().all(|l| !l.description.is_empty()));

    let upgraded = s.gw.change_now(&sub, &target, "upgrade-t-up-1").await.expect("change_now");
    assert_eq!(upgraded.price_id, target);
    assert_eq!(upgraded.item_id, sub.item_id);
    assert_eq!(upgraded.current_period_end, sub.current_period_end);
    // The same key again (a double click) changes nothing more.
    assert_eq!(s.gw.change_now(&sub, &target, "upgrade-t-up-1").await.expect("replayed").price_id, target);

    let invoices = s.gw.invoices(&customer).await.expect("invoices");
    assert_eq!(invoices.len(), 2, "{invoices:?}");
    let proration = invoices.iter().find(|i| i.total == preview.amount_due).expect("the proration invoice");
    assert_eq!((proration.status, proration.amount_paid), (InvoiceStatus::Paid, 2500));
}

#[tokio::test]
async fn a_downgrade_waits_for_the_period_end_and_can_be_dropped() {
    let s = start().await;
    let basic = s.sync(&plan("basic", 2900)).await;
    let pro = s.sync(&plan("pro", 7900)).await;
    let customer = s.customer("t-down").await;
    s.subscribe(&customer, "t-down", &price_of(&pro, Cycle::Monthly), None).await;
    let sub = s.only_subscription(&customer).await;
    let target = price_of(&basic, Cycle::Monthly);

    let scheduled = s.gw.change_at_period_end(&sub, Some(&target), "down-1").await.expect("schedule");
    assert_eq!(scheduled.price_id, sub.price_id, "nothing changes before the period end");
    assert_eq!(scheduled.scheduled_price_id.as_deref(), Some(target.as_str()));
    assert!(scheduled.schedule_id.is_some());
    // Changing one's mind before the period end rewrites the same schedule.
    let lite = s.sync(&plan("lite", 900)).await;
    let other = price_of(&lite, Cycle::Monthly);
    let rescheduled = s.gw.change_at_period_end(&scheduled, Some(&other), "down-1b").await.expect("reschedule");
    assert_eq!(rescheduled.scheduled_price_id.as_deref(), Some(other.as_str()));
    assert_eq!(rescheduled.schedule_id, scheduled.schedule_id);
    // Dropping it releases the schedule: the subscription stays as it was.
    let dropped = s.gw.change_at_period_end(&rescheduled, None, "down-1-undo").await.expect("drop");
    assert_eq!((dropped.scheduled_price_id.clone(), dropped.schedule_id.clone()), (None, None));

    // Scheduled again (a fresh schedule), then the clock passes the period end.
    let again = s.gw.change_at_period_end(&dropped, Some(&target), "down-2").await.expect("schedule again");
    assert_eq!(again.scheduled_price_id.as_deref(), Some(target.as_str()));
    let period_end = again.current_period_end;
    s.sim.advance(Duration::from_secs(u64::try_from((period_end - s.sim.now()).num_seconds() + 60).expect("future")));
    let renewed = s.gw.subscription(&sub.id).await.expect("after renewal");
    assert_eq!(renewed.price_id, target);
    assert_eq!(renewed.current_period_start, period_end);
    assert_eq!(renewed.status, SubscriptionStatus::Active);
    assert_eq!(renewed.scheduled_price_id, None);
    let renewal = s.gw.invoices(&customer).await.expect("invoices");
    assert_eq!(renewal[0].amount_paid, 2900, "the newest invoice bills the new price: {renewal:?}");
}

#[tokio::test]
async fn cancelling_at_the_period_end_can_be_undone_and_otherwise_ends_it() {
    let s = start().await;
    let pro = s.sync(&plan("pro", 4900)).await;
    let basic = s.sync(&plan("basic", 1900)).await;
    let customer = s.customer("t-cancel").await;
    s.subscribe(&customer, "t-cancel", &price_of(&pro, Cycle::Monthly), None).await;
    let sub = s.only_subscription(&customer).await;
    // A pending downgrade does not stand in the way of a cancellation.
    let sub = s.gw.change_at_period_end(&sub, Some(&price_of(&basic, Cycle::Monthly)), "down").await.expect("down");

    let cancelling = s.gw.set_cancel_at_period_end(&sub, true, "cancel-1").await.expect("cancel");
    assert!(cancelling.cancel_at_period_end);
    assert!(cancelling.canceled_at.is_some());
    assert_eq!(cancelling.status, SubscriptionStatus::Active);
    assert_eq!(cancelling.scheduled_price_id, None);
    let resumed = s.gw.set_cancel_at_period_end(&cancelling, false, "resume-1").await.expect("resume");
    assert!(!resumed.cancel_at_period_end);
    assert_eq!(resumed.status, SubscriptionStatus::Active);

    let cancelling = s.gw.set_cancel_at_period_end(&resumed, true, "cancel-2").await.expect("cancel again");
    s.sim.advance(Duration::from_secs(
        u64::try_from((cancelling.current_period_end - s.sim.now()).num_seconds() + 60).expect("future"),
    ));
    assert_eq!(s.gw.subscription(&sub.id).await.expect("ended").status, SubscriptionStatus::Canceled);
    assert!(s.gw.customer_subscriptions(&customer).await.expect("list").is_empty());
}

#[tokio::test]
async fn invoices_are_listed_newest_first_with_numbers_and_pdf_links() {
    let s = start().await;
    let pro = s.sync(&plan("pro", 4900)).await;
    let customer = s.customer("t-inv").await;
    s.subscribe(&customer, "t-inv", &price_of(&pro, Cycle::Monthly), None).await;
    let sub = s.only_subscription(&customer).await;
    s.sim.advance(Duration::from_secs(
        u64::try_from((sub.current_period_end - s.sim.now()).num_seconds() + 60).expect("future"),
    ));
    let invoices = s.gw.invoices(&customer).await.expect("invoices");
    assert_eq!(invoices.len(), 2, "{invoices:?}");
    assert!(invoices[0].created >= invoices[1].created);
    for inv in &invoices {
        assert_eq!(inv.status, InvoiceStatus::Paid);
        assert_eq!(inv.customer_id, customer);
        assert_eq!(inv.currency, "usd");
        assert!(inv.number.as_deref().is_some_and(|n| !n.is_empty()), "{inv:?}");
        assert!(inv.hosted_invoice_url.is_some(), "{inv:?}");
        let pdf = inv.invoice_pdf.clone().expect("pdf link");
        let res = s.http.get(&pdf).send().await.expect("pdf");
        assert!(res.status().is_success(), "{pdf}: {}", res.status());
        let bytes = res.bytes().await.expect("pdf body");
        assert!(bytes.starts_with(b"%PDF"), "{pdf} is not a PDF");
    }
    assert_ne!(invoices[0].number, invoices[1].number);
    assert_eq!(invoices[0].period_start, Some(sub.current_period_end));
}

#[tokio::test]
async fn the_portal_link_is_a_hosted_page_for_the_customer() {
    let s = start().await;
    let customer = s.customer("t-portal").await;
    let url = s.gw.portal(&customer, "https://app.example/billing").await.expect("portal");
    assert!(url.starts_with(&s.base), "{url}");
    let res = s.http.get(&url).send().await.expect("portal page");
    assert!(res.status().is_success(), "{url}: {}", res.status());
}

#[tokio::test]
async fn the_gateway_works_under_a_path_prefix() {
    // Demo mode nests the simulator in Parley's own server: the client must keep the prefix.
    let s = start_at("/stripe-sim").await;
    let synced = s.sync(&plan("pro", 4900)).await;
    assert_eq!(s.api(&format!("/products/{}", synced.product_id)).await["metadata"]["parley_plan_id"], "pro");
    let customer = s.customer("t-prefix").await;
    s.subscribe(&customer, "t-prefix", &price_of(&synced, Cycle::Monthly), None).await;
    assert_eq!(s.only_subscription(&customer).await.status, SubscriptionStatus::Active);
}

#[tokio::test]
async fn an_archived_price_is_refused_and_an_unknown_subscription_is_not_found() {
    let s = start().await;
    let first = s.sync(&plan("pro", 4900)).await;
    let mut stored = synced(plan("pro", 4900), &first);
    stored.prices[0].amount = 5900;
    s.sync(&stored).await;
    let archived = price_of(&first, Cycle::Monthly);
    let customer = s.customer("t-bad").await;
    let err =
        s.gw.checkout(&CheckoutRequest {
            customer_id: customer,
            tenant_id: "t-bad".into(),
            price_id: archived.clone(),
            trial_end: None,
            success_url: "https://app.example/ok".into(),
            cancel_url: "https://app.example/no".into(),
            idempotency_key: "checkout-bad".into(),
            business_name: None,
        })
        .await
        .expect_err("an archived price cannot be bought");
    match err {
        GatewayError::Refused(message) => assert!(message.contains("inactive"), "{message}"),
        other => panic!("expected Refused, got {other:?}"),
    }
    assert!(matches!(s.gw.subscription("sub_nope").await, Err(GatewayError::NotFound(_))));
    assert!(matches!(s.gw.invoice("in_nope").await, Err(GatewayError::NotFound(_))));
}

#[tokio::test]
async fn a_wrong_secret_key_is_refused() {
    let s = start().await;
    let gw = StripeGateway::new(StripeConfig {
        secret_key: "not_a_key".into(),
        base_url: Some(s.base.clone()),
        trial_end_behavior: TrialEndBehavior::default(),
    })
    .expect("gateway");
    assert!(matches!(gw.invoices("cus_1").await, Err(GatewayError::Refused(_))));
}

#[tokio::test]
async fn the_gateway_is_unavailable_when_the_simulator_is_down() {
    let s = start().await;
    let customer = s.customer("t-down").await;
    s.server.abort();
    // Wait until the port no longer answers.
    for _ in 0..50 {
        if s.http.get(format!("{}/_sim/clock", s.base)).send().await.is_err() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    match s.gw.customer_subscriptions(&customer).await {
        Err(GatewayError::Unavailable(_)) => {}
        other => panic!("expected Unavailable, got {other:?}"),
    }
    match s.gw.sync_plan(&plan("pro", 4900)).await {
        Err(GatewayError::Unavailable(_)) => {}
        other => panic!("expected Unavailable, got {other:?}"),
    }
}
