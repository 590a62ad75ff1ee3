//! Outbound webhooks survive the server killed (SIGKILL) while delivering: every event committed before the kill
//! reaches the receiver after a restart (deliveries are rows written with the change; a delivery claimed at the
//! kill is claimed again when its lease ends). Delivery is at least once: receivers deduplicate on the event id.

use axum::extract::State;
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn serve(db_url: &str, port: u16) -> Server {
    let child = Command::new(env!("CARGO_BIN_EXE_parley"))
        .arg("serve")
        .env("DATABASE_URL", db_url)
        .env("PORT", port.to_string())
        .env("PARLEY_FLOWS__HTTP_ALLOW", "[\"127.0.0.1\"]")
        .env("PARLEY_WEBHOOKS__TIMEOUT_SECS", "2")
        .env("PARLEY_WEBHOOKS__FIRST_RETRY_SECS", "1")
        .env("PARLEY_WEB__DIST_DIR", "/nonexistent")
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("parley serve starts");
    Server(child)
}

async fn up(http: &reqwest::Client, base: &str) {
    let deadline = Instant::now() + Duration::from_secs(90);
    while Instant::now() < deadline {
        if http.get(format!("{base}/healthz")).send().await.is_ok_and(|r| r.status().is_success()) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the server did not come up");
}

/// Event ids received per contact id; answers slowly, so deliveries are in flight at the kill.
type Got = Arc<Mutex<HashMap<String, Vec<String>>>>;

async fn receive(State(got): State<Got>, body: String) -> &'static str {
    tokio::time::sleep(Duration::from_millis(20)).await;
    let v: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
    if let (Some(contact), Some(event)) = (v["data"]["id"].as_str(), v["id"].as_str()) {
        got.lock().expect("got").entry(contact.to_owned()).or_default().push(event.to_owned());
    }
    "ok"
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deliveries_committed_before_a_kill_9_all_arrive_after_the_restart() {
    let server_url =
        std::env::var("PARLEY_TEST_DATABASE_SERVER").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into());
    let db_url = format!("{server_url}/parley_hookkill_{}", std::process::id());
    let port = 20_000 + ((std::process::id() + 7_777) % 20_000) as u16;
    let base = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::new();

    let got: Got = Arc::default();
    let app = axum::Router::new().route("/hook", axum::routing::post(receive)).with_state(got.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let hook = format!("http://{}/hook", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, app).await });

    let mut server = serve(&db_url, port);
    up(&http, &base).await;
    let email = format!("kill-{}@example.com", std::process::id());
    let reg: Value = http
        .post(format!("{base}/api/v1/auth/register"))
        .json(&json!({ "businessName": "Kill shop", "name": "Owner", "email": email, "password": "correct-horse-9" }))
        .send()
        .await
        .expect("register")
        .json()
        .await
        .expect("json");
    let token = reg["accessToken"].as_str().expect("token").to_owned();
    let res = http
        .post(format!("{base}/api/v1/webhooks"))
        .bearer_auth(&token)
        .json(&json!({ "url": hook, "events": ["contact.created"] }))
        .send()
        .await
        .expect("create webhook");
    assert_eq!(res.status().as_u16(), 201, "{}", res.text().await.unwrap_or_default());

    // 200 contacts, 8 at a time; the server is killed once about a third have been received.
    let created: Arc<Mutex<HashSet<String>>> = Arc::default();
    let mut tasks = vec![];
    for w in 0..8u32 {
        let (http, base, token, created) = (http.clone(), base.clone(), token.clone(), created.clone());
        tasks.push(tokio::spawn(async move {
            for i in 0..25u32 {
                let phone = format!("+4477009{:02}{:04}", w, i);
                let Ok(r) = http
                    .post(format!("{base}/api/v1/contacts"))
                    .bearer_auth(&token)
                    .json(&json!({ "phone": phone, "name": format!("K{w}-{i}") }))
                    .send()
                    .await
                else {
                    continue;
                };
                if r.status().as_u16() == 201
                    && let Ok(v) = r.json::<Value>().await
                    && let Some(id) = v["id"].as_str()
                {
                    created.lock().expect("created").insert(id.to_owned());
                }
            }
        }));
    }
    let deadline = Instant::now() + Duration::from_secs(60);
    while got.lock().expect("got").len() < 60 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let _ = server.0.kill(); // SIGKILL
    let _ = server.0.wait();
    let at_kill = got.lock().expect("got").len();
    for t in tasks {
        let _ = t.await;
    }
    let created = created.lock().expect("created").clone();
    assert!(created.len() >= 60, "contacts were created before the kill: {}", created.len());
    assert!(at_kill < created.len(), "the kill came before every delivery ({at_kill} of {})", created.len());

    server = serve(&db_url, port);
    up(&http, &base).await;
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let received: HashSet<String> = got.lock().expect("got").keys().cloned().collect();
        let missing = created.difference(&received).count();
        if missing == 0 {
            break;
        }
        assert!(Instant::now() < deadline, "{missing} of {} committed events never arrived", created.len());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // At least once, and a repeat carries the same event id.
    for (contact, events) in got.lock().expect("got").iter() {
        let distinct: HashSet<&String> = events.iter().collect();
        assert_eq!(distinct.len(), 1, "one event per contact {contact}: {events:?}");
    }
    drop(server);
    let admin = format!("{server_url}/postgres");
    if let Ok(db) = sea_orm::Database::connect(admin).await {
        use sea_orm::ConnectionTrait;
        let _ = db
            .execute_unprepared(&format!("drop database if exists parley_hookkill_{} with (force)", std::process::id()))
            .await;
    }
}
