//! Bad input gets a precise 4xx in the error format, never a 500, and changes nothing stored.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use parley_test_support::{PASSWORD, TestApp};
use proptest::prelude::*;
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::{Value, json};

async fn raw(app: &TestApp, path: &str, content_type: Option<&str>, body: Vec<u8>) -> parley_test_support::Response {
    let mut req = Request::builder().method(Method::POST).uri(path);
    if let Some(ct) = content_type {
        req = req.header(header::CONTENT_TYPE, ct);
    }
    app.send(req.body(Body::from(body)).expect("request")).await
}

/// Row counts of every table, as the owner sees them.
async fn snapshot(app: &TestApp) -> Vec<(String, i64)> {
    let db = app.owner_db().await;
    let tables = [
        "tenants",
        "users",
        "memberships",
        "refresh_tokens",
        "password_resets",
        "invitations",
        "api_keys",
        "mail_outbox",
    ];
    let mut out = Vec::new();
    for t in tables {
        let n = db
            .query_one_raw(Statement::from_string(DbBackend::Postgres, format!("select count(*) as n from {t}")))
            .await
            .expect("count")
            .expect("row")
            .try_get::<i64>("", "n")
            .expect("n");
        out.push((t.to_owned(), n));
    }
    out
}

#[tokio::test]
async fn malformed_and_mistyped_bodies_get_precise_errors() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Acme").await;
    let before = snapshot(&app).await;
    let cases: Vec<(Option<&str>, Vec<u8>, StatusCode, &str)> = vec![
        (Some("application/json"), b"{\"email\": ".to_vec(), StatusCode::BAD_REQUEST, "malformed_json"),
        (Some("application/json"), b"".to_vec(), StatusCode::BAD_REQUEST, "malformed_json"),
        (Some("application/json"), b"\"just a string\"".to_vec(), StatusCode::UNPROCESSABLE_ENTITY, "invalid_body"),
        // serde would fill the struct from an array in field order; the document says object.
        (Some("application/json"), br#"["a@b.co", "x"]"#.to_vec(), StatusCode::UNPROCESSABLE_ENTITY, "invalid_body"),
        // PostgreSQL holds no NUL in text: refused at the edge, not as a 500 from the query.
        (
            Some("application/json"),
            br#"{"email": "a\u0000@b.co", "password": "x"}"#.to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_body",
        ),
        (
            Some("application/json"),
            br#"{"email": 42, "password": "x"}"#.to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        ),
        (
            Some("application/json"),
            br#"{"email": "a@b.co"}"#.to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        ),
        (
            Some("application/json"),
            br#"{"email": "a@b.co", "password": "x", "admin": true}"#.to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        ),
        (
            Some("text/plain"),
            br#"{"email": "a@b.co", "password": "x"}"#.to_vec(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        ),
        (
            None,
            br#"{"email": "a@b.co", "password": "x"}"#.to_vec(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        ),
    ];
    for (ct, body, status, code) in cases {
        let shown = String::from_utf8_lossy(&body).into_owned();
        let res = raw(&app, "/api/v1/auth/login", ct, body).await;
        assert_eq!(res.status, status, "{shown}: {}", res.body);
        assert_eq!(res.code(), code, "{shown}");
        assert!(res.body["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    // The field at fault is named.
    let res =
        raw(&app, "/api/v1/auth/login", Some("application/json"), br#"{"email": 42, "password": "x"}"#.to_vec()).await;
    assert_eq!(res.body["details"]["fields"][0]["field"], "email");
    let res = raw(
        &app,
        "/api/v1/auth/login",
        Some("application/json"),
        br#"{"email": "a@b.co", "password": "x", "admin": true}"#.to_vec(),
    )
    .await;
    assert!(res.body["details"]["fields"][0]["message"].as_str().unwrap_or("").contains("admin"));
    // Validation lists every bad field at once.
    let res = app
        .post(
            "/api/v1/auth/register",
            None,
            json!({ "businessName": "", "name": "", "email": "nope", "password": "short" }),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> =
        res.body["details"]["fields"].as_array().expect("fields").iter().filter_map(|f| f["field"].as_str()).collect();
    assert_eq!(fields, ["businessName", "name", "email", "password"]);
    // Path parameters that are not ids.
    let res = app.get("/api/v1/users/not-a-uuid", &owner.token).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
    assert_eq!(res.code(), "invalid_path");
    let res = app.get("/api/v1/users?page=abc", &owner.token).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
    assert_eq!(res.code(), "invalid_query");
    assert_eq!(snapshot(&app).await, before, "bad input must not change stored data");
}

#[tokio::test]
async fn a_body_over_one_mebibyte_is_refused() {
    let app = TestApp::spawn().await;
    let before = snapshot(&app).await;
    let big = format!(
        r#"{{"businessName": "{}", "name": "x", "email": "big@example.com", "password": "{PASSWORD}"}}"#,
        "x".repeat(1_100_000)
    );
    let res = raw(&app, "/api/v1/auth/register", Some("application/json"), big.into_bytes()).await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(res.code(), "payload_too_large");
    assert_eq!(snapshot(&app).await, before);
}

#[tokio::test]
async fn sql_looking_text_is_stored_as_text() {
    let app = TestApp::spawn().await;
    let nasty = "Robert'); DROP TABLE tenants;--";
    let res = app
        .post("/api/v1/auth/register", None, json!({ "businessName": nasty, "name": "x' OR '1'='1", "email": "bobby@example.com", "password": PASSWORD }))
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    assert_eq!(res.body["session"]["tenant"]["name"], nasty);
    let login = app.login("' OR 1=1 --@x.io", "anything-1").await;
    assert!(login.status.is_client_error());
    let token = res.body["accessToken"].as_str().expect("token");
    let search = app.get("/api/v1/users?q=%25'%20or%201%3D1--", token).await;
    assert_eq!(search.status, StatusCode::OK);
    assert_eq!(search.body["total"], 0);
    assert_eq!(snapshot(&app).await[0], ("tenants".to_owned(), 1));
}

#[tokio::test]
async fn unknown_api_paths_and_methods_answer_in_the_error_format() {
    let app = TestApp::spawn().await;
    let res = app.call(Method::GET, "/api/v1/nope", None, None).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(res.code(), "not_found");
    let res = app.call(Method::PUT, "/api/v1/auth/login", None, None).await;
    assert_eq!(res.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(res.code(), "method_not_allowed");
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(|f| json!(f)),
        ".{0,40}".prop_map(Value::String),
        Just(json!("a@b.co")),
        Just(json!(PASSWORD)),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    Just("email".to_owned()),
                    Just("password".to_owned()),
                    Just("name".to_owned()),
                    Just("businessName".to_owned()),
                    Just("token".to_owned()),
                    Just("refreshToken".to_owned()),
                    "[a-zA-Z]{1,8}"
                ],
                inner,
                0..5
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Random JSON shapes and random bytes at every public auth endpoint: always a 4xx with an error
/// code (or a success for a body that happens to be valid), never a 5xx.
#[test]
fn random_bodies_at_the_auth_endpoints_never_cause_a_server_error() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let app = rt.block_on(TestApp::spawn());
    let before = rt.block_on(snapshot(&app));
    let endpoints = [
        "/api/v1/auth/login",
        "/api/v1/auth/refresh",
        "/api/v1/auth/logout",
        "/api/v1/auth/forgot-password",
        "/api/v1/auth/reset-password",
        "/api/v1/auth/invitations/abc.def/accept",
    ];
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig { cases: 150, ..ProptestConfig::default() });
    let strategy = (
        0..endpoints.len(),
        prop_oneof![json_value().prop_map(|v| v.to_string().into_bytes()), prop::collection::vec(any::<u8>(), 0..200)],
    );
    runner
        .run(&strategy, |(i, body)| {
            let res = rt.block_on(raw(&app, endpoints[i], Some("application/json"), body.clone()));
            prop_assert!(
                !res.status.is_server_error(),
                "{} with {:?} gave {}: {}",
                endpoints[i],
                String::from_utf8_lossy(&body),
                res.status,
                res.body
            );
            if res.status.is_client_error() {
                prop_assert!(res.body["error"].is_string(), "error body missing: {}", res.body);
            }
            Ok(())
        })
        .expect("property holds");
    // Random input may at most send reset mails for the one valid-looking address; nothing else changes.
    let after = rt.block_on(snapshot(&app));
    for ((t, a), (_, b)) in before.iter().zip(after.iter()) {
        if t != "password_resets" && t != "mail_outbox" {
            assert_eq!(a, b, "{t} changed");
        }
    }
}

/// An upload is one part, `file`: another part, or `file` twice, is refused (as a JSON body's unknown field is),
/// and nothing is stored.
#[tokio::test]
async fn an_upload_with_parts_other_than_one_file_is_refused() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Uploads").await;
    let media = |parts: &[(&str, &str)]| {
        let mut body = String::new();
        for (name, value) in parts {
            body.push_str(&format!(
                "--B0UNDARY\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\n{value}\r\n"
            ));
        }
        body.push_str("--B0UNDARY--\r\n");
        Request::builder()
            .method(Method::POST)
            .uri("/api/v1/media")
            .header(header::AUTHORIZATION, format!("Bearer {}", owner.token))
            .header(header::CONTENT_TYPE, "multipart/form-data; boundary=B0UNDARY")
            .body(Body::from(body))
            .expect("request")
    };
    for parts in [
        vec![("file", "hello"), ("note", "x")],
        vec![("note", "x"), ("file", "hello")],
        vec![("file", "a"), ("file", "b")],
    ] {
        let res = app.send(media(&parts)).await;
        assert_eq!((res.status, res.code()), (StatusCode::BAD_REQUEST, "invalid_upload"), "{parts:?}: {}", res.body);
    }
    let stored = app
        .owner_db()
        .await
        .query_one_raw(Statement::from_string(DbBackend::Postgres, "select count(*) as n from media_files"))
        .await
        .expect("count")
        .expect("row")
        .try_get::<i64>("", "n")
        .expect("n");
    assert_eq!(stored, 0);
    let ok = app.send(media(&[("file", "hello")])).await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.body);
}
