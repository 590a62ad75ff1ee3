//! The web wizard: a small page (HTML, CSS and plain JS embedded in the binary) and its JSON API on the address of
//! `--listen`. Only the holder of the one-time token gets anything; the wizard stops after 60 minutes unused, and
//! once the install is done it answers 410 "already installed" and exits.

use crate::answers::Answers;
use crate::install::Setup;
use crate::log::Log;
use crate::steps::{self, Ctx, Progress};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::{Mutex, Notify};

const INDEX: &str = include_str!("ui/index.html");
const APP_JS: &str = include_str!("ui/app.js");
const STYLE: &str = include_str!("ui/style.css");

pub struct Wizard {
    pub token: String,
    pub setup: Setup,
    pub log: Log,
    pub answers_path: PathBuf,
    pub own_port: u16,
    pub idle: Duration,
    /// How long the wizard keeps answering 410 after the install, before it exits.
    pub linger: Duration,
    /// When this wizard started: the install's duration is counted from here to the end of step 9.
    pub started: Instant,
    answers: Mutex<Answers>,
    last_used: std::sync::Mutex<Instant>,
    installed: AtomicBool,
    callbacks: std::sync::Mutex<HashSet<String>>,
    /// One step at a time: two tabs must not run the install twice at once.
    busy: Mutex<()>,
    pub done: Notify,
}

impl Wizard {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        token: String,
        setup: Setup,
        log: Log,
        answers_path: PathBuf,
        answers: Answers,
        own_port: u16,
        idle: Duration,
        linger: Duration,
    ) -> Arc<Self> {
        Arc::new(Self {
            token,
            setup,
            log,
            answers_path,
            own_port,
            idle,
            linger,
            started: Instant::now(),
            answers: Mutex::new(answers),
            last_used: std::sync::Mutex::new(Instant::now()),
            installed: AtomicBool::new(false),
            callbacks: std::sync::Mutex::new(HashSet::new()),
            busy: Mutex::new(()),
            done: Notify::new(),
        })
    }

    fn touch(&self) {
        if let Ok(mut t) = self.last_used.lock() {
            *t = Instant::now();
        }
    }

    fn idle_for(&self) -> Duration {
        self.last_used.lock().map(|t| t.elapsed()).unwrap_or_default()
    }
}

pub fn router(w: Arc<Wizard>) -> Router {
    Router::new()
        .route("/", get(index))
        .route("/assets/app.js", get(|| async { ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], APP_JS) }))
        .route("/assets/style.css", get(|| async { ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], STYLE) }))
        .route("/api/state", get(state))
        .route("/api/steps/{n}", post(step))
        .route("/.well-known/parley-install/{token}", get(callback))
        .layer(axum::middleware::map_response(security_headers))
        .with_state(w)
}

async fn security_headers(mut r: Response) -> Response {
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        header::HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
        ),
    );
    h.insert(header::X_CONTENT_TYPE_OPTIONS, header::HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, header::HeaderValue::from_static("no-referrer"));
    h.insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
    r
}

/// Compared in time independent of where the strings differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn error(status: StatusCode, code: &str, message: &str) -> Response {
    (status, Json(json!({ "error": code, "message": message }))).into_response()
}

fn gone() -> Response {
    error(
        StatusCode::GONE,
        "already_installed",
        "Parley is already installed: this wizard is locked for good. Sign in to Parley instead.",
    )
}

/// Checks the token of an API call (`X-Install-Token`): the refusal, if any; else the wizard's clock of use restarts.
fn refused(w: &Wizard, headers: &HeaderMap) -> Option<Response> {
    if w.installed.load(Ordering::SeqCst) {
        return Some(gone());
    }
    let given = headers.get("x-install-token").and_then(|v| v.to_str().ok()).unwrap_or_default();
    if !same(given, &w.token) {
        return Some(error(
            StatusCode::FORBIDDEN,
            "bad_token",
            "Open the one-time URL parley-install printed (it holds the token).",
        ));
    }
    w.touch();
    None
}

async fn index(State(w): State<Arc<Wizard>>, Query(q): Query<HashMap<String, String>>) -> Response {
    if w.installed.load(Ordering::SeqCst) {
        return (
            StatusCode::GONE,
            Html(page(
                "Already installed",
                "Parley is already installed: this wizard is locked for good. Sign in to Parley instead.",
            )),
        )
            .into_response();
    }
    if !q.get("token").is_some_and(|t| same(t, &w.token)) {
        return (
            StatusCode::FORBIDDEN,
            Html(page("Token needed", "Open the one-time URL that parley-install printed; it is also in the token file of its state directory.")),
        )
            .into_response();
    }
    w.touch();
    Html(INDEX).into_response()
}

fn page(title: &str, text: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><link rel=\"stylesheet\" href=\"/assets/style.css\"></head><body><main class=\"card notice\" data-testid=\"notice\">\
         <h1>{title}</h1><p>{text}</p></main></body></html>"
    )
}

async fn state(State(w): State<Arc<Wizard>>, headers: HeaderMap) -> Response {
    if let Some(r) = refused(&w, &headers) {
        return r;
    }
    let answers = w.answers.lock().await.clone();
    let progress = Progress::load(&w.setup.state_dir);
    Json(json!({
        "answers": answers,
        "passed": progress.passed,
        "steps": steps::NAMES,
        "version": env!("CARGO_PKG_VERSION"),
        "start": format!("{:?}", w.setup.start).to_lowercase(),
        "idleMinutes": w.idle.as_secs() / 60,
    }))
    .into_response()
}

async fn step(
    State(w): State<Arc<Wizard>>,
    Path(n): Path<u8>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    if let Some(r) = refused(&w, &headers) {
        return r;
    }
    if !(1..=9).contains(&n) {
        return error(StatusCode::NOT_FOUND, "not_found", "Steps are 1 to 9.");
    }
    let answers: Answers = match serde_json::from_slice(&body) {
        Ok(a) => a,
        Err(e) => {
            return error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", &format!("The answers are not valid: {e}"));
        }
    };
    let Ok(_busy) = w.busy.try_lock() else {
        return error(StatusCode::CONFLICT, "busy", "Another step is running; wait for it to finish.");
    };
    // Saved before anything else happens: a failure from here on is resumed from these answers.
    if let Err(e) = answers.save(&w.answers_path) {
        return error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "not_saved",
            &format!("The answers could not be saved: {e:#}"),
        );
    }
    *w.answers.lock().await = answers.clone();
    let callback_token = hex::encode(rand::random::<[u8; 16]>());
    if let Ok(mut c) = w.callbacks.lock() {
        c.insert(callback_token.clone());
    }
    let ctx = Ctx { setup: &w.setup, log: &w.log, own_port: w.own_port, callback_token: callback_token.clone() };
    let outcome = steps::run(n, &answers, &ctx).await;
    if let Ok(mut c) = w.callbacks.lock() {
        c.remove(&callback_token);
    }
    w.touch();
    if n == 9 && outcome.passed {
        let took = crate::finish(&w.setup, &answers, &w.log, w.started, outcome.webhook.as_ref());
        w.installed.store(true, Ordering::SeqCst);
        w.done.notify_one();
        let login = format!("{}/login", answers.site.public_url.trim_end_matches('/'));
        return Json(json!({
            "outcome": outcome,
            "login": login,
            "localUrl": crate::install::local_url(&answers),
            "security": format!("{}/settings/security", answers.site.public_url.trim_end_matches('/')),
            "installedIn": took,
            "installedSeconds": w.started.elapsed().as_secs(),
            "webhook": outcome.webhook,
        }))
        .into_response();
    }
    let status = if outcome.problems.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    (status, Json(json!({ "outcome": outcome }))).into_response()
}

/// Step 3's proof: the public URL reaches this wizard when it gives back a token the wizard is waiting for.
async fn callback(State(w): State<Arc<Wizard>>, Path(token): Path<String>) -> Response {
    let known = w.callbacks.lock().map(|c| c.contains(&token)).unwrap_or(false);
    if known { token.into_response() } else { StatusCode::NOT_FOUND.into_response() }
}

/// Ends the wizard after `idle` unused, or `linger` after the install.
pub async fn watch(w: Arc<Wizard>) {
    loop {
        tokio::select! {
            _ = w.done.notified() => {
                tokio::time::sleep(w.linger).await;
                w.log.line("The install is done: the wizard stops.");
                return;
            }
            _ = tokio::time::sleep(Duration::from_secs(5)) => {
                if w.idle_for() >= w.idle {
                    let idle = w.idle.as_secs();
                    let idle = if idle >= 60 { format!("{} minutes", idle / 60) } else { format!("{idle} seconds") };
                    w.log.line(&format!("The wizard was not used for {idle}: it stops (run parley-install again for a new URL)."));
                    return;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_wizard_stops_when_unused_and_not_while_used() {
        let dir = std::env::temp_dir().join(format!("parley-install-idle-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let setup = Setup {
            state_dir: dir.clone(),
            parley_bin: PathBuf::from("/bin/true"),
            systemd_dir: dir.join("units"),
            start: crate::install::Start::None,
            service_user: "root".into(),
        };
        let log = Log::new(dir.join("install.log"), false);
        let w = Wizard::new(
            "t".into(),
            setup,
            log,
            dir.join("answers.toml"),
            Answers::default(),
            0,
            Duration::from_secs(4),
            Duration::from_secs(0),
        );
        // Used twice a second: still running after more than the idle time.
        let user = {
            let w = w.clone();
            tokio::spawn(async move {
                for _ in 0..16 {
                    w.touch();
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
            })
        };
        let watched = tokio::time::timeout(Duration::from_secs(7), watch(w.clone())).await;
        assert!(watched.is_err(), "a wizard in use keeps running");
        user.await.expect("user");
        let watched = tokio::time::timeout(Duration::from_secs(12), watch(w)).await;
        assert!(watched.is_ok(), "an unused wizard stops");
        let log = std::fs::read_to_string(dir.join("install.log")).expect("log");
        assert!(log.contains("was not used for"), "{log}");
        std::fs::remove_dir_all(dir).expect("clean");
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd"));
        assert!(!same("abc", "ab"));
        assert!(!same("", "a"));
    }
}
