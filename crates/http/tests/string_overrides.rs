//! The platform admin's own wording of web strings: written per language for keys English has (with English's
//! placeholders only), listed and searched beside the English text, reset, and served to the web app with an ETag
//! that changes with every change, whichever node answers.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use parley_test_support::TestApp;
use serde_json::json;

async fn public(app: &TestApp, locale: &str, etag: Option<&str>) -> (StatusCode, Option<String>, serde_json::Value) {
    let mut req = Request::builder().uri(format!("/api/v1/strings/{locale}"));
    if let Some(tag) = etag {
        req = req.header(header::IF_NONE_MATCH, tag);
    }
    let res = app.send(req.body(Body::empty()).expect("request")).await;
    let tag = res.headers.get(header::ETAG).and_then(|v| v.to_str().ok()).map(str::to_owned);
    (res.status, tag, res.body)
}

fn path(locale: &str, key: &str) -> String {
    format!("/api/v1/admin/strings/{locale}/{key}")
}

#[tokio::test]
async fn the_platform_admin_overrides_a_string_per_language_and_resets_it() {
    let app = TestApp::spawn().await;
    let admin = app.platform_admin().await;

    let set =
        app.call(Method::PUT, &path("ja", "nav.team"), Some(&admin), Some(json!({ "value": "  メンバー  " }))).await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.body);
    assert_eq!((set.body["key"].as_str(), set.body["value"].as_str()), (Some("nav.team"), Some("メンバー")));
    assert_eq!(set.body["english"], "Team");

    let list = app.get("/api/v1/admin/strings/ja?q=team&perPage=100", &admin).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    let items = list.body["items"].as_array().expect("items");
    let team = items.iter().find(|i| i["key"] == "nav.team").expect("nav.team found by its English text");
    assert_eq!(team["value"], "メンバー");
    assert!(items.iter().all(|i| i["key"] != "nav.inbox"), "only matching strings");
    let only = app.get("/api/v1/admin/strings/ja?overridden=true", &admin).await;
    assert_eq!(only.body["total"], 1, "{}", only.body);
    // Another language is untouched.
    let ru = app.get("/api/v1/admin/strings/ru?overridden=true", &admin).await;
    assert_eq!(ru.body["total"], 0);

    assert_eq!(app.delete(&path("ja", "nav.team"), &admin).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.delete(&path("ja", "nav.team"), &admin).await.status, StatusCode::NOT_FOUND, "nothing to reset");
    let only = app.get("/api/v1/admin/strings/ja?overridden=true", &admin).await;
    assert_eq!(only.body["total"], 0);
}

#[tokio::test]
async fn unknown_keys_languages_and_placeholders_are_refused_and_only_the_platform_admin_may_write() {
    let app = TestApp::spawn().await;
    let admin = app.platform_admin().await;
    let owner = app.signup("Not Admin").await;

    let cases = [
        (path("ja", "nav.nothingLikeThis"), json!({ "value": "x" }), StatusCode::NOT_FOUND),
        (path("xx", "nav.team"), json!({ "value": "x" }), StatusCode::NOT_FOUND),
        (path("ja", "nav.team"), json!({ "value": "   " }), StatusCode::UNPROCESSABLE_ENTITY),
        (path("ja", "nav.team"), json!({ "value": "{{count}}人" }), StatusCode::UNPROCESSABLE_ENTITY),
        (path("ja", "nav.team"), json!({ "value": "x".repeat(2001) }), StatusCode::UNPROCESSABLE_ENTITY),
    ];
    for (p, body, status) in cases {
        let res = app.call(Method::PUT, &p, Some(&admin), Some(body)).await;
        assert_eq!(res.status, status, "{p}: {}", res.body);
    }
    let bad =
        app.call(Method::PUT, &path("ja", "nav.team"), Some(&admin), Some(json!({ "value": "{{count}} 人" }))).await;
    assert!(bad.body.to_string().contains("{{count}}"), "the message names the placeholder: {}", bad.body);

    // A placeholder English has is fine, and so is a plural form only the language has (Russian `_few`).
    let ok = app
        .call(Method::PUT, &path("ru", "agency.client.hoursN_few"), Some(&admin), Some(json!({ "value": "{{n}} ч." })))
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);

    let denied =
        app.call(Method::PUT, &path("ja", "nav.team"), Some(&owner.token), Some(json!({ "value": "x" }))).await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get("/api/v1/admin/strings/ja", &owner.token).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.delete(&path("ru", "agency.client.hoursN_few"), &owner.token).await.status, StatusCode::FORBIDDEN);
    let (_, _, body) = public(&app, "ja", None).await;
    assert!(body["strings"].as_object().expect("strings").is_empty(), "nothing was written for Japanese: {body}");
}

#[tokio::test]
async fn the_web_app_gets_a_languages_overrides_revalidated_by_a_counter_every_node_shares() {
    let app = TestApp::spawn().await;
    let admin = app.platform_admin().await;
    let (status, first_tag, body) = public(&app, "ar", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["strings"], json!({}));
    let first_tag = first_tag.expect("an ETag");
    let (status, _, _) = public(&app, "ar", Some(&first_tag)).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED, "unchanged: 304");

    let set = app.call(Method::PUT, &path("ar", "nav.team"), Some(&admin), Some(json!({ "value": "طاقمنا" }))).await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.body);
    // A second node (its own services and caches on the same database) sees the change at once.
    let other_node = TestApp::on_database(&app.db_name).await;
    let (status, tag, body) = public(&other_node, "ar", Some(&first_tag)).await;
    assert_eq!(status, StatusCode::OK, "a change makes the old ETag stale");
    assert_ne!(tag.as_deref(), Some(first_tag.as_str()));
    assert_eq!(body["strings"]["nav.team"], "طاقمنا");
    assert_eq!(public(&app, "ar", None).await.1, tag, "both nodes give the same ETag");
    assert_eq!(public(&app, "en", None).await.2["strings"], json!({}), "English has none");
    assert_eq!(public(&app, "xx", None).await.0, StatusCode::NOT_FOUND);
}
