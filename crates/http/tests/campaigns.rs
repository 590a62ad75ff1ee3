//! Campaigns end to end: Parley on a real port, the simulator playing Meta (with its throughput cap, error codes
//! and status webhooks carrying `biz_opaque_callback_data`), the sender running. A campaign reaches everyone once,
//! leaves out who it must, settles statuses, counts replies, paces under the number's cap, and reacts to Meta's
//! errors by deferring, skipping or pausing.

use axum::http::StatusCode;
use parley_simulator::{FailWith, MARKETING_CAPPED_PREFIX, MessagingLimit, NumberLimits, UNDELIVERABLE_PREFIX};
use parley_test_support::{Signup, TestApp};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::{Value, json};
use std::time::Duration;

struct Shop {
    app: TestApp,
    owner: Signup,
    number: String,
    pnid: String,
}

async fn shop() -> Shop {
    let app = TestApp::spawn_campaigns(parley_services::campaigns::CampaignsConfig {
        sending_timeout: Duration::from_secs(3),
        ..Default::default()
    })
    .await;
    let owner = app.signup("Broadcast Bakery").await;
    let n = app.cloud_number(&owner).await;
    let (number, pnid) = (n.id, n.phone_number_id);
    let synced =
        app.post(&format!("/api/v1/whatsapp/connections/{number}/templates/sync"), Some(&owner.token), json!({})).await;
    assert!(synced.status.is_success(), "{}", synced.body);
    Shop { app, owner, number, pnid }
}

impl Shop {
    async fn template(&self, name: &str) -> String {
        let list =
            self.app.get(&format!("/api/v1/whatsapp/connections/{}/templates", self.number), &self.owner.token).await;
        list.body
            .as_array()
            .expect("templates")
            .iter()
            .find(|t| t["name"] == name)
            .and_then(|t| t["id"].as_str())
            .unwrap_or_else(|| panic!("template {name} in {}", list.body))
            .to_owned()
    }

    async fn label(&self, name: &str) -> String {
        let res =
            self.app.post("/api/v1/labels", Some(&self.owner.token), json!({ "name": name, "color": "#22c55e" })).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        res.body["id"].as_str().expect("id").to_owned()
    }

    async fn contact(&self, phone: &str, name: Option<&str>, labels: &[&str], consent: &str) {
        let res = self
            .app
            .post(
                "/api/v1/contacts",
                Some(&self.owner.token),
                json!({ "phone": phone, "name": name, "labelIds": labels, "consent": consent }),
            )
            .await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    }

    async fn count(&self, sql: &str) -> i64 {
        let db = self.app.owner_db().await;
        let row = db.query_one_raw(Statement::from_string(DbBackend::Postgres, sql)).await.expect("q").expect("row");
        row.try_get_by_index::<i64>(0).expect("count")
    }

    async fn campaign(&self, body: Value) -> String {
        let res = self.app.post("/api/v1/campaigns", Some(&self.owner.token), body).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        res.body["id"].as_str().expect("id").to_owned()
    }

    async fn get(&self, id: &str) -> Value {
        self.app.get(&format!("/api/v1/campaigns/{id}"), &self.owner.token).await.body
    }

    /// Polls the campaign until `check` holds (a deadline for correctness, not a timing assertion).
    async fn until(&self, id: &str, what: &str, check: impl Fn(&Value) -> bool) -> Value {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(45);
        loop {
            let c = self.get(id).await;
            if check(&c) {
                return c;
            }
            assert!(tokio::time::Instant::now() < deadline, "timed out waiting for {what}: {c}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// How many template messages the simulator got for each customer.
    async fn sends_per_customer(&self) -> std::collections::HashMap<String, usize> {
        let out = self.app.ch().sim_get("/outbox").await;
        let mut per = std::collections::HashMap::new();
        for m in out.as_array().expect("outbox") {
            let accepted = m["responseStatus"].as_u64().or(m["response_status"].as_u64()) == Some(200);
            if accepted && m["body"]["type"] == "template" {
                *per.entry(m["body"]["to"].as_str().unwrap_or_default().to_owned()).or_insert(0) += 1;
            }
        }
        per
    }
}

fn order_update(number: &str, template: &str, audience: Value) -> Value {
    json!({
        "name": "December orders", "connectionIds": [number], "templateId": template,
        "variables": {
            "body.1": { "source": "field", "value": "name" },
            "body.2": { "source": "constant", "value": "ready for pick-up" }
        },
        "audience": audience
    })
}

#[tokio::test]
async fn a_campaign_reaches_each_person_once_leaves_out_who_it_must_and_counts_statuses_and_replies() {
    let s = shop().await;
    let (vip, late) = (s.label("VIP").await, s.label("Late payers").await);
    // Two included labels overlap on Ana: she is messaged once.
    s.contact("+14155550101", Some("Ana Silva"), &[&vip, &late], "opted_in").await;
    s.contact("+14155550102", Some("Bruno"), &[&vip], "unknown").await;
    s.contact("+14155550103", Some("Carla"), &[&late], "opted_out").await;
    s.contact("+14155550104", None, &[&vip], "unknown").await; // no name and no fallback: skipped
    s.contact("+14155550105", Some("Dora"), &[&vip], "unknown").await; // suppressed
    s.contact("+14155550106", Some("Eve"), &[], "unknown").await; // not in the audience
    let sup =
        s.app.post("/api/v1/suppressions", Some(&s.owner.token), json!({ "phones": ["+14155550105", "nope"] })).await;
    assert_eq!((sup.body["added"].as_i64(), sup.body["invalid"][0].as_str()), (Some(1), Some("nope")), "{}", sup.body);
    let tpl = s.template("order_update").await;
    let id = s.campaign(order_update(&s.number, &tpl, json!({ "includeLabels": [vip, late] }))).await;
    // The mappings come back keyed by slot, as they were given.
    let saved = s.get(&id).await;
    assert_eq!(
        saved["variables"]["body.1"],
        json!({ "source": "field", "value": "name", "fallback": null }),
        "{saved}"
    );

    let preview = s.app.get(&format!("/api/v1/campaigns/{id}/preview"), &s.owner.token).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    let a = &preview.body["audience"];
    assert_eq!(
        (
            a["matched"].as_i64(),
            a["optedOut"].as_i64(),
            a["suppressed"].as_i64(),
            a["missingVariable"].as_i64(),
            a["finalCount"].as_i64()
        ),
        (Some(5), Some(1), Some(1), Some(1), Some(2)),
        "{}",
        preview.body
    );
    assert!(
        preview.body["issues"].as_array().expect("issues").iter().all(|i| i["severity"] != "error"),
        "{}",
        preview.body
    );
    assert!(preview.body["estimate"]["total"].as_f64().unwrap_or_default() > 0.0, "{}", preview.body["estimate"]);
    assert_eq!(s.count("select count(*) from campaign_recipients").await, 0, "the preview stores nothing");

    let test = s
        .app
        .post(&format!("/api/v1/campaigns/{id}/test-send"), Some(&s.owner.token), json!({ "phone": "+14155550106" }))
        .await;
    assert_eq!(test.status, StatusCode::OK, "{}", test.body);
    // Eve is a contact outside the audience: the test fills in her own name.
    assert_eq!(test.body["components"][0]["parameters"][0]["text"], "Eve");
    assert_eq!(test.body["components"][0]["parameters"][1]["text"], "ready for pick-up");

    // Two people press start at once: one campaign run.
    let start = format!("/api/v1/campaigns/{id}/start");
    let (a, b) = tokio::join!(
        s.app.post(&start, Some(&s.owner.token), json!({})),
        s.app.post(&start, Some(&s.owner.token), json!({}))
    );
    let mut codes = [a.status.as_u16(), b.status.as_u16()];
    codes.sort_unstable();
    assert_eq!(codes, [200, 409], "{} / {}", a.body, b.body);

    let done = s
        .until(&id, "completed with both delivered", |c| {
            c["status"] == "completed" && c["progress"]["counts"]["delivered"].as_i64() == Some(2)
        })
        .await;
    let counts = &done["progress"]["counts"];
    assert_eq!((counts["total"].as_i64(), counts["skipped"].as_i64()), (Some(3), Some(1)), "{counts}");
    let per = s.sends_per_customer().await;
    assert_eq!(per.get("14155550101"), Some(&1), "Ana once, for both labels: {per:?}");
    assert_eq!(per.get("14155550102"), Some(&1), "{per:?}");
    assert_eq!(per.get("14155550106"), Some(&1), "Eve got the test send only: {per:?}");
    for left_out in ["14155550103", "14155550104", "14155550105"] {
        assert_eq!(per.get(left_out), None, "{left_out} must not be messaged: {per:?}");
    }
    assert!(done["progress"]["actualCost"].as_f64().unwrap_or_default() > 0.0, "priced from Meta's pricing: {done}");
    let skipped = s.app.get(&format!("/api/v1/campaigns/{id}/messages?status=skipped"), &s.owner.token).await;
    assert_eq!(skipped.body["items"][0]["errorCode"], "missing_variable", "{}", skipped.body);

    // Ana answers: her row is replied and the conversation is tagged with the campaign. The open live page hears
    // it too, even right after the last status (progress is published at most twice a second, never dropped).
    let mut bus = s.app.services.core.events.subscribe();
    let wrote = s
        .app
        .ch()
        .sim_post("/customers/14155550101/messages", json!({ "phoneNumberId": s.pnid, "text": "Great, coming!" }))
        .await;
    assert_eq!(wrote["delivered"], true, "{wrote}");
    s.until(&id, "the reply", |c| c["progress"]["counts"]["replied"].as_i64() == Some(1)).await;
    let heard = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match bus.recv().await {
                Ok(p) => {
                    if let parley_services::events::Event::CampaignProgress { progress } = &p.event
                        && progress.counts.replied == 1
                    {
                        return;
                    }
                }
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {}
                Err(e) => panic!("{e}"),
            }
        }
    })
    .await;
    assert!(heard.is_ok(), "campaign:progress with the reply was published");
    let convs = s.app.get("/api/v1/conversations?status=all", &s.owner.token).await;
    let tagged = convs.body["items"].as_array().expect("items").iter().any(|c| c["campaignName"] == "December orders");
    assert!(tagged, "{}", convs.body);
    let stats = s.app.get(&format!("/api/v1/campaigns/{id}/stats"), &s.owner.token).await;
    let funnel: Vec<i64> =
        stats.body["funnel"].as_array().expect("funnel").iter().filter_map(|f| f["count"].as_i64()).collect();
    assert_eq!((funnel[0], funnel[1], funnel[3]), (2, 2, 1), "sent, delivered, replied: {}", stats.body);
    let csv =
        String::from_utf8(s.app.bytes(&format!("/api/v1/campaigns/{id}/export"), &s.owner.token).await).expect("utf8");
    assert_eq!(csv.lines().count(), 4, "a header and the three recipients: {csv}");
    assert!(csv.contains("+14155550101,Ana Silva,replied"), "{csv}");
}

#[tokio::test]
async fn the_sender_stays_under_the_number_s_cap_and_meta_s_codes_defer_skip_or_pause() {
    let s = shop().await;
    // The number may send 10 messages a second, and Parley is told so (Meta's API only says 80 or 1,000).
    s.app.ch().sim.set_limits(&s.pnid, NumberLimits { rate_per_second: Some(10), ..Default::default() });
    let rate = s
        .app
        .patch(&format!("/api/v1/whatsapp/connections/{}", s.number), &s.owner.token, json!({ "ratePerSecond": 10 }))
        .await;
    assert_eq!(rate.status, StatusCode::OK, "{}", rate.body);
    let all = s.label("Everyone").await;
    for n in 0..30 {
        s.contact(&format!("+3519120{n:05}"), Some("Rui"), &[&all], "unknown").await;
    }
    s.contact(&format!("+{MARKETING_CAPPED_PREFIX}01"), Some("Capped"), &[&all], "unknown").await;
    s.contact(&format!("+{UNDELIVERABLE_PREFIX}01"), Some("Gone"), &[&all], "unknown").await;
    let tpl = s.template("seasonal_promo").await;
    let body = json!({
        "name": "Winter promo", "connectionIds": [s.number], "templateId": tpl,
        "headerMediaUrl": "https://cdn.example/winter.jpg", "ratePerSecond": 50,
        "variables": {
            "body.1": { "source": "field", "value": "first_name", "fallback": "friend" },
            "body.2": { "source": "constant", "value": "Coffee" },
            "button.1.1": { "source": "constant", "value": "winter" }
        },
        "audience": { "includeLabels": [all] }
    });
    let id = s.campaign(body).await;
    let start = s.app.post(&format!("/api/v1/campaigns/{id}/start"), Some(&s.owner.token), json!({})).await;
    assert_eq!(start.status, StatusCode::OK, "{}", start.body);
    let done = s
        .until(&id, "everyone settled", |c| {
            c["progress"]["counts"]["pending"].as_i64() == Some(1)
                && c["progress"]["counts"]["sending"].as_i64() == Some(0)
                && c["progress"]["counts"]["delivered"].as_i64() == Some(30)
        })
        .await;
    let stats = s.app.ch().sim.stats(&s.pnid);
    assert_eq!(stats.throttled, 0, "paced under the cap, never refused: {stats:?}");
    assert!(stats.max_per_second <= 10, "{stats:?}");
    assert_eq!(done["progress"]["counts"]["skipped"].as_i64(), Some(1), "131026 is skipped: {done}");
    let capped = s.app.get(&format!("/api/v1/campaigns/{id}/messages?status=pending"), &s.owner.token).await;
    let row = &capped.body["items"][0];
    assert_eq!(row["errorCode"], "131049", "{}", capped.body);
    let later = chrono::DateTime::parse_from_rfc3339(row["notBefore"].as_str().expect("notBefore")).expect("time");
    assert!(later > chrono::Utc::now() + chrono::Duration::hours(23), "deferred a day: {row}");

    // A spam-rate refusal stops the whole campaign, says why, and tells the owners.
    s.app.ch().sim.set_limits(&s.pnid, NumberLimits { fail_with: Some(FailWith::SpamRateLimit), ..Default::default() });
    s.contact("+351913000001", Some("Late"), &[&all], "unknown").await;
    let id2 = s
        .campaign(json!({
            "name": "Second wave", "connectionIds": [s.number], "templateId": s.template("order_update").await,
            "variables": {"body.1": { "source": "constant", "value": "#1" },
                          "body.2": { "source": "constant", "value": "ready" }},
            "audience": { "includeLabels": [all] }
        }))
        .await;
    let start = s.app.post(&format!("/api/v1/campaigns/{id2}/start"), Some(&s.owner.token), json!({})).await;
    assert_eq!(start.status, StatusCode::OK, "{}", start.body);
    let paused = s.until(&id2, "paused", |c| c["status"] == "paused").await;
    assert!(paused["statusReason"].as_str().unwrap_or_default().contains("131048"), "{paused}");
    assert_eq!(paused["progress"]["counts"]["sent"].as_i64(), Some(0), "{paused}");
    let mails = s.count("select count(*) from mail_outbox where subject like '%Second wave%'").await;
    assert_eq!(mails, 1, "the owner is told once");
    // Resuming after the cause is gone sends the rest.
    s.app.ch().sim.set_limits(&s.pnid, NumberLimits::default());
    let resumed = s.app.post(&format!("/api/v1/campaigns/{id2}/resume"), Some(&s.owner.token), json!({})).await;
    assert_eq!(resumed.status, StatusCode::OK, "{}", resumed.body);
    s.until(&id2, "completed", |c| c["status"] == "completed").await;
}

#[tokio::test]
async fn bad_drafts_and_other_workspaces_ids_are_refused_and_a_row_left_sending_becomes_unknown_never_resent() {
    let s = shop().await;
    let other = s.app.signup("Someone Else").await;
    let tpl = s.template("order_update").await;
    // Another workspace cannot use this number or template: as if they did not exist.
    let res = s.app.post("/api/v1/campaigns", Some(&other.token), order_update(&s.number, &tpl, json!({}))).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
    for bad in [
        json!({ "name": "", "connectionIds": [] }),
        json!({ "name": "x", "quietStart": "25:00", "quietEnd": "08:00" }),
        json!({ "name": "x", "timezone": "Mars/Olympus" }),
        json!({ "name": "x", "variables": {"body.1": { "source": "telepathy", "value": "x" }} }),
        json!({ "name": 7 }),
    ] {
        let res = s.app.post("/api/v1/campaigns", Some(&s.owner.token), bad.clone()).await;
        assert!(res.status.is_client_error(), "{bad}: {}", res.body);
        assert!(res.body["error"].is_string(), "our error format: {}", res.body);
    }
    // An incomplete draft cannot start: the checks name the step.
    let id = s.campaign(json!({ "name": "Draft", "connectionIds": [s.number], "templateId": tpl })).await;
    let start = s.app.post(&format!("/api/v1/campaigns/{id}/start"), Some(&s.owner.token), json!({})).await;
    assert_eq!(start.status, StatusCode::CONFLICT, "{}", start.body);
    assert_eq!(start.code(), "campaign_not_ready");
    let steps: Vec<&str> = start.body["details"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f["field"].as_str())
        .collect();
    assert!(steps.contains(&"variables") && steps.contains(&"audience"), "{steps:?}");
    let past = s
        .app
        .post(
            &format!("/api/v1/campaigns/{id}/schedule"),
            Some(&s.owner.token),
            json!({ "scheduleAt": "2020-01-01T09:00:00Z" }),
        )
        .await;
    assert_eq!((past.status, past.code()), (StatusCode::CONFLICT, "schedule_in_past"), "{}", past.body);
    // A field or CSV column must be named; a constant may be blank.
    let unnamed = json!({ "name": "Draft", "variables": {"body.1": { "source": "field", "value": " " }} });
    let res = s.app.patch(&format!("/api/v1/campaigns/{id}"), &s.owner.token, unnamed).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert_eq!(res.body["details"]["fields"][0]["field"], "variables.body.1.value", "{}", res.body);
    let blank = json!({ "name": "Draft", "variables": {"body.1": { "source": "constant", "value": "" }} });
    let res = s.app.patch(&format!("/api/v1/campaigns/{id}"), &s.owner.token, blank).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    // The draft now has no number: a test send waits for one (its state), and the phone's shape is the schema's.
    let test = json!({ "phone": "+14155550106" });
    let res = s.app.post(&format!("/api/v1/campaigns/{id}/test-send"), Some(&s.owner.token), test).await;
    assert_eq!((res.status, res.code()), (StatusCode::CONFLICT, "campaign_not_ready"), "{}", res.body);
    let res = s
        .app
        .post(&format!("/api/v1/campaigns/{id}/test-send"), Some(&s.owner.token), json!({ "phone": "call me" }))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);

    // A row a crash left `sending` (no answer, no webhook) is settled `unknown` after the timeout, and not resent.
    s.contact("+14155550107", Some("Fay"), &[], "unknown").await;
    let all = s.campaign(order_update(&s.number, &tpl, json!({ "allContacts": true }))).await;
    let db = s.app.owner_db().await;
    // Hold the number with a forced transport-level outage: the simulator answers nothing useful, so the
    // sender cannot know whether WhatsApp got it. Simulated here by marking the row as a crashed sender left it.
    let start = s.app.post(&format!("/api/v1/campaigns/{all}/start"), Some(&s.owner.token), json!({})).await;
    assert_eq!(start.status, StatusCode::OK, "{}", start.body);
    s.until(&all, "completed", |c| c["status"] == "completed").await;
    db.execute_unprepared(&format!(
        "insert into campaign_recipients (id, tenant_id, campaign_id, phone, status, claimed_at)
         select parley_uuid_v7(), tenant_id, id, '+14155550177', 'sending', now() - interval '1 hour'
           from campaigns where id = '{all}'"
    ))
    .await
    .expect("a row left sending");
    let before = s.sends_per_customer().await.get("14155550177").copied();
    let settled = async {
        loop {
            let n = s
                .count(&format!(
                    "select count(*) from campaign_recipients where campaign_id = '{all}' and status = 'unknown'"
                ))
                .await;
            if n == 1 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(30), settled).await.expect("settled as unknown");
    assert_eq!(s.sends_per_customer().await.get("14155550177").copied(), before, "never resent");
}

#[tokio::test]
async fn a_tracked_button_carries_each_recipient_s_token_and_the_redirect_counts_clicks_then_sends_them_on() {
    let s = shop().await;
    let fans = s.label("Members").await;
    s.contact("+351912400001", Some("Ana Silva"), &[&fans], "opted_in").await;
    s.contact("+351912400002", Some("Bruno"), &[&fans], "opted_in").await;
    let tpl = s.template("member_offer").await;
    let mut body = json!({
        "name": "Member weekend", "connectionIds": [s.number], "templateId": tpl,
        "variables": {
            "body.1": { "source": "field", "value": "first_name" },
            "body.2": { "source": "constant", "value": "20% off" }
        },
        "audience": { "includeLabels": [fans] }
    });
    // The button goes through Parley's redirect: it needs a destination, not a variable.
    let id = s.campaign(body.clone()).await;
    let c = s.get(&id).await;
    assert_eq!(c["trackedSlots"], json!(["button.1.1"]), "{c}");
    let preview = s.app.get(&format!("/api/v1/campaigns/{id}/preview"), &s.owner.token).await;
    let codes: Vec<&str> =
        preview.body["issues"].as_array().expect("issues").iter().filter_map(|i| i["code"].as_str()).collect();
    assert!(codes.contains(&"click_url_missing") && !codes.contains(&"variable_unmapped"), "{codes:?}");
    for bad in ["javascript:alert(1)", "https://", "shop.example.com/offer"] {
        body["clickUrl"] = json!(bad);
        let res = s.app.patch(&format!("/api/v1/campaigns/{id}"), &s.owner.token, body.clone()).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {}", res.body);
    }
    body["clickUrl"] = json!("https://shop.example.com/members?src=wa");
    let saved = s.app.patch(&format!("/api/v1/campaigns/{id}"), &s.owner.token, body).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let start = s.app.post(&format!("/api/v1/campaigns/{id}/start"), Some(&s.owner.token), json!({})).await;
    assert_eq!(start.status, StatusCode::OK, "{}", start.body);
    s.until(&id, "both delivered", |c| c["progress"]["counts"]["delivered"].as_i64() == Some(2)).await;

    // Each recipient got their own short token in the button, as stored on their row.
    let db = s.app.owner_db().await;
    let rows = db
        .query_all_raw(Statement::from_string(
            DbBackend::Postgres,
            format!("select phone, click_token from campaign_recipients where campaign_id = '{id}' order by phone"),
        ))
        .await
        .expect("rows");
    let tokens: Vec<String> = rows.iter().map(|r| r.try_get_by_index::<String>(1).expect("token")).collect();
    assert_eq!(tokens.len(), 2);
    assert_ne!(tokens[0], tokens[1]);
    assert!(tokens.iter().all(|t| t.len() == 16 && t.chars().all(|c| c.is_ascii_alphanumeric() || "-_".contains(c))));
    let outbox = s.app.ch().sim_get("/outbox").await;
    let sent_to_ana = outbox
        .as_array()
        .expect("outbox")
        .iter()
        .find(|m| m["body"]["to"] == "351912400001" && m["body"]["type"] == "template")
        .expect("Ana's send");
    let button = sent_to_ana["body"]["template"]["components"]
        .as_array()
        .expect("components")
        .iter()
        .find(|c| c["type"] == "button")
        .expect("button parameter");
    assert_eq!(button["parameters"][0]["text"], tokens[0].as_str(), "{sent_to_ana}");

    // Ana follows her link twice: the first time is recorded, both are counted, and she lands on the destination.
    let app = &s.app;
    let follow = |t: String| async move { app.call(axum::http::Method::GET, &format!("/r/{t}"), None, None).await };
    let first = follow(tokens[0].clone()).await;
    assert_eq!(first.status, StatusCode::FOUND, "{}", first.body);
    assert_eq!(first.headers["location"], "https://shop.example.com/members?src=wa");
    let row_of = |body: &Value, phone: &str| {
        body["items"].as_array().and_then(|i| i.iter().find(|r| r["phone"] == phone).cloned()).unwrap_or_default()
    };
    let recipients = s.app.get(&format!("/api/v1/campaigns/{id}/messages"), &s.owner.token).await;
    let clicked_at = row_of(&recipients.body, "+351912400001")["clickedAt"].clone();
    assert!(clicked_at.is_string(), "{}", recipients.body);
    assert_eq!(follow(tokens[0].clone()).await.status, StatusCode::FOUND);
    let recipients = s.app.get(&format!("/api/v1/campaigns/{id}/messages"), &s.owner.token).await;
    let ana = row_of(&recipients.body, "+351912400001");
    assert_eq!(ana["clickCount"], 2, "{}", recipients.body);
    assert_eq!(ana["clickedAt"], clicked_at, "the first click's time is kept");
    assert_eq!(row_of(&recipients.body, "+351912400002")["clickCount"], 0, "Bruno did not click");

    // Unknown, altered or malformed tokens get a small page, never a redirect, and record nothing.
    let mut altered = tokens[1].clone();
    let last = if altered.ends_with('A') { 'B' } else { 'A' };
    altered.pop();
    altered.push(last);
    for bad in [altered, "AAAAAAAAAAAAAAAA".into(), "..%2F..%2Fevil.example".into()] {
        let res = follow(bad.clone()).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{bad}");
        assert!(res.headers.get("location").is_none(), "{bad}");
        assert!(res.body.as_str().is_some_and(|b| b.contains("Link not found")), "{}", res.body);
    }
    let stats = s.app.get(&format!("/api/v1/campaigns/{id}/stats"), &s.owner.token).await;
    let clicked = stats.body["funnel"].as_array().expect("funnel").iter().find(|f| f["step"] == "clicked").cloned();
    assert_eq!(clicked.map(|f| f["count"].clone()), Some(json!(1)), "{}", stats.body);
    let csv =
        String::from_utf8(s.app.bytes(&format!("/api/v1/campaigns/{id}/export"), &s.owner.token).await).expect("utf8");
    let header: Vec<&str> = csv.lines().next().unwrap_or_default().split(',').collect();
    let at = header.iter().position(|h| *h == "clicked_at").expect("clicked_at column");
    let ana: Vec<&str> = csv.lines().find(|l| l.contains("+351912400001")).expect("Ana").split(',').collect();
    assert!(!ana[at].is_empty(), "{csv}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_qr_number_stops_at_its_daily_cap_and_the_rest_waits_for_tomorrow_with_the_reason() {
    let app = TestApp::spawn_campaigns(parley_services::campaigns::CampaignsConfig {
        qr_seconds_per_message: 1,
        qr_daily_cap: 2,
        ..Default::default()
    })
    .await;
    let owner = app.signup("Corner Shop").await;
    // A Cloud number holds the approved template; the QR number sends its text.
    let cloud_id = app.cloud_number(&owner).await.id;
    app.post(&format!("/api/v1/whatsapp/connections/{cloud_id}/templates/sync"), Some(&owner.token), json!({})).await;
    let qr = app
        .post(
            "/api/v1/whatsapp/connections",
            Some(&owner.token),
            json!({ "kind": "wasender", "name": "Shop phone", "phoneNumber": "+351 912 555 000" }),
        )
        .await;
    assert_eq!(qr.status, StatusCode::CREATED, "{}", qr.body);
    let qr_id = qr.body["id"].as_str().expect("id").to_owned();
    let db = app.owner_db().await;
    let session: String = db
        .query_one_raw(Statement::from_string(
            DbBackend::Postgres,
            format!("select wasender_session_id from whatsapp_connections where id = '{qr_id}'"),
        ))
        .await
        .expect("q")
        .expect("row")
        .try_get_by_index(0)
        .expect("session");
    app.ch().sim_post(&format!("/wasender/sessions/{session}/scan"), json!({})).await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while app.get(&format!("/api/v1/whatsapp/connections/{qr_id}"), &owner.token).await.body["status"] != "connected" {
        assert!(tokio::time::Instant::now() < deadline, "the QR number connects");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    for n in 1..=3 {
        let res = app
            .post(
                "/api/v1/contacts",
                Some(&owner.token),
                json!({ "phone": format!("+35191260000{n}"), "name": format!("Client {n}") }),
            )
            .await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    }
    let list = app.get(&format!("/api/v1/whatsapp/connections/{cloud_id}/templates"), &owner.token).await;
    let tpl = list.body.as_array().expect("templates").iter().find(|t| t["name"] == "order_update").expect("tpl")["id"]
        .clone();
    let res = app
        .post(
            "/api/v1/campaigns",
            Some(&owner.token),
            json!({ "name": "QR reminders", "connectionIds": [qr_id], "templateId": tpl,
                    "variables": {"body.1": { "source": "field", "value": "name" },
                                  "body.2": { "source": "constant", "value": "ready" }},
                    "audience": { "allContacts": true } }),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let id = res.body["id"].as_str().expect("id").to_owned();
    let preview = app.get(&format!("/api/v1/campaigns/{id}/preview"), &owner.token).await;
    let warned = preview.body["issues"].as_array().expect("issues").iter().any(|i| i["code"] == "qr_daily_cap");
    assert!(warned, "the review says the audience takes two days: {}", preview.body);
    let start = app.post(&format!("/api/v1/campaigns/{id}/start"), Some(&owner.token), json!({})).await;
    assert_eq!(start.status, StatusCode::OK, "{}", start.body);

    // Two go today; the third waits (pending, not failed) until the number's next day, saying why.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    let waiting = loop {
        let c = app.get(&format!("/api/v1/campaigns/{id}"), &owner.token).await.body;
        let counts = &c["progress"]["counts"];
        let sent = counts["sent"].as_i64().unwrap_or(0) + counts["delivered"].as_i64().unwrap_or(0);
        let rows = app.get(&format!("/api/v1/campaigns/{id}/messages?status=pending"), &owner.token).await.body;
        if sent == 2 && rows["items"][0]["errorCode"] == "qr_daily_cap" {
            break rows["items"][0].clone();
        }
        assert!(tokio::time::Instant::now() < deadline, "two sent and one waiting: {c} {rows}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert!(waiting["errorReason"].as_str().is_some_and(|r| r.contains("Shop phone")), "{waiting}");
    let later = chrono::DateTime::parse_from_rfc3339(waiting["notBefore"].as_str().expect("notBefore")).expect("time");
    assert!(later > chrono::Utc::now(), "it waits for tomorrow: {waiting}");
    tokio::time::sleep(Duration::from_secs(2)).await;
    let c = app.get(&format!("/api/v1/campaigns/{id}"), &owner.token).await.body;
    assert_eq!(c["status"], "running", "a wait is not an end: {c}");
    assert_eq!(c["progress"]["counts"]["failed"], 0, "{c}");
    assert_eq!(c["progress"]["counts"]["pending"], 1, "{c}");

    // The cap is the number's, not the campaign's: a second campaign on it today sends nothing.
    let again = app
        .post(
            "/api/v1/campaigns",
            Some(&owner.token),
            json!({ "name": "QR again", "connectionIds": [qr_id], "templateId": tpl,
                    "variables": {"body.1": { "source": "constant", "value": "friend" },
                                  "body.2": { "source": "constant", "value": "ready" }},
                    "audience": { "allContacts": true } }),
        )
        .await;
    let id2 = again.body["id"].as_str().expect("id").to_owned();
    let start = app.post(&format!("/api/v1/campaigns/{id2}/start"), Some(&owner.token), json!({})).await;
    assert_eq!(start.status, StatusCode::OK, "{}", start.body);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let rows = app.get(&format!("/api/v1/campaigns/{id2}/messages?status=pending"), &owner.token).await.body;
        let items = rows["items"].as_array().cloned().unwrap_or_default();
        if items.len() == 3 && items.iter().all(|r| r["errorCode"] == "qr_daily_cap") {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "all three wait: {rows}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn a_number_s_messaging_limit_is_edited_by_managers_read_from_meta_and_checked_before_sending() {
    let s = shop().await;
    let path = format!("/api/v1/whatsapp/connections/{}", s.number);
    let all = s.label("All").await;
    for n in 1..=3 {
        s.contact(&format!("+35191270000{n}"), Some("Rita"), &[&all], "opted_in").await;
    }
    let tpl = s.template("order_update").await;
    let id = s.campaign(order_update(&s.number, &tpl, json!({ "includeLabels": [all] }))).await;
    let codes = |preview: &Value| -> Vec<String> {
        preview["issues"]
            .as_array()
            .expect("issues")
            .iter()
            .filter_map(|i| i["code"].as_str().map(str::to_owned))
            .collect()
    };

    // An agent may not change it; nonsense is refused in our format; QR numbers are not the point here.
    let agent = s.app.add_member(&s.owner, "agent").await;
    let denied = s.app.patch(&path, &agent.token, json!({ "messagingLimit": 2 })).await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN, "{}", denied.body);
    for bad in [json!(0), json!(-5), json!("lots")] {
        let res = s.app.patch(&path, &s.owner.token, json!({ "messagingLimit": bad })).await;
        assert!(res.status.is_client_error(), "{bad}: {}", res.body);
        assert!(res.body["error"].is_string(), "{}", res.body);
    }
    // A manager sets 2: an audience of 3 is above it, and the launch is refused on the audience step.
    let manager = s.app.add_member(&s.owner, "manager").await;
    let set = s.app.patch(&path, &manager.token, json!({ "messagingLimit": 2 })).await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.body);
    assert_eq!(set.body["messagingLimit"], 2, "{}", set.body);
    let preview = s.app.get(&format!("/api/v1/campaigns/{id}/preview"), &s.owner.token).await;
    assert!(codes(&preview.body).contains(&"above_messaging_limit".to_owned()), "{}", preview.body);
    let start = s.app.post(&format!("/api/v1/campaigns/{id}/start"), Some(&s.owner.token), json!({})).await;
    assert_eq!(start.status, StatusCode::CONFLICT, "{}", start.body);
    // Null is unlimited: the check passes.
    let unlimited = s.app.patch(&path, &s.owner.token, json!({ "messagingLimit": null })).await;
    assert_eq!(unlimited.body["messagingLimit"], Value::Null, "{}", unlimited.body);
    let preview = s.app.get(&format!("/api/v1/campaigns/{id}/preview"), &s.owner.token).await;
    assert!(!codes(&preview.body).contains(&"above_messaging_limit".to_owned()), "{}", preview.body);

    // Meta's figure replaces it: on the connection test, and on the daily refresh (once a day per number).
    s.app.ch().sim.set_limits(&s.pnid, NumberLimits { messaging_limit: MessagingLimit::Tier2K, ..Default::default() });
    let tested = s.app.post(&format!("{path}/test"), Some(&s.owner.token), json!({})).await;
    assert_eq!(tested.status, StatusCode::OK, "{}", tested.body);
    assert_eq!(s.app.get(&path, &s.owner.token).await.body["messagingLimit"], 2000);
    s.app.ch().sim.set_limits(&s.pnid, NumberLimits { messaging_limit: MessagingLimit::Tier250, ..Default::default() });
    let read = s.app.services.connections.refresh_limits().await.expect("refresh");
    assert!(read >= 1, "this number was read");
    assert_eq!(s.app.get(&path, &s.owner.token).await.body["messagingLimit"], 250);
    s.app.ch().sim.set_limits(&s.pnid, NumberLimits { messaging_limit: MessagingLimit::Tier10K, ..Default::default() });
    s.app.services.connections.refresh_limits().await.expect("refresh");
    assert_eq!(s.app.get(&path, &s.owner.token).await.body["messagingLimit"], 250, "not read twice in a day");
}

#[tokio::test]
async fn the_platform_admin_replaces_the_price_table_and_estimates_and_stats_use_it_in_its_currency() {
    let s = shop().await;
    let admin = s.app.platform_admin().await;
    let table = s.app.get("/api/v1/admin/prices", &admin).await;
    assert_eq!(table.status, StatusCode::OK, "{}", table.body);
    assert_eq!(table.body["currency"], "USD");
    assert!(table.body["prices"].as_array().is_some_and(|p| p.len() > 40), "the seeded rate card: {}", table.body);
    // A workspace owner is not the platform admin.
    let denied = s.app.get("/api/v1/admin/prices", &s.owner.token).await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN, "{}", denied.body);

    let star = |cat: &str, p: f64| json!({ "country": "*", "category": cat, "price": p });
    for bad in [
        json!({ "currency": "euro", "prices": [star("marketing", 0.05), star("utility", 0.01), star("authentication", 0.01)] }),
        json!({ "currency": "EUR", "prices": [star("marketing", 0.05)] }),
        json!({ "currency": "EUR", "prices": [star("marketing", 0.05), star("utility", 0.01), star("authentication", 0.01),
                                              { "country": "Portugal", "category": "utility", "price": 0.02 }] }),
        json!({ "currency": "EUR", "prices": [star("marketing", -1.0), star("utility", 0.01), star("authentication", 0.01)] }),
        json!({ "currency": "EUR", "prices": [star("marketing", 0.05), star("marketing", 0.06), star("utility", 0.01),
                                              star("authentication", 0.01)] }),
    ] {
        let res = s.app.call(axum::http::Method::PUT, "/api/v1/admin/prices", Some(&admin), Some(bad.clone())).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {}", res.body);
    }
    let saved = s
        .app
        .call(
            axum::http::Method::PUT,
            "/api/v1/admin/prices",
            Some(&admin),
            Some(json!({ "currency": "eur", "prices": [
                star("marketing", 0.05), star("utility", 0.01), star("authentication", 0.01), star("service", 0.0),
                { "country": "pt", "category": "utility", "price": 0.0123 }
            ] })),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert_eq!(
        (saved.body["currency"].as_str(), saved.body["prices"].as_array().map(Vec::len)),
        (Some("EUR"), Some(5))
    );

    // The estimate prices Portugal from the new table at once, in euros; the stats say euros too.
    let all = s.label("Lisbon").await;
    s.contact("+351912800001", Some("Ana"), &[&all], "opted_in").await;
    s.contact("+5511912800002", Some("Bia"), &[&all], "opted_in").await;
    let tpl = s.template("order_update").await;
    let id = s.campaign(order_update(&s.number, &tpl, json!({ "includeLabels": [all] }))).await;
    let est = s.app.get(&format!("/api/v1/campaigns/{id}/estimate"), &s.owner.token).await;
    assert_eq!(est.body["currency"], "EUR", "{}", est.body);
    let line = |c: &str| est.body["lines"].as_array().and_then(|l| l.iter().find(|x| x["country"] == c).cloned());
    assert_eq!(line("PT").map(|l| l["unitPrice"].clone()), Some(json!(0.0123)), "{}", est.body);
    assert_eq!(line("BR").map(|l| l["unitPrice"].clone()), Some(json!(0.01)), "the * price: {}", est.body);
    let stats = s.app.get(&format!("/api/v1/campaigns/{id}/stats"), &s.owner.token).await;
    assert_eq!(stats.body["currency"], "EUR", "{}", stats.body);
}
