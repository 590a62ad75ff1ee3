//! The website chat widget through the API: its settings (owners and managers only, another workspace's widget not
//! found), and the public API its script calls from a customer's site, held to the page's Origin and the visitor
//! token, with the bad input: a domain not allowed, a forged token, another visitor's files, an identify hash
//! that does not match, oversized text and files, a flood, HTML in messages; and the genuine visitor never loses a
//! message meanwhile.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use hmac::{Hmac, Mac};
use parley_test_support::{Response, Signup, TestApp};
use serde_json::{Value, json};
use sha2::Sha256;
use uuid::Uuid;

const SITE: &str = "https://shop.example.com";

struct Site {
    app: TestApp,
    owner: Signup,
    widget: Value,
    key: String,
}

async fn site_on(app: TestApp) -> Site {
    let owner = app.signup("Widget Shop").await;
    let res = app
        .post(
            "/api/v1/widgets",
            Some(&owner.token),
            json!({ "name": "Shop", "allowedDomains": ["shop.example.com", "*.acme.org"],
                    "greeting": { "en": "Hello!", "fr": "Bonjour !" },
                    "prechat": { "name": "optional", "email": "off", "phone": "off", "consent": "off" } }),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let key = res.body["key"].as_str().expect("key").to_owned();
    Site { app, owner, widget: res.body, key }
}

async fn site() -> Site {
    site_on(TestApp::spawn().await).await
}

/// A request as the script sends it: from `origin`, with the visitor token when there is one.
async fn public(
    app: &TestApp,
    method: Method,
    path: &str,
    origin: Option<&str>,
    token: Option<&str>,
    body: Option<Value>,
) -> Response {
    let mut req = Request::builder().method(method).uri(path).header("x-forwarded-for", "203.0.113.9");
    if let Some(o) = origin {
        req = req.header(header::ORIGIN, o);
    }
    if let Some(t) = token {
        req = req.header("x-visitor-token", t);
    }
    let req = match body {
        Some(b) => req.header(header::CONTENT_TYPE, "application/json").body(Body::from(b.to_string())),
        None => req.body(Body::empty()),
    }
    .expect("request");
    app.send(req).await
}

async fn upload(app: &TestApp, key: &str, token: &str, filename: &str, mime: &str, bytes: &[u8]) -> Response {
    let boundary = "XWIDGETBOUNDARYX";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\nContent-Type: {mime}\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let req = Request::builder()
        .method(Method::POST)
        .uri(format!("/api/v1/widget/{key}/attachments"))
        .header(header::ORIGIN, SITE)
        .header("x-visitor-token", token)
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
        .body(Body::from(body))
        .expect("request");
    app.send(req).await
}

/// The smallest PNG a browser shows.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8,
    6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89, 0, 0, 0, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0, 1, 0, 0, 5, 0, 1,
    0x0d, 0x0a, 0x2d, 0xb4, 0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

struct Visitor {
    id: String,
    token: String,
}

impl Site {
    fn path(&self, rest: &str) -> String {
        format!("/api/v1/widget/{}/{rest}", self.key)
    }

    async fn visitor(&self) -> Visitor {
        let res = public(
            &self.app,
            Method::POST,
            &self.path("visitors"),
            Some(SITE),
            None,
            Some(json!({ "context": { "url": "https://shop.example.com/pricing?utm_source=news", "title": "Pricing",
                "referrer": "https://news.example.org/", "utm": { "source": "news", "medium": "email",
                "campaign": "spring" }, "language": "fr-FR", "timeZone": "Europe/Paris" } })),
        )
        .await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        assert_eq!(res.body["ref"].as_str().map(str::len), Some(8));
        Visitor {
            id: res.body["visitorId"].as_str().expect("id").to_owned(),
            token: res.body["token"].as_str().expect("token").to_owned(),
        }
    }

    async fn say(&self, v: &Visitor, body: Value) -> Response {
        public(&self.app, Method::POST, &self.path("messages"), Some(SITE), Some(&v.token), Some(body)).await
    }

    async fn session(&self, v: &Visitor) -> Response {
        public(&self.app, Method::GET, &self.path("session"), Some(SITE), Some(&v.token), None).await
    }
}

#[tokio::test]
async fn widgets_are_managed_by_owners_and_managers_and_another_workspaces_widget_is_not_found() {
    let s = site().await;
    let app = &s.app;
    let w = &s.widget;
    assert!(s.key.len() >= 22, "the key is long enough not to be guessed");
    assert!(w["identitySecret"].as_str().is_some_and(|x| x.len() >= 32), "the secret is shown when made: {w}");
    assert!(w["snippet"].as_str().is_some_and(|x| x.contains(&s.key) && x.starts_with("<script async")), "{w}");
    assert!(w["channelId"].is_string());
    let id = w["id"].as_str().expect("id");
    let numbers = app.get("/api/v1/whatsapp/connections", &s.owner.token).await;
    assert_eq!(numbers.body.as_array().map(Vec::len), Some(0), "a widget's channel is not a WhatsApp number");
    let channel = w["channelId"].as_str().expect("channel");
    let res = app.get(&format!("/api/v1/whatsapp/connections/{channel}"), &s.owner.token).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);

    let list = app.get("/api/v1/widgets", &s.owner.token).await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.body.as_array().map(Vec::len), Some(1));
    assert!(list.body[0]["identitySecret"].is_null(), "the secret is never shown again");

    let agent = app.add_member(&s.owner, "agent").await;
    assert_eq!(app.get("/api/v1/widgets", &agent.token).await.status, StatusCode::FORBIDDEN);
    let res = app.post("/api/v1/widgets", Some(&agent.token), json!({ "name": "Mine" })).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let manager = app.add_member(&s.owner, "manager").await;
    let res = app.patch(&format!("/api/v1/widgets/{id}"), &manager.token, json!({ "position": "left" })).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.body["position"], "left");
    assert_eq!(res.body["allowedDomains"], json!(["shop.example.com", "*.acme.org"]), "left out fields stay");

    let other = app.signup("Other Shop").await;
    assert_eq!(app.get(&format!("/api/v1/widgets/{id}"), &other.token).await.status, StatusCode::NOT_FOUND);
    let res = app.patch(&format!("/api/v1/widgets/{id}"), &other.token, json!({ "name": "Stolen" })).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res = app.post(&format!("/api/v1/widgets/{id}/identity-secret"), Some(&other.token), json!({})).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(app.delete(&format!("/api/v1/widgets/{id}"), &other.token).await.status, StatusCode::NOT_FOUND);

    let res = app
        .patch(&format!("/api/v1/widgets/{id}"), &s.owner.token, json!({ "allowedDomains": ["*.com"], "color": "red" }))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    let fields: Vec<&str> =
        res.body["details"]["fields"].as_array().into_iter().flatten().filter_map(|f| f["field"].as_str()).collect();
    assert!(fields.contains(&"allowedDomains[0]") && fields.contains(&"color"), "{}", res.body);
    let res = app.patch(&format!("/api/v1/widgets/{id}"), &s.owner.token, json!({ "greeting": { "xx": "Hi" } })).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "only the product's languages");

    let rotated = app.post(&format!("/api/v1/widgets/{id}/identity-secret"), Some(&s.owner.token), json!({})).await;
    assert_eq!(rotated.status, StatusCode::OK);
    assert_ne!(rotated.body["secret"], w["identitySecret"]);

    assert_eq!(app.delete(&format!("/api/v1/widgets/{id}"), &s.owner.token).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.get(&format!("/api/v1/widgets/{id}"), &s.owner.token).await.status, StatusCode::NOT_FOUND);
    let res = public(app, Method::GET, &s.path("config"), Some(SITE), None, None).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "a deleted widget's key names nothing");
}

#[tokio::test]
async fn a_page_on_a_domain_not_allowed_is_refused_and_cors_answers_allowed_origins_only() {
    let s = site().await;
    let app = &s.app;
    let ok = public(app, Method::GET, &s.path("config?lang=fr"), Some(SITE), None, None).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    assert_eq!(ok.body["greeting"], "Bonjour !");
    assert_eq!(ok.body["languages"], json!(["en", "fr"]));
    assert_eq!(ok.headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).and_then(|v| v.to_str().ok()), Some(SITE));
    let sub = public(app, Method::GET, &s.path("config"), Some("https://www.acme.org"), None, None).await;
    assert_eq!(sub.status, StatusCode::OK, "a subdomain of a wildcard");
    assert_eq!(sub.body["greeting"], "Hello!", "English when the language is not given");

    for origin in [Some("https://evil.example.net"), Some("https://acme.org"), Some("null"), None] {
        let res = public(app, Method::GET, &s.path("config"), origin, None, None).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{origin:?}");
        assert_eq!(res.code(), "origin_not_allowed");
        assert!(res.headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
        let res = public(app, Method::POST, &s.path("visitors"), origin, None, Some(json!({}))).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "no visitor is made from {origin:?}");
    }

    let preflight = |origin: &'static str| {
        Request::builder()
            .method(Method::OPTIONS)
            .uri(s.path("messages"))
            .header(header::ORIGIN, origin)
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
            .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type, x-visitor-token")
            .body(Body::empty())
            .expect("request")
    };
    let res = app.send(preflight(SITE)).await;
    assert_eq!(res.status, StatusCode::NO_CONTENT);
    assert_eq!(res.headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).and_then(|v| v.to_str().ok()), Some(SITE));
    let allowed = res.headers.get(header::ACCESS_CONTROL_ALLOW_HEADERS).and_then(|v| v.to_str().ok()).unwrap_or("");
    assert!(allowed.contains("x-visitor-token"));
    let res = app.send(preflight("https://evil.example.net")).await;
    assert!(res.headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());

    // The rest of the API keeps its own CORS (closed by default) whatever a widget allows.
    let res = public(app, Method::GET, "/api/v1/config", Some(SITE), None, None).await;
    assert!(res.headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
}

#[tokio::test]
async fn a_forged_token_or_another_widgets_visitor_is_refused() {
    let s = site().await;
    let v = s.visitor().await;
    assert_eq!(s.session(&v).await.status, StatusCode::OK);
    let forged = Visitor { id: v.id.clone(), token: format!("{}x", v.token) };
    let res = s.session(&forged).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert_eq!(res.code(), "invalid_visitor");
    let res = public(&s.app, Method::GET, &s.path("session"), Some(SITE), None, None).await;
    assert_eq!(res.code(), "invalid_visitor", "no token");
    let res = s.say(&forged, json!({ "clientId": Uuid::now_v7(), "text": "hi" })).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);

    // A visitor of one workspace's widget is nobody on another's.
    let owner = s.app.signup("Other Shop").await;
    let w =
        s.app.post("/api/v1/widgets", Some(&owner.token), json!({ "name": "Other", "allowedDomains": [SITE] })).await;
    assert_eq!(w.status, StatusCode::CREATED, "{}", w.body);
    let path = format!("/api/v1/widget/{}/session", w.body["key"].as_str().expect("key"));
    let res = public(&s.app, Method::GET, &path, Some(SITE), Some(&v.token), None).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{}", res.body);
}

#[tokio::test]
async fn a_visitors_message_is_stored_once_as_text_and_reaches_the_inbox() {
    let s = site().await;
    let app = &s.app;
    let v = s.visitor().await;
    let client_id = Uuid::now_v7();
    let html = "<script>alert('x')</script><b>bold</b> & \"quotes\"";
    let first = s.say(&v, json!({ "clientId": client_id, "text": html })).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    assert_eq!(first.body["text"], html, "stored and answered as the text it is");
    assert_eq!(first.body["from"], "visitor");
    assert_eq!(first.body["clientId"], client_id.to_string());
    let again = s.say(&v, json!({ "clientId": client_id, "text": html })).await;
    assert_eq!(again.status, StatusCode::OK, "a resend of the same clientId");
    assert_eq!(again.body["id"], first.body["id"]);

    let session = s.session(&v).await;
    assert_eq!(session.body["messages"].as_array().map(Vec::len), Some(1), "{}", session.body);
    let conversation = session.body["conversationId"].as_str().expect("conversation").to_owned();

    let list = app.get("/api/v1/conversations", &s.owner.token).await;
    let convs = list.body["items"].as_array().cloned().unwrap_or_default();
    let conv = convs.iter().find(|c| c["id"] == conversation.as_str()).expect("the conversation is in the inbox");
    assert_eq!(conv["connectionId"], s.widget["channelId"], "on the widget's own channel");
    let messages = app.get(&format!("/api/v1/conversations/{conversation}/messages"), &s.owner.token).await;
    let items = messages.body["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(items.len(), 1, "stored once: {}", messages.body);
    assert_eq!(items[0]["content"]["text"], html);
    assert_eq!(items[0]["direction"], "inbound");

    // The agents' panel: where the visitor is and came from.
    let panel = app.get(&format!("/api/v1/conversations/{conversation}/visitor"), &s.owner.token).await;
    assert_eq!(panel.status, StatusCode::OK, "{}", panel.body);
    assert_eq!(panel.body["context"]["utm"]["campaign"], "spring");
    assert_eq!(panel.body["context"]["country"], "FR");
    assert_eq!(panel.body["context"]["timeZone"], "Europe/Paris");
    let page = public(
        app,
        Method::POST,
        &s.path("pages"),
        Some(SITE),
        Some(&v.token),
        Some(json!({ "url": "https://shop.example.com/checkout", "title": "Checkout" })),
    )
    .await;
    assert_eq!(page.status, StatusCode::NO_CONTENT);
    let panel = app.get(&format!("/api/v1/conversations/{conversation}/visitor"), &s.owner.token).await;
    let pages = panel.body["pages"].as_array().cloned().unwrap_or_default();
    assert_eq!(pages.len(), 2, "{}", panel.body);
    assert_eq!(pages[1]["title"], "Checkout");
    assert_eq!(panel.body["context"]["url"], "https://shop.example.com/checkout");

    let other = app.signup("Elsewhere").await;
    let res = app.get(&format!("/api/v1/conversations/{conversation}/visitor"), &other.token).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn another_visitors_files_cannot_be_sent_or_fetched() {
    let s = site().await;
    let app = &s.app;
    let a = s.visitor().await;
    let b = s.visitor().await;
    let up = upload(app, &s.key, &a.token, "dot.png", "image/png", PNG).await;
    assert_eq!(up.status, StatusCode::CREATED, "{}", up.body);
    assert_eq!(up.body["mime"], "image/png");
    let media = up.body["mediaId"].as_str().expect("media").to_owned();

    let res = s.say(&b, json!({ "clientId": Uuid::now_v7(), "mediaId": media })).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
    let fetch = |token: &str| {
        Request::builder()
            .uri(format!("{}?token={token}", s.path(&format!("media/{media}"))))
            .body(Body::empty())
            .expect("request")
    };
    assert_eq!(app.send(fetch(&b.token)).await.status, StatusCode::NOT_FOUND);

    let sent = s.say(&a, json!({ "clientId": Uuid::now_v7(), "mediaId": media, "text": "my screen" })).await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.body);
    assert_eq!(sent.body["type"], "image");
    assert_eq!(sent.body["media"]["id"], media.as_str());
    assert_eq!(sent.body["text"], "my screen");
    let mine = app.send(fetch(&a.token)).await;
    assert_eq!(mine.status, StatusCode::OK, "without an Origin, as an <img> asks");
    assert_eq!(mine.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()), Some("image/png"));
    assert_eq!(app.send(fetch(&b.token)).await.status, StatusCode::NOT_FOUND, "still not the other visitor's");
}

#[tokio::test]
async fn oversized_text_and_files_and_other_file_types_are_refused() {
    let s = site().await;
    let app = &s.app;
    let v = s.visitor().await;
    let res = s.say(&v, json!({ "clientId": Uuid::now_v7(), "text": "a".repeat(4097) })).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    let res = s.say(&v, json!({ "clientId": Uuid::now_v7(), "text": "é".repeat(4096) })).await;
    assert_eq!(res.status, StatusCode::CREATED, "4096 characters, whatever their bytes");
    let res = s.say(&v, json!({ "clientId": Uuid::now_v7(), "text": "   " })).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "nothing to send");

    let big = vec![0x89u8; 50 * 1024 * 1024];
    let res = upload(app, &s.key, &v.token, "huge.png", "image/png", &big).await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", res.body);
    let res = upload(app, &s.key, &v.token, "note.png", "image/png", b"<html><script>x</script></html>").await;
    assert_eq!(res.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "the bytes decide, not the name: {}", res.body);
    let res = upload(app, &s.key, &v.token, "a.pdf", "application/pdf", b"%PDF-1.4\n%%EOF\n").await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);

    let huge_json = json!({ "url": format!("https://shop.example.com/{}", "a".repeat(70 * 1024)) });
    let res = public(app, Method::POST, &s.path("pages"), Some(SITE), Some(&v.token), Some(huge_json)).await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE, "JSON bodies are at most 64 KB");

    let session = s.session(&v).await;
    assert_eq!(session.body["messages"].as_array().map(Vec::len), Some(1), "only the valid message is stored");
}

#[tokio::test]
async fn a_flooding_visitor_is_refused_while_another_visitor_still_writes() {
    let s = site().await;
    let flood = s.visitor().await;
    let genuine = s.visitor().await;
    let mut created = 0;
    let mut limited = None;
    for i in 0..40 {
        let res = s.say(&flood, json!({ "clientId": Uuid::now_v7(), "text": format!("spam {i}") })).await;
        match res.status {
            StatusCode::CREATED => created += 1,
            StatusCode::TOO_MANY_REQUESTS => {
                limited = Some(res);
                break;
            }
            other => panic!("unexpected {other}: {}", res.body),
        }
    }
    let limited = limited.expect("the flood is refused");
    // 20 at once, then the bucket refills at 2 a second while the loop runs.
    assert!((20..=25).contains(&created), "about 20 messages per 10 seconds, not {created}");
    assert_eq!(limited.code(), "rate_limited");
    assert!(limited.body["details"]["retryAfter"].as_u64().is_some_and(|s| s >= 1), "{}", limited.body);
    assert!(limited.headers.contains_key(header::RETRY_AFTER));

    let res = s.say(&genuine, json!({ "clientId": Uuid::now_v7(), "text": "Is this in stock?" })).await;
    assert_eq!(res.status, StatusCode::CREATED, "another visitor is not held up: {}", res.body);
    let session = s.session(&flood).await;
    assert_eq!(session.body["messages"].as_array().map(Vec::len), Some(created), "nothing accepted was lost");
}

fn hmac_hex(secret: &str, subject: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("key");
    mac.update(subject.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

#[tokio::test]
async fn identify_links_the_visitor_to_the_contact_only_with_a_matching_hash() {
    let s = site().await;
    let app = &s.app;
    let secret = s.widget["identitySecret"].as_str().expect("secret").to_owned();
    let known = app
        .post(
            "/api/v1/contacts",
            Some(&s.owner.token),
            json!({ "phone": "+33612345678", "name": "Camille", "email": "camille@example.com" }),
        )
        .await;
    assert_eq!(known.status, StatusCode::CREATED, "{}", known.body);
    let v = s.visitor().await;
    let sent = s.say(&v, json!({ "clientId": Uuid::now_v7(), "text": "Where is my order?" })).await;
    assert_eq!(sent.status, StatusCode::CREATED);

    let identify_path = s.path("identify");
    let identify = |body: Value| public(app, Method::POST, &identify_path, Some(SITE), Some(&v.token), Some(body));
    let wrong =
        identify(json!({ "email": "camille@example.com", "hash": hmac_hex("not-the-secret", "camille@example.com") }))
            .await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    assert_eq!(wrong.code(), "identity_mismatch");
    let other_subject =
        identify(json!({ "email": "camille@example.com", "hash": hmac_hex(&secret, "boss@example.com") })).await;
    assert_eq!(other_subject.code(), "identity_mismatch", "a hash made for someone else");
    let garbage = identify(json!({ "email": "camille@example.com", "hash": "zz" })).await;
    assert_eq!(garbage.code(), "identity_mismatch");
    let session = s.session(&v).await;
    assert_eq!(session.body["visitor"]["identified"], false, "nothing changed");
    let conversation = session.body["conversationId"].as_str().expect("conversation").to_owned();
    let conv = app.get(&format!("/api/v1/conversations/{conversation}"), &s.owner.token).await;
    assert_ne!(conv.body["contactId"], known.body["id"]);

    let ok = identify(json!({ "email": "camille@example.com", "name": "Camille D.",
                             "hash": hmac_hex(&secret, "camille@example.com") }))
    .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    assert_eq!(ok.body["identified"], true);
    let conv = app.get(&format!("/api/v1/conversations/{conversation}"), &s.owner.token).await;
    assert_eq!(conv.body["contactId"], known.body["id"], "one contact, one timeline: {}", conv.body);
    let session = s.session(&v).await;
    assert_eq!(session.body["messages"].as_array().map(Vec::len), Some(1), "the history stays");

    // The same person on another device sees the same conversation once identified.
    let phone = s.visitor().await;
    let res = public(
        app,
        Method::POST,
        &s.path("identify"),
        Some(SITE),
        Some(&phone.token),
        Some(json!({ "email": "camille@example.com", "hash": hmac_hex(&secret, "camille@example.com") })),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK);
    let session = s.session(&phone).await;
    assert_eq!(session.body["conversationId"], conversation.as_str());
    assert_eq!(session.body["messages"][0]["text"], "Where is my order?");
}

#[tokio::test]
async fn the_prechat_form_requires_what_the_widget_requires() {
    let s = site().await;
    let app = &s.app;
    let id = s.widget["id"].as_str().expect("id");
    let res = app
        .patch(
            &format!("/api/v1/widgets/{id}"),
            &s.owner.token,
            json!({ "prechat": { "name": "required", "email": "required", "phone": "optional", "consent": "required",
                    "consentText": { "en": "I agree to be contacted" } } }),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let v = s.visitor().await;
    let prechat_path = s.path("prechat");
    let prechat = |body: Value| public(app, Method::POST, &prechat_path, Some(SITE), Some(&v.token), Some(body));
    let res = prechat(json!({ "name": "Ana" })).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> =
        res.body["details"]["fields"].as_array().into_iter().flatten().filter_map(|f| f["field"].as_str()).collect();
    assert!(fields.contains(&"email") && fields.contains(&"consent"), "{}", res.body);
    let res = prechat(json!({ "name": "Ana", "email": "not-an-email", "consent": true })).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let res = prechat(json!({ "name": "Ana", "email": "ana@example.com", "consent": true })).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.body["name"], "Ana");
    assert_eq!(res.body["identified"], false, "a form is not proof of who someone is");
    let cfg = public(app, Method::GET, &s.path("config"), Some(SITE), None, None).await;
    assert_eq!(cfg.body["prechat"]["consent"], "required");
    assert_eq!(cfg.body["prechat"]["consentText"], "I agree to be contacted");
}

#[tokio::test]
async fn an_agent_reply_reaches_the_visitor_and_the_visitor_reads_it() {
    let s = site_on(TestApp::spawn_channel().await).await;
    let app = &s.app;
    let v = s.visitor().await;
    let sent = s.say(&v, json!({ "clientId": Uuid::now_v7(), "text": "Hello?" })).await;
    assert_eq!(sent.status, StatusCode::CREATED);
    let conversation = s.session(&v).await.body["conversationId"].as_str().expect("conversation").to_owned();

    let reply = app
        .post(
            &format!("/api/v1/conversations/{conversation}/messages"),
            Some(&s.owner.token),
            json!({ "type": "text", "text": "Hi! How can I help?" }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{}", reply.body);
    let id = reply.body["id"].as_str().expect("id").to_owned();
    let mut status = String::new();
    for _ in 0..100 {
        status = app.get(&format!("/api/v1/messages/{id}"), &s.owner.token).await.body["status"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        if status == "sent" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(status, "sent", "no API to call: sent at once");

    let session = s.session(&v).await;
    let messages = session.body["messages"].as_array().cloned().unwrap_or_default();
    assert_eq!(messages.len(), 2, "{}", session.body);
    assert_eq!(messages[1]["from"], "agent");
    assert_eq!(messages[1]["text"], "Hi! How can I help?");
    assert!(messages[1]["authorName"].is_string());

    let buttons = app
        .post(
            &format!("/api/v1/conversations/{conversation}/messages"),
            Some(&s.owner.token),
            json!({ "type": "buttons", "text": "Pick one", "buttons": [{ "id": "b1", "title": "Shipping" },
                                                                      { "id": "b2", "title": "Returns" }] }),
        )
        .await;
    assert_eq!(buttons.status, StatusCode::ACCEPTED, "{}", buttons.body);
    let history = public(app, Method::GET, &s.path("messages?limit=1"), Some(SITE), Some(&v.token), None).await;
    assert_eq!(history.body["hasMore"], true);
    let last = &history.body["items"][0];
    assert_eq!(last["type"], "interactive");
    assert_eq!(last["buttons"][1]["title"], "Returns");

    let read =
        public(app, Method::POST, &s.path("read"), Some(SITE), Some(&v.token), Some(json!({ "upTo": id }))).await;
    assert_eq!(read.status, StatusCode::NO_CONTENT);
    let m = app.get(&format!("/api/v1/messages/{id}"), &s.owner.token).await;
    assert_eq!(m.body["status"], "read", "{}", m.body);
    let click = s
        .say(&v, json!({ "clientId": Uuid::now_v7(), "text": "Returns", "reply": { "id": "b2", "title": "Returns" } }))
        .await;
    assert_eq!(click.status, StatusCode::CREATED, "{}", click.body);
    let messages = app.get(&format!("/api/v1/conversations/{conversation}/messages"), &s.owner.token).await;
    let newest = &messages.body["items"][0];
    assert_eq!(newest["type"], "button_reply", "stored as an interactive reply, as flows expect");
    assert_eq!(newest["content"]["buttonId"], "b2");
}

#[tokio::test]
async fn a_chatbot_flow_answers_a_visitor_with_buttons_and_a_click_takes_its_branch() {
    let s = site().await;
    let app = &s.app;
    let flow = app
        .post("/api/v1/flows", Some(&s.owner.token), json!({ "name": "Welcome", "templateKey": "welcome_menu" }))
        .await;
    assert_eq!(flow.status, StatusCode::CREATED, "{}", flow.body);
    let id = flow.body["id"].as_str().expect("id");
    let res = app.post(&format!("/api/v1/flows/{id}/publish"), Some(&s.owner.token), json!({})).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);

    let v = s.visitor().await;
    let sent = s.say(&v, json!({ "clientId": Uuid::now_v7(), "text": "hello there" })).await;
    assert_eq!(sent.status, StatusCode::CREATED);
    let settle = || async {
        for _ in 0..20 {
            if app.services.flow_runner.drain().await.expect("runner") == 0 {
                return;
            }
        }
        panic!("flow events did not settle");
    };
    settle().await;
    let session = s.session(&v).await;
    let messages = session.body["messages"].as_array().cloned().unwrap_or_default();
    assert_eq!(messages.len(), 2, "the flow answered: {}", session.body);
    let menu = &messages[1];
    assert_eq!((menu["from"].as_str(), menu["type"].as_str()), (Some("bot"), Some("interactive")), "{menu}");
    let hours = menu["buttons"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|b| b["id"] == "hours")
        .cloned()
        .expect("the menu offers opening hours");

    let click = s
        .say(&v, json!({ "clientId": Uuid::now_v7(), "text": hours["title"], "reply": { "id": "hours", "title": hours["title"] } }))
        .await;
    assert_eq!(click.status, StatusCode::CREATED, "{}", click.body);
    settle().await;
    let session = s.session(&v).await;
    let messages = session.body["messages"].as_array().cloned().unwrap_or_default();
    let last = messages.last().expect("messages");
    assert_eq!(last["from"], "bot");
    assert!(last["text"].as_str().is_some_and(|t| t.starts_with("We are open")), "the branch was taken: {last}");
}

#[tokio::test]
async fn a_visitors_contact_export_holds_their_visits_and_erasing_it_forgets_the_visitor() {
    let s = site().await;
    let app = &s.app;
    let v = s.visitor().await;
    let res =
        public(app, Method::POST, &s.path("prechat"), Some(SITE), Some(&v.token), Some(json!({ "name": "Ana Erase" })))
            .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(s.say(&v, json!({ "clientId": Uuid::now_v7(), "text": "forget me" })).await.status, StatusCode::CREATED);
    let conversation = s.session(&v).await.body["conversationId"].as_str().expect("conversation").to_owned();
    let contact = app.get(&format!("/api/v1/conversations/{conversation}"), &s.owner.token).await.body["contactId"]
        .as_str()
        .expect("contact")
        .to_owned();
    // The contact's export (GDPR, right of access) carries what the widget knows of them as a visitor.
    let zip_bytes = app.bytes(&format!("/api/v1/contacts/{contact}/export"), &s.owner.token).await;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(zip_bytes)).expect("a ZIP");
    let mut visits = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("website_visits.json").expect("website_visits.json"), &mut visits)
        .expect("read");
    let visits: Value = serde_json::from_str(&visits).expect("JSON");
    assert_eq!(visits[0]["name"], "Ana Erase", "{visits}");
    assert_eq!(visits[0]["context"]["utm"]["source"], "news");
    let res = app
        .post(&format!("/api/v1/contacts/{contact}/erase"), Some(&s.owner.token), json!({ "confirm": "Ana Erase" }))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(s.session(&v).await.code(), "invalid_visitor", "the token names nobody any more");
    let panel = app.get(&format!("/api/v1/conversations/{conversation}/visitor"), &s.owner.token).await;
    assert_eq!(panel.status, StatusCode::NOT_FOUND, "no page, referrer or name is left: {}", panel.body);
}

#[tokio::test]
async fn a_visitor_whose_contact_was_merged_keeps_writing_in_the_same_conversation() {
    let s = site().await;
    let app = &s.app;
    let v = s.visitor().await;
    assert_eq!(s.say(&v, json!({ "clientId": Uuid::now_v7(), "text": "first" })).await.status, StatusCode::CREATED);
    let conversation = s.session(&v).await.body["conversationId"].as_str().expect("conversation").to_owned();
    let visitor_contact =
        app.get(&format!("/api/v1/conversations/{conversation}"), &s.owner.token).await.body["contactId"]
            .as_str()
            .expect("contact")
            .to_owned();
    let kept =
        app.post("/api/v1/contacts", Some(&s.owner.token), json!({ "phone": "+34612345678", "name": "Lucía" })).await;
    assert_eq!(kept.status, StatusCode::CREATED, "{}", kept.body);
    let kept = kept.body["id"].as_str().expect("id").to_owned();
    let merged = app
        .post(&format!("/api/v1/contacts/{kept}/merge"), Some(&s.owner.token), json!({ "otherId": visitor_contact }))
        .await;
    assert_eq!(merged.status, StatusCode::OK, "{}", merged.body);

    let second = s.say(&v, json!({ "clientId": Uuid::now_v7(), "text": "second" })).await;
    assert_eq!(second.status, StatusCode::CREATED, "{}", second.body);
    let session = s.session(&v).await;
    assert_eq!(session.body["conversationId"], conversation.as_str(), "{}", session.body);
    assert_eq!(session.body["messages"].as_array().map(Vec::len), Some(2), "one thread: {}", session.body);
}

#[tokio::test]
async fn a_widgets_new_conversations_go_to_its_team() {
    let s = site().await;
    let app = &s.app;
    let team = app.post("/api/v1/teams", Some(&s.owner.token), json!({ "name": "Web sales" })).await;
    assert_eq!(team.status, StatusCode::CREATED, "{}", team.body);
    let team = team.body["id"].as_str().expect("team").to_owned();
    let id = s.widget["id"].as_str().expect("id");
    let res = app.patch(&format!("/api/v1/widgets/{id}"), &s.owner.token, json!({ "teamId": team })).await;
    assert_eq!(res.body["teamId"], team.as_str(), "{}", res.body);
    let other = app.signup("Team Thief").await;
    let theirs = app.post("/api/v1/teams", Some(&other.token), json!({ "name": "Theirs" })).await;
    let theirs = theirs.body["id"].as_str().expect("team");
    let res = app.patch(&format!("/api/v1/widgets/{id}"), &s.owner.token, json!({ "teamId": theirs })).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "another workspace's team: {}", res.body);

    let v = s.visitor().await;
    assert_eq!(s.say(&v, json!({ "clientId": Uuid::now_v7(), "text": "hi" })).await.status, StatusCode::CREATED);
    let conversation = s.session(&v).await.body["conversationId"].as_str().expect("conversation").to_owned();
    let conv = app.get(&format!("/api/v1/conversations/{conversation}"), &s.owner.token).await;
    assert_eq!(conv.body["teamId"], team.as_str(), "{}", conv.body);
}
