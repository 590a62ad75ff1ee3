//! `parley bench campaign`: a campaign of N recipients through a real server and a separate WhatsApp simulator
//! process with a per-number cap: the rate achieved against the cap, duplicates (the simulator counts every
//! accepted send and every distinct customer), and every recipient in a final state; then the same with the server
//! killed (`SIGKILL`) mid-campaign and restarted; then the highest rate with no cap, next to the floor: the same
//! template sends posted straight to the simulator.

use crate::bench::bench_workspace;
use anyhow::Context;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement};
use serde_json::{Value, json};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use uuid::Uuid;

#[derive(clap::Args, Clone)]
pub struct Args {
    #[arg(long, default_value_t = 100_000)]
    recipients: i64,
    /// Messages per second the simulated number accepts (and Parley is told).
    #[arg(long, default_value_t = 200)]
    cap: i32,
    /// Server kills (SIGKILL) during the second run; 0 skips that run.
    #[arg(long, default_value_t = 2)]
    kills: usize,
    /// Recipients of the uncapped run; 0 skips it.
    #[arg(long, default_value_t = 20_000)]
    uncapped: i64,
    /// First of three ports (simulator, server, spare).
    #[arg(long, default_value_t = 18700)]
    port: u16,
    /// Exit non-zero unless every run had no duplicate and every recipient in a final state (the test suite's
    /// small kill run uses this).
    #[arg(long)]
    check: bool,
}

struct Proc {
    child: Child,
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn spawn(args: &[&str], env: &[(&str, String)], log: &str) -> anyhow::Result<Proc> {
    let exe = std::env::current_exe()?;
    let out = std::fs::File::create(log)?;
    let child = Command::new(exe)
        .args(args)
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .stdout(Stdio::from(out.try_clone()?))
        .stderr(Stdio::from(out))
        .spawn()?;
    Ok(Proc { child })
}

async fn wait_up(http: &reqwest::Client, url: &str) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if http.get(url).send().await.is_ok_and(|r| r.status().as_u16() < 500) {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    anyhow::bail!("{url} did not come up")
}

async fn call(req: reqwest::RequestBuilder, body: &Value) -> anyhow::Result<Value> {
    let res = req.json(body).send().await?;
    let status = res.status();
    let v: Value = res.json().await.unwrap_or(Value::Null);
    anyhow::ensure!(status.is_success(), "{status}: {v}");
    Ok(v)
}

async fn count(db: &DatabaseConnection, sql: &str) -> anyhow::Result<i64> {
    let row = db.query_one_raw(Statement::from_string(DbBackend::Postgres, sql)).await?.context("no row")?;
    Ok(row.try_get_by_index::<i64>(0)?)
}

struct Env {
    http: reqwest::Client,
    db: DatabaseConnection,
    db_url: String,
    sim: String,
    base: String,
    port: u16,
}

/// A `parley serve` talking to the bench's simulator, which settles rows left `sending` after 10 s.
fn server(db_url: &str, port: u16, sim: &str, log: &str) -> anyhow::Result<Proc> {
    spawn(
        &["serve"],
        &[
            ("DATABASE_URL", db_url.to_owned()),
            ("PORT", port.to_string()),
            ("PARLEY_WHATSAPP__GRAPH_URL", format!("{sim}/graph/v23.0")),
            ("PARLEY_CAMPAIGNS__SENDING_TIMEOUT_SECS", "10".into()),
            ("PARLEY_WEB__DIST_DIR", "/nonexistent".into()),
            ("RUST_LOG", "warn".into()),
        ],
        log,
    )
}

impl Env {
    fn server(&self, log: &str) -> anyhow::Result<Proc> {
        server(&self.db_url, self.port, &self.sim, log)
    }
}

/// One campaign of `n` recipients on a fresh number capped at `cap`/s; kills the server `kills` times.
async fn run(env: &Env, server: &mut Proc, label: &str, n: i64, cap: i32, kills: usize) -> anyhow::Result<bool> {
    let (token, tenant) = bench_workspace(&env.http, &env.base, label).await?;
    let pnid = format!("9{}", &Uuid::now_v7().as_u128().to_string()[..14]);
    let (access, secret) =
        (format!("EAAbench{}", Uuid::now_v7().simple()), format!("bench-{}", Uuid::now_v7().simple()));
    let conn = call(
        env.http.post(format!("{}/api/v1/whatsapp/connections", env.base)).bearer_auth(&token),
        &json!({ "kind": "cloud", "name": label, "phoneNumberId": pnid, "wabaId": pnid, "accessToken": access,
                 "appSecret": secret, "ratePerSecond": cap.min(1000) }),
    )
    .await?;
    let number = conn["id"].as_str().context("id")?.to_owned();
    call(
        env.http.post(format!("{}/api/numbers", env.sim)),
        &json!({ "phoneNumberId": pnid, "wabaId": pnid, "displayPhoneNumber": "+351 21 000 0000", "verifiedName": label,
                 "accessToken": access, "appSecret": secret, "webhookUrl": conn["webhookUrl"] }),
    )
    .await?;
    let rate = if cap >= 1000 { Value::Null } else { json!(cap) };
    call(
        env.http.put(format!("{}/api/numbers/{pnid}/limits", env.sim)),
        &json!({ "ratePerSecond": rate, "messagingLimit": "TIER_UNLIMITED" }),
    )
    .await?;
    // The number's test reads its tier from "Meta" (unlimited here); templates as a sync brings them.
    call(
        env.http.post(format!("{}/api/v1/whatsapp/connections/{number}/test", env.base)).bearer_auth(&token),
        &json!({}),
    )
    .await?;
    let templates = call(
        env.http.post(format!("{}/api/v1/whatsapp/connections/{number}/templates/sync", env.base)).bearer_auth(&token),
        &json!({}),
    )
    .await?;
    let template = templates
        .as_array()
        .and_then(|t| t.iter().find(|t| t["name"] == "order_update"))
        .and_then(|t| t["id"].as_str())
        .context("order_update")?
        .to_owned();
    let t0 = Instant::now();
    env.db
        .execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "insert into contacts (id, tenant_id, phone, name)
             select parley_uuid_v7(), $1, '+3519' || lpad(g::text, 8, '0'), 'Customer ' || g from generate_series(1, $2) g",
            [tenant.into(), n.into()],
        ))
        .await?;
    let campaign = call(
        env.http.post(format!("{}/api/v1/campaigns", env.base)).bearer_auth(&token),
        &json!({ "name": label, "connectionIds": [number], "templateId": template, "audience": { "allContacts": true },
                 "variables": {"body.1": { "source": "field", "value": "name" },
                               "body.2": { "source": "constant", "value": "on its way" }} }),
    )
    .await?;
    let id = campaign["id"].as_str().context("campaign id")?.to_owned();
    println!("  {label}: {n} contacts seeded in {:.1} s", t0.elapsed().as_secs_f64());
    let t0 = Instant::now();
    call(env.http.post(format!("{}/api/v1/campaigns/{id}/start", env.base)).bearer_auth(&token), &json!({})).await?;
    println!("  started (recipients materialised, checks passed) in {:.1} s", t0.elapsed().as_secs_f64());
    let start = Instant::now();
    let q =
        |state: &str| format!("select count(*) from campaign_recipients where campaign_id = '{id}' and status {state}");
    let (mut killed, mut in_flight, mut down) = (0usize, Vec::new(), Duration::ZERO);
    loop {
        // Once a second: counting the open rows of 100,000 is work the server under test would feel.
        tokio::time::sleep(Duration::from_secs(1)).await;
        let open = count(&env.db, &q("in ('pending', 'sending')")).await?;
        if open == 0 {
            break;
        }
        if killed < kills && (n - open) * (kills as i64 + 1) >= n * (killed as i64 + 1) {
            let sending = count(&env.db, &q("= 'sending'")).await?;
            server.child.kill()?;
            server.child.wait()?;
            let t = Instant::now();
            killed += 1;
            in_flight.push(sending);
            println!("  kill -9 #{killed} at {} of {n} settled ({sending} rows sending at that moment)", n - open);
            tokio::time::sleep(Duration::from_millis(500)).await;
            *server = env.server(&format!("/tmp/parley-campaign-bench-server-{killed}.log"))?;
            wait_up(&env.http, &format!("{}/api/v1/health", env.base)).await?;
            down += t.elapsed();
        }
        anyhow::ensure!(start.elapsed() < Duration::from_secs(3600), "the campaign did not settle within an hour");
    }
    let took = start.elapsed();
    // The statuses of the last messages, and what the simulator saw.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let stats = env.http.get(format!("{}/api/numbers/{pnid}/stats", env.sim)).send().await?.json::<Value>().await?;
    let accepted = stats["accepted"].as_i64().unwrap_or(-1);
    let unique = stats["uniqueLast24h"].as_i64().unwrap_or(-1);
    let dupes = accepted - unique;
    let sent = count(&env.db, &q("in ('sent', 'delivered', 'read', 'replied')")).await?;
    let unknown = count(&env.db, &q("= 'unknown'")).await?;
    let failed = count(&env.db, &q("in ('failed', 'skipped')")).await?;
    let span = count(
        &env.db,
        &format!(
            "select (extract(epoch from max(sent_at) - min(sent_at)) * 1000)::bigint from campaign_recipients
              where campaign_id = '{id}' and sent_at is not null"
        ),
    )
    .await? as f64
        / 1000.0;
    let sending_time = (span - down.as_secs_f64()).max(0.001);
    let rate = sent as f64 / sending_time;
    println!(
        "  settled in {:.1} s: {sent} sent, {unknown} unknown, {failed} failed or skipped, 0 pending",
        took.as_secs_f64()
    );
    println!(
        "  rate {:.1} msg/s over {:.1} s of sending{} = {:.1}% of the cap ({cap}/s); simulator: {accepted} accepted, \
         {unique} distinct customers, {} refused with 130429, at most {} in one second",
        rate,
        sending_time,
        if down.is_zero() { String::new() } else { format!(" ({:.1} s of restarts excluded)", down.as_secs_f64()) },
        100.0 * rate / f64::from(cap),
        stats["throttled"].as_i64().unwrap_or(-1),
        stats["maxPerSecond"].as_i64().unwrap_or(-1),
    );
    println!(
        "  duplicates: {dupes}; lost: {}; unknown {unknown} (in flight at the kills: {in_flight:?})",
        n - sent - unknown - failed
    );
    Ok(dupes == 0 && n - sent - unknown - failed == 0)
}

/// The floor: the same template sends posted straight to the simulator, as fast as 64 senders go.
async fn floor(env: &Env, n: i64) -> anyhow::Result<f64> {
    let pnid = format!("7{}", &Uuid::now_v7().as_u128().to_string()[..14]);
    call(
        env.http.post(format!("{}/api/numbers", env.sim)),
        &json!({ "phoneNumberId": pnid, "wabaId": pnid, "displayPhoneNumber": "+351 21 000 0001", "verifiedName": "Floor",
                 "accessToken": "EAAfloor", "appSecret": "floor", "webhookUrl": "http://127.0.0.1:9/none" }),
    )
    .await?;
    let url = format!("{}/graph/v23.0/{pnid}/messages", env.sim);
    let t0 = Instant::now();
    let mut set = tokio::task::JoinSet::new();
    for w in 0..64 {
        let (http, url) = (env.http.clone(), url.clone());
        set.spawn(async move {
            let mut k = w;
            while k < n {
                let body = json!({ "messaging_product": "whatsapp", "to": format!("3519{k:08}"), "type": "template",
                    "template": { "name": "order_update", "language": { "code": "en" }, "components": [{ "type": "body",
                    "parameters": [{ "type": "text", "text": "Ana" }, { "type": "text", "text": "on its way" }] }] } });
                http.post(&url).bearer_auth("EAAfloor").json(&body).send().await?.error_for_status()?;
                k += 64;
            }
            anyhow::Ok(())
        });
    }
    while let Some(r) = set.join_next().await {
        r??;
    }
    Ok(n as f64 / t0.elapsed().as_secs_f64())
}

pub async fn campaign(db_url: &str, args: Args) -> anyhow::Result<()> {
    let (sim_port, port) = (args.port, args.port + 1);
    let (sim, base) = (format!("http://127.0.0.1:{sim_port}/sim"), format!("http://127.0.0.1:{port}"));
    let http = reqwest::Client::new();
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "parley bench campaign ({}), load average {}",
        env!("CARGO_PKG_VERSION"),
        load.split(' ').take(3).collect::<Vec<_>>().join(" ")
    );
    let _sim = spawn(
        &["simulator", "--port", &sim_port.to_string()],
        &[("PARLEY_WHATSAPP__SIMULATOR__AUTO_READ", "false".into())],
        "/tmp/parley-campaign-bench-sim.log",
    )?;
    wait_up(&http, &format!("{sim}/api/numbers")).await?;
    // Three statuses per message at these rates: batched per number, as Meta may.
    call(http.put(format!("{sim}/api/config")), &json!({ "statusBatchMax": 100, "statusBatchWaitMs": 50 })).await?;
    // The server creates and migrates the database on its first start.
    let mut server = server(db_url, port, &sim, "/tmp/parley-campaign-bench-server-0.log")?;
    wait_up(&http, &format!("{base}/api/v1/health")).await?;
    let env = Env {
        http,
        db: Database::connect(db_url).await.context("DATABASE_URL")?,
        db_url: db_url.to_owned(),
        sim,
        base,
        port,
    };
    let mut ok = true;
    println!("\ncapped: {} recipients, the number capped at {}/s, no interruption", args.recipients, args.cap);
    ok &= run(&env, &mut server, "Capped", args.recipients, args.cap, 0).await?;
    if args.kills > 0 {
        println!(
            "\nkilled: {} recipients, capped at {}/s, the server killed with SIGKILL {} times and restarted",
            args.recipients, args.cap, args.kills
        );
        ok &= run(&env, &mut server, "Killed", args.recipients, args.cap, args.kills).await?;
    }
    if args.uncapped > 0 {
        println!("\nuncapped: {} recipients, the number at 1,000/s and the simulator without a cap", args.uncapped);
        ok &= run(&env, &mut server, "Uncapped", args.uncapped, 1000, 0).await?;
        let f = floor(&env, args.uncapped).await?;
        println!("  floor: the same template sends posted straight to the simulator by 64 senders: {f:.0} msg/s");
    }
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("\nload average after: {}", load.split(' ').take(3).collect::<Vec<_>>().join(" "));
    anyhow::ensure!(!args.check || ok, "a run had duplicates or recipients not in a final state");
    Ok(())
}
