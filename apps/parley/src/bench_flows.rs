//! `parley bench flows`: chatbot flows measured three ways, each next to a floor measured in the same run.
//! Prints figures; asserts nothing about speed.
//!
//! - **engine**: the pure engine (`parley_flow::step`) on one thread, `templates::realistic_30_node()` compiled
//!   once, replaying three scripted conversations that together walk every node (restarting when a run ends).
//!   Node visits (trace entries) and events per second. Floor: the same node visits as plain lookups, the same
//!   path walked through a `HashMap` of nodes and a map of edges, with no logic.
//! - **e2e**: inbound webhook → the bot's reply in the send outbox, at a fixed, paced rate (200 messages/s from
//!   1,000 customers by default) while 10,000 other runs wait on timers a week away. Every message says "hi", the
//!   keyword of a published flow start → sendMessage → end, so each message starts a fresh run. Latency from just
//!   before the webhook is posted until the bot's `messages` row is committed and visible, seen by polling (every
//!   5 ms) an unlogged table that a trigger this bench creates on `messages` fills for its own workspace only
//!   (all dropped at the end; no migration).
//!   Floor: the same messages' webhook → inbound row committed (the ingest alone).
//! - **ingest**: `parley bench ingest`'s load (its webhook generator and closed loop) on two workspaces in
//!   alternating phases (off, on, off, on, off), so drift on a shared machine does not pass for overhead: one with
//!   no flows, one with 50 published flows whose keyword triggers never match the traffic, so every message is
//!   queued for the runner, matched against 50 triggers and then routed. Messages stored per second, from the
//!   first request until the processing queue and the flow queue are both empty.
//!
//! Server: `parley serve --demo`. The e2e part needs its WhatsApp simulator, which delivers the bot's replies
//! (each customer writes once through it first, which opens their 24-hour window there); without it the replies
//! would retry against an unreachable Graph API. Workspaces are signed up through the service in this process,
//! which has no payment gateway, so none starts on the demo's trial plan (whose flow limit is below 50). The
//! database owner (`DATABASE_URL`) creates that trigger and vacuums the queue tables (webhook events, flow
//! events, jobs) before the e2e run and before every ingest phase, so each starts from the state autovacuum keeps
//! them in (the development machine's PostgreSQL runs with autovacuum off); within a run, dead rows pile up as
//! they do between autovacuum rounds. `--only engine` needs no server.

use crate::bench::{Summary, load, scalar, st};
use anyhow::Context as _;
use parley_domain::TenantId;
use parley_flow::{
    Compiled, ContactSnapshot, Context, Event, EventKind, HttpResult, LocalTime, Node, RunState, RunStatus, Step, Wait,
    step,
};
use parley_services::identity::dto::RegisterInput;
use parley_services::{ClientInfo, Services};
use parley_store::Db;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet, VecDeque};
use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// How often the bench looks for new rows (each figure of the e2e part may be this much late).
const POLL: Duration = Duration::from_millis(5);
/// The runs seeded to wait on a timer wake this far ahead (well after the bench).
const WAIT_SECS: u64 = 7 * 24 * 3600;

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Part {
    Engine,
    E2e,
    Ingest,
}

#[derive(clap::Args)]
pub struct Args {
    /// A server started with `--demo` (the e2e part needs its WhatsApp simulator at /sim).
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    url: String,
    /// Run one part only (default: all three).
    #[arg(long, value_enum)]
    only: Option<Part>,
    /// Engine: seconds for the engine, and as many for its floor.
    #[arg(long, default_value_t = 5)]
    engine_seconds: u64,
    /// End to end: inbound messages per second, paced (not as fast as possible).
    #[arg(long, default_value_t = 200)]
    rate: u32,
    /// End to end: customers writing, in turn (each writes every contacts / rate seconds).
    #[arg(long, default_value_t = 1000)]
    contacts: usize,
    /// End to end: other runs waiting on a timer a week away meanwhile.
    #[arg(long, default_value_t = 10_000)]
    waiting: u32,
    /// End to end: measured seconds, after 2 s of warm-up at the same rate.
    #[arg(long, default_value_t = 20)]
    e2e_seconds: u64,
    /// Ingest: published flows in the "flows on" workspace.
    #[arg(long, default_value_t = 50)]
    flows: usize,
    /// Ingest: concurrent webhook senders (as `parley bench ingest --concurrency`).
    #[arg(long, default_value_t = 16)]
    concurrency: usize,
    /// Ingest: seconds of load per phase.
    #[arg(long, default_value_t = 6)]
    phase_seconds: u64,
    /// Ingest: phases with flows; phases without are one more (before, between and after them).
    #[arg(long, default_value_t = 2)]
    rounds: usize,
}

impl Args {
    /// Every part but the engine talks to a server and its database.
    pub fn needs_server(&self) -> bool {
        self.only != Some(Part::Engine)
    }

    fn runs(&self, part: Part) -> bool {
        self.only.is_none_or(|o| o == part)
    }
}

pub async fn flows(services: Option<Services>, owner_url: &str, args: Args) -> anyhow::Result<()> {
    println!("parley bench flows ({}), load average {}\n", env!("CARGO_PKG_VERSION"), loadavg());
    if args.runs(Part::Engine) {
        let seconds = args.engine_seconds.max(1);
        // CPU-bound and single-threaded: off the async runtime's workers.
        tokio::task::spawn_blocking(move || engine(seconds)).await??;
        println!("  load average after: {}\n", loadavg());
    }
    if !args.needs_server() {
        return Ok(());
    }
    let services = services.context("the e2e and ingest parts need the database")?;
    let base = args.url.trim_end_matches('/').to_owned();
    let http = reqwest::Client::builder().pool_max_idle_per_host(64).build()?;
    if args.runs(Part::E2e) {
        e2e(&services, &http, &base, owner_url, &args).await?;
        println!("  load average after: {}\n", loadavg());
    }
    if args.runs(Part::Ingest) {
        ingest_cost(&services, &http, &base, owner_url, &args).await?;
        println!("  load average after: {}", loadavg());
    }
    Ok(())
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

/// CPU time (user and system) the calling thread has used so far, from `/proc` (Linux only).
fn thread_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // Fields after the command name (which may hold spaces) start at field 3; utime and stime are 14 and 15,
    // in clock ticks of 1/100 s (USER_HZ).
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// Seconds of this thread's CPU time since `start`.
fn cpu_since(start: Option<Duration>) -> Option<f64> {
    Some(thread_cpu()?.checked_sub(start?)?.as_secs_f64())
}

fn ms(us: u64) -> f64 {
    us as f64 / 1000.0
}

// ---------------------------------------------------------------------------------------------
// The engine
// ---------------------------------------------------------------------------------------------

/// What the customer (or the clock, or an HTTP answer) does next in a scripted conversation. Tokens are taken
/// from the run's state while the script is recorded; the replay feeds the recorded events.
enum Act {
    Start,
    Reply(&'static str),
    /// The reply timeout of the question the run waits at.
    Timeout,
    /// The wait node's timer.
    Timer,
    /// The answer to the HTTP node the run waits on.
    Http(Value),
}

struct Script {
    name: &'static str,
    consent: Option<bool>,
    open_now: bool,
    /// A node of a random split branch: the draw is searched until the run goes through it.
    through: &'static str,
    ends: RunStatus,
    acts: Vec<Act>,
}

fn scripts() -> Vec<Script> {
    vec![
        // Consent asked and given, the menu times out, a template reminder, back to the menu, an order looked
        // up over HTTP, a five-minute wait, a survey.
        Script {
            name: "order status",
            consent: None,
            open_now: true,
            through: "set_a",
            ends: RunStatus::Completed,
            acts: vec![
                Act::Start,
                Act::Reply("Yes, please"),
                Act::Timeout,
                Act::Reply("menu"),
                Act::Reply("Order status"),
                Act::Reply("AB-1234"),
                Act::Http(json!({ "status": "shipped" })),
                Act::Timer,
            ],
        },
        // Out of hours, the sales branch: company and size captured, assigned, a webhook, a field, thanks.
        Script {
            name: "sales lead",
            consent: Some(true),
            open_now: false,
            through: "set_b",
            ends: RunStatus::Completed,
            acts: vec![Act::Start, Act::Reply("Buy a plan"), Act::Reply("Acme"), Act::Reply("120")],
        },
        // Support: a free-text issue, handed to a person.
        Script {
            name: "support handoff",
            consent: Some(true),
            open_now: true,
            through: "set_a",
            ends: RunStatus::HandedOff,
            acts: vec![Act::Start, Act::Reply("Technical support"), Act::Reply("It stopped working")],
        },
    ]
}

fn engine_event(kind: EventKind, random: u64, s: &Script) -> Event {
    let now = chrono::DateTime::from_timestamp(1_796_000_000, 0).unwrap_or_default();
    Event {
        now,
        random,
        context: Context {
            contact: ContactSnapshot {
                id: Some(Uuid::nil()),
                name: Some("Ana".into()),
                phone: Some("+34600111222".into()),
                consent: s.consent,
                ..ContactSnapshot::default()
            },
            open_now: s.open_now,
            window_open: true,
            local: LocalTime { weekday: 1, minutes: if s.open_now { 600 } else { 1320 } },
        },
        kind,
    }
}

/// One node visit as the trace records it: the node and the outcome taken.
type Visit = (String, Option<String>);

/// Plays `s` once with the draw `random`: the events fed (tokens filled in from the state), the visits made and
/// the final state.
fn record(c: &Compiled, s: &Script, random: u64) -> anyhow::Result<(Vec<Event>, Vec<Visit>, RunState)> {
    let mut state = RunState::new();
    let (mut events, mut path) = (Vec::new(), Vec::new());
    for act in &s.acts {
        let kind = match (act, &state.wait) {
            (Act::Start, _) => EventKind::Start { text: Some("hi".into()) },
            (Act::Reply(text), _) => {
                EventKind::Inbound { text: Some((*text).into()), reply_id: None, message_type: "text".into() }
            }
            (Act::Timeout, Some(Wait::Reply { timeout_token: Some(t), .. })) => EventKind::Timer { token: *t },
            (Act::Timer, Some(Wait::Timer { token, .. })) => EventKind::Timer { token: *token },
            (Act::Http(body), Some(Wait::Http { token, .. })) => EventKind::Http {
                token: *token,
                result: HttpResult { status: Some(200), body: Some(body.clone()), error: None },
            },
            (_, wait) => anyhow::bail!("script {:?}: the run waits on {wait:?}, not what the script expects", s.name),
        };
        let e = engine_event(kind, random, s);
        let out = step(c, &state, &e);
        anyhow::ensure!(!out.trace.is_empty(), "script {:?}: an event changed nothing", s.name);
        path.extend(out.trace.into_iter().map(|t| (t.node, t.outcome)));
        state = out.state;
        events.push(e);
    }
    Ok((events, path, state))
}

fn engine(seconds: u64) -> anyhow::Result<()> {
    let graph = parley_flow::templates::realistic_30_node();
    let c = Compiled::new(&graph).map_err(|e| anyhow::anyhow!("the realistic flow does not compile: {e}"))?;
    let (mut conversations, mut path, mut seen) = (Vec::new(), Vec::new(), HashSet::new());
    let mut described = Vec::new();
    for s in scripts() {
        let mut found = None;
        for random in 0..256u64 {
            let (events, visits, state) = record(&c, &s, random)?;
            if state.status == s.ends && visits.iter().any(|(n, _)| n == s.through) {
                found = Some((events, visits));
                break;
            }
        }
        let (events, visits) = found.with_context(|| format!("script {:?}: no draw takes it through", s.name))?;
        described.push(format!("{} ({} events, {} visits)", s.name, events.len(), visits.len()));
        seen.extend(visits.iter().map(|(n, _)| n.clone()));
        path.extend(visits);
        conversations.push(events);
    }
    let per_cycle = path.len() as u64;
    let events_per_cycle: u64 = conversations.iter().map(|c| c.len() as u64).sum();
    println!(
        "engine: realistic_30_node ({} nodes, {} edges), compiled once; one thread, {seconds} s each\n  \
         script: {}; walks {} of the {} nodes\n",
        graph.nodes.len(),
        graph.edges.len(),
        described.join(", "),
        seen.len(),
        graph.nodes.len()
    );

    // The engine: each conversation from a fresh run, in a loop.
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let (started, cpu_started) = (Instant::now(), thread_cpu());
    let (mut visits, mut events) = (0u64, 0u64);
    while Instant::now() < deadline {
        for conv in &conversations {
            let mut state = RunState::new();
            for e in conv {
                let Step { state: next, effects, trace } = step(black_box(&c), &state, black_box(e));
                visits += trace.len() as u64;
                events += 1;
                black_box(effects);
                state = next;
            }
            black_box(&state);
        }
    }
    let took = started.elapsed().as_secs_f64();
    let cpu = cpu_since(cpu_started);
    anyhow::ensure!(visits % per_cycle == 0, "the replay visited {visits} nodes, not a multiple of {per_cycle}");

    // The floor: the same visits as lookups of the node and of the edge its outcome takes.
    let nodes: HashMap<String, Node> = graph.nodes.iter().map(|n| (n.id.clone(), n.clone())).collect();
    let mut edges: HashMap<String, HashMap<String, String>> = HashMap::new();
    for e in &graph.edges {
        edges.entry(e.source.clone()).or_default().insert(e.source_handle.clone(), e.target.clone());
    }
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let (floor_started, floor_cpu_started) = (Instant::now(), thread_cpu());
    let mut floor_visits = 0u64;
    while Instant::now() < deadline {
        for (id, outcome) in &path {
            black_box(nodes.get(black_box(id.as_str())));
            if let Some(o) = outcome {
                black_box(edges.get(id.as_str()).and_then(|m| m.get(o.as_str())));
            }
            floor_visits += 1;
        }
    }
    let floor_took = floor_started.elapsed().as_secs_f64();
    let floor_cpu = cpu_since(floor_cpu_started);

    // "On one core": per second of the thread's own CPU time, since on a shared machine the thread gets only a
    // share of a core in wall time. Both are printed.
    let per_cpu = |n: u64, cpu: Option<f64>| cpu.filter(|c| *c > 0.0).map(|c| n as f64 / c);
    let (wall, floor_wall) = (visits as f64 / took, floor_visits as f64 / floor_took);
    let (rate, floor_rate) =
        (per_cpu(visits, cpu).unwrap_or(wall), per_cpu(floor_visits, floor_cpu).unwrap_or(floor_wall));
    let share = |cpu: Option<f64>, took: f64| cpu.map_or("?".to_owned(), |c| format!("{:.0}%", c / took * 100.0));
    println!(
        "{:<34} {:>12.0} node visits/s {:>10.0} events/s {:>8.1} ns/visit   per CPU-second; per wall second \
         {wall:.0} visits/s (the thread had {} of a core; {visits} visits, {events} events in {took:.2} s)",
        "engine (step)",
        rate,
        events as f64 * rate / visits.max(1) as f64,
        1e9 / rate,
        share(cpu, took)
    );
    println!(
        "{:<34} {:>12.0} node visits/s {:>10} {:>17.1} ns/visit   per CPU-second; per wall second \
         {floor_wall:.0} visits/s (the thread had {} of a core; same path, {} visits and {} events per cycle)",
        "floor: HashMap lookups, no logic",
        floor_rate,
        "",
        1e9 / floor_rate,
        share(floor_cpu, floor_took),
        per_cycle,
        events_per_cycle
    );
    println!(
        "  target ≥ 1,000,000 node visits/s on one core: {} ({:.1}× the target per CPU-second, {:.1}× per wall \
         second; the floor is {:.0}× faster)",
        if rate >= 1_000_000.0 { "met" } else { "NOT met" },
        rate / 1_000_000.0,
        wall / 1_000_000.0,
        floor_rate / rate
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Workspaces
// ---------------------------------------------------------------------------------------------

struct Workspace {
    tenant: TenantId,
    token: String,
}

/// A workspace signed up through the service (this process has no payment gateway: no trial, no plan).
async fn workspace(services: &Services, business: &str) -> anyhow::Result<Workspace> {
    let input = RegisterInput {
        business_name: business.into(),
        name: "Bench".into(),
        email: format!("flowbench-{}@example.com", Uuid::now_v7().simple()),
        password: "bench-pass-1".into(),
    };
    let auth = services.auth.register(input, &ClientInfo::default()).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let tenant = TenantId(auth.session.tenant.context("no tenant")?.id);
    let subscribed = scalar(&services.core.db, tenant, "select count(*) from subscriptions").await?;
    anyhow::ensure!(subscribed == 0, "signup started a trial (a Stripe key is configured for this process)");
    Ok(Workspace { tenant, token: auth.access_token })
}

async fn post_json(req: reqwest::RequestBuilder, body: &Value) -> anyhow::Result<Value> {
    let res = req.json(body).send().await.context("is `parley serve --demo` running at --url?")?;
    let status = res.status();
    let body: Value = res.json().await.unwrap_or(Value::Null);
    anyhow::ensure!(status.is_success(), "{status}: {body}");
    Ok(body)
}

/// A Cloud API number whose app secret the bench knows.
struct Line {
    id: Uuid,
    pnid: String,
    secret: String,
    access_token: String,
    /// Where its webhooks go.
    url: String,
}

async fn line(http: &reqwest::Client, base: &str, ws: &Workspace, name: &str) -> anyhow::Result<Line> {
    let pnid = format!("8{}", &Uuid::now_v7().as_u128().to_string()[..14]);
    let secret = format!("flowbench-{}", Uuid::now_v7().simple());
    let access_token = format!("EAAflow{}", Uuid::now_v7().simple());
    let conn = post_json(
        http.post(format!("{base}/api/v1/whatsapp/connections")).bearer_auth(&ws.token),
        &json!({ "kind": "cloud", "name": name, "phoneNumberId": pnid, "wabaId": "88", "accessToken": access_token,
                 "appSecret": secret, "ratePerSecond": 1000 }),
    )
    .await?;
    let id: Uuid = conn["id"].as_str().context("connection id")?.parse()?;
    Ok(Line { id, pnid, secret, access_token, url: format!("{base}/api/v1/webhooks/whatsapp/{id}") })
}

/// A flow created and published through the API; answers its id.
async fn publish_flow(
    http: &reqwest::Client,
    base: &str,
    ws: &Workspace,
    name: &str,
    trigger: Value,
    nodes: Value,
    edges: Value,
) -> anyhow::Result<Uuid> {
    let flow = post_json(
        http.post(format!("{base}/api/v1/flows")).bearer_auth(&ws.token),
        &json!({ "name": name, "trigger": trigger, "graph": { "nodes": nodes, "edges": edges } }),
    )
    .await?;
    let id: Uuid = flow["id"].as_str().context("flow id")?.parse()?;
    post_json(http.post(format!("{base}/api/v1/flows/{id}/publish")).bearer_auth(&ws.token), &json!({})).await?;
    Ok(id)
}

fn node(id: &str, kind: &str, y: i32, data: Value) -> Value {
    json!({ "id": id, "type": kind, "position": { "x": 0, "y": y }, "data": data })
}

/// start → `middle` → end.
fn three_nodes(middle: Value) -> (Value, Value) {
    let mid = middle["id"].as_str().unwrap_or("middle").to_owned();
    let nodes = json!([node("start", "start", 0, json!({})), middle, node("end", "end", 280, json!({}))]);
    let edges = json!([
        { "id": "e1", "source": "start", "sourceHandle": "next", "target": mid },
        { "id": "e2", "source": mid, "sourceHandle": "next", "target": "end" },
    ]);
    (nodes, edges)
}

/// The tables used as queues (rows updated or deleted as they are done), vacuumed as autovacuum would.
const QUEUES: &str = "webhook_events, flow_events, apalis.jobs";

async fn vacuum_queues(owner: &sea_orm::DatabaseConnection) -> anyhow::Result<Duration> {
    let started = Instant::now();
    owner.execute_unprepared(&format!("vacuum {QUEUES}")).await.context("vacuuming the queue tables")?;
    Ok(started.elapsed())
}

/// Both queues empty: webhooks to process, and events for the flow runner (every tenant).
async fn drain(db: &Db, limit: Duration) -> anyhow::Result<Duration> {
    let started = Instant::now();
    loop {
        let webhooks = parley_services::channel::ingest::pending(db).await?;
        let flow_events = parley_services::flows::runner::pending(db).await?;
        if webhooks == 0 && flow_events == 0 {
            return Ok(started.elapsed());
        }
        anyhow::ensure!(
            started.elapsed() < limit,
            "{webhooks} webhooks and {flow_events} flow events still queued after {} s",
            limit.as_secs()
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

// ---------------------------------------------------------------------------------------------
// End to end
// ---------------------------------------------------------------------------------------------

/// What the listener has seen, and what it waits for.
#[derive(Default)]
struct Tracker {
    /// Inbound messages posted and not yet stored: wamid → (posted at, measured).
    posted: HashMap<String, (Instant, bool)>,
    /// Per customer (digits), messages posted and not yet answered, oldest first.
    awaiting: HashMap<String, VecDeque<(Instant, bool)>>,
    stored_us: Vec<u64>,
    replied_us: Vec<u64>,
    /// Replies in conversations nobody waited on (should stay 0).
    unmatched: usize,
    last_reply: Option<Instant>,
}

fn lock(t: &Mutex<Tracker>) -> MutexGuard<'_, Tracker> {
    t.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn hi_webhook(pnid: &str, phone: &str, k: usize, wamid: &str) -> Value {
    json!({ "object": "whatsapp_business_account", "entry": [{ "id": "88", "changes": [{ "field": "messages", "value": {
        "messaging_product": "whatsapp",
        "metadata": { "display_phone_number": format!("+{pnid}"), "phone_number_id": pnid },
        "contacts": [{ "profile": { "name": format!("Customer {k}") }, "wa_id": phone }],
        "messages": [{ "from": phone, "id": wamid, "timestamp": chrono::Utc::now().timestamp().to_string(),
                       "type": "text", "text": { "body": "hi" } }]
    }}]}]})
}

fn customer(k: usize) -> String {
    format!("1555{:07}", 3_000_000 + k)
}

async fn e2e(services: &Services, http: &reqwest::Client, base: &str, owner_url: &str, a: &Args) -> anyhow::Result<()> {
    let db = &services.core.db;
    let (rate, contacts) = (a.rate.max(1), a.contacts.max(1));
    http.get(format!("{base}/sim/api/config"))
        .send()
        .await
        .context("is `parley serve --demo` running at --url?")?
        .error_for_status()
        .context("no WhatsApp simulator at --url/sim: start the server with --demo")?;
    let setup = Instant::now();
    let ws = workspace(services, "Flows bench (end to end)").await?;
    let line = line(http, base, &ws, "Flows bench line").await?;
    // The simulator plays WhatsApp for this number (as for the demo number), so the bot's replies are delivered.
    let tx = db.tenant_tx(ws.tenant).await?;
    tx.tx
        .execute_raw(st(
            "update whatsapp_connections set simulated = true, status = 'connected' where id = $1",
            vec![line.id.into()],
        ))
        .await?;
    tx.commit().await?;
    post_json(
        http.post(format!("{base}/sim/api/numbers")),
        &json!({ "phoneNumberId": line.pnid, "wabaId": "88", "displayPhoneNumber": format!("+{}", line.pnid),
                 "verifiedName": "Flows bench", "accessToken": line.access_token, "appSecret": line.secret,
                 "webhookUrl": line.url }),
    )
    .await?;

    // Each customer writes once through the simulator: their 24-hour window opens there, and their contact and
    // conversation exist before the measurement.
    let mut writes = tokio::task::JoinSet::new();
    for k in 0..contacts {
        let req = http
            .post(format!("{base}/sim/api/customers/{}/messages", customer(k)))
            .json(&json!({ "phoneNumberId": line.pnid, "name": format!("Customer {k}"), "text": "Hello" }));
        writes.spawn(async move { req.send().await.and_then(|r| r.error_for_status()).map(|_| ()) });
        if writes.len() >= 16 {
            writes.join_next().await.context("join")???;
        }
    }
    while let Some(r) = writes.join_next().await {
        r??;
    }
    let waited = Instant::now();
    let conversations = loop {
        let tx = db.tenant_tx(ws.tenant).await?;
        let rows = tx
            .tx
            .query_all_raw(st(
                "select v.id, c.phone from conversations v join contacts c on c.id = v.contact_id",
                vec![],
            ))
            .await?;
        tx.commit().await?;
        if rows.len() >= contacts {
            let mut map = HashMap::new();
            for r in rows {
                let (id, phone): (Uuid, Option<String>) = (r.try_get_by_index(0)?, r.try_get_by_index(1)?);
                map.insert(id, phone.unwrap_or_default().trim_start_matches('+').to_owned());
            }
            break map;
        }
        anyhow::ensure!(waited.elapsed() < Duration::from_secs(120), "conversations not created in 120 s");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };

    // The flows: "hi" answered by one message (every message starts a fresh run), and a wait of a week for the
    // seeded runs to be pinned to.
    let (nodes, edges) = three_nodes(node(
        "reply",
        "sendMessage",
        140,
        json!({ "text": "Hi {{contact.name}}! Thanks for writing, an agent will be with you shortly." }),
    ));
    let hi = json!({ "kind": "keyword", "keywords": ["hi"], "matchMode": "exact", "connectionIds": [], "priority": 0 });
    publish_flow(http, base, &ws, "Bench: hi", hi, nodes, edges).await?;
    let (nodes, edges) = three_nodes(node("wait", "wait", 140, json!({ "seconds": WAIT_SECS })));
    let manual = json!({ "kind": "manual", "connectionIds": [], "priority": 0 });
    let wait_flow = publish_flow(http, base, &ws, "Bench: a week's wait", manual, nodes, edges).await?;

    // 10,000 other contacts, each with a run waiting on that wait node's timer, a week away.
    let until = chrono::Utc::now() + chrono::Duration::seconds(WAIT_SECS as i64);
    let state = RunState {
        status: RunStatus::Waiting,
        node: Some("wait".into()),
        wait: Some(Wait::Timer { node: "wait".into(), token: 1, until }),
        timer_seq: 1,
        steps: 2,
        last_text: None,
        ..RunState::new()
    };
    let seeded = Instant::now();
    let tx = db.tenant_tx(ws.tenant).await?;
    let version: Uuid = tx
        .tx
        .query_one_raw(st("select id from flow_versions where flow_id = $1", vec![wait_flow.into()]))
        .await?
        .context("no version of the wait flow")?
        .try_get_by_index(0)?;
    let res = tx
        .tx
        .execute_raw(st(
            "with c as (
               insert into contacts (id, tenant_id, phone, name)
               select parley_uuid_v7(), $1, '+1556' || lpad(g::text, 7, '0'), 'Waiting customer ' || g
                 from generate_series(1, $2::int) g
               returning id)
             insert into flow_runs (id, tenant_id, flow_id, version_id, version, contact_id, origin, status, state,
                                    current_node, wake_at, wake_token, steps)
             select parley_uuid_v7(), $1, $3, $4, 1, id, 'manual', 'waiting', $5, 'wait', $6, 1, 2 from c",
            vec![
                ws.tenant.0.into(),
                (a.waiting as i32).into(),
                wait_flow.into(),
                version.into(),
                serde_json::to_value(&state)?.into(),
                until.into(),
            ],
        ))
        .await?;
    tx.commit().await?;
    let owner = sea_orm::Database::connect(owner_url).await.context("connecting as the database owner")?;
    owner.execute_unprepared("vacuum (analyze) contacts, flow_runs").await?;
    vacuum_queues(&owner).await?;
    let waiting =
        scalar(db, ws.tenant, "select count(*) from flow_runs where status = 'waiting' and wake_at is not null")
            .await?;
    println!(
        "end to end: {rate} inbound messages/s paced, from {contacts} customers (each every {:.1} s), {} s measured \
         after 2 s of warm-up, server {base}\n  \
         {} runs waiting on a timer a week away in the same workspace (seeded {} in {:.2} s); set-up took {:.1} s\n",
        contacts as f64 / f64::from(rate),
        a.e2e_seconds,
        waiting,
        res.rows_affected(),
        seeded.elapsed().as_secs_f64(),
        setup.elapsed().as_secs_f64()
    );

    // Every new row of this workspace's (inbound, and the bot's) is copied by a trigger into an unlogged side
    // table, which a poller empties every POLL. Not LISTEN/NOTIFY: a notifying commit holds PostgreSQL's one
    // notification-queue lock through its WAL flush, so notifying from the ingest's transactions would serialize
    // them with every other notifying commit (the job queue notifies on every job) and slow what is measured.
    owner
        .execute_unprepared(&format!(
            "create unlogged table if not exists parley_flowbench_seen (direction text, conversation_id uuid,
               wa_message_id text);
             truncate parley_flowbench_seen;
             create or replace function parley_flowbench_seen() returns trigger language plpgsql security definer
               set search_path = public as $$
             begin
               insert into parley_flowbench_seen values (new.direction, new.conversation_id, new.wa_message_id);
               return null;
             end $$;
             drop trigger if exists parley_flowbench_seen on messages;
             create trigger parley_flowbench_seen after insert on messages for each row
               when (new.tenant_id = '{}' and (new.direction = 'inbound' or new.flow_run_id is not null))
               execute function parley_flowbench_seen();",
            ws.tenant.0
        ))
        .await?;
    let tracker = Arc::new(Mutex::new(Tracker::default()));
    let polling = {
        let (tracker, conversations) = (tracker.clone(), conversations.clone());
        let poller = sea_orm::Database::connect(owner_url).await?;
        tokio::spawn(async move {
            let take =
                st("delete from parley_flowbench_seen returning direction, conversation_id, wa_message_id", vec![]);
            loop {
                tokio::time::sleep(POLL).await;
                let Ok(rows) = poller.query_all_raw(take.clone()).await else { continue };
                let at = Instant::now();
                let mut t = lock(&tracker);
                for r in rows {
                    let direction: String = r.try_get_by_index(0).unwrap_or_default();
                    let conv: Option<Uuid> = r.try_get_by_index(1).ok();
                    let wamid: Option<String> = r.try_get_by_index(2).unwrap_or_default();
                    if direction == "inbound" {
                        if let Some((posted, measured)) = wamid.and_then(|w| t.posted.remove(&w))
                            && measured
                        {
                            t.stored_us.push(at.duration_since(posted).as_micros() as u64);
                        }
                        continue;
                    }
                    let phone = conv.and_then(|c| conversations.get(&c));
                    match phone.and_then(|p| t.awaiting.get_mut(p)).and_then(|q| q.pop_front()) {
                        Some((posted, true)) => {
                            t.replied_us.push(at.duration_since(posted).as_micros() as u64);
                            t.last_reply = Some(at);
                        }
                        Some((_, false)) => {}
                        None => t.unmatched += 1,
                    }
                }
            }
        })
    };
    let result = paced(http, &line, &tracker, rate, contacts, a.e2e_seconds.max(1)).await;
    polling.abort();
    owner
        .execute_unprepared(
            "drop trigger if exists parley_flowbench_seen on messages;
             drop function if exists parley_flowbench_seen();
             drop table if exists parley_flowbench_seen;",
        )
        .await?;
    let sent = result?;

    {
        // Printed from the tracker's final figures; the lock is released before anything else awaits.
        let t = lock(&tracker);
        let acks = Summary::from(sent.ack_us.clone(), sent.errors, sent.window);
        let stored = Summary::from(t.stored_us.clone(), 0, sent.window);
        let replied = Summary::from(t.replied_us.clone(), 0, sent.window);
        let max = t.replied_us.iter().max().copied().unwrap_or(0);
        let answered_in = t.last_reply.map(|l| l.duration_since(sent.first).as_secs_f64()).unwrap_or(0.0);
        println!(
            "  posted {} measured webhooks in {:.2} s = {:.1}/s (offered {rate}/s; the pacer ran at most {:.1} ms late)",
            sent.measured,
            sent.window.as_secs_f64(),
            sent.measured as f64 / sent.window.as_secs_f64(),
            ms(sent.max_late_us)
        );
        acks.print("webhook acknowledged");
        stored.print("floor: inbound row committed");
        replied.print("bot's reply row committed");
        println!(
            "  replies: {} of {} measured messages ({} missing, {} unmatched), max {:.2} ms; the last one {:.2} s after \
             the first measured post = {:.1} replies/s",
            t.replied_us.len(),
            sent.measured,
            sent.measured.saturating_sub(t.replied_us.len()),
            t.unmatched,
            ms(max),
            answered_in,
            if answered_in > 0.0 { t.replied_us.len() as f64 / answered_in } else { 0.0 }
        );
        println!(
            "  target p99 ≤ 50 ms: {} (p99 {:.2} ms; the ingest alone {:.2} ms)",
            if replied.count > 0 && replied.p99 <= 50_000 { "met" } else { "NOT met" },
            ms(replied.p99),
            ms(stored.p99)
        );
    }

    // The replies' deliveries (and their status webhooks) finish before anything else is measured.
    let started = Instant::now();
    loop {
        let open = scalar(
            db,
            ws.tenant,
            "select count(*) from messages where direction = 'outbound' and status in ('queued', 'sending', 'sent')",
        )
        .await?;
        if open == 0 {
            break;
        }
        anyhow::ensure!(started.elapsed() < Duration::from_secs(180), "{open} replies still not delivered after 180 s");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    drain(db, Duration::from_secs(120)).await?;
    let outcomes = {
        let tx = db.tenant_tx(ws.tenant).await?;
        let rows = tx
            .tx
            .query_all_raw(st(
                "select status, count(*)::bigint from messages where direction = 'outbound' group by status order by 1",
                vec![],
            ))
            .await?;
        tx.commit().await?;
        let mut parts = Vec::new();
        for r in rows {
            let (status, n): (String, i64) = (r.try_get_by_index(0)?, r.try_get_by_index(1)?);
            parts.push(format!("{n} {status}"));
        }
        parts.join(", ")
    };
    let runs = scalar(db, ws.tenant, "select count(*) from flow_runs where status = 'completed'").await?;
    let still = scalar(db, ws.tenant, "select count(*) from flow_runs where status = 'waiting'").await?;
    println!(
        "  afterwards: {runs} runs completed, {still} still waiting on their timer; the bot's messages: {outcomes} \
         (all delivered {:.1} s after the bench stopped posting)",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

struct Sent {
    measured: usize,
    errors: usize,
    ack_us: Vec<u64>,
    /// The first measured post, and from it to the last one.
    first: Instant,
    window: Duration,
    max_late_us: u64,
}

/// Posts "hi" from each customer in turn at `rate` per second (the schedule is fixed: a slow answer delays no
/// later post), 2 s of warm-up then `seconds` measured; waits for every measured message's stored row and reply.
async fn paced(
    http: &reqwest::Client,
    line: &Line,
    tracker: &Arc<Mutex<Tracker>>,
    rate: u32,
    contacts: usize,
    seconds: u64,
) -> anyhow::Result<Sent> {
    let warmup = 2 * rate as usize;
    let total = warmup + seconds as usize * rate as usize;
    let period = Duration::from_secs(1) / rate;
    let start = tokio::time::Instant::now() + Duration::from_millis(50);
    let acked = Arc::new(Mutex::new(Vec::with_capacity(total)));
    let errors = Arc::new(AtomicU64::new(0));
    let mut posts = tokio::task::JoinSet::new();
    let (mut first, mut last, mut max_late) = (Instant::now(), Instant::now(), Duration::ZERO);
    for i in 0..total {
        let due = start + period * i as u32;
        tokio::time::sleep_until(due).await;
        max_late = max_late.max(tokio::time::Instant::now().saturating_duration_since(due));
        let k = i % contacts;
        let phone = customer(k);
        let wamid = format!("wamid.flowbench.{i}.{}", Uuid::now_v7().simple());
        let body = serde_json::to_vec(&hi_webhook(&line.pnid, &phone, k, &wamid))?;
        let sig = parley_whatsapp::signature::sign_meta(line.secret.as_bytes(), &body);
        let measured = i >= warmup;
        let posted = Instant::now();
        if i == warmup {
            first = posted;
        }
        last = posted;
        {
            let mut t = lock(tracker);
            t.posted.insert(wamid, (posted, measured));
            t.awaiting.entry(phone).or_default().push_back((posted, measured));
        }
        let req = http
            .post(&line.url)
            .header("content-type", "application/json")
            .header("x-hub-signature-256", sig)
            .body(body);
        let (acked, errors) = (acked.clone(), errors.clone());
        posts.spawn(async move {
            let ok = matches!(req.send().await, Ok(r) if r.status().is_success());
            if !measured {
                return;
            }
            if ok {
                acked.lock().unwrap_or_else(|p| p.into_inner()).push(posted.elapsed().as_micros() as u64);
            } else {
                errors.fetch_add(1, Ordering::Relaxed);
            }
        });
        while posts.try_join_next().is_some() {}
    }
    while posts.join_next().await.is_some() {}
    let measured = total - warmup;
    let window = last.duration_since(first).max(Duration::from_millis(1));
    // Every measured message stored and answered, or 60 s.
    let waited = Instant::now();
    loop {
        let done = {
            let t = lock(tracker);
            t.stored_us.len() >= measured && t.replied_us.len() >= measured
        };
        if done || waited.elapsed() > Duration::from_secs(60) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let ack_us = std::mem::take(&mut *acked.lock().unwrap_or_else(|p| p.into_inner()));
    Ok(Sent {
        measured,
        errors: errors.load(Ordering::Relaxed) as usize,
        ack_us,
        first,
        window,
        max_late_us: max_late.as_micros() as u64,
    })
}

// ---------------------------------------------------------------------------------------------
// What flows cost the ingest
// ---------------------------------------------------------------------------------------------

struct Phase {
    acks: Summary,
    stored: i64,
    stored_in: Duration,
    /// From the last acknowledgement until both queues were empty.
    tail: Duration,
}

impl Phase {
    fn rate(&self) -> f64 {
        self.stored as f64 / self.stored_in.as_secs_f64()
    }
}

fn mean(xs: impl Iterator<Item = f64>) -> f64 {
    let v: Vec<f64> = xs.collect();
    if v.is_empty() { 0.0 } else { v.iter().sum::<f64>() / v.len() as f64 }
}

/// `parley bench ingest`'s closed loop on one workspace, then both queues drained.
async fn ingest_phase(db: &Db, ws: &Workspace, line: &Line, concurrency: usize, seconds: u64) -> anyhow::Result<Phase> {
    let count = "select count(*) from messages where direction = 'inbound'";
    let before = scalar(db, ws.tenant, count).await?;
    let seq = Arc::new(AtomicU64::new(0));
    let (h, u, s, p) = (reqwest::Client::new(), line.url.clone(), line.secret.clone(), line.pnid.clone());
    let started = Instant::now();
    let acks = load(concurrency, seconds, move || {
        let n = seq.fetch_add(1, Ordering::Relaxed);
        let body = serde_json::to_vec(&crate::bench::webhook(&p, n)).unwrap_or_default();
        let sig = parley_whatsapp::signature::sign_meta(s.as_bytes(), &body);
        let (h, u) = (h.clone(), u.clone());
        async move {
            let res = h
                .post(u)
                .header("content-type", "application/json")
                .header("x-hub-signature-256", sig)
                .body(body)
                .send()
                .await;
            matches!(res, Ok(r) if r.status().is_success())
        }
    })
    .await;
    let acked = started.elapsed();
    drain(db, Duration::from_secs(300)).await?;
    let stored_in = started.elapsed();
    let stored = scalar(db, ws.tenant, count).await? - before;
    Ok(Phase { acks, stored, stored_in, tail: stored_in.saturating_sub(acked) })
}

async fn ingest_cost(
    services: &Services,
    http: &reqwest::Client,
    base: &str,
    owner_url: &str,
    a: &Args,
) -> anyhow::Result<()> {
    let db = &services.core.db;
    let owner = sea_orm::Database::connect(owner_url).await.context("connecting as the database owner")?;
    let off = workspace(services, "Flows bench (no flows)").await?;
    let on = workspace(services, "Flows bench (50 flows)").await?;
    let off_line = line(http, base, &off, "Ingest line").await?;
    let on_line = line(http, base, &on, "Ingest line").await?;
    // Keywords the traffic ("message <n>") never contains, as whole words: every message is matched against
    // every trigger, then routed.
    let triggers: Vec<Value> = (0..a.flows)
        .map(|i| {
            json!({ "kind": "keyword", "matchMode": "contains", "connectionIds": [], "priority": i % 5,
                    "keywords": [format!("promo{i}"), format!("refund {i}"), format!("coupon code {i}")] })
        })
        .collect();
    for (i, trigger) in triggers.iter().enumerate() {
        let (nodes, edges) = three_nodes(node(
            "reply",
            "sendMessage",
            140,
            json!({ "text": format!("Offer {i}: thanks {{{{contact.name}}}}!") }),
        ));
        publish_flow(http, base, &on, &format!("Bench keyword flow {i}"), trigger.clone(), nodes, edges).await?;
    }
    let live = scalar(db, on.tenant, "select count(*) from flows where status = 'published'").await?;
    let (c, s) = (a.concurrency.max(1), a.phase_seconds.max(1));
    println!(
        "ingest: `parley bench ingest`'s load ({c} concurrent senders, 1 text message per webhook from 1,000 \
         customers), {s} s per phase, phases off/on × {} then off, server {base}\n  \
         flows off = a workspace with no flow; flows on = a workspace with {live} published flows whose keyword \
         triggers (contains, 3 keywords each) never match the traffic\n  \
         stored = inbound rows written, from the first request until the webhook queue and the flow queue are empty\n",
        a.rounds
    );
    // Warm-up (not measured): connections, prepared statements, both workspaces' first contacts.
    for (ws, l) in [(&off, &off_line), (&on, &on_line)] {
        ingest_phase(db, ws, l, c, 1).await?;
    }
    let (mut offs, mut ons) = (Vec::new(), Vec::new());
    for i in 0..a.rounds * 2 + 1 {
        let flows_on = i % 2 == 1;
        let waited = drain(db, Duration::from_secs(300)).await?;
        let vacuumed = vacuum_queues(&owner).await?;
        let (ws, l) = if flows_on { (&on, &on_line) } else { (&off, &off_line) };
        let p = ingest_phase(db, ws, l, c, s).await?;
        p.acks.print(&format!("  phase {} {}", i + 1, if flows_on { "flows on" } else { "flows off" }));
        println!(
            "  {:<32} {:>8} stored in {:.2} s = {:>6.0} msg/s (queues empty {:.2} s after the last ack; started after \
             a {:.1} s drain and a {:.1} s vacuum; load average {})",
            "",
            p.stored,
            p.stored_in.as_secs_f64(),
            p.rate(),
            p.tail.as_secs_f64(),
            waited.as_secs_f64(),
            vacuumed.as_secs_f64(),
            loadavg()
        );
        if flows_on { ons.push(p) } else { offs.push(p) }
    }
    let each = |v: &[Phase]| v.iter().map(|p| format!("{:.0}", p.rate())).collect::<Vec<_>>().join(" · ");
    let (r_off, r_on) = (mean(offs.iter().map(Phase::rate)), mean(ons.iter().map(Phase::rate)));
    println!("\nsummary (mean of the phases):");
    for (label, v, r) in [("flows off", &offs, r_off), ("flows on", &ons, r_on)] {
        println!(
            "  {label:<10} stored {:>6.0} msg/s (each: {}), acks {:>6.0}/s, ack p99 {:>6.2} ms, queues empty {:.2} s \
             after the last ack",
            r,
            each(v),
            mean(v.iter().map(|p| p.acks.count as f64 / p.acks.elapsed.as_secs_f64())),
            mean(v.iter().map(|p| ms(p.acks.p99))),
            mean(v.iter().map(|p| p.tail.as_secs_f64()))
        );
    }
    let overhead = (r_off - r_on) / r_off * 100.0;
    println!(
        "  overhead   {overhead:+.1}% stored throughput (live flows: {live}); target < 10%: {}",
        if overhead < 10.0 { "met" } else { "NOT met" }
    );
    let per_message = matching_alone(&triggers)?;
    let budget = 1e6 / r_off;
    println!(
        "  matching alone: the {} triggers, compiled, against the same texts in this process: {:.2} µs per message \
         ({:.2}% of the {:.0} µs a message takes at the flows-off rate)",
        triggers.len(),
        per_message,
        per_message / budget * 100.0,
        budget
    );
    Ok(())
}

/// The runner's in-memory part of trigger matching: every compiled trigger against each message's text (none
/// matches), on one thread for a second; answers microseconds per message.
fn matching_alone(triggers: &[Value]) -> anyhow::Result<f64> {
    let compiled = triggers
        .iter()
        .map(|t| {
            let t: parley_flow::Trigger = serde_json::from_value(t.clone())?;
            parley_flow::CompiledTrigger::new(&t).map_err(|e| anyhow::anyhow!("{e}"))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let texts: Vec<String> = (0..1000).map(|n| format!("message {n}")).collect();
    let (started, mut n, mut matched) = (Instant::now(), 0u64, 0u64);
    while started.elapsed() < Duration::from_secs(1) {
        for text in &texts {
            let input = parley_flow::TriggerInput {
                text: Some(black_box(text.as_str())),
                connection_id: Uuid::nil(),
                new_contact: false,
                assigned: false,
            };
            matched += compiled.iter().filter(|t| t.matches(&input)).count() as u64;
            n += 1;
        }
    }
    anyhow::ensure!(matched == 0, "{matched} messages matched a trigger that should not match");
    Ok(started.elapsed().as_secs_f64() * 1e6 / n as f64)
}
