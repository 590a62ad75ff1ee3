//! Operations (docs/upgrade.md): the platform admin's health report names every check and fails the one that is
//! broken; maintenance mode refuses writes with 503 in our error format (storing nothing) while reads, sign-in and
//! WhatsApp webhooks keep working, and a toggle reaches another node at once.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use chrono::Utc;
use parley_services::MailTransport;
use parley_test_support::{Signup, TestApp, TestOptions, connect_services, text_webhook};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceExt;
use uuid::Uuid;

const CHECKS: &[&str] = &[
    "database",
    "migrations",
    "redis",
    "smtp",
    "storage",
    "whatsapp",
    "stripe",
    "disk",
    "queues",
    "clock",
    "version",
    "build",
];

async fn health(app: &TestApp, admin: &str) -> Value {
    let res = app.get("/api/v1/admin/system/health", admin).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.body
}

fn check<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["checks"].as_array().and_then(|c| c.iter().find(|c| c["name"] == name)).unwrap_or_else(|| {
        panic!("no {name} check in {report}");
    })
}

#[tokio::test]
async fn the_health_report_names_every_check_and_passes_on_a_working_install() {
    let app = TestApp::spawn().await;
    let admin = app.platform_admin().await;
    let report = health(&app, &admin).await;
    let names: Vec<&str> =
        report["checks"].as_array().expect("checks").iter().filter_map(|c| c["name"].as_str()).collect();
    assert_eq!(names, CHECKS);
    for name in ["database", "migrations", "redis", "storage", "whatsapp", "stripe", "queues", "clock", "version"] {
        assert_eq!(check(&report, name)["status"], "ok", "{name}: {}", check(&report, name));
    }
    assert!(check(&report, "database")["value"].as_str().is_some_and(|v| v.starts_with("PostgreSQL ")));
    assert!(check(&report, "migrations")["value"].as_str().is_some_and(|v| v.contains("none pending")));
    assert!(check(&report, "redis")["value"].as_str().is_some_and(|v| v.starts_with("Redis ")));
    assert!(check(&report, "storage")["value"].as_str().is_some_and(|v| v.contains("wrote, read and deleted")));
    // No SMTP server configured outside demo mode: mails would never reach anyone.
    let smtp = check(&report, "smtp");
    assert_eq!(smtp["status"], "warn", "{smtp}");
    assert!(smtp["hint"].as_str().is_some_and(|h| h.contains("mail.smtp_url")));
    assert!(check(&report, "disk")["value"].as_str().is_some_and(|v| v.contains("GiB free")));
    assert_ne!(report["status"], "fail", "{report}");
}

#[tokio::test]
async fn an_smtp_port_nobody_listens_on_fails_the_smtp_check_and_only_it() {
    // A port that was free a moment ago: nothing answers there.
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    let mailer = parley_mail::SmtpMailer::new(&parley_mail::SmtpConfig {
        url: format!("smtp://127.0.0.1:{port}"),
        username: None,
        password: None,
        from: "Parley <no-reply@parley.test>".into(),
    })
    .expect("mailer");
    let app = TestApp::spawn_with(TestOptions { mail: MailTransport::Smtp(mailer), ..TestOptions::default() }).await;
    let admin = app.platform_admin().await;
    let report = health(&app, &admin).await;
    assert_eq!(report["status"], "fail");
    let smtp = check(&report, "smtp");
    assert_eq!(smtp["status"], "fail", "{smtp}");
    assert!(smtp["hint"].as_str().is_some_and(|h| !h.is_empty()));
    for name in ["database", "migrations", "redis", "storage"] {
        assert_eq!(check(&report, name)["status"], "ok", "{name} is unaffected");
    }
}

#[tokio::test]
async fn a_pending_migration_fails_the_migrations_check() {
    let app = TestApp::spawn().await;
    let admin = app.platform_admin().await;
    app.owner_db()
        .await
        .execute_unprepared("delete from seaql_migrations where version = 'm0015_analytics'")
        .await
        .expect("forget a migration");
    let report = health(&app, &admin).await;
    let m = check(&report, "migrations");
    assert_eq!(m["status"], "fail", "{m}");
    assert!(m["value"].as_str().is_some_and(|v| v.contains("1 of") && v.contains("m0015_analytics")), "{m}");
    assert!(m["hint"].as_str().is_some_and(|h| h.contains("parley migrate")));
    assert_eq!(report["status"], "fail");
}

#[tokio::test]
async fn a_number_whose_token_failed_is_named_in_the_whatsapp_check() {
    let app = TestApp::spawn().await;
    let admin = app.platform_admin().await;
    let owner = app.signup("Token Shop").await;
    let number = app.cloud_number(&owner).await;
    assert_eq!(check(&health(&app, &admin).await, "whatsapp")["status"], "ok");
    app.owner_db()
        .await
        .execute_unprepared(&format!(
            "update whatsapp_connections set status = 'needs_attention' where id = '{}'",
            number.id
        ))
        .await
        .expect("expire the token");
    let w = health(&app, &admin).await;
    let w = check(&w, "whatsapp");
    assert_eq!(w["status"], "warn", "{w}");
    assert!(w["value"].as_str().is_some_and(|v| v.contains("1 of 1") && v.contains("Token Shop")), "{w}");
}

#[tokio::test]
async fn stripe_is_checked_with_an_authenticated_call_and_fails_when_unreachable() {
    let app = TestApp::spawn_billing().await;
    let admin = app.platform_admin().await;
    let s = health(&app, &admin).await;
    assert_eq!(check(&s, "stripe")["status"], "ok", "{}", check(&s, "stripe"));
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    let down = TestApp::spawn_billing_with(Some(format!("http://127.0.0.1:{port}"))).await;
    let admin = down.platform_admin().await;
    let s = health(&down, &admin).await;
    assert_eq!(check(&s, "stripe")["status"], "fail", "{}", check(&s, "stripe"));
}

#[tokio::test]
async fn only_the_platform_admin_sees_the_report_and_the_switch() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Curious Shop").await;
    assert_eq!(app.get("/api/v1/admin/system/health", &owner.token).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get("/api/v1/admin/system/maintenance", &owner.token).await.status, StatusCode::FORBIDDEN);
    let put = app
        .call(Method::PUT, "/api/v1/admin/system/maintenance", Some(&owner.token), Some(json!({ "enabled": true })))
        .await;
    assert_eq!(put.status, StatusCode::FORBIDDEN);
    assert_eq!(app.call(Method::GET, "/api/v1/admin/system/health", None, None).await.status, StatusCode::UNAUTHORIZED);
    let admin = app.platform_admin().await;
    assert_eq!(app.get("/api/v1/admin/system/maintenance", &admin).await.body["enabled"], false);
}

async fn set_maintenance(app: &TestApp, admin: &str, body: Value) -> Value {
    let res = app.call(Method::PUT, "/api/v1/admin/system/maintenance", Some(admin), Some(body)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.body
}

async fn contacts(app: &TestApp, owner: &Signup) -> usize {
    let res = app.get("/api/v1/contacts", &owner.token).await;
    assert_eq!(res.status, StatusCode::OK, "reads keep working: {}", res.body);
    res.body["items"].as_array().map_or(0, Vec::len)
}

#[tokio::test]
async fn maintenance_refuses_writes_with_503_and_stores_nothing_while_reads_sign_in_and_webhooks_work() {
    let app = TestApp::spawn().await;
    let admin = app.platform_admin().await;
    let owner = app.signup("Busy Shop").await;
    let number = app.cloud_number(&owner).await;

    let on =
        set_maintenance(&app, &admin, json!({ "enabled": true, "message": "Upgrading to 2.0, back at 10:30." })).await;
    assert_eq!(on["enabled"], true);
    assert_eq!(on["message"], "Upgrading to 2.0, back at 10:30.");

    let write =
        app.post("/api/v1/contacts", Some(&owner.token), json!({ "phone": "+14155550123", "name": "Ann" })).await;
    assert_eq!(write.status, StatusCode::SERVICE_UNAVAILABLE, "{}", write.body);
    assert_eq!(write.code(), "maintenance");
    assert_eq!(write.body["message"], "Upgrading to 2.0, back at 10:30.");
    assert!(write.headers.get(header::RETRY_AFTER).is_some(), "clients are told when to retry");
    let patch = app.patch("/api/v1/auth/me", &owner.token, json!({ "name": "New name" })).await;
    assert_eq!(patch.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(contacts(&app, &owner).await, 0, "the refused write stored nothing");

    // Everyone learns of it from the public config (the banner).
    let cfg = app.call(Method::GET, "/api/v1/config", None, None).await;
    assert_eq!(cfg.body["maintenance"]["enabled"], true);
    assert_eq!(cfg.body["maintenance"]["message"], "Upgrading to 2.0, back at 10:30.");

    // Signing in still works, so the admin (and anyone) can get in.
    assert_eq!(app.login(&owner.email, parley_test_support::PASSWORD).await.status, StatusCode::OK);

    // A customer's WhatsApp message is received and stored.
    let wamid = format!("wamid.{}", Uuid::now_v7().simple());
    let hook = text_webhook(&number.phone_number_id, &wamid, "14155550999", "are you open?", Utc::now().timestamp());
    assert_eq!(app.signed_webhook(&number.id, &number.app_secret, &hook).await.status, StatusCode::OK);
    app.services.ingest.drain().await.expect("process webhooks");
    let conversations = app.get("/api/v1/conversations", &owner.token).await;
    assert_eq!(conversations.body["items"].as_array().map(Vec::len), Some(1), "{}", conversations.body);
    assert_eq!(contacts(&app, &owner).await, 1, "the customer who wrote, and not the refused contact");

    // The admin turns it off from its own routes; writes work again.
    let off = set_maintenance(&app, &admin, json!({ "enabled": false })).await;
    assert_eq!(off["enabled"], false);
    let write =
        app.post("/api/v1/contacts", Some(&owner.token), json!({ "phone": "+14155550123", "name": "Ann" })).await;
    assert_eq!(write.status, StatusCode::CREATED, "{}", write.body);
    assert_eq!(contacts(&app, &owner).await, 2);
    assert_eq!(app.call(Method::GET, "/api/v1/config", None, None).await.body["maintenance"]["enabled"], false);
}

#[tokio::test]
async fn a_toggle_reaches_another_node_at_once_and_survives_a_restart() {
    let app = TestApp::spawn().await;
    let admin = app.platform_admin().await;
    let owner = app.signup("Two Node Shop").await;
    // A second node on the same database and Redis, with its own cache, which it fills now (maintenance off).
    let other_services =
        connect_services(&app.db_name, parley_services::ServicesConfig::default(), TestOptions::default(), vec![])
            .await;
    let other = parley_http::router(parley_http::AppState {
        services: other_services.clone(),
        cfg: Arc::new(parley_http::HttpConfig { trust_proxy: true, version: "test".into(), ..Default::default() }),
    });
    let write_on_other = || {
        Request::builder()
            .method(Method::POST)
            .uri("/api/v1/contacts")
            .header(header::AUTHORIZATION, format!("Bearer {}", owner.token))
            .header(header::CONTENT_TYPE, "application/json")
            .header("x-forwarded-for", &app.client_ip)
            .body(Body::from(json!({ "phone": "nope" }).to_string()))
            .expect("request")
    };
    // Off: the write reaches the handler (which refuses the phone number: 422, nothing stored).
    let res = other.clone().oneshot(write_on_other()).await.expect("response");
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!other_services.maintenance.state().await.enabled);
    // Let the other node's subscription settle before the change is announced.
    tokio::time::sleep(Duration::from_millis(300)).await;

    set_maintenance(&app, &admin, json!({ "enabled": true })).await;
    // Well within the cache's lifetime (5 s): the other node heard of it through Redis.
    let mut seen = StatusCode::OK;
    for _ in 0..20 {
        seen = other.clone().oneshot(write_on_other()).await.expect("response").status();
        if seen == StatusCode::SERVICE_UNAVAILABLE {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(seen, StatusCode::SERVICE_UNAVAILABLE, "the other node refuses writes within a second");

    // A node started now (a restart) reads it from the database.
    let restarted =
        connect_services(&app.db_name, parley_services::ServicesConfig::default(), TestOptions::default(), vec![])
            .await;
    let state = restarted.maintenance.state().await;
    assert!(state.enabled);
    assert!(!state.message.is_empty(), "the default message when the admin gave none");
}

#[tokio::test]
async fn a_maintenance_message_too_long_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let admin = app.platform_admin().await;
    let res = app
        .call(
            Method::PUT,
            "/api/v1/admin/system/maintenance",
            Some(&admin),
            Some(json!({ "enabled": true, "message": "x".repeat(501) })),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert_eq!(res.code(), "validation_failed");
    let bad = app
        .call(Method::PUT, "/api/v1/admin/system/maintenance", Some(&admin), Some(json!({ "enabled": "yes" })))
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert_eq!(app.get("/api/v1/admin/system/maintenance", &admin).await.body["enabled"], false);
}

#[tokio::test]
async fn only_the_system_role_reads_the_migration_names_and_the_maintenance_row() {
    use parley_store::bootstrap::{APP_ROLE, AUTH_ROLE, SYSTEM_ROLE};
    let app = TestApp::spawn().await;
    for role in [APP_ROLE, AUTH_ROLE] {
        let db = app.role_db(role).await;
        for sql in [
            "select * from parley_applied_migrations()",
            "select * from maintenance_mode",
            "select * from seaql_migrations",
        ] {
            assert!(db.execute_unprepared(sql).await.is_err(), "{role} must not run {sql}");
        }
    }
    let system = app.role_db(SYSTEM_ROLE).await;
    let rows = system
        .query_all_raw(sea_orm::Statement::from_string(
            sea_orm::DbBackend::Postgres,
            "select version from parley_applied_migrations()",
        ))
        .await
        .expect("the system role reads the names");
    assert_eq!(rows.len(), parley_store::repo::operations::health::known_migrations().len());
    assert!(system.execute_unprepared("select * from seaql_migrations").await.is_err(), "but not the table itself");
}
