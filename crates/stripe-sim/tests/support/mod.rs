//! Test harness: the Stripe simulator on a real port, a receiver standing in for Parley's webhook endpoint (it can
//! be told to refuse with 500), and checks that every answer and every event parses into the pinned async-stripe
//! types, both the way the client does (miniserde) and with serde.

#![allow(dead_code)]

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use hmac::{Hmac, Mac};
use parley_stripe_sim::{SimConfig, StripeSim, TrialEndBehavior, serve};
use serde_json::Value;
use sha2::Sha256;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;
use stripe_webhook::{EventObject, EventType, Webhook};
use tokio::sync::mpsc;

pub const KEY: &str = "sk_test_parley_sim";
pub const SECRET: &str = "whsec_test_parley";
pub const DAY: i64 = 86_400;

pub struct Hook {
    pub headers: HeaderMap,
    pub body: String,
}

impl Hook {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).expect("webhook body is JSON")
    }

    pub fn type_(&self) -> String {
        self.json()["type"].as_str().unwrap_or_default().to_owned()
    }
}

#[derive(Clone)]
struct Receiver {
    tx: mpsc::UnboundedSender<Hook>,
    refuse: Arc<AtomicU32>,
}

async fn receive(State(r): State<Receiver>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let refused = r.refuse.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1)).is_ok();
    if refused {
        return StatusCode::INTERNAL_SERVER_ERROR;
    }
    let _ = r.tx.send(Hook { headers, body: String::from_utf8_lossy(&body).into_owned() });
    StatusCode::OK
}

pub struct Harness {
    pub sim: StripeSim,
    /// `http://127.0.0.1:PORT`
    pub base: String,
    pub http: reqwest::Client,
    pub hooks: mpsc::UnboundedReceiver<Hook>,
    /// How many of the next webhook deliveries the receiver answers with 500.
    pub refuse: Arc<AtomicU32>,
}

pub fn config(behavior: TrialEndBehavior) -> SimConfig {
    SimConfig {
        webhook_url: None,
        webhook_secret: SECRET.into(),
        public_url: String::new(),
        trial_end_behavior: behavior,
        webhook_retries: vec![Duration::from_millis(50), Duration::from_millis(100), Duration::from_millis(200)],
    }
}

pub async fn start() -> Harness {
    start_with(TrialEndBehavior::Pause).await
}

pub async fn start_with(behavior: TrialEndBehavior) -> Harness {
    let (tx, hooks) = mpsc::unbounded_channel();
    let refuse = Arc::new(AtomicU32::new(0));
    let receiver = Router::new().route("/hook", post(receive)).with_state(Receiver { tx, refuse: refuse.clone() });
    let rl = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind receiver");
    let hook_url = format!("http://{}/hook", rl.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(rl, receiver).await });

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind sim");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let sim = StripeSim::new(SimConfig { webhook_url: Some(hook_url), ..config(behavior) });
    sim.set_public_url(&base);
    tokio::spawn(serve(listener, sim.clone()));
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    Harness { sim, base, http, hooks, refuse }
}

/// The body parses into `T` with serde (`deserialize` feature) and with miniserde, as async-stripe's client does.
pub fn conforms<T>(body: &str)
where
    T: serde::de::DeserializeOwned + miniserde::Deserialize,
{
    if let Err(e) = serde_json::from_str::<T>(body) {
        panic!("serde could not read a {}: {e}\n{body}", std::any::type_name::<T>());
    }
    if miniserde::json::from_str::<T>(body).is_err() {
        panic!("async-stripe's client (miniserde) could not read a {}\n{body}", std::any::type_name::<T>());
    }
}

/// Checks a webhook the way Parley's endpoint will: our own HMAC over `t.payload`, then async-stripe's
/// `construct_event` (signature, tolerance, typed object) and its serde form.
pub fn verify(hook: &Hook) -> stripe_webhook::Event {
    let sig = hook.headers.get("stripe-signature").and_then(|v| v.to_str().ok()).expect("Stripe-Signature header");
    let mut t = None;
    let mut v1 = None;
    for part in sig.split(',') {
        match part.split_once('=') {
            Some(("t", v)) => t = Some(v.to_owned()),
            Some(("v1", v)) => v1 = Some(v.to_owned()),
            _ => {}
        }
    }
    let (t, v1) = (t.expect("t="), v1.expect("v1="));
    let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).expect("key");
    mac.update(format!("{t}.{}", hook.body).as_bytes());
    assert_eq!(hex::encode(mac.finalize().into_bytes()), v1, "signature of {}", hook.body);
    let now = chrono::Utc::now().timestamp();
    assert!((now - t.parse::<i64>().expect("t is a number")).abs() < 60, "t is the real time of sending");

    let event = Webhook::construct_event(&hook.body, sig, SECRET)
        .unwrap_or_else(|e| panic!("construct_event refused: {e:?}\n{}", hook.body));
    assert!(!matches!(event.type_, EventType::Unknown(_)), "unknown event type in {}", hook.body);
    assert!(!matches!(event.data.object, EventObject::Unknown(_)), "untyped object in {}", hook.body);
    if let Err(e) = serde_json::from_str::<stripe_webhook::Event>(&hook.body) {
        panic!("serde could not read the event: {e}\n{}", hook.body);
    }
    event
}

pub struct Answer {
    pub status: u16,
    pub body: String,
    pub headers: HeaderMap,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }

    /// A 2xx answer that conforms to `T`; returns its JSON.
    pub fn ok<T>(&self) -> Value
    where
        T: serde::de::DeserializeOwned + miniserde::Deserialize,
    {
        assert!((200..300).contains(&self.status), "status {}: {}", self.status, self.body);
        conforms::<T>(&self.body);
        self.json()
    }

    /// A Stripe error with this status; returns its `error` object.
    pub fn err(&self, status: u16) -> Value {
        assert_eq!(self.status, status, "{}", self.body);
        let v = self.json();
        conforms::<stripe_shared::ApiErrors>(&v["error"].to_string());
        v["error"].clone()
    }
}

impl Harness {
    pub async fn call(&self, method: reqwest::Method, path: &str, form: &[(&str, &str)], key: Option<&str>) -> Answer {
        let url = format!("{}{path}", self.base);
        let mut req = self.http.request(method.clone(), &url).header("Authorization", format!("Bearer {KEY}"));
        if let Some(k) = key {
            req = req.header("Idempotency-Key", k);
        }
        req = if method == reqwest::Method::GET { req.query(form) } else { req.form(form) };
        let resp = req.send().await.expect("simulator reachable");
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        Answer { status, body: resp.text().await.expect("body"), headers }
    }

    pub async fn post(&self, path: &str, form: &[(&str, &str)]) -> Answer {
        self.call(reqwest::Method::POST, path, form, None).await
    }

    pub async fn get(&self, path: &str, query: &[(&str, &str)]) -> Answer {
        self.call(reqwest::Method::GET, path, query, None).await
    }

    pub async fn now(&self) -> i64 {
        self.sim.now().timestamp()
    }

    pub async fn advance(&self, seconds: i64) -> Value {
        let resp = self
            .http
            .post(format!("{}/_sim/clock/advance", self.base))
            .json(&serde_json::json!({ "seconds": seconds }))
            .send()
            .await
            .expect("sim");
        assert!(resp.status().is_success());
        resp.json().await.expect("json")
    }

    /// A product and a monthly price; returns the price id.
    pub async fn price(&self, name: &str, amount: i64) -> String {
        self.price_every(name, amount, "month").await
    }

    pub async fn price_every(&self, name: &str, amount: i64, interval: &str) -> String {
        let product = self
            .post("/v1/products", &[("name", name), ("metadata[parley_plan_id]", name)])
            .await
            .ok::<stripe_shared::Product>();
        let amount = amount.to_string();
        let price = self
            .post(
                "/v1/prices",
                &[
                    ("product", product["id"].as_str().expect("id")),
                    ("currency", "usd"),
                    ("unit_amount", &amount),
                    ("recurring[interval]", interval),
                ],
            )
            .await
            .ok::<stripe_shared::Price>();
        price["id"].as_str().expect("id").to_owned()
    }

    pub async fn customer(&self, email: &str) -> String {
        let c = self
            .post("/v1/customers", &[("email", email), ("name", "Acme"), ("metadata[parley_tenant_id]", "t1")])
            .await
            .ok::<stripe_shared::Customer>();
        c["id"].as_str().expect("id").to_owned()
    }

    /// A Checkout Session for `price`, with extra parameters; returns the session JSON.
    pub async fn checkout(&self, customer: &str, price: &str, extra: &[(&str, &str)]) -> Value {
        let mut form = vec![
            ("mode", "subscription"),
            ("customer", customer),
            ("line_items[0][price]", price),
            ("line_items[0][quantity]", "1"),
            ("success_url", "https://app.example/billing/done?session={CHECKOUT_SESSION_ID}"),
            ("cancel_url", "https://app.example/billing"),
            ("client_reference_id", "tenant-1"),
            ("metadata[parley_tenant_id]", "tenant-1"),
        ];
        form.extend_from_slice(extra);
        self.post("/v1/checkout/sessions", &form).await.ok::<stripe_shared::CheckoutSession>()
    }

    /// Submits the hosted Checkout page like a browser; returns (status, Location header, page body).
    pub async fn pay(&self, session_url: &str, form: &[(&str, &str)]) -> (u16, Option<String>, String) {
        let resp = self.http.post(session_url).form(form).send().await.expect("checkout page");
        let status = resp.status().as_u16();
        let location = resp.headers().get("location").and_then(|v| v.to_str().ok()).map(str::to_owned);
        (status, location, resp.text().await.unwrap_or_default())
    }

    /// Customer, price and a paid Checkout with `card`: returns (customer, subscription JSON).
    pub async fn subscribed(&mut self, amount: i64, card: &str) -> (String, Value) {
        let price = self.price("Pro", amount).await;
        let customer = self.customer("owner@acme.test").await;
        let cs = self.checkout(&customer, &price, &[]).await;
        let (status, _, body) = self.pay(cs["url"].as_str().expect("url"), &[("card", card)]).await;
        assert_eq!(status, 303, "{body}");
        let subs = self
            .get("/v1/subscriptions", &[("customer", &customer)])
            .await
            .ok::<stripe_types::List<stripe_shared::Subscription>>();
        (customer, subs["data"][0].clone())
    }

    pub async fn next_hook(&mut self) -> Hook {
        tokio::time::timeout(Duration::from_secs(5), self.hooks.recv())
            .await
            .expect("a webhook within 5 s")
            .expect("receiver alive")
    }

    /// Every webhook until one of type `type_` (included), each verified and parsed.
    pub async fn hooks_until(&mut self, type_: &str) -> Vec<Hook> {
        let mut seen = Vec::new();
        loop {
            let hook = self.next_hook().await;
            verify(&hook);
            let done = hook.type_() == type_;
            seen.push(hook);
            if done {
                return seen;
            }
        }
    }

    /// Every webhook that arrives within `quiet` of the previous one, each verified and parsed.
    pub async fn drain(&mut self, quiet: Duration) -> Vec<Hook> {
        let mut seen = Vec::new();
        while let Ok(Some(hook)) = tokio::time::timeout(quiet, self.hooks.recv()).await {
            verify(&hook);
            seen.push(hook);
        }
        seen
    }

    pub async fn sub(&self, id: &str) -> Value {
        self.get(&format!("/v1/subscriptions/{id}"), &[]).await.ok::<stripe_shared::Subscription>()
    }

    pub async fn invoices(&self, customer: &str) -> Vec<Value> {
        let list = self
            .get("/v1/invoices", &[("customer", customer), ("limit", "100")])
            .await
            .ok::<stripe_types::List<stripe_shared::Invoice>>();
        list["data"].as_array().cloned().unwrap_or_default()
    }

    /// A Portal session for the customer; returns its URL.
    pub async fn portal(&self, customer: &str) -> String {
        let ps = self
            .post(
                "/v1/billing_portal/sessions",
                &[("customer", customer), ("return_url", "https://app.example/billing")],
            )
            .await
            .ok::<stripe_billing::BillingPortalSession>();
        ps["url"].as_str().expect("url").to_owned()
    }

    pub async fn page(&self, url: &str) -> (u16, String) {
        let resp = self.http.get(url).send().await.expect("page");
        (resp.status().as_u16(), resp.text().await.unwrap_or_default())
    }

    pub async fn form(&self, url: &str, form: &[(&str, &str)]) -> (u16, String) {
        let resp = self.http.post(url).form(form).send().await.expect("form");
        (resp.status().as_u16(), resp.text().await.unwrap_or_default())
    }
}

pub fn types(hooks: &[Hook]) -> Vec<String> {
    hooks.iter().map(Hook::type_).collect()
}

pub fn period(sub: &Value) -> (i64, i64) {
    let item = &sub["items"]["data"][0];
    (item["current_period_start"].as_i64().expect("start"), item["current_period_end"].as_i64().expect("end"))
}
