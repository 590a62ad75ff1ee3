//! Agencies (docs/agencies.md) through the API: the platform admin marks agencies (or sells a plan that does), an
//! agency creates client workspaces on plans of its own offer and invites their owners by mail, suspends them, keeps
//! their plans within its own, and enters one only through an audited support entry that ends by itself. The proofs
//! that PostgreSQL keeps the tenants apart: an agency reads its clients' summaries and nothing else, never another
//! agency's clients, and a client's data only through a running support entry.

use axum::http::{Method, StatusCode};
use parley_test_support::{
    PASSWORD, Response, Signup, TEST_JWT_SECRET, TestApp, invitation_token, link_in, session_of,
};
use sea_orm::{ConnectionTrait, DbBackend, Statement, TransactionTrait};
use serde_json::{Value, json};
use uuid::Uuid;

/// An app with a platform admin and one agency (its owner), marked by the admin with `caps`.
struct World {
    app: TestApp,
    admin: String,
    agency: Signup,
}

async fn world(caps: Value) -> World {
    let app = TestApp::spawn().await;
    let admin = app.platform_admin().await;
    let agency = app.signup("Bright Agency").await;
    mark(&app, &admin, agency.tenant_id, caps).await;
    World { app, admin, agency }
}

async fn mark(app: &TestApp, admin: &str, tenant: Uuid, caps: Value) {
    let res = app.call(Method::PUT, &format!("/api/v1/admin/tenants/{tenant}/agency"), Some(admin), Some(caps)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(res.body["agency"].is_object(), "{}", res.body);
}

/// A plan of the agency's offer; answers its id.
async fn offer(app: &TestApp, agency: &Signup, name: &str, limits: Value) -> String {
    let res = app
        .post(
            "/api/v1/agency/plans",
            Some(&agency.token),
            json!({ "name": name, "monthlyAmount": 2900, "features": { "campaigns": true }, "limits": limits }),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    res.body["id"].as_str().expect("id").to_owned()
}

async fn create_client(app: &TestApp, agency: &Signup, name: &str, owner_email: &str, plan: &str) -> Response {
    app.post(
        "/api/v1/agency/clients",
        Some(&agency.token),
        json!({ "name": name, "ownerEmail": owner_email, "ownerName": "Cleo", "planId": plan, "locale": "en" }),
    )
    .await
}

/// A client workspace whose owner accepted the mailed invitation as a new person: (client id, its owner).
async fn client_with_owner(app: &TestApp, agency: &Signup, name: &str, plan: &str) -> (Uuid, Signup) {
    let email = parley_test_support::unique_email("client-owner");
    let res = create_client(app, agency, name, &email, plan).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let client: Uuid = res.body["client"]["id"].as_str().and_then(|s| s.parse().ok()).expect("client id");
    let owner = accept(app, &email, json!({ "name": "Cleo", "password": PASSWORD })).await;
    assert_eq!(owner.tenant_id, client);
    (client, owner)
}

/// Accepts the invitation mailed to `email` with `body`; answers the new session.
async fn accept(app: &TestApp, email: &str, body: Value) -> Signup {
    let mail = app.last_mail_to(email).await.expect("invitation mail");
    let link = link_in(mail["text"].as_str().expect("text"), "/invite/").expect("accept link");
    let token = invitation_token(&link);
    let res = app.post(&format!("/api/v1/auth/invitations/{token}/accept"), None, body).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    session_of(&res.body, email.to_owned())
}

async fn switch(app: &TestApp, token: &str, tenant: Uuid) -> Response {
    app.post("/api/v1/auth/switch-tenant", Some(token), json!({ "tenantId": tenant })).await
}

async fn audit_actions(app: &TestApp, token: &str) -> Vec<Value> {
    let res = app.get("/api/v1/audit-logs?perPage=100", token).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.body["items"].as_array().expect("items").clone()
}

fn exp_of(token: &str) -> i64 {
    let data = jsonwebtoken::decode::<Value>(
        token,
        &jsonwebtoken::DecodingKey::from_secret(TEST_JWT_SECRET.as_bytes()),
        &jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::HS256),
    )
    .expect("a valid access token");
    data.claims["exp"].as_i64().expect("exp")
}

/// Rows of `sql` seen by the tenant role with `app.tenant_id` set to `tenant`.
async fn as_tenant(app: &TestApp, tenant: Uuid, sql: &str) -> i64 {
    let db = app.app_role_db().await;
    let tx = db.begin().await.expect("tx");
    tx.execute_unprepared(&format!("select set_config('app.tenant_id', '{tenant}', true)")).await.expect("set");
    let row = tx
        .query_one_raw(Statement::from_string(DbBackend::Postgres, format!("select count(*) as n from ({sql}) x")))
        .await
        .expect("query")
        .expect("row");
    tx.rollback().await.expect("rollback");
    row.try_get::<i64>("", "n").expect("n")
}

#[tokio::test]
async fn the_platform_admin_marks_lists_and_unmarks_agencies_and_an_agency_plan_makes_one() {
    let w = world(json!({ "maxClients": 5, "mayRemovePoweredBy": true })).await;
    let app = &w.app;
    let me = app.get("/api/v1/agency", &w.agency.token).await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.body);
    assert_eq!(
        me.body["caps"],
        json!({ "maxClients": 5, "mayRemovePoweredBy": true, "mayUseCustomDomains": true,
                                        "mayUseOwnSender": false })
    );
    assert_eq!(me.body["billingMode"], "agency");
    let session = app.get("/api/v1/auth/me", &w.agency.token).await;
    assert_eq!(session.body["tenant"]["isAgency"], true, "the web app shows the Agency entry from the session");

    // The agency chooses who pays, owners only; clients pay by card only on a server billing through Stripe
    // (this one has none), so the mode stays and nothing is stored (agency_billing.rs switches with Stripe).
    let manager = app.add_member(&w.agency, "manager").await;
    let denied = app.patch("/api/v1/agency", &manager.token, json!({ "billingMode": "client" })).await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
    let mode = app.patch("/api/v1/agency", &w.agency.token, json!({ "billingMode": "client" })).await;
    assert_eq!((mode.status, mode.body["error"].as_str()), (StatusCode::CONFLICT, Some("card_billing_unavailable")));
    let mode = app.patch("/api/v1/agency", &w.agency.token, json!({ "billingMode": "agency" })).await;
    assert_eq!(mode.body["billingMode"], "agency", "{}", mode.body);
    assert_eq!(app.get("/api/v1/agency", &manager.token).await.body["billingMode"], "agency");

    let plan = offer(app, &w.agency, "Starter", json!({ "maxContacts": 10 })).await;
    let (client, _) = client_with_owner(app, &w.agency, "Corner Bakery", &plan).await;
    let list = app.get("/api/v1/admin/agencies", &w.admin).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    let row = list.body.as_array().expect("list").iter().find(|a| a["tenantId"] == w.agency.tenant_id.to_string());
    let row = row.expect("the agency is listed");
    assert_eq!((row["clients"].as_i64(), row["activeClients"].as_i64()), (Some(1), Some(1)));
    assert_eq!(row["billingMode"], "agency");
    assert_eq!(row["caps"]["maxClients"], 5);
    let state = app.get(&format!("/api/v1/admin/tenants/{client}/agency"), &w.admin).await;
    assert_eq!(state.body["clientOf"]["id"], w.agency.tenant_id.to_string(), "{}", state.body);
    assert!(state.body["agency"].is_null());

    // A client cannot become an agency; an agency with clients cannot stop being one.
    let res =
        app.call(Method::PUT, &format!("/api/v1/admin/tenants/{client}/agency"), Some(&w.admin), Some(json!({}))).await;
    assert_eq!((res.status, res.code()), (StatusCode::CONFLICT, "client_of_agency"));
    let res = app.delete(&format!("/api/v1/admin/tenants/{}/agency", w.agency.tenant_id), &w.admin).await;
    assert_eq!((res.status, res.code()), (StatusCode::CONFLICT, "agency_has_clients"));
    let res = app
        .call(
            Method::PUT,
            &format!("/api/v1/admin/tenants/{}/agency", w.agency.tenant_id),
            Some(&w.admin),
            Some(json!({ "maxClients": 0 })),
        )
        .await;
    assert_eq!((res.status, res.code()), (StatusCode::CONFLICT, "over_max_clients"));
    assert_eq!(app.get("/api/v1/agency", &w.agency.token).await.body["caps"]["maxClients"], 5, "nothing changed");

    // A workspace without clients stops being an agency; its endpoints then refuse.
    let other = app.signup("Solo Shop").await;
    mark(app, &w.admin, other.tenant_id, json!({})).await;
    assert_eq!(app.get("/api/v1/agency/clients", &other.token).await.status, StatusCode::OK);
    let res = app.delete(&format!("/api/v1/admin/tenants/{}/agency", other.tenant_id), &w.admin).await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.body);
    let res = app.get("/api/v1/agency/clients", &other.token).await;
    assert_eq!((res.status, res.code()), (StatusCode::FORBIDDEN, "not_an_agency"));
    assert_eq!(app.get("/api/v1/auth/me", &other.token).await.body["tenant"]["isAgency"], false);

    // A platform plan with the agency feature makes its subscriber an agency, capped by the plan.
    let platform_plan = app
        .post(
            "/api/v1/admin/plans",
            Some(&w.admin),
            json!({ "name": "Agency", "prices": [{ "cycle": "monthly", "amount": 19900 }],
                    "features": { "agency": true, "campaigns": true }, "limits": { "maxClientWorkspaces": 3 } }),
        )
        .await;
    assert_eq!(platform_plan.status, StatusCode::CREATED, "{}", platform_plan.body);
    assert_eq!(platform_plan.body["features"]["agency"], true);
    assert_eq!(platform_plan.body["limits"]["maxClientWorkspaces"], 3);
    let assigned = app
        .post(
            &format!("/api/v1/admin/tenants/{}/billing/assign", other.tenant_id),
            Some(&w.admin),
            json!({ "planId": platform_plan.body["id"], "reason": "reseller contract" }),
        )
        .await;
    assert_eq!(assigned.status, StatusCode::OK, "{}", assigned.body);
    let me = app.get("/api/v1/agency", &other.token).await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.body);
    assert_eq!(me.body["caps"]["maxClients"], 3);
    assert_eq!(me.body["planName"], "Agency");

    // Only the platform admin reaches these.
    let res = app.get("/api/v1/admin/agencies", &w.agency.token).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn an_agency_creates_a_client_on_its_offer_and_the_owner_accepts_the_mailed_invitation() {
    let w = world(json!({})).await;
    let app = &w.app;
    let plan = offer(app, &w.agency, "Shop", json!({ "maxContacts": 2, "maxAgents": 3 })).await;
    let email = parley_test_support::unique_email("bakery");
    let res = create_client(app, &w.agency, "Corner Bakery", &email, &plan).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    assert_eq!(res.body["invitedEmail"], email.as_str());
    let client = &res.body["client"];
    assert_eq!((client["name"].as_str(), client["planName"].as_str()), (Some("Corner Bakery"), Some("Shop")));
    assert_eq!(client["status"], "active");
    let client_id: Uuid = client["id"].as_str().and_then(|s| s.parse().ok()).expect("id");

    // The invitation mail names the agency and invites as owner; the preview says owner too.
    let mail = app.last_mail_to(&email).await.expect("invitation mail");
    assert!(mail["subject"].as_str().expect("subject").contains("Bright Agency"), "{mail}");
    let link = link_in(mail["text"].as_str().expect("text"), "/invite/").expect("link");
    let preview =
        app.call(Method::GET, &format!("/api/v1/auth/invitations/{}", invitation_token(&link)), None, None).await;
    assert_eq!(
        (preview.body["role"].as_str(), preview.body["tenantName"].as_str()),
        (Some("owner"), Some("Corner Bakery"))
    );
    assert_eq!(preview.body["existingUser"], false);

    // A new person sets a password and lands in the client as its owner.
    let owner = accept(app, &email, json!({ "name": "Cleo", "password": PASSWORD })).await;
    assert_eq!(owner.tenant_id, client_id);
    let me = app.get("/api/v1/auth/me", &owner.token).await;
    assert_eq!(me.body["role"], "owner");
    assert_eq!(me.body["tenant"]["agencyId"], w.agency.tenant_id.to_string());
    assert_eq!(app.login(&email, PASSWORD).await.status, StatusCode::OK);

    // The client's limits are the agency plan's: its billing page shows them and quotas enforce them, without a
    // platform plan to upgrade to.
    let billing = app.get("/api/v1/billing", &owner.token).await;
    assert_eq!(billing.body["plan"]["name"], "Shop", "{}", billing.body);
    let contacts = billing.body["usage"].as_array().expect("usage").iter().find(|u| u["key"] == "contacts").cloned();
    assert_eq!(contacts.map(|c| c["limit"].clone()), Some(json!(2)));
    for n in 0..2 {
        let res = app.post("/api/v1/contacts", Some(&owner.token), json!({ "phone": format!("+1415555010{n}") })).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    }
    let over = app.post("/api/v1/contacts", Some(&owner.token), json!({ "phone": "+14155550109" })).await;
    assert_eq!((over.status, over.code()), (StatusCode::PAYMENT_REQUIRED, "quota_exceeded"));
    assert_eq!(over.body["details"]["upgradeTo"], Value::Null, "a client is never offered a platform plan");

    // The agency's dashboard shows the client's figures against its limits.
    let list = app.get("/api/v1/agency/clients", &w.agency.token).await;
    let row = list.body.as_array().expect("clients").iter().find(|c| c["id"] == client_id.to_string()).cloned();
    let row = row.expect("the client is listed");
    let usage = |k: &str| row["usage"].as_array().expect("usage").iter().find(|u| u["key"] == k).cloned().expect(k);
    assert_eq!((usage("contacts")["used"].as_i64(), usage("contacts")["limit"].as_i64()), (Some(2), Some(2)));
    assert_eq!((usage("agents")["used"].as_i64(), usage("agents")["limit"].as_i64()), (Some(1), Some(3)));
    assert!(row["lastActivityAt"].is_string());
    // The client's own audit log tells who created it.
    let created = audit_actions(app, &owner.token).await;
    let created = created.iter().find(|a| a["action"] == "agency.client_created").expect("audited in the client");
    assert_eq!(created["metadata"]["agencyName"], "Bright Agency");

    // Someone who already has an account joins a second client with their password.
    let res = create_client(app, &w.agency, "Corner Bakery II", &email, &plan).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let wrong = {
        let mail = app.last_mail_to(&email).await.expect("second invitation");
        let token = invitation_token(&link_in(mail["text"].as_str().expect("text"), "/invite/").expect("link"));
        app.post(&format!("/api/v1/auth/invitations/{token}/accept"), None, json!({ "password": "not-the-password" }))
            .await
    };
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let again = accept(app, &email, json!({ "password": PASSWORD })).await;
    assert_eq!(again.tenant_id.to_string(), res.body["client"]["id"].as_str().expect("id"));
    let me = app.get("/api/v1/auth/me", &again.token).await;
    assert_eq!(me.body["memberships"].as_array().map(Vec::len), Some(2), "{}", me.body);
}

#[tokio::test]
async fn an_agency_keeps_within_max_clients_and_its_own_plan() {
    let w = world(json!({ "maxClients": 1 })).await;
    let app = &w.app;
    // The agency's own platform plan: 100 contacts, 5 agents, campaigns only.
    let platform_plan = app
        .post(
            "/api/v1/admin/plans",
            Some(&w.admin),
            json!({ "name": "Reseller", "prices": [{ "cycle": "monthly", "amount": 9900 }],
                    "features": { "campaigns": true }, "limits": { "maxContacts": 100, "maxAgents": 5 } }),
        )
        .await;
    assert_eq!(platform_plan.status, StatusCode::CREATED, "{}", platform_plan.body);
    let assigned = app
        .post(
            &format!("/api/v1/admin/tenants/{}/billing/assign", w.agency.tenant_id),
            Some(&w.admin),
            json!({ "planId": platform_plan.body["id"], "reason": "contract" }),
        )
        .await;
    assert_eq!(assigned.status, StatusCode::OK, "{}", assigned.body);

    let too_big = |limits: Value, features: Value| json!({ "name": "Big", "monthlyAmount": 100, "features": features, "limits": limits });
    let cases = [
        (too_big(json!({ "maxContacts": 500, "maxAgents": 5 }), json!({})), "limits.maxContacts"),
        (too_big(json!({ "maxAgents": 5 }), json!({})), "limits.maxContacts"),
        (
            too_big(json!({ "maxContacts": 100, "maxAgents": 5 }), json!({ "chatbotFlows": true })),
            "features.chatbotFlows",
        ),
        (too_big(json!({ "maxContacts": 100, "maxAgents": 5 }), json!({ "agency": true })), "features.agency"),
        (
            too_big(json!({ "maxContacts": 100, "maxAgents": 5, "maxClientWorkspaces": 2 }), json!({})),
            "limits.maxClientWorkspaces",
        ),
    ];
    for (body, field) in cases {
        let res = app.post("/api/v1/agency/plans", Some(&w.agency.token), body).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {}", res.body);
        let fields: Vec<&str> = res.body["details"]["fields"]
            .as_array()
            .expect("fields")
            .iter()
            .filter_map(|f| f["field"].as_str())
            .collect();
        assert!(fields.contains(&field), "{field} is named: {fields:?}");
    }
    assert_eq!(app.get("/api/v1/agency/plans", &w.agency.token).await.body, json!([]), "nothing was stored");

    let plan = offer(app, &w.agency, "Fits", json!({ "maxContacts": 50, "maxAgents": 5 })).await;
    // An unknown plan, or another workspace's id as plan, is refused by name.
    for bad in [Uuid::now_v7().to_string(), w.agency.tenant_id.to_string()] {
        let res = create_client(app, &w.agency, "Nope", "nope@example.com", &bad).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
        assert_eq!(res.body["details"]["fields"][0]["field"], "planId");
    }
    let (client, owner) = client_with_owner(app, &w.agency, "Only One", &plan).await;
    let res = create_client(app, &w.agency, "One Too Many", "second@example.com", &plan).await;
    assert_eq!((res.status, res.code()), (StatusCode::CONFLICT, "max_clients_reached"));
    assert!(app.last_mail_to("second@example.com").await.is_none(), "no invitation went out");

    // One client's own limits stay within the agency's plan too.
    let res = app
        .patch(
            &format!("/api/v1/agency/clients/{client}"),
            &w.agency.token,
            json!({ "limits": { "maxContacts": 1000 } }),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert_eq!(res.body["details"]["fields"][0]["field"], "limits.maxContacts");
    let res = app
        .patch(&format!("/api/v1/agency/clients/{client}"), &w.agency.token, json!({ "limits": { "maxContacts": 80 } }))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let limit = |body: &Value, key: &str| {
        body["usage"].as_array().expect("usage").iter().find(|u| u["key"] == key).map(|u| u["limit"].clone())
    };
    assert_eq!(limit(&res.body, "contacts"), Some(json!(80)));
    // Changing the plan rewrites its clients' copies, with their own limits laid over it.
    let res = app
        .patch(
            &format!("/api/v1/agency/plans/{plan}"),
            &w.agency.token,
            json!({ "name": "Fits Better", "monthlyAmount": 3900, "limits": { "maxContacts": 60, "maxAgents": 4 } }),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.body["clients"], 1);
    let billing = app.get("/api/v1/billing", &owner.token).await;
    assert_eq!(billing.body["plan"]["name"], "Fits Better", "{}", billing.body);
    assert_eq!(limit(&billing.body, "contacts"), Some(json!(80)), "the client's own limit stays");
    assert_eq!(limit(&billing.body, "agents"), Some(json!(4)), "the plan's new limit reaches the client");

    // A plan in use is archived, not deleted; an unused one goes.
    let unused = offer(app, &w.agency, "Unused", json!({ "maxContacts": 10, "maxAgents": 1 })).await;
    assert_eq!(
        app.delete(&format!("/api/v1/agency/plans/{plan}"), &w.agency.token).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.delete(&format!("/api/v1/agency/plans/{unused}"), &w.agency.token).await.status,
        StatusCode::NO_CONTENT
    );
    let plans = app.get("/api/v1/agency/plans", &w.agency.token).await;
    assert_eq!(plans.body.as_array().map(Vec::len), Some(1), "{}", plans.body);
    assert_eq!((plans.body[0]["id"].as_str(), plans.body[0]["isActive"].as_bool()), (Some(plan.as_str()), Some(false)));
    let res = app.patch(&format!("/api/v1/agency/clients/{client}"), &w.agency.token, json!({ "planId": plan })).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "an archived plan is not offered: {}", res.body);
}

#[tokio::test]
async fn suspending_a_client_ends_its_sessions_until_it_is_reactivated() {
    let w = world(json!({})).await;
    let app = &w.app;
    let plan = offer(app, &w.agency, "Shop", json!({})).await;
    let (client, owner) = client_with_owner(app, &w.agency, "Corner Bakery", &plan).await;
    assert_eq!(app.get("/api/v1/contacts", &owner.token).await.status, StatusCode::OK);

    let res =
        app.patch(&format!("/api/v1/agency/clients/{client}"), &w.agency.token, json!({ "status": "suspended" })).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.body["status"], "suspended");
    let refused = app.get("/api/v1/contacts", &owner.token).await;
    assert_eq!((refused.status, refused.code()), (StatusCode::FORBIDDEN, "workspace_unavailable"));
    let refresh = app.post("/api/v1/auth/refresh", None, json!({ "refreshToken": owner.refresh })).await;
    assert!(refresh.status.is_client_error(), "the session is over: {}", refresh.body);
    // No support entry into a suspended client.
    let res = app
        .post(
            &format!("/api/v1/agency/clients/{client}/support"),
            Some(&w.agency.token),
            json!({ "minutes": 30, "reason": "check" }),
        )
        .await;
    assert_eq!((res.status, res.code()), (StatusCode::CONFLICT, "client_suspended"));

    let res =
        app.patch(&format!("/api/v1/agency/clients/{client}"), &w.agency.token, json!({ "status": "active" })).await;
    assert_eq!(res.body["status"], "active", "{}", res.body);
    let login = app.login(&owner.email, PASSWORD).await;
    assert_eq!(login.status, StatusCode::OK, "{}", login.body);
    let token = login.body["accessToken"].as_str().expect("token");
    assert_eq!(app.get("/api/v1/contacts", token).await.status, StatusCode::OK);
    let log = audit_actions(app, token).await;
    let statuses: Vec<&str> = log
        .iter()
        .filter(|a| a["action"] == "agency.client_updated")
        .filter_map(|a| a["metadata"]["status"].as_str())
        .collect();
    assert_eq!(statuses, ["active", "suspended"], "both audited in the client");
}

#[tokio::test]
async fn an_agency_reads_no_client_data_without_a_support_entry() {
    let w = world(json!({})).await;
    let app = &w.app;
    let plan = offer(app, &w.agency, "Shop", json!({})).await;
    let (client, owner) = client_with_owner(app, &w.agency, "Corner Bakery", &plan).await;
    let contact =
        app.post("/api/v1/contacts", Some(&owner.token), json!({ "phone": "+14155550123", "name": "Dana" })).await;
    assert_eq!(contact.status, StatusCode::CREATED, "{}", contact.body);
    let contact_id = contact.body["id"].as_str().expect("id").to_owned();

    // Through the API: not in the agency's lists, 404 by id, and no way to switch in.
    let res = app.get(&format!("/api/v1/contacts/{contact_id}"), &w.agency.token).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/api/v1/contacts", &w.agency.token).await.body["items"], json!([]));
    let res = switch(app, &w.agency.token, client).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
    // Through SQL as the tenant role with the agency set: the summaries show the client, its rows stay hidden.
    let agency = w.agency.tenant_id;
    assert_eq!(as_tenant(app, agency, "select * from agency_client_summaries()").await, 1);
    for table in ["contacts", "conversations", "memberships", "audit_logs", "subscriptions", "tenants"] {
        let sql =
            format!("select 1 from {table} where {} = '{client}'", if table == "tenants" { "id" } else { "tenant_id" });
        assert_eq!(as_tenant(app, agency, &sql).await, 0, "{table} of the client is hidden from the agency");
    }
    // The function answers only for the agency set: the client itself, and nobody, see no clients.
    assert_eq!(as_tenant(app, client, "select * from agency_client_summaries()").await, 0);
    let db = app.app_role_db().await;
    let none = db
        .query_one_raw(Statement::from_string(
            DbBackend::Postgres,
            "select count(*) as n from agency_client_summaries()",
        ))
        .await
        .expect("query")
        .expect("row");
    assert_eq!(none.try_get::<i64>("", "n").expect("n"), 0);
    // It is the system role's, security definer, and no other runtime role may call it.
    let owner_db = app.owner_db().await;
    let f = owner_db
        .query_one_raw(Statement::from_string(
            DbBackend::Postgres,
            "select pg_get_userbyid(proowner) as owner, prosecdef, proconfig::text as config
               from pg_proc where proname = 'agency_client_summaries'",
        ))
        .await
        .expect("query")
        .expect("row");
    assert_eq!(f.try_get::<String>("", "owner").expect("owner"), "parley_system");
    assert!(f.try_get::<bool>("", "prosecdef").expect("definer"));
    assert!(f.try_get::<String>("", "config").expect("config").contains("search_path=public"));
    let auth = app.role_db(parley_store::bootstrap::AUTH_ROLE).await;
    let denied = auth
        .query_one_raw(Statement::from_string(DbBackend::Postgres, "select * from agency_client_summaries()"))
        .await;
    assert!(denied.is_err(), "the identity role may not call it");

    // With a running support entry, the agency person reads the client's contacts in the client's own tenant.
    let res = app
        .post(
            &format!("/api/v1/agency/clients/{client}/support"),
            Some(&w.agency.token),
            json!({ "minutes": 30, "reason": "Import help" }),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let inside = switch(app, &w.agency.token, client).await;
    assert_eq!(inside.status, StatusCode::OK, "{}", inside.body);
    let token = inside.body["accessToken"].as_str().expect("token");
    let res = app.get(&format!("/api/v1/contacts/{contact_id}"), token).await;
    assert_eq!((res.status, res.body["name"].as_str()), (StatusCode::OK, Some("Dana")));
}

#[tokio::test]
async fn one_agency_never_sees_or_touches_another_agencys_clients() {
    let w = world(json!({})).await;
    let app = &w.app;
    let other = app.signup("Rival Agency").await;
    mark(app, &w.admin, other.tenant_id, json!({})).await;
    let plan = offer(app, &w.agency, "Shop", json!({})).await;
    let rival_plan = offer(app, &other, "Rival", json!({})).await;
    let (mine, _) = client_with_owner(app, &w.agency, "My Client", &plan).await;
    let (theirs, their_owner) = client_with_owner(app, &other, "Their Client", &rival_plan).await;

    let list = app.get("/api/v1/agency/clients", &w.agency.token).await;
    let ids: Vec<&str> = list.body.as_array().expect("list").iter().filter_map(|c| c["id"].as_str()).collect();
    assert_eq!(ids, [mine.to_string().as_str()]);
    let cases = [
        (Method::GET, format!("/api/v1/agency/clients/{theirs}"), None),
        (Method::PATCH, format!("/api/v1/agency/clients/{theirs}"), Some(json!({ "status": "suspended" }))),
        (Method::PATCH, format!("/api/v1/agency/clients/{theirs}"), Some(json!({ "planId": plan }))),
        (
            Method::POST,
            format!("/api/v1/agency/clients/{theirs}/support"),
            Some(json!({ "minutes": 30, "reason": "peek" })),
        ),
        (Method::DELETE, format!("/api/v1/agency/clients/{theirs}/support"), None),
        (
            Method::PATCH,
            format!("/api/v1/agency/plans/{rival_plan}"),
            Some(json!({ "name": "Mine", "monthlyAmount": 1 })),
        ),
        (Method::DELETE, format!("/api/v1/agency/plans/{rival_plan}"), None),
    ];
    for (m, path, body) in cases {
        let res = app.call(m.clone(), &path, Some(&w.agency.token), body).await;
        assert_eq!((res.status, res.code()), (StatusCode::NOT_FOUND, "not_found"), "{m} {path}: {}", res.body);
    }
    // A client of theirs on a plan of mine is refused as an unknown plan, never copied.
    let res =
        app.patch(&format!("/api/v1/agency/clients/{mine}"), &w.agency.token, json!({ "planId": rival_plan })).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Nothing of theirs changed, and SQL agrees.
    assert_eq!(app.get("/api/v1/contacts", &their_owner.token).await.status, StatusCode::OK, "not suspended");
    assert_eq!(app.get("/api/v1/agency/plans", &other.token).await.body[0]["name"], "Rival");
    assert_eq!(
        as_tenant(app, w.agency.tenant_id, &format!("select * from agency_client_summaries() where id = '{theirs}'"))
            .await,
        0
    );
    assert_eq!(as_tenant(app, other.tenant_id, "select * from agency_client_summaries()").await, 1);

    // A standard workspace is no agency at all.
    let shop = app.signup("Plain Shop").await;
    for (m, path) in [
        (Method::GET, "/api/v1/agency"),
        (Method::GET, "/api/v1/agency/clients"),
        (Method::GET, "/api/v1/agency/plans"),
    ] {
        let res = app.call(m, path, Some(&shop.token), None).await;
        assert_eq!((res.status, res.code()), (StatusCode::FORBIDDEN, "not_an_agency"), "{path}");
    }
    let res = app.get(&format!("/api/v1/agency/clients/{mine}"), &shop.token).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    // And an agent of an agency is refused like any management page.
    let agent = app.add_member(&w.agency, "agent").await;
    let res = app.get("/api/v1/agency/clients", &agent.token).await;
    assert_eq!((res.status, res.code()), (StatusCode::FORBIDDEN, "forbidden"));
}

#[tokio::test]
async fn a_support_entry_is_audited_time_limited_and_ends_early_or_by_itself() {
    let w = world(json!({})).await;
    let app = &w.app;
    let plan = offer(app, &w.agency, "Shop", json!({ "maxAgents": 1 })).await;
    let (client, owner) = client_with_owner(app, &w.agency, "Corner Bakery", &plan).await;
    let support_path = format!("/api/v1/agency/clients/{client}/support");
    let support = |minutes: i64| {
        app.post(
            &support_path,
            Some(&w.agency.token),
            json!({ "minutes": minutes, "reason": "Set up the welcome flow" }),
        )
    };
    let before = chrono::Utc::now();
    let res = support(30).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let expires: chrono::DateTime<chrono::Utc> =
        res.body["expiresAt"].as_str().and_then(|s| s.parse().ok()).expect("expiresAt");
    assert!(expires > before + chrono::Duration::minutes(29) && expires < before + chrono::Duration::minutes(31));

    // Audited on both sides: the client's entry names the agency, the person, the reason and the end.
    let log = audit_actions(app, &owner.token).await;
    let opened = log.iter().find(|a| a["action"] == "support.opened").expect("support.opened in the client's log");
    assert_eq!(opened["metadata"]["agencyName"], "Bright Agency");
    assert_eq!(opened["metadata"]["userEmail"], w.agency.email.as_str());
    assert_eq!(opened["metadata"]["reason"], "Set up the welcome flow");
    assert!(opened["metadata"]["expiresAt"].is_string());
    assert!(audit_actions(app, &w.agency.token).await.iter().any(|a| a["action"] == "support.opened"));

    // The agency person switches in: a manager with a banner's facts, a token that ends with the entry.
    let inside = switch(app, &w.agency.token, client).await;
    assert_eq!(inside.status, StatusCode::OK, "{}", inside.body);
    assert_eq!(inside.body["session"]["role"], "manager");
    assert_eq!(inside.body["session"]["support"]["agencyName"], "Bright Agency");
    let token = inside.body["accessToken"].as_str().expect("token").to_owned();
    assert!(exp_of(&token) <= expires.timestamp() + 1, "the access token does not outlive the entry");
    assert_eq!(app.get("/api/v1/conversations", &token).await.status, StatusCode::OK);
    // The team page shows a support member as such, and it takes no seat of the plan's one.
    let users = app.get("/api/v1/users", &owner.token).await;
    let visitor =
        users.body["items"].as_array().expect("items").iter().find(|m| m["email"] == w.agency.email.as_str()).cloned();
    assert!(visitor.expect("listed")["supportUntil"].is_string());
    let billing = app.get("/api/v1/billing", &owner.token).await;
    let agents = billing.body["usage"].as_array().expect("usage").iter().find(|u| u["key"] == "agents").cloned();
    assert_eq!(agents.map(|a| a["used"].clone()), Some(json!(1)), "{}", billing.body);
    let settings = app.get("/api/v1/settings/agency-support", &owner.token).await;
    assert_eq!(settings.body["managed"], true, "{}", settings.body);
    assert_eq!(settings.body["agencyName"], "Bright Agency");
    assert_eq!(settings.body["entries"][0]["state"], "active");
    // A support member is not the client's owner.
    assert_eq!(app.get("/api/v1/settings/agency-support", &token).await.status, StatusCode::FORBIDDEN);

    // Ended early by the agency: the next request with the same token is refused.
    let ended = app.delete(&format!("/api/v1/agency/clients/{client}/support"), &w.agency.token).await;
    assert_eq!(ended.status, StatusCode::NO_CONTENT, "{}", ended.body);
    let refused = app.get("/api/v1/conversations", &token).await;
    assert_eq!((refused.status, refused.code()), (StatusCode::FORBIDDEN, "workspace_unavailable"));
    let again = app.delete(&format!("/api/v1/agency/clients/{client}/support"), &w.agency.token).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    assert!(audit_actions(app, &owner.token).await.iter().any(|a| a["action"] == "support.ended"));
    let settings = app.get("/api/v1/settings/agency-support", &owner.token).await;
    assert_eq!(settings.body["entries"][0]["state"], "ended", "{}", settings.body);

    // Opened again, then run out (set in the past, as time would): every door closes.
    assert_eq!(support(60).await.status, StatusCode::CREATED);
    let inside = switch(app, &w.agency.token, client).await;
    let token = inside.body["accessToken"].as_str().expect("token").to_owned();
    let refresh = inside.body["refreshToken"].as_str().expect("refresh").to_owned();
    assert_eq!(app.get("/api/v1/contacts", &token).await.status, StatusCode::OK);
    let db = app.owner_db().await;
    db.execute_unprepared(&format!(
        "update memberships set expires_at = now() - interval '1 minute' where tenant_id = '{client}' and support_agency_id is not null"
    ))
    .await
    .expect("expire");
    let refused = app.get("/api/v1/contacts", &token).await;
    assert_eq!((refused.status, refused.code()), (StatusCode::FORBIDDEN, "workspace_unavailable"));
    let res = app.post("/api/v1/auth/refresh", None, json!({ "refreshToken": refresh })).await;
    assert!(res.status.is_client_error(), "no refresh after the end: {}", res.body);
    assert_eq!(switch(app, &w.agency.token, client).await.status, StatusCode::NOT_FOUND);
    let me = app.get("/api/v1/auth/me", &w.agency.token).await;
    assert!(
        me.body["memberships"].as_array().expect("memberships").iter().all(|m| m["tenantId"] != client.to_string())
    );
    let users = app.get("/api/v1/users", &owner.token).await;
    assert_eq!(users.body["total"], 1, "an expired entry is nobody: {}", users.body);
    let settings = app.get("/api/v1/settings/agency-support", &owner.token).await;
    assert_eq!(settings.body["entries"][0]["state"], "expired", "{}", settings.body);
    assert_eq!(settings.body["entries"].as_array().map(Vec::len), Some(2));
}

#[tokio::test]
async fn a_client_owner_turns_agency_support_off_and_running_entries_end() {
    let w = world(json!({})).await;
    let app = &w.app;
    let plan = offer(app, &w.agency, "Shop", json!({})).await;
    let (client, owner) = client_with_owner(app, &w.agency, "Corner Bakery", &plan).await;
    let support_path = format!("/api/v1/agency/clients/{client}/support");
    let open = || app.post(&support_path, Some(&w.agency.token), json!({ "minutes": 120, "reason": "Help" }));
    assert_eq!(open().await.status, StatusCode::CREATED);
    let inside = switch(app, &w.agency.token, client).await;
    let token = inside.body["accessToken"].as_str().expect("token").to_owned();
    assert_eq!(app.get("/api/v1/contacts", &token).await.status, StatusCode::OK);

    let off = app
        .call(Method::PUT, "/api/v1/settings/agency-support", Some(&owner.token), Some(json!({ "enabled": false })))
        .await;
    assert_eq!(off.status, StatusCode::OK, "{}", off.body);
    assert_eq!(off.body["enabled"], false);
    assert_eq!(off.body["entries"][0]["state"], "ended");
    let refused = app.get("/api/v1/contacts", &token).await;
    assert_eq!((refused.status, refused.code()), (StatusCode::FORBIDDEN, "workspace_unavailable"));
    let res = open().await;
    assert_eq!((res.status, res.code()), (StatusCode::CONFLICT, "agency_support_off"));
    let summary = app.get(&format!("/api/v1/agency/clients/{client}"), &w.agency.token).await;
    assert_eq!(summary.body["supportAllowed"], false);
    let log = audit_actions(app, &owner.token).await;
    assert!(log.iter().any(|a| a["action"] == "agency_support.disabled"));

    let on = app
        .call(Method::PUT, "/api/v1/settings/agency-support", Some(&owner.token), Some(json!({ "enabled": true })))
        .await;
    assert_eq!(on.body["enabled"], true);
    assert_eq!(open().await.status, StatusCode::CREATED);

    // A workspace without an agency has nothing to turn off; agents may not look.
    let shop = app.signup("Plain Shop").await;
    let view = app.get("/api/v1/settings/agency-support", &shop.token).await;
    assert_eq!((view.status, view.body["managed"].as_bool()), (StatusCode::OK, Some(false)));
    let res = app
        .call(Method::PUT, "/api/v1/settings/agency-support", Some(&shop.token), Some(json!({ "enabled": false })))
        .await;
    assert_eq!((res.status, res.code()), (StatusCode::CONFLICT, "not_an_agency_client"));
    let agent = app.add_member(&owner, "agent").await;
    assert_eq!(app.get("/api/v1/settings/agency-support", &agent.token).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn bad_input_gets_clear_errors_and_changes_nothing() {
    let w = world(json!({})).await;
    let app = &w.app;
    let plan = offer(app, &w.agency, "Shop", json!({})).await;
    let (client, _) = client_with_owner(app, &w.agency, "Corner Bakery", &plan).await;
    let support = format!("/api/v1/agency/clients/{client}/support");
    let cases: [(Method, String, Value, StatusCode); 12] = [
        (
            Method::POST,
            support.clone(),
            json!({ "minutes": "thirty", "reason": "x" }),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            Method::POST,
            support.clone(),
            json!({ "minutes": 5, "reason": "Too short" }),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            Method::POST,
            support.clone(),
            json!({ "minutes": 481, "reason": "Too long" }),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (Method::POST, support.clone(), json!({ "minutes": 30, "reason": "  " }), StatusCode::UNPROCESSABLE_ENTITY),
        (
            Method::POST,
            support.clone(),
            json!({ "minutes": 30, "reason": "ok ok", "role": "owner" }),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            Method::POST,
            "/api/v1/agency/clients".into(),
            json!({ "name": "X", "ownerEmail": "a@b.co", "planId": plan }),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            Method::POST,
            "/api/v1/agency/clients".into(),
            json!({ "name": "Fine", "ownerEmail": "not-an-email", "planId": plan }),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            Method::POST,
            "/api/v1/agency/clients".into(),
            json!({ "name": "Fine", "ownerEmail": "a@b.co", "planId": "nope" }),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            Method::PATCH,
            format!("/api/v1/agency/clients/{client}"),
            json!({ "status": "deleted" }),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (Method::PATCH, "/api/v1/agency".into(), json!({ "billingMode": "free" }), StatusCode::UNPROCESSABLE_ENTITY),
        (
            Method::POST,
            "/api/v1/agency/plans".into(),
            json!({ "name": "Neg", "monthlyAmount": -1 }),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            Method::POST,
            "/api/v1/agency/plans".into(),
            json!({ "name": "Neg", "monthlyAmount": 1, "currency": "dollars" }),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ];
    for (m, path, body, status) in cases {
        let res = app.call(m.clone(), &path, Some(&w.agency.token), Some(body.clone())).await;
        assert_eq!(res.status, status, "{m} {path} {body}: {}", res.body);
        assert!(res.body["error"].is_string(), "our error format: {}", res.body);
    }
    let malformed = app
        .send(
            axum::http::Request::builder()
                .method(Method::POST)
                .uri(&support)
                .header("authorization", format!("Bearer {}", w.agency.token))
                .header("content-type", "application/json")
                .header("x-forwarded-for", app.client_ip.as_str())
                .body(axum::body::Body::from("{\"minutes\": 30,"))
                .expect("request"),
        )
        .await;
    assert_eq!((malformed.status, malformed.code()), (StatusCode::BAD_REQUEST, "malformed_json"));
    let res = app
        .call(
            Method::PUT,
            &format!("/api/v1/admin/tenants/{}/agency", w.agency.tenant_id),
            Some(&w.admin),
            Some(json!({ "maxClients": -1 })),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    let res = app
        .call(Method::PUT, &format!("/api/v1/admin/tenants/{}/agency", Uuid::now_v7()), Some(&w.admin), Some(json!({})))
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);

    // Nothing changed: one client, no support entry, the agency's mode and plans as they were.
    assert_eq!(app.get("/api/v1/agency/clients", &w.agency.token).await.body.as_array().map(Vec::len), Some(1));
    let db = app.owner_db().await;
    let n = db
        .query_one_raw(Statement::from_string(
            DbBackend::Postgres,
            "select count(*) as n from memberships where support_agency_id is not null",
        ))
        .await
        .expect("query")
        .expect("row")
        .try_get::<i64>("", "n")
        .expect("n");
    assert_eq!(n, 0);
    assert_eq!(app.get("/api/v1/agency", &w.agency.token).await.body["billingMode"], "agency");
    assert_eq!(app.get("/api/v1/agency/plans", &w.agency.token).await.body.as_array().map(Vec::len), Some(1));
}
