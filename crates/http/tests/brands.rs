//! Brands: which brand a host and a workspace show (an active domain's owner's, an agency's inherited by its
//! clients, the platform's), "powered by" only where allowed, the cache forgetting a change at once (on this node
//! and, through Redis, on another), the images checked by content and size and served safely, contrast warnings,
//! and a workspace without the right refused with nothing changed.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use parley_test_support::{Response, Signup, TestApp, TestOptions, connect_services};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::{Value, json};
use uuid::Uuid;

/// A PNG's signature and a header chunk: enough for the type to be read from the bytes.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

async fn sql(app: &TestApp, q: &str) {
    app.owner_db().await.execute_raw(Statement::from_string(DbBackend::Postgres, q)).await.expect(q);
}

async fn scalar(app: &TestApp, q: &str) -> i64 {
    let row = app.owner_db().await.query_one_raw(Statement::from_string(DbBackend::Postgres, q)).await.expect(q);
    row.expect("row").try_get::<i64>("", "n").expect("n")
}

/// Makes `t` an agency (as the platform admin would), allowed to remove "powered by" or not.
async fn make_agency(app: &TestApp, t: &Signup, may_remove_powered_by: bool) {
    sql(
        app,
        &format!(
            "insert into agencies (tenant_id, may_remove_powered_by) values ('{}', {may_remove_powered_by})
             on conflict (tenant_id) do update set may_remove_powered_by = excluded.may_remove_powered_by",
            t.tenant_id
        ),
    )
    .await;
    app.services.brand.invalidate(t.tenant_id).await;
}

/// A custom domain of `t` in `status` (verified when active), as the domains' check leaves it.
async fn domain(app: &TestApp, t: &Signup, name: &str, status: &str) {
    let verified = if status == "active" { "now()" } else { "null" };
    sql(
        app,
        &format!(
            "insert into custom_domains (id, tenant_id, domain, token, status, verified_at)
             values ('{}', '{}', '{name}', 'tok', '{status}', {verified})",
            Uuid::now_v7(),
            t.tenant_id
        ),
    )
    .await;
    app.services.brand.invalidate(t.tenant_id).await;
}

async fn brand_for_host(app: &TestApp, host: &str) -> Value {
    let req = Request::builder().uri("/api/v1/brand").header(header::HOST, host).body(Body::empty()).expect("request");
    let res = app.send(req).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.body
}

async fn put_brand(app: &TestApp, t: &Signup, body: Value) -> Response {
    app.call(Method::PUT, "/api/v1/settings/brand", Some(&t.token), Some(body)).await
}

async fn get_raw(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let mut req = Request::builder().uri(path);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let res = app.router.clone().oneshot(req.body(Body::empty()).expect("request")).await.expect("infallible");
    let (parts, body) = res.into_parts();
    (parts.status, parts.headers, body.collect().await.expect("body").to_bytes().to_vec())
}

#[tokio::test]
async fn a_host_shows_the_brand_of_the_workspace_whose_domain_is_active_and_any_other_host_the_default() {
    let app = TestApp::spawn().await;
    let agency = app.signup("Northwind Agency").await;
    make_agency(&app, &agency, false).await;
    let saved = put_brand(&app, &agency, json!({ "productName": "Northwind CRM", "primaryColor": "#0F766E" })).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    domain(&app, &agency, "app.northwind.test", "active").await;
    domain(&app, &agency, "pending.northwind.test", "pending").await;

    let b = brand_for_host(&app, "App.Northwind.test:443").await;
    assert_eq!((b["custom"].as_bool(), b["productName"].as_str()), (Some(true), Some("Northwind CRM")));
    assert_eq!(b["primaryColor"], "#0f766e", "colours are stored in lower case");
    // Behind the proxy the tests' app trusts, the forwarded host counts.
    let req = Request::builder()
        .uri("/api/v1/brand")
        .header(header::HOST, "10.0.0.5")
        .header("x-forwarded-host", "app.northwind.test")
        .body(Body::empty())
        .expect("request");
    assert_eq!(app.send(req).await.body["productName"], "Northwind CRM");
    for host in ["pending.northwind.test", "unknown.example.com", "127.0.0.1:8080", "localhost"] {
        let b = brand_for_host(&app, host).await;
        assert_eq!((b["custom"].as_bool(), b["productName"].as_str()), (Some(false), Some("Parley")), "{host}");
        assert_eq!(b["poweredBy"], false, "the platform's own brand says nothing of itself");
    }
    // A failing domain (its DNS changed) stops showing the brand at once.
    sql(&app, "update custom_domains set status = 'failing' where domain = 'app.northwind.test'").await;
    app.services.brand.invalidate(agency.tenant_id).await;
    assert_eq!(brand_for_host(&app, "app.northwind.test").await["productName"], "Parley");
    // The platform's host is never a custom domain, whatever a row says.
    let (_, _, doc) = get_raw(&app, "/api/v1/openapi.json", &[("host", "127.0.0.1:8080")]).await;
    assert_eq!(serde_json::from_slice::<Value>(&doc).expect("json")["info"]["title"], "Parley API");
}

#[tokio::test]
async fn the_api_docs_on_a_custom_domain_carry_its_brand() {
    let app = TestApp::spawn().await;
    let agency = app.signup("Docs Agency").await;
    make_agency(&app, &agency, false).await;
    assert_eq!(put_brand(&app, &agency, json!({ "productName": "Acme <Reach>" })).await.status, StatusCode::OK);
    domain(&app, &agency, "api.acme.test", "active").await;
    let (status, headers, page) = get_raw(&app, "/api/docs/", &[("host", "api.acme.test")]).await;
    assert_eq!(status, StatusCode::OK);
    let page = String::from_utf8(page).expect("html");
    assert!(page.contains("<title>Acme &lt;Reach&gt; API</title>"), "{page}");
    assert!(page.contains(".swagger-ui .topbar{background:#7c3aed}"), "the top bar takes the brand's colour");
    assert!(headers.get(header::VARY).is_some(), "the page differs by host");
    let (_, _, doc) = get_raw(&app, "/api/v1/openapi.json", &[("host", "api.acme.test")]).await;
    assert_eq!(serde_json::from_slice::<Value>(&doc).expect("json")["info"]["title"], "Acme <Reach> API");
    let (_, _, plain) = get_raw(&app, "/api/docs/", &[("host", "127.0.0.1:8080")]).await;
    assert!(
        String::from_utf8(plain).expect("html").contains("<title>Swagger UI</title>"),
        "the platform's is as built"
    );
}

#[tokio::test]
async fn a_client_inherits_its_agencys_brand_and_powered_by_goes_only_where_the_platform_allows() {
    let app = TestApp::spawn().await;
    let agency = app.signup("Inherit Agency").await;
    make_agency(&app, &agency, false).await;
    let client = app.signup("Client Shop").await;
    sql(&app, &format!("update tenants set agency_id = '{}' where id = '{}'", agency.tenant_id, client.tenant_id))
        .await;

    // Not allowed yet: refused, and nothing stored.
    let refused = put_brand(&app, &agency, json!({ "productName": "Reach", "poweredBy": false })).await;
    assert_eq!((refused.status, refused.code()), (StatusCode::FORBIDDEN, "powered_by_required"), "{}", refused.body);
    assert_eq!(scalar(&app, "select count(*) as n from brands").await, 0);
    let settings = app.get("/api/v1/settings/brand", &agency.token).await;
    assert_eq!(
        (settings.body["mayBrand"].as_bool(), settings.body["mayRemovePoweredBy"].as_bool()),
        (Some(true), Some(false))
    );

    make_agency(&app, &agency, true).await;
    let saved = put_brand(&app, &agency, json!({ "productName": "Reach", "poweredBy": false })).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let of_client = app.call(Method::GET, &format!("/api/v1/brand?workspace={}", client.tenant_id), None, None).await;
    assert_eq!(
        (of_client.body["productName"].as_str(), of_client.body["poweredBy"].as_bool()),
        (Some("Reach"), Some(false))
    );

    // The client may not brand itself (its plan from the agency has no custom branding): it sees why, and is refused.
    let mine = app.get("/api/v1/settings/brand", &client.token).await;
    assert_eq!(mine.status, StatusCode::OK, "{}", mine.body);
    assert_eq!((mine.body["mayBrand"].as_bool(), mine.body["reason"].as_str()), (Some(false), Some("agency")));
    assert_eq!(mine.body["effective"]["productName"], "Reach");
    let refused = put_brand(&app, &client, json!({ "productName": "Mine" })).await;
    assert_eq!((refused.status, refused.code()), (StatusCode::FORBIDDEN, "feature_not_in_plan"));

    // The platform admin takes the permission back: "powered by" shows again on the next request (the admin's
    // change clears the brand cache), though the agency's row still says off.
    let admin = app.platform_admin().await;
    let caps = json!({ "maxClients": 5, "mayRemovePoweredBy": false });
    let path = format!("/api/v1/admin/tenants/{}/agency", agency.tenant_id);
    assert_eq!(app.call(Method::PUT, &path, Some(&admin), Some(caps)).await.status, StatusCode::OK);
    let of_client = app.call(Method::GET, &format!("/api/v1/brand?workspace={}", client.tenant_id), None, None).await;
    assert_eq!(of_client.body["poweredBy"], true);
    // A client whose agency plan sells custom branding shows its own brand, "powered by" as its agency may.
    sql(
        &app,
        &format!(
            "insert into subscriptions (tenant_id, agency_features) values ('{}', '{{\"customBranding\": true}}')",
            client.tenant_id
        ),
    )
    .await;
    app.services.brand.invalidate(client.tenant_id).await;
    let own = put_brand(&app, &client, json!({ "productName": "Client's own" })).await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.body);
    assert_eq!(own.body["effective"]["productName"], "Client's own");
    assert_eq!(own.body["mayRemovePoweredBy"], false);
    // An unknown workspace is the platform's brand, not an error that would tell it does not exist.
    let nobody = app.call(Method::GET, &format!("/api/v1/brand?workspace={}", Uuid::now_v7()), None, None).await;
    assert_eq!((nobody.status, nobody.body["productName"].as_str()), (StatusCode::OK, Some("Parley")));
}

#[tokio::test]
async fn a_brand_change_shows_on_the_next_request_here_and_on_another_node() {
    let app = TestApp::spawn().await;
    let agency = app.signup("Cache Agency").await;
    make_agency(&app, &agency, false).await;
    assert_eq!(put_brand(&app, &agency, json!({ "productName": "First" })).await.status, StatusCode::OK);
    domain(&app, &agency, "crm.cache.test", "active").await;
    // A second node on the same database and Redis, with its own cache.
    let other =
        connect_services(&app.db_name, parley_services::ServicesConfig::default(), TestOptions::default(), vec![])
            .await;
    assert_eq!(brand_for_host(&app, "crm.cache.test").await["productName"], "First");
    assert_eq!(other.brand.for_host("crm.cache.test").await.expect("brand").product_name, "First");
    // Let the other node's subscription settle before the change is announced.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;

    assert_eq!(put_brand(&app, &agency, json!({ "productName": "Second" })).await.status, StatusCode::OK);
    assert_eq!(brand_for_host(&app, "crm.cache.test").await["productName"], "Second", "this node forgot at once");
    let mut seen = String::new();
    for _ in 0..50 {
        seen = other.brand.for_host("crm.cache.test").await.expect("brand").product_name;
        if seen == "Second" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(seen, "Second", "the other node heard of the change through Redis");
    // An image bumps the version, so its address (and every cache keyed by it) changes too.
    let before = brand_for_host(&app, "crm.cache.test").await["version"].as_i64().expect("version");
    let up =
        app.put_file("/api/v1/settings/brand/assets/logo_light", &agency.token, "logo.png", "image/png", PNG).await;
    assert_eq!(up.status, StatusCode::OK, "{}", up.body);
    let after = brand_for_host(&app, "crm.cache.test").await;
    assert_eq!(after["version"].as_i64(), Some(before + 1));
    let url = after["logoLightUrl"].as_str().expect("logo url");
    assert_eq!(url, format!("/api/v1/brand/assets/{}/logo_light?v={}", agency.tenant_id, before + 1));
}

#[tokio::test]
async fn images_are_known_by_their_content_and_unsafe_or_huge_ones_change_nothing() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Image Shop").await;
    let path = "/api/v1/settings/brand/assets/logo_light";
    let up = app.put_file(path, &owner.token, "logo.png", "image/png", PNG).await;
    assert_eq!(up.status, StatusCode::OK, "{}", up.body);
    assert_eq!(up.body["assets"][0]["contentType"], "image/png");
    let version = up.body["version"].clone();

    let script = br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>"#;
    let res = app.put_file(path, &owner.token, "logo.svg", "image/svg+xml", script).await;
    assert_eq!((res.status, res.code()), (StatusCode::UNPROCESSABLE_ENTITY, "unsafe_svg"), "{}", res.body);
    assert!(res.body["message"].as_str().expect("message").contains("<script>"), "it says why: {}", res.body);
    let handler = br#"<svg xmlns="http://www.w3.org/2000/svg"><rect onclick="x()"/></svg>"#;
    let res = app.put_file(path, &owner.token, "logo.svg", "image/svg+xml", handler).await;
    assert_eq!(res.code(), "unsafe_svg");
    let gif = b"GIF89a\x01\0\x01\0\0\0\0;";
    let res = app.put_file(path, &owner.token, "logo.png", "image/png", gif).await;
    assert_eq!((res.status, res.code()), (StatusCode::UNPROCESSABLE_ENTITY, "unsupported_image"));
    let huge = [PNG, &vec![0u8; 20 * 1024 * 1024]].concat();
    let res = app.put_file(path, &owner.token, "huge.png", "image/png", &huge).await;
    assert_eq!((res.status, res.code()), (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"), "{}", res.body);
    let settings = app.get("/api/v1/settings/brand", &owner.token).await;
    assert_eq!(settings.body["version"], version, "nothing was stored");
    assert_eq!(settings.body["assets"][0]["contentType"], "image/png");
    assert_eq!(scalar(&app, "select count(*) as n from brand_assets").await, 1);

    // Served with its type, nosniff and an ETag, for a year at a versioned address.
    let url = settings.body["assets"][0]["url"].as_str().expect("url").to_owned();
    let (status, headers, bytes) = get_raw(&app, &url, &[]).await;
    assert_eq!((status, bytes.as_slice()), (StatusCode::OK, PNG));
    assert_eq!(headers[header::CONTENT_TYPE], "image/png");
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert!(headers[header::CACHE_CONTROL].to_str().expect("cc").contains("max-age=31536000"));
    let etag = headers[header::ETAG].to_str().expect("etag").to_owned();
    let (status, _, _) = get_raw(&app, &url, &[("if-none-match", &etag)]).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);

    // A safe SVG is taken; opened on its own it still can run nothing.
    let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect fill="#0f766e" width="10" height="10"/></svg>"##;
    let res = app.put_file("/api/v1/settings/brand/assets/favicon", &owner.token, "f.svg", "image/svg+xml", svg).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let (_, headers, _) = get_raw(&app, &format!("/api/v1/brand/assets/{}/favicon", owner.tenant_id), &[]).await;
    assert_eq!(headers[header::CONTENT_TYPE], "image/svg+xml");
    let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().expect("csp");
    assert!(csp.contains("sandbox") && csp.contains("default-src 'none'"), "{csp}");
    // Removing an image, and removing it again.
    let gone = app.delete("/api/v1/settings/brand/assets/favicon", &owner.token).await;
    assert_eq!(gone.status, StatusCode::OK);
    assert_eq!(app.delete("/api/v1/settings/brand/assets/favicon", &owner.token).await.status, StatusCode::NOT_FOUND);
    let unknown = app.put_file("/api/v1/settings/brand/assets/banner", &owner.token, "a.png", "image/png", PNG).await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST, "an unknown kind of image");
}

#[tokio::test]
async fn a_workspace_reaches_only_its_own_images() {
    let app = TestApp::spawn().await;
    let a = app.signup("Tenant A").await;
    let b = app.signup("Tenant B").await;
    let b_logo = [PNG, b"B's"].concat();
    let up = app.put_file("/api/v1/settings/brand/assets/logo_dark", &b.token, "b.png", "image/png", &b_logo).await;
    assert_eq!(up.status, StatusCode::OK);
    // A's upload and removal of the same kind touch A's own image only.
    assert_eq!(app.delete("/api/v1/settings/brand/assets/logo_dark", &a.token).await.status, StatusCode::NOT_FOUND);
    let a_logo = [PNG, b"A's"].concat();
    let up = app.put_file("/api/v1/settings/brand/assets/logo_dark", &a.token, "a.png", "image/png", &a_logo).await;
    assert_eq!(up.status, StatusCode::OK);
    assert_eq!(app.delete("/api/v1/settings/brand/assets/logo_dark", &a.token).await.status, StatusCode::OK);
    let (status, _, bytes) = get_raw(&app, &format!("/api/v1/brand/assets/{}/logo_dark", b.tenant_id), &[]).await;
    assert_eq!((status, bytes), (StatusCode::OK, b_logo), "B's image is still B's");
    let (status, _, _) = get_raw(&app, &format!("/api/v1/brand/assets/{}/logo_dark", a.tenant_id), &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // B's settings list B's image only; A's none.
    assert_eq!(app.get("/api/v1/settings/brand", &a.token).await.body["assets"], json!([]));
    assert_eq!(app.get("/api/v1/settings/brand", &b.token).await.body["assets"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn low_contrast_colours_are_saved_with_a_warning_and_bad_fields_are_refused_together() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Yellow Shop").await;
    let res = put_brand(
        &app,
        &owner,
        json!({ "productName": "  Yellow  ", "primaryColor": "#FFFF00", "supportUrl": "https://help.yellow.test/a",
                "supportEmail": " Help@Yellow.test ", "loginText": "Line one\nLine two" }),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(
        (res.body["productName"].as_str(), res.body["primaryColor"].as_str()),
        (Some("Yellow"), Some("#ffff00"))
    );
    assert_eq!(res.body["supportEmail"], "help@yellow.test");
    let w = &res.body["warnings"];
    assert_eq!((w[0]["code"].as_str(), w[0]["field"].as_str()), (Some("low_contrast"), Some("primaryColor")));
    assert_eq!(w[0]["ratio"], 1.07);
    assert_eq!(w.as_array().map(Vec::len), Some(1), "the default accent reads well: {w}");

    let bad = put_brand(
        &app,
        &owner,
        json!({ "productName": "Other", "primaryColor": "red", "termsUrl": "javascript:alert(1)",
                "privacyUrl": "https://10.0.0.1/p", "supportEmail": "nope" }),
    )
    .await;
    assert_eq!((bad.status, bad.code()), (StatusCode::UNPROCESSABLE_ENTITY, "validation_failed"));
    let fields: Vec<&str> =
        bad.body["details"]["fields"].as_array().expect("fields").iter().filter_map(|f| f["field"].as_str()).collect();
    assert_eq!(fields, ["primaryColor", "supportEmail", "termsUrl", "privacyUrl"]);
    let kept = app.get("/api/v1/settings/brand", &owner.token).await;
    assert_eq!((kept.body["productName"].as_str(), kept.body["version"].as_i64()), (Some("Yellow"), Some(1)));
    // The change is in the audit log.
    let audit = app.get("/api/v1/audit-logs", &owner.token).await;
    assert!(audit.body["items"].as_array().expect("items").iter().any(|e| e["action"] == "brand.updated"));
}

#[tokio::test]
async fn a_workspace_whose_plan_lacks_custom_branding_is_refused_and_nothing_changes() {
    let app = TestApp::spawn().await;
    let admin = app.platform_admin().await;
    let owner = app.signup("Basic Shop").await;
    let plan = app
        .post(
            "/api/v1/admin/plans",
            Some(&admin),
            json!({ "name": "Basic", "prices": [{ "cycle": "monthly", "amount": 1000 }],
                    "features": { "customBranding": false }, "limits": {} }),
        )
        .await;
    assert_eq!(plan.status, StatusCode::CREATED, "{}", plan.body);
    let assign = app
        .post(
            &format!("/api/v1/admin/tenants/{}/billing/assign", owner.tenant_id),
            Some(&admin),
            json!({ "planId": plan.body["id"], "reason": "test" }),
        )
        .await;
    assert_eq!(assign.status, StatusCode::OK, "{}", assign.body);

    let s = app.get("/api/v1/settings/brand", &owner.token).await;
    assert_eq!((s.body["mayBrand"].as_bool(), s.body["reason"].as_str()), (Some(false), Some("plan")));
    let res = put_brand(&app, &owner, json!({ "productName": "Mine" })).await;
    assert_eq!((res.status, res.code()), (StatusCode::FORBIDDEN, "feature_not_in_plan"), "{}", res.body);
    assert_eq!(res.body["details"]["feature"], "customBranding");
    let res = app.put_file("/api/v1/settings/brand/assets/favicon", &owner.token, "f.png", "image/png", PNG).await;
    assert_eq!((res.status, res.code()), (StatusCode::FORBIDDEN, "feature_not_in_plan"));
    assert_eq!(scalar(&app, "select count(*) as n from brands").await, 0);
    assert_eq!(scalar(&app, "select count(*) as n from brand_assets").await, 0);
    // Agents never edit the brand, even where it may be set.
    let free = app.signup("Free Shop").await;
    let agent = app.add_member(&free, "agent").await;
    let res = put_brand(&app, &agent, json!({ "productName": "Agent's" })).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get("/api/v1/settings/brand", &agent.token).await.status, StatusCode::FORBIDDEN);
}
