//! Health, readiness, metrics, the OpenAPI document and its docs UI.

use axum::http::{Method, StatusCode};
use parley_test_support::TestApp;

#[tokio::test]
async fn health_and_readiness_report_postgres_and_redis() {
    let app = TestApp::spawn().await;
    let h = app.call(Method::GET, "/healthz", None, None).await;
    assert_eq!(h.status, StatusCode::OK);
    let r = app.call(Method::GET, "/readyz", None, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["checks"]["postgres"], "ok");
    assert_eq!(r.body["checks"]["redis"], "ok");
}

#[tokio::test]
async fn metrics_count_requests_by_route_template() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Metrics").await;
    let _ = app.get(&format!("/api/v1/users/{}", owner.user_id), &owner.token).await;
    let m = app.call(Method::GET, "/metrics", None, None).await;
    assert_eq!(m.status, StatusCode::OK);
    let text = m.body.as_str().expect("text");
    assert!(text.contains("http_requests_total"), "{text}");
    assert!(text.contains("route=\"/api/v1/users/{id}\""), "labels use the template, not the id");
    assert!(!text.contains(&owner.user_id.to_string()));
}

#[tokio::test]
async fn the_openapi_document_describes_the_api_and_the_docs_ui_is_served() {
    let app = TestApp::spawn().await;
    let spec = app.call(Method::GET, "/api/v1/openapi.json", None, None).await;
    assert_eq!(spec.status, StatusCode::OK);
    assert!(spec.body["openapi"].as_str().is_some_and(|v| v.starts_with("3.1")));
    for path in [
        "/api/v1/auth/register",
        "/api/v1/auth/login",
        "/api/v1/users/{id}",
        "/api/v1/invitations",
        "/api/v1/admin/tenants",
    ] {
        assert!(spec.body["paths"][path].is_object(), "{path} missing from the document");
    }
    for schema in ["AuthResponse", "Session", "Member", "Invitation", "ErrorBody", "MemberPage"] {
        assert!(spec.body["components"]["schemas"][schema].is_object(), "{schema} missing");
    }
    // Generated clients key operations by id: two equal ids would cross their types.
    let mut ids: Vec<&str> = spec.body["paths"]
        .as_object()
        .expect("paths")
        .values()
        .flat_map(|item| item.as_object().into_iter().flat_map(|ops| ops.values()))
        .filter_map(|op| op["operationId"].as_str())
        .collect();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n, "operation ids must be unique");
    let docs = app.call(Method::GET, "/api/docs", None, None).await;
    assert_eq!(docs.status, StatusCode::SEE_OTHER);
    assert_eq!(docs.headers["location"], "/api/docs/");
    let page = app.call(Method::GET, "/api/docs/", None, None).await;
    assert!(page.body.as_str().is_some_and(|html| html.contains("swagger-ui-bundle.js")));
    // The UI's assets are in the binary: the reference works with no internet.
    let init = app.call(Method::GET, "/api/docs/swagger-initializer.js", None, None).await;
    assert!(init.body.as_str().is_some_and(|js| js.contains("/api/v1/openapi.json")));
    let bundle = app.call(Method::GET, "/api/docs/swagger-ui-bundle.js", None, None).await;
    assert_eq!(bundle.status, StatusCode::OK);
}

#[tokio::test]
async fn the_committed_web_client_document_matches_the_api() {
    let committed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../web/src/api/openapi.json"))
        .expect("web/src/api/openapi.json exists");
    let committed: serde_json::Value = serde_json::from_str(&committed).expect("valid JSON");
    let current: serde_json::Value = serde_json::from_str(&parley_http::openapi_json()).expect("valid JSON");
    assert!(
        committed == current,
        "web/src/api/openapi.json is stale: run `parley openapi > web/src/api/openapi.json` and `npm run gen:api` in web/"
    );
}

#[tokio::test]
async fn pages_outside_the_api_fall_back_to_the_web_app() {
    let app = TestApp::spawn().await;
    let res = app.call(Method::GET, "/login", None, None).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.body.as_str().is_some_and(|h| h.contains("Parley")));
    assert_eq!(res.headers["x-content-type-options"], "nosniff");
}

/// A cursor parameter states the format the services read, so that every string the document allows is a page
/// (the contract test sends made-up cursors that match the pattern, and expects an answer, not a 422).
#[test]
fn every_cursor_parameter_states_the_format_the_services_read() {
    use parley_services::cursor::{AT_PATTERN, KEY_PATTERN};
    let doc: serde_json::Value = serde_json::from_str(&parley_http::openapi_json()).expect("valid JSON");
    let mut seen = 0;
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("operations") {
            for p in op["parameters"].as_array().into_iter().flatten() {
                let texty = p["schema"]["type"] == "string"
                    || p["schema"]["type"].as_array().is_some_and(|t| t.iter().any(|t| t == "string"));
                // `before` as a message id (format uuid) is an id, not a cursor: any uuid is a valid question.
                let an_id = p["schema"]["format"] == "uuid";
                if p["in"] != "query" || !(p["name"] == "cursor" || p["name"] == "before") || !texty || an_id {
                    continue;
                }
                let pattern = p["schema"]["pattern"].as_str();
                assert!(pattern == Some(AT_PATTERN) || pattern == Some(KEY_PATTERN), "{method} {path}: {pattern:?}");
                seen += 1;
            }
        }
    }
    assert!(seen >= 9, "cursor parameters found: {seen}");
}
