//! Mail goes out over real SMTP: the outbox dispatcher delivers to an aiosmtpd server (from PyPI),
//! and a mail that cannot be delivered stays queued for a retry instead of being lost.

use axum::http::StatusCode;
use parley_mail::{SmtpConfig, SmtpMailer};
use parley_services::MailTransport;
use parley_test_support::{TestApp, TestOptions, link_in};
use serde_json::json;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Sink {
    child: Child,
    dir: PathBuf,
    port: u16,
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("free port")
}

fn start_sink() -> Sink {
    let dir = std::env::temp_dir().join(format!("parley-smtp-{}", uuid::Uuid::now_v7().simple()));
    let port = free_port();
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/support/smtp_sink.py");
    let python = std::env::var("PARLEY_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
    let mut child = Command::new(python)
        .arg(&script)
        .arg(&dir)
        .arg(port.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the SMTP sink (pip install aiosmtpd)");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("sink output");
    assert_eq!(line.trim(), "ready", "SMTP sink did not start (is aiosmtpd installed?)");
    Sink { child, dir, port }
}

fn mailer(port: u16) -> SmtpMailer {
    SmtpMailer::new(&SmtpConfig {
        url: format!("smtp://127.0.0.1:{port}"),
        username: None,
        password: None,
        from: "Parley <no-reply@parley.test>".into(),
    })
    .expect("mailer")
}

async fn wait_for_mails(dir: &PathBuf, n: usize) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let mut mails: Vec<String> = std::fs::read_dir(dir)
            .map(|it| {
                it.filter_map(Result::ok)
                    .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
                    .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                    .collect()
            })
            .unwrap_or_default();
        if mails.len() >= n || Instant::now() > deadline {
            mails.sort();
            return mails;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn sign_up_and_password_reset_mails_arrive_over_smtp() {
    let sink = start_sink();
    let app =
        TestApp::spawn_with(TestOptions { mail: MailTransport::Smtp(mailer(sink.port)), ..TestOptions::default() })
            .await;
    tokio::spawn(app.services.mail.clone().run_dispatcher());
    let owner = app.signup("Mailers Inc").await;
    let res = app.post("/api/v1/auth/forgot-password", None, json!({ "email": owner.email })).await;
    assert_eq!(res.status, StatusCode::ACCEPTED);

    let mails = wait_for_mails(&sink.dir, 2).await;
    assert_eq!(mails.len(), 2, "expected the welcome and the reset mail");
    let all = mails.join("\n");
    assert!(all.contains(&format!("To: {}", owner.email)));
    assert!(all.contains("Subject: Welcome to Parley"));
    assert!(all.contains("Subject: Reset your Parley password"));
    assert!(all.contains("From: Parley <no-reply@parley.test>"));
    let link = link_in(&all, "/reset-password?token=").expect("reset link in the mail");
    let token = link.split("token=").nth(1).expect("token").to_owned();
    let reset =
        app.post("/api/v1/auth/reset-password", None, json!({ "token": token, "password": "via-smtp-pass-1" })).await;
    assert_eq!(reset.status, StatusCode::NO_CONTENT);
    assert_eq!(app.login(&owner.email, "via-smtp-pass-1").await.status, StatusCode::OK);
    // The dev mailbox is off when SMTP is the transport.
    let mailbox = app.call(axum::http::Method::GET, "/api/v1/dev/mailbox", None, None).await;
    assert_eq!(mailbox.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_unreachable_smtp_server_leaves_the_mail_queued_with_the_error() {
    let dead = free_port();
    let app =
        TestApp::spawn_with(TestOptions { mail: MailTransport::Smtp(mailer(dead)), ..TestOptions::default() }).await;
    let owner = app.signup("Offline Ltd").await;
    let handled = app.services.mail.dispatch_once(&mailer(dead)).await.expect("dispatch");
    assert_eq!(handled, 1);
    let db = app.owner_db().await;
    let row = sea_orm::ConnectionTrait::query_one_raw(
        &db,
        sea_orm::Statement::from_string(
            sea_orm::DbBackend::Postgres,
            "select status, attempts, last_error, next_attempt_at > now() as later from mail_outbox",
        ),
    )
    .await
    .expect("query")
    .expect("row");
    assert_eq!(row.try_get::<String>("", "status").expect("status"), "pending");
    assert_eq!(row.try_get::<i32>("", "attempts").expect("attempts"), 1);
    assert!(row.try_get::<Option<String>>("", "last_error").expect("err").is_some());
    assert!(row.try_get::<bool>("", "later").expect("later"), "the retry is scheduled later");
    let _ = owner;
}
