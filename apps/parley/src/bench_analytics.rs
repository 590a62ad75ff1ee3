//! `parley bench analytics`: a fresh workspace on a running server with generated history (about 1,000,000 messages
//! in 100,000 conversations over 90 days by default), then the full backfill, the hourly rollup, and every report
//! endpoint over HTTP for the 90 days, each next to the same figure computed from raw rows. Prints figures; asserts
//! nothing.

use crate::bench::{Summary, st};
use anyhow::Context;
use chrono::{Duration as Days, Utc};
use parley_domain::{TenantId, UserId};
use parley_services::analytics::dto::AnalyticsQuery;
use parley_services::analytics::history::HistoryOptions;
use parley_services::analytics::rollup::hour_floor;
use parley_services::{ClientInfo, Credential, Services, TenantCtx};
use parley_store::repo::analytics::facts;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    pub url: String,
    /// Conversations generated (each customer's; about ten messages each).
    #[arg(long, default_value_t = 100_000)]
    pub conversations: i64,
    #[arg(long, default_value_t = 90)]
    pub days: i32,
    /// Measured requests per report endpoint, one at a time.
    #[arg(long, default_value_t = 100)]
    pub requests: usize,
    /// Runs of each report computed from raw rows (slow: they read the whole range).
    #[arg(long, default_value_t = 3)]
    pub raw_runs: usize,
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

pub async fn analytics(services: Services, owner_url: &str, args: Args) -> anyhow::Result<()> {
    let http = reqwest::Client::builder().build()?;
    let base = args.url.trim_end_matches('/').to_owned();
    let (token, tenant) = crate::bench::bench_workspace(&http, &base, "Analytics Bench").await?;
    println!(
        "parley bench analytics: {} conversations over {} days, {} sequential requests per report, server {base}\n",
        args.conversations, args.days, args.requests
    );
    let post = |path: &str, body: Value| crate::bench::post_json(&http, &base, &token, path.to_owned(), body);
    // Two numbers, three labels, a team and five agents besides the owner.
    for n in 0..2 {
        let id = uuid::Uuid::now_v7().as_u128() % 10_000_000_000_000;
        post(
            "/whatsapp/connections",
            json!({ "kind": "cloud", "name": format!("Line {}", n + 1), "phoneNumberId": format!("9{id:013}"),
                    "wabaId": format!("8{id:013}"), "accessToken": format!("EAAbench{id}"), "appSecret": format!("s{id}") }),
        )
        .await?;
    }
    for (name, color) in [("VIP", "#b91c1c"), ("Wholesale", "#15803d"), ("Complaint", "#c2410c")] {
        post("/labels", json!({ "name": name, "color": color })).await?;
    }
    post("/teams", json!({ "name": "Support" })).await?;
    for n in 0..5 {
        let email = format!("bench-agent-{n}-{}@example.com", uuid::Uuid::now_v7().simple());
        let inv = post("/invitations", json!({ "email": email, "role": "agent" })).await?;
        let url = inv["acceptUrl"].as_str().context("acceptUrl")?;
        let token = url.rsplit('/').next().context("invitation token")?.split('?').next().unwrap_or_default();
        let res = http
            .post(format!("{base}/api/v1/auth/invitations/{token}/accept"))
            .json(&json!({ "name": format!("Agent {}", n + 1), "password": "bench-pass-1" }))
            .send()
            .await?;
        anyhow::ensure!(res.status().is_success(), "accept: {}", res.status());
    }

    // ---- the history ----
    let tenant_id = TenantId(tenant);
    let end = hour_floor(Utc::now());
    let options = HistoryOptions {
        end: Some(end),
        days: args.days,
        conversations: args.conversations,
        exchanges: 3,
        seed: 0.5,
        open_share: 0.15,
        phone_prefix: 900,
    };
    // The server's cron pass must not take the new workspace for one it has never rolled up (and roll its whole
    // history while the backfill below is being timed): mark it rolled up to now.
    let tx = services.core.db.tenant_tx(tenant_id).await?;
    parley_store::repo::analytics::rollups::set_progress(&tx, end).await?;
    tx.commit().await?;
    let started = Instant::now();
    let made = services.history.generate(tenant_id, &options).await?;
    let generated = started.elapsed();
    let owner = sea_orm::Database::connect(owner_url).await?;
    owner
        .execute_unprepared(
            "vacuum (analyze) messages, conversations, contacts, conversation_status_changes, conversation_labels,
             agent_status_changes, flow_runs, deals, deal_stage_changes, contact_events",
        )
        .await?;
    println!(
        "{:<40} {:>9} messages, {} customers in {:.1} s (set-based SQL; then VACUUM ANALYZE)\n",
        "generated history",
        made.messages,
        made.contacts,
        generated.as_secs_f64()
    );

    // ---- rollups ----
    let since = end - Days::days(i64::from(args.days) + 1);
    let t = Instant::now();
    let report = services.rollups.backfill(since, Some(tenant)).await?;
    let backfill = t.elapsed();
    println!(
        "{:<40} {:>9.2} s for {} hours (target ≤ 60 s)",
        "full backfill (90 days)",
        backfill.as_secs_f64(),
        report.hours
    );
    let hour = end - Days::hours(3);
    let mut rolls = Vec::new();
    let mut floors = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        services.rollups.roll_tenant(tenant, hour, hour + Days::hours(1)).await?;
        rolls.push(t.elapsed());
        // The floor: the same hour's facts read, nothing computed or written.
        let tx = services.core.db.tenant_tx(tenant_id).await?;
        let t = Instant::now();
        let counts = facts::message_counts(&tx, hour, hour + Days::hours(1)).await?;
        let cycles = facts::cycles(&tx, hour, hour + Days::hours(1)).await?;
        floors.push(t.elapsed());
        drop((counts, cycles, tx));
    }
    println!(
        "{:<40} {:>9.1} ms median of 5 (target ≤ 1 s); its facts read alone: {:.1} ms",
        "hourly rollup (one hour, one tenant)",
        ms(median(rolls)),
        ms(median(floors))
    );
    let t = Instant::now();
    let pass = services.rollups.run_once().await?;
    println!(
        "{:<40} {:>9.1} ms ({} tenants, {} hours)\n",
        "a cron pass (every tenant on the server)",
        ms(t.elapsed()),
        pass.tenants,
        pass.hours
    );

    // ---- reports over HTTP, next to the same report from raw rows ----
    let today = Utc::now().date_naive();
    let from = today - Days::days(i64::from(args.days) - 1);
    let query = format!("from={from}&to={today}");
    let ctx = TenantCtx {
        tenant_id,
        credential: Credential::Person(UserId(services_owner(&services, tenant_id).await?)),
        client: ClientInfo::default(),
    };
    let q = AnalyticsQuery { from: Some(from), to: Some(today), ..Default::default() };
    println!("{:<40} {:>8} {:>10} {:>10}   from raw rows (median)", "report, 90 days", "ok", "p50", "p99");
    for report in ["conversations", "agents", "campaigns", "flows", "contacts", "dashboard"] {
        let path = if report == "dashboard" {
            format!("{base}/api/v1/analytics/dashboard")
        } else {
            format!("{base}/api/v1/analytics/{report}?{query}")
        };
        for _ in 0..5 {
            let _ = http.get(&path).bearer_auth(&token).send().await;
        }
        let (mut samples, mut errors) = (Vec::new(), 0);
        let started = Instant::now();
        for _ in 0..args.requests {
            let t = Instant::now();
            match http.get(&path).bearer_auth(&token).send().await {
                Ok(r) if r.status().is_success() => {
                    let _ = r.bytes().await;
                    samples.push(t.elapsed().as_micros() as u64);
                }
                _ => errors += 1,
            }
        }
        let s = Summary::from(samples, errors, started.elapsed());
        let mut raw = Vec::new();
        for _ in 0..args.raw_runs.max(1) {
            let t = Instant::now();
            let a = &services.analytics;
            match report {
                "conversations" => drop(a.conversations(&ctx, q.clone(), true).await?),
                "agents" => drop(a.agents(&ctx, q.clone(), true).await?),
                "flows" => drop(a.flows(&ctx, q.clone(), true).await?),
                "contacts" => drop(a.contacts(&ctx, q.clone(), true).await?),
                // Campaign funnels are counted per campaign either way; the dashboard is 14 days of the overview.
                "campaigns" => drop(a.campaigns(&ctx, q.clone()).await?),
                _ => {
                    let week =
                        AnalyticsQuery { from: Some(today - Days::days(13)), to: Some(today), ..Default::default() };
                    drop(a.conversations(&ctx, week, true).await?)
                }
            }
            raw.push(t.elapsed());
        }
        println!(
            "{:<40} {:>8} {:>8.2} ms {:>8.2} ms   {:.1} ms",
            format!("GET /analytics/{report}"),
            s.count,
            s.p50 as f64 / 1000.0,
            s.p99 as f64 / 1000.0,
            ms(median(raw))
        );
        if s.errors > 0 {
            println!("  {} requests failed", s.errors);
        }
    }
    Ok(())
}

/// The workspace's owner (reports run as them for the raw figures).
async fn services_owner(services: &Services, tenant: TenantId) -> anyhow::Result<uuid::Uuid> {
    let tx = services.core.db.tenant_tx(tenant).await?;
    let row = tx
        .tx
        .query_one_raw(st("select user_id from memberships where role = 'owner' limit 1", vec![]))
        .await?
        .context("an owner")?;
    Ok(row.try_get_by_index(0)?)
}
