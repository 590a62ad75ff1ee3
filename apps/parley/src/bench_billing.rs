//! `parley bench billing`: what quota metering costs the outbound send path. Two fresh workspaces on a
//! running server, one on a plan that meters every message (a limit no run reaches) and one with no plan
//! (billing off: nothing metered), take text replies (`POST /conversations/{id}/messages`) from the same
//! number of concurrent senders in alternating phases (off, on, off, on, ..., off), so drift on a shared
//! machine does not pass as overhead; then the same sends through the service directly (the floor). After
//! each metered phase the meter must equal the messages accepted, or the bench fails.
//!
//! Outbound delivery is real: the workspaces' numbers are the server's WhatsApp simulator's (demo mode), so
//! the send worker's calls succeed, and each phase starts with every message of the previous one delivered.

use crate::bench::{Summary, scalar, st};
use anyhow::Context;
use parley_domain::{TenantId, UserId};
use parley_services::billing::dto::{AssignPlanInput, PlanInput, PlanLimits, PlanPrice};
use parley_services::identity::dto::RegisterInput;
use parley_services::inbox::dto::SendMessageInput;
use parley_services::platform::seed;
use parley_services::{ClientInfo, Credential, Services, TenantCtx};
use parley_store::Db;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// The metered plan's monthly messages: every send is counted, none refused.
const LIMIT: i64 = 100_000_000;

#[derive(clap::Args)]
pub struct Args {
    /// A server started with `--demo` (its WhatsApp simulator at /sim accepts the sends).
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    url: String,
    /// Concurrent senders in every phase (HTTP and floor).
    #[arg(long, default_value_t = 16)]
    concurrency: usize,
    /// Length of one phase.
    #[arg(long, default_value_t = 4)]
    seconds: u64,
    /// Metered phases per series; billing-off phases are one more, before, between and after them.
    #[arg(long, default_value_t = 2)]
    rounds: usize,
    /// Conversations per workspace; each sender replies in its own ones (when there are at least as many).
    /// WhatsApp's gap between two messages to one customer (0.5 s) caps delivery at twice this per second.
    #[arg(long, default_value_t = 256)]
    conversations: usize,
}

struct Workspace {
    label: &'static str,
    tenant: TenantId,
    user: Uuid,
    token: String,
    conversations: Vec<Uuid>,
    /// Messages accepted so far (HTTP 202 or `Ok` from the service), warm-up included.
    accepted: Arc<AtomicU64>,
}

impl Workspace {
    fn ctx(&self) -> TenantCtx {
        TenantCtx {
            tenant_id: self.tenant,
            credential: Credential::Person(UserId(self.user)),
            client: ClientInfo::default(),
        }
    }

    /// What the meter says this workspace sent (all periods: the workspace is new).
    async fn metered(&self, db: &Db) -> anyhow::Result<i64> {
        scalar(db, self.tenant, "select coalesce(sum(used), 0)::bigint from usage_meters where meter = 'messages'")
            .await
    }

    async fn outbound(&self, db: &Db) -> anyhow::Result<i64> {
        scalar(db, self.tenant, "select count(*) from messages where direction = 'outbound'").await
    }

    /// The meter must hold exactly the accepted messages, and they must all be stored.
    async fn check_meter(&self, db: &Db) -> anyhow::Result<String> {
        let (used, stored, accepted) =
            (self.metered(db).await?, self.outbound(db).await?, self.accepted.load(Ordering::Relaxed) as i64);
        anyhow::ensure!(
            used == accepted && stored == accepted,
            "{} workspace: the meter says {used} messages, {stored} are stored, {accepted} were accepted",
            self.label
        );
        Ok(format!("meter used {used} = {accepted} accepted"))
    }
}

/// A workspace signed up through the service (no payment gateway in this process, so no trial), with a
/// Cloud API number played by the server's simulator and `conversations` customers who wrote to it.
async fn workspace(
    services: &Services,
    http: &reqwest::Client,
    base: &str,
    label: &'static str,
    plan: Option<(Uuid, Uuid)>,
    conversations: usize,
) -> anyhow::Result<Workspace> {
    let email = format!("billbench-{}@example.com", Uuid::now_v7().simple());
    let input = RegisterInput {
        business_name: format!("Billing bench ({label})"),
        name: "Bench".into(),
        email,
        password: "bench-pass-1".into(),
    };
    let auth = services.auth.register(input, &ClientInfo::default()).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let tenant = TenantId(auth.session.tenant.context("no tenant")?.id);
    let db = &services.core.db;
    let subscribed = scalar(db, tenant, "select count(*) from subscriptions").await?;
    anyhow::ensure!(
        subscribed == 0,
        "signup started a trial (a Stripe key is configured for this process): the billing-off workspace would be metered"
    );
    if let Some((plan, admin)) = plan {
        let input = AssignPlanInput {
            plan_id: plan,
            cycle: None,
            complimentary: true,
            reason: "parley bench billing: every message metered".into(),
        };
        services
            .billing_admin
            .assign(admin, &ClientInfo::default(), tenant.0, input)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    }

    // The number: created through the API like any other, then handed to the simulator (as the demo number is),
    // with the highest send rate a number may have so delivery is limited by the machine only.
    let pnid = format!("7{}", &Uuid::now_v7().as_u128().to_string()[..14]);
    let (token, secret) = (format!("EAAbill{}", Uuid::now_v7().simple()), format!("bill-{}", Uuid::now_v7().simple()));
    let conn = post_json(
        http.post(format!("{base}/api/v1/whatsapp/connections")).bearer_auth(&auth.access_token),
        &json!({ "kind": "cloud", "name": "Billing bench line", "phoneNumberId": pnid, "wabaId": "77",
                 "accessToken": token, "appSecret": secret, "ratePerSecond": 1000 }),
    )
    .await?;
    let conn_id: Uuid = conn["id"].as_str().context("connection id")?.parse()?;
    let tx = db.tenant_tx(tenant).await?;
    tx.tx
        .execute_raw(st(
            "update whatsapp_connections set simulated = true, status = 'connected' where id = $1",
            vec![conn_id.into()],
        ))
        .await?;
    tx.commit().await?;
    post_json(
        http.post(format!("{base}/sim/api/numbers")),
        &json!({ "phoneNumberId": pnid, "wabaId": "77", "displayPhoneNumber": format!("+{pnid}"),
                 "verifiedName": format!("Billing bench ({label})"), "accessToken": token, "appSecret": secret,
                 "webhookUrl": conn["webhookUrl"].as_str().context("webhook url")? }),
    )
    .await?;

    // Customers write first (through the simulator, which opens their 24-hour window and signs the webhook).
    let prefix = if plan.is_some() { "1555201" } else { "1555202" };
    let mut writes = tokio::task::JoinSet::new();
    for k in 0..conversations {
        let req = http
            .post(format!("{base}/sim/api/customers/{prefix}{k:04}/messages"))
            .json(&json!({ "phoneNumberId": pnid, "name": format!("Customer {k}"), "text": "Hello, are you open?" }));
        writes.spawn(async move { req.send().await.and_then(|r| r.error_for_status()).map(|_| ()) });
        if writes.len() >= 16 {
            writes.join_next().await.context("join")???;
        }
    }
    while let Some(r) = writes.join_next().await {
        r??;
    }
    let started = Instant::now();
    let ids = loop {
        let tx = db.tenant_tx(tenant).await?;
        let rows = tx.tx.query_all_raw(st("select id from conversations order by created_at, id", vec![])).await?;
        tx.commit().await?;
        if rows.len() >= conversations {
            break rows.iter().map(|r| r.try_get_by_index::<Uuid>(0)).collect::<Result<Vec<_>, _>>()?;
        }
        anyhow::ensure!(started.elapsed() < Duration::from_secs(60), "{label}: conversations not created in 60 s");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    Ok(Workspace {
        label,
        tenant,
        user: auth.session.user.id,
        token: auth.access_token,
        conversations: ids,
        accepted: Arc::new(AtomicU64::new(0)),
    })
}

async fn post_json(req: reqwest::RequestBuilder, body: &Value) -> anyhow::Result<Value> {
    let res = req.json(body).send().await.context("is `parley serve --demo` running at --url?")?;
    let status = res.status();
    let body: Value = res.json().await.unwrap_or(Value::Null);
    anyhow::ensure!(status.is_success(), "{status}: {body}");
    Ok(body)
}

/// `concurrency` tasks call `op(task, n)` for `seconds`; a failure is an error, not a sample, and the first
/// one is printed.
async fn phase<F, Fut>(concurrency: usize, seconds: u64, op: F) -> Summary
where
    F: Fn(usize, u64) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), String>> + Send,
{
    let op = Arc::new(op);
    let start = Instant::now();
    let deadline = start + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for task in 0..concurrency {
        let op = op.clone();
        tasks.push(tokio::spawn(async move {
            let (mut ok, mut err, mut first) = (Vec::new(), 0usize, None);
            let mut n = 0;
            while Instant::now() < deadline {
                let t = Instant::now();
                match op(task, n).await {
                    Ok(()) => ok.push(t.elapsed().as_micros() as u64),
                    Err(e) => {
                        err += 1;
                        first.get_or_insert(e);
                    }
                }
                n += 1;
            }
            (ok, err, first)
        }));
    }
    let (mut samples, mut errors, mut first) = (Vec::new(), 0, None);
    for t in tasks {
        if let Ok((ok, err, f)) = t.await {
            samples.extend(ok);
            errors += err;
            first = first.or(f);
        }
    }
    if let Some(e) = first {
        eprintln!("  first error: {e}");
    }
    Summary::from(samples, errors, start.elapsed())
}

/// Sender `task`'s conversations: every `concurrency`-th one from its own offset, so two senders never wait
/// for each other's row lock on a conversation (unless there are fewer conversations than senders).
fn own(ws: &Workspace, task: usize, concurrency: usize) -> Vec<Uuid> {
    let all = &ws.conversations;
    if all.len() >= concurrency {
        all.iter().skip(task).step_by(concurrency).copied().collect()
    } else {
        vec![all[task % all.len()]]
    }
}

async fn http_phase(http: &reqwest::Client, base: &str, ws: &Workspace, concurrency: usize, seconds: u64) -> Summary {
    let mine: Arc<Vec<Vec<Uuid>>> = Arc::new((0..concurrency).map(|t| own(ws, t, concurrency)).collect());
    let (http, base, token, accepted) = (http.clone(), base.to_owned(), ws.token.clone(), ws.accepted.clone());
    phase(concurrency, seconds, move |task, n| {
        let convs = &mine[task];
        let conv = convs[n as usize % convs.len()];
        let req = http
            .post(format!("{base}/api/v1/conversations/{conv}/messages"))
            .bearer_auth(&token)
            .json(&json!({ "type": "text", "text": format!("Thanks for writing! Reply {task}.{n}") }));
        let accepted = accepted.clone();
        async move {
            let res = req.send().await.map_err(|e| e.to_string())?;
            let status = res.status();
            if status.is_success() {
                accepted.fetch_add(1, Ordering::Relaxed);
                let _ = res.bytes().await;
                Ok(())
            } else {
                Err(format!("{status}: {}", res.text().await.unwrap_or_default()))
            }
        }
    })
    .await
}

async fn floor_phase(services: &Services, ws: &Workspace, concurrency: usize, seconds: u64) -> Summary {
    let mine: Arc<Vec<Vec<Uuid>>> = Arc::new((0..concurrency).map(|t| own(ws, t, concurrency)).collect());
    let (inbox, ctx, accepted) = (services.inbox.clone(), Arc::new(ws.ctx()), ws.accepted.clone());
    phase(concurrency, seconds, move |task, n| {
        let convs = &mine[task];
        let conv = convs[n as usize % convs.len()];
        let (inbox, ctx, accepted) = (inbox.clone(), ctx.clone(), accepted.clone());
        async move {
            let input: SendMessageInput = serde_json::from_value(
                json!({ "type": "text", "text": format!("Thanks for writing! Floor {task}.{n}") }),
            )
            .map_err(|e| e.to_string())?;
            inbox.send(&ctx, conv, input).await.map_err(|e| e.to_string())?;
            accepted.fetch_add(1, Ordering::Relaxed);
            Ok(())
        }
    })
    .await
}

/// Waits until every outbound message is delivered (the simulator's status webhooks processed) and the
/// webhook queue is empty, so the next phase starts from the same state.
async fn drain(db: &Db, workspaces: &[&Workspace]) -> anyhow::Result<Duration> {
    let started = Instant::now();
    loop {
        let mut open = parley_services::channel::ingest::pending(db).await?;
        for ws in workspaces {
            open += scalar(
                db,
                ws.tenant,
                "select count(*) from messages where direction = 'outbound' and status in ('queued', 'sending', 'sent')",
            )
            .await? as u64;
        }
        if open == 0 {
            return Ok(started.elapsed());
        }
        anyhow::ensure!(started.elapsed() < Duration::from_secs(120), "{open} deliveries still open after 120 s");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

struct Series {
    off: Vec<Summary>,
    on: Vec<Summary>,
}

fn rate(s: &Summary) -> f64 {
    s.count as f64 / s.elapsed.as_secs_f64()
}

fn mean(xs: impl Iterator<Item = f64>) -> f64 {
    let v: Vec<f64> = xs.collect();
    if v.is_empty() { 0.0 } else { v.iter().sum::<f64>() / v.len() as f64 }
}

fn ms(us: u64) -> f64 {
    us as f64 / 1000.0
}

impl Series {
    fn print(&self, title: &str) {
        println!("\n{title}");
        for (label, runs) in [("billing off", &self.off), ("metering on", &self.on)] {
            let each: Vec<String> = runs.iter().map(|s| format!("{:.0}", rate(s))).collect();
            println!(
                "  {label:<12} sends/s {:>7.0} (each: {:<26}) p50 {:>6.2} ms   p99 {:>6.2} ms   errors {}",
                mean(runs.iter().map(rate)),
                each.join(" · "),
                mean(runs.iter().map(|s| ms(s.p50))),
                mean(runs.iter().map(|s| ms(s.p99))),
                runs.iter().map(|s| s.errors).sum::<usize>()
            );
        }
        let (off, on) = (mean(self.off.iter().map(rate)), mean(self.on.iter().map(rate)));
        let (p50_off, p50_on) = (mean(self.off.iter().map(|s| ms(s.p50))), mean(self.on.iter().map(|s| ms(s.p50))));
        println!(
            "  overhead     {:>+6.1}% throughput (metering on vs billing off), {:+.2} ms p50",
            (off - on) / off * 100.0,
            p50_on - p50_off
        );
    }
}

/// Runs `off, on, off, ..., on, off`, draining deliveries before each phase and checking the meter after each
/// metered one.
async fn series<F, Fut>(db: &Db, off: &Workspace, on: &Workspace, rounds: usize, mut run: F) -> anyhow::Result<Series>
where
    F: FnMut(bool) -> Fut,
    Fut: Future<Output = Summary>,
{
    let mut out = Series { off: vec![], on: vec![] };
    for i in 0..rounds * 2 + 1 {
        let metered = i % 2 == 1;
        let waited = drain(db, &[off, on]).await?;
        let s = run(metered).await;
        let label = format!("  phase {} {}", i + 1, if metered { "metering on" } else { "billing off" });
        s.print(&label);
        let note = if metered { on.check_meter(db).await? } else { format!("off: {} metered", off.metered(db).await?) };
        println!("  {:<32} {note} (started after a {:.1} s drain)", "", waited.as_secs_f64());
        if metered { out.on.push(s) } else { out.off.push(s) }
    }
    Ok(out)
}

pub async fn billing(services: Services, args: Args) -> anyhow::Result<()> {
    let base = args.url.trim_end_matches('/').to_owned();
    let http = reqwest::Client::builder().pool_max_idle_per_host(args.concurrency).build()?;
    let sim_config: Value = http
        .get(format!("{base}/sim/api/config"))
        .send()
        .await
        .context("is `parley serve --demo` running at --url?")?
        .error_for_status()
        .context("no WhatsApp simulator at --url/sim: start the server with --demo")?
        .json()
        .await?;
    // Read receipts off and "delivered" at once: each message costs two status webhooks, all within the phase.
    post_config(&http, &base, json!({ "autoRead": false, "deliveredAfterMs": 0, "failureRate": 0.0 })).await?;
    let started = Instant::now();
    let result = run(&services, &http, &base, &args).await;
    println!("\nthe bench took {:.0} s", started.elapsed().as_secs_f64());
    let restore = json!({ "autoRead": sim_config["autoRead"], "deliveredAfterMs": sim_config["deliveredAfterMs"],
                          "readAfterMs": sim_config["readAfterMs"], "failureRate": sim_config["failureRate"] });
    post_config(&http, &base, restore).await?;
    result
}

async fn post_config(http: &reqwest::Client, base: &str, body: Value) -> anyhow::Result<()> {
    http.put(format!("{base}/sim/api/config")).json(&body).send().await?.error_for_status()?;
    Ok(())
}

async fn run(services: &Services, http: &reqwest::Client, base: &str, args: &Args) -> anyhow::Result<()> {
    let db = &services.core.db;
    let (c, s) = (args.concurrency.max(1), args.seconds.max(1));
    let admin_email = format!("billbench-admin-{}@example.com", Uuid::now_v7().simple());
    seed::create_platform_admin(&services.core, &admin_email, Some("bench-admin-pass-1"))
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let admin = parley_store::repo::identity::users::find_by_email(&db.app, &admin_email).await?.context("admin")?.id;
    let plan = services
        .plans
        .create(PlanInput {
            name: format!("Bench metered {}", &Uuid::now_v7().simple().to_string()[20..]),
            description: Some("parley bench billing: meters every message, refuses none.".into()),
            currency: None,
            prices: vec![PlanPrice { cycle: "monthly".into(), amount: 100 }],
            trial_days: None,
            features: Default::default(),
            limits: PlanLimits { max_messages_per_month: Some(LIMIT), ..Default::default() },
        })
        .await
        .map_err(|e| anyhow::anyhow!("plan: {e}"))?;
    let off = workspace(services, http, base, "off", None, args.conversations.max(1)).await?;
    let on = workspace(services, http, base, "on", Some((plan.id, admin)), args.conversations.max(1)).await?;
    println!(
        "parley bench billing: {c} concurrent senders, {s} s per phase, phases off/on x {} then off, server {base}\n  \
         {} conversations per workspace; metering on = plan {:?} ({LIMIT} messages a month), billing off = no plan\n  \
         deliveries through the server's WhatsApp simulator; every phase starts with the previous one's delivered\n",
        args.rounds,
        off.conversations.len(),
        plan.name
    );

    // Warm-up (not measured): connections, prepared statements, both workspaces' first sends.
    for ws in [&off, &on] {
        http_phase(http, base, ws, c, 1).await;
    }
    println!("POST /api/v1/conversations/{{id}}/messages (HTTP, text replies)");
    let (off_ws, on_ws) = (&off, &on);
    let via_http = series(db, off_ws, on_ws, args.rounds, move |metered| {
        http_phase(http, base, if metered { on_ws } else { off_ws }, c, s)
    })
    .await?;
    println!("\nfloor: services.inbox.send in this process (no HTTP), same concurrency");
    let floor = series(db, off_ws, on_ws, args.rounds, move |metered| {
        floor_phase(services, if metered { on_ws } else { off_ws }, c, s)
    })
    .await?;
    drain(db, &[&off, &on]).await?;

    via_http.print("summary, HTTP (mean of the phases):");
    floor.print("summary, floor (mean of the phases):");
    println!();
    let mut failed = false;
    for ws in [&off, &on] {
        let tx = db.tenant_tx(ws.tenant).await?;
        let rows = tx
            .tx
            .query_all_raw(st(
                "select status, count(*)::bigint, count(*) filter (where attempts > 1)::bigint from messages
                 where direction = 'outbound' group by status order by status",
                vec![],
            ))
            .await?;
        tx.commit().await?;
        let mut parts = Vec::new();
        for r in rows {
            let (status, n, retried): (String, i64, i64) =
                (r.try_get_by_index(0)?, r.try_get_by_index(1)?, r.try_get_by_index(2)?);
            failed |= status != "delivered" || retried > 0;
            parts.push(format!("{n} {status} ({retried} retried)"));
        }
        println!(
            "deliveries, {:<3} workspace: {}; meter {} (accepted {})",
            ws.label,
            parts.join(", "),
            ws.metered(db).await?,
            ws.accepted.load(Ordering::Relaxed)
        );
    }
    anyhow::ensure!(!failed, "some deliveries failed or were retried: the figures include that work");
    Ok(())
}
