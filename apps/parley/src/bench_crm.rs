//! `parley bench crm`: the CRM's contact lists, counts, segments and search at 100,000 contacts through a
//! running server, next to the same queries made directly in a tenant transaction (the floor); then a
//! 100,000-row CSV import and export end to end, and the plans PostgreSQL picks. Prints figures; asserts
//! nothing.

use crate::bench::{Summary, st};
use anyhow::Context;
use parley_domain::TenantId;
use parley_services::Services;
use parley_services::crm::criteria;
use parley_services::crm::dto::Criteria;
use parley_services::crm::fields::{FieldDef, FieldKind};
use parley_store::repo::crm::filter::{Cond, Filter};
use parley_store::repo::crm::selection::{self, Order, SortCol};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};
use std::future::Future;
use std::time::{Duration, Instant};

pub struct Args {
    pub url: String,
    /// The owner connection (`DATABASE_URL`), for ANALYZE after the bulk load.
    pub owner_url: String,
    pub contacts: u64,
    pub requests: usize,
    pub warmup: usize,
    pub pid: Option<u32>,
}

const PLANS: [&str; 4] = ["Free", "Starter", "Pro", "Enterprise"];
const SEARCH: &str = "olive";
/// One contact in a thousand has this surname: a search the trigram index should serve.
const RARE: &str = "zurbar";

/// `n` sequential calls after `warmup` unmeasured ones; a failed call counts as an error, not a sample.
async fn sequential<F, Fut>(warmup: usize, n: usize, mut op: F) -> Summary
where
    F: FnMut() -> Fut,
    Fut: Future<Output = anyhow::Result<()>>,
{
    for _ in 0..warmup {
        let _ = op().await;
    }
    let (mut samples, mut errors) = (Vec::with_capacity(n), 0);
    let start = Instant::now();
    for _ in 0..n {
        let t = Instant::now();
        match op().await {
            Ok(()) => samples.push(t.elapsed().as_micros() as u64),
            Err(e) => {
                if errors == 0 {
                    eprintln!("  first error: {e:#}");
                }
                errors += 1;
            }
        }
    }
    Summary::from(samples, errors, start.elapsed())
}

fn rss_kib(pid: Option<u32>) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{}/status", pid?)).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn field_defs() -> Vec<FieldDef> {
    vec![
        FieldDef {
            key: "plan".into(),
            label: "Plan".into(),
            kind: FieldKind::Select,
            required: false,
            options: PLANS.iter().map(|p| (*p).to_owned()).collect(),
        },
        FieldDef {
            key: "seats".into(),
            label: "Seats".into(),
            kind: FieldKind::Number,
            required: false,
            options: vec![],
        },
    ]
}

pub async fn crm(services: Services, args: Args) -> anyhow::Result<()> {
    let http = reqwest::Client::builder().build()?;
    let base = args.url.trim_end_matches('/').to_owned();
    let (token, tenant) = crate::bench::bench_workspace(&http, &base, "CRM Bench").await?;
    let tenant = TenantId(tenant);
    let db = services.core.db.clone();
    println!(
        "parley bench crm: {} contacts, {} sequential requests per scenario after {} warm-ups, server {base}\n",
        args.contacts, args.requests, args.warmup
    );

    // ---- the workspace: two fields, a label, a segment ----
    let post = |path: &str, body: Value| crate::bench::post_json(&http, &base, &token, path.to_owned(), body);
    post("/contact-fields", json!({ "key": "plan", "label": "Plan", "kind": "select", "options": PLANS })).await?;
    post("/contact-fields", json!({ "key": "seats", "label": "Seats", "kind": "number" })).await?;
    let label = post("/labels", json!({ "name": "Hot lead", "color": "#b91c1c" })).await?;
    let label_id: uuid::Uuid = label["id"].as_str().context("label id")?.parse()?;
    let filtered: Criteria = serde_json::from_value(json!({ "op": "and", "conditions": [
        { "field": "label", "operator": "has", "value": label_id },
        { "field": "field.plan", "operator": "equals", "value": "Pro" },
        { "field": "field.seats", "operator": "gt", "value": 100 },
    ]}))?;
    let segment_criteria: Criteria = serde_json::from_value(json!({ "op": "and", "conditions": [
        { "field": "field.plan", "operator": "in", "value": ["Pro", "Enterprise"] },
        { "field": "consent", "operator": "equals", "value": "opted_in" },
    ]}))?;
    let segment = post(
        "/contacts/segments",
        json!({ "name": "Paying, opted in", "criteria": serde_json::to_value(&segment_criteria)? }),
    )
    .await?;
    let segment_id = segment["id"].as_str().context("segment id")?.to_owned();

    // ---- 100,000 contacts, set-based ----
    let started = Instant::now();
    let tx = db.tenant_tx(tenant).await?;
    tx.tx
        .execute_raw(st(
            "insert into contacts (id, tenant_id, phone, name, email, company, attributes, consent_status,
                consent_source, consent_at, created_at, updated_at)
             select parley_uuid_v7(), $1, '+1555' || lpad(g::text, 7, '0'),
                (array['Ana','Omar','Emma','Lucas','Chloé','Diego','Fatima','Oliver','Inês','Youssef'])[1 + g % 10]
                  || ' ' ||
                case when g % 1000 = 0 then 'Zurbarán' else
                (array['Silva','Haddad','Smith','Souza','Martin','García','Nasser','Oliveira','Brown','Costa',
                       'Lefèvre','Khalil'])[1 + (g / 10) % 12] end,
                case when g % 3 = 0 then 'customer' || g || '@example.com' end,
                case when g % 5 = 0 then 'Company ' || (g % 997) end,
                jsonb_build_object('plan', (array['Free','Starter','Pro','Enterprise'])[1 + (g / 7) % 4],
                                   'seats', (g * 37) % 250),
                case when g % 10 = 0 then 'opted_out' when g % 10 < 8 then 'opted_in' else 'unknown' end,
                case when g % 10 < 8 then 'import' end, case when g % 10 < 8 then now() end,
                now() - make_interval(secs => g * 60), now() - make_interval(secs => g * 60)
             from generate_series(1, $2::int) g",
            vec![tenant.0.into(), (args.contacts as i64).into()],
        ))
        .await?;
    // One in ten carries the label.
    tx.tx
        .execute_raw(st(
            "insert into contact_labels (tenant_id, contact_id, label_id)
             select $1, id, $2 from contacts where right(phone, 1) = '7'",
            vec![tenant.0.into(), label_id.into()],
        ))
        .await?;
    tx.commit().await?;
    let generated = started.elapsed();
    // The planner needs statistics for the new rows, and an autovacuum of them must not land mid-measurement.
    let owner = sea_orm::Database::connect(&args.owner_url).await?;
    owner.execute_unprepared("vacuum (analyze) contacts, contact_labels").await?;
    println!(
        "{:<34} {:>8} contacts in {:.2} s (one insert ... select from generate_series; +{:.2} s VACUUM ANALYZE)\n",
        "generated (SQL, set-based)",
        args.contacts,
        generated.as_secs_f64(),
        (started.elapsed() - generated).as_secs_f64()
    );

    // ---- reads: HTTP next to the floor ----
    let (n, w) = (args.requests, args.warmup);
    let enc = |c: &Criteria| -> anyhow::Result<String> {
        Ok(url::form_urlencoded::byte_serialize(serde_json::to_string(c)?.as_bytes()).collect())
    };
    let filtered_q = enc(&filtered)?;
    let get = |path: String| {
        let req = http.get(format!("{base}/api/v1{path}")).bearer_auth(&token);
        async move {
            let res = req.send().await?;
            let status = res.status();
            let _ = res.bytes().await?;
            anyhow::ensure!(status.is_success(), "{status}");
            Ok(())
        }
    };
    let defs = field_defs();
    let now = chrono::Utc::now();
    let filtered_f = criteria::parse(&filtered, &defs, now)?;
    let segment_f = criteria::parse(&segment_criteria, &defs, now)?;
    let search_f = Filter::Cond(Cond::Search(SEARCH.into()));
    let newest = Order { col: SortCol::CreatedAt, desc: true };
    let floor_page = |f: Filter| {
        let db = db.clone();
        move || {
            let (db, f) = (db.clone(), f.clone());
            async move {
                let tx = db.tenant_tx(tenant).await?;
                selection::page(&tx, &f, newest, None, 50).await?;
                tx.commit().await?;
                Ok(())
            }
        }
    };
    let floor_count = |f: Filter| {
        let db = db.clone();
        move || {
            let (db, f) = (db.clone(), f.clone());
            async move {
                let tx = db.tenant_tx(tenant).await?;
                selection::count_matching(&tx, &f).await?;
                tx.commit().await?;
                Ok(())
            }
        }
    };
    let mut rows = Vec::new();
    let list = sequential(w, n, || get("/contacts?limit=50".into())).await;
    list.print("GET /contacts?limit=50");
    let list_floor = sequential(w, n, floor_page(Filter::All(vec![]))).await;
    list_floor.print("  floor: selection::page");
    rows.push(("list, first page", list, list_floor));
    let page = sequential(w, n, || get(format!("/contacts?limit=50&criteria={filtered_q}"))).await;
    page.print("GET /contacts?criteria (filtered)");
    let page_floor = sequential(w, n, floor_page(filtered_f.clone())).await;
    page_floor.print("  floor: selection::page");
    rows.push(("filtered page", page, page_floor));
    let count = sequential(w, n, || get(format!("/contacts/count?criteria={filtered_q}"))).await;
    count.print("GET /contacts/count?criteria");
    let count_floor = sequential(w, n, floor_count(filtered_f.clone())).await;
    count_floor.print("  floor: count_matching");
    rows.push(("count, filtered", count, count_floor));
    let seg = sequential(w, n, || get(format!("/contacts/segments/{segment_id}/count"))).await;
    seg.print("GET /contacts/segments/{id}/count");
    let seg_floor = sequential(w, n, floor_count(segment_f.clone())).await;
    seg_floor.print("  floor: count_matching");
    rows.push(("segment count", seg, seg_floor));
    let search = sequential(w, n, || get(format!("/contacts?limit=50&q={SEARCH}"))).await;
    search.print("GET /contacts?q= (search)");
    let search_floor = sequential(w, n, floor_page(search_f.clone())).await;
    search_floor.print("  floor: selection::page");
    rows.push(("search, common", search, search_floor));
    let rare_f = Filter::Cond(Cond::Search(RARE.into()));
    let rare = sequential(w, n, || get(format!("/contacts?limit=50&q={RARE}"))).await;
    rare.print("GET /contacts?q= (rare)");
    let rare_floor = sequential(w, n, floor_page(rare_f.clone())).await;
    rare_floor.print("  floor: selection::page");
    rows.push(("search, rare", rare, rare_floor));
    let matched = {
        let tx = db.tenant_tx(tenant).await?;
        let m = (
            selection::count_matching(&tx, &filtered_f).await?,
            selection::count_matching(&tx, &segment_f).await?,
            selection::count_matching(&tx, &search_f).await?,
            selection::count_matching(&tx, &rare_f).await?,
        );
        tx.commit().await?;
        m
    };
    println!(
        "\n  matches: filtered {} · segment {} · search {:?} {} · search {:?} {} (of {})\n",
        matched.0, matched.1, SEARCH, matched.2, RARE, matched.3, args.contacts
    );

    // ---- plans ----
    // The statements the endpoints run, as the store builds them.
    let page_sql = |f: &Filter| selection::page_sql(f, newest, None, 50);
    let count_sql = |f: &Filter| selection::count_sql(f);
    for (label, (sql, values)) in [
        ("list, first page", page_sql(&Filter::All(vec![]))),
        ("filtered page", page_sql(&filtered_f)),
        ("count, filtered", count_sql(&filtered_f)),
        ("segment count", count_sql(&segment_f)),
        ("search, common", page_sql(&search_f)),
        ("search, rare", page_sql(&rare_f)),
    ] {
        let tx = db.tenant_tx(tenant).await?;
        let row = tx
            .tx
            .query_one_raw(st(&format!("explain (analyze, buffers, format json) {sql}"), values))
            .await?
            .context("no plan")?;
        tx.commit().await?;
        let plan: Value = row.try_get_by_index::<serde_json::Value>(0)?;
        let top = &plan[0]["Plan"];
        let mut indexes = Vec::new();
        walk(top, &mut indexes);
        indexes.dedup();
        println!(
            "EXPLAIN {label:<18} top: {:<22} {:>8.2} ms  nodes/indexes: {}",
            top["Node Type"].as_str().unwrap_or("?"),
            plan[0]["Execution Time"].as_f64().unwrap_or(0.0),
            indexes.join(", ")
        );
    }
    println!();

    // ---- export ----
    let total = {
        let tx = db.tenant_tx(tenant).await?;
        let n = selection::count_matching(&tx, &Filter::All(vec![])).await?;
        tx.commit().await?;
        n
    };
    let before = rss_kib(args.pid);
    let sampling = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let sampler = {
        let (pid, on) = (args.pid, sampling.clone());
        tokio::spawn(async move {
            let mut peak = 0;
            while on.load(std::sync::atomic::Ordering::Relaxed) {
                peak = peak.max(rss_kib(pid).unwrap_or(0));
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            peak
        })
    };
    let started = Instant::now();
    let mut res = http.get(format!("{base}/api/v1/contacts/export")).bearer_auth(&token).send().await?;
    anyhow::ensure!(res.status().is_success(), "export: {}", res.status());
    let first = started.elapsed();
    let (mut bytes, mut lines) = (0usize, 0usize);
    while let Some(chunk) = res.chunk().await? {
        bytes += chunk.len();
        lines += chunk.iter().filter(|b| **b == b'\n').count();
    }
    let took = started.elapsed();
    sampling.store(false, std::sync::atomic::Ordering::Relaxed);
    let peak = sampler.await.unwrap_or(0);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let after = rss_kib(args.pid);
    println!(
        "{:<34} {} rows ({} contacts), {:.1} MB in {:.2} s = {:.1} MB/s (first byte {:.0} ms)",
        "export via HTTP (streamed)",
        lines.saturating_sub(1),
        total,
        bytes as f64 / 1e6,
        took.as_secs_f64(),
        bytes as f64 / 1e6 / took.as_secs_f64(),
        first.as_secs_f64() * 1000.0
    );
    match (before, after) {
        (Some(b), Some(a)) => println!(
            "{:<34} before {:.0} MB, peak during {:.0} MB, after {:.0} MB",
            "  server RSS (VmRSS)",
            b as f64 / 1024.0,
            peak as f64 / 1024.0,
            a as f64 / 1024.0
        ),
        _ => println!("  server RSS: pass --pid <server pid> to read it"),
    }
    let started = Instant::now();
    let tx = db.tenant_tx(tenant).await?;
    let (mut after, mut read) = (None, 0usize);
    loop {
        let batch = selection::batch_after(&tx, &Filter::All(vec![]), after, 2_000).await?;
        let Some(last) = batch.last() else { break };
        after = Some(last.id);
        read += batch.len();
        if batch.len() < 2_000 {
            break;
        }
    }
    tx.commit().await?;
    println!(
        "{:<34} {read} rows in {:.2} s (selection::batch_after in the export's 2,000-row batches, no CSV)",
        "  floor: same rows read in SQL",
        started.elapsed().as_secs_f64()
    );

    // ---- import ----
    let rows_n = args.contacts as usize;
    let mut csv = String::from("phone,name,email,plan,seats\n");
    let mut bad = 0;
    for i in 0..rows_n {
        // A few rows a person would get wrong: a short phone, a word for a number, an unknown plan.
        let (phone, seats, plan) = match i % 10_000 {
            17 => ("12".to_owned(), "3".to_owned(), "Pro"),
            4_242 => (format!("+1666{i:07}"), "many".to_owned(), "Pro"),
            9_001 => (format!("+1666{i:07}"), "4".to_owned(), "Gold"),
            _ => (format!("+1666{i:07}"), ((i * 13) % 300).to_string(), PLANS[i % 4]),
        };
        if matches!(i % 10_000, 17 | 4_242 | 9_001) {
            bad += 1;
        }
        csv.push_str(&format!("{phone},Imported Person {i},imported{i}@example.com,{plan},{seats}\n"));
    }
    let bytes = csv.into_bytes();
    let size = bytes.len();
    let started = Instant::now();
    let part = reqwest::multipart::Part::bytes(bytes).file_name("bench.csv").mime_str("text/csv")?;
    let res = http
        .post(format!("{base}/api/v1/contacts/import"))
        .bearer_auth(&token)
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await?;
    let status = res.status();
    let draft: Value = res.json().await?;
    anyhow::ensure!(status.is_success(), "upload: {status} {draft}");
    let uploaded = started.elapsed();
    let import_id = draft["id"].as_str().context("import id")?.to_owned();
    post(
        &format!("/contacts/imports/{import_id}/start"),
        json!({ "mapping": { "phone": "phone", "name": "name", "email": "email", "plan": "field.plan", "seats": "field.seats" },
                "defaultCountry": null, "duplicates": "skip", "labelIds": [],
                "consent": { "status": "opted_in", "basis": "bench" } }),
    )
    .await?;
    let done = loop {
        let res: Value = http
            .get(format!("{base}/api/v1/contacts/imports/{import_id}"))
            .bearer_auth(&token)
            .send()
            .await?
            .json()
            .await?;
        if matches!(res["status"].as_str(), Some("done" | "failed")) {
            break res;
        }
        anyhow::ensure!(started.elapsed() < Duration::from_secs(600), "import still running after 10 minutes");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let took = started.elapsed();
    println!(
        "{:<34} {} rows ({:.1} MB, {bad} bad) in {:.2} s = {:>6.0} rows/s (upload {:.2} s); status {}, created {}, \
         updated {}, skipped {}, failed {}",
        "import via HTTP (upload to done)",
        rows_n,
        size as f64 / 1e6,
        took.as_secs_f64(),
        rows_n as f64 / took.as_secs_f64(),
        uploaded.as_secs_f64(),
        done["status"],
        done["created"],
        done["updated"],
        done["skipped"],
        done["failed"]
    );
    // The floor: the same rows (other numbers) in one insert from arrays, no CSV, validation or batching.
    let (mut phones, mut names, mut emails, mut attrs) = (vec![], vec![], vec![], vec![]);
    for i in 0..rows_n {
        phones.push(format!("+1777{i:07}"));
        names.push(format!("Imported Person {i}"));
        emails.push(format!("imported{i}@example.com"));
        attrs.push(json!({ "plan": PLANS[i % 4], "seats": (i * 13) % 300 }).to_string());
    }
    let started = Instant::now();
    let tx = db.tenant_tx(tenant).await?;
    let res = tx
        .tx
        .execute_raw(st(
            "insert into contacts (id, tenant_id, phone, name, email, attributes, consent_status, consent_source,
                consent_at)
             select parley_uuid_v7(), $1, p, n, e, a::jsonb, 'opted_in', 'import', now()
             from unnest($2::text[], $3::text[], $4::text[], $5::text[]) as r(p, n, e, a)
             on conflict (tenant_id, phone) where phone is not null do nothing",
            vec![tenant.0.into(), phones.into(), names.into(), emails.into(), attrs.into()],
        ))
        .await?;
    tx.commit().await?;
    let floor = started.elapsed();
    println!(
        "{:<34} {} rows in {:.2} s = {:>6.0} rows/s (one insert ... select from unnest)\n",
        "  floor: insert from unnest",
        res.rows_affected(),
        floor.as_secs_f64(),
        res.rows_affected() as f64 / floor.as_secs_f64()
    );

    println!("\nsummary (p99 through HTTP, floor p99):");
    for (label, http, floor) in &rows {
        println!("  {label:<18} {:>8.2} ms   floor {:>8.2} ms", http.p99 as f64 / 1000.0, floor.p99 as f64 / 1000.0);
    }
    Ok(())
}

/// Node types and index names, depth first.
fn walk(node: &Value, out: &mut Vec<String>) {
    let kind = node["Node Type"].as_str().unwrap_or("?");
    match node["Index Name"].as_str() {
        Some(ix) => out.push(format!("{kind} on {ix}")),
        None => out.push(kind.to_owned()),
    }
    for child in node["Plans"].as_array().into_iter().flatten() {
        walk(child, out);
    }
}
