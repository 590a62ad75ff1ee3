//! The header policy on every kind of answer (the app's page, API routes, errors), its own CSP for the API docs,
//! HSTS only over HTTPS, CORS closed unless an origin is configured, and the refresh cookie's flags.

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use parley_http::security::{APP_CSP, DOCS_CSP, HSTS, PERMISSIONS_POLICY};
use parley_http::{AppState, HttpConfig};
use parley_services::identity::ip_allow::IpAllowList;
use parley_test_support::{PASSWORD, Response, TestApp};
use std::net::SocketAddr;
use std::sync::Arc;

const CRM: &str = "https://crm.example.com";

fn with(app: &mut TestApp, cfg: HttpConfig) {
    app.router = parley_http::router(AppState { services: app.services.clone(), cfg: Arc::new(cfg) });
}

async fn get(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> Response {
    request(app, Method::GET, path, headers).await
}

async fn request(app: &TestApp, method: Method, path: &str, headers: &[(&str, &str)]) -> Response {
    let mut req = Request::builder().method(method).uri(path);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    app.send(req.body(Body::empty()).expect("request")).await
}

fn value<'a>(h: &'a HeaderMap, name: &str) -> Option<&'a str> {
    h.get(name).and_then(|v| v.to_str().ok())
}

fn assert_policy(res: &Response, csp: &str, what: &str) {
    let h = &res.headers;
    assert_eq!(value(h, "content-security-policy"), Some(csp), "{what}: CSP");
    assert_eq!(value(h, "x-content-type-options"), Some("nosniff"), "{what}");
    assert_eq!(value(h, "x-frame-options"), Some("DENY"), "{what}");
    assert_eq!(value(h, "referrer-policy"), Some("strict-origin-when-cross-origin"), "{what}");
    assert_eq!(value(h, "permissions-policy"), Some(PERMISSIONS_POLICY), "{what}");
    assert_eq!(value(h, "cross-origin-opener-policy"), Some("same-origin"), "{what}");
}

#[tokio::test]
async fn the_app_page_an_api_route_and_an_error_carry_the_security_headers() {
    let app = TestApp::spawn().await;
    let page = get(&app, "/", &[]).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_policy(&page, APP_CSP, "the app's page");

    let owner = app.signup("Headers").await;
    let api = app.get("/api/v1/auth/me", &owner.token).await;
    assert_eq!(api.status, StatusCode::OK);
    assert_policy(&api, APP_CSP, "an API route");

    let error = get(&app, "/api/v1/contacts", &[]).await;
    assert_eq!(error.status, StatusCode::UNAUTHORIZED);
    assert_policy(&error, APP_CSP, "an error");
    let missing = get(&app, "/api/v1/no-such-thing", &[]).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_policy(&missing, APP_CSP, "an unknown API path");
}

#[tokio::test]
async fn the_app_policy_allows_no_inline_or_evaluated_script_and_no_framing() {
    for directive in ["script-src 'self';", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'"] {
        assert!(APP_CSP.contains(directive), "{directive}");
    }
    assert!(!APP_CSP.contains("unsafe-"), "no unsafe-inline or unsafe-eval anywhere in the app's policy");
    assert!(DOCS_CSP.contains("script-src 'self';"), "the docs' looser policy still runs no inline script");
}

#[tokio::test]
async fn the_api_docs_have_their_own_policy_and_nothing_else_does() {
    let app = TestApp::spawn().await;
    let docs = get(&app, "/api/docs/", &[]).await;
    assert_eq!(docs.status, StatusCode::OK);
    assert_policy(&docs, DOCS_CSP, "the docs page");
    let asset = get(&app, "/api/docs/swagger-initializer.js", &[]).await;
    assert_eq!(value(&asset.headers, "content-security-policy"), Some(DOCS_CSP));
    let spec = get(&app, "/api/v1/openapi.json", &[]).await;
    assert_eq!(value(&spec.headers, "content-security-policy"), Some(APP_CSP));
    let lookalike = get(&app, "/api/docsx", &[]).await;
    assert_eq!(value(&lookalike.headers, "content-security-policy"), Some(APP_CSP));
}

#[tokio::test]
async fn hsts_is_sent_only_for_requests_that_came_over_https() {
    let mut app = TestApp::spawn().await;
    // Plain HTTP, and the test router trusts a proxy: no HSTS unless the proxy says https.
    assert_eq!(value(&get(&app, "/healthz", &[]).await.headers, "strict-transport-security"), None);
    let proxied = get(&app, "/healthz", &[("x-forwarded-proto", "https")]).await;
    assert_eq!(value(&proxied.headers, "strict-transport-security"), Some(HSTS));

    // Without a trusted proxy, the header is anyone's word.
    with(&mut app, HttpConfig::default());
    let direct = get(&app, "/healthz", &[("x-forwarded-proto", "https")]).await;
    assert_eq!(value(&direct.headers, "strict-transport-security"), None);

    // A proxy list is set and this peer is not on it.
    with(
        &mut app,
        HttpConfig {
            trust_proxy: true,
            trusted_proxies: IpAllowList::parse(&["10.0.0.1".to_owned()]).expect("list"),
            ..Default::default()
        },
    );
    let mut req =
        Request::builder().uri("/healthz").header("x-forwarded-proto", "https").body(Body::empty()).expect("req");
    req.extensions_mut().insert(ConnectInfo(SocketAddr::from(([198, 51, 100, 4], 5000))));
    assert_eq!(value(&app.send(req).await.headers, "strict-transport-security"), None);

    // Public URL https (what `secure_cookies` follows): always.
    with(&mut app, HttpConfig { secure_cookies: true, ..Default::default() });
    assert_eq!(value(&get(&app, "/", &[]).await.headers, "strict-transport-security"), Some(HSTS));
}

#[tokio::test]
async fn cors_is_closed_by_default_even_to_preflights() {
    let app = TestApp::spawn().await;
    let simple = get(&app, "/api/v1/auth/me", &[("origin", CRM)]).await;
    assert_eq!(value(&simple.headers, "access-control-allow-origin"), None);
    let preflight = request(
        &app,
        Method::OPTIONS,
        "/api/v1/contacts",
        &[
            ("origin", CRM),
            ("access-control-request-method", "POST"),
            ("access-control-request-headers", "authorization"),
        ],
    )
    .await;
    assert_eq!(value(&preflight.headers, "access-control-allow-origin"), None);
    assert_eq!(value(&preflight.headers, "access-control-allow-methods"), None);
    assert_eq!(value(&preflight.headers, "access-control-allow-headers"), None);
}

#[tokio::test]
async fn a_configured_origin_is_allowed_and_a_foreign_one_is_not() {
    let mut app = TestApp::spawn().await;
    with(&mut app, HttpConfig { trust_proxy: true, cors_origins: vec![CRM.to_owned()], ..Default::default() });
    let owner = app.signup("Cors").await;
    let auth = format!("Bearer {}", owner.token);

    let allowed = get(&app, "/api/v1/auth/me", &[("origin", CRM), ("authorization", &auth)]).await;
    assert_eq!(allowed.status, StatusCode::OK);
    assert_eq!(value(&allowed.headers, "access-control-allow-origin"), Some(CRM));
    assert_eq!(value(&allowed.headers, "access-control-allow-credentials"), None, "tokens, not cookies, cross origins");
    assert!(value(&allowed.headers, "vary").is_some_and(|v| v.to_ascii_lowercase().contains("origin")));

    let preflight = |origin: &'static str| {
        let headers = [
            ("origin", origin),
            ("access-control-request-method", "POST"),
            ("access-control-request-headers", "authorization"),
        ];
        let app = &app;
        async move { request(app, Method::OPTIONS, "/api/v1/contacts", &headers).await }
    };
    let ok = preflight(CRM).await;
    assert_eq!(ok.status, StatusCode::NO_CONTENT);
    assert_eq!(value(&ok.headers, "access-control-allow-origin"), Some(CRM));
    assert!(value(&ok.headers, "access-control-allow-methods").is_some_and(|m| m.contains("POST")));
    assert!(value(&ok.headers, "access-control-allow-headers").is_some_and(|m| m.contains("authorization")));

    for foreign in ["https://evil.example", "https://crm.example.com.evil.example", "http://crm.example.com"] {
        let res = preflight(foreign).await;
        assert_eq!(value(&res.headers, "access-control-allow-origin"), None, "{foreign}");
        assert_eq!(value(&res.headers, "access-control-allow-methods"), None, "{foreign}");
        let simple = get(&app, "/api/v1/auth/me", &[("origin", foreign), ("authorization", &auth)]).await;
        assert_eq!(value(&simple.headers, "access-control-allow-origin"), None, "{foreign}");
    }
}

#[tokio::test]
async fn the_refresh_cookie_is_http_only_strict_path_scoped_and_secure_over_https() {
    let mut app = TestApp::spawn().await;
    let owner = app.signup("Cookies").await;
    let cookie = |res: &Response| value(&res.headers, "set-cookie").expect("a refresh cookie").to_owned();

    let plain = cookie(&app.login(&owner.email, PASSWORD).await);
    assert!(plain.starts_with("parley_refresh="), "{plain}");
    for flag in ["HttpOnly", "SameSite=Strict", "Path=/api/v1/auth"] {
        assert!(plain.contains(flag), "{flag} in {plain}");
    }
    assert!(!plain.contains("Secure"), "plain http keeps the cookie usable in development: {plain}");

    with(&mut app, HttpConfig { secure_cookies: true, trust_proxy: true, ..Default::default() });
    let secure = cookie(&app.login(&owner.email, PASSWORD).await);
    assert!(secure.contains("Secure") && secure.contains("HttpOnly"), "{secure}");
}
