//! The API platform for integrators: API keys hold scopes (a route needs the one the guard's table names; what
//! the table does not name is refused to keys), expire, and record where they were last used; keys and their
//! workspace are rate limited from the plan through Redis (429 with `Retry-After` and `RateLimit-*`), one
//! workspace's burst never limiting another; `Idempotency-Key` replays creates and sends.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use chrono::{Duration, Utc};
use parley_http::guard::scopes::{Need, need};
use parley_services::identity::rate_limit::{self, Bucket};
use parley_services::identity::scopes::ApiScope;
use parley_test_support::{Response, Signup, TestApp, api_operations};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::{Value, json};
use uuid::Uuid;

async fn key(app: &TestApp, owner: &Signup, body: Value) -> (String, String) {
    let res = app.post("/api/v1/api-keys", Some(&owner.token), body).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    (res.body["secret"].as_str().expect("secret").to_owned(), res.body["apiKey"]["id"].as_str().expect("id").to_owned())
}

/// A request with extra headers (an `Idempotency-Key`).
async fn call_with(
    app: &TestApp,
    method: Method,
    path: &str,
    token: &str,
    body: Option<Value>,
    headers: &[(&str, &str)],
) -> Response {
    let mut req = Request::builder()
        .method(method)
        .uri(path)
        .header("x-forwarded-for", app.client_ip.as_str())
        .header(header::AUTHORIZATION, format!("Bearer {token}"));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let req = match body {
        Some(b) => req.header(header::CONTENT_TYPE, "application/json").body(Body::from(b.to_string())),
        None => req.body(Body::empty()),
    }
    .expect("request");
    app.send(req).await
}

fn num(res: &Response, name: &str) -> i64 {
    res.headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("{name} missing: {:?}", res.headers))
}

#[tokio::test]
async fn a_key_reaches_what_its_scopes_allow_and_nothing_else() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Scoped").await;
    let (reader, _) = key(&app, &owner, json!({ "name": "reader", "scopes": ["contacts:read"] })).await;
    let listed = app.get("/api/v1/contacts", &reader).await;
    assert_eq!(listed.status, StatusCode::OK, "{}", listed.body);

    let write = app.post("/api/v1/contacts", Some(&reader), json!({ "phone": "+14155550101" })).await;
    assert_eq!((write.status, write.code()), (StatusCode::FORBIDDEN, "insufficient_scope"), "{}", write.body);
    assert_eq!(write.body["details"]["required"], "contacts:write");
    assert_eq!(write.body["details"]["granted"], json!(["contacts:read"]));
    assert!(write.body["message"].as_str().unwrap_or("").contains("contacts:write"));
    let other = app.get("/api/v1/conversations", &reader).await;
    assert_eq!(
        (other.status, other.body["details"]["required"].as_str()),
        (StatusCode::FORBIDDEN, Some("conversations:read"))
    );
    // Nothing was stored by the refused write.
    assert_eq!(app.get("/api/v1/contacts/count", &owner.token).await.body["count"], 0);

    // Write implies read; a key with every scope still cannot reach what is for people only.
    let (writer, _) = key(&app, &owner, json!({ "name": "writer", "scopes": ["contacts:write"] })).await;
    assert_eq!(app.get("/api/v1/contacts", &writer).await.status, StatusCode::OK);
    let created = app.post("/api/v1/contacts", Some(&writer), json!({ "phone": "+14155550101" })).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let all: Vec<&str> = ApiScope::ALL.iter().map(|s| s.as_str()).collect();
    let (everything, _) = key(&app, &owner, json!({ "name": "all", "scopes": all })).await;
    for path in ["/api/v1/users", "/api/v1/api-keys", "/api/v1/audit-logs", "/api/v1/billing/invoices"] {
        let res = app.get(path, &everything).await;
        assert_eq!((res.status, res.code()), (StatusCode::FORBIDDEN, "insufficient_scope"), "{path}: {}", res.body);
    }
    let minted =
        app.post("/api/v1/api-keys", Some(&everything), json!({ "name": "x", "scopes": ["contacts:read"] })).await;
    assert_eq!(minted.status, StatusCode::FORBIDDEN, "a key never mints keys");
    let billing = app.get("/api/v1/billing", &everything).await;
    assert_eq!(billing.status, StatusCode::OK, "billing:read reads the plan: {}", billing.body);
    // People are not affected by the table.
    assert_eq!(app.get("/api/v1/users", &owner.token).await.status, StatusCode::OK);
    assert_eq!(app.get("/api/v1/api-keys", &owner.token).await.status, StatusCode::OK);

    // Scopes are checked on creation: at least one, and only known ones.
    let none = app.post("/api/v1/api-keys", Some(&owner.token), json!({ "name": "n", "scopes": [] })).await;
    assert_eq!(
        (none.status, none.body["details"]["fields"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("scopes"))
    );
    let unknown =
        app.post("/api/v1/api-keys", Some(&owner.token), json!({ "name": "n", "scopes": ["billing:write"] })).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", unknown.body);
    let listed = app.get("/api/v1/api-keys", &owner.token).await;
    let scopes: Vec<Value> = listed.body.as_array().expect("keys").iter().map(|k| k["scopes"].clone()).collect();
    assert!(scopes.contains(&json!(["contacts:read"])) && scopes.contains(&json!(["contacts:write"])), "{scopes:?}");
}

#[tokio::test]
async fn an_expired_key_is_refused_like_a_revoked_one_and_use_is_recorded_with_its_address() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Expiring").await;
    // A lifetime in days, so no request can name a moment already past; zero days is no lifetime.
    let none = app
        .post(
            "/api/v1/api-keys",
            Some(&owner.token),
            json!({ "name": "old", "scopes": ["contacts:read"], "expiresInDays": 0 }),
        )
        .await;
    assert_eq!(none.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(none.body["details"]["fields"][0]["field"], "expiresInDays");
    let past = app
        .post(
            "/api/v1/api-keys",
            Some(&owner.token),
            json!({ "name": "old", "scopes": ["contacts:read"], "expiresAt": Utc::now() + Duration::days(1) }),
        )
        .await;
    assert_eq!(past.status, StatusCode::UNPROCESSABLE_ENTITY, "a date is no longer taken: {}", past.body);
    let before = Utc::now();
    let (secret, id) =
        key(&app, &owner, json!({ "name": "month", "scopes": ["contacts:read"], "expiresInDays": 30 })).await;
    assert_eq!(app.get("/api/v1/contacts", &secret).await.status, StatusCode::OK);
    let listed = app.get("/api/v1/api-keys", &owner.token).await;
    let k = listed.body.as_array().expect("keys").iter().find(|k| k["id"] == id.as_str()).cloned().expect("key");
    assert!(k["lastUsedAt"].is_string(), "{k}");
    assert_eq!(k["lastUsedIp"], app.client_ip.as_str());
    let expires: chrono::DateTime<Utc> = k["expiresAt"].as_str().expect("expiresAt").parse().expect("a date");
    let days = (expires - before).num_minutes() as f64 / (24.0 * 60.0);
    assert!((29.99..30.01).contains(&days), "thirty days from creation: {expires}");

    // Time passes: the key's expiry is behind it.
    app.owner_db()
        .await
        .execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "update api_keys set expires_at = now() - interval '1 second' where id = $1",
            [id.parse::<Uuid>().expect("uuid").into()],
        ))
        .await
        .expect("expire");
    let res = app.get("/api/v1/contacts", &secret).await;
    assert_eq!((res.status, res.code()), (StatusCode::UNAUTHORIZED, "invalid_api_key"), "{}", res.body);
}

#[test]
fn every_operation_of_the_api_document_is_named_in_the_scope_table() {
    let mut forbidden = 0;
    for (method, path) in api_operations() {
        let m = Method::from_bytes(method.as_bytes()).expect("method");
        let need = need(&m, &path);
        assert!(need.is_some(), "{method} {path} has no entry in guard::scopes: decide which scope it needs");
        if need == Some(Need::KeyForbidden) {
            forbidden += 1;
        }
        let people_only = ["/api/v1/auth", "/api/v1/admin", "/api/v1/api-keys", "/api/v1/users", "/api/v1/invitations"];
        if people_only.iter().any(|p| path.starts_with(p)) {
            assert_eq!(need, Some(Need::KeyForbidden), "{method} {path} is for people only");
        }
        if let Some(Need::Scope(s)) = need
            && method != "GET"
        {
            assert_eq!(s.access(), parley_services::identity::scopes::Access::Write, "{method} {path} changes things");
        }
    }
    assert!(forbidden > 20, "the people-only routes are named: {forbidden}");
}

/// A plan with API access allowing `per_minute` requests a minute, assigned to `owner`'s workspace.
async fn plan_with_rate(app: &TestApp, admin: &str, owner: &Signup, per_minute: i64) {
    let plan = app
        .post(
            "/api/v1/admin/plans",
            Some(admin),
            json!({ "name": format!("Tiny {per_minute}"), "prices": [{ "cycle": "monthly", "amount": 1000 }],
                    "features": { "apiAccess": true }, "limits": { "apiRequestsPerMinute": per_minute } }),
        )
        .await;
    assert_eq!(plan.status, StatusCode::CREATED, "{}", plan.body);
    assert_eq!(plan.body["limits"]["apiRequestsPerMinute"], per_minute);
    let res = app
        .post(
            &format!("/api/v1/admin/tenants/{}/billing/assign", owner.tenant_id),
            Some(admin),
            json!({ "planId": plan.body["id"], "reason": "tests" }),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
}

#[tokio::test]
async fn a_burst_over_the_plans_rate_gets_429_with_headers_and_other_workspaces_are_not_limited() {
    let app = TestApp::spawn().await;
    let admin = app.platform_admin().await;
    let a = app.signup("Bursty").await;
    let b = app.signup("Calm").await;
    plan_with_rate(&app, &admin, &a, 5).await;
    let (a_key, _) = key(&app, &a, json!({ "name": "loop", "scopes": ["contacts:read"] })).await;
    let (a_other, _) = key(&app, &a, json!({ "name": "other", "scopes": ["contacts:read"] })).await;
    let (b_key, _) = key(&app, &b, json!({ "name": "steady", "scopes": ["contacts:read"] })).await;

    for left in (0..5).rev() {
        let res = app.get("/api/v1/contacts", &a_key).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert_eq!(num(&res, "ratelimit-limit"), 5);
        assert_eq!(num(&res, "ratelimit-remaining"), left);
        assert!((1..=60).contains(&num(&res, "ratelimit-reset")));
    }
    let refused = app.get("/api/v1/contacts", &a_key).await;
    assert_eq!((refused.status, refused.code()), (StatusCode::TOO_MANY_REQUESTS, "rate_limited"), "{}", refused.body);
    let retry = num(&refused, "retry-after");
    assert!((1..=12).contains(&retry), "one request refills in 12 s: {retry}");
    assert_eq!(num(&refused, "ratelimit-remaining"), 0);
    assert_eq!(num(&refused, "ratelimit-limit"), 5);
    // The workspace's rate is shared by all its keys.
    let sibling = app.get("/api/v1/contacts", &a_other).await;
    assert_eq!(sibling.status, StatusCode::TOO_MANY_REQUESTS);

    // Another workspace and the people of this one are unaffected.
    for _ in 0..10 {
        let res = app.get("/api/v1/contacts", &b_key).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert!(num(&res, "ratelimit-remaining") > 100, "B has the server's default rate");
    }
    assert_eq!(app.get("/api/v1/contacts", &a.token).await.status, StatusCode::OK);

    // A key's own cap applies below its workspace's rate.
    let (capped, _) =
        key(&app, &b, json!({ "name": "capped", "scopes": ["contacts:read"], "requestsPerMinute": 2 })).await;
    for _ in 0..2 {
        assert_eq!(app.get("/api/v1/contacts", &capped).await.status, StatusCode::OK);
    }
    let over = app.get("/api/v1/contacts", &capped).await;
    assert_eq!((over.status, num(&over, "ratelimit-limit")), (StatusCode::TOO_MANY_REQUESTS, 2));
    assert_eq!(app.get("/api/v1/contacts", &b_key).await.status, StatusCode::OK, "the capped key limits only itself");
}

#[tokio::test]
async fn the_limiter_refills_evenly_and_charges_a_refused_request_to_no_bucket() {
    let app = TestApp::spawn().await;
    let redis = &app.services.core.redis;
    let (me, shared) = (Uuid::now_v7(), Uuid::now_v7());
    let tight = [Bucket::person(me, 60), Bucket::tenant(shared, 2)];
    for left in [1, 0] {
        let d = rate_limit::check(redis, &tight).await.expect("redis answers");
        assert!(d.allowed);
        assert_eq!((d.limit, d.remaining), (2, left), "the tightest bucket is reported");
    }
    let refused = rate_limit::check(redis, &tight).await.expect("redis answers");
    assert!(!refused.allowed);
    assert!((1..=30).contains(&refused.retry_after_secs), "{refused:?}");
    // The refused request took nothing from the roomy bucket either.
    let roomy = rate_limit::check(redis, &[Bucket::person(me, 60)]).await.expect("redis answers");
    assert_eq!(roomy.remaining, 60 - 3, "two allowed requests and this one (one refills each second)");
}

#[tokio::test]
async fn an_idempotency_key_replays_the_first_answer_and_refuses_reuse_and_duplicates_in_flight() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Retrying").await;
    let (secret, key_id) = key(&app, &owner, json!({ "name": "shop", "scopes": ["contacts:write"] })).await;
    let body = json!({ "phone": "+14155550123", "name": "Carla" });
    let first = call_with(
        &app,
        Method::POST,
        "/api/v1/contacts",
        &secret,
        Some(body.clone()),
        &[("idempotency-key", "order-1")],
    )
    .await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    assert!(first.headers.get("idempotent-replayed").is_none());
    let again = call_with(
        &app,
        Method::POST,
        "/api/v1/contacts",
        &secret,
        Some(body.clone()),
        &[("idempotency-key", "order-1")],
    )
    .await;
    assert_eq!(again.status, StatusCode::CREATED);
    assert_eq!(again.body, first.body, "the stored answer, not a second contact");
    assert_eq!(again.headers.get("idempotent-replayed").and_then(|v| v.to_str().ok()), Some("true"));
    assert_eq!(app.get("/api/v1/contacts/count", &owner.token).await.body["count"], 1);

    let other = json!({ "phone": "+14155550124" });
    let reused = call_with(
        &app,
        Method::POST,
        "/api/v1/contacts",
        &secret,
        Some(other.clone()),
        &[("idempotency-key", "order-1")],
    )
    .await;
    assert_eq!((reused.status, reused.code()), (StatusCode::UNPROCESSABLE_ENTITY, "idempotency_key_reused"));
    // Without a key, or with a new one, the request runs.
    let fresh =
        call_with(&app, Method::POST, "/api/v1/contacts", &secret, Some(other), &[("idempotency-key", "order-2")])
            .await;
    assert_eq!(fresh.status, StatusCode::CREATED, "{}", fresh.body);
    // Keys belong to their credential: the owner's session using the same key is another request.
    let mine = call_with(
        &app,
        Method::POST,
        "/api/v1/contacts",
        &owner.token,
        Some(json!({ "phone": "+14155550125" })),
        &[("idempotency-key", "order-1")],
    )
    .await;
    assert_eq!(mine.status, StatusCode::CREATED, "{}", mine.body);
    assert!(mine.headers.get("idempotent-replayed").is_none());
    assert_eq!(app.get("/api/v1/contacts/count", &owner.token).await.body["count"], 3);

    // A duplicate while the first is still running (its claim is unanswered and locked).
    app.owner_db()
        .await
        .execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "insert into idempotency_keys (tenant_id, principal, idempotency_key, fingerprint, locked_until)
             values ($1, $2, 'order-3', 'running', now() + interval '1 minute')",
            [owner.tenant_id.into(), format!("key:{key_id}").into()],
        ))
        .await
        .expect("claim");
    let busy = call_with(
        &app,
        Method::POST,
        "/api/v1/contacts",
        &secret,
        Some(json!({ "phone": "+14155550126" })),
        &[("idempotency-key", "order-3")],
    )
    .await;
    assert_eq!((busy.status, busy.code()), (StatusCode::UNPROCESSABLE_ENTITY, "idempotency_key_reused"));
    let same = call_with(&app, Method::POST, "/api/v1/contacts", &secret, Some(body.clone()), &[]).await;
    assert_eq!(same.status, StatusCode::CONFLICT, "no key: a plain duplicate contact: {}", same.body);
    app.owner_db()
        .await
        .execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "update idempotency_keys set fingerprint = $1 where idempotency_key = 'order-3'",
            [parley_services::platform::idempotency::fingerprint(
                "POST",
                "/api/v1/contacts",
                json!({ "phone": "+14155550126" }).to_string().as_bytes(),
            )
            .into()],
        ))
        .await
        .expect("same request");
    let in_flight = call_with(
        &app,
        Method::POST,
        "/api/v1/contacts",
        &secret,
        Some(json!({ "phone": "+14155550126" })),
        &[("idempotency-key", "order-3")],
    )
    .await;
    assert_eq!(
        (in_flight.status, in_flight.code()),
        (StatusCode::CONFLICT, "idempotency_in_flight"),
        "{}",
        in_flight.body
    );
    assert_eq!(app.get("/api/v1/contacts/count", &owner.token).await.body["count"], 3);

    // A refused request keeps nothing: fixed, it runs with the same key.
    let refused = call_with(
        &app,
        Method::POST,
        "/api/v1/contacts",
        &secret,
        Some(json!({ "phone": "not a phone" })),
        &[("idempotency-key", "order-4")],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    let fixed = call_with(
        &app,
        Method::POST,
        "/api/v1/contacts",
        &secret,
        Some(json!({ "phone": "+14155550128" })),
        &[("idempotency-key", "order-4")],
    )
    .await;
    assert_eq!(fixed.status, StatusCode::CREATED, "{}", fixed.body);
    assert_eq!(app.get("/api/v1/contacts/count", &owner.token).await.body["count"], 4);

    let bad = call_with(
        &app,
        Method::POST,
        "/api/v1/contacts",
        &secret,
        Some(json!({ "phone": "+14155550127" })),
        &[("idempotency-key", " ")],
    )
    .await;
    assert_eq!((bad.status, bad.code()), (StatusCode::BAD_REQUEST, "invalid_idempotency_key"));
}

#[tokio::test]
async fn concurrent_duplicates_create_once() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Racing").await;
    let body = json!({ "phone": "+14155550199" });
    let send = || {
        call_with(
            &app,
            Method::POST,
            "/api/v1/contacts",
            &owner.token,
            Some(body.clone()),
            &[("idempotency-key", "race")],
        )
    };
    let (a, b, c, d) = tokio::join!(send(), send(), send(), send());
    let answers = [a, b, c, d];
    let statuses: Vec<StatusCode> = answers.iter().map(|r| r.status).collect();
    assert!(
        statuses.iter().all(|s| [StatusCode::CREATED, StatusCode::CONFLICT].contains(s)),
        "only the first answer (created, or its replay) or in flight: {statuses:?}"
    );
    for r in answers.iter().filter(|r| r.status == StatusCode::CONFLICT) {
        assert_eq!(r.code(), "idempotency_in_flight");
    }
    assert_eq!(app.get("/api/v1/contacts/count", &owner.token).await.body["count"], 1);
}

#[test]
fn the_api_document_lists_the_idempotency_header_and_the_rate_limit_answer() {
    let (_, spec) = parley_http::api();
    let json = serde_json::to_value(&spec).expect("json");
    let send = &json["paths"]["/api/v1/conversations/{id}/messages"]["post"];
    let params = send["parameters"].as_array().expect("parameters");
    assert!(params.iter().any(|p| p["name"] == "Idempotency-Key" && p["in"] == "header"), "{params:?}");
    assert!(send["responses"]["429"]["headers"]["Retry-After"].is_object());
    assert!(send["responses"]["429"]["headers"]["RateLimit-Remaining"].is_object());
    let list = &json["paths"]["/api/v1/contacts"]["get"];
    assert!(list["responses"]["429"].is_object());
    assert!(
        !list["parameters"].as_array().into_iter().flatten().any(|p| p["name"] == "Idempotency-Key"),
        "reads take no idempotency key"
    );
}
