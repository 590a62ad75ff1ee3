//! Tenant isolation is enforced by PostgreSQL: without a tenant set the app role sees nothing, and
//! one tenant's token reaches none of another tenant's rows through any endpoint.

use axum::http::{Method, StatusCode};
use parley_test_support::{Signup, TestApp, api_operations, path_matches};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::{Value, json};

/// Tenant A and B, each with an agent, a pending invitation, an API key and audit entries, both on a plan
/// assigned by the platform admin (B with a manual invoice and a metered message).
struct World {
    app: TestApp,
    a: Signup,
    b: Signup,
    b_agent: Signup,
    b_invitation: String,
    b_api_key: String,
    b_connection: String,
    b_contact: String,
    b_conversation: String,
    b_message: String,
    b_media: String,
    b_label: String,
    b_canned: String,
    b_team: String,
    b_pipeline: String,
    b_field: String,
    b_segment: String,
    b_import: String,
    b_deal: String,
    b_ticket: String,
    b_flow: String,
    b_run: String,
    b_campaign: String,
    b_sandbox: String,
    b_webhook: String,
    b_automation: String,
    b_delivery: i64,
    b_client: String,
    b_agency_plan: String,
    b_domain: String,
    b_widget: String,
    b_widget_conversation: String,
}

async fn world() -> World {
    let app = TestApp::spawn().await;
    let a = app.signup("Tenant A").await;
    let b = app.signup("Tenant B").await;
    let _a_agent = app.add_member(&a, "agent").await;
    // Privacy settings and a workspace export for both tenants.
    for t in [&a, &b] {
        let kept = app
            .call(Method::PUT, "/api/v1/settings/data/privacy", Some(&t.token), Some(json!({ "retentionDays": 365 })))
            .await;
        assert_eq!(kept.status, StatusCode::OK, "{:?}", kept.body);
        let export = app.post("/api/v1/settings/data/export", Some(&t.token), json!({})).await;
        assert!(export.status.is_success(), "{:?}", export.body);
        // An owner's own text of a mail template (a workspace without a plan may brand).
        let text = app
            .call(
                Method::PUT,
                "/api/v1/settings/mail/templates/welcome/en",
                Some(&t.token),
                Some(json!({ "subject": "Welcome to {{workspace}}", "body": "Hello {{name}}" })),
            )
            .await;
        assert_eq!(text.status, StatusCode::OK, "{:?}", text.body);
    }
    // A brand with a logo for both tenants.
    for t in [&a, &b] {
        let brand = app
            .call(Method::PUT, "/api/v1/settings/brand", Some(&t.token), Some(json!({ "productName": "Own" })))
            .await;
        assert_eq!(brand.status, StatusCode::OK, "{:?}", brand.body);
        let logo = app
            .put_file("/api/v1/settings/brand/assets/logo_light", &t.token, "l.png", "image/png", b"\x89PNG\r\n\x1a\n")
            .await;
        assert_eq!(logo.status, StatusCode::OK, "{:?}", logo.body);
    }
    let b_agent = app.add_member(&b, "agent").await;
    let inv =
        app.post("/api/v1/invitations", Some(&b.token), json!({ "email": "pending@b.example", "role": "agent" })).await;
    assert_eq!(inv.status, StatusCode::CREATED);
    let key =
        app.post("/api/v1/api-keys", Some(&b.token), json!({ "name": "crm sync", "scopes": ["contacts:write"] })).await;
    assert_eq!(key.status, StatusCode::CREATED);
    // A's key is made with an Idempotency-Key, so idempotency_keys holds a row.
    let a_key = app
        .send(
            axum::http::Request::post("/api/v1/api-keys")
                .header("authorization", format!("Bearer {}", a.token))
                .header("content-type", "application/json")
                .header("idempotency-key", "a-key-1")
                .body(axum::body::Body::from(json!({ "name": "a key", "scopes": ["contacts:read"] }).to_string()))
                .expect("request"),
        )
        .await;
    assert_eq!(a_key.status, StatusCode::CREATED, "{}", a_key.body);
    // B's WhatsApp number, a customer who wrote, and a file.
    let conn = app
        .post(
            "/api/v1/whatsapp/connections",
            Some(&b.token),
            json!({ "kind": "cloud", "name": "B line", "phoneNumberId": "1777000111", "wabaId": "2777000111",
                    "accessToken": "EAAb", "appSecret": "b-secret" }),
        )
        .await;
    assert_eq!(conn.status, StatusCode::CREATED, "{}", conn.body);
    let b_connection = conn.body["id"].as_str().expect("id").to_owned();
    let hook =
        parley_test_support::text_webhook("1777000111", "wamid.B1", "14155550999", "B's customer", 1_700_000_000);
    assert_eq!(app.signed_webhook(&b_connection, "b-secret", &hook).await.status, StatusCode::OK);
    app.services.ingest.drain().await.expect("process webhooks");
    let convs = app.get("/api/v1/conversations", &b.token).await;
    let conv = convs.body["items"][0].clone();
    let msgs = app.get(&format!("/api/v1/conversations/{}/messages", conv["id"].as_str().expect("id")), &b.token).await;
    let media = app.upload(&b.token, "b.txt", "text/plain", b"only for B").await;
    // Template sync needs Meta; a synced row is written as the superuser instead.
    app.owner_db()
        .await
        .execute_unprepared(&format!(
            "insert into message_templates (id, tenant_id, connection_id, name, language, status)
             values (gen_random_uuid(), '{}', '{b_connection}', 'hello_world', 'en_US', 'APPROVED')",
            b.tenant_id
        ))
        .await
        .expect("template row");
    assert_eq!(media.status, StatusCode::CREATED, "{}", media.body);
    // B's inbox set-up: a label on the conversation and the contact, a canned reply, a team, settings.
    let label = app.post("/api/v1/labels", Some(&b.token), json!({ "name": "VIP", "color": "#b91c1c" })).await;
    assert_eq!(label.status, StatusCode::CREATED, "{}", label.body);
    let b_label = label.body["id"].as_str().expect("label").to_owned();
    let conv_id = conv["id"].as_str().expect("id");
    let contact_id = conv["contactId"].as_str().expect("contact");
    for path in [format!("/api/v1/conversations/{conv_id}/labels"), format!("/api/v1/contacts/{contact_id}/labels")] {
        let res = app.call(Method::PUT, &path, Some(&b.token), Some(json!({ "labelIds": [b_label] }))).await;
        assert_eq!(res.status, StatusCode::OK, "{path}: {}", res.body);
    }
    let canned = app
        .post(
            "/api/v1/canned-responses",
            Some(&b.token),
            json!({ "shortcut": "hi", "title": "Hi", "content": "Hello" }),
        )
        .await;
    assert_eq!(canned.status, StatusCode::CREATED, "{}", canned.body);
    let team =
        app.post("/api/v1/teams", Some(&b.token), json!({ "name": "Sales", "memberIds": [b_agent.user_id] })).await;
    assert_eq!(team.status, StatusCode::CREATED, "{}", team.body);
    let settings = app
        .call(
            Method::PUT,
            "/api/v1/inbox/settings",
            Some(&b.token),
            Some(json!({ "timezone": "Europe/Paris", "businessHoursEnabled": false, "businessHours": [],
                         "awayMessageEnabled": false, "awayMessage": "", "autoAssign": "off", "defaultCapacity": 5 })),
        )
        .await;
    assert_eq!(settings.status, StatusCode::OK, "{}", settings.body);
    let note =
        app.post(&format!("/api/v1/conversations/{conv_id}/notes"), Some(&b.token), json!({ "text": "B only" })).await;
    assert_eq!(note.status, StatusCode::CREATED, "{}", note.body);
    // B's sales and support: the default pipeline, a deal and a ticket from the conversation, a comment.
    let pipelines = app.get("/api/v1/pipelines", &b.token).await;
    assert_eq!(pipelines.status, StatusCode::OK, "{}", pipelines.body);
    let deal = app
        .post(
            "/api/v1/deals",
            Some(&b.token),
            json!({ "title": "B's deal", "contactId": contact_id, "conversationId": conv_id, "value": 10 }),
        )
        .await;
    assert_eq!(deal.status, StatusCode::CREATED, "{}", deal.body);
    let ticket = app
        .post("/api/v1/tickets", Some(&b.token), json!({ "subject": "B's ticket", "conversationId": conv_id }))
        .await;
    assert_eq!(ticket.status, StatusCode::CREATED, "{}", ticket.body);
    let b_ticket = ticket.body["id"].as_str().expect("ticket").to_owned();
    let comment =
        app.post(&format!("/api/v1/tickets/{b_ticket}/comments"), Some(&b.token), json!({ "body": "B only" })).await;
    assert_eq!(comment.status, StatusCode::CREATED, "{}", comment.body);
    // B's CRM set-up: a custom field, a segment, consent keywords, an import with a failed row kept.
    let field = app
        .post("/api/v1/contact-fields", Some(&b.token), json!({ "key": "plan", "label": "Plan", "kind": "text" }))
        .await;
    assert_eq!(field.status, StatusCode::CREATED, "{}", field.body);
    let segment = app
        .post(
            "/api/v1/contacts/segments",
            Some(&b.token),
            json!({ "name": "Everyone", "criteria": { "op": "and", "conditions": [] } }),
        )
        .await;
    assert_eq!(segment.status, StatusCode::CREATED, "{}", segment.body);
    assert_eq!(app.get("/api/v1/contacts/consent-settings", &b.token).await.status, StatusCode::OK);
    let upload = app
        .upload_to(
            "/api/v1/contacts/import",
            &b.token,
            "b.csv",
            "text/csv",
            b"phone,plan
+14155550777,Gold
nope,x
",
        )
        .await;
    assert_eq!(upload.status, StatusCode::CREATED, "{}", upload.body);
    let b_import = upload.body["id"].as_str().expect("import").to_owned();
    let started = app
        .post(
            &format!("/api/v1/contacts/imports/{b_import}/start"),
            Some(&b.token),
            json!({ "mapping": { "phone": "phone", "plan": "field.plan" }, "consent": { "status": "unknown" } }),
        )
        .await;
    assert_eq!(started.status, StatusCode::ACCEPTED, "{}", started.body);
    app.services.imports.run(b.tenant_id, uuid::Uuid::parse_str(&b_import).expect("uuid")).await.expect("import");
    // Billing: a plan with everything and no limits, assigned to both by hand; B's invoice and B's reply,
    // which counts against B's monthly messages.
    let admin = app.platform_admin().await;
    let plan = app
        .post(
            "/api/v1/admin/plans",
            Some(&admin),
            json!({ "name": "Everything", "prices": [{ "cycle": "monthly", "amount": 4900 }],
                    "features": { "chatbotFlows": true, "campaigns": true, "apiAccess": true, "webhooks": true,
                                  "advancedAnalytics": true, "multipleWhatsAppNumbers": true } }),
        )
        .await;
    assert_eq!(plan.status, StatusCode::CREATED, "{}", plan.body);
    for tenant in [a.tenant_id, b.tenant_id] {
        let res = app
            .post(
                &format!("/api/v1/admin/tenants/{tenant}/billing/assign"),
                Some(&admin),
                json!({ "planId": plan.body["id"], "reason": "paid by bank transfer" }),
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
    let invoice = app
        .post(
            &format!("/api/v1/admin/tenants/{}/billing/invoices", b.tenant_id),
            Some(&admin),
            json!({ "amount": 4900, "description": "B's first month" }),
        )
        .await;
    assert_eq!(invoice.status, StatusCode::OK, "{}", invoice.body);
    // Agencies: A and B both are; B sells a plan of its own offer and has a client workspace on it.
    for tenant in [a.tenant_id, b.tenant_id] {
        let res = app
            .call(Method::PUT, &format!("/api/v1/admin/tenants/{tenant}/agency"), Some(&admin), Some(json!({})))
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
    let agency_plan =
        app.post("/api/v1/agency/plans", Some(&b.token), json!({ "name": "B's offer", "monthlyAmount": 1900 })).await;
    assert_eq!(agency_plan.status, StatusCode::CREATED, "{}", agency_plan.body);
    let b_agency_plan = agency_plan.body["id"].as_str().expect("agency plan").to_owned();
    let client = app
        .post(
            "/api/v1/agency/clients",
            Some(&b.token),
            json!({ "name": "B's client", "ownerEmail": "owner@client-of-b.example", "planId": b_agency_plan }),
        )
        .await;
    assert_eq!(client.status, StatusCode::CREATED, "{}", client.body);
    let b_client = client.body["client"]["id"].as_str().expect("client").to_owned();
    // Agency billing: B's plan as sold through Stripe, and its client's share of B's pooled meter (written as the
    // owner: this app has no Stripe, and nobody of B's client is signed in to send).
    app.owner_db()
        .await
        .execute_unprepared(&format!(
            "insert into agency_plan_gateway_prices (gateway_price_id, tenant_id, agency_plan_id, amount, currency)
             values ('price_b_offer', '{b}', '{b_agency_plan}', 1900, 'usd');
             insert into agency_usage (tenant_id, client_id, meter, period_start, used)
             values ('{b}', '{b_client}', 'messages', date_trunc('month', now()), 3)",
            b = b.tenant_id
        ))
        .await
        .expect("agency billing rows");
    let reply = app
        .post(
            &format!("/api/v1/conversations/{conv_id}/messages"),
            Some(&b.token),
            json!({ "type": "template", "template": { "name": "hello_world", "language": "en_US" } }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{}", reply.body);
    // B's chatbot: a flow from a template, published, a test in its sandbox, and a run started by hand for the
    // customer (queued for the runner, which this app does not run: the event stays).
    let flow = app
        .post("/api/v1/flows", Some(&b.token), json!({ "name": "B's welcome", "templateKey": "welcome_menu" }))
        .await;
    assert_eq!(flow.status, StatusCode::CREATED, "{}", flow.body);
    let b_flow = flow.body["id"].as_str().expect("flow").to_owned();
    let published = app.post(&format!("/api/v1/flows/{b_flow}/publish"), Some(&b.token), json!({})).await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.body);
    let sandbox = app.post(&format!("/api/v1/flows/{b_flow}/sandbox"), Some(&b.token), json!({})).await;
    assert_eq!(sandbox.status, StatusCode::CREATED, "{}", sandbox.body);
    let run = app
        .post(&format!("/api/v1/flows/{b_flow}/executions"), Some(&b.token), json!({ "contactId": contact_id }))
        .await;
    assert_eq!(run.status, StatusCode::ACCEPTED, "{}", run.body);
    // B's campaign on B's number: hello_world (no parameters) to a CSV of two numbers, one suppressed, started
    // (its recipients wait: this app runs no sender).
    let templates = app.get(&format!("/api/v1/whatsapp/connections/{b_connection}/templates"), &b.token).await;
    let template = templates.body[0]["id"].as_str().expect("template").to_owned();
    let campaign = app
        .post(
            "/api/v1/campaigns",
            Some(&b.token),
            json!({ "name": "B's promo", "connectionIds": [b_connection], "templateId": template,
                    "audience": { "csv": true } }),
        )
        .await;
    assert_eq!(campaign.status, StatusCode::CREATED, "{}", campaign.body);
    let b_campaign = campaign.body["id"].as_str().expect("campaign").to_owned();
    let csv = b"phone,name\n+351912000001,Rita\n+351912000002,Tiago\n";
    let up = app.upload_to(&format!("/api/v1/campaigns/{b_campaign}/csv"), &b.token, "list.csv", "text/csv", csv).await;
    assert_eq!(up.status, StatusCode::OK, "{}", up.body);
    let sup = app.post("/api/v1/suppressions", Some(&b.token), json!({ "phones": ["+351912000002"] })).await;
    assert_eq!(sup.status, StatusCode::OK, "{}", sup.body);
    let started = app.post(&format!("/api/v1/campaigns/{b_campaign}/start"), Some(&b.token), json!({})).await;
    assert_eq!(started.status, StatusCode::OK, "{}", started.body);
    // B's webhook endpoint, an event it heard (a contact created) and a test delivery's attempt (the name does not
    // resolve: the attempt is logged as failed).
    let hook = app
        .post(
            "/api/v1/webhooks",
            Some(&b.token),
            json!({ "url": "https://hooks.b.invalid/parley", "events": ["contact.created"] }),
        )
        .await;
    assert_eq!(hook.status, StatusCode::CREATED, "{}", hook.body);
    let b_webhook = hook.body["endpoint"]["id"].as_str().expect("webhook").to_owned();
    let heard =
        app.post("/api/v1/contacts", Some(&b.token), json!({ "name": "Heard", "phone": "+351912000009" })).await;
    assert_eq!(heard.status, StatusCode::CREATED, "{}", heard.body);
    let test = app.post(&format!("/api/v1/webhooks/{b_webhook}/test"), Some(&b.token), json!({})).await;
    assert_eq!(test.status, StatusCode::OK, "{}", test.body);
    let b_delivery = test.body["deliveryId"].as_i64().expect("delivery");
    // B's automation: one ticket it looked at (a run in its log), and one still queued for it (no worker here).
    // Tickets, not contacts: B's webhook endpoint hears contacts, and its deliveries are counted below.
    let rule = app
        .post(
            "/api/v1/automations",
            Some(&b.token),
            json!({ "name": "Mail new tickets", "trigger": { "kind": "ticketCreated" },
                    "actions": [ { "type": "mailMember", "userId": b.user_id, "subject": "New ticket", "text": "Have a look" } ] }),
        )
        .await;
    assert_eq!(rule.status, StatusCode::CREATED, "{}", rule.body);
    let b_automation = rule.body["id"].as_str().expect("automation").to_owned();
    let looked = app.post("/api/v1/tickets", Some(&b.token), json!({ "subject": "Looked at" })).await;
    assert_eq!(looked.status, StatusCode::CREATED, "{}", looked.body);
    assert_eq!(app.services.automation_worker.drain().await.expect("automations"), 1);
    let queued = app.post("/api/v1/tickets", Some(&b.token), json!({ "subject": "Queued" })).await;
    assert_eq!(queued.status, StatusCode::CREATED, "{}", queued.body);
    // B's analytics: a week of generated history (status changes, agents' days, deals' moves, flow runs) rolled up,
    // the campaign's funnel counted, and B's weekly mail.
    let tenant = parley_domain::TenantId(b.tenant_id);
    let week = parley_services::analytics::history::HistoryOptions { days: 7, conversations: 40, ..Default::default() };
    app.services.history.generate(tenant, &week).await.expect("history");
    app.services.history.roll(tenant, 8).await.expect("rollups");
    let weekly = app
        .call(
            Method::PUT,
            "/api/v1/analytics/report-schedule",
            Some(&b.token),
            Some(json!({ "weekday": 1, "hour": 8 })),
        )
        .await;
    assert_eq!(weekly.status, StatusCode::OK, "{}", weekly.body);
    // A custom domain of each workspace (a workspace without a plan may add them).
    let mut domains = Vec::new();
    for (t, name) in [(&a, "app.tenant-a.test"), (&b, "app.tenant-b.test")] {
        let d = app.post("/api/v1/settings/domains", Some(&t.token), json!({ "domain": name })).await;
        assert_eq!(d.status, StatusCode::CREATED, "{}", d.body);
        domains.push(d.body["id"].as_str().expect("domain").to_owned());
    }
    let b_domain = domains.pop().expect("B's domain");
    // A website widget of B with a visitor who wrote (a widget conversation, a visitor row); A's lists stay empty.
    let mut widgets = Vec::new();
    for t in [&b] {
        let w = app
            .post("/api/v1/widgets", Some(&t.token), json!({ "name": "Site", "allowedDomains": ["shop.example.com"] }))
            .await;
        assert_eq!(w.status, StatusCode::CREATED, "{}", w.body);
        let key = w.body["key"].as_str().expect("key").to_owned();
        let visitor =
            widget_call(&app, &format!("/api/v1/widget/{key}/visitors"), None, json!({ "context": {} })).await;
        assert_eq!(visitor.status, StatusCode::CREATED, "{}", visitor.body);
        let token = visitor.body["token"].as_str().expect("visitor token").to_owned();
        let said = widget_call(
            &app,
            &format!("/api/v1/widget/{key}/messages"),
            Some(&token),
            json!({ "clientId": uuid::Uuid::now_v7(), "text": "Do you ship abroad?" }),
        )
        .await;
        assert_eq!(said.status, StatusCode::CREATED, "{}", said.body);
        let session = app
            .send(
                axum::http::Request::builder()
                    .uri(format!("/api/v1/widget/{key}/session"))
                    .header(axum::http::header::ORIGIN, "https://shop.example.com")
                    .header("x-visitor-token", &token)
                    .body(axum::body::Body::empty())
                    .expect("request"),
            )
            .await;
        let conversation = session.body["conversationId"].as_str().expect("a widget conversation").to_owned();
        widgets.push((w.body["id"].as_str().expect("widget").to_owned(), conversation));
    }
    let (b_widget, b_widget_conversation) = widgets.pop().expect("B's widget");
    World {
        b_widget,
        b_widget_conversation,
        b_domain,
        b_webhook,
        b_automation,
        b_delivery,
        b_client,
        b_agency_plan,
        b_campaign,
        b_flow,
        b_run: run.body["id"].as_str().expect("run").to_owned(),
        b_sandbox: sandbox.body["runId"].as_str().expect("sandbox run").to_owned(),
        b_field: field.body["id"].as_str().expect("field").to_owned(),
        b_segment: segment.body["id"].as_str().expect("segment").to_owned(),
        b_import,
        b_pipeline: pipelines.body[0]["id"].as_str().expect("pipeline").to_owned(),
        b_deal: deal.body["id"].as_str().expect("deal").to_owned(),
        b_ticket,
        b_label,
        b_canned: canned.body["id"].as_str().expect("canned").to_owned(),
        b_team: team.body["id"].as_str().expect("team").to_owned(),
        b_connection,
        b_contact: conv["contactId"].as_str().expect("contact").to_owned(),
        b_conversation: conv["id"].as_str().expect("id").to_owned(),
        b_message: msgs.body["items"][0]["id"].as_str().expect("message").to_owned(),
        b_media: media.body["id"].as_str().expect("media").to_owned(),
        b_invitation: inv.body["id"].as_str().expect("id").to_owned(),
        b_api_key: key.body["apiKey"]["id"].as_str().expect("id").to_owned(),
        app,
        a,
        b,
        b_agent,
    }
}

/// A POST of the widget's script from an allowed page, with the visitor's token when there is one.
async fn widget_call(app: &TestApp, path: &str, token: Option<&str>, body: Value) -> parley_test_support::Response {
    let mut req = axum::http::Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(axum::http::header::ORIGIN, "https://shop.example.com")
        .header(axum::http::header::CONTENT_TYPE, "application/json");
    if let Some(t) = token {
        req = req.header("x-visitor-token", t);
    }
    app.send(req.body(axum::body::Body::from(body.to_string())).expect("request")).await
}

async fn rls_tables(app: &TestApp) -> Vec<String> {
    let owner = app.owner_db().await;
    owner
        .query_all_raw(Statement::from_string(
            DbBackend::Postgres,
            "select relname::text as name from pg_class where relkind = 'r' and relnamespace = 'public'::regnamespace and relrowsecurity order by 1",
        ))
        .await
        .expect("tables")
        .iter()
        .map(|r| r.try_get::<String>("", "name").expect("name"))
        .collect()
}

async fn count(conn: &impl ConnectionTrait, table: &str) -> i64 {
    conn.query_one_raw(Statement::from_string(DbBackend::Postgres, format!("select count(*) as n from {table}")))
        .await
        .expect("count")
        .expect("row")
        .try_get::<i64>("", "n")
        .expect("n")
}

#[tokio::test]
async fn raw_sql_without_a_tenant_sees_zero_rows_in_every_tenant_table() {
    let w = world().await;
    let tables = rls_tables(&w.app).await;
    for t in ["tenants", "memberships", "invitations", "api_keys", "audit_logs"] {
        assert!(tables.contains(&t.to_owned()), "{t} must have row-level security");
    }
    let owner = w.app.owner_db().await;
    let app_role = w.app.app_role_db().await;
    // Rows of these live only inside the transaction that writes them (a use queued for a monthly meter is applied
    // and deleted at commit), so no committed row can leak; row-level security still covers them.
    // A file of an erased contact waits in media_deletions only until the delete after the erasure's commit.
    let transient = ["usage_increments", "media_deletions"];
    for t in &tables {
        if transient.contains(&t.as_str()) {
            continue;
        }
        assert!(count(&owner, t).await > 0, "{t} should hold rows for this test to mean anything");
        assert_eq!(count(&app_role, t).await, 0, "{t} leaked rows without a tenant set");
    }
    // Even after a connection has used the setting (it then reads as '' rather than NULL).
    let tx = sea_orm::TransactionTrait::begin(&app_role).await.expect("tx");
    tx.execute_unprepared(&format!("select set_config('app.tenant_id', '{}', true)", w.a.tenant_id))
        .await
        .expect("set");
    assert_eq!(count(&tx, "tenants").await, 1);
    tx.commit().await.expect("commit");
    for t in &tables {
        assert_eq!(count(&app_role, t).await, 0, "{t} leaked rows after a reset setting");
    }
}

/// Views over tenant tables (read paths that bypass the policy to reach their indexes, migration 0005).
async fn tenant_views(app: &TestApp) -> Vec<String> {
    let owner = app.owner_db().await;
    owner
        .query_all_raw(Statement::from_string(
            DbBackend::Postgres,
            "select c.relname::text as name from pg_class c join pg_attribute a on a.attrelid = c.oid
             where c.relkind = 'v' and c.relnamespace = 'public'::regnamespace and a.attname = 'tenant_id' order by 1",
        ))
        .await
        .expect("views")
        .iter()
        .map(|r| r.try_get::<String>("", "name").expect("name"))
        .collect()
}

#[tokio::test]
async fn a_tenant_view_shows_the_current_tenant_only_and_cannot_be_written() {
    let w = world().await;
    let views = tenant_views(&w.app).await;
    assert_eq!(views, ["tenant_contacts"], "every tenant view needs the checks below");
    let created =
        w.app.post("/api/v1/contacts", Some(&w.a.token), json!({ "name": "A's own", "phone": "+14155550111" })).await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    let owner = w.app.owner_db().await;
    let app_role = w.app.app_role_db().await;
    // The view bypasses the policy through its owner, so its own `where` is the boundary.
    let view_owner = owner
        .query_one_raw(Statement::from_string(
            DbBackend::Postgres,
            "select pg_get_userbyid(relowner)::text as r from pg_class where relname = 'tenant_contacts'",
        ))
        .await
        .expect("owner")
        .expect("row")
        .try_get::<String>("", "r")
        .expect("r");
    assert_eq!(view_owner, "parley_system");
    let a_contacts = {
        let q = format!("contacts where tenant_id = '{}'", w.a.tenant_id);
        count(&owner, &q).await
    };
    assert!(a_contacts > 0 && count(&owner, "contacts").await > a_contacts, "both tenants need contacts");
    for v in &views {
        assert_eq!(count(&app_role, v).await, 0, "{v} leaked rows without a tenant set");
        let tx = sea_orm::TransactionTrait::begin(&app_role).await.expect("tx");
        tx.execute_unprepared(&format!("select set_config('app.tenant_id', '{}', true)", w.a.tenant_id))
            .await
            .expect("set");
        assert_eq!(count(&tx, v).await, a_contacts, "{v} must show exactly the tenant's rows");
        let other = format!("{v} where tenant_id <> '{}'", w.a.tenant_id);
        assert_eq!(count(&tx, &other).await, 0);
        tx.rollback().await.expect("rollback");
        for write in [
            format!("update {v} set name = 'x'"),
            format!("delete from {v}"),
            format!("insert into {v} (id, tenant_id) values (gen_random_uuid(), '{}')", w.b.tenant_id),
        ] {
            let tx = sea_orm::TransactionTrait::begin(&app_role).await.expect("tx");
            tx.execute_unprepared(&format!("select set_config('app.tenant_id', '{}', true)", w.a.tenant_id))
                .await
                .expect("set");
            let err = tx.execute_unprepared(&write).await.expect_err("writes through a tenant view are refused");
            assert!(err.to_string().contains("permission denied"), "{write}: {err}");
            tx.rollback().await.expect("rollback");
        }
    }
    for v in &views {
        assert_eq!(count(&app_role, v).await, 0, "{v} leaked rows after a reset setting");
    }
}

#[tokio::test]
async fn every_table_with_a_tenant_id_forces_row_level_security_and_the_app_role_cannot_bypass_it() {
    let app = TestApp::spawn().await;
    let owner = app.owner_db().await;
    // Global tables that only name a tenant: tokens, the mail outbox, and Stripe's events (whose workspace is
    // known only once the event is read); no tenant request reaches them.
    let unprotected = owner
        .query_all_raw(Statement::from_string(
            DbBackend::Postgres,
            "select c.relname::text as name from pg_class c join pg_attribute a on a.attrelid = c.oid
             where c.relkind = 'r' and c.relnamespace = 'public'::regnamespace and a.attname = 'tenant_id'
               and not (c.relrowsecurity and c.relforcerowsecurity)
               and c.relname not in ('refresh_tokens', 'mail_outbox', 'billing_events')",
        ))
        .await
        .expect("query");
    let names: Vec<String> = unprotected.iter().map(|r| r.try_get::<String>("", "name").expect("name")).collect();
    assert!(names.is_empty(), "tables without forced RLS: {names:?}");
    let role = owner
        .query_one_raw(Statement::from_string(
            DbBackend::Postgres,
            "select rolsuper, rolbypassrls from pg_roles where rolname = 'parley_app'",
        ))
        .await
        .expect("query")
        .expect("role exists");
    assert!(!role.try_get::<bool>("", "rolsuper").expect("col"));
    assert!(!role.try_get::<bool>("", "rolbypassrls").expect("col"));
}

#[tokio::test]
async fn a_tenant_cannot_write_rows_for_another_tenant_even_with_raw_sql() {
    let w = world().await;
    let app_role = w.app.app_role_db().await;
    let tx = sea_orm::TransactionTrait::begin(&app_role).await.expect("tx");
    tx.execute_unprepared(&format!("select set_config('app.tenant_id', '{}', true)", w.a.tenant_id))
        .await
        .expect("set");
    let err = tx
        .execute_unprepared(&format!(
            "insert into audit_logs (id, tenant_id, action) values (gen_random_uuid(), '{}', 'forged')",
            w.b.tenant_id
        ))
        .await;
    assert!(err.is_err(), "WITH CHECK must refuse a row for another tenant");
}

/// Every endpoint that takes an id, called by tenant A with tenant B's ids. The list is checked
/// against the OpenAPI document so that a new endpoint with an id cannot be forgotten here.
#[tokio::test]
async fn another_tenants_ids_answer_404_on_every_endpoint_and_change_nothing() {
    let w = world().await;
    let (app, a) = (&w.app, &w.a);
    let user = w.b_agent.user_id.to_string();
    // B's own session; sessions and remembered devices belong to a person, so A's answer is 404 like any other id.
    let b_session = app.get("/api/v1/auth/sessions", &w.b.token).await.body["sessions"][0]["id"].clone();
    let b_session = b_session.as_str().expect("B has a session").to_owned();
    let cases: Vec<(Method, String, Option<Value>)> = vec![
        (Method::DELETE, format!("/api/v1/auth/sessions/{b_session}"), None),
        (Method::DELETE, format!("/api/v1/auth/2fa/devices/{b_session}"), None),
        (Method::GET, format!("/api/v1/users/{user}"), None),
        (Method::PATCH, format!("/api/v1/users/{user}"), Some(json!({ "name": "Hijacked" }))),
        (Method::DELETE, format!("/api/v1/users/{user}"), None),
        (Method::PATCH, format!("/api/v1/users/{user}/status"), Some(json!({ "status": "disabled" }))),
        (Method::POST, format!("/api/v1/invitations/{}/resend", w.b_invitation), None),
        (Method::DELETE, format!("/api/v1/invitations/{}", w.b_invitation), None),
        (Method::DELETE, format!("/api/v1/api-keys/{}", w.b_api_key), None),
        (Method::GET, format!("/api/v1/whatsapp/connections/{}", w.b_connection), None),
        (Method::PATCH, format!("/api/v1/whatsapp/connections/{}", w.b_connection), Some(json!({ "name": "Mine" }))),
        (Method::DELETE, format!("/api/v1/whatsapp/connections/{}", w.b_connection), None),
        (Method::POST, format!("/api/v1/whatsapp/connections/{}/test", w.b_connection), None),
        (Method::POST, format!("/api/v1/whatsapp/connections/{}/qr", w.b_connection), None),
        (Method::GET, format!("/api/v1/whatsapp/connections/{}/templates", w.b_connection), None),
        (
            Method::POST,
            format!("/api/v1/whatsapp/connections/{}/templates", w.b_connection),
            Some(json!({ "name": "x", "language": "en", "category": "UTILITY", "components": [] })),
        ),
        (Method::POST, format!("/api/v1/whatsapp/connections/{}/templates/sync", w.b_connection), None),
        (Method::GET, format!("/api/v1/whatsapp/connections/{}/events", w.b_connection), None),
        (Method::GET, format!("/api/v1/contacts/{}", w.b_contact), None),
        (Method::PATCH, format!("/api/v1/contacts/{}", w.b_contact), Some(json!({ "name": "Stolen" }))),
        (Method::GET, format!("/api/v1/conversations/{}", w.b_conversation), None),
        (Method::PATCH, format!("/api/v1/conversations/{}", w.b_conversation), Some(json!({ "status": "closed" }))),
        (Method::POST, format!("/api/v1/conversations/{}/read", w.b_conversation), None),
        (Method::GET, format!("/api/v1/conversations/{}/messages", w.b_conversation), None),
        (
            Method::POST,
            format!("/api/v1/conversations/{}/messages", w.b_conversation),
            Some(json!({ "type": "text", "text": "from A" })),
        ),
        (Method::GET, format!("/api/v1/messages/{}", w.b_message), None),
        (Method::POST, format!("/api/v1/messages/{}/retry", w.b_message), None),
        (Method::GET, format!("/api/v1/media/{}", w.b_media), None),
        (Method::POST, format!("/api/v1/media/{}/retry", w.b_media), None),
        (
            Method::PATCH,
            format!("/api/v1/conversations/{}/assign", w.b_conversation),
            Some(json!({ "assigneeId": null })),
        ),
        (Method::POST, format!("/api/v1/conversations/{}/notes", w.b_conversation), Some(json!({ "text": "from A" }))),
        (Method::PUT, format!("/api/v1/conversations/{}/labels", w.b_conversation), Some(json!({ "labelIds": [] }))),
        (Method::PUT, format!("/api/v1/contacts/{}/labels", w.b_contact), Some(json!({ "labelIds": [] }))),
        (Method::PATCH, format!("/api/v1/labels/{}", w.b_label), Some(json!({ "name": "Mine" }))),
        (Method::DELETE, format!("/api/v1/labels/{}", w.b_label), None),
        (Method::PATCH, format!("/api/v1/canned-responses/{}", w.b_canned), Some(json!({ "title": "Mine" }))),
        (Method::DELETE, format!("/api/v1/canned-responses/{}", w.b_canned), None),
        (Method::PATCH, format!("/api/v1/teams/{}", w.b_team), Some(json!({ "name": "Mine" }))),
        (Method::DELETE, format!("/api/v1/teams/{}", w.b_team), None),
        (Method::PATCH, format!("/api/v1/agents/{}", w.b_agent.user_id), Some(json!({ "capacity": 1 }))),
        (Method::DELETE, format!("/api/v1/contacts/{}", w.b_contact), None),
        (Method::POST, format!("/api/v1/contacts/{}/tags", w.b_contact), Some(json!({ "labelIds": [] }))),
        (Method::DELETE, format!("/api/v1/contacts/{}/tags/{}", w.b_contact, w.b_label), None),
        (Method::PUT, format!("/api/v1/contacts/{}/consent", w.b_contact), Some(json!({ "status": "opted_out" }))),
        (Method::GET, format!("/api/v1/contacts/{}/timeline", w.b_contact), None),
        (Method::GET, format!("/api/v1/contacts/{}/export", w.b_contact), None),
        (Method::POST, format!("/api/v1/contacts/{}/erase", w.b_contact), Some(json!({ "confirm": "+14155550100" }))),
        // No export of B's is needed: A's owner finds none with any id.
        (Method::GET, format!("/api/v1/settings/data/exports/{}/download", w.b_contact), None),
        (Method::POST, format!("/api/v1/contacts/{}/merge", w.b_contact), Some(json!({ "otherId": w.b_contact }))),
        (Method::PATCH, format!("/api/v1/contact-fields/{}", w.b_field), Some(json!({ "label": "Mine" }))),
        (Method::DELETE, format!("/api/v1/contact-fields/{}", w.b_field), None),
        (Method::GET, format!("/api/v1/contacts/segments/{}", w.b_segment), None),
        (Method::PATCH, format!("/api/v1/contacts/segments/{}", w.b_segment), Some(json!({ "name": "Mine" }))),
        (Method::DELETE, format!("/api/v1/contacts/segments/{}", w.b_segment), None),
        (Method::GET, format!("/api/v1/flows/{}", w.b_flow), None),
        (
            Method::PUT,
            format!("/api/v1/flows/{}", w.b_flow),
            Some(json!({ "name": "Mine", "trigger": { "kind": "manual" }, "draft": { "nodes": [], "edges": [] } })),
        ),
        (Method::DELETE, format!("/api/v1/flows/{}", w.b_flow), None),
        (Method::POST, format!("/api/v1/flows/{}/publish", w.b_flow), Some(json!({}))),
        (Method::POST, format!("/api/v1/flows/{}/pause", w.b_flow), Some(json!({ "stopRuns": true }))),
        (Method::POST, format!("/api/v1/flows/{}/resume", w.b_flow), Some(json!({}))),
        (Method::GET, format!("/api/v1/flows/{}/versions", w.b_flow), None),
        (Method::GET, format!("/api/v1/flows/{}/versions/1", w.b_flow), None),
        (Method::GET, format!("/api/v1/flows/{}/versions/1/diff", w.b_flow), None),
        (Method::POST, format!("/api/v1/flows/{}/versions/1/restore", w.b_flow), Some(json!({}))),
        (Method::GET, format!("/api/v1/flows/{}/executions", w.b_flow), None),
        (Method::POST, format!("/api/v1/flows/{}/executions", w.b_flow), Some(json!({ "contactId": w.b_contact }))),
        (Method::GET, format!("/api/v1/flows/{}/analytics", w.b_flow), None),
        (Method::POST, format!("/api/v1/flows/{}/sandbox", w.b_flow), Some(json!({}))),
        (Method::GET, format!("/api/v1/flows/{}/sandbox/{}", w.b_flow, w.b_sandbox), None),
        (Method::DELETE, format!("/api/v1/flows/{}/sandbox/{}", w.b_flow, w.b_sandbox), None),
        (
            Method::POST,
            format!("/api/v1/flows/{}/sandbox/{}/messages", w.b_flow, w.b_sandbox),
            Some(json!({ "text": "hi" })),
        ),
        (Method::POST, format!("/api/v1/flows/{}/sandbox/{}/skip", w.b_flow, w.b_sandbox), None),
        (Method::GET, format!("/api/v1/campaigns/{}", w.b_campaign), None),
        (Method::PATCH, format!("/api/v1/campaigns/{}", w.b_campaign), Some(json!({ "name": "Stolen" }))),
        (Method::DELETE, format!("/api/v1/campaigns/{}", w.b_campaign), None),
        (Method::POST, format!("/api/v1/campaigns/{}/csv", w.b_campaign), None),
        (Method::GET, format!("/api/v1/campaigns/{}/preview", w.b_campaign), None),
        (Method::GET, format!("/api/v1/campaigns/{}/estimate", w.b_campaign), None),
        (
            Method::POST,
            format!("/api/v1/campaigns/{}/schedule", w.b_campaign),
            Some(json!({ "scheduleAt": "2099-01-01T09:00:00Z" })),
        ),
        (Method::POST, format!("/api/v1/campaigns/{}/start", w.b_campaign), None),
        (Method::POST, format!("/api/v1/campaigns/{}/pause", w.b_campaign), None),
        (Method::POST, format!("/api/v1/campaigns/{}/resume", w.b_campaign), None),
        (Method::POST, format!("/api/v1/campaigns/{}/cancel", w.b_campaign), None),
        (Method::POST, format!("/api/v1/campaigns/{}/retry-failed", w.b_campaign), None),
        (
            Method::POST,
            format!("/api/v1/campaigns/{}/test-send", w.b_campaign),
            Some(json!({ "phone": "+14155550100" })),
        ),
        (Method::GET, format!("/api/v1/campaigns/{}/messages", w.b_campaign), None),
        (Method::GET, format!("/api/v1/campaigns/{}/stats", w.b_campaign), None),
        (Method::GET, format!("/api/v1/campaigns/{}/export", w.b_campaign), None),
        (Method::GET, format!("/api/v1/flow-runs/{}", w.b_run), None),
        (Method::POST, format!("/api/v1/flow-runs/{}/stop", w.b_run), None),
        (Method::GET, format!("/api/v1/webhooks/{}", w.b_webhook), None),
        (Method::PATCH, format!("/api/v1/webhooks/{}", w.b_webhook), Some(json!({ "enabled": false }))),
        (Method::DELETE, format!("/api/v1/webhooks/{}", w.b_webhook), None),
        (Method::POST, format!("/api/v1/webhooks/{}/test", w.b_webhook), None),
        (Method::POST, format!("/api/v1/webhooks/{}/roll-secret", w.b_webhook), None),
        (Method::GET, format!("/api/v1/webhooks/{}/logs", w.b_webhook), None),
        (Method::GET, format!("/api/v1/webhooks/{}/logs/{}", w.b_webhook, w.b_delivery), None),
        (Method::POST, format!("/api/v1/webhooks/{}/logs/{}/replay", w.b_webhook, w.b_delivery), None),
        (Method::GET, format!("/api/v1/automations/{}", w.b_automation), None),
        (Method::PATCH, format!("/api/v1/automations/{}", w.b_automation), Some(json!({ "name": "Mine" }))),
        (Method::DELETE, format!("/api/v1/automations/{}", w.b_automation), None),
        (Method::PATCH, format!("/api/v1/automations/{}/status", w.b_automation), Some(json!({ "enabled": false }))),
        (Method::GET, format!("/api/v1/automations/{}/runs", w.b_automation), None),
        (Method::POST, "/api/v1/automations/reorder".into(), Some(json!({ "ids": [w.b_automation] }))),
        (Method::GET, format!("/api/v1/conversations/{}/bot", w.b_conversation), None),
        (Method::GET, format!("/api/v1/contacts/segments/{}/count", w.b_segment), None),
        (Method::GET, format!("/api/v1/contacts?segmentId={}", w.b_segment), None),
        (Method::GET, format!("/api/v1/contacts/imports/{}", w.b_import), None),
        (
            Method::POST,
            format!("/api/v1/contacts/imports/{}/start", w.b_import),
            Some(json!({ "mapping": { "phone": "phone" }, "consent": { "status": "unknown" } })),
        ),
        (Method::GET, format!("/api/v1/contacts/imports/{}/errors.csv", w.b_import), None),
        (Method::PATCH, format!("/api/v1/pipelines/{}", w.b_pipeline), Some(json!({ "name": "Mine" }))),
        (Method::DELETE, format!("/api/v1/pipelines/{}", w.b_pipeline), None),
        (Method::GET, format!("/api/v1/deals/{}", w.b_deal), None),
        (Method::PATCH, format!("/api/v1/deals/{}", w.b_deal), Some(json!({ "title": "Mine" }))),
        (Method::DELETE, format!("/api/v1/deals/{}", w.b_deal), None),
        (Method::POST, format!("/api/v1/deals/{}/move", w.b_deal), Some(json!({ "stageId": w.b_deal }))),
        (Method::GET, format!("/api/v1/tickets/{}", w.b_ticket), None),
        (Method::PATCH, format!("/api/v1/tickets/{}", w.b_ticket), Some(json!({ "status": "closed" }))),
        (Method::DELETE, format!("/api/v1/tickets/{}", w.b_ticket), None),
        (Method::PUT, format!("/api/v1/tickets/{}/conversations", w.b_ticket), Some(json!({ "conversationIds": [] }))),
        (Method::GET, format!("/api/v1/tickets/{}/comments", w.b_ticket), None),
        (Method::POST, format!("/api/v1/tickets/{}/comments", w.b_ticket), Some(json!({ "body": "from A" }))),
        (Method::GET, format!("/api/v1/deals/board?pipelineId={}", w.b_pipeline), None),
        // Agencies: another agency's client and plan are nobody's to A.
        (Method::GET, format!("/api/v1/agency/clients/{}", w.b_client), None),
        (Method::PATCH, format!("/api/v1/agency/clients/{}", w.b_client), Some(json!({ "status": "suspended" }))),
        (
            Method::POST,
            format!("/api/v1/agency/clients/{}/support", w.b_client),
            Some(json!({ "minutes": 30, "reason": "peek" })),
        ),
        (Method::DELETE, format!("/api/v1/agency/clients/{}/support", w.b_client), None),
        (
            Method::PATCH,
            format!("/api/v1/agency/plans/{}", w.b_agency_plan),
            Some(json!({ "name": "Mine", "monthlyAmount": 1 })),
        ),
        (Method::DELETE, format!("/api/v1/agency/plans/{}", w.b_agency_plan), None),
        // Agency billing: B's plan is no plan A (an agency, not B's client) can subscribe to.
        (Method::POST, "/api/v1/billing/agency/checkout".into(), Some(json!({ "planId": w.b_agency_plan }))),
        (Method::POST, format!("/api/v1/settings/domains/{}/check", w.b_domain), Some(json!({}))),
        (Method::DELETE, format!("/api/v1/settings/domains/{}", w.b_domain), None),
        (Method::GET, format!("/api/v1/widgets/{}", w.b_widget), None),
        (Method::PATCH, format!("/api/v1/widgets/{}", w.b_widget), Some(json!({ "name": "Stolen" }))),
        (Method::POST, format!("/api/v1/widgets/{}/identity-secret", w.b_widget), Some(json!({}))),
        (Method::DELETE, format!("/api/v1/widgets/{}", w.b_widget), None),
        (Method::GET, format!("/api/v1/conversations/{}/visitor", w.b_widget_conversation), None),
        // Ids inside bodies are checked the same way.
        (
            Method::POST,
            "/api/v1/conversations".into(),
            Some(json!({ "contactId": w.b_contact, "connectionId": w.b_connection })),
        ),
        (Method::POST, "/api/v1/deals".into(), Some(json!({ "title": "Stolen", "contactId": w.b_contact }))),
        (
            Method::POST,
            "/api/v1/tickets".into(),
            Some(json!({ "subject": "Stolen", "conversationId": w.b_conversation })),
        ),
    ];

    // Webhooks and signed public links carry ids but are authenticated by their signatures (tests/channel.rs).
    let with_ids = api_operations().into_iter().filter(|(_, p)| {
        p.contains("{id}")
            && !p.starts_with("/api/v1/admin/")
            && !p.starts_with("/api/v1/webhooks/whatsapp/")
            && !p.starts_with("/api/v1/webhooks/wasender/")
            && !p.starts_with("/api/v1/public/")
            // The widget's script is held to the page's Origin and the visitor's token (tests/widget.rs).
            && !p.starts_with("/api/v1/widget/")
    });
    for (m, p) in with_ids {
        let covered = cases.iter().any(|(cm, cp, _)| cm.as_str() == m && path_matches(&p, cp));
        assert!(covered, "{m} {p} takes an id but is not in the cross-tenant table");
    }

    for (method, path, body) in cases {
        let res = app.call(method.clone(), &path, Some(&a.token), body).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{method} {path} answered {}: {}", res.status, res.body);
        assert_eq!(res.code(), "not_found");
    }
    // Nothing of B changed.
    let b_client = app.get(&format!("/api/v1/agency/clients/{}", w.b_client), &w.b.token).await;
    assert_eq!(
        (b_client.body["status"].as_str(), b_client.body["planName"].as_str()),
        (Some("active"), Some("B's offer"))
    );
    assert_eq!(app.get("/api/v1/agency/plans", &w.b.token).await.body[0]["name"], "B's offer");
    assert_eq!(app.get("/api/v1/agency/clients", &a.token).await.body, json!([]), "A has no clients of B's");
    let widget = app.get(&format!("/api/v1/widgets/{}", w.b_widget), &w.b.token).await;
    assert_eq!((widget.status, widget.body["name"].as_str()), (StatusCode::OK, Some("Site")), "B's widget is B's");
    let member = app.get(&format!("/api/v1/users/{user}"), &w.b.token).await;
    assert_eq!(member.body["status"], "active");
    assert_eq!(member.body["name"], "Member");
    let invs = app.get("/api/v1/invitations", &w.b.token).await;
    assert!(
        invs.body
            .as_array()
            .expect("list")
            .iter()
            .any(|i| i["id"] == w.b_invitation.as_str() && i["status"] == "pending")
    );
    let keys = app.get("/api/v1/api-keys", &w.b.token).await;
    assert!(keys.body[0]["revokedAt"].is_null());
    let conv = app.get(&format!("/api/v1/conversations/{}", w.b_conversation), &w.b.token).await;
    assert_eq!(conv.body["status"], "open");
    assert_eq!(conv.body["labels"][0]["name"], "VIP", "B's labels stay on B's conversation");
    assert!(conv.body["assigneeId"].is_null());
    let contact = app.get(&format!("/api/v1/contacts/{}", w.b_contact), &w.b.token).await;
    assert_eq!(contact.body["labels"][0]["id"], w.b_label.as_str());
    let campaign = app.get(&format!("/api/v1/campaigns/{}", w.b_campaign), &w.b.token).await;
    assert_eq!(
        (campaign.body["name"].as_str(), campaign.body["status"].as_str()),
        (Some("B's promo"), Some("running"))
    );
    let hook = app.get(&format!("/api/v1/webhooks/{}", w.b_webhook), &w.b.token).await;
    assert_eq!(hook.body["enabled"], true, "B's endpoint was not turned off: {}", hook.body);
    let logs = app.get(&format!("/api/v1/webhooks/{}/logs", w.b_webhook), &w.b.token).await;
    assert_eq!(logs.body["items"].as_array().map(Vec::len), Some(2), "nothing was replayed: {}", logs.body);
    let flow = app.get(&format!("/api/v1/flows/{}", w.b_flow), &w.b.token).await;
    assert_eq!((flow.body["name"].as_str(), flow.body["status"].as_str()), (Some("B's welcome"), Some("published")));
    let run = app.get(&format!("/api/v1/flow-runs/{}", w.b_run), &w.b.token).await;
    assert_eq!(run.body["status"], "active", "B's run was not stopped: {}", run.body);
    let bot = app.get(&format!("/api/v1/conversations/{}/bot", w.b_conversation), &w.b.token).await;
    assert_eq!(bot.body["runId"], w.b_run.as_str());
    assert_eq!(app.get("/api/v1/labels", &w.b.token).await.body[0]["name"], "VIP");
    assert_eq!(app.get("/api/v1/canned-responses", &w.b.token).await.body[0]["title"], "Hi");
    assert_eq!(app.get("/api/v1/teams", &w.b.token).await.body[0]["name"], "Sales");
    let deal = app.get(&format!("/api/v1/deals/{}", w.b_deal), &w.b.token).await;
    assert_eq!(deal.body["title"], "B's deal");
    let ticket = app.get(&format!("/api/v1/tickets/{}", w.b_ticket), &w.b.token).await;
    assert_eq!(ticket.body["status"], "open");
    let comments = app.get(&format!("/api/v1/tickets/{}/comments", w.b_ticket), &w.b.token).await;
    assert_eq!(comments.body.as_array().expect("comments").len(), 1, "A's comment did not land on B's ticket");
    assert_eq!(app.get("/api/v1/pipelines", &w.b.token).await.body[0]["name"], "Sales");
    assert_eq!(app.get("/api/v1/tickets", &a.token).await.body["items"], json!([]), "A sees none of B's tickets");
    let notes = app.get(&format!("/api/v1/conversations/{}/messages", w.b_conversation), &w.b.token).await;
    let notes: Vec<_> =
        notes.body["items"].as_array().expect("items").iter().filter(|m| m["direction"] == "note").collect();
    assert_eq!(notes.len(), 1, "A's note did not land in B's conversation");
    // A's own lists of the set-up are empty.
    for path in ["/api/v1/labels", "/api/v1/canned-responses", "/api/v1/teams"] {
        assert_eq!(app.get(path, &a.token).await.body, json!([]), "{path} shows only A's own");
    }
    // A cannot put B's label on its own things either (tested in tests/inbox.rs).
    assert_eq!(conv.body["unreadCount"], 1);
    assert_eq!(
        app.get(&format!("/api/v1/whatsapp/connections/{}", w.b_connection), &w.b.token).await.body["name"],
        "B line"
    );
    assert_eq!(app.bytes(&format!("/api/v1/media/{}", w.b_media), &w.b.token).await, b"only for B");
    // A cannot send B's file in its own conversations either.
    assert!(app.get("/api/v1/conversations", &a.token).await.body["items"].as_array().expect("items").is_empty());
    // Lists show only one's own tenant.
    let a_users = app.get("/api/v1/users", &a.token).await;
    assert_eq!(a_users.body["total"], 2);
    assert!(a_users.body["items"].as_array().expect("items").iter().all(|m| m["userId"] != user.as_str()));
    // Invoices have no id-based tenant endpoint: the list is the only way in, and it holds one's own only.
    let b_invoices = app.get("/api/v1/billing/invoices", &w.b.token).await;
    assert_eq!(b_invoices.body.as_array().map(Vec::len), Some(1), "{}", b_invoices.body);
    assert_eq!(b_invoices.body[0]["description"], "B's first month");
    let a_invoices = app.get("/api/v1/billing/invoices", &a.token).await;
    assert_eq!(a_invoices.status, StatusCode::OK);
    assert_eq!(a_invoices.body, json!([]), "A sees none of B's invoices");
    let a_usage = app.get("/api/v1/billing", &a.token).await;
    let messages = a_usage.body["usage"].as_array().expect("usage").iter().find(|u| u["key"] == "messagesPerMonth");
    assert_eq!(messages.map(|m| m["used"].clone()), Some(json!(0)), "B's reply is not counted in A's usage");
}

#[tokio::test]
async fn an_api_key_only_reaches_its_own_tenant() {
    let w = world().await;
    let key =
        w.app.post("/api/v1/api-keys", Some(&w.a.token), json!({ "name": "zap", "scopes": ["contacts:read"] })).await;
    let secret = key.body["secret"].as_str().expect("secret").to_owned();
    let res = w.app.get("/api/v1/contacts", &secret).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.body["items"].as_array().expect("items").iter().all(|c| c["id"] != w.b_contact.as_str()));
    let other = w.app.get(&format!("/api/v1/contacts/{}", w.b_contact), &secret).await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    // A key whose tenant part is swapped for B's does not authenticate anywhere.
    let forged = secret.replacen(&w.a.tenant_id.simple().to_string(), &w.b.tenant_id.simple().to_string(), 1);
    let res = w.app.get("/api/v1/contacts", &forged).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert_eq!(res.code(), "invalid_api_key");
}
