//! Deals and tickets through the API: the default pipeline made once, moves with their won/lost
//! bookkeeping and ordering, board totals, validation, per-workspace ticket numbers, tickets from
//! conversations, `mine`, who may do what, and the CRM dashboard.

use axum::http::{Method, StatusCode};
use parley_test_support::{Signup, TestApp, text_webhook};
use serde_json::{Value, json};
use uuid::Uuid;

fn id(v: &Value) -> String {
    v["id"].as_str().expect("id").to_owned()
}

/// The fields a 422 (or a 404 for ids that name nothing) names.
fn fields(body: &Value) -> Vec<String> {
    body["details"]["fields"]
        .as_array()
        .map(|f| f.iter().filter_map(|x| x["field"].as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}

async fn contact(app: &TestApp, who: &Signup, phone: &str, name: &str) -> String {
    let res = app.post("/api/v1/contacts", Some(&who.token), json!({ "phone": phone, "name": name })).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    id(&res.body)
}

async fn pipeline(app: &TestApp, who: &Signup) -> Value {
    let res = app.get("/api/v1/pipelines", &who.token).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.body[0].clone()
}

/// The id of the default pipeline's stage named `name`.
fn stage(p: &Value, name: &str) -> String {
    id(p["stages"].as_array().expect("stages").iter().find(|s| s["name"] == name).expect("stage"))
}

async fn deal(app: &TestApp, who: &Signup, body: Value) -> Value {
    let res = app.post("/api/v1/deals", Some(&who.token), body).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    res.body
}

async fn move_deal(app: &TestApp, who: &Signup, deal: &str, body: Value) -> parley_test_support::Response {
    app.post(&format!("/api/v1/deals/{deal}/move"), Some(&who.token), body).await
}

/// A customer writes to a new number of the workspace; answers the conversation.
async fn conversation(app: &TestApp, who: &Signup, from: &str) -> Value {
    let pnid = format!("1{}", &Uuid::now_v7().as_u128().to_string()[..12]);
    let secret = format!("secret-{}", Uuid::now_v7().simple());
    let res = app
        .post(
            "/api/v1/whatsapp/connections",
            Some(&who.token),
            json!({ "kind": "cloud", "name": format!("Line {from}"), "phoneNumberId": pnid, "wabaId": "29",
                    "accessToken": "EAAx", "appSecret": secret }),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let hook = text_webhook(
        &pnid,
        &format!("wamid.{}", Uuid::now_v7().simple()),
        from,
        "help",
        chrono::Utc::now().timestamp(),
    );
    assert_eq!(app.signed_webhook(&id(&res.body), &secret, &hook).await.status, StatusCode::OK);
    app.services.ingest.drain().await.expect("process webhooks");
    let list = app.get("/api/v1/conversations?limit=200", &who.token).await;
    let phone = format!("+{from}");
    list.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|c| c["contactPhone"] == phone.as_str())
        .cloned()
        .expect("conversation")
}

#[tokio::test]
async fn default_pipeline_has_six_stages_and_is_created_once() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Sales Co").await;
    let (a, b) = tokio::join!(app.get("/api/v1/pipelines", &owner.token), app.get("/api/v1/pipelines", &owner.token));
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(b.status, StatusCode::OK, "{}", b.body);
    let again = app.get("/api/v1/pipelines", &owner.token).await.body;
    assert_eq!(again.as_array().expect("list").len(), 1, "one pipeline, however many asked at once: {again}");
    assert_eq!(a.body[0]["id"], again[0]["id"]);
    assert_eq!(b.body[0]["id"], again[0]["id"]);
    let p = &again[0];
    assert_eq!(p["name"], "Sales");
    assert_eq!(p["isDefault"], true);
    let stages = p["stages"].as_array().expect("stages");
    let got: Vec<(String, i64, String)> = stages
        .iter()
        .map(|s| {
            (
                s["name"].as_str().expect("name").into(),
                s["probability"].as_i64().expect("p"),
                s["kind"].as_str().expect("k").into(),
            )
        })
        .collect();
    let want = [
        ("Lead", 10, "open"),
        ("Qualified", 25, "open"),
        ("Proposal", 50, "open"),
        ("Negotiation", 75, "open"),
        ("Won", 100, "won"),
        ("Lost", 0, "lost"),
    ];
    assert_eq!(got, want.iter().map(|(n, p, k)| ((*n).into(), *p, (*k).into())).collect::<Vec<_>>());
    for (n, s) in stages.iter().enumerate() {
        assert_eq!(s["position"], n as i64);
        let c = s["color"].as_str().expect("color");
        assert!(
            c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|ch| matches!(ch, '0'..='9' | 'a'..='f')),
            "{c}"
        );
    }
    // Creating a deal first also makes it, once.
    let other = app.signup("Other Co").await;
    let ana = contact(&app, &other, "+15550100001", "Ana").await;
    let d = deal(&app, &other, json!({ "title": "First", "contactId": ana })).await;
    let ps = app.get("/api/v1/pipelines", &other.token).await.body;
    assert_eq!(ps.as_array().expect("list").len(), 1);
    assert_eq!(d["pipelineId"], ps[0]["id"]);
    assert_eq!(d["stageId"], ps[0]["stages"][0]["id"], "a new deal starts in the first stage");
}

#[tokio::test]
async fn a_deal_moves_between_stages_and_records_who_won_it() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Sales Co").await;
    let agent = app.add_member(&owner, "agent").await;
    let p = pipeline(&app, &owner).await;
    let ana = contact(&app, &owner, "+15550100002", "Ana Souza").await;
    let d = deal(
        &app,
        &agent,
        json!({ "title": "50 seats", "contactId": ana, "value": 1200.5, "ownerId": agent.user_id,
                "expectedCloseDate": "2000-01-31" }),
    )
    .await;
    assert_eq!(d["status"], "open");
    assert_eq!(d["value"], 1200.5);
    assert_eq!(d["currency"], "USD");
    assert_eq!(d["priority"], "medium");
    assert_eq!(d["contactName"], "Ana Souza");
    assert_eq!(d["contactPhone"], "+15550100002");
    assert_eq!(d["ownerName"], "Member");
    assert_eq!(d["overdue"], true, "open and expected to close in the past");
    assert_eq!(d["position"], 1.0);
    let deal_id = id(&d);

    let won = move_deal(&app, &agent, &deal_id, json!({ "stageId": stage(&p, "Won") })).await;
    assert_eq!(won.status, StatusCode::OK, "{}", won.body);
    assert_eq!(won.body["status"], "won");
    assert_eq!(won.body["closedById"], agent.user_id.to_string());
    assert_eq!(won.body["closedByName"], "Member");
    assert!(won.body["closedAt"].is_string());
    assert_eq!(won.body["overdue"], false, "a won deal is never overdue");
    // Moving inside the won stage keeps who won it.
    let again = move_deal(&app, &owner, &deal_id, json!({ "stageId": stage(&p, "Won") })).await;
    assert_eq!(again.body["closedById"], agent.user_id.to_string());

    let lost = move_deal(&app, &owner, &deal_id, json!({ "stageId": stage(&p, "Lost") })).await;
    assert_eq!(lost.body["status"], "lost");
    assert_eq!(lost.body["closedById"], owner.user_id.to_string());

    let back = move_deal(&app, &agent, &deal_id, json!({ "stageId": stage(&p, "Qualified") })).await;
    assert_eq!(back.status, StatusCode::OK, "{}", back.body);
    assert_eq!(back.body["status"], "open");
    assert!(back.body["closedAt"].is_null());
    assert!(back.body["closedById"].is_null());
    assert_eq!(back.body["stageId"], stage(&p, "Qualified").as_str());

    // PATCH changes fields, clears with null, and a new stage there closes it the same way.
    let res = app
        .patch(
            &format!("/api/v1/deals/{deal_id}"),
            &agent.token,
            json!({ "title": "60 seats", "ownerId": null, "expectedCloseDate": null, "stageId": stage(&p, "Won") }),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.body["title"], "60 seats");
    assert!(res.body["ownerId"].is_null());
    assert!(res.body["expectedCloseDate"].is_null());
    assert_eq!(res.body["status"], "won");
    assert_eq!(res.body["value"], 1200.5, "untouched");
    let list = app.get(&format!("/api/v1/deals?status=won&contactId={ana}"), &owner.token).await;
    assert_eq!(list.body["items"][0]["id"], deal_id.as_str());
}

#[tokio::test]
async fn moving_a_deal_to_another_tenants_stage_is_404() {
    let app = TestApp::spawn().await;
    let a = app.signup("Tenant A").await;
    let b = app.signup("Tenant B").await;
    let a_pipeline = pipeline(&app, &a).await;
    let b_pipeline = pipeline(&app, &b).await;
    let ana = contact(&app, &a, "+15550100003", "Ana").await;
    let d = id(&deal(&app, &a, json!({ "title": "Mine", "contactId": ana })).await);
    let res = move_deal(&app, &a, &d, json!({ "stageId": stage(&b_pipeline, "Won") })).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
    // A deal of B before which to place it is no better.
    let bob = contact(&app, &b, "+15550100004", "Bob").await;
    let theirs = id(&deal(&app, &b, json!({ "title": "Theirs", "contactId": bob })).await);
    let res = move_deal(&app, &a, &d, json!({ "stageId": stage(&a_pipeline, "Lead"), "beforeId": theirs })).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
    assert_eq!(fields(&res.body), ["beforeId"]);
    // Creating a deal in B's stage, or for B's contact, is 404 too.
    let res = app
        .post(
            "/api/v1/deals",
            Some(&a.token),
            json!({ "title": "x", "contactId": ana, "stageId": stage(&b_pipeline, "Lead") }),
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
    let res = app.post("/api/v1/deals", Some(&a.token), json!({ "title": "x", "contactId": bob })).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
    // A stage of another pipeline of the same workspace names nothing there: 404, by name.
    let other = app.post("/api/v1/pipelines", Some(&a.token), json!({ "name": "Renewals" })).await;
    assert_eq!(other.status, StatusCode::CREATED, "{}", other.body);
    assert_eq!(other.body["isDefault"], false);
    let res = move_deal(&app, &a, &d, json!({ "stageId": stage(&other.body, "Won") })).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
    assert_eq!(fields(&res.body), ["stageId"]);
    let res = app
        .post(
            "/api/v1/deals",
            Some(&a.token),
            json!({ "title": "x", "contactId": ana, "pipelineId": id(&a_pipeline),
                    "stageId": stage(&other.body, "Lead") }),
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
    assert_eq!(fields(&res.body), ["stageId"]);
    // Stages a pipeline's update names by id must be its own; a new pipeline's stages take no id at all.
    let res = app
        .patch(
            &format!("/api/v1/pipelines/{}", id(&other.body)),
            &a.token,
            json!({ "stages": [{ "id": stage(&a_pipeline, "Lead"), "name": "Lead" }] }),
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
    assert_eq!(fields(&res.body), ["stages.0.id"]);
    let res = app
        .post(
            "/api/v1/pipelines",
            Some(&a.token),
            json!({ "name": "Copy", "stages": [{ "id": stage(&a_pipeline, "Lead"), "name": "Lead" }] }),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    // The default pipeline stays the default until another one takes its place.
    let res =
        app.patch(&format!("/api/v1/pipelines/{}", id(&a_pipeline)), &a.token, json!({ "isDefault": false })).await;
    assert_eq!((res.status, res.code()), (StatusCode::CONFLICT, "default_pipeline"), "{}", res.body);
    let res = app.get(&format!("/api/v1/deals/{d}"), &b.token).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn reordering_within_a_stage_uses_before_id() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Sales Co").await;
    let p = pipeline(&app, &owner).await;
    let ana = contact(&app, &owner, "+15550100005", "Ana").await;
    let mut ids = vec![];
    for n in 1..=3 {
        let d = deal(&app, &owner, json!({ "title": format!("d{n}"), "contactId": ana })).await;
        assert_eq!(d["position"], n as f64);
        ids.push(id(&d));
    }
    let lead = stage(&p, "Lead");
    let order = || async {
        let board = app.get("/api/v1/deals/board", &owner.token).await;
        assert_eq!(board.status, StatusCode::OK, "{}", board.body);
        board.body["columns"][0]["deals"]
            .as_array()
            .expect("deals")
            .iter()
            .map(|d| d["title"].as_str().expect("t").to_owned())
            .collect::<Vec<_>>()
    };
    // d3 between d1 and d2: the midpoint.
    let res = move_deal(&app, &owner, &ids[2], json!({ "stageId": lead, "beforeId": ids[1] })).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.body["position"], 1.5);
    assert_eq!(order().await, ["d1", "d3", "d2"]);
    // d2 first: one before d1.
    let res = move_deal(&app, &owner, &ids[1], json!({ "stageId": lead, "beforeId": ids[0] })).await;
    assert_eq!(res.body["position"], 0.0);
    assert_eq!(order().await, ["d2", "d1", "d3"]);
    // Without beforeId: last.
    let res = move_deal(&app, &owner, &ids[1], json!({ "stageId": lead })).await;
    assert_eq!(res.body["position"], 2.5);
    assert_eq!(order().await, ["d1", "d3", "d2"]);
    // Into another stage before a card there.
    let q = stage(&p, "Qualified");
    move_deal(&app, &owner, &ids[0], json!({ "stageId": q })).await;
    let res = move_deal(&app, &owner, &ids[2], json!({ "stageId": q, "beforeId": ids[0] })).await;
    assert_eq!(res.body["stageId"], q.as_str());
    assert_eq!(order().await, ["d2"]);
    let board = app.get(&format!("/api/v1/deals/board?pipelineId={}", id(&p)), &owner.token).await;
    let titles: Vec<_> =
        board.body["columns"][1]["deals"].as_array().expect("deals").iter().map(|d| d["title"].clone()).collect();
    assert_eq!(titles, [json!("d3"), json!("d1")]);
}

#[tokio::test]
async fn cards_moved_between_the_same_two_many_times_keep_their_order() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Sales Co").await;
    let p = pipeline(&app, &owner).await;
    let lead = stage(&p, "Lead");
    let ana = contact(&app, &owner, "+15550100011", "Ana").await;
    let mut ids = vec![];
    for n in ["a", "b", "c"] {
        ids.push(id(&deal(&app, &owner, json!({ "title": n, "contactId": ana })).await));
    }
    // Each move halves the room above b (or c): a float runs out of it after about fifty.
    for n in 0..60 {
        let (mover, before) = if n % 2 == 0 { (&ids[2], &ids[1]) } else { (&ids[1], &ids[2]) };
        let res = move_deal(&app, &owner, mover, json!({ "stageId": lead, "beforeId": before })).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
    let board = app.get("/api/v1/deals/board", &owner.token).await;
    let deals = board.body["columns"][0]["deals"].as_array().expect("deals").clone();
    let titles: Vec<_> = deals.iter().map(|d| d["title"].as_str().expect("t").to_owned()).collect();
    assert_eq!(titles, ["a", "b", "c"], "the last move put b before c");
    let positions: Vec<f64> = deals.iter().map(|d| d["position"].as_f64().expect("p")).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
}

#[tokio::test]
async fn board_totals_count_value_and_weighted() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Sales Co").await;
    let p = pipeline(&app, &owner).await;
    let ana = contact(&app, &owner, "+15550100006", "Ana").await;
    for (value, stage_name) in [(100.0, "Lead"), (50.5, "Lead"), (1000.0, "Proposal"), (7.0, "Won")] {
        deal(&app, &owner, json!({ "title": "d", "contactId": ana, "value": value, "stageId": stage(&p, stage_name) }))
            .await;
    }
    let board = app.get("/api/v1/deals/board", &owner.token).await;
    assert_eq!(board.status, StatusCode::OK, "{}", board.body);
    assert_eq!(board.body["pipeline"]["id"], p["id"]);
    let cols = board.body["columns"].as_array().expect("columns");
    assert_eq!(cols.len(), 6);
    let col = |name: &str| cols.iter().find(|c| c["stage"]["name"] == name).cloned().expect("column");
    let lead = col("Lead");
    assert_eq!(lead["count"], 2);
    assert_eq!(lead["amounts"], json!([{ "currency": "USD", "value": 150.5, "weighted": 15.05 }]), "{lead}");
    assert_eq!(lead["deals"].as_array().expect("deals").len(), 2);
    let proposal = col("Proposal");
    assert_eq!(
        (proposal["count"].clone(), proposal["amounts"].clone()),
        (json!(1), json!([{ "currency": "USD", "value": 1000.0, "weighted": 500.0 }]))
    );
    let won = col("Won");
    assert_eq!(won["amounts"], json!([{ "currency": "USD", "value": 7.0, "weighted": 7.0 }]));
    assert_eq!(won["deals"][0]["status"], "won", "created in a won stage, it is won at once");
    assert_eq!(col("Qualified")["count"], 0);
    assert_eq!(col("Qualified")["amounts"], json!([]));
    // Cursor pages over the list, newest first.
    let first = app.get("/api/v1/deals?limit=3", &owner.token).await;
    assert_eq!(first.body["items"].as_array().expect("items").len(), 3);
    assert_eq!(first.body["items"][0]["value"], 7.0);
    let cursor = first.body["nextCursor"].as_str().expect("cursor");
    let second = app.get(&format!("/api/v1/deals?limit=3&cursor={cursor}"), &owner.token).await;
    assert_eq!(second.body["items"].as_array().expect("items").len(), 1);
    assert_eq!(second.body["items"][0]["value"], 100.0);
    assert!(second.body["nextCursor"].is_null());
    let bad = app.get("/api/v1/deals?cursor=nope", &owner.token).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let lead_only = app.get(&format!("/api/v1/deals?stageId={}&q=ana", stage(&p, "Lead")), &owner.token).await;
    assert_eq!(lead_only.body["items"].as_array().expect("items").len(), 2);
}

/// Dollars and euros in one stage stay apart: the board's columns and the dashboard list one amount
/// per currency (the largest first, ties by currency), never their sum; counts cover every currency.
#[tokio::test]
async fn deal_totals_are_kept_per_currency_on_the_board_and_the_dashboard() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Sales Co").await;
    let p = pipeline(&app, &owner).await;
    let ana = contact(&app, &owner, "+15550100011", "Ana").await;
    for (value, currency, s) in [
        (1000.0, "USD", "Lead"),
        (200.5, "USD", "Lead"),
        (3000.0, "EUR", "Lead"),
        (400.0, "USD", "Negotiation"),
        (400.0, "EUR", "Negotiation"),
        (50.0, "USD", "Won"),
    ] {
        let d = deal(
            &app,
            &owner,
            json!({ "title": "d", "contactId": ana, "value": value, "currency": currency, "stageId": stage(&p, s) }),
        )
        .await;
        assert_eq!(d["currency"], currency);
    }
    // Another workspace's pounds count nowhere here.
    let other = app.signup("Other Co").await;
    let op = pipeline(&app, &other).await;
    let bob = contact(&app, &other, "+15550100012", "Bob").await;
    deal(
        &app,
        &other,
        json!({ "title": "d", "contactId": bob, "value": 9.0, "currency": "GBP", "stageId": stage(&op, "Lead") }),
    )
    .await;

    let board = app.get("/api/v1/deals/board", &owner.token).await;
    assert_eq!(board.status, StatusCode::OK, "{}", board.body);
    let cols = board.body["columns"].as_array().expect("columns");
    let col = |name: &str| cols.iter().find(|c| c["stage"]["name"] == name).cloned().expect("column");
    let totals = |name: &str| {
        let c = col(name);
        (c["count"].clone(), c["amounts"].clone())
    };
    assert_eq!(
        totals("Lead"),
        (
            json!(3),
            json!([
                { "currency": "EUR", "value": 3000.0, "weighted": 300.0 },
                { "currency": "USD", "value": 1200.5, "weighted": 120.05 },
            ])
        )
    );
    assert_eq!(
        totals("Negotiation"),
        (
            json!(2),
            json!([
                { "currency": "EUR", "value": 400.0, "weighted": 300.0 },
                { "currency": "USD", "value": 400.0, "weighted": 300.0 },
            ])
        )
    );
    assert_eq!(totals("Won"), (json!(1), json!([{ "currency": "USD", "value": 50.0, "weighted": 50.0 }])));
    assert_eq!(totals("Qualified"), (json!(0), json!([])));
    assert_eq!(col("Lead")["deals"].as_array().expect("deals").len(), 3);

    let dash = app.get("/api/v1/dashboard/crm", &owner.token).await;
    assert_eq!(dash.status, StatusCode::OK, "{}", dash.body);
    assert_eq!(
        dash.body["openDeals"],
        json!({ "count": 5, "amounts": [
            { "currency": "EUR", "value": 3400.0, "weighted": 600.0 },
            { "currency": "USD", "value": 1600.5, "weighted": 420.05 },
        ]})
    );
    let by_stage: Vec<(String, Value, Value)> = dash.body["dealsByStage"]
        .as_array()
        .expect("stages")
        .iter()
        .map(|s| (s["name"].as_str().expect("name").into(), s["count"].clone(), s["amounts"].clone()))
        .collect();
    assert_eq!(
        by_stage,
        [
            (
                "Lead".into(),
                json!(3),
                json!([
                    { "currency": "EUR", "value": 3000.0, "weighted": 300.0 },
                    { "currency": "USD", "value": 1200.5, "weighted": 120.05 },
                ])
            ),
            ("Qualified".into(), json!(0), json!([])),
            ("Proposal".into(), json!(0), json!([])),
            (
                "Negotiation".into(),
                json!(2),
                json!([
                    { "currency": "EUR", "value": 400.0, "weighted": 300.0 },
                    { "currency": "USD", "value": 400.0, "weighted": 300.0 },
                ])
            ),
        ]
    );
}

#[tokio::test]
async fn deal_with_wrong_types_is_422_with_the_field_named() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Sales Co").await;
    let ana = contact(&app, &owner, "+15550100007", "Ana").await;
    let cases = [
        (json!({ "title": "x", "contactId": ana, "value": "lots" }), "value"),
        (json!({ "title": "x", "contactId": ana, "value": -1 }), "value"),
        (json!({ "title": "x", "contactId": ana, "value": 1e13 }), "value"),
        (json!({ "title": "x", "contactId": ana, "currency": "usd" }), "currency"),
        (json!({ "title": "x", "contactId": ana, "priority": "someday" }), "priority"),
        (json!({ "title": "x", "contactId": ana, "expectedCloseDate": "soon" }), "expectedCloseDate"),
        (json!({ "title": "x", "contactId": "not-a-uuid" }), "contactId"),
        (json!({ "title": "x" }), "contactId"),
        (json!({ "title": "  ", "contactId": ana }), "title"),
    ];
    for (body, field) in cases {
        let res = app.post("/api/v1/deals", Some(&owner.token), body.clone()).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {}", res.body);
        assert_eq!(fields(&res.body), [field], "{body}: {}", res.body);
    }
    // An owner who is no member names nothing: 404, by name.
    let res = app
        .post("/api/v1/deals", Some(&owner.token), json!({ "title": "x", "contactId": ana, "ownerId": Uuid::now_v7() }))
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
    assert_eq!(fields(&res.body), ["ownerId"]);
    let res = app.post("/api/v1/deals", Some(&owner.token), json!({ "title": "x", "contactId": Uuid::now_v7() })).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "an unknown contact: {}", res.body);
    let d = id(&deal(&app, &owner, json!({ "title": "x", "contactId": ana, "value": 10.005 })).await);
    let res = app.patch(&format!("/api/v1/deals/{d}"), &owner.token, json!({ "value": true })).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&res.body), ["value"]);
    let res = app.get("/api/v1/deals?priority=someday", &owner.token).await;
    assert_eq!(fields(&res.body), ["priority"]);
    let res = app
        .post(
            "/api/v1/pipelines",
            Some(&owner.token),
            json!({ "name": "P", "stages": [{ "name": "A", "color": "red", "probability": 101, "kind": "maybe" }] }),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&res.body), ["stages.0.color", "stages.0.probability", "stages.0.kind"]);
    let res = app.post("/api/v1/tickets", Some(&owner.token), json!({ "subject": "x", "dueAt": "tomorrow" })).await;
    assert_eq!(fields(&res.body), ["dueAt"]);
}

#[tokio::test]
async fn pipelines_keep_stages_with_deals_and_the_last_one_stays() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Sales Co").await;
    let p = pipeline(&app, &owner).await;
    let pid = id(&p);
    let ana = contact(&app, &owner, "+15550100008", "Ana").await;
    deal(&app, &owner, json!({ "title": "x", "contactId": ana, "stageId": stage(&p, "Proposal") })).await;
    let keep: Vec<Value> = p["stages"]
        .as_array()
        .expect("stages")
        .iter()
        .filter(|s| s["name"] != "Proposal")
        .map(|s| {
            json!({ "id": s["id"], "name": s["name"], "color": s["color"], "probability": s["probability"],
                    "kind": s["kind"] })
        })
        .collect();
    let res = app.patch(&format!("/api/v1/pipelines/{pid}"), &owner.token, json!({ "stages": keep })).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
    assert_eq!(res.code(), "stage_has_deals");
    // Renamed, recoloured, reordered, one added, an empty one dropped.
    let s = |n: &str| p["stages"].as_array().expect("s").iter().find(|x| x["name"] == n).cloned().expect("stage");
    let res = app
        .patch(
            &format!("/api/v1/pipelines/{pid}"),
            &owner.token,
            json!({ "name": "Main", "stages": [
                { "id": s("Proposal")["id"], "name": "Offer", "color": "#ABCDEF", "probability": 40 },
                { "id": s("Lead")["id"], "name": "Lead" },
                { "name": "Demo", "probability": 60 },
                { "id": s("Won")["id"], "name": "Won", "kind": "won", "probability": 100 },
            ] }),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.body["name"], "Main");
    let names: Vec<_> = res.body["stages"].as_array().expect("s").iter().map(|x| x["name"].clone()).collect();
    assert_eq!(names, [json!("Offer"), json!("Lead"), json!("Demo"), json!("Won")]);
    assert_eq!(res.body["stages"][0]["color"], "#abcdef");
    assert_eq!(res.body["stages"][0]["id"], s("Proposal")["id"]);
    let res = app.delete(&format!("/api/v1/pipelines/{pid}"), &owner.token).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert_eq!(res.code(), "last_pipeline");
    let other = app.post("/api/v1/pipelines", Some(&owner.token), json!({ "name": "Renewals" })).await;
    assert_eq!(other.body["stages"].as_array().expect("s").len(), 6);
    let dup = app.post("/api/v1/pipelines", Some(&owner.token), json!({ "name": "renewals" })).await;
    assert_eq!(dup.status, StatusCode::CONFLICT);
    assert_eq!(app.delete(&format!("/api/v1/pipelines/{pid}"), &owner.token).await.status, StatusCode::NO_CONTENT);
    let left = app.get("/api/v1/pipelines", &owner.token).await.body;
    assert_eq!(left.as_array().expect("list").len(), 1);
    assert_eq!(left[0]["isDefault"], true, "the one left is the default");
    assert_eq!(app.get("/api/v1/deals", &owner.token).await.body["items"], json!([]), "its deals went with it");
}

#[tokio::test]
async fn tickets_get_sequential_numbers_per_workspace() {
    let app = TestApp::spawn().await;
    let a = app.signup("Tenant A").await;
    let b = app.signup("Tenant B").await;
    let new = |who: &Signup, n: usize| {
        let body = json!({ "subject": format!("Issue {n}") });
        let token = who.token.clone();
        let app = &app;
        async move { app.post("/api/v1/tickets", Some(&token), body).await }
    };
    let (r1, r2, r3, r4) = tokio::join!(new(&a, 1), new(&a, 2), new(&a, 3), new(&a, 4));
    let mut numbers: Vec<i64> = [r1, r2, r3, r4]
        .iter()
        .map(|r| {
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
            r.body["number"].as_i64().expect("number")
        })
        .collect();
    numbers.sort();
    assert_eq!(numbers, [1, 2, 3, 4]);
    let first_b = new(&b, 1).await;
    assert_eq!(first_b.body["number"], 1, "B counts on its own");
    let t = first_b.body;
    assert_eq!(t["status"], "open");
    assert_eq!(t["priority"], "medium");
    assert_eq!(t["createdById"], b.user_id.to_string());
    assert!(t["contactId"].is_null());
    assert_eq!(t["conversationIds"], json!([]));
    let page = app.get("/api/v1/tickets?limit=3", &a.token).await;
    assert_eq!(page.body["items"].as_array().expect("items").len(), 3);
    let cursor = page.body["nextCursor"].as_str().expect("cursor").to_owned();
    let rest = app.get(&format!("/api/v1/tickets?limit=3&cursor={cursor}"), &a.token).await;
    assert_eq!(rest.body["items"].as_array().expect("items").len(), 1);
    let found = app.get("/api/v1/tickets?q=%233", &a.token).await;
    assert_eq!(found.body["items"][0]["number"], 3, "{}", found.body);
}

#[tokio::test]
async fn a_ticket_created_from_a_conversation_takes_its_contact_and_links_it() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Support Co").await;
    let agent = app.add_member(&owner, "agent").await;
    let conv = conversation(&app, &owner, "14155550111").await;
    let conv_id = id(&conv);
    let res = app
        .post(
            "/api/v1/tickets",
            Some(&agent.token),
            json!({ "subject": "Refund", "description": "Wants the money back", "conversationId": conv_id,
                    "priority": "high" }),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let t = res.body;
    assert_eq!(t["contactId"], conv["contactId"]);
    assert_eq!(t["contactPhone"], "+14155550111");
    assert_eq!(t["conversationIds"], json!([conv_id]));
    assert_eq!(t["createdByName"], "Member");
    let ticket = id(&t);
    let linked = app.get(&format!("/api/v1/tickets?conversationId={conv_id}"), &agent.token).await;
    assert_eq!(linked.body["items"][0]["id"], ticket.as_str());
    let mine =
        app.get(&format!("/api/v1/tickets?contactId={}", conv["contactId"].as_str().expect("c")), &agent.token).await;
    assert_eq!(mine.body["items"].as_array().expect("items").len(), 1);
    // Comments: the author is whoever wrote, bodies are checked.
    let c = app
        .post(
            &format!("/api/v1/tickets/{ticket}/comments"),
            Some(&agent.token),
            json!({ "body": "Called them\nno answer" }),
        )
        .await;
    assert_eq!(c.status, StatusCode::CREATED, "{}", c.body);
    assert_eq!(c.body["authorId"], agent.user_id.to_string());
    assert_eq!(c.body["authorName"], "Member");
    let long = app
        .post(&format!("/api/v1/tickets/{ticket}/comments"), Some(&agent.token), json!({ "body": "x".repeat(5001) }))
        .await;
    assert_eq!(fields(&long.body), ["body"]);
    let list = app.get(&format!("/api/v1/tickets/{ticket}/comments"), &owner.token).await;
    assert_eq!(list.body.as_array().expect("comments").len(), 1);
    // Links are replaced; an unknown conversation is named.
    let res = app
        .call(
            Method::PUT,
            &format!("/api/v1/tickets/{ticket}/conversations"),
            Some(&agent.token),
            Some(json!({ "conversationIds": [] })),
        )
        .await;
    assert_eq!(res.body["conversationIds"], json!([]));
    let res = app
        .call(
            Method::PUT,
            &format!("/api/v1/tickets/{ticket}/conversations"),
            Some(&agent.token),
            Some(json!({ "conversationIds": [conv_id, Uuid::now_v7()] })),
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(fields(&res.body), ["conversationIds.1"]);
    let res = app
        .post("/api/v1/tickets", Some(&agent.token), json!({ "subject": "x", "conversationId": Uuid::now_v7() }))
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn agents_see_tickets_assigned_to_them_with_mine() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Support Co").await;
    let agent = app.add_member(&owner, "agent").await;
    let other = app.add_member(&owner, "agent").await;
    for (subject, who) in [("for agent", Some(agent.user_id)), ("for other", Some(other.user_id)), ("nobody's", None)] {
        let res =
            app.post("/api/v1/tickets", Some(&owner.token), json!({ "subject": subject, "assigneeId": who })).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    }
    let mine = app.get("/api/v1/tickets?mine=true", &agent.token).await;
    let items = mine.body["items"].as_array().expect("items");
    assert_eq!(items.len(), 1, "{}", mine.body);
    assert_eq!(items[0]["subject"], "for agent");
    assert_eq!(items[0]["assigneeName"], "Member");
    assert_eq!(app.get("/api/v1/tickets", &agent.token).await.body["items"].as_array().expect("items").len(), 3);
    let ticket = id(&items[0]);
    // Resolving records when; reopening clears it; null unassigns.
    let res = app.patch(&format!("/api/v1/tickets/{ticket}"), &agent.token, json!({ "status": "resolved" })).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(res.body["resolvedAt"].is_string());
    let res = app
        .patch(
            &format!("/api/v1/tickets/{ticket}"),
            &agent.token,
            json!({ "status": "open", "assigneeId": null, "dueAt": "2001-01-01T00:00:00Z" }),
        )
        .await;
    assert!(res.body["resolvedAt"].is_null());
    assert!(res.body["assigneeId"].is_null());
    assert_eq!(res.body["overdue"], true);
    assert_eq!(app.get("/api/v1/tickets?mine=true", &agent.token).await.body["items"], json!([]));
    let res = app
        .patch(
            &format!("/api/v1/tickets/{ticket}"),
            &agent.token,
            json!({ "assigneeId": Uuid::now_v7(), "status": "done" }),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&res.body), ["status"]);
    let res =
        app.patch(&format!("/api/v1/tickets/{ticket}"), &agent.token, json!({ "assigneeId": Uuid::now_v7() })).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(fields(&res.body), ["assigneeId"]);
}

#[tokio::test]
async fn agents_cannot_delete_deals_or_edit_pipelines() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Sales Co").await;
    let agent = app.add_member(&owner, "agent").await;
    let p = pipeline(&app, &agent).await;
    let pid = id(&p);
    let ana = contact(&app, &agent, "+15550100009", "Ana").await;
    let d = id(&deal(&app, &agent, json!({ "title": "x", "contactId": ana })).await);
    let t = app.post("/api/v1/tickets", Some(&agent.token), json!({ "subject": "x" })).await;
    let t = id(&t.body);
    let refused = [
        (Method::DELETE, format!("/api/v1/deals/{d}"), None),
        (Method::DELETE, format!("/api/v1/tickets/{t}"), None),
        (Method::POST, "/api/v1/pipelines".to_owned(), Some(json!({ "name": "Mine" }))),
        (Method::PATCH, format!("/api/v1/pipelines/{pid}"), Some(json!({ "name": "Mine" }))),
        (Method::DELETE, format!("/api/v1/pipelines/{pid}"), None),
    ];
    for (m, path, body) in refused {
        let res = app.call(m.clone(), &path, Some(&agent.token), body).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{m} {path}: {}", res.body);
    }
    // They do work deals and tickets.
    let res = move_deal(&app, &agent, &d, json!({ "stageId": stage(&p, "Proposal") })).await;
    assert_eq!(res.status, StatusCode::OK);
    let res = app.patch(&format!("/api/v1/deals/{d}"), &agent.token, json!({ "notes": "call Tuesday" })).await;
    assert_eq!(res.body["notes"], "call Tuesday");
    assert_eq!(app.get(&format!("/api/v1/deals/{d}"), &agent.token).await.status, StatusCode::OK);
    assert_eq!(app.delete(&format!("/api/v1/deals/{d}"), &owner.token).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.delete(&format!("/api/v1/tickets/{t}"), &owner.token).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.get(&format!("/api/v1/deals/{d}"), &agent.token).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&format!("/api/v1/tickets/{t}"), &agent.token).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn dashboard_counts_open_deals_by_stage_and_open_tickets() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Sales Co").await;
    let agent = app.add_member(&owner, "agent").await;
    let p = pipeline(&app, &owner).await;
    let conv = conversation(&app, &owner, "14155550222").await;
    let ana = contact(&app, &owner, "+15550100010", "Ana").await;
    for (value, s) in [(100.0, "Lead"), (200.0, "Lead"), (50.0, "Negotiation"), (999.0, "Won")] {
        deal(&app, &owner, json!({ "title": "d", "contactId": ana, "value": value, "stageId": stage(&p, s) })).await;
    }
    for (who, status) in [(Some(agent.user_id), "open"), (Some(agent.user_id), "closed"), (None, "pending")] {
        let res = app.post("/api/v1/tickets", Some(&owner.token), json!({ "subject": "t", "assigneeId": who })).await;
        let res =
            app.patch(&format!("/api/v1/tickets/{}", id(&res.body)), &owner.token, json!({ "status": status })).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
    let res = app.get("/api/v1/dashboard/crm", &agent.token).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let d = res.body;
    assert_eq!(d["contacts"], 2);
    assert_eq!(d["newContacts7d"], 2);
    assert_eq!(d["openConversations"], 1);
    assert_eq!(d["unread"], 1);
    assert_eq!(d["openTickets"], 2);
    assert_eq!(d["myOpenTickets"], 1);
    assert_eq!(
        d["openDeals"],
        json!({ "count": 3, "amounts": [{ "currency": "USD", "value": 350.0, "weighted": 67.5 }] })
    );
    let by_stage: Vec<(String, i64, Value)> = d["dealsByStage"]
        .as_array()
        .expect("stages")
        .iter()
        .map(|s| (s["name"].as_str().expect("n").into(), s["count"].as_i64().expect("c"), s["amounts"].clone()))
        .collect();
    assert_eq!(
        by_stage,
        [
            ("Lead".into(), 2, json!([{ "currency": "USD", "value": 300.0, "weighted": 30.0 }])),
            ("Qualified".into(), 0, json!([])),
            ("Proposal".into(), 0, json!([])),
            ("Negotiation".into(), 1, json!([{ "currency": "USD", "value": 50.0, "weighted": 37.5 }]))
        ]
    );
    assert_eq!(d["attention"].as_array().expect("attention").len(), 1);
    assert_eq!(d["attention"][0]["id"], conv["id"]);
}

/// `parley serve --demo` shows a living CRM: contacts with fields and labels, segments that select
/// someone, deals in every stage, tickets, and conversations waiting for an answer; seeding twice
/// changes nothing.
#[tokio::test]
async fn the_demo_workspace_has_contacts_segments_deals_and_tickets() {
    use parley_services::platform::seed;
    let app = TestApp::spawn().await;
    let core = &app.services.core;
    seed::demo(core).await.expect("demo seed");
    seed::demo(core).await.expect("demo seed again");
    seed::demo_number(core).await.expect("demo number");
    let res = app.login(seed::DEMO_OWNER, seed::DEMO_PASSWORD).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let owner = parley_test_support::session_of(&res.body, seed::DEMO_OWNER.into());

    let count = app.get("/api/v1/contacts/count", &owner.token).await;
    let contacts = count.body["count"].as_u64().expect("count");
    assert!((200..1000).contains(&contacts), "{contacts} contacts");
    let fields = app.get("/api/v1/contact-fields", &owner.token).await;
    assert!(fields.body.as_array().expect("fields").len() >= 7, "{}", fields.body);

    let segments = app.get("/api/v1/contacts/segments", &owner.token).await;
    let segments = segments.body.as_array().expect("segments").clone();
    assert!(segments.len() >= 3, "{segments:?}");
    let ctx = parley_services::TenantCtx {
        tenant_id: parley_domain::TenantId(owner.tenant_id),
        credential: parley_services::Credential::Person(parley_domain::UserId(owner.user_id)),
        client: parley_services::ClientInfo::default(),
    };
    for s in &segments {
        let n = app.services.segments.count(&ctx, id(s).parse().expect("uuid")).await.expect("segment count").count;
        assert!(n > 0 && n < contacts, "segment {} counts {n}", s["name"]);
    }

    let board = app.get("/api/v1/deals/board", &owner.token).await;
    assert_eq!(board.status, StatusCode::OK, "{}", board.body);
    let columns = board.body["columns"].as_array().expect("columns");
    assert_eq!(columns.len(), 6);
    for c in columns {
        assert!(c["count"].as_u64().unwrap_or(0) > 0, "empty stage {}", c["stage"]["name"]);
    }

    let tickets = app.get("/api/v1/tickets?limit=50", &owner.token).await;
    let tickets = tickets.body["items"].as_array().expect("tickets");
    assert!(tickets.len() >= 10);
    for status in ["open", "pending", "resolved", "closed"] {
        assert!(tickets.iter().any(|t| t["status"] == status), "no {status} ticket");
    }
    assert!(tickets.iter().any(|t| !t["conversationIds"].as_array().expect("ids").is_empty()));

    let dash = app.get("/api/v1/dashboard/crm", &owner.token).await;
    assert_eq!(dash.status, StatusCode::OK, "{}", dash.body);
    assert!(dash.body["openConversations"].as_u64().unwrap_or(0) >= 5, "{}", dash.body);
    assert!(!dash.body["attention"].as_array().expect("attention").is_empty(), "{}", dash.body);
    assert_eq!(dash.body["contacts"].as_u64(), Some(contacts));
    // GDPR is visible: one erased customer (with its audit entry) and the retention setting, off.
    let audit = app.get("/api/v1/audit-logs?perPage=100", &owner.token).await;
    let erased =
        audit.body["items"].as_array().expect("items").iter().find(|e| e["action"] == "contact.erased").cloned();
    let id = erased.and_then(|e| e["targetId"].as_str().map(str::to_owned)).expect("an erased demo contact");
    let contact = app.get(&format!("/api/v1/contacts/{id}"), &owner.token).await;
    assert_eq!((contact.body["name"].as_str(), contact.body["erasedAt"].is_string()), (Some("Erased contact"), true));
    let privacy = app.get("/api/v1/settings/data/privacy", &owner.token).await;
    assert_eq!(privacy.status, StatusCode::OK, "{}", privacy.body);
    assert!(privacy.body["retentionDays"].is_null());
}
