//! Analytics end to end on generated history: every conversation metric computed from the rollups agrees with the
//! same report computed from raw rows and with an independent walk over the raw rows (percentiles within the
//! sketch's stated error); rolling a range again gives the same rows; a message that arrives late for an earlier
//! hour corrects it; bad ranges, time zones and another tenant's ids are refused; agents see only themselves;
//! exports, the weekly mail and the platform admin's figures work.

use axum::http::{Method, StatusCode};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use parley_services::analytics::dto::{AnalyticsQuery, ConversationReport, Durations};
use parley_services::analytics::history::HistoryOptions;
use parley_services::analytics::rollup::hour_floor;
use parley_services::analytics::sketch::{RELATIVE_ERROR, exact_quantile};
use parley_services::{ClientInfo, TenantCtx};
use parley_test_support::{Signup, TestApp};
use sea_orm::{ConnectionTrait, DbBackend, FromQueryResult, Statement};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use uuid::Uuid;

const DAYS: i32 = 21;

struct Shop {
    app: TestApp,
    owner: Signup,
    agent: Signup,
    number: String,
    end: DateTime<Utc>,
}

/// A workspace with a number, an agent, a team and two labels, and three weeks of generated history ending two
/// hours ago (so the last hours are not rolled up yet and come from raw facts).
async fn shop() -> Shop {
    let app = TestApp::spawn().await;
    let owner = app.signup("Numbers Bakery").await;
    let agent = app.add_member(&owner, "agent").await;
    let number = app.cloud_number(&owner).await.id;
    for (name, color) in [("VIP", "#b91c1c"), ("Wholesale", "#15803d")] {
        let res = app.post("/api/v1/labels", Some(&owner.token), json!({ "name": name, "color": color })).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    }
    let res = app.post("/api/v1/teams", Some(&owner.token), json!({ "name": "Front desk" })).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let end = hour_floor(Utc::now()) - Duration::hours(1);
    let options = HistoryOptions {
        end: Some(end),
        days: DAYS,
        conversations: 400,
        exchanges: 2,
        seed: 0.17,
        open_share: 0.15,
        phone_prefix: 7,
    };
    let tenant = parley_domain::TenantId(owner.tenant_id);
    let made = app.services.history.generate(tenant, &options).await.expect("history");
    assert!(made.messages > 1_000, "history has messages: {made:?}");
    Shop { app, owner, agent, number, end }
}

fn ctx(s: &Signup) -> TenantCtx {
    TenantCtx {
        tenant_id: parley_domain::TenantId(s.tenant_id),
        credential: parley_services::Credential::Person(parley_domain::UserId(s.user_id)),
        client: ClientInfo::default(),
    }
}

fn range(from: NaiveDate, to: NaiveDate) -> AnalyticsQuery {
    AnalyticsQuery { from: Some(from), to: Some(to), timezone: Some("UTC".into()), ..Default::default() }
}

#[derive(Debug, FromQueryResult)]
struct Event {
    conversation_id: Uuid,
    at: DateTime<Utc>,
    /// in, answer, other (an outbound message nobody answered with), resolved, reopened.
    kind: String,
}

/// The definitions of docs/analytics.md, walked over the raw rows one conversation at a time.
#[derive(Debug, Default)]
struct Walk {
    opened: i64,
    resolved: i64,
    first_response: Vec<f64>,
    resolution: Vec<f64>,
}

async fn walk(app: &TestApp, tenant: Uuid, from: DateTime<Utc>, to: DateTime<Utc>) -> Walk {
    let db = app.owner_db().await;
    let events = Event::find_by_statement(Statement::from_sql_and_values(
        DbBackend::Postgres,
        "select conversation_id, created_at as at,
                case when direction = 'inbound' then 'in'
                     when sender_user_id is not null or flow_run_id is not null then 'answer' else 'other' end as kind
           from messages where tenant_id = $1 and direction in ('inbound', 'outbound')
         union all
         select conversation_id, at, case when to_status in ('resolved', 'closed') then 'resolved' else 'reopened' end
           from conversation_status_changes where tenant_id = $1
         order by 1, 2",
        [tenant.into()],
    ))
    .all(&db)
    .await
    .expect("events");
    let mut w = Walk::default();
    let mut per: BTreeMap<Uuid, Vec<&Event>> = BTreeMap::new();
    for e in &events {
        per.entry(e.conversation_id).or_default().push(e);
    }
    let inside = |t: DateTime<Utc>| t >= from && t < to;
    for list in per.values() {
        let (mut start, mut answered): (Option<DateTime<Utc>>, bool) = (None, false);
        for e in list {
            match e.kind.as_str() {
                "in" if start.is_none() => {
                    start = Some(e.at);
                    answered = false;
                    if inside(e.at) {
                        w.opened += 1;
                    }
                }
                "answer" => {
                    if let (Some(s), false) = (start, answered) {
                        answered = true;
                        if inside(e.at) {
                            w.first_response.push((e.at - s).num_milliseconds() as f64 / 1000.0);
                        }
                    }
                }
                "resolved" => {
                    if inside(e.at) {
                        w.resolved += 1;
                        if let Some(s) = start {
                            w.resolution.push((e.at - s).num_milliseconds() as f64 / 1000.0);
                        }
                    }
                    start = None;
                    answered = false;
                }
                _ => {}
            }
        }
    }
    w
}

/// A sketch's percentile is within its stated error of the exact one (nearest rank).
fn close(d: &Durations, exact: &mut [f64], what: &str) {
    assert_eq!(d.count, exact.len() as i64, "{what}: how many");
    for (q, got) in [(0.5, d.median), (0.9, d.p90)] {
        let want = exact_quantile(exact, q).expect("values");
        let got = got.expect("a percentile");
        assert!(
            (want < 1.0 && got == 0.0) || (got - want).abs() <= want * RELATIVE_ERROR + 1e-6,
            "{what} q{q}: sketch {got} vs exact {want}"
        );
    }
}

fn same_totals(a: &ConversationReport, b: &ConversationReport) {
    let (x, y) = (&a.totals, &b.totals);
    assert_eq!(
        (x.opened, x.resolved, x.messages_in, x.messages_out, x.messages_agent, x.messages_bot),
        (y.opened, y.resolved, y.messages_in, y.messages_out, y.messages_agent, y.messages_bot),
        "counts"
    );
    for (p, q, what) in [
        (&x.first_response, &y.first_response, "first response"),
        (&x.first_response_business, &y.first_response_business, "first response (business hours)"),
        (&x.resolution, &y.resolution, "resolution"),
    ] {
        assert_eq!((p.count, p.median, p.p90), (q.count, q.median, q.p90), "{what}");
    }
    assert_eq!(a.heatmap, b.heatmap, "heatmap");
    let series = |r: &ConversationReport| r.series.iter().map(|p| (p.opened, p.messages_in)).collect::<Vec<_>>();
    assert_eq!(series(a), series(b), "series");
}

#[tokio::test]
async fn rollups_agree_with_raw_rows_rerun_the_same_and_take_late_messages() {
    let s = shop().await;
    let svc = &s.app.services;
    let t = ctx(&s.owner);
    let today = Utc::now().date_naive();
    let q = range(today - Duration::days(i64::from(DAYS) + 1), today);

    // Before any rollup, the report is raw facts throughout; after a backfill, rollups plus the last hours.
    let raw = svc.analytics.conversations(&t, q.clone(), true).await.expect("raw report");
    let before = svc.analytics.conversations(&t, q.clone(), false).await.expect("report before rollups");
    same_totals(&raw, &before);
    let since = s.end - Duration::days(i64::from(DAYS) + 1);
    let done = svc.rollups.backfill(since, Some(s.owner.tenant_id)).await.expect("backfill");
    assert!(done.hours >= (DAYS as usize) * 24, "{done:?}");
    let rolled = svc.analytics.conversations(&t, q.clone(), false).await.expect("rolled report");
    same_totals(&raw, &rolled);
    assert!(rolled.totals.opened > 300, "history opened conversations: {:?}", rolled.totals);

    // The walk over raw rows agrees: counts exactly, percentiles within the sketch's error.
    let mut w = walk(&s.app, s.owner.tenant_id, rolled.range.start, rolled.range.end).await;
    assert_eq!((rolled.totals.opened, rolled.totals.resolved), (w.opened, w.resolved), "opened and resolved");
    close(&rolled.totals.first_response, &mut w.first_response, "first response");
    close(&rolled.totals.resolution, &mut w.resolution, "resolution");

    // Filters read the same from rollups and raw rows: by number, and by agent.
    let by_agent = AnalyticsQuery { agent_id: Some(s.agent.user_id), ..q.clone() };
    same_totals(
        &svc.analytics.conversations(&t, by_agent.clone(), true).await.expect("raw"),
        &svc.analytics.conversations(&t, by_agent, false).await.expect("rolled"),
    );
    let by_number = AnalyticsQuery { connection_id: Some(s.number.parse().expect("uuid")), ..q.clone() };
    let n = svc.analytics.conversations(&t, by_number, false).await.expect("by number");
    assert_eq!(n.totals.messages_in, rolled.totals.messages_in, "the workspace's only number has every message");

    // Agents and flows and contacts agree too.
    let agents_raw = svc.analytics.agents(&t, q.clone(), true).await.expect("agents raw");
    let agents = svc.analytics.agents(&t, q.clone(), false).await.expect("agents");
    let pick = |r: &parley_services::analytics::dto::AgentReport| {
        r.agents
            .iter()
            .map(|a| (a.agent_id, a.conversations_handled, a.messages_sent, a.online_seconds))
            .collect::<Vec<_>>()
    };
    assert_eq!(pick(&agents_raw), pick(&agents));
    assert!(agents.agents.iter().any(|a| a.online_seconds > 3600), "agents were on line: {:?}", pick(&agents));
    let c_raw = svc.analytics.contacts(&t, q.clone(), true).await.expect("contacts raw");
    let c = svc.analytics.contacts(&t, q.clone(), false).await.expect("contacts");
    assert_eq!(
        (c.new_contacts, c.opt_ins, c.opt_outs, c.deals_won, c.deals_lost),
        (c_raw.new_contacts, c_raw.opt_ins, c_raw.opt_outs, c_raw.deals_won, c_raw.deals_lost)
    );
    assert!(c.new_contacts >= 300, "{c:?}");

    // Rolling the same range again gives the same rows.
    let db = s.app.owner_db().await;
    let snapshot = |db: sea_orm::DatabaseConnection| async move {
        db.query_all_raw(Statement::from_string(
            DbBackend::Postgres,
            "select hour, connection_id, team_id, agent_id, label_id, messages_in, messages_out, opened, resolved,
                    first_response::text, resolution::text from analytics_hourly order by 1, 2, 3, 4, 5",
        ))
        .await
        .expect("rows")
        .iter()
        .map(|r| format!("{r:?}"))
        .collect::<Vec<_>>()
    };
    let first = snapshot(db.clone()).await;
    svc.rollups.backfill(since, Some(s.owner.tenant_id)).await.expect("again");
    assert_eq!(first, snapshot(db.clone()).await, "a rerun writes the same rows");
    assert!(first.len() > 100, "rows were written: {}", first.len());

    // A customer message WhatsApp delivers a day late lands in its own hour once the next pass runs.
    let late_at = s.end - Duration::hours(30);
    let conversation: Uuid = db
        .query_one_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "select id from conversations where tenant_id = $1 order by created_at limit 1",
            [s.owner.tenant_id.into()],
        ))
        .await
        .expect("query")
        .expect("a conversation")
        .try_get("", "id")
        .expect("id");
    let day = late_at.date_naive();
    let one_day = range(day, day);
    let before_late = svc.analytics.conversations(&t, one_day.clone(), false).await.expect("day").totals.messages_in;
    svc.rollups.run_once().await.expect("a pass records where it looked");
    db.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        "insert into messages (id, tenant_id, conversation_id, connection_id, direction, type, content, status,
                               created_at)
         select $1, tenant_id, id, connection_id, 'inbound', 'text', '{\"text\": \"late\"}', 'received', $2
           from conversations where id = $3",
        [Uuid::now_v7().into(), late_at.into(), conversation.into()],
    ))
    .await
    .expect("late message");
    let stale = svc.analytics.conversations(&t, one_day.clone(), false).await.expect("day").totals.messages_in;
    assert_eq!(stale, before_late, "the rolled-up hour does not know the late message yet");
    svc.rollups.run_once().await.expect("pass");
    let after = svc.analytics.conversations(&t, one_day, false).await.expect("day").totals.messages_in;
    assert_eq!(after, before_late + 1, "the late message's hour was rolled up again");
}

#[tokio::test]
async fn reports_refuse_bad_ranges_and_other_tenants_ids_and_agents_see_themselves() {
    let s = shop().await;
    let app = &s.app;
    let tok = &s.owner.token;
    for (query, field) in [
        ("from=2016-01-01&to=2026-01-01", "to"),
        ("from=2026-05-02&to=2026-05-01", "to"),
        ("timezone=Mars/Olympus", "timezone"),
    ] {
        let res = app.get(&format!("/api/v1/analytics/conversations?{query}"), tok).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}: {}", res.body);
        assert_eq!(res.body["details"]["fields"][0]["field"], field, "{query}: {}", res.body);
    }
    let res = app.get("/api/v1/analytics/conversations?from=yesterday", tok).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);

    // Another workspace's number and member name nothing here.
    let other = app.signup("Other Shop").await;
    let their_number = app.cloud_number(&other).await.id;
    for (param, id) in [("connectionId", their_number.clone()), ("agentId", other.user_id.to_string())] {
        let res = app.get(&format!("/api/v1/analytics/agents?{param}={id}"), tok).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{param}: {}", res.body);
        assert_eq!(res.body["details"]["fields"][0]["field"], param, "{}", res.body);
    }

    // An agent's reports are theirs alone; asking for someone else's is forbidden.
    let mine = app.get("/api/v1/analytics/agents", &s.agent.token).await;
    assert_eq!(mine.status, StatusCode::OK, "{}", mine.body);
    let ids: Vec<&str> =
        mine.body["agents"].as_array().expect("agents").iter().filter_map(|a| a["agentId"].as_str()).collect();
    assert_eq!(ids, vec![s.agent.user_id.to_string().as_str()], "{}", mine.body);
    let res = app.get(&format!("/api/v1/analytics/conversations?agentId={}", s.owner.user_id), &s.agent.token).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);
    let everyone = app.get("/api/v1/analytics/agents", tok).await;
    assert!(everyone.body["agents"].as_array().expect("agents").len() >= 2, "{}", everyone.body);

    // The weekly mail is for managers; it goes out at the chosen hour of the workspace's time zone.
    let res = app
        .call(
            Method::PUT,
            "/api/v1/analytics/report-schedule",
            Some(&s.agent.token),
            Some(json!({ "weekday": 1, "hour": 9 })),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);
    let res = app
        .call(Method::PUT, "/api/v1/analytics/report-schedule", Some(tok), Some(json!({ "weekday": 8, "hour": 9 })))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    let now = Utc::now();
    let weekday = chrono::Datelike::weekday(&now).number_from_monday();
    let hour = chrono::Timelike::hour(&now);
    let body = json!({ "weekday": weekday, "hour": hour });
    let res = app.call(Method::PUT, "/api/v1/analytics/report-schedule", Some(tok), Some(body)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let sent = app.services.analytics.send_weekly_reports().await.expect("weekly mails");
    assert_eq!(sent, 1, "the owner's mail is due now");
    assert_eq!(app.services.analytics.send_weekly_reports().await.expect("again"), 0, "once a week");
    let mails = app.services.mail.dev_mailbox().await.expect("mailbox");
    let mail =
        mails.iter().find(|m| m.to == s.owner.email && m.subject.contains("your week")).expect("the weekly mail");
    assert!(mail.text.contains("Conversations opened"), "{}", mail.text);
    let res = app.get("/api/v1/analytics/report-schedule", tok).await;
    assert!(res.body["lastSentAt"].is_string(), "{}", res.body);
    assert_eq!(app.delete("/api/v1/analytics/report-schedule", tok).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.get("/api/v1/analytics/report-schedule", tok).await.status, StatusCode::NOT_FOUND);

    // Exports: a CSV row per day of the range with a header, and the same as JSON.
    let today = Utc::now().date_naive();
    let from = today - Duration::days(9);
    let path = format!("/api/v1/analytics/export?report=conversations&from={from}&to={today}");
    let csv = String::from_utf8(app.bytes(&path, tok).await).expect("utf-8");
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("day,opened,resolved,messagesIn"), "{}", lines[0]);
    assert_eq!(lines.len(), 11, "a header and ten days: {csv}");
    let json_text = String::from_utf8(app.bytes(&format!("{path}&format=json"), tok).await).expect("utf-8");
    let rows: Value = serde_json::from_str(&json_text).expect("JSON");
    assert_eq!(rows.as_array().map(Vec::len), Some(10), "{json_text}");
    let in_total: i64 = rows.as_array().expect("rows").iter().filter_map(|r| r["messagesIn"].as_i64()).sum();
    let report = app.get(&format!("/api/v1/analytics/conversations?from={from}&to={today}"), tok).await;
    assert_eq!(in_total, report.body["totals"]["messagesIn"].as_i64().expect("in"), "the export adds up to the report");
    let agents_csv = String::from_utf8(app.bytes("/api/v1/analytics/export?report=agents", tok).await).expect("utf-8");
    assert!(agents_csv.lines().count() >= 3, "{agents_csv}");
    let res = app.get("/api/v1/analytics/export?report=everything", tok).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);

    // The platform admin's figures; a workspace owner may not read them.
    assert_eq!(app.get("/api/v1/admin/analytics", tok).await.status, StatusCode::FORBIDDEN);
    app.services.rollups.backfill(s.end - Duration::days(2), Some(s.owner.tenant_id)).await.expect("rollup");
    let admin = app.platform_admin().await;
    let p = app.get("/api/v1/admin/analytics", &admin).await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.body);
    assert!(p.body["tenants"].as_i64().expect("tenants") >= 2, "{}", p.body);
    assert_eq!(p.body["messagesPerDay"].as_array().map(Vec::len), Some(30), "{}", p.body);
    let top = p.body["topTenants"].as_array().expect("top");
    assert!(top.iter().any(|t| t["tenantId"] == s.owner.tenant_id.to_string()), "{}", p.body);
    let health = p.body["health"].as_array().expect("health");
    assert!(health.iter().any(|h| h["name"] == "database" && h["ok"] == true), "{}", p.body);
}
