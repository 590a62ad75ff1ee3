//! `parley bench webhooks`: outbound webhook delivery. A receiver on 127.0.0.1 in this process, a fresh workspace
//! with one endpoint, and this process's delivery worker:
//! - throughput: N events written to the outbox in batches (as a busy ingest would), timed until every delivery is
//!   settled, next to the floor: the same signed POSTs sent straight to the receiver by as many concurrent senders;
//! - latency: contacts created through the service at a fixed rate, each `contact.created` timed from the
//!   service's return (the commit) to the receiver; then the same with the receiver failing every other request;
//! - rule matching: the automation worker's cost per event in a workspace with 200 rules none of which the events
//!   match, next to the same with one rule, and the matching alone in memory.

use crate::bench::{Summary, scalar};
use anyhow::Context;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use parley_domain::{TenantId, UserId};
use parley_services::automations::dto::CreateWebhookInput;
use parley_services::automations::engine;
use parley_services::automations::model::{CreateAutomationInput, Trigger};
use parley_services::crm::dto::CreateContactInput;
use parley_services::identity::dto::RegisterInput;
use parley_services::{ClientInfo, Credential, Services, TenantCtx};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use uuid::Uuid;

#[derive(clap::Args)]
pub struct Args {
    /// Events for the throughput run (and POSTs for its floor).
    #[arg(long, default_value_t = 20_000)]
    events: usize,
    /// Events per second in the latency runs.
    #[arg(long, default_value_t = 200)]
    rate: u64,
    /// Length of each latency run.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// Automation rules in the rule-matching run.
    #[arg(long, default_value_t = 200)]
    rules: usize,
    /// Events through the automation worker per rule-matching run.
    #[arg(long, default_value_t = 5_000)]
    rule_events: usize,
}

#[derive(Clone, Default)]
struct Receiver {
    hits: Arc<AtomicU64>,
    /// Answer 500 to every other request.
    flaky: Arc<AtomicBool>,
    /// First successful arrival per contact id (the latency runs' `data.id`).
    arrived: Arc<Mutex<HashMap<String, Instant>>>,
}

async fn receive(State(r): State<Receiver>, _h: HeaderMap, body: String) -> StatusCode {
    let n = r.hits.fetch_add(1, Ordering::Relaxed);
    if r.flaky.load(Ordering::Relaxed) && n % 2 == 0 {
        return StatusCode::INTERNAL_SERVER_ERROR;
    }
    // Only the latency runs' small bodies are parsed; the throughput run's are counted.
    if body.contains("\"contact.created\"")
        && let Ok(v) = serde_json::from_str::<Value>(&body)
        && let Some(id) = v["data"]["id"].as_str()
    {
        r.arrived
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .entry(id.to_owned())
            .or_insert_with(Instant::now);
    }
    StatusCode::OK
}

pub async fn webhooks(services: Services, args: Args) -> anyhow::Result<()> {
    let receiver = Receiver::default();
    let app = axum::Router::new().route("/hook", axum::routing::post(receive)).with_state(receiver.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/hook", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, app).await });
    tokio::spawn(parley_services::automations::delivery::run_deliveries(services.webhook_delivery.clone()));

    let t = register(&services, "Webhook bench").await?;
    let tenant = t.tenant_id;
    let input = CreateWebhookInput {
        url: url.clone(),
        description: "bench".into(),
        events: vec!["contact.created".into(), "message.created".into()],
        enabled: true,
    };
    services
        .webhooks
        .create(&t, input)
        .await
        .map_err(|e| anyhow::anyhow!("{e} (is 127.0.0.1 in [flows] http_allow?)"))?;
    let db = &services.core.db;

    // Throughput: the outbox written in batches of 500 (each event its own subject, as many conversations would be).
    println!("throughput: {} message.created events to one endpoint", args.events);
    let payload = serde_json::json!({ "id": Uuid::nil(), "direction": "inbound", "type": "text",
        "content": { "text": "Is my order on its way? It was due yesterday." }, "status": "received" });
    let before = receiver.hits.load(Ordering::Relaxed);
    let started = Instant::now();
    for chunk in (0..args.events).collect::<Vec<_>>().chunks(500) {
        let tx = db.tenant_tx(tenant).await?;
        let kinds = vec!["message.created".to_owned(); chunk.len()];
        let subjects: Vec<Uuid> = chunk.iter().map(|_| Uuid::now_v7()).collect();
        let payloads = vec![payload.clone(); chunk.len()];
        parley_store::repo::automations::outbox::record(&tx, &kinds, &subjects, &payloads, None).await?;
        tx.commit().await?;
        services.core.webhooks.wakeup.notify_one();
    }
    let written = started.elapsed();
    loop {
        let open =
            scalar(db, tenant, "select count(*) from webhook_deliveries where state in ('pending', 'sending')").await?;
        if open == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let took = started.elapsed();
    let delivered = scalar(db, tenant, "select count(*) from webhook_deliveries where state = 'delivered'").await?;
    let got = receiver.hits.load(Ordering::Relaxed) - before;
    println!(
        "  outbox written in {:.2} s; all settled in {:.2} s: {:.0} deliveries/s ({delivered} delivered, {got} received)",
        written.as_secs_f64(),
        took.as_secs_f64(),
        delivered as f64 / took.as_secs_f64()
    );
    anyhow::ensure!(delivered as usize == args.events, "{delivered} of {} delivered", args.events);

    // Floor: the same bodies, signed, posted straight to the receiver.
    let http = reqwest::Client::new();
    let body = serde_json::json!({ "id": "evt_1", "type": "message.created", "data": payload }).to_string();
    let concurrency = services.core.webhooks.cfg.concurrency;
    let next = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let mut tasks = vec![];
    for _ in 0..concurrency {
        let (http, url, body, next) = (http.clone(), url.clone(), body.clone(), next.clone());
        let total = args.events as u64;
        tasks.push(tokio::spawn(async move {
            while next.fetch_add(1, Ordering::Relaxed) < total {
                let t = chrono::Utc::now().timestamp();
                let sig =
                    parley_services::automations::delivery::signature_header(&[b"whsec_bench"], t, body.as_bytes());
                let _ = http.post(&url).header("parley-signature", sig).body(body.clone()).send().await;
            }
        }));
    }
    for t in tasks {
        t.await?;
    }
    let floor = started.elapsed();
    println!(
        "  floor (signed POSTs straight to the receiver, {concurrency} senders): {:.0}/s",
        args.events as f64 / floor.as_secs_f64()
    );

    for flaky in [false, true] {
        receiver.flaky.store(flaky, Ordering::Relaxed);
        let label = if flaky { "receiver failing every other request" } else { "receiver answering 200" };
        let (samples, missing) = latency_run(&services, &t, &receiver, args.rate, args.seconds).await?;
        let n = samples.len();
        Summary::from(samples, missing, Duration::from_secs(args.seconds))
            .print(&format!("latency at {}/s, commit to delivery ({label}), {n} events", args.rate));
    }
    receiver.flaky.store(false, Ordering::Relaxed);
    rule_matching(&services, args.rules, args.rule_events).await
}

async fn register(services: &Services, business: &str) -> anyhow::Result<TenantCtx> {
    let email = format!("hookbench-{}@example.com", Uuid::now_v7().simple());
    let input =
        RegisterInput { business_name: business.into(), name: "Bench".into(), email, password: "bench-pass-1".into() };
    let auth = services.auth.register(input, &ClientInfo::default()).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(TenantCtx {
        tenant_id: TenantId(auth.session.tenant.context("no tenant")?.id),
        credential: Credential::Person(UserId(auth.session.user.id)),
        client: ClientInfo::default(),
    })
}

/// Rule `i` of the rule-matching run: three in four wait for keywords the events never contain, the rest for other
/// kinds of events; none matches, so what is measured is the matching, not the actions.
fn rule(i: usize) -> anyhow::Result<CreateAutomationInput> {
    let trigger = match i % 8 {
        6 => serde_json::json!({ "kind": "contactFieldChanged", "field": format!("field_{i}") }),
        7 => serde_json::json!({ "kind": "conversationStatusChanged", "status": "resolved" }),
        _ => {
            serde_json::json!({ "kind": "messageReceived", "keywords": [format!("refund{i}"), format!("cancel order {i}")] })
        }
    };
    Ok(serde_json::from_value(serde_json::json!({
        "name": format!("Rule {i}"),
        "trigger": trigger,
        "conditions": { "groups": [{ "match": "all", "items": [{ "type": "businessHours", "open": true }] }] },
        "actions": [{ "type": "sendText", "text": "Thanks, we are on it." }],
    }))?)
}

/// The automation worker's cost per event with `rules` rules and with one, each in a fresh workspace, and the
/// matching alone in memory (the same events against the same triggers).
async fn rule_matching(services: &Services, rules: usize, events: usize) -> anyhow::Result<()> {
    println!("rule matching: {events} message.created events through the automation worker, no rule matching");
    let payload = serde_json::json!({ "id": Uuid::nil(), "conversationId": Uuid::now_v7(), "direction": "inbound",
        "type": "text", "content": { "text": "Is my order on its way? It was due yesterday." }, "status": "received" });
    let mut per_event = vec![];
    for n in [1, rules] {
        let t = register(services, &format!("Rule bench {n}")).await?;
        for i in 0..n {
            services.automations.create(&t, rule(i)?).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        }
        let db = &services.core.db;
        for chunk in (0..events).collect::<Vec<_>>().chunks(500) {
            let tx = db.tenant_tx(t.tenant_id).await?;
            let kinds = vec!["message.created".to_owned(); chunk.len()];
            let subjects: Vec<Uuid> = chunk.iter().map(|_| Uuid::now_v7()).collect();
            let payloads = vec![payload.clone(); chunk.len()];
            parley_store::repo::automations::outbox::record(&tx, &kinds, &subjects, &payloads, None).await?;
            tx.commit().await?;
        }
        let started = Instant::now();
        let done = services.automation_worker.drain().await.map_err(|e| anyhow::anyhow!("{e}"))?;
        let took = started.elapsed();
        anyhow::ensure!(done >= events, "{done} of {events} events matched");
        let runs = scalar(db, t.tenant_id, "select count(*) from automation_runs").await?;
        anyhow::ensure!(runs == 0, "{runs} rules ran; none should match");
        let us = took.as_secs_f64() * 1e6 / events as f64;
        per_event.push(us);
        println!("  {n:>4} rules: {:.0} events/s, {us:.0} µs per event", events as f64 / took.as_secs_f64());
    }
    println!("  cost of {} more rules: {:.1} µs per event", rules - 1, per_event[1] - per_event[0]);

    // In memory: reading the event and testing every trigger, as the worker does before any condition.
    let triggers: Vec<Trigger> = (0..rules).map(|i| rule(i).map(|r| r.trigger)).collect::<anyhow::Result<_>>()?;
    let rounds = 20_000;
    let started = Instant::now();
    let mut matched = 0usize;
    for _ in 0..rounds {
        let s = engine::subject("message.created", payload.clone());
        matched += triggers.iter().filter(|t| engine::trigger_matches(t, &s)).count();
    }
    let us = started.elapsed().as_secs_f64() * 1e6 / rounds as f64;
    anyhow::ensure!(matched == 0, "{matched} triggers matched");
    println!("  matching alone in memory ({rules} triggers): {us:.1} µs per event");
    Ok(())
}

/// Creates contacts at `rate` for `seconds`; answers each one's commit-to-arrival time in µs and how many never
/// arrived within 60 s of the end.
async fn latency_run(
    services: &Services,
    t: &TenantCtx,
    receiver: &Receiver,
    rate: u64,
    seconds: u64,
) -> anyhow::Result<(Vec<u64>, usize)> {
    let committed: Arc<Mutex<Vec<(String, Instant)>>> = Arc::default();
    let total = rate * seconds;
    let gap = Duration::from_secs_f64(1.0 / rate as f64);
    let start = tokio::time::Instant::now();
    let mut tasks = vec![];
    for i in 0..total {
        tokio::time::sleep_until(start + gap * i as u32).await;
        let (services, t, committed) = (services.clone(), t.clone(), committed.clone());
        tasks.push(tokio::spawn(async move {
            let phone = format!("+4477009{:06}", (Uuid::now_v7().as_u128() % 1_000_000) as u64);
            let input = CreateContactInput {
                phone,
                name: Some("Bench".into()),
                email: None,
                company: None,
                notes: None,
                avatar_url: None,
                custom_fields: None,
                label_ids: vec![],
                consent: None,
            };
            if let Ok(c) = services.contacts.create(&t, input).await {
                committed
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .push((c.id.to_string(), Instant::now()));
            }
        }));
    }
    for task in tasks {
        task.await?;
    }
    let want = committed.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let arrived = receiver.arrived.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
        let missing = want.iter().filter(|(id, _)| !arrived.contains_key(id)).count();
        if missing == 0 || Instant::now() > deadline {
            let samples = want
                .iter()
                .filter_map(|(id, at)| arrived.get(id).map(|got| got.saturating_duration_since(*at).as_micros() as u64))
                .collect();
            return Ok((samples, missing));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
