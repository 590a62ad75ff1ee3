//! Test harness: the simulator on a real port, and a tiny receiver standing in for Parley's webhook
//! endpoints, which hands every request it gets (headers and raw bytes) to the test.

#![allow(dead_code)]

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use parley_simulator::{BusinessNumber, SimConfig, Simulator, serve};
use parley_whatsapp::CloudClient;
use parley_whatsapp::cloud::{self, Event};
use parley_whatsapp::signature::verify_meta;
use serde_json::Value;
use std::time::Duration;
use tokio::sync::mpsc;

pub const PHONE_NUMBER_ID: &str = "100000000000001";
pub const WABA_ID: &str = "200000000000001";
pub const TOKEN: &str = "sim-token-1";
pub const APP_SECRET: &str = "sim-app-secret-1";
pub const DISPLAY: &str = "15550001111";

pub struct Hook {
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Hook {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("webhook body is JSON")
    }

    /// The Cloud API events of a webhook whose signature verifies with the number's app secret.
    pub fn events(&self) -> Vec<Event> {
        assert_eq!(
            verify_meta(APP_SECRET.as_bytes(), &self.body, self.header("x-hub-signature-256")),
            Ok(()),
            "signature of {}",
            String::from_utf8_lossy(&self.body)
        );
        cloud::parse_webhook(&self.body).expect("a WhatsApp Business Account webhook")
    }
}

pub struct Harness {
    pub sim: Simulator,
    /// `http://127.0.0.1:PORT/sim`
    pub base: String,
    pub receiver: String,
    pub hooks: mpsc::UnboundedReceiver<Hook>,
    pub cloud: CloudClient,
    pub http: reqwest::Client,
}

async fn receive(State(tx): State<mpsc::UnboundedSender<Hook>>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let _ = tx.send(Hook { headers, body });
    StatusCode::OK
}

async fn refuse() -> StatusCode {
    StatusCode::INTERNAL_SERVER_ERROR
}

pub fn fast() -> SimConfig {
    SimConfig {
        delivered_after: Duration::from_millis(50),
        read_after: Duration::from_millis(50),
        failure_rate: 0.0,
        auto_read: true,
        public_url: String::new(),
    }
}

pub fn number(webhook_url: &str) -> BusinessNumber {
    BusinessNumber {
        phone_number_id: PHONE_NUMBER_ID.into(),
        waba_id: WABA_ID.into(),
        display_phone_number: DISPLAY.into(),
        verified_name: "Parley Test Shop".into(),
        access_token: TOKEN.into(),
        app_secret: APP_SECRET.into(),
        webhook_url: webhook_url.into(),
    }
}

/// The simulator and the receiver on free ports, with one number registered.
pub async fn start(cfg: SimConfig) -> Harness {
    let (tx, hooks) = mpsc::unbounded_channel();
    let receiver_app = Router::new().route("/webhook", post(receive)).route("/refuse", post(refuse)).with_state(tx);
    let receiver_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind receiver");
    let receiver = format!("http://{}", receiver_listener.local_addr().expect("receiver addr"));
    tokio::spawn(async move { axum::serve(receiver_listener, receiver_app).await });

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind simulator");
    let base = format!("http://{}/sim", listener.local_addr().expect("simulator addr"));
    let sim = Simulator::new(cfg);
    sim.set_public_url(base.clone());
    sim.register_number(number(&format!("{receiver}/webhook")));
    tokio::spawn(serve(listener, sim.clone()));

    let cloud = CloudClient::new(&format!("{base}/graph/v23.0"), Duration::from_secs(5)).expect("client");
    Harness { sim, base, receiver, hooks, cloud, http: reqwest::Client::new() }
}

impl Harness {
    pub async fn next_hook(&mut self) -> Hook {
        tokio::time::timeout(Duration::from_secs(5), self.hooks.recv())
            .await
            .expect("a webhook within 5 s")
            .expect("receiver alive")
    }

    /// No webhook arrives within `wait`.
    pub async fn assert_quiet(&mut self, wait: Duration) {
        if let Ok(Some(hook)) = tokio::time::timeout(wait, self.hooks.recv()).await {
            panic!("unexpected webhook {}", String::from_utf8_lossy(&hook.body));
        }
    }

    pub async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        let resp =
            self.http.post(format!("{}{path}", self.base)).json(&body).send().await.expect("simulator reachable");
        let status = resp.status().as_u16();
        (status, resp.json().await.unwrap_or(Value::Null))
    }

    pub async fn put(&self, path: &str, body: Value) -> (u16, Value) {
        let resp = self.http.put(format!("{}{path}", self.base)).json(&body).send().await.expect("simulator reachable");
        let status = resp.status().as_u16();
        (status, resp.json().await.unwrap_or(Value::Null))
    }

    /// A GET whose status the test checks itself.
    pub async fn get_status(&self, path: &str) -> (u16, Value) {
        let resp = self.http.get(format!("{}{path}", self.base)).send().await.expect("simulator reachable");
        let status = resp.status().as_u16();
        (status, resp.json().await.unwrap_or(Value::Null))
    }

    /// A raw Graph send (any JSON body) as the number, for what the client does not build.
    pub async fn graph_send(&self, body: Value) -> (u16, Value) {
        let resp = self
            .http
            .post(format!("{}/graph/v23.0/{PHONE_NUMBER_ID}/messages", self.base))
            .bearer_auth(TOKEN)
            .json(&body)
            .send()
            .await
            .expect("simulator reachable");
        let status = resp.status().as_u16();
        (status, resp.json().await.unwrap_or(Value::Null))
    }

    pub async fn get(&self, path: &str) -> Value {
        let resp = self.http.get(format!("{}{path}", self.base)).send().await.expect("simulator reachable");
        assert!(resp.status().is_success(), "GET {path}: {}", resp.status());
        resp.json().await.expect("JSON")
    }

    /// A customer writes to the number (which opens the 24-hour window); returns the message webhook.
    pub async fn customer_says(&mut self, phone: &str, body: Value) -> (Value, Hook) {
        let mut body = body;
        body["phoneNumberId"] = Value::String(PHONE_NUMBER_ID.into());
        let (status, answer) = self.post(&format!("/api/customers/{phone}/messages"), body).await;
        assert_eq!(status, 200, "customer message refused: {answer}");
        (answer, self.next_hook().await)
    }
}
