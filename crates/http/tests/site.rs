//! `[site]`: the platform's own brand carries the install's name and language (before sign-in), a brand with its own
//! product name keeps it, and new workspaces and people start in the install's language and time zone.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use parley_services::SiteSettings;
use parley_test_support::{TestApp, TestOptions};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::{Value, json};

async fn public_brand(app: &TestApp) -> Value {
    let req = Request::builder().uri("/api/v1/brand").body(Body::empty()).expect("request");
    let res = app.send(req).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.body
}

async fn text(app: &TestApp, q: &str) -> String {
    let row = app.owner_db().await.query_one_raw(Statement::from_string(DbBackend::Postgres, q)).await.expect(q);
    row.expect("row").try_get::<String>("", "v").expect("v")
}

fn acme() -> TestOptions {
    TestOptions { site: SiteSettings::parse("Acme CRM", "Asia/Riyadh", "ar").expect("site"), ..TestOptions::default() }
}

#[tokio::test]
async fn the_platform_brand_shows_the_site_name_and_language_and_an_own_product_name_is_kept() {
    let app = TestApp::spawn_with(acme()).await;
    let brand = public_brand(&app).await;
    assert_eq!(brand["productName"], "Acme CRM", "{brand}");
    assert_eq!(brand["defaultLanguage"], "ar");
    assert_eq!(brand["custom"], false);

    let t = app.signup("Blue Bay").await;
    let own = app.get(&format!("/api/v1/brand?workspace={}", t.tenant_id), &t.token).await;
    assert_eq!(own.body["productName"], "Acme CRM", "a workspace without a brand shows the platform's");
    let put = app
        .call(Method::PUT, "/api/v1/settings/brand", Some(&t.token), Some(json!({ "productName": "Blue Bay Desk" })))
        .await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.body);
    let own = app.get(&format!("/api/v1/brand?workspace={}", t.tenant_id), &t.token).await;
    assert_eq!(own.body["productName"], "Blue Bay Desk");
    assert_eq!(own.body["defaultLanguage"], "ar");

    // Without `[site]`: the product's own name, English.
    let plain = TestApp::spawn().await;
    let brand = public_brand(&plain).await;
    assert_eq!((brand["productName"].as_str(), brand["defaultLanguage"].as_str()), (Some("Parley"), Some("en")));
}

#[tokio::test]
async fn new_workspaces_and_people_start_in_the_site_time_zone_and_language() {
    let app = TestApp::spawn_with(acme()).await;
    let owner = app.signup("Casa Verde").await;
    let settings = app.get("/api/v1/inbox/settings", &owner.token).await;
    assert_eq!(settings.status, StatusCode::OK, "{}", settings.body);
    assert_eq!(settings.body["timezone"], "Asia/Riyadh", "{}", settings.body);
    let t = owner.tenant_id;
    assert_eq!(text(&app, &format!("select settings->>'locale' as v from tenants where id = '{t}'")).await, "ar");
    assert_eq!(text(&app, &format!("select locale as v from users where id = '{}'", owner.user_id)).await, "ar");
    let agent = app.add_member(&owner, "agent").await;
    assert_eq!(text(&app, &format!("select locale as v from users where id = '{}'", agent.user_id)).await, "ar");

    let admin = parley_services::platform::seed::create_platform_admin(&app.services.core, "ops@acme.test", None)
        .await
        .expect("platform admin");
    assert!(admin.created);
    assert_eq!(text(&app, "select locale as v from users where email = 'ops@acme.test'").await, "ar");

    // The default install keeps UTC and English.
    let plain = TestApp::spawn().await;
    let owner = plain.signup("Plain").await;
    assert_eq!(plain.get("/api/v1/inbox/settings", &owner.token).await.body["timezone"], "UTC");
    assert_eq!(text(&plain, &format!("select locale as v from users where id = '{}'", owner.user_id)).await, "en");
}

#[test]
fn site_settings_refuse_an_unknown_zone_or_language() {
    let refused = |name, zone, language| SiteSettings::parse(name, zone, language).expect_err("refused");
    assert!(refused("Acme", "Mars/Olympus", "en").contains("site.time_zone"));
    assert!(refused("Acme", "UTC", "xx").contains("site.language"));
    assert!(refused(" ", "UTC", "en").contains("site.name"));
    assert_eq!(SiteSettings::parse(" Acme ", "Europe/Paris", "en").expect("valid").name, "Acme");
}
