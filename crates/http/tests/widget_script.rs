//! `GET /widget.js`: the chat widget's script from the built web app, as JavaScript, cached for a year when the
//! snippet's version is in the address and briefly otherwise, loadable by other sites; a JSON 404 when not built.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use parley_http::{AppState, HttpConfig};
use parley_test_support::{Response, TestApp};
use std::path::PathBuf;
use std::sync::Arc;

fn serve_dist(app: &mut TestApp, dist: Option<PathBuf>) {
    let cfg = HttpConfig { web_dist: dist, version: "test".into(), ..Default::default() };
    app.router = parley_http::router(AppState { services: app.services.clone(), cfg: Arc::new(cfg) });
}

async fn get(app: &TestApp, path: &str) -> Response {
    app.send(Request::get(path).body(Body::empty()).expect("request")).await
}

fn header<'a>(res: &'a Response, name: &str) -> &'a str {
    res.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
}

fn dist_with_widget(script: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("parley-dist-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).expect("dist");
    std::fs::write(dir.join("index.html"), "<!doctype html><title>app</title>").expect("index");
    std::fs::write(dir.join("widget.js"), script).expect("widget");
    dir
}

#[tokio::test]
async fn the_widget_script_is_javascript_cached_by_version_and_loadable_by_other_sites() {
    let mut app = TestApp::spawn().await;
    let script = "(function(){window.Parley={}})();";
    let dist = dist_with_widget(script);
    serve_dist(&mut app, Some(dist.clone()));

    let versioned = get(&app, "/widget.js?v=1.2.3").await;
    assert_eq!(versioned.status, StatusCode::OK);
    assert_eq!(header(&versioned, "content-type"), "text/javascript; charset=utf-8");
    assert_eq!(header(&versioned, "cache-control"), "public, max-age=31536000, immutable");
    assert_eq!(header(&versioned, "cross-origin-resource-policy"), "cross-origin");
    assert_eq!(versioned.body, script);

    let bare = get(&app, "/widget.js").await;
    assert_eq!(bare.status, StatusCode::OK);
    assert_eq!(header(&bare, "cache-control"), "public, max-age=300");
    assert_eq!(bare.body, script);

    // The web app's own pages are not affected: they are still the single-page app.
    let page = get(&app, "/settings/widgets").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(header(&page, "content-type").starts_with("text/html"));
    assert_ne!(header(&page, "cache-control"), "public, max-age=31536000, immutable");
    std::fs::remove_dir_all(dist).expect("clean up");
}

#[tokio::test]
async fn without_a_built_widget_the_script_address_is_a_json_404_not_the_app_page() {
    let mut app = TestApp::spawn().await;
    let dist = dist_with_widget("x");
    std::fs::remove_file(dist.join("widget.js")).expect("remove");
    serve_dist(&mut app, Some(dist.clone()));
    let res = get(&app, "/widget.js?v=1").await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(res.code(), "not_found");

    serve_dist(&mut app, None);
    assert_eq!(get(&app, "/widget.js").await.status, StatusCode::NOT_FOUND);
    std::fs::remove_dir_all(dist).expect("clean up");
}
