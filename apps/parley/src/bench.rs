//! `parley bench api`: throughput and latency of an authenticated, tenant-scoped request through the
//! whole stack (HTTP, token check, membership re-read, tenant transaction with row-level security),
//! next to the same store call made directly (the floor). Prints figures; asserts nothing.

use anyhow::Context;
use parley_domain::TenantId;
use parley_services::Services;
use parley_store::repo::{self, PageReq};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub struct Args {
    pub url: String,
    pub concurrency: usize,
    pub seconds: u64,
}

/// A raw statement for the benches' own SQL (seeding, checks, floors).
pub(crate) fn st(sql: &str, values: Vec<sea_orm::Value>) -> sea_orm::Statement {
    sea_orm::Statement::from_sql_and_values(sea_orm::DbBackend::Postgres, sql, values)
}

/// One number in a tenant transaction (row-level security applies).
pub(crate) async fn scalar(db: &parley_store::Db, tenant: TenantId, sql: &str) -> anyhow::Result<i64> {
    use sea_orm::ConnectionTrait;
    let tx = db.tenant_tx(tenant).await?;
    let row = tx.tx.query_one_raw(st(sql, vec![])).await?.context("no row")?;
    let n: i64 = row.try_get_by_index(0)?;
    tx.commit().await?;
    Ok(n)
}

/// Latency samples in microseconds, summarised.
pub struct Summary {
    pub count: usize,
    pub errors: usize,
    pub elapsed: Duration,
    pub p50: u64,
    pub p90: u64,
    pub p99: u64,
}

impl Summary {
    pub(crate) fn from(mut samples: Vec<u64>, errors: usize, elapsed: Duration) -> Self {
        samples.sort_unstable();
        let pct = |p: f64| {
            samples
                .get(((samples.len() as f64 * p) as usize).min(samples.len().saturating_sub(1)))
                .copied()
                .unwrap_or(0)
        };
        Self { count: samples.len(), errors, elapsed, p50: pct(0.50), p90: pct(0.90), p99: pct(0.99) }
    }

    pub fn print(&self, label: &str) {
        let rate = self.count as f64 / self.elapsed.as_secs_f64();
        println!(
            "{label:<34} {:>8} ok {:>5} err {:>10.0} req/s   p50 {:>7.2} ms   p90 {:>7.2} ms   p99 {:>7.2} ms",
            self.count,
            self.errors,
            rate,
            self.p50 as f64 / 1000.0,
            self.p90 as f64 / 1000.0,
            self.p99 as f64 / 1000.0
        );
    }
}

/// Runs `op` from `concurrency` tasks for `seconds`, collecting per-call latency.
pub async fn load<F, Fut>(concurrency: usize, seconds: u64, op: F) -> Summary
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let op = Arc::new(op);
    let start = Instant::now();
    let deadline = start + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let op = op.clone();
        tasks.push(tokio::spawn(async move {
            let (mut ok, mut err) = (Vec::new(), 0usize);
            while Instant::now() < deadline {
                let t = Instant::now();
                if op().await { ok.push(t.elapsed().as_micros() as u64) } else { err += 1 }
            }
            (ok, err)
        }));
    }
    let (mut samples, mut errors) = (Vec::new(), 0);
    for t in tasks {
        if let Ok((ok, err)) = t.await {
            samples.extend(ok);
            errors += err;
        }
    }
    Summary::from(samples, errors, start.elapsed())
}

/// POSTs JSON to the API with the bench workspace's token; a non-2xx answer is an error carrying its body.
pub(crate) async fn post_json(
    http: &reqwest::Client,
    base: &str,
    token: &str,
    path: String,
    body: serde_json::Value,
) -> anyhow::Result<serde_json::Value> {
    let res = http.post(format!("{base}/api/v1{path}")).bearer_auth(token).json(&body).send().await?;
    let status = res.status();
    let body: serde_json::Value = res.json().await.unwrap_or(serde_json::Value::Null);
    anyhow::ensure!(status.is_success(), "{status}: {body}");
    Ok(body)
}

/// Signs up a fresh workspace on the server under test; answers its owner's token and the tenant id.
pub(crate) async fn bench_workspace(
    http: &reqwest::Client,
    base: &str,
    business: &str,
) -> anyhow::Result<(String, uuid::Uuid)> {
    let email = format!("bench-{}@example.com", uuid::Uuid::now_v7().simple());
    let res: serde_json::Value = http
        .post(format!("{base}/api/v1/auth/register"))
        .json(&serde_json::json!({ "businessName": business, "name": "Bench", "email": email, "password": "bench-pass-1" }))
        .send()
        .await
        .context("is `parley serve` running at --url?")?
        .error_for_status()?
        .json()
        .await?;
    let token = res["accessToken"].as_str().context("no access token")?.to_owned();
    let tenant = res["session"]["tenant"]["id"].as_str().context("no tenant")?.parse()?;
    Ok((token, tenant))
}

pub async fn api(services: Services, args: Args) -> anyhow::Result<()> {
    let http = reqwest::Client::builder().pool_max_idle_per_host(args.concurrency).build()?;
    let base = args.url.trim_end_matches('/').to_owned();
    let (token, tenant) = bench_workspace(&http, &base, "Bench Co").await?;
    println!(
        "parley bench api: {} concurrent clients, {} s per scenario, server {base}\n",
        args.concurrency, args.seconds
    );

    let (c, s) = (args.concurrency, args.seconds);
    let get = |path: &'static str| {
        let (http, base, token) = (http.clone(), base.clone(), token.clone());
        move || {
            let (http, url, token) = (http.clone(), format!("{base}{path}"), token.clone());
            async move { matches!(http.get(url).bearer_auth(token).send().await, Ok(r) if r.status().is_success()) }
        }
    };
    load(c, s, get("/healthz")).await.print("GET /healthz (no database)");
    load(c, s, get("/api/v1/auth/me")).await.print("GET /api/v1/auth/me");
    load(c, s, get("/api/v1/users")).await.print("GET /api/v1/users (tenant, RLS)");

    let db = services.core.db.clone();
    load(c, s, move || {
        let db = db.clone();
        async move {
            let Ok(tx) = db.tenant_tx(TenantId(tenant)).await else { return false };
            let ok = repo::team::members::page(&tx, None, PageReq::new(None, None)).await.is_ok();
            ok && tx.commit().await.is_ok()
        }
    })
    .await
    .print("floor: same query, store direct");
    Ok(())
}

/// `parley bench ingest`: signed WhatsApp webhooks (one text message each, from 1,000 customers) posted
/// to a running server. Prints the acknowledgement rate and latency, then how fast the messages were
/// stored (acknowledged until the processing queue is empty), then the same inserts done straight on
/// the store as the floor.
pub async fn ingest(services: Services, args: Args) -> anyhow::Result<()> {
    let http = reqwest::Client::builder().pool_max_idle_per_host(args.concurrency).build()?;
    let base = args.url.trim_end_matches('/').to_owned();
    let (token, tenant) = bench_workspace(&http, &base, "Ingest Bench").await?;
    let pnid = format!("9{}", &uuid::Uuid::now_v7().as_u128().to_string()[..14]);
    let secret = format!("bench-{}", uuid::Uuid::now_v7().simple());
    let conn: serde_json::Value = http
        .post(format!("{base}/api/v1/whatsapp/connections"))
        .bearer_auth(&token)
        .json(&serde_json::json!({ "kind": "cloud", "name": "Bench line", "phoneNumberId": pnid, "wabaId": "1",
                                    "accessToken": "EAAbench", "appSecret": secret }))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let url = format!("{base}/api/v1/webhooks/whatsapp/{}", conn["id"].as_str().context("no connection id")?);
    // Live delivery on: an agent's inbox is connected, so every stored message travels to a socket.
    let live = crate::bench_live::connect(&base, &token).await?;
    println!(
        "parley bench ingest: {} concurrent senders, {} s, server {base}, one inbox connected\n",
        args.concurrency, args.seconds
    );

    let seq = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let started = Instant::now();
    let (h, u, s, p, q) = (http.clone(), url.clone(), secret.clone(), pnid.clone(), seq.clone());
    let acks = load(args.concurrency, args.seconds, move || {
        let n = q.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let body = serde_json::to_vec(&webhook(&p, n)).unwrap_or_default();
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
    acks.print("webhook acknowledged (1 msg each)");
    let ack_done = started.elapsed();
    loop {
        if parley_services::channel::ingest::pending(&services.core.db).await? == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let stored_in = started.elapsed();
    let tx = services.core.db.tenant_tx(TenantId(tenant)).await?;
    let stored = repo::inbox::messages::count(&tx).await?;
    drop(tx);
    println!(
        "{:<34} {:>8} msgs in {:.2} s = {:>6.0} msg/s stored (queue empty {:.2} s after the last ack)",
        "stored (contact, conversation, msg)",
        stored,
        stored_in.as_secs_f64(),
        stored as f64 / stored_in.as_secs_f64(),
        (stored_in - ack_done).as_secs_f64()
    );
    // What the inbox heard, once the last events have had their way through the adapter.
    let mut heard = live.received();
    loop {
        tokio::time::sleep(Duration::from_millis(500)).await;
        let now = live.received();
        if now == heard {
            break;
        }
        heard = now;
    }
    println!("{:<34} {:>8} events at the connected inbox", "live delivery", heard);

    // The floor: the same rows written straight through the store, in the processors' batches and
    // concurrency, without HTTP, signatures, the raw-event table or JSON parsing.
    let db = services.core.db.clone();
    let conn_id: uuid::Uuid = conn["id"].as_str().context("id")?.parse()?;
    let (workers, batch) = (services.core.channel.cfg.ingest_workers, services.core.channel.cfg.ingest_batch as u64);
    let floor_seq = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let floor = load(workers, args.seconds, move || {
        let (db, n) = (db.clone(), floor_seq.fetch_add(batch, std::sync::atomic::Ordering::Relaxed));
        async move { store_batch(&db, TenantId(tenant), conn_id, n, batch).await.is_ok() }
    })
    .await;
    println!(
        "{:<34} {:>8} msgs in {:.2} s = {:>6.0} msg/s stored ({} writers, {} per transaction; p99 {:.1} ms per batch)",
        "floor: same writes, store direct",
        floor.count as u64 * batch,
        floor.elapsed.as_secs_f64(),
        (floor.count as u64 * batch) as f64 / floor.elapsed.as_secs_f64(),
        workers,
        batch,
        floor.p99 as f64 / 1000.0
    );
    Ok(())
}

pub(crate) fn webhook(pnid: &str, n: u64) -> serde_json::Value {
    let from = format!("1415{:07}", n % 1000);
    serde_json::json!({ "object": "whatsapp_business_account", "entry": [{ "id": "1", "changes": [{ "field": "messages", "value": {
        "messaging_product": "whatsapp",
        "metadata": { "display_phone_number": "15550100", "phone_number_id": pnid },
        "contacts": [{ "profile": { "name": format!("Customer {}", n % 1000) }, "wa_id": from }],
        "messages": [{ "from": from, "id": format!("wamid.bench.{n}.{}", uuid::Uuid::now_v7().simple()),
                       "timestamp": chrono::Utc::now().timestamp().to_string(), "type": "text",
                       "text": { "body": format!("message {n}") } }]
    }}]}]})
}

async fn store_batch(
    db: &parley_store::Db,
    tenant: TenantId,
    connection: uuid::Uuid,
    from: u64,
    n: u64,
) -> anyhow::Result<()> {
    let tx = db.tenant_tx(tenant).await?;
    let phone = |i: u64| format!("+1415{:07}", i % 1000 + 5000);
    let mut seen: Vec<_> = (from..from + n.min(1000))
        .map(|i| repo::crm::contacts::SeenContact {
            phone: Some(phone(i)),
            wa_user_id: None,
            profile_name: Some("Floor".into()),
        })
        .collect();
    seen.sort_by(|a, b| a.phone.cmp(&b.phone));
    seen.dedup_by(|a, b| a.phone == b.phone);
    let contacts = repo::crm::contacts::upsert_many(&tx, &seen).await?;
    let mut pairs: Vec<_> = contacts.iter().map(|c| (c.id, connection)).collect();
    pairs.sort_unstable();
    let convs = repo::inbox::conversations::ensure_many(&tx, &pairs).await?;
    let conv_of = |p: &str| {
        let c = contacts.iter().find(|c| c.phone.as_deref() == Some(p)).map(|c| c.id);
        convs.iter().find(|v| Some(v.contact_id) == c).map(|v| v.id)
    };
    let now = chrono::Utc::now();
    let rows: Vec<_> = (from..from + n)
        .filter_map(|i| {
            Some(repo::inbox::messages::IncomingMessage {
                id: uuid::Uuid::now_v7(),
                conversation_id: conv_of(&phone(i))?,
                connection_id: connection,
                direction: "inbound".into(),
                wa_message_id: format!("wamid.floor.{i}.{}", uuid::Uuid::now_v7().simple()),
                kind: "text".into(),
                content: serde_json::json!({ "text": "floor" }),
                raw: serde_json::json!({}),
                status: "received".into(),
                reply_to_wa_id: None,
                created_at: now,
            })
        })
        .collect();
    repo::inbox::messages::insert_many(&tx, &rows).await?;
    let activity: Vec<_> = convs
        .iter()
        .map(|v| repo::inbox::conversations::Activity {
            id: v.id,
            inbound: 1,
            last_inbound_at: Some(now),
            last_at: now,
            preview: "floor".into(),
        })
        .collect();
    repo::inbox::conversations::record_activity(&tx, &activity).await?;
    tx.commit().await?;
    Ok(())
}
