//! A workspace's IP allow-list: signing in, refreshing and API keys from outside it are refused; owners only; the
//! list is validated and cannot lock its owner out; a forged `X-Forwarded-For` does not get past it.

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Method, Request, StatusCode, header};
use parley_services::identity::ip_allow::IpAllowList;
use parley_test_support::{PASSWORD, Response, TestApp};
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::sync::Arc;

const PATH: &str = "/api/v1/settings/security/ip-allowlist";
const OFFICE: &str = "203.0.113.0/24";
const INSIDE: &str = "203.0.113.5";

/// An address outside the list, different in every test: failed sign-ins are throttled per address in the Redis
/// every test shares.
fn outside() -> String {
    let r = uuid::Uuid::now_v7().as_u128() as u32;
    format!("198.{}.{}.{}", 18 + (r >> 16) % 2, (r >> 8) & 0xff, (r & 0xfe) + 1)
}

/// A request as if it came from `ip` (the test router believes `X-Forwarded-For`, like a proxy's).
async fn from(
    app: &TestApp,
    ip: &str,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> Response {
    let mut req = Request::builder().method(method).uri(path).header("x-forwarded-for", ip);
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let req = match body {
        Some(b) => req.header(header::CONTENT_TYPE, "application/json").body(Body::from(b.to_string())),
        None => req.body(Body::empty()),
    }
    .expect("request");
    app.send(req).await
}

async fn login_from(app: &TestApp, ip: &str, email: &str) -> Response {
    from(app, ip, Method::POST, "/api/v1/auth/login", None, Some(json!({ "email": email, "password": PASSWORD }))).await
}

async fn allow(app: &TestApp, token: &str, entries: &[&str]) -> Response {
    app.call(Method::PUT, PATH, Some(token), Some(json!({ "entries": entries }))).await
}

#[tokio::test]
async fn signing_in_from_outside_the_list_is_refused_and_from_inside_allowed() {
    let app = TestApp::spawn().await;
    let far = outside();
    let owner = app.signup("Walled Garden").await;
    let res = allow(&app, &owner.token, &[OFFICE, &app.client_ip]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.body["entries"][0], OFFICE);
    assert_eq!(res.body["yourIp"], app.client_ip.as_str());

    let refused = login_from(&app, &far, &owner.email).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert_eq!(refused.body["error"], "ip_not_allowed");
    assert!(refused.body["message"].as_str().unwrap_or("").contains(far.as_str()));
    // A wrong password from outside learns nothing about the list.
    let wrong = from(
        &app,
        &far,
        Method::POST,
        "/api/v1/auth/login",
        None,
        Some(json!({ "email": owner.email, "password": "wrong-password-1" })),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);

    let inside = login_from(&app, INSIDE, &owner.email).await;
    assert_eq!(inside.status, StatusCode::OK, "{}", inside.body);
    let refresh = inside.body["refreshToken"].as_str().expect("refresh token").to_owned();
    let moved =
        from(&app, &far, Method::POST, "/api/v1/auth/refresh", None, Some(json!({ "refreshToken": refresh }))).await;
    assert_eq!(moved.status, StatusCode::FORBIDDEN, "{}", moved.body);
    assert_eq!(moved.body["error"], "ip_not_allowed");

    let audit = app.get("/api/v1/audit-logs", &owner.token).await;
    let changed = audit.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|e| e["action"] == "security.ip_allowlist_changed")
        .cloned()
        .expect("an audit entry for the change");
    assert_eq!(changed["metadata"]["after"][0], OFFICE);
}

#[tokio::test]
async fn an_empty_list_lets_everyone_in_again() {
    let app = TestApp::spawn().await;
    let far = outside();
    let owner = app.signup("Open Again").await;
    assert_eq!(allow(&app, &owner.token, &[&app.client_ip]).await.status, StatusCode::OK);
    assert_eq!(login_from(&app, &far, &owner.email).await.status, StatusCode::FORBIDDEN);
    let res = allow(&app, &owner.token, &[]).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.body["entries"], json!([]));
    assert_eq!(login_from(&app, &far, &owner.email).await.status, StatusCode::OK);
}

#[tokio::test]
async fn an_api_key_used_from_outside_the_list_is_refused() {
    let app = TestApp::spawn().await;
    let far = outside();
    let owner = app.signup("Keyed").await;
    let key =
        app.post("/api/v1/api-keys", Some(&owner.token), json!({ "name": "erp", "scopes": ["contacts:read"] })).await;
    assert_eq!(key.status, StatusCode::CREATED, "{}", key.body);
    let secret = key.body["secret"].as_str().expect("secret").to_owned();
    assert_eq!(from(&app, &far, Method::GET, "/api/v1/contacts", Some(&secret), None).await.status, StatusCode::OK);

    assert_eq!(allow(&app, &owner.token, &[OFFICE, &app.client_ip]).await.status, StatusCode::OK);
    let refused = from(&app, &far, Method::GET, "/api/v1/contacts", Some(&secret), None).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert_eq!(refused.body["error"], "ip_not_allowed");
    let inside = from(&app, INSIDE, Method::GET, "/api/v1/contacts", Some(&secret), None).await;
    assert_eq!(inside.status, StatusCode::OK, "{}", inside.body);
}

#[tokio::test]
async fn invalid_entries_are_refused_by_position_and_change_nothing() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Typos").await;
    let res = allow(&app, &owner.token, &[&app.client_ip, "10.0.0.0/33", "office", "2001:db8::/129"]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert_eq!(res.body["error"], "validation_failed");
    let fields: Vec<&str> =
        res.body["details"]["fields"].as_array().expect("fields").iter().filter_map(|f| f["field"].as_str()).collect();
    assert_eq!(fields, ["entries[1]", "entries[2]", "entries[3]"]);
    assert_eq!(app.get(PATH, &owner.token).await.body["entries"], json!([]));
}

#[tokio::test]
async fn a_list_that_leaves_out_the_owners_own_address_is_refused() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Careful").await;
    let res = allow(&app, &owner.token, &[OFFICE]).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
    assert_eq!(res.body["error"], "would_lock_you_out");
    assert_eq!(app.get(PATH, &owner.token).await.body["entries"], json!([]));
    // A network holding the owner's address is enough; host bits mean the network.
    let net = format!("{}/64", app.client_ip);
    let res = allow(&app, &owner.token, &[&net]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let saved = res.body["entries"][0].as_str().expect("entry").to_owned();
    assert!(saved.ends_with("::/64"), "{saved}");
}

#[tokio::test]
async fn only_owners_see_or_change_the_list() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Roles").await;
    for role in ["manager", "agent"] {
        let member = app.add_member(&owner, role).await;
        assert_eq!(app.get(PATH, &member.token).await.status, StatusCode::FORBIDDEN, "{role} reads");
        assert_eq!(allow(&app, &member.token, &[]).await.status, StatusCode::FORBIDDEN, "{role} writes");
    }
    let key =
        app.post("/api/v1/api-keys", Some(&owner.token), json!({ "name": "k", "scopes": ["contacts:write"] })).await;
    let secret = key.body["secret"].as_str().expect("secret").to_owned();
    assert_eq!(app.get(PATH, &secret).await.status, StatusCode::FORBIDDEN, "keys are refused");
}

#[tokio::test]
async fn one_workspaces_list_never_applies_to_another() {
    let app = TestApp::spawn().await;
    let far = outside();
    let a = app.signup("Alpha").await;
    let b = app.signup("Beta").await;
    assert_eq!(allow(&app, &a.token, &[&app.client_ip]).await.status, StatusCode::OK);
    assert_eq!(app.get(PATH, &b.token).await.body["entries"], json!([]));
    assert_eq!(login_from(&app, &far, &a.email).await.status, StatusCode::FORBIDDEN);
    assert_eq!(login_from(&app, &far, &b.email).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_forged_forwarded_for_does_not_get_past_the_list() {
    let mut app = TestApp::spawn().await;
    let far = outside();
    let owner = app.signup("Behind A Proxy").await;
    assert_eq!(allow(&app, &owner.token, &[OFFICE, &app.client_ip]).await.status, StatusCode::OK);
    app.router = parley_http::router(parley_http::AppState {
        services: app.services.clone(),
        cfg: Arc::new(parley_http::HttpConfig {
            trust_proxy: true,
            trusted_proxies: IpAllowList::parse(&["10.0.0.1".to_owned()]).expect("list"),
            ..Default::default()
        }),
    });
    let login = |peer: &str, forwarded: &str| {
        let mut req = Request::builder()
            .method(Method::POST)
            .uri("/api/v1/auth/login")
            .header(header::CONTENT_TYPE, "application/json")
            .header("x-forwarded-for", forwarded)
            .body(Body::from(json!({ "email": owner.email, "password": PASSWORD }).to_string()))
            .expect("request");
        req.extensions_mut().insert(ConnectInfo(SocketAddr::new(peer.parse().expect("peer"), 40000)));
        app.send(req)
    };
    // Straight to the server, not through the proxy: the header is the client's own word.
    assert_eq!(login(&far, INSIDE).await.status, StatusCode::FORBIDDEN);
    // Through the proxy, which appended the real address after the forged one.
    assert_eq!(login("10.0.0.1", &format!("{INSIDE}, {far}")).await.status, StatusCode::FORBIDDEN);
    // Through the proxy from inside.
    assert_eq!(login("10.0.0.1", &format!("{far}, {INSIDE}")).await.status, StatusCode::OK);
}
