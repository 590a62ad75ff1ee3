//! GDPR tools end to end, with the simulator playing WhatsApp and the workers running: a contact's export (a ZIP
//! checked entry by entry, a media file included), its erasure (content and files gone, rows and counts kept, an
//! audit entry, harmless twice, refused to agents and across tenants, skipped by a running campaign), the workspace
//! export and message retention.

use axum::http::{Method, StatusCode};
use chrono::Timelike;
use parley_services::privacy::PrivacyService;
use parley_test_support::{Signup, TestApp};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::{Value, json};
use std::io::Read;
use std::time::Duration;

async fn eventually<F, Fut>(what: &str, mut check: F) -> Value
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<Value>>,
{
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(v) = check().await {
            return v;
        }
        assert!(tokio::time::Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn sql_count(app: &TestApp, sql: &str) -> i64 {
    let db = app.owner_db().await;
    let row = db.query_one_raw(Statement::from_string(DbBackend::Postgres, sql)).await.expect("query").expect("row");
    row.try_get_by_index::<i64>(0).expect("count")
}

async fn sql(app: &TestApp, sql: &str) {
    app.owner_db().await.execute_unprepared(sql).await.expect("sql");
}

fn unzip(bytes: &[u8]) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a ZIP");
    let mut out = std::collections::BTreeMap::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).expect("entry");
        let mut buf = Vec::new();
        f.read_to_end(&mut buf).expect("read");
        out.insert(f.name().expect("a name").into_owned(), buf);
    }
    out
}

fn json_of(files: &std::collections::BTreeMap<String, Vec<u8>>, name: &str) -> Value {
    serde_json::from_slice(files.get(name).unwrap_or_else(|| panic!("{name} in the ZIP"))).expect("JSON")
}

async fn messages(app: &TestApp, token: &str, conversation: &str) -> Vec<Value> {
    let res = app.get(&format!("/api/v1/conversations/{conversation}/messages"), token).await;
    res.body["items"].as_array().cloned().unwrap_or_default()
}

/// A customer who wrote a text and sent a photo, with a deal, a ticket with a comment and a consent change.
struct Customer {
    contact: String,
    conversation: String,
    media_url: String,
    media_id: String,
}

async fn customer(app: &TestApp, owner: &Signup, phone_digits: &str) -> Customer {
    let n = app.cloud_number(owner).await;
    let path = format!("/customers/{phone_digits}/messages");
    app.ch()
        .sim_post(
            &path,
            json!({ "phoneNumberId": n.phone_number_id, "type": "text", "text": "my address is 1 Rua Augusta" }),
        )
        .await;
    app.ch()
        .sim_post(&path, json!({ "phoneNumberId": n.phone_number_id, "type": "image", "caption": "my passport" }))
        .await;
    let conv = eventually("conversation", || async {
        app.get("/api/v1/conversations", &owner.token).await.body["items"].as_array().and_then(|a| a.first().cloned())
    })
    .await;
    let conversation = conv["id"].as_str().expect("id").to_owned();
    let image = eventually("stored image", || async {
        messages(app, &owner.token, &conversation).await.into_iter().find(|m| m["media"]["status"] == "stored")
    })
    .await;
    eventually("the text", || async {
        messages(app, &owner.token, &conversation).await.into_iter().find(|m| m["type"] == "text")
    })
    .await;
    let contact = conv["contactId"].as_str().expect("contact id").to_owned();
    let patched = app
        .patch(
            &format!("/api/v1/contacts/{contact}"),
            &owner.token,
            json!({ "name": "Ana Gomez", "email": "ana@example.com", "notes": "prefers mornings" }),
        )
        .await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.body);
    let consent = app
        .call(
            Method::PUT,
            &format!("/api/v1/contacts/{contact}/consent"),
            Some(&owner.token),
            Some(json!({ "status": "opted_in" })),
        )
        .await;
    assert_eq!(consent.status, StatusCode::OK, "{}", consent.body);
    let deal = app
        .post("/api/v1/deals", Some(&owner.token), json!({ "title": "Ana's sofa", "contactId": contact, "value": 900 }))
        .await;
    assert_eq!(deal.status, StatusCode::CREATED, "{}", deal.body);
    let ticket = app
        .post(
            "/api/v1/tickets",
            Some(&owner.token),
            json!({ "subject": "Ana's broken sofa leg", "conversationId": conversation }),
        )
        .await;
    assert_eq!(ticket.status, StatusCode::CREATED, "{}", ticket.body);
    let tid = ticket.body["id"].as_str().expect("ticket id");
    let comment = app
        .post(&format!("/api/v1/tickets/{tid}/comments"), Some(&owner.token), json!({ "body": "Ana called again" }))
        .await;
    assert_eq!(comment.status, StatusCode::CREATED, "{}", comment.body);
    Customer {
        contact,
        conversation,
        media_url: image["media"]["url"].as_str().expect("media url").to_owned(),
        media_id: image["media"]["id"].as_str().or(image["mediaId"].as_str()).expect("media id").to_owned(),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_contact_s_export_holds_its_profile_consent_messages_deals_tickets_and_media() {
    let app = TestApp::spawn_channel().await;
    let owner = app.signup("Sofa Shop").await;
    let c = customer(&app, &owner, "351912345678").await;
    let photo = app.bytes(&c.media_url, &owner.token).await;

    let res = app.call(Method::GET, &format!("/api/v1/contacts/{}/export", c.contact), Some(&owner.token), None).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.headers["content-type"], "application/zip");
    assert!(res.headers["content-disposition"].to_str().expect("ascii").starts_with("attachment"));
    let bytes = app.bytes(&format!("/api/v1/contacts/{}/export", c.contact), &owner.token).await;
    let files = unzip(&bytes);

    let contact = json_of(&files, "contact.json");
    assert_eq!(contact["name"], "Ana Gomez");
    assert_eq!(contact["phone"], "+351912345678");
    assert_eq!(contact["email"], "ana@example.com");
    assert_eq!(contact["consent"]["status"], "opted_in");
    let consent = json_of(&files, "consent_history.json");
    assert_eq!(consent["current"]["status"], "opted_in");
    assert_eq!(consent["changes"][0]["title"], "opted_in", "{consent}");
    let msgs = json_of(&files, "messages.json");
    let msgs = msgs.as_array().expect("messages");
    assert!(msgs.iter().any(|m| m["text"] == "my address is 1 Rua Augusta" && m["direction"] == "inbound"));
    let image = msgs.iter().find(|m| m["type"] == "image").expect("the image message");
    assert_eq!(image["content"]["caption"], "my passport");
    assert_eq!(image["conversation_id"], c.conversation.as_str());
    assert_eq!(json_of(&files, "deals.json")[0]["title"], "Ana's sofa");
    let tickets = json_of(&files, "tickets.json");
    assert_eq!(tickets[0]["subject"], "Ana's broken sofa leg");
    assert_eq!(tickets[0]["comments"][0]["body"], "Ana called again");
    assert_eq!(json_of(&files, "conversations.json")[0]["id"], c.conversation.as_str());
    let media: Vec<_> = files.keys().filter(|k| k.starts_with("media/")).collect();
    assert_eq!(media.len(), 1, "{:?}", files.keys());
    assert!(media[0].starts_with(&format!("media/{}.", c.media_id)), "{media:?}");
    assert_eq!(files[media[0]], photo, "the stored file, byte for byte");
    let readme = String::from_utf8(files["README.txt"].clone()).expect("text");
    assert!(readme.contains("consent_history.json") && readme.contains("media/"));

    let audit = app.get("/api/v1/audit-logs", &owner.token).await;
    assert!(audit.body.to_string().contains("contact.exported"), "{}", audit.body);

    // Agents do not export dossiers; another workspace's id is not found.
    let agent = app.add_member(&owner, "agent").await;
    let res = app.call(Method::GET, &format!("/api/v1/contacts/{}/export", c.contact), Some(&agent.token), None).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let other = app.signup("Other Shop").await;
    let res = app.call(Method::GET, &format!("/api/v1/contacts/{}/export", c.contact), Some(&other.token), None).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread")]
async fn erasing_a_contact_removes_its_content_and_files_keeps_the_counts_and_is_harmless_twice() {
    let app = TestApp::spawn_channel().await;
    let owner = app.signup("Sofa Shop").await;
    let c = customer(&app, &owner, "351912345679").await;
    let erase = format!("/api/v1/contacts/{}/erase", c.contact);
    let rows = "select count(*) from messages";
    let by_direction = "select count(*) from messages where direction = 'inbound'";
    let (before, inbound_before) = (sql_count(&app, rows).await, sql_count(&app, by_direction).await);
    let key_sql = format!("select count(*) from media_files where id = '{}' and storage_key is not null", c.media_id);
    assert_eq!(sql_count(&app, &key_sql).await, 1);

    // Managers, agents and other workspaces cannot; a wrong confirmation changes nothing.
    let manager = app.add_member(&owner, "manager").await;
    let agent = app.add_member(&owner, "agent").await;
    for t in [&manager.token, &agent.token] {
        let res = app.post(&erase, Some(t), json!({ "confirm": "+351912345679" })).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);
    }
    let other = app.signup("Other Shop").await;
    let res = app.post(&erase, Some(&other.token), json!({ "confirm": "+351912345679" })).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res = app.post(&erase, Some(&owner.token), json!({ "confirm": "Ana" })).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert_eq!(app.get(&format!("/api/v1/contacts/{}", c.contact), &owner.token).await.body["name"], "Ana Gomez");

    let res = app.post(&erase, Some(&owner.token), json!({ "confirm": "+351 912 345 679" })).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.body["alreadyErased"], false);
    assert_eq!(res.body["media"], 1);
    assert!(res.body["messages"].as_i64().expect("count") >= 2, "{}", res.body);

    let contact = app.get(&format!("/api/v1/contacts/{}", c.contact), &owner.token).await.body;
    assert_eq!(contact["name"], "Erased contact");
    assert!(contact["phone"].is_null() && contact["email"].is_null() && contact["notes"].is_null(), "{contact}");
    assert_eq!(contact["consent"]["status"], "opted_out");
    assert!(contact["erasedAt"].is_string());
    // The rows stay (analytics count them), their content does not.
    assert_eq!(sql_count(&app, rows).await, before);
    assert_eq!(sql_count(&app, by_direction).await, inbound_before);
    let left = messages(&app, &owner.token, &c.conversation).await;
    let all = serde_json::to_string(&left).expect("json");
    for secret in ["Rua Augusta", "passport", "Ana"] {
        assert!(!all.contains(secret), "{secret} is gone from the messages: {all}");
    }
    let files = sql_count(
        &app,
        &format!(
            "select count(*) from media_files where id = '{}' and storage_key is null and deleted_at is not null",
            c.media_id
        ),
    )
    .await;
    assert_eq!(files, 1, "the file row stays, detached");
    assert_eq!(sql_count(&app, "select count(*) from media_deletions").await, 0, "the object was deleted after commit");
    let deals = app.get(&format!("/api/v1/contacts/{}/timeline", c.contact), &owner.token).await;
    assert!(!deals.body.to_string().contains("Ana"), "{}", deals.body);
    assert_eq!(sql_count(&app, "select count(*) from deals where title = 'Erased contact' and value = 900").await, 1);
    assert_eq!(sql_count(&app, "select count(*) from ticket_comments where body = '[erased]'").await, 1);

    let audit = app.get("/api/v1/audit-logs", &owner.token).await;
    let entry = audit.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|e| e["action"] == "contact.erased")
        .cloned()
        .unwrap_or_else(|| panic!("an audit entry in {}", audit.body));
    assert_eq!(entry["targetId"], c.contact.as_str());
    assert!(!entry.to_string().contains("351912345679"), "no personal data in the audit entry: {entry}");

    // Nothing can be sent to it; a second erasure is harmless.
    let send = app
        .post(
            &format!("/api/v1/conversations/{}/messages", c.conversation),
            Some(&owner.token),
            json!({ "type": "text", "text": "hi" }),
        )
        .await;
    assert_eq!((send.status, send.code()), (StatusCode::CONFLICT, "contact_erased"), "{}", send.body);
    let again = app.post(&erase, Some(&owner.token), json!({ "confirm": "anything" })).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert_eq!(again.body["alreadyErased"], true);
    assert_eq!(sql_count(&app, rows).await, before);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_running_campaign_skips_a_contact_erased_before_its_turn_and_sends_nothing_to_it() {
    let app = TestApp::spawn_campaigns(parley_services::campaigns::CampaignsConfig {
        sending_timeout: Duration::from_secs(3),
        ..Default::default()
    })
    .await;
    let owner = app.signup("Broadcast Bakery").await;
    let n = app.cloud_number(&owner).await;
    let synced =
        app.post(&format!("/api/v1/whatsapp/connections/{}/templates/sync", n.id), Some(&owner.token), json!({})).await;
    assert!(synced.status.is_success(), "{}", synced.body);
    let templates = app.get(&format!("/api/v1/whatsapp/connections/{}/templates", n.id), &owner.token).await;
    let tpl = templates
        .body
        .as_array()
        .expect("templates")
        .iter()
        .find(|t| t["name"] == "order_update")
        .expect("template")["id"]
        .clone();
    let mut ids = vec![];
    for (phone, name) in [("+447700900101", "Ana"), ("+447700900102", "Bruno")] {
        let res = app
            .post(
                "/api/v1/contacts",
                Some(&owner.token),
                json!({ "phone": phone, "name": name, "consent": "opted_in" }),
            )
            .await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        ids.push(res.body["id"].as_str().expect("id").to_owned());
    }
    // Quiet hours around now in London (UTC in winter, +1 in summer: the window is wide enough for both), so the
    // campaign runs with both recipients waiting.
    let now = chrono::Utc::now();
    let m = |mins: i64| {
        let t = now + chrono::Duration::minutes(mins);
        format!("{:02}:{:02}", t.hour(), t.minute())
    };
    let campaign = app
        .post(
            "/api/v1/campaigns",
            Some(&owner.token),
            json!({
                "name": "Winter sale", "connectionIds": [n.id], "templateId": tpl,
                "variables": { "body.1": { "source": "field", "value": "name" }, "body.2": { "source": "constant", "value": "ready" } },
                "audience": { "allContacts": true }, "quietStart": m(-120), "quietEnd": m(180)
            }),
        )
        .await;
    assert_eq!(campaign.status, StatusCode::CREATED, "{}", campaign.body);
    let id = campaign.body["id"].as_str().expect("id").to_owned();
    let started = app.post(&format!("/api/v1/campaigns/{id}/start"), Some(&owner.token), json!({})).await;
    assert_eq!(started.status, StatusCode::OK, "{}", started.body);
    let waiting = format!("select count(*) from campaign_recipients where campaign_id = '{id}' and status = 'pending'");
    assert_eq!(sql_count(&app, &waiting).await, 2);

    let res = app
        .post(&format!("/api/v1/contacts/{}/erase", ids[0]), Some(&owner.token), json!({ "confirm": "+447700900101" }))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.body["skippedCampaignMessages"], 1);
    // Quiet hours end: the sender goes on.
    sql(&app, &format!("update campaigns set quiet_start = null, quiet_end = null where id = '{id}'")).await;
    sql(&app, &format!("update campaign_recipients set not_before = now() where campaign_id = '{id}'")).await;
    eventually("the campaign to finish", || async {
        let c = app.get(&format!("/api/v1/campaigns/{id}"), &owner.token).await.body;
        (c["status"] == "completed").then_some(c)
    })
    .await;
    let outbox = app.ch().sim_get("/outbox").await.to_string();
    assert!(outbox.contains("447700900102"), "Bruno got it: {outbox}");
    assert!(!outbox.contains("447700900101"), "nothing was sent to the erased contact: {outbox}");
    let skipped = format!(
        "select count(*) from campaign_recipients where campaign_id = '{id}' and status = 'skipped' and error_code = 'contact_erased' and phone not like '+44%'"
    );
    assert_eq!(sql_count(&app, &skipped).await, 1, "skipped, and the number forgotten");
}

#[tokio::test(flavor = "multi_thread")]
async fn retention_removes_old_messages_content_keeps_newer_ones_and_the_counts() {
    let app = TestApp::spawn_channel().await;
    let owner = app.signup("Sofa Shop").await;
    let c = customer(&app, &owner, "351912345670").await;
    let settings = app.get("/api/v1/settings/data/privacy", &owner.token).await;
    assert_eq!(settings.status, StatusCode::OK);
    assert!(settings.body["retentionDays"].is_null(), "off by default: {}", settings.body);
    let too_short = app
        .call(Method::PUT, "/api/v1/settings/data/privacy", Some(&owner.token), Some(json!({ "retentionDays": 7 })))
        .await;
    assert_eq!(too_short.status, StatusCode::UNPROCESSABLE_ENTITY);
    let agent = app.add_member(&owner, "agent").await;
    let res = app
        .call(Method::PUT, "/api/v1/settings/data/privacy", Some(&agent.token), Some(json!({ "retentionDays": 30 })))
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let set = app
        .call(Method::PUT, "/api/v1/settings/data/privacy", Some(&owner.token), Some(json!({ "retentionDays": 30 })))
        .await;
    assert_eq!((set.status, set.body["retentionDays"].as_i64()), (StatusCode::OK, Some(30)), "{}", set.body);

    // The image is 40 days old, the text is today's.
    sql(&app, "update messages set created_at = now() - interval '40 days' where type = 'image'").await;
    let rows = sql_count(&app, "select count(*) from messages").await;
    let old_rows = sql_count(&app, "select count(*) from messages where created_at < now() - interval '30 days'").await;
    assert_eq!(old_rows, 1);
    let tenant = owner.tenant_id;
    let swept = PrivacyService::new(app.services.core.clone()).sweep_tenant(tenant).await.expect("sweep");
    assert_eq!((swept.messages, swept.media, swept.objects_deleted), (1, 1, 1));

    let left = messages(&app, &owner.token, &c.conversation).await;
    let text = left.iter().find(|m| m["type"] == "text").expect("text kept");
    assert_eq!(text["content"]["text"], "my address is 1 Rua Augusta", "newer messages stay");
    let image = left.iter().find(|m| m["type"] == "image").expect("image row kept");
    assert!(image["content"]["caption"].is_null(), "{image}");
    assert_eq!(sql_count(&app, "select count(*) from messages").await, rows, "the counts stay");
    assert_eq!(
        sql_count(&app, "select count(*) from messages where created_at < now() - interval '30 days'").await,
        old_rows
    );
    let again = PrivacyService::new(app.services.core.clone()).sweep_tenant(tenant).await.expect("sweep");
    assert_eq!(again.messages, 0, "nothing twice");
    assert!(app.get("/api/v1/settings/data/privacy", &owner.token).await.body["retentionRanAt"].is_string());
}

#[tokio::test(flavor = "multi_thread")]
async fn the_owner_exports_the_workspace_in_the_background_without_any_secret() {
    let app = TestApp::spawn_channel().await;
    let owner = app.signup("Sofa Shop").await;
    let _c = customer(&app, &owner, "351912345671").await;
    let agent = app.add_member(&owner, "agent").await;
    assert_eq!(
        app.post("/api/v1/settings/data/export", Some(&agent.token), json!({})).await.status,
        StatusCode::FORBIDDEN
    );
    let started = app.post("/api/v1/settings/data/export", Some(&owner.token), json!({})).await;
    assert_eq!(started.status, StatusCode::ACCEPTED, "{}", started.body);
    let id = started.body["id"].as_str().expect("id").to_owned();
    let ready = eventually("the export", || async {
        let list = app.get("/api/v1/settings/data/exports", &owner.token).await.body;
        list.as_array().and_then(|l| {
            l.iter().find(|e| e["id"] == id.as_str() && e["status"] != "pending" && e["status"] != "running").cloned()
        })
    })
    .await;
    assert_eq!(ready["status"], "ready", "{ready}");
    let url = ready["downloadUrl"].as_str().expect("download url");
    let files = unzip(&app.bytes(url, &owner.token).await);
    for f in [
        "contacts.json",
        "messages.json",
        "conversations.json",
        "deals.json",
        "tickets.json",
        "flows.json",
        "campaigns.json",
        "README.txt",
    ] {
        assert!(files.contains_key(f), "{f} in {:?}", files.keys());
    }
    assert_eq!(json_of(&files, "contacts.json")[0]["name"], "Ana Gomez");
    for (name, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        for secret in ["EAAtest", "access_token", "app_secret", "password_hash", "key_hash", "totp"] {
            assert!(!text.contains(secret), "{secret} stays out of the export ({name})");
        }
    }
    let other = app.signup("Other Shop").await;
    let res = app.call(Method::GET, url, Some(&other.token), None).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
}
