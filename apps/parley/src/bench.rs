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
    fn from(mut samples: Vec<u64>, errors: usize, elapsed: Duration) -> Self {
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

pub async fn api(services: Services, args: Args) -> anyhow::Result<()> {
    let http = reqwest::Client::builder().pool_max_idle_per_host(args.concurrency).build()?;
    let base = args.url.trim_end_matches('/').to_owned();
    let email = format!("bench-{}@example.com", uuid::Uuid::now_v7().simple());
    let res: serde_json::Value = http
        .post(format!("{base}/api/v1/auth/register"))
        .json(&serde_json::json!({ "businessName": "Bench Co", "name": "Bench", "email": email, "password": "bench-pass-1" }))
        .send()
        .await
        .context("is `parley serve` running at --url?")?
        .error_for_status()?
        .json()
        .await?;
    let token = res["accessToken"].as_str().context("no access token")?.to_owned();
    let tenant: uuid::Uuid = res["session"]["tenant"]["id"].as_str().context("no tenant")?.parse()?;
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
            let ok = repo::members::page(&tx, None, PageReq::new(None, None)).await.is_ok();
            ok && tx.commit().await.is_ok()
        }
    })
    .await
    .print("floor: same query, store direct");
    Ok(())
}
