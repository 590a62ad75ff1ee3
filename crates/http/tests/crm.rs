//! The CRM through the API, on real PostgreSQL and Redis: custom fields validated on every write, criteria
//! and segments, keyset pages, bulk actions, CSV import (bad files, bad rows, duplicates, a restart in the
//! middle), the streamed export, consent by keyword and by Meta's webhook, merging, and tenancy.

use axum::http::{Method, StatusCode};
use parley_test_support::{Signup, TestApp, TestOptions, connect_services, text_webhook};
use serde_json::{Value, json};
use uuid::Uuid;

struct Crm {
    app: TestApp,
    owner: Signup,
}

async fn crm() -> Crm {
    let app = TestApp::spawn().await;
    let owner = app.signup("CRM Shop").await;
    Crm { app, owner }
}

fn enc(v: &Value) -> String {
    url_escape(&v.to_string())
}

fn url_escape(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl Crm {
    async fn field(&self, key: &str, kind: &str, options: Value) -> Value {
        let res = self
            .app
            .post(
                "/api/v1/contact-fields",
                Some(&self.owner.token),
                json!({ "key": key, "label": key.to_uppercase(), "kind": kind, "options": options }),
            )
            .await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        res.body
    }

    async fn contact(&self, phone: &str, name: &str, fields: Value) -> Value {
        let res = self
            .app
            .post(
                "/api/v1/contacts",
                Some(&self.owner.token),
                json!({ "phone": phone, "name": name, "customFields": fields }),
            )
            .await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        res.body
    }

    async fn label(&self, name: &str) -> String {
        let res = self.app.post("/api/v1/labels", Some(&self.owner.token), json!({ "name": name })).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        res.body["id"].as_str().expect("id").to_owned()
    }

    async fn count(&self, criteria: &Value) -> u64 {
        let res = self.app.get(&format!("/api/v1/contacts/count?criteria={}", enc(criteria)), &self.owner.token).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        res.body["count"].as_u64().expect("count")
    }

    async fn upload(&self, name: &str, bytes: &[u8]) -> parley_test_support::Response {
        self.app.upload_to("/api/v1/contacts/import", &self.owner.token, name, "text/csv", bytes).await
    }

    async fn start(&self, id: &str, mapping: Value) -> parley_test_support::Response {
        self.app
            .post(
                &format!("/api/v1/contacts/imports/{id}/start"),
                Some(&self.owner.token),
                json!({ "mapping": mapping, "defaultCountry": "PT", "duplicates": "skip", "labelIds": [],
                        "consent": { "status": "opted_in", "basis": "Signed up at the shop counter" } }),
            )
            .await
    }
}

#[tokio::test]
async fn custom_field_values_are_checked_on_every_write_and_name_the_field() {
    let c = crm().await;
    c.field("seats", "number", json!([])).await;
    c.field("plan", "select", json!(["Gold", "Silver"])).await;
    let bad = c
        .app
        .post(
            "/api/v1/contacts",
            Some(&c.owner.token),
            json!({ "phone": "+351911000001", "customFields": { "seats": "many", "plan": "Bronze", "nope": 1 } }),
        )
        .await;
    // A key naming no field of the workspace is a 404 that names it.
    assert_eq!(bad.status, StatusCode::NOT_FOUND, "{}", bad.body);
    let fields: Vec<&str> =
        bad.body["details"]["fields"].as_array().expect("fields").iter().filter_map(|f| f["field"].as_str()).collect();
    assert_eq!(fields, ["customFields.nope"]);
    // Values the workspace's fields refuse are a conflict with their configuration, each field named.
    let bad = c
        .app
        .post(
            "/api/v1/contacts",
            Some(&c.owner.token),
            json!({ "phone": "+351911000001", "customFields": { "seats": "many", "plan": "Bronze" } }),
        )
        .await;
    assert_eq!((bad.status, bad.code()), (StatusCode::CONFLICT, "invalid_field_value"), "{}", bad.body);
    let message = bad.body["message"].as_str().expect("message");
    for f in ["customFields.seats", "customFields.plan"] {
        assert!(message.contains(f), "{f} missing in {message}");
    }
    // A required field the workspace configured must be given when creating.
    let required = c.field("tier", "text", json!([])).await["id"].as_str().expect("id").to_owned();
    let res =
        c.app.patch(&format!("/api/v1/contact-fields/{required}"), &c.owner.token, json!({ "required": true })).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let res = c.app.post("/api/v1/contacts", Some(&c.owner.token), json!({ "phone": "+351911000009" })).await;
    assert_eq!((res.status, res.code()), (StatusCode::CONFLICT, "invalid_field_value"), "{}", res.body);
    assert!(res.body["message"].as_str().expect("message").contains("customFields.tier"), "{}", res.body);
    let res =
        c.app.patch(&format!("/api/v1/contact-fields/{required}"), &c.owner.token, json!({ "required": false })).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    // A select field keeps at least one option: emptying them conflicts with its kind.
    let fields = c.app.get("/api/v1/contact-fields", &c.owner.token).await;
    let plan = fields.body.as_array().expect("fields").iter().find(|f| f["key"] == "plan").expect("plan")["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let res = c.app.patch(&format!("/api/v1/contact-fields/{plan}"), &c.owner.token, json!({ "options": [] })).await;
    assert_eq!((res.status, res.code()), (StatusCode::CONFLICT, "options_required"), "{}", res.body);
    // Options are stored as given: white space around one is refused, not trimmed away.
    let res = c
        .app
        .patch(&format!("/api/v1/contact-fields/{plan}"), &c.owner.token, json!({ "options": ["Gold", " Silver"] }))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    let ok = c.contact("+351911000001", "Ana", json!({ "seats": "12", "plan": "gold" })).await;
    assert_eq!(ok["customFields"], json!({ "seats": 12.0, "plan": "Gold" }));
    let dup = c.app.post("/api/v1/contacts", Some(&c.owner.token), json!({ "phone": "+351 911 000 001" })).await;
    assert_eq!((dup.status, dup.code()), (StatusCode::CONFLICT, "contact_exists"));
    let id = ok["id"].as_str().expect("id");
    let patch = c
        .app
        .patch(&format!("/api/v1/contacts/{id}"), &c.owner.token, json!({ "customFields": { "seats": true } }))
        .await;
    assert_eq!((patch.status, patch.code()), (StatusCode::CONFLICT, "invalid_field_value"));
    let patch =
        c.app.patch(&format!("/api/v1/contacts/{id}"), &c.owner.token, json!({ "customFields": { "nope": 1 } })).await;
    assert_eq!(patch.status, StatusCode::NOT_FOUND);
    assert_eq!(patch.body["details"]["fields"][0]["field"], "customFields.nope");
    let cleared = c
        .app
        .patch(
            &format!("/api/v1/contacts/{id}"),
            &c.owner.token,
            json!({ "customFields": { "seats": null }, "company": "Acme" }),
        )
        .await;
    assert_eq!(cleared.status, StatusCode::OK, "{}", cleared.body);
    assert_eq!(cleared.body["customFields"], json!({ "plan": "Gold" }));
    assert_eq!(cleared.body["company"], "Acme");
    // The change is in the contact's history.
    let timeline = c.app.get(&format!("/api/v1/contacts/{id}/timeline"), &c.owner.token).await;
    let kinds: Vec<&str> = timeline.body.as_array().expect("list").iter().filter_map(|e| e["kind"].as_str()).collect();
    assert!(kinds.contains(&"field_changed") && kinds.contains(&"created"), "{kinds:?}");
}

#[tokio::test]
async fn criteria_filter_lists_counts_and_segments_and_pages_return_each_contact_once() {
    let c = crm().await;
    c.field("plan", "select", json!(["Gold", "Silver"])).await;
    c.field("seats", "number", json!([])).await;
    let vip = c.label("VIP").await;
    for i in 0..30 {
        let plan = if i % 3 == 0 { "Gold" } else { "Silver" };
        let body = c
            .contact(&format!("+35191200{i:04}"), &format!("Person {i:02}"), json!({ "plan": plan, "seats": i }))
            .await;
        if i % 2 == 0 {
            let id = body["id"].as_str().expect("id");
            let res = c
                .app
                .post(&format!("/api/v1/contacts/{id}/tags"), Some(&c.owner.token), json!({ "labelIds": [vip] }))
                .await;
            assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        }
    }
    // Gold (0,3,...,27) and VIP (even) and seats > 10: 12, 18, 24.
    let criteria = json!({ "op": "and", "conditions": [
        { "field": "field.plan", "operator": "equals", "value": "Gold" },
        { "field": "label", "operator": "has", "value": vip },
        { "field": "field.seats", "operator": "gt", "value": 10 }
    ]});
    assert_eq!(c.count(&criteria).await, 3);
    let or = json!({ "op": "or", "conditions": [
        { "field": "name", "operator": "equals", "value": "person 01" },
        { "op": "and", "conditions": [{ "field": "field.seats", "operator": "between", "value": [28, 29] }] }
    ]});
    assert_eq!(c.count(&or).await, 3);
    // Nobody has written yet: all are quiet for 30 days, none wrote within them.
    let quiet = json!({ "op": "and", "conditions": [{ "field": "lastMessageAt", "operator": "not_within_days", "value": 30 }] });
    assert_eq!(c.count(&quiet).await, 30);
    let recent =
        json!({ "op": "and", "conditions": [{ "field": "lastMessageAt", "operator": "within_days", "value": 30 }] });
    assert_eq!(c.count(&recent).await, 0);
    let page = c.app.get(&format!("/api/v1/contacts?criteria={}", enc(&criteria)), &c.owner.token).await;
    let names: Vec<&str> =
        page.body["items"].as_array().expect("items").iter().filter_map(|i| i["name"].as_str()).collect();
    assert_eq!(names, ["Person 24", "Person 18", "Person 12"]);

    // Keyset pages by name, ascending: every contact once, in order.
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let url = match &cursor {
            Some(k) => format!("/api/v1/contacts?sort=name&order=asc&limit=7&cursor={k}"),
            None => "/api/v1/contacts?sort=name&order=asc&limit=7".into(),
        };
        let res = c.app.get(&url, &c.owner.token).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        seen.extend(
            res.body["items"].as_array().expect("items").iter().map(|i| i["name"].as_str().unwrap_or("").to_owned()),
        );
        match res.body["nextCursor"].as_str() {
            Some(k) => cursor = Some(k.to_owned()),
            None => break,
        }
    }
    let expected: Vec<String> = (0..30).map(|i| format!("Person {i:02}")).collect();
    assert_eq!(seen, expected);

    // A segment saves the same criteria and counts the same, live.
    let seg = c
        .app
        .post(
            "/api/v1/contacts/segments",
            Some(&c.owner.token),
            json!({ "name": "Big gold VIPs", "criteria": criteria }),
        )
        .await;
    assert_eq!(seg.status, StatusCode::CREATED, "{}", seg.body);
    let sid = seg.body["id"].as_str().expect("id");
    let n = c.app.get(&format!("/api/v1/contacts/segments/{sid}/count"), &c.owner.token).await;
    assert_eq!(n.body["count"], 3);
    c.contact("+351912009999", "Person 99", json!({ "plan": "Gold", "seats": 50 })).await;
    let listed = c.app.get(&format!("/api/v1/contacts?segmentId={sid}"), &c.owner.token).await;
    assert_eq!(listed.body["items"].as_array().expect("items").len(), 3, "not VIP: not in the segment");
    let again = c
        .app
        .post(
            "/api/v1/contacts/segments",
            Some(&c.owner.token),
            json!({ "name": "big gold vips", "criteria": criteria }),
        )
        .await;
    assert_eq!((again.status, again.code()), (StatusCode::CONFLICT, "segment_exists"));

    // Bad criteria: a shape the document rules out is a 422 by path; a custom field that does not exist a 404
    // by path; conditions that do not suit the custom field they name a 409 naming each path.
    let bad = json!({ "op": "and", "conditions": [
        { "field": "consent", "operator": "contains", "value": "opted_in" },
        { "op": "or", "conditions": [{ "field": "createdAt", "operator": "within_days", "value": "soon" }] }
    ]});
    let res = c.app.get(&format!("/api/v1/contacts?criteria={}", enc(&bad)), &c.owner.token).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    let paths: Vec<&str> =
        res.body["details"]["fields"].as_array().expect("fields").iter().filter_map(|f| f["field"].as_str()).collect();
    assert_eq!(paths, ["criteria.conditions.0.operator", "criteria.conditions.1.conditions.0.value"]);
    let gone = json!({ "op": "and", "conditions": [{ "field": "field.gone", "operator": "is_set" }] });
    let res = c.app.get(&format!("/api/v1/contacts/count?criteria={}", enc(&gone)), &c.owner.token).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
    assert_eq!(res.body["details"]["fields"][0]["field"], "criteria.conditions.0.field");
    let unsuited = json!({ "op": "and", "conditions": [
        { "field": "field.plan", "operator": "equals", "value": "Bronze" },
        { "op": "or", "conditions": [{ "field": "field.seats", "operator": "contains", "value": 1 }] }
    ]});
    let res = c.app.get(&format!("/api/v1/contacts?criteria={}", enc(&unsuited)), &c.owner.token).await;
    assert_eq!((res.status, res.code()), (StatusCode::CONFLICT, "unsuited_condition"), "{}", res.body);
    let message = res.body["message"].as_str().expect("message");
    assert!(
        message.contains("conditions.0.value") && message.contains("conditions.1.conditions.0.operator"),
        "{message}"
    );
    // A saved segment naming a field deleted since is outdated (409) until edited.
    let temp = c.field("temp", "text", json!([])).await["id"].as_str().expect("id").to_owned();
    let on_temp = json!({ "op": "and", "conditions": [{ "field": "field.temp", "operator": "is_set" }] });
    let seg = c
        .app
        .post("/api/v1/contacts/segments", Some(&c.owner.token), json!({ "name": "Temp", "criteria": on_temp }))
        .await;
    assert_eq!(seg.status, StatusCode::CREATED, "{}", seg.body);
    let res = c.app.delete(&format!("/api/v1/contact-fields/{temp}"), &c.owner.token).await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.body);
    let seg_id = seg.body["id"].as_str().expect("id");
    let res = c.app.get(&format!("/api/v1/contacts/segments/{seg_id}/count"), &c.owner.token).await;
    assert_eq!((res.status, res.code()), (StatusCode::CONFLICT, "segment_outdated"), "{}", res.body);
    let garbage = c.app.get("/api/v1/contacts?criteria=%7Bnot-json", &c.owner.token).await;
    assert_eq!(garbage.status, StatusCode::UNPROCESSABLE_ENTITY);
    let cursor = c.app.get("/api/v1/contacts?cursor=forged", &c.owner.token).await;
    assert_eq!(cursor.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Bulk: label everyone that matches, then agents may not bulk-delete.
    let silver =
        json!({ "op": "and", "conditions": [{ "field": "field.plan", "operator": "equals", "value": "Silver" }] });
    let lead = c.label("Lead").await;
    let bulk = c
        .app
        .post(
            "/api/v1/contacts/bulk",
            Some(&c.owner.token),
            json!({ "selection": { "all": true, "criteria": silver }, "action": "add_label", "labelId": lead }),
        )
        .await;
    assert_eq!((bulk.status, bulk.body["affected"].as_u64()), (StatusCode::OK, Some(20)));
    // Labels and fields a request names must exist: 404, by name.
    let unknown = Uuid::now_v7();
    let res = c
        .app
        .post(
            "/api/v1/contacts/bulk",
            Some(&c.owner.token),
            json!({ "selection": { "all": true }, "action": "add_label", "labelId": unknown }),
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
    assert_eq!(res.body["details"]["fields"][0]["field"], "labelIds");
    let res = c
        .app
        .post(
            "/api/v1/contacts/bulk",
            Some(&c.owner.token),
            json!({ "selection": { "all": true }, "action": "set_field", "fieldKey": "gone", "value": 1 }),
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
    assert_eq!(res.body["details"]["fields"][0]["field"], "fieldKey");
    let res = c
        .app
        .post(
            "/api/v1/contacts/bulk",
            Some(&c.owner.token),
            json!({ "selection": { "all": true }, "action": "set_field", "fieldKey": "seats", "value": "many" }),
        )
        .await;
    assert_eq!((res.status, res.code()), (StatusCode::CONFLICT, "invalid_field_value"), "{}", res.body);
    let res = c
        .app
        .post("/api/v1/contacts/bulk", Some(&c.owner.token), json!({ "selection": { "ids": [] }, "action": "delete" }))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "neither ids nor all: {}", res.body);
    let anyone = c.app.get("/api/v1/contacts?limit=1", &c.owner.token).await.body["items"][0]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let res = c
        .app
        .call(
            Method::PUT,
            &format!("/api/v1/contacts/{anyone}/labels"),
            Some(&c.owner.token),
            Some(json!({ "labelIds": [lead, unknown] })),
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
    assert_eq!(res.body["details"]["fields"][0]["field"], "labelIds");
    let res = c.app.delete(&format!("/api/v1/contacts/{anyone}/tags/{unknown}"), &c.owner.token).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
    let lead_count = json!({ "op": "and", "conditions": [{ "field": "label", "operator": "has", "value": lead }] });
    assert_eq!(c.count(&lead_count).await, 20);
    let agent = c.app.add_member(&c.owner, "agent").await;
    let del = c
        .app
        .post("/api/v1/contacts/bulk", Some(&agent.token), json!({ "selection": { "all": true }, "action": "delete" }))
        .await;
    assert_eq!(del.status, StatusCode::FORBIDDEN);
    assert_eq!(c.count(&json!({ "op": "and", "conditions": [] })).await, 31);
}

fn rows_csv(n: usize, bad_every: usize) -> Vec<u8> {
    let mut s = String::from("\u{feff}Name;Phone;E-mail;Seats\n");
    for i in 0..n {
        let phone =
            if bad_every > 0 && i % bad_every == bad_every - 1 { "12ab".to_owned() } else { format!("91{i:07}") };
        s.push_str(&format!("Person {i};{phone};p{i}@example.com;{}\n", i % 50));
    }
    s.into_bytes()
}

async fn wait_done(c: &Crm, id: &str) -> Value {
    for _ in 0..200 {
        let res = c.app.get(&format!("/api/v1/contacts/imports/{id}"), &c.owner.token).await;
        if res.body["status"] == "done" || res.body["status"] == "failed" {
            return res.body;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("import {id} did not finish")
}

#[tokio::test]
async fn an_import_reports_bad_rows_and_duplicates_and_resumes_exactly_after_a_restart() {
    let c = crm().await;
    c.field("seats", "number", json!([])).await;
    // 4,500 rows: three batches; every 100th has a bad phone; the last row repeats the first phone.
    let mut file = rows_csv(4_500, 100);
    file.extend_from_slice(b"Again;910000000;again@example.com;3\n");
    let up = c.upload("leads.csv", &file).await;
    assert_eq!(up.status, StatusCode::CREATED, "{}", up.body);
    assert_eq!(up.body["delimiter"], ";");
    assert_eq!(up.body["rowCount"], 4_501);
    assert_eq!(up.body["headers"], json!(["Name", "Phone", "E-mail", "Seats"]));
    // Headers named like the fields are mapped already.
    assert_eq!(
        up.body["mapping"],
        json!({ "Name": "name", "Phone": "phone", "E-mail": "email", "Seats": "field.seats" })
    );
    let id = up.body["id"].as_str().expect("id").to_owned();

    let no_phone = c.start(&id, json!({ "Name": "name" })).await;
    assert_eq!(
        (no_phone.status, no_phone.code()),
        (StatusCode::CONFLICT, "phone_column_required"),
        "{}",
        no_phone.body
    );
    let not_a_column = c.start(&id, json!({ "Phone": "phone", "Fax": "skip", "Seats": "field.gone" })).await;
    assert_eq!(not_a_column.status, StatusCode::NOT_FOUND, "{}", not_a_column.body);
    let named: Vec<&str> = not_a_column.body["details"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f["field"].as_str())
        .collect();
    assert_eq!(named, ["mapping.Fax", "mapping.Seats"]);
    let started = c.start(&id, up.body["mapping"].clone()).await;
    assert_eq!(started.status, StatusCode::ACCEPTED, "{}", started.body);
    assert_eq!(c.start(&id, up.body["mapping"].clone()).await.status, StatusCode::CONFLICT);

    // One batch, then the process "dies": a new set of services (a restarted node) finishes the job.
    let tenant = c.owner.tenant_id;
    let import = Uuid::parse_str(&id).expect("uuid");
    assert!(!c.app.services.imports.run_batches(tenant, import, 1).await.expect("first batch"));
    let mid = c.app.get(&format!("/api/v1/contacts/imports/{id}"), &c.owner.token).await;
    assert_eq!((mid.body["status"].as_str(), mid.body["processed"].as_i64()), (Some("running"), Some(2_000)));
    let restarted =
        connect_services(&c.app.db_name, parley_services::ServicesConfig::default(), TestOptions::default(), vec![])
            .await;
    restarted.imports.run(tenant, import).await.expect("resume");
    let done = wait_done(&c, &id).await;
    assert_eq!(done["status"], "done");
    assert_eq!(done["processed"], 4_501);
    assert_eq!(
        (done["created"].as_i64(), done["failed"].as_i64(), done["skipped"].as_i64()),
        (Some(4_455), Some(45), Some(1))
    );
    // Exactly the valid rows, once each, with the country code and the field.
    assert_eq!(c.count(&json!({ "op": "and", "conditions": [] })).await, 4_455);
    let one = c.app.get("/api/v1/contacts?q=910000007", &c.owner.token).await;
    let first = &one.body["items"][0];
    assert_eq!(first["phone"], "+351910000007");
    assert_eq!(first["customFields"]["seats"], 7.0);
    assert_eq!(first["consent"]["status"], "opted_in");
    assert_eq!(first["consent"]["source"], "import");

    let errors =
        String::from_utf8(c.app.bytes(&format!("/api/v1/contacts/imports/{id}/errors.csv"), &c.owner.token).await)
            .expect("utf-8");
    let lines: Vec<&str> = errors.lines().collect();
    assert_eq!(lines.len(), 1 + 45 + 1, "header, the bad rows, the duplicate");
    assert!(
        lines[1].starts_with("101,") && lines[1].contains("\"12ab\"") && lines[1].contains("not a valid number"),
        "{}",
        lines[1]
    );
    assert!(lines.last().expect("row").contains("duplicate of row 2"), "{errors}");

    // The mapping is remembered for the next file with the same headers.
    let next = c.upload("more.csv", "Name;Phone;E-mail;Seats\nZed;919999999;;1\n".as_bytes()).await;
    assert_eq!(next.body["mapping"], up.body["mapping"]);
}

#[tokio::test]
async fn files_that_are_not_importable_csv_are_refused_with_a_reason_and_nothing_is_stored() {
    let c = crm().await;
    for (name, bytes) in [
        ("empty.csv", b"".to_vec()),
        ("only-header.csv", b"name,phone\n".to_vec()),
        ("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec()),
        ("wide.csv", ((0..201).map(|i| format!("c{i}")).collect::<Vec<_>>().join(",") + "\n1\n").into_bytes()),
    ] {
        let res = c.upload(name, &bytes).await;
        assert_eq!((res.status, res.code()), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_csv"), "{name}: {}", res.body);
    }
    let huge = vec![b'a'; 50 * 1024 * 1024 + 128 * 1024];
    let res = c.upload("huge.csv", &huge).await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", res.body);
    let list = c.app.get("/api/v1/contacts/imports", &c.owner.token).await;
    assert_eq!(list.body, json!([]));
    let agent = c.app.add_member(&c.owner, "agent").await;
    let res =
        c.app.upload_to("/api/v1/contacts/import", &agent.token, "a.csv", "text/csv", b"phone\n+351911111111\n").await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_export_streams_every_column_and_never_writes_a_live_formula() {
    let c = crm().await;
    c.field("plan", "text", json!([])).await;
    c.contact("+351913000001", "=cmd()", json!({ "plan": "@SUM(A1)" })).await;
    c.contact("+351913000002", "Bea", json!({})).await;
    let csv = String::from_utf8(c.app.bytes("/api/v1/contacts/export", &c.owner.token).await).expect("utf-8");
    let mut lines = csv.trim_start_matches('\u{feff}').lines();
    let header = lines.next().expect("header");
    assert!(header.starts_with("phone,name,") && header.ends_with(",plan"), "{header}");
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 2);
    let evil = rows.iter().find(|r| r.contains("cmd")).expect("row");
    assert!(evil.contains("'=cmd()") && evil.contains("'@SUM(A1)") && evil.starts_with("'+351913000001"), "{evil}");
    let only = c.app.get("/api/v1/contacts/export?ids=not-an-id", &c.owner.token).await;
    assert_eq!(only.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn customers_opt_out_with_stop_and_back_in_with_start_and_metas_webhook_does_the_same() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Consent Shop").await;
    let pnid = format!("1{}", &Uuid::now_v7().as_u128().to_string()[..12]);
    let secret = "consent-secret";
    let res = app
        .post(
            "/api/v1/whatsapp/connections",
            Some(&owner.token),
            json!({ "kind": "cloud", "name": "Main", "phoneNumberId": pnid, "wabaId": "29", "accessToken": "EAAx",
                    "appSecret": secret }),
        )
        .await;
    let number = res.body["id"].as_str().expect("id").to_owned();
    let say = |text: &'static str| {
        let hook = text_webhook(
            &pnid,
            &format!("wamid.{}", Uuid::now_v7().simple()),
            "351914000001",
            text,
            chrono::Utc::now().timestamp(),
        );
        (hook, text)
    };
    async fn contact_of(app: &TestApp, token: &str) -> Value {
        app.get("/api/v1/contacts?q=914000001", token).await.body["items"][0].clone()
    }
    for (hook, _) in [say("hello")] {
        assert_eq!(app.signed_webhook(&number, secret, &hook).await.status, StatusCode::OK);
    }
    app.services.ingest.drain().await.expect("drain");
    assert_eq!(contact_of(&app, &owner.token).await["consent"]["status"], "unknown");
    let (hook, _) = say(" Stop! ");
    app.signed_webhook(&number, secret, &hook).await;
    app.services.ingest.drain().await.expect("drain");
    let contact = contact_of(&app, &owner.token).await;
    assert_eq!(
        (contact["consent"]["status"].as_str(), contact["consent"]["source"].as_str()),
        (Some("opted_out"), Some("keyword"))
    );
    let conv =
        app.get("/api/v1/conversations", &owner.token).await.body["items"][0]["id"].as_str().expect("conv").to_owned();
    let msgs = app.get(&format!("/api/v1/conversations/{conv}/messages"), &owner.token).await;
    let notes: Vec<&Value> =
        msgs.body["items"].as_array().expect("items").iter().filter(|m| m["direction"] == "note").collect();
    assert_eq!(notes.len(), 1, "{}", msgs.body);
    assert!(notes[0]["content"]["text"].as_str().unwrap_or("").contains("opted out"), "{}", notes[0]);
    // A sentence with the word in it is not a keyword.
    let (hook, _) = say("please start my order");
    app.signed_webhook(&number, secret, &hook).await;
    app.services.ingest.drain().await.expect("drain");
    assert_eq!(contact_of(&app, &owner.token).await["consent"]["status"], "opted_out");
    // Arabic opt-in keyword.
    let (hook, _) = say("ابدأ");
    app.signed_webhook(&number, secret, &hook).await;
    app.services.ingest.drain().await.expect("drain");
    assert_eq!(contact_of(&app, &owner.token).await["consent"]["status"], "opted_in");
    // Meta's user_preferences webhook: marketing stop.
    let pref = json!({ "object": "whatsapp_business_account", "entry": [{ "id": "29", "changes": [{ "field": "user_preferences",
        "value": { "messaging_product": "whatsapp", "metadata": { "display_phone_number": "1555", "phone_number_id": pnid },
            "user_preferences": [{ "wa_id": "351914000001", "detail": "stop", "category": "marketing_messages", "value": "stop",
                                   "timestamp": chrono::Utc::now().timestamp() }] } }] }] });
    app.signed_webhook(&number, secret, &pref).await;
    app.services.ingest.drain().await.expect("drain");
    let contact = contact_of(&app, &owner.token).await;
    assert_eq!(
        (contact["consent"]["status"].as_str(), contact["consent"]["source"].as_str()),
        (Some("opted_out"), Some("meta"))
    );
    // Keywords are the workspace's to set; managers only.
    let put = app
        .call(
            Method::PUT,
            "/api/v1/contacts/consent-settings",
            Some(&owner.token),
            Some(json!({ "optOutKeywords": ["PARE", "stop"], "optInKeywords": ["stop"] })),
        )
        .await;
    assert_eq!(put.status, StatusCode::UNPROCESSABLE_ENTITY, "a word cannot mean both");
}

#[tokio::test]
async fn merging_folds_conversations_labels_and_fields_into_the_kept_contact() {
    let c = crm().await;
    c.field("plan", "text", json!([])).await;
    let vip = c.label("VIP").await;
    let keep = c.contact("+351915000001", "Ana", json!({})).await;
    let other = c.contact("+351915000002", "Ana Souza", json!({ "plan": "Pro" })).await;
    let (k, o) = (keep["id"].as_str().expect("id"), other["id"].as_str().expect("id"));
    c.app
        .call(
            Method::PUT,
            &format!("/api/v1/contacts/{o}/labels"),
            Some(&c.owner.token),
            Some(json!({ "labelIds": [vip] })),
        )
        .await;
    c.app.patch(&format!("/api/v1/contacts/{o}"), &c.owner.token, json!({ "email": "ana@example.com" })).await;
    let agent = c.app.add_member(&c.owner, "agent").await;
    let refused = c.app.post(&format!("/api/v1/contacts/{k}/merge"), Some(&agent.token), json!({ "otherId": o })).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let itself =
        c.app.post(&format!("/api/v1/contacts/{k}/merge"), Some(&c.owner.token), json!({ "otherId": k })).await;
    assert_eq!(itself.status, StatusCode::UNPROCESSABLE_ENTITY);
    let merged =
        c.app.post(&format!("/api/v1/contacts/{k}/merge"), Some(&c.owner.token), json!({ "otherId": o })).await;
    assert_eq!(merged.status, StatusCode::OK, "{}", merged.body);
    assert_eq!(merged.body["name"], "Ana", "the kept contact's own values win");
    assert_eq!(merged.body["email"], "ana@example.com", "empty fields are filled");
    assert_eq!(merged.body["customFields"]["plan"], "Pro");
    assert_eq!(merged.body["labels"][0]["name"], "VIP");
    assert_eq!(c.app.get(&format!("/api/v1/contacts/{o}"), &c.owner.token).await.status, StatusCode::NOT_FOUND);
    let timeline = c.app.get(&format!("/api/v1/contacts/{k}/timeline"), &c.owner.token).await;
    assert!(timeline.body.as_array().expect("list").iter().any(|e| e["kind"] == "merged" && e["title"] == "Ana Souza"));
}

#[tokio::test]
async fn another_workspaces_contacts_fields_segments_and_imports_are_not_found() {
    let c = crm().await;
    let other = c.app.signup("Elsewhere").await;
    let theirs = c
        .app
        .post("/api/v1/contacts", Some(&other.token), json!({ "phone": "+351916000001", "name": "Theirs" }))
        .await
        .body["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let seg = c
        .app
        .post(
            "/api/v1/contacts/segments",
            Some(&other.token),
            json!({ "name": "All", "criteria": { "op": "and", "conditions": [] } }),
        )
        .await
        .body["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let mine = c.contact("+351916000002", "Mine", json!({})).await;
    let m = mine["id"].as_str().expect("id");
    let t = &c.owner.token;
    for (method, path, body) in [
        (Method::GET, format!("/api/v1/contacts/{theirs}"), None),
        (Method::DELETE, format!("/api/v1/contacts/{theirs}"), None),
        (Method::POST, format!("/api/v1/contacts/{m}/merge"), Some(json!({ "otherId": theirs }))),
        (Method::GET, format!("/api/v1/contacts/segments/{seg}/count"), None),
        (Method::GET, format!("/api/v1/contacts?segmentId={seg}"), None),
        (Method::PUT, format!("/api/v1/contacts/{theirs}/consent"), Some(json!({ "status": "opted_out" }))),
    ] {
        let res = c.app.call(method.clone(), &path, Some(t), body).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{method} {path}: {}", res.body);
    }
    // Bulk actions by id only reach this workspace's contacts.
    let bulk = c
        .app
        .post("/api/v1/contacts/bulk", Some(t), json!({ "selection": { "ids": [theirs, m] }, "action": "delete" }))
        .await;
    assert_eq!(bulk.body["affected"], 1);
    assert_eq!(c.app.get(&format!("/api/v1/contacts/{theirs}"), &other.token).await.status, StatusCode::OK);
}

#[tokio::test]
async fn existing_contacts_are_filled_or_overwritten_as_chosen_and_an_opt_out_always_stays() {
    let c = crm().await;
    c.field("plan", "text", json!([])).await;
    let ana = c.contact("+351917000001", "Ana", json!({ "plan": "Pro" })).await;
    let id = ana["id"].as_str().expect("id");
    let res = c
        .app
        .call(
            Method::PUT,
            &format!("/api/v1/contacts/{id}/consent"),
            Some(&c.owner.token),
            Some(json!({ "status": "opted_out" })),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let file = b"name,phone,email,plan\nOther,+351917000001,ana@example.com,Free\n";
    let mapping = json!({ "name": "name", "phone": "phone", "email": "email", "plan": "field.plan" });
    for (mode, name, plan) in [("fill", "Ana", "Pro"), ("overwrite", "Other", "Free")] {
        let up = c.upload("again.csv", file).await;
        let import = up.body["id"].as_str().expect("id").to_owned();
        let started = c
            .app
            .post(
                &format!("/api/v1/contacts/imports/{import}/start"),
                Some(&c.owner.token),
                json!({ "mapping": mapping, "duplicates": mode, "consent": { "status": "opted_in", "basis": "Form" } }),
            )
            .await;
        assert_eq!(started.status, StatusCode::ACCEPTED, "{}", started.body);
        c.app.services.imports.run(c.owner.tenant_id, Uuid::parse_str(&import).expect("uuid")).await.expect("run");
        let done = wait_done(&c, &import).await;
        assert_eq!(done["updated"], 1, "{mode}: {done}");
        let now = c.app.get(&format!("/api/v1/contacts/{id}"), &c.owner.token).await.body;
        assert_eq!((now["name"].as_str(), now["customFields"]["plan"].as_str()), (Some(name), Some(plan)), "{mode}");
        assert_eq!(now["email"], "ana@example.com", "{mode}: an empty field is always filled");
        assert_eq!(now["consent"]["status"], "opted_out", "{mode}: an import never opts a person back in");
    }
}

#[tokio::test]
async fn only_a_failed_media_download_is_retried() {
    let c = crm().await;
    let up = c.app.upload_to("/api/v1/media", &c.owner.token, "note.txt", "text/plain", b"hello").await;
    assert_eq!(up.status, StatusCode::CREATED, "{}", up.body);
    let id = up.body["id"].as_str().expect("id");
    let res = c.app.post(&format!("/api/v1/media/{id}/retry"), Some(&c.owner.token), json!({})).await;
    assert_eq!((res.status, res.code()), (StatusCode::CONFLICT, "not_failed"), "{}", res.body);
}
