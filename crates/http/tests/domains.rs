//! Custom domains against the app's own DNS simulator (`TestApp::dns`): the records a domain must have, the check's
//! verdicts and the errors naming the wrong record, the periodic recheck, one verified owner per domain, bad input,
//! another workspace's ids, Caddy's TLS question (and the Caddyfile in docs/deploy.md that asks it).

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use parley_dns_sim::Record;
use parley_test_support::{DOMAIN_TARGET, DOMAIN_TARGET_IP, Response, Signup, TestApp, TestOptions};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::{Value, json};

async fn sql(app: &TestApp, q: &str) {
    app.owner_db().await.execute_raw(Statement::from_string(DbBackend::Postgres, q)).await.expect(q);
}

async fn scalar(app: &TestApp, q: &str) -> i64 {
    let row = app.owner_db().await.query_one_raw(Statement::from_string(DbBackend::Postgres, q)).await.expect(q);
    row.expect("row").try_get::<i64>("", "n").expect("n")
}

async fn add(app: &TestApp, owner: &Signup, domain: &str) -> Response {
    app.post("/api/v1/settings/domains", Some(&owner.token), json!({ "domain": domain })).await
}

async fn added(app: &TestApp, owner: &Signup, domain: &str) -> Value {
    let res = add(app, owner, domain).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    res.body
}

async fn check(app: &TestApp, owner: &Signup, id: &str) -> Response {
    app.post(&format!("/api/v1/settings/domains/{id}/check"), Some(&owner.token), json!({})).await
}

async fn checked(app: &TestApp, owner: &Signup, id: &str) -> Value {
    let res = check(app, owner, id).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.body
}

/// The TXT value the domain asks for, from its records.
fn token_value(domain: &Value) -> String {
    let txt = domain["records"].as_array().expect("records").iter().find(|r| r["type"] == "TXT").expect("a TXT record");
    txt["value"].as_str().expect("value").to_owned()
}

/// Creates both records the domain asks for in the app's DNS.
fn create_records(app: &TestApp, domain: &Value) {
    let name = domain["domain"].as_str().expect("domain");
    app.dns.set_records(&format!("_parley-challenge.{name}"), vec![Record::Txt(token_value(domain))]);
    app.dns.set_records(name, vec![Record::Cname(DOMAIN_TARGET.into())]);
}

async fn ask(app: &TestApp, query: &str) -> Response {
    app.call(Method::GET, &format!("/internal/tls/ask{query}"), None, None).await
}

async fn recheck_all(app: &TestApp) -> usize {
    app.services.domains.recheck(chrono::Utc::now() + chrono::Duration::seconds(1)).await.expect("recheck")
}

async fn audit_actions(app: &TestApp, owner: &Signup) -> Vec<String> {
    let res = app.get("/api/v1/audit-logs?perPage=100", &owner.token).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.body["items"].as_array().expect("items").iter().map(|e| e["action"].as_str().unwrap_or("").to_owned()).collect()
}

#[tokio::test]
async fn a_domain_goes_from_pending_to_active_once_both_records_are_right() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Agency One").await;
    let d = added(&app, &owner, "App.Agency-One.test").await;
    assert_eq!(d["domain"], "app.agency-one.test");
    assert_eq!(d["status"], "pending");
    assert!(d["verifiedAt"].is_null() && d["lastCheckedAt"].is_null());
    let records = d["records"].as_array().expect("records");
    assert_eq!(records.len(), 2);
    assert_eq!(
        (&records[0]["type"], &records[0]["name"], &records[0]["value"], &records[0]["purpose"]),
        (&json!("CNAME"), &json!("app.agency-one.test"), &json!(DOMAIN_TARGET), &json!("routing"))
    );
    assert_eq!(records[1]["name"], "_parley-challenge.app.agency-one.test");
    let token = token_value(&d);
    assert!(token.starts_with("parley-verify=") && token.len() > 30, "{token}");
    let id = d["id"].as_str().expect("id");

    // Nothing created yet: still pending, and the error says what to create.
    let c = checked(&app, &owner, id).await;
    assert_eq!(c["status"], "pending");
    let err = c["lastError"].as_str().expect("an error");
    assert!(err.contains("There is no TXT record at _parley-challenge.app.agency-one.test"), "{err}");
    assert!(err.contains(&token), "{err}");
    assert!(
        err.contains(&format!("app.agency-one.test has no CNAME, A or AAAA record: create a CNAME to {DOMAIN_TARGET}")),
        "{err}"
    );
    assert!(c["lastCheckedAt"].is_string());
    assert_eq!(ask(&app, "?domain=app.agency-one.test").await.status, StatusCode::NOT_FOUND);

    // The TXT right, the CNAME elsewhere: not active, and the error names where it points.
    app.dns.set_records("_parley-challenge.app.agency-one.test", vec![Record::Txt(token.clone())]);
    app.dns.set_records("app.agency-one.test", vec![Record::Cname("proxy.elsewhere.test".into())]);
    let c = checked(&app, &owner, id).await;
    assert_eq!(c["status"], "pending");
    let err = c["lastError"].as_str().expect("an error");
    assert_eq!(err, format!("app.agency-one.test is a CNAME to proxy.elsewhere.test, not to {DOMAIN_TARGET}."));

    // Both right: active, verified, and Caddy may get a certificate for it.
    app.dns.set_records("app.agency-one.test", vec![Record::Cname(DOMAIN_TARGET.into())]);
    let c = checked(&app, &owner, id).await;
    assert_eq!(c["status"], "active", "{c}");
    assert!(c["verifiedAt"].is_string() && c["lastError"].is_null());
    let res = ask(&app, "?domain=app.agency-one.test").await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(ask(&app, "?domain=APP.Agency-One.test.").await.status, StatusCode::OK, "case and final dot");

    let list = app.get("/api/v1/settings/domains", &owner.token).await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.body["targetHost"], DOMAIN_TARGET);
    assert_eq!(list.body["maxDomains"], 5);
    assert_eq!(list.body["allowed"], true);
    assert_eq!(list.body["domains"][0]["status"], "active");
    let actions = audit_actions(&app, &owner).await;
    assert!(
        actions.contains(&"domain.added".to_owned()) && actions.contains(&"domain.verified".to_owned()),
        "{actions:?}"
    );
}

#[tokio::test]
async fn an_a_record_on_the_targets_address_counts_as_pointing_at_it_and_another_address_is_named() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Apex Shop").await;
    let d = added(&app, &owner, "apex-shop.test").await;
    let id = d["id"].as_str().expect("id");
    app.dns.set_records("_parley-challenge.apex-shop.test", vec![Record::Txt(token_value(&d))]);
    app.dns.set_records("apex-shop.test", vec![Record::A("198.51.100.77".parse().expect("ip"))]);
    let c = checked(&app, &owner, id).await;
    assert_eq!(c["status"], "pending");
    assert_eq!(
        c["lastError"],
        format!("apex-shop.test points at 198.51.100.77, not at {DOMAIN_TARGET} ({DOMAIN_TARGET_IP}).")
    );
    app.dns.set_records("apex-shop.test", vec![Record::A(DOMAIN_TARGET_IP.parse().expect("ip"))]);
    assert_eq!(checked(&app, &owner, id).await["status"], "active");
}

#[tokio::test]
async fn the_recheck_marks_a_broken_domain_failing_and_active_again_once_fixed() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Flaky Agency").await;
    let d = added(&app, &owner, "crm.flaky.test").await;
    let id = d["id"].as_str().expect("id");
    create_records(&app, &d);
    assert_eq!(checked(&app, &owner, id).await["status"], "active");
    assert_eq!(ask(&app, "?domain=crm.flaky.test").await.status, StatusCode::OK);

    // The customer removes the records: the next periodic check finds out.
    app.dns.set_records("crm.flaky.test", vec![]);
    app.dns.set_records("_parley-challenge.crm.flaky.test", vec![]);
    assert_eq!(recheck_all(&app).await, 1);
    let list = app.get("/api/v1/settings/domains", &owner.token).await;
    let dom = &list.body["domains"][0];
    assert_eq!(dom["status"], "failing", "{dom}");
    assert!(dom["verifiedAt"].is_string(), "still this workspace's domain");
    assert!(dom["lastError"].as_str().expect("error").contains("There is no TXT record"), "{dom}");
    assert_eq!(ask(&app, "?domain=crm.flaky.test").await.status, StatusCode::NOT_FOUND, "no certificate while failing");
    assert!(audit_actions(&app, &owner).await.contains(&"domain.failing".to_owned()));

    // Not due again before its interval: a round now checks nothing.
    assert_eq!(app.services.domains.recheck_due().await.expect("recheck"), 0);

    create_records(&app, &d);
    assert_eq!(recheck_all(&app).await, 1);
    let list = app.get("/api/v1/settings/domains", &owner.token).await;
    assert_eq!(list.body["domains"][0]["status"], "active");
    assert_eq!(ask(&app, "?domain=crm.flaky.test").await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_dns_server_that_does_not_answer_changes_no_verdict() {
    // Every question goes to a socket that never answers.
    let silent = std::net::UdpSocket::bind("127.0.0.1:0").expect("bind");
    let domains = parley_services::brand::domains::DomainsConfig {
        nameserver: parley_services::brand::dns::Nameserver::At(silent.local_addr().expect("addr")),
        ..Default::default()
    };
    let app = TestApp::spawn_with(TestOptions { domains, ..TestOptions::default() }).await;
    let owner = app.signup("Quiet Agency").await;
    let d = added(&app, &owner, "crm.quiet.test").await;
    sql(&app, "update custom_domains set status = 'active', verified_at = now()").await;
    assert_eq!(recheck_all(&app).await, 1);
    let list = app.get("/api/v1/settings/domains", &owner.token).await;
    let dom = &list.body["domains"][0];
    assert_eq!(dom["id"], d["id"]);
    assert_eq!(dom["status"], "active", "{dom}");
    let err = dom["lastError"].as_str().expect("why nothing was decided");
    assert!(err.contains("No verdict this time") && err.contains("no answer within 2 seconds"), "{err}");
}

#[tokio::test]
async fn a_domain_verified_by_one_workspace_is_refused_to_another_and_the_race_leaves_one_owner() {
    let app = TestApp::spawn().await;
    let first = app.signup("First Agency").await;
    let second = app.signup("Second Agency").await;
    // Both add it while nobody holds it; only the one whose token is in DNS can verify.
    let a = added(&app, &first, "app.contested.test").await;
    let b = added(&app, &second, "app.contested.test").await;
    create_records(&app, &a);
    assert_eq!(checked(&app, &first, a["id"].as_str().expect("id")).await["status"], "active");

    let res = add(&app, &app.signup("Third Agency").await, "app.contested.test").await;
    assert_eq!((res.status, res.code()), (StatusCode::CONFLICT, "domain_taken"), "{}", res.body);

    // The second workspace puts its own token next to the first's: proven too, but the domain is held.
    app.dns.add_record("_parley-challenge.app.contested.test", Record::Txt(token_value(&b)));
    let c = checked(&app, &second, b["id"].as_str().expect("id")).await;
    assert_eq!(c["status"], "pending");
    assert!(c["lastError"].as_str().expect("error").contains("Another workspace already verified"), "{c}");
    assert_eq!(scalar(&app, "select count(*) as n from custom_domains where verified_at is not null").await, 1);

    // Once the first workspace's records fail, the workspace proving control takes the domain over.
    app.dns.set_records("_parley-challenge.app.contested.test", vec![Record::Txt(token_value(&b))]);
    recheck_all(&app).await;
    let c = checked(&app, &second, b["id"].as_str().expect("id")).await;
    assert_eq!(c["status"], "active", "{c}");
    let first_list = app.get("/api/v1/settings/domains", &first.token).await;
    let theirs = &first_list.body["domains"][0];
    assert!(theirs["verifiedAt"].is_null(), "{theirs}");
    assert!(theirs["lastError"].as_str().expect("error").contains("Another workspace proved control"), "{theirs}");
    assert_eq!(scalar(&app, "select count(*) as n from custom_domains where verified_at is not null").await, 1);
}

#[tokio::test]
async fn wildcards_addresses_the_platforms_own_host_and_garbage_are_refused_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Careless Agency").await;
    for bad in [
        "*.agency.test",
        "203.0.113.7",
        "[2001:db8::1]",
        "localhost",
        "127.0.0.1",
        // The platform's own host (the test app's public URL is 127.0.0.1) and the CNAME target and names under it.
        DOMAIN_TARGET,
        "x.edge.parley.test",
        "https://app.agency.test/login",
        "app.agency.test:8443",
        "app..agency.test",
        "-app.agency.test",
        "",
        "exa mple.test",
    ] {
        let res = add(&app, &owner, bad).await;
        assert_eq!(
            (res.status, res.code()),
            (StatusCode::UNPROCESSABLE_ENTITY, "validation_failed"),
            "{bad}: {}",
            res.body
        );
        assert_eq!(res.body["details"]["fields"][0]["field"], "domain", "{bad}");
    }
    let long = format!("{}.test", ["abcdefghijklmnopqrstuvwxyz0123456789"; 7].join("."));
    assert_eq!(add(&app, &owner, &long).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let res = app.post("/api/v1/settings/domains", Some(&owner.token), json!({ "domain": 42 })).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    let res = app.post("/api/v1/settings/domains", Some(&owner.token), json!({ "domain": "a.test", "x": 1 })).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert_eq!(scalar(&app, "select count(*) as n from custom_domains").await, 0);

    // Unicode names are stored in their ASCII form; a name added twice and a sixth domain are conflicts.
    assert_eq!(added(&app, &owner, "crm.bücher.test").await["domain"], "crm.xn--bcher-kva.test");
    let res = add(&app, &owner, "CRM.xn--bcher-kva.test").await;
    assert_eq!((res.status, res.code()), (StatusCode::CONFLICT, "domain_exists"));
    for n in 2..=5 {
        added(&app, &owner, &format!("d{n}.agency.test")).await;
    }
    let res = add(&app, &owner, "d6.agency.test").await;
    assert_eq!((res.status, res.code()), (StatusCode::CONFLICT, "domain_limit"), "{}", res.body);
    assert_eq!(scalar(&app, "select count(*) as n from custom_domains").await, 5);
}

#[tokio::test]
async fn another_workspaces_domain_is_not_found_and_agents_are_refused() {
    let app = TestApp::spawn().await;
    let a = app.signup("Tenant A").await;
    let b = app.signup("Tenant B").await;
    let d = added(&app, &a, "app.tenant-a.test").await;
    let id = d["id"].as_str().expect("id");
    assert_eq!(check(&app, &b, id).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.delete(&format!("/api/v1/settings/domains/{id}"), &b.token).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/api/v1/settings/domains", &b.token).await.body["domains"], json!([]));
    let agent = app.add_member(&a, "agent").await;
    assert_eq!(app.get("/api/v1/settings/domains", &agent.token).await.status, StatusCode::FORBIDDEN);
    assert_eq!(add(&app, &agent, "x.tenant-a.test").await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.delete(&format!("/api/v1/settings/domains/{id}"), &agent.token).await.status, StatusCode::FORBIDDEN);
    // The owner removes it (audited), and it is gone for Caddy too.
    create_records(&app, &d);
    assert_eq!(checked(&app, &a, id).await["status"], "active");
    assert_eq!(ask(&app, "?domain=app.tenant-a.test").await.status, StatusCode::OK);
    assert_eq!(app.delete(&format!("/api/v1/settings/domains/{id}"), &a.token).await.status, StatusCode::NO_CONTENT);
    assert_eq!(ask(&app, "?domain=app.tenant-a.test").await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.delete(&format!("/api/v1/settings/domains/{id}"), &a.token).await.status, StatusCode::NOT_FOUND);
    assert!(audit_actions(&app, &a).await.contains(&"domain.removed".to_owned()));
}

#[tokio::test]
async fn only_agencies_the_platform_allows_and_plans_with_custom_branding_may_add_domains() {
    let app = TestApp::spawn().await;
    let agency = app.signup("Held Agency").await;
    sql(
        &app,
        &format!("insert into agencies (tenant_id, may_use_custom_domains) values ('{}', false)", agency.tenant_id),
    )
    .await;
    let res = add(&app, &agency, "app.held.test").await;
    assert_eq!((res.status, res.code()), (StatusCode::FORBIDDEN, "custom_domains_not_allowed"), "{}", res.body);
    let list = app.get("/api/v1/settings/domains", &agency.token).await;
    assert_eq!(
        (list.body["allowed"].clone(), list.body["notAllowedCode"].clone()),
        (json!(false), json!("custom_domains_not_allowed"))
    );
    sql(&app, "update agencies set may_use_custom_domains = true").await;
    assert_eq!(add(&app, &agency, "app.held.test").await.status, StatusCode::CREATED);

    let admin = app.platform_admin().await;
    let shop = app.signup("Plain Shop").await;
    let plan = app
        .post(
            "/api/v1/admin/plans",
            Some(&admin),
            json!({ "name": "Basic", "prices": [{ "cycle": "monthly", "amount": 1000 }],
                    "features": { "customBranding": false }, "limits": {} }),
        )
        .await;
    assert_eq!(plan.status, StatusCode::CREATED, "{}", plan.body);
    let res = app
        .post(
            &format!("/api/v1/admin/tenants/{}/billing/assign", shop.tenant_id),
            Some(&admin),
            json!({ "planId": plan.body["id"], "reason": "test" }),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let res = add(&app, &shop, "crm.plain-shop.test").await;
    assert_eq!((res.status, res.code()), (StatusCode::FORBIDDEN, "feature_not_in_plan"), "{}", res.body);
    assert_eq!(
        scalar(&app, &format!("select count(*) as n from custom_domains where tenant_id = '{}'", shop.tenant_id)).await,
        0
    );
}

#[tokio::test]
async fn the_tls_question_needs_a_domain_and_is_limited_per_address() {
    let app = TestApp::spawn().await;
    assert_eq!(ask(&app, "?domain=unknown.example.test").await.status, StatusCode::NOT_FOUND);
    let res = ask(&app, "").await;
    assert_eq!((res.status, res.code()), (StatusCode::BAD_REQUEST, "invalid_domain"), "{}", res.body);
    for bad in ["?domain=", "?domain=*.x.test", "?domain=10.0.0.1", "?domain=a%20b.test", "?other=x.test"] {
        assert_eq!(ask(&app, bad).await.status, StatusCode::BAD_REQUEST, "{bad}");
    }
    // A flood from one address: refused beyond 20 a second (the window may turn once while the flood runs, so at
    // most 40 get through before the first refusal); another address still gets answers.
    let from = |ip: &str| {
        Request::builder()
            .uri("/internal/tls/ask?domain=unknown.example.test")
            .header("x-forwarded-for", ip)
            .body(Body::empty())
            .expect("request")
    };
    let mut answered = 0;
    let refused = loop {
        let res = app.send(from("198.51.100.77")).await;
        if res.status == StatusCode::TOO_MANY_REQUESTS {
            break res;
        }
        assert_eq!(res.status, StatusCode::NOT_FOUND);
        answered += 1;
        assert!(answered <= 40, "no refusal after {answered} questions");
    };
    assert!(answered >= 20, "refused after only {answered}");
    let retry = refused.headers.get("retry-after").map(|v| v.as_bytes().to_vec());
    assert_eq!((refused.code(), retry), ("rate_limited", Some(b"1".to_vec())));
    assert_eq!(app.send(from("198.51.100.200")).await.status, StatusCode::NOT_FOUND);
}

/// The Caddyfile block in docs/deploy.md, and the `ask` URL in it.
fn documented_caddyfile() -> (String, url::Url) {
    let doc =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/deploy.md")).expect("docs/deploy.md");
    let start = doc.find("```caddyfile").expect("a ```caddyfile block in docs/deploy.md");
    let block = &doc[start + "```caddyfile".len()..];
    let block = &block[..block.find("```").expect("the block ends")];
    let ask = block
        .lines()
        .map(str::trim)
        .find_map(|l| l.strip_prefix("ask "))
        .expect("an `ask` line in the on_demand_tls options");
    (block.to_owned(), url::Url::parse(ask.trim()).expect("the ask URL parses"))
}

#[tokio::test]
async fn the_documented_caddyfile_asks_the_endpoint_that_allows_active_domains_only() {
    let (block, ask_url) = documented_caddyfile();
    assert!(block.contains("on_demand_tls") && block.contains("on_demand"), "{block}");
    assert_eq!(ask_url.host_str(), Some("127.0.0.1"), "Caddy asks the Parley node next to it");
    let app = TestApp::spawn().await;
    let owner = app.signup("Documented Agency").await;
    let active = added(&app, &owner, "app.documented.test").await;
    create_records(&app, &active);
    assert_eq!(checked(&app, &owner, active["id"].as_str().expect("id")).await["status"], "active");
    let pending = added(&app, &owner, "pending.documented.test").await;
    assert_eq!(pending["status"], "pending");
    // Caddy appends `?domain=<name>` to the configured URL.
    let path = ask_url.path();
    let res = app.call(Method::GET, &format!("{path}?domain=app.documented.test"), None, None).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let res = app.call(Method::GET, &format!("{path}?domain=pending.documented.test"), None, None).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
}

#[tokio::test]
async fn the_demo_dns_records_exist_in_demo_mode_only() {
    let app = TestApp::spawn().await;
    let res = app.call(Method::GET, "/api/v1/dev/dns/records", None, None).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
    let res = app.call(Method::PUT, "/api/v1/dev/dns/records", None, Some(json!({ "records": [] }))).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
}

/// A demo server's router (what `parley serve --demo` wires: the DNS simulator is the resolver and /dev/dns edits it).
async fn demo_router(sim: &parley_dns_sim::DnsSim) -> (axum::Router, parley_services::Services) {
    let db = parley_test_support::fresh_database().await;
    let cfg = parley_services::ServicesConfig { demo: true, ..Default::default() };
    let domains = parley_services::brand::domains::DomainsConfig {
        nameserver: parley_services::brand::dns::Nameserver::At(sim.addr()),
        dev_dns: Some(sim.clone()),
        ..Default::default()
    };
    let services =
        parley_test_support::connect_services(&db, cfg, TestOptions { domains, ..TestOptions::default() }, vec![])
            .await;
    let state = parley_http::AppState {
        services: services.clone(),
        cfg: std::sync::Arc::new(parley_http::HttpConfig { trust_proxy: true, ..Default::default() }),
    };
    (parley_http::router(state), services)
}

async fn demo_call(router: &axum::Router, method: Method, body: Option<Value>) -> (StatusCode, Value) {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let req =
        Request::builder().method(method).uri("/api/v1/dev/dns/records").header("content-type", "application/json");
    let req = req.body(body.map_or_else(Body::empty, |b| Body::from(b.to_string()))).expect("request");
    let res = router.clone().oneshot(req).await.expect("answer");
    let status = res.status();
    let bytes = res.into_body().collect().await.expect("body").to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

#[tokio::test]
async fn in_demo_mode_dev_dns_lists_and_replaces_the_records_the_resolver_then_sees() {
    let sim = parley_dns_sim::DnsSim::start("127.0.0.1:0".parse().expect("addr")).await.expect("simulator");
    let (router, services) = demo_router(&sim).await;
    let (status, body) = demo_call(&router, Method::GET, None).await;
    assert_eq!((status, body), (StatusCode::OK, json!({ "records": [] })));
    let records = json!({ "records": [
        { "name": "App.Demo-Agency.test.", "type": "CNAME", "value": "edge.demo.test" },
        { "name": "_parley-challenge.app.demo-agency.test", "type": "TXT", "value": "parley-verify=abc" },
        { "name": "edge.demo.test", "type": "A", "value": "203.0.113.50" },
        { "name": "edge.demo.test", "type": "AAAA", "value": "2001:db8::1" },
    ] });
    let (status, body) = demo_call(&router, Method::PUT, Some(records)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["records"].as_array().map(Vec::len), Some(4));
    // An IPv6 address comes back in full, the form the document's pattern states.
    assert!(
        body["records"]
            .as_array()
            .expect("records")
            .contains(&json!({ "name": "edge.demo.test", "type": "AAAA", "value": "2001:db8:0:0:0:0:0:1" })),
        "{body}"
    );
    assert!(
        body["records"]
            .as_array()
            .expect("records")
            .contains(&json!({ "name": "app.demo-agency.test", "type": "CNAME", "value": "edge.demo.test" }))
    );
    assert_eq!(
        services.core.dns.txt("_parley-challenge.app.demo-agency.test").await,
        Ok(vec!["parley-verify=abc".to_owned()])
    );
    // Every invalid record is named and nothing changes.
    let bad = json!({ "records": [
        { "name": "ok.demo.test", "type": "A", "value": "2001:db8::1" },
        { "name": "bad name", "type": "TXT", "value": "x" },
        { "name": "ok.demo.test", "type": "CNAME", "value": "not a host" },
    ] });
    let (status, body) = demo_call(&router, Method::PUT, Some(bad)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let fields: Vec<&str> =
        body["details"]["fields"].as_array().expect("fields").iter().filter_map(|f| f["field"].as_str()).collect();
    assert_eq!(fields, ["records[0].value", "records[1].name", "records[2].value"]);
    assert_eq!(sim.records().len(), 3, "three names, as before the refused change");
    let (status, _) =
        demo_call(&router, Method::PUT, Some(json!({ "records": [{ "name": "x.test", "type": "MX", "value": "y" }] })))
            .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}
