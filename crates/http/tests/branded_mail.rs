//! Branded mail (docs/agencies.md, "Branded mail"): every mail through the brand's layout (name, colour, logo,
//! footer, links on the brand's domain), owners' texts per language with their fallbacks, unknown placeholders
//! refused, previews of unsaved edits, test sends to the caller alone (rate-limited), the sender's DNS
//! verification deciding the From, escaping of whatever names and texts hold, and workspaces that may not brand
//! refused with nothing changed.

use axum::http::{Method, StatusCode};
use parley_dns_sim::Record;
use parley_test_support::{PASSWORD, Response, Signup, TestApp, link_in, session_of, unique_email};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::{Value, json};
use uuid::Uuid;

/// A PNG's signature and a header chunk: enough for the type to be read from the bytes.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
/// The platform's sender in tests (`MailSettings::default`).
const PLATFORM_ADDRESS: &str = "no-reply@parley.local";

async fn sql(app: &TestApp, q: &str) {
    app.owner_db().await.execute_raw(Statement::from_string(DbBackend::Postgres, q)).await.expect(q);
}

async fn scalar(app: &TestApp, q: &str) -> i64 {
    let row = app.owner_db().await.query_one_raw(Statement::from_string(DbBackend::Postgres, q)).await.expect(q);
    row.expect("row").try_get::<i64>("", "n").expect("n")
}

/// Makes `t` an agency, as the platform admin would, allowed its own sender or not.
async fn make_agency(app: &TestApp, t: &Signup, may_use_own_sender: bool) {
    sql(
        app,
        &format!(
            "insert into agencies (tenant_id, may_use_own_sender) values ('{}', {may_use_own_sender})
             on conflict (tenant_id) do update set may_use_own_sender = excluded.may_use_own_sender",
            t.tenant_id
        ),
    )
    .await;
    app.services.brand.invalidate(t.tenant_id).await;
}

/// An active, verified custom domain of `t` (as the domains' check leaves one).
async fn active_domain(app: &TestApp, t: &Signup, name: &str) {
    sql(
        app,
        &format!(
            "insert into custom_domains (id, tenant_id, domain, token, status, verified_at)
             values ('{}', '{}', '{name}', 'tok', 'active', now())",
            Uuid::now_v7(),
            t.tenant_id
        ),
    )
    .await;
    app.services.brand.invalidate(t.tenant_id).await;
}

/// An agency named `business` with a brand (product, colour, support, terms, a logo) on `domain`.
async fn branded_agency(app: &TestApp, business: &str, product: &str, domain: &str) -> Signup {
    let agency = app.signup(business).await;
    make_agency(app, &agency, true).await;
    let brand = json!({ "productName": product, "primaryColor": "#0f766e", "supportEmail": "help@northwind.test",
                        "termsUrl": "https://northwind.test/terms" });
    let saved = app.call(Method::PUT, "/api/v1/settings/brand", Some(&agency.token), Some(brand)).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let logo =
        app.put_file("/api/v1/settings/brand/assets/logo_light", &agency.token, "logo.png", "image/png", PNG).await;
    assert!(logo.status.is_success(), "{}", logo.body);
    active_domain(app, &agency, domain).await;
    agency
}

/// A plan of the agency's offer; answers its id.
async fn offer(app: &TestApp, agency: &Signup) -> String {
    let res = app
        .post("/api/v1/agency/plans", Some(&agency.token), json!({ "name": "Client plan", "monthlyAmount": 2900 }))
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    res.body["id"].as_str().expect("id").to_owned()
}

/// Creates a client workspace of `agency` whose owner is invited at `owner_email`; answers the client's id.
async fn create_client(app: &TestApp, agency: &Signup, name: &str, owner_email: &str, locale: &str) -> Uuid {
    let plan = offer(app, agency).await;
    let res = app
        .post(
            "/api/v1/agency/clients",
            Some(&agency.token),
            json!({ "name": name, "ownerEmail": owner_email, "planId": plan, "locale": locale }),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    res.body["client"]["id"].as_str().and_then(|s| s.parse().ok()).expect("client id")
}

/// Accepts the invitation mailed to `email` as a new person.
async fn accept(app: &TestApp, email: &str) -> Signup {
    let mail = app.last_mail_to(email).await.expect("invitation mail");
    let link = link_in(mail["text"].as_str().expect("text"), "/invite/").expect("accept link");
    let token = link.rsplit('/').next().expect("token");
    let res = app
        .post(
            &format!("/api/v1/auth/invitations/{token}/accept"),
            None,
            json!({ "name": "Cleo", "password": PASSWORD }),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    session_of(&res.body, email.to_owned())
}

/// A person with an account whose language is `locale` (signed up to a workspace of their own, then chose it).
async fn person_reading(app: &TestApp, locale: &str) -> String {
    let me = app.signup(&format!("Own {locale}")).await;
    let res = app.patch("/api/v1/auth/me", &me.token, json!({ "locale": locale })).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    me.email
}

async fn invite(app: &TestApp, by: &Signup, email: &str) -> Value {
    let res = app.post("/api/v1/invitations", Some(&by.token), json!({ "email": email, "role": "agent" })).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    app.last_mail_to(email).await.expect("invitation mail")
}

fn template_path(key: &str, locale: &str) -> String {
    format!("/api/v1/settings/mail/templates/{key}/{locale}")
}

async fn put_text(app: &TestApp, t: &Signup, key: &str, locale: &str, subject: &str, body: &str) -> Response {
    app.call(
        Method::PUT,
        &template_path(key, locale),
        Some(&t.token),
        Some(json!({ "subject": subject, "body": body })),
    )
    .await
}

fn html(mail: &Value) -> &str {
    mail["html"].as_str().expect("html")
}

#[tokio::test]
async fn an_invitation_from_an_agency_client_carries_the_agency_brand_and_a_link_on_its_domain() {
    let app = TestApp::spawn().await;
    let agency = branded_agency(&app, "Northwind Agency", "Northwind CRM", "app.northwind.test").await;
    // The client is created and its owner invited in one transaction: the brand is found before anything commits.
    let owner_email = unique_email("client-owner");
    let client = create_client(&app, &agency, "Cleo's Shop", &owner_email, "en").await;
    let mail = app.last_mail_to(&owner_email).await.expect("invitation");
    let subject = mail["subject"].as_str().expect("subject");
    assert!(subject.contains("Northwind CRM") && !subject.contains("Parley"), "{subject}");
    let h = html(&mail);
    assert!(h.contains("background:#0f766e"), "the button in the brand's colour");
    assert!(h.contains("color:#0f766e"), "the heading in the brand's colour");
    let logo = format!("src=\"https://app.northwind.test/api/v1/brand/assets/{}/logo_light?v=", agency.tenant_id);
    assert!(h.contains(&logo), "an absolute logo address on the agency's domain: {h}");
    assert!(h.contains("mailto:help@northwind.test") && h.contains("https://northwind.test/terms"));
    assert!(h.contains("Powered by Parley"), "the platform did not let this agency remove it");
    let text = mail["text"].as_str().expect("text");
    let link = link_in(text, "/invite/").expect("link");
    assert!(link.starts_with("https://app.northwind.test/invite/"), "{link}");
    assert!(!text.contains("127.0.0.1"), "no link on the platform's address: {text}");
    assert_eq!(mail["from"], format!("\"Northwind CRM\" <{PLATFORM_ADDRESS}>"), "an unverified sender: our address");

    // Once committed, the client's own invitations carry the agency's brand too.
    let owner = accept(&app, &owner_email).await;
    assert_eq!(owner.tenant_id, client);
    let member = unique_email("member");
    let mail = invite(&app, &owner, &member).await;
    assert!(mail["subject"].as_str().expect("subject").contains("Cleo's Shop on Northwind CRM"), "{}", mail["subject"]);
    assert!(
        link_in(mail["text"].as_str().expect("text"), "/invite/")
            .expect("link")
            .starts_with("https://app.northwind.test/")
    );
    // A password reset asked on the agency's domain comes in its brand, and leads back there.
    let req = axum::http::Request::builder()
        .method(Method::POST)
        .uri("/api/v1/auth/forgot-password")
        .header("host", "app.northwind.test")
        .header("content-type", "application/json")
        .body(axum::body::Body::from(json!({ "email": owner_email }).to_string()))
        .expect("request");
    assert_eq!(app.send(req).await.status, StatusCode::ACCEPTED);
    let reset = app.last_mail_to(&owner_email).await.expect("reset");
    assert_eq!(reset["subject"], "Reset your Northwind CRM password");
    assert!(
        link_in(reset["text"].as_str().expect("text"), "/reset-password?token=")
            .expect("link")
            .starts_with("https://app.northwind.test/reset-password?token=")
    );
    // A workspace of nobody's brand keeps ours.
    let plain = app.signup("Plain Co").await;
    let welcome = app.last_mail_to(&plain.email).await.expect("welcome");
    assert!(welcome["subject"].as_str().expect("subject").starts_with("Welcome to Parley"), "{}", welcome["subject"]);
    assert!(!html(&welcome).contains("Powered by Parley"), "the platform's own mail says nothing of itself");
    assert_eq!(welcome["from"], format!("Parley <{PLATFORM_ADDRESS}>"));
}

#[tokio::test]
async fn an_owners_text_in_a_language_is_used_for_readers_of_it_and_the_rest_fall_back() {
    let app = TestApp::spawn().await;
    let agency = branded_agency(&app, "Lingua Agency", "Lingua", "app.lingua.test").await;
    let saved = put_text(
        &app,
        &agency,
        "invitation",
        "ar",
        "دعوة إلى {{workspace}} من {{product}}",
        "أهلًا، يدعوك {{inviter}}.\n\nالرابط: {{link}}",
    )
    .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let arabic = person_reading(&app, "ar").await;
    let english = person_reading(&app, "en").await;

    let mail = invite(&app, &agency, &arabic).await;
    assert_eq!(mail["subject"], "دعوة إلى Lingua Agency من Lingua");
    assert!(html(&mail).contains("dir=\"rtl\"") && html(&mail).contains("أهلًا، يدعوك"), "{}", html(&mail));
    assert!(mail["text"].as_str().expect("text").contains("الرابط: https://app.lingua.test/invite/"));
    let mail = invite(&app, &agency, &english).await;
    assert_eq!(mail["subject"], "Owner invited you to Lingua Agency on Lingua", "English readers get our English text");
    // Someone without an account reads the workspace's language (none here): English.
    let stranger = unique_email("stranger");
    assert!(invite(&app, &agency, &stranger).await["subject"].as_str().expect("s").contains("invited you to"));

    // A client in Arabic uses its agency's Arabic text (its own texts are not in force: its plan has no branding).
    let owner_email = unique_email("client-owner");
    create_client(&app, &agency, "Souk", &owner_email, "ar").await;
    let mail = app.last_mail_to(&owner_email).await.expect("invitation");
    assert_eq!(mail["subject"], "دعوة إلى Souk من Lingua");
    // Reset: Arabic readers get our Arabic text again; there is nothing left to reset.
    assert_eq!(app.delete(&template_path("invitation", "ar"), &agency.token).await.status, StatusCode::NO_CONTENT);
    let arabic2 = person_reading(&app, "ar").await;
    let mail = invite(&app, &agency, &arabic2).await;
    assert_eq!(mail["subject"], "Owner يدعوك إلى Lingua Agency على Lingua");
    assert_eq!(app.delete(&template_path("invitation", "ar"), &agency.token).await.status, StatusCode::NOT_FOUND);
    // The list shows each language's default, the agency's text (for its client) and the own text.
    let list = app.get("/api/v1/settings/mail/templates", &agency.token).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    let invitation = list.body["templates"].as_array().expect("templates").iter().find(|t| t["key"] == "invitation");
    let invitation = invitation.expect("invitation listed");
    assert!(invitation["placeholders"].as_array().expect("p").contains(&json!("inviter")));
    let locales: Vec<&str> =
        invitation["locales"].as_array().expect("l").iter().filter_map(|l| l["locale"].as_str()).collect();
    assert_eq!(locales, ["en", "es", "fr", "de", "pt", "ar", "hi", "zh", "ja", "ru"], "every language, English first");
    let arabic = invitation["locales"].as_array().expect("l").iter().find(|l| l["locale"] == "ar").expect("ar");
    assert!(arabic["override"].is_null());
}

#[tokio::test]
async fn unknown_placeholders_and_bad_addresses_are_refused_with_nothing_saved() {
    let app = TestApp::spawn().await;
    let agency = branded_agency(&app, "Strict Agency", "Strict", "app.strict.test").await;
    let res =
        put_text(&app, &agency, "welcome", "en", "Hi {{nmae}}", "Welcome to {{product}}, {{ workspace }} and {{Link}}")
            .await;
    assert_eq!((res.status, res.code()), (StatusCode::UNPROCESSABLE_ENTITY, "validation_failed"), "{}", res.body);
    let fields = &res.body["details"]["fields"];
    assert_eq!(fields[0]["field"], "subject");
    assert!(fields[0]["message"].as_str().expect("m").contains("{{nmae}}"), "{fields}");
    assert_eq!(fields[1]["field"], "body");
    let body_message = fields[1]["message"].as_str().expect("m");
    assert!(body_message.contains("{{Link}}") && !body_message.contains("{{ workspace"), "{body_message}");
    for (path, status) in [
        (template_path("no_such_mail", "en"), StatusCode::NOT_FOUND),
        (template_path("welcome", "xx"), StatusCode::NOT_FOUND),
    ] {
        let res = app.call(Method::PUT, &path, Some(&agency.token), Some(json!({ "subject": "S", "body": "B" }))).await;
        assert_eq!(res.status, status, "{path}: {}", res.body);
    }
    let long = put_text(&app, &agency, "welcome", "en", &"s".repeat(201), "B").await;
    assert_eq!(long.status, StatusCode::UNPROCESSABLE_ENTITY);
    let empty = put_text(&app, &agency, "welcome", "en", "S", "   ").await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(scalar(&app, "select count(*) as n from mail_templates").await, 0, "nothing was stored");
    let bad = app
        .call(
            Method::PUT,
            "/api/v1/settings/mail/sender",
            Some(&agency.token),
            Some(json!({ "fromAddress": "not-an-address" })),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert_eq!(scalar(&app, "select count(*) as n from brands where mail_from_address is not null").await, 0);
}

#[tokio::test]
async fn a_preview_renders_unsaved_edits_with_sample_values_and_the_brand() {
    let app = TestApp::spawn().await;
    let agency = branded_agency(&app, "Preview Agency", "Previewer", "app.preview.test").await;
    let path = format!("{}/preview", template_path("password_reset", "en"));
    let edits = json!({ "subject": "New password for {{name}} at {{product}}", "body": "Hello {{name}},\n\n<b>bold?</b> {{nope}}" });
    let res = app.post(&path, Some(&agency.token), edits).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.body["subject"], "New password for Layla at Previewer", "sample values and the brand's name");
    let h = res.body["html"].as_str().expect("html");
    assert!(h.contains("Hello Layla,") && h.contains("&lt;b&gt;bold?&lt;/b&gt;") && !h.contains("<b>bold"), "{h}");
    assert!(h.contains("https://app.preview.test/reset-password?token=sample"));
    assert_eq!(res.body["unknownPlaceholders"], json!(["nope"]));
    assert_eq!(res.body["from"], format!("\"Previewer\" <{PLATFORM_ADDRESS}>"));
    assert_eq!(scalar(&app, "select count(*) as n from mail_templates").await, 0, "a preview saves nothing");
    // Without edits, the text in force: the saved one.
    assert_eq!(
        put_text(&app, &agency, "password_reset", "en", "Saved {{product}}", "Saved body").await.status,
        StatusCode::OK
    );
    let res = app.post(&path, Some(&agency.token), json!({})).await;
    assert_eq!(res.body["subject"], "Saved Previewer");
    // Arabic previews read right to left, with our Arabic text.
    let res = app.post(&format!("{}/preview", template_path("welcome", "ar")), Some(&agency.token), json!({})).await;
    assert!(res.body["html"].as_str().expect("html").contains("dir=\"rtl\""));
    assert!(res.body["subject"].as_str().expect("s").contains("مرحبًا بك في Previewer"), "{}", res.body["subject"]);
    // Samples that are words read in the preview's language.
    let res = app.post(&format!("{}/preview", template_path("invitation", "ar")), Some(&agency.token), json!({})).await;
    assert!(res.body["text"].as_str().expect("text").contains("بصفة موظف"), "{}", res.body["text"]);
    // In every language: the same words the real mails use.
    let res = app.post(&format!("{}/preview", template_path("invitation", "ja")), Some(&agency.token), json!({})).await;
    assert!(res.body["text"].as_str().expect("text").contains("エージェント"), "{}", res.body["text"]);
    let res =
        app.post(&format!("{}/preview", template_path("usage_warning", "ru")), Some(&agency.token), json!({})).await;
    assert!(!res.body["text"].as_str().expect("text").contains("contacts"), "{}", res.body["text"]);
}

#[tokio::test]
async fn a_test_send_goes_to_the_caller_alone_and_is_rate_limited() {
    let app = TestApp::spawn().await;
    let agency = branded_agency(&app, "Tester Agency", "Testly", "app.testly.test").await;
    let manager = app.add_member(&agency, "manager").await;
    let path = format!("{}/test", template_path("trial_ending", "en"));
    let res = app.post(&path, Some(&agency.token), json!({ "body": "Only {{days}} days left of {{plan}}." })).await;
    assert_eq!(res.status, StatusCode::ACCEPTED, "{}", res.body);
    assert_eq!(res.body["to"], agency.email);
    let mine = app.mails_to(&agency.email).await;
    let test =
        mine.iter().find(|m| m["subject"].as_str().is_some_and(|s| s.starts_with("[Test] "))).expect("test mail");
    assert_eq!(test["subject"], "[Test] Your Testly trial ends in 3 days");
    assert!(test["text"].as_str().expect("text").contains("Only 3 days left of Pro."));
    assert_eq!(scalar(&app, "select count(*) as n from mail_outbox where subject like '[Test]%'").await, 1, "one mail");
    assert_eq!(
        scalar(
            &app,
            &format!(
                "select count(*) as n from mail_outbox where subject like '[Test]%' and to_addr <> '{}'",
                agency.email
            )
        )
        .await,
        0,
        "to nobody else"
    );
    let unknown = app.post(&path, Some(&agency.token), json!({ "subject": "{{whoever}}" })).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", unknown.body);
    // Managers do not edit mails (owners only).
    assert_eq!(app.post(&path, Some(&manager.token), json!({})).await.status, StatusCode::FORBIDDEN);
    for _ in 0..4 {
        assert_eq!(app.post(&path, Some(&agency.token), json!({})).await.status, StatusCode::ACCEPTED);
    }
    let sixth = app.post(&path, Some(&agency.token), json!({})).await;
    assert_eq!((sixth.status, sixth.code()), (StatusCode::TOO_MANY_REQUESTS, "too_many_attempts"), "{}", sixth.body);
    assert!(sixth.headers.contains_key("retry-after"));
    assert_eq!(scalar(&app, "select count(*) as n from mail_outbox where subject like '[Test]%'").await, 5);
}

#[tokio::test]
async fn the_sender_is_the_platform_address_with_the_brand_name_until_its_domain_is_verified() {
    let app = TestApp::spawn().await;
    let agency = branded_agency(&app, "Sender Agency", "Sendly", "app.sendly.test").await;
    let sender = |body: Value| app.call(Method::PUT, "/api/v1/settings/mail/sender", Some(&agency.token), Some(body));
    let res = sender(json!({ "fromName": "Sendly Support", "fromAddress": "Hello@Mail.Sendly.test" })).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(
        (res.body["status"].as_str(), res.body["fromAddress"].as_str()),
        (Some("pending"), Some("hello@mail.sendly.test"))
    );
    let records = res.body["records"].as_array().expect("records").clone();
    assert_eq!(records.len(), 3);
    let token = records[0]["value"].as_str().expect("token").to_owned();
    assert!(token.starts_with("parley-verify=") && records[0]["name"] == "mail.sendly.test", "{records:?}");
    assert_eq!(records[1]["value"], "v=spf1 include:spf.parley.local ~all");
    assert_eq!(
        (records[2]["kind"].as_str(), records[2]["name"].as_str()),
        (Some("CNAME"), Some("parley._domainkey.mail.sendly.test"))
    );
    assert_eq!(res.body["effectiveFrom"], format!("\"Sendly Support\" <{PLATFORM_ADDRESS}>"));

    let first = invite(&app, &agency, &unique_email("one")).await;
    assert_eq!(first["from"], format!("\"Sendly Support\" <{PLATFORM_ADDRESS}>"), "unverified: our address, its name");
    let verify = || app.post("/api/v1/settings/mail/sender/verify", Some(&agency.token), json!({}));
    let res = verify().await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.body["status"], "pending");
    assert_eq!(res.body["records"][0]["found"], false);

    app.dns.set_records(
        "mail.sendly.test",
        vec![Record::Txt(token.clone()), Record::Txt("v=spf1 include:spf.parley.local ~all".into())],
    );
    let res = verify().await;
    assert_eq!(res.body["status"], "verified", "{}", res.body);
    let found: Vec<Value> = res.body["records"].as_array().expect("r").iter().map(|r| r["found"].clone()).collect();
    assert_eq!(found, vec![json!(true), json!(true), json!(false)], "DKIM is reported missing, not required");
    app.dns.set_records(
        "parley._domainkey.mail.sendly.test",
        vec![Record::Cname("parley._domainkey.parley.local".into())],
    );
    assert_eq!(verify().await.body["records"][2]["found"], true);
    let second = invite(&app, &agency, &unique_email("two")).await;
    assert_eq!(second["from"], "\"Sendly Support\" <hello@mail.sendly.test>", "verified: its own address");

    // The token gone: failing, and back to our address.
    app.dns.set_records("mail.sendly.test", vec![]);
    assert_eq!(verify().await.body["status"], "failing");
    let third = invite(&app, &agency, &unique_email("three")).await;
    assert_eq!(third["from"], format!("\"Sendly Support\" <{PLATFORM_ADDRESS}>"));
    // The platform takes the permission away: a verified address no longer counts, and a new one is refused.
    app.dns.set_records("mail.sendly.test", vec![Record::Txt(token)]);
    assert_eq!(verify().await.body["status"], "verified");
    make_agency(&app, &agency, false).await;
    let fourth = invite(&app, &agency, &unique_email("four")).await;
    assert_eq!(fourth["from"], format!("\"Sendly Support\" <{PLATFORM_ADDRESS}>"));
    let res = sender(json!({ "fromName": "X", "fromAddress": "other@sendly.test" })).await;
    assert_eq!((res.status, res.code()), (StatusCode::FORBIDDEN, "own_sender_not_allowed"), "{}", res.body);
    assert_eq!(scalar(&app, "select count(*) as n from brands where mail_from_address = 'other@sendly.test'").await, 0);
    // A name alone stays allowed.
    let res = sender(json!({ "fromName": "Sendly Team", "fromAddress": "" })).await;
    assert_eq!((res.status, res.body["status"].as_str()), (StatusCode::OK, Some("none")), "{}", res.body);
    assert_eq!(res.body["records"], json!([]));
}

#[tokio::test]
async fn names_and_owners_texts_cannot_write_markup_into_a_mail() {
    let app = TestApp::spawn().await;
    let agency = branded_agency(&app, "<script>alert(1)</script> & Co", "Safe <CRM>", "app.safe.test").await;
    let invited = unique_email("safe");
    let mail = invite(&app, &agency, &invited).await;
    let h = html(&mail);
    assert!(!h.contains("<script>") && h.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"), "{h}");
    assert!(h.contains("alt=\"Safe &lt;CRM&gt;\""));
    let saved = put_text(
        &app,
        &agency,
        "invitation",
        "en",
        "Join {{workspace}}",
        "<img src=x onerror=alert(1)> \"{{inviter}}\"\n\n<a href=\"javascript:x\">click</a>",
    )
    .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let mail = invite(&app, &agency, &unique_email("safe2")).await;
    let h = html(&mail);
    assert!(!h.contains("<img src=x") && !h.contains("<a href=\"javascript"), "{h}");
    assert!(h.contains("&lt;img src=x onerror=alert(1)&gt; &quot;Owner&quot;"), "{h}");
    assert_eq!(mail["subject"], "Join <script>alert(1)</script> & Co", "a subject is plain text, never HTML");
}

#[tokio::test]
async fn a_workspace_that_may_not_brand_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let agency = branded_agency(&app, "Parent Agency", "Parent", "app.parent.test").await;
    let owner_email = unique_email("client-owner");
    create_client(&app, &agency, "Plain Client", &owner_email, "en").await;
    let client = accept(&app, &owner_email).await;
    let refused: Vec<(Method, String, Option<Value>)> = vec![
        (Method::GET, "/api/v1/settings/mail/templates".into(), None),
        (Method::PUT, template_path("welcome", "en"), Some(json!({ "subject": "S", "body": "B" }))),
        (Method::DELETE, template_path("welcome", "en"), None),
        (Method::POST, format!("{}/preview", template_path("welcome", "en")), Some(json!({}))),
        (Method::POST, format!("{}/test", template_path("welcome", "en")), Some(json!({}))),
        (Method::GET, "/api/v1/settings/mail/sender".into(), None),
        (Method::PUT, "/api/v1/settings/mail/sender".into(), Some(json!({ "fromName": "Mine" }))),
        (Method::POST, "/api/v1/settings/mail/sender/verify".into(), Some(json!({}))),
    ];
    for (method, path, body) in refused {
        let res = app.call(method.clone(), &path, Some(&client.token), body).await;
        assert_eq!(
            (res.status, res.code()),
            (StatusCode::FORBIDDEN, "feature_not_in_plan"),
            "{method} {path}: {}",
            res.body
        );
    }
    assert_eq!(scalar(&app, "select count(*) as n from mail_templates").await, 0);
    assert_eq!(
        scalar(&app, &format!("select count(*) as n from brands where tenant_id = '{}'", client.tenant_id)).await,
        0
    );
    assert_eq!(scalar(&app, "select count(*) as n from mail_outbox where subject like '[Test]%'").await, 0);
}

/// An SMTP server (aiosmtpd, tests/support/smtp_sink.py) writing each mail it receives to a folder.
struct Sink {
    child: std::process::Child,
    dir: std::path::PathBuf,
    port: u16,
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn start_sink() -> Sink {
    use std::io::BufRead;
    let dir = std::env::temp_dir().join(format!("parley-branded-smtp-{}", Uuid::now_v7().simple()));
    let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("port");
    let script = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/support/smtp_sink.py");
    let python = std::env::var("PARLEY_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
    let mut child = std::process::Command::new(python)
        .arg(&script)
        .arg(&dir)
        .arg(port.to_string())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("start the SMTP sink (pip install aiosmtpd)");
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("sink output");
    assert_eq!(line.trim(), "ready", "SMTP sink did not start (is aiosmtpd installed?)");
    Sink { child, dir, port }
}

#[tokio::test]
async fn over_smtp_the_from_is_the_brand_name_and_once_verified_its_address() {
    let sink = start_sink();
    let mailer = parley_mail::SmtpMailer::new(&parley_mail::SmtpConfig {
        url: format!("smtp://127.0.0.1:{}", sink.port),
        username: None,
        password: None,
        from: format!("Parley <{PLATFORM_ADDRESS}>"),
    })
    .expect("mailer");
    let app = TestApp::spawn_with(parley_test_support::TestOptions {
        mail: parley_services::MailTransport::Smtp(mailer.clone()),
        ..Default::default()
    })
    .await;
    let agency = branded_agency(&app, "Wire Agency", "Wire CRM", "app.wire.test").await;
    let res = app
        .call(
            Method::PUT,
            "/api/v1/settings/mail/sender",
            Some(&agency.token),
            Some(json!({ "fromAddress": "news@wire.test" })),
        )
        .await;
    let token = res.body["records"][0]["value"].as_str().expect("token").to_owned();
    let res = app
        .post("/api/v1/invitations", Some(&agency.token), json!({ "email": "before@example.com", "role": "agent" }))
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    app.dns.set_records("wire.test", vec![Record::Txt(token)]);
    let verified = app.post("/api/v1/settings/mail/sender/verify", Some(&agency.token), json!({})).await;
    assert_eq!(verified.body["status"], "verified", "{}", verified.body);
    let res = app
        .post("/api/v1/invitations", Some(&agency.token), json!({ "email": "after@example.com", "role": "agent" }))
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    while app.services.mail.dispatch_once(&mailer).await.expect("dispatch") > 0 {}

    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let mails = loop {
        let mut mails: Vec<String> = std::fs::read_dir(&sink.dir)
            .map(|it| {
                it.filter_map(Result::ok)
                    .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
                    .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                    .collect()
            })
            .unwrap_or_default();
        if mails.len() >= 3 || std::time::Instant::now() > deadline {
            mails.sort();
            break mails;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    let to = |addr: &str| mails.iter().find(|m| m.contains(&format!("To: {addr}"))).cloned().unwrap_or_default();
    assert!(to("before@example.com").contains(&format!("From: Wire CRM <{PLATFORM_ADDRESS}>")), "{mails:?}");
    assert!(to("after@example.com").contains("From: Wire CRM <news@wire.test>"), "{mails:?}");
    assert!(to(&agency.email).contains(&format!("From: Parley <{PLATFORM_ADDRESS}>")), "the welcome: ours, {mails:?}");
}
