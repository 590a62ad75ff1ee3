//! The health report: one function (`HealthService::report`) behind `parley doctor` and the platform admin's System
//! page. Each named check measures something real (a round trip, a probe object written and read back, an SMTP
//! greeting, an authenticated Stripe call) and answers `ok`, `warn` or `fail` with the value it saw and, when not
//! ok, what to do. Checks run concurrently, each under its own time limit, so one hung dependency costs one
//! check, not the report.

use crate::Core;
use crate::mail::MailTransport;
use chrono::{DateTime, Utc};
use parley_store::repo::operations::health as repo;
use serde::Serialize;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};
use utoipa::ToSchema;

/// A check that takes longer than this fails ("timed out"): the report answers within a few seconds whatever hangs.
const CHECK_TIMEOUT: Duration = Duration::from_secs(8);
/// Database round trips slower than this are worth a look.
const DB_SLOW_MS: u128 = 100;
/// PostgreSQL older than 13 is not supported (docs/install.md).
const PG_MIN_VERSION_NUM: i32 = 130_000;
/// Clock skew against the database worth a warning (tokens, schedules and the 24-hour window use both clocks).
const CLOCK_WARN_MS: i64 = 2_000;
const CLOCK_FAIL_MS: i64 = 60_000;
/// Free space (percent of the filesystem) below which the disk check warns, and fails.
const DISK_WARN_PCT: f64 = 10.0;
const DISK_FAIL_PCT: f64 = 2.0;
/// A due job waiting longer than this means the workers are behind (warn) or not running (fail).
const QUEUE_WARN_SECS: i64 = 5 * 60;
const QUEUE_FAIL_SECS: i64 = 30 * 60;
/// Redis memory use (of `maxmemory`) worth a warning.
const REDIS_MEMORY_WARN_PCT: f64 = 90.0;

#[derive(Debug, Clone, Copy, Serialize, ToSchema, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum CheckStatus {
    Ok,
    Warn,
    Fail,
}

impl CheckStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Warn => "warn",
            Self::Fail => "fail",
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SystemCheck {
    /// `database`, `migrations`, `redis`, `smtp`, `storage`, `whatsapp`, `stripe`, `disk`, `queues`, `clock`,
    /// `version` or `build`.
    pub name: String,
    pub status: CheckStatus,
    /// What was measured, e.g. `PostgreSQL 15.8, 2 ms`.
    pub value: String,
    /// What to do about a `warn` or `fail`.
    pub hint: Option<String>,
    /// How long the check took.
    pub duration_ms: u64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct HealthReport {
    /// The worst status of the checks.
    pub status: CheckStatus,
    pub checked_at: DateTime<Utc>,
    pub version: String,
    pub checks: Vec<SystemCheck>,
}

/// What the running binary is: its version and, when the build knew it, the commit and profile.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BuildInfo {
    pub version: String,
    pub commit: Option<String>,
    /// `release` or `debug`.
    pub profile: String,
}

impl Default for BuildInfo {
    fn default() -> Self {
        Self {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            commit: None,
            profile: if cfg!(debug_assertions) { "debug" } else { "release" }.to_owned(),
        }
    }
}

/// A check's outcome before it is named and timed.
struct Outcome {
    status: CheckStatus,
    value: String,
    hint: Option<String>,
}

fn ok(value: impl Into<String>) -> Outcome {
    Outcome { status: CheckStatus::Ok, value: value.into(), hint: None }
}

fn warn(value: impl Into<String>, hint: impl Into<String>) -> Outcome {
    Outcome { status: CheckStatus::Warn, value: value.into(), hint: Some(hint.into()) }
}

fn fail(value: impl Into<String>, hint: impl Into<String>) -> Outcome {
    Outcome { status: CheckStatus::Fail, value: value.into(), hint: Some(hint.into()) }
}

async fn timed(name: &str, hint: &str, check: impl Future<Output = Outcome>) -> SystemCheck {
    let started = Instant::now();
    let o = tokio::time::timeout(CHECK_TIMEOUT, check)
        .await
        .unwrap_or_else(|_| fail(format!("no answer within {} s", CHECK_TIMEOUT.as_secs()), hint));
    SystemCheck {
        name: name.to_owned(),
        status: o.status,
        value: o.value,
        hint: o.hint,
        duration_ms: started.elapsed().as_millis() as u64,
    }
}

#[derive(Clone)]
pub struct HealthService(pub Arc<Core>);

impl HealthService {
    /// Runs every check and answers the report; never fails itself (a broken dependency is a failed check).
    pub async fn report(&self) -> HealthReport {
        let build = self.0.operations.build();
        let c = &self.0;
        let (database, migrations, redis, smtp, storage, whatsapp, stripe, disk, queues, clock) = tokio::join!(
            timed("database", "Is PostgreSQL running and reachable at database.url?", database(c)),
            timed("migrations", "Run `parley migrate`.", migrations(c)),
            timed("redis", "Is Redis running and reachable at redis.url?", redis_check(c)),
            timed("smtp", "Check mail.smtp_url, the credentials and the firewall.", smtp(c)),
            timed("storage", "Check media.local_dir's permissions, or the S3 bucket and credentials.", storage(c)),
            timed("whatsapp", "Is PostgreSQL reachable?", whatsapp(c)),
            timed("stripe", "Check billing.stripe_secret_key and that api.stripe.com is reachable.", stripe(c)),
            timed("disk", "Check that the data directory exists.", disk(c)),
            timed("queues", "Is PostgreSQL reachable?", queues(c)),
            timed("clock", "Synchronise this server's clock (chrony or systemd-timesyncd).", clock(c)),
        );
        let version = SystemCheck {
            name: "version".into(),
            status: CheckStatus::Ok,
            value: format!("Parley {}", build.version),
            hint: None,
            duration_ms: 0,
        };
        let build_check = SystemCheck {
            name: "build".into(),
            status: CheckStatus::Ok,
            value: match &build.commit {
                Some(commit) => format!("{} build of {commit}", build.profile),
                None => format!("{} build", build.profile),
            },
            hint: None,
            duration_ms: 0,
        };
        let checks = vec![
            database,
            migrations,
            redis,
            smtp,
            storage,
            whatsapp,
            stripe,
            disk,
            queues,
            clock,
            version,
            build_check,
        ];
        HealthReport {
            status: checks.iter().map(|c| c.status).max().unwrap_or(CheckStatus::Ok),
            checked_at: Utc::now(),
            version: build.version,
            checks,
        }
    }
}

async fn database(c: &Core) -> Outcome {
    let started = Instant::now();
    if let Err(e) = c.db.ping().await {
        return fail(format!("unreachable: {e}"), "Is PostgreSQL running and reachable at database.url?");
    }
    let ms = started.elapsed().as_millis();
    match repo::database_facts(&c.db).await {
        Ok(Some(f)) if f.version_num < PG_MIN_VERSION_NUM => fail(
            format!("PostgreSQL {}, {ms} ms", f.version),
            "PostgreSQL 13 or newer is required: upgrade the server.",
        ),
        Ok(Some(f)) if ms > DB_SLOW_MS => warn(
            format!("PostgreSQL {}, {ms} ms", f.version),
            "The database answers slowly: check its load and the network between this server and it.",
        ),
        Ok(Some(f)) => ok(format!("PostgreSQL {}, {ms} ms", f.version)),
        Ok(None) => fail("no answer to a query", "Is PostgreSQL reachable?"),
        Err(e) => fail(format!("query failed: {e}"), "Check the parley_system role's access (run `parley migrate`)."),
    }
}

async fn migrations(c: &Core) -> Outcome {
    let known = repo::known_migrations();
    let applied = match repo::applied_migrations(&c.db).await {
        Ok(a) => a,
        Err(e) => {
            tracing::warn!(error = %e, "applied migrations not readable");
            return fail(
                "cannot read the applied migrations (the database predates this version)",
                "Run `parley migrate` (take a backup first: `parley migrate` does unless --no-backup).",
            );
        }
    };
    let pending: Vec<&String> = known.iter().filter(|m| !applied.contains(*m)).collect();
    let unknown: Vec<&String> = applied.iter().filter(|m| !known.contains(*m)).collect();
    if !pending.is_empty() {
        let names: Vec<&str> = pending.iter().map(|s| s.as_str()).collect();
        return fail(
            format!("{} of {} pending: {}", pending.len(), known.len(), names.join(", ")),
            "Run `parley migrate` (it takes a backup first), then restart every node.",
        );
    }
    if !unknown.is_empty() {
        let names: Vec<&str> = unknown.iter().map(|s| s.as_str()).collect();
        return warn(
            format!("{} applied, {} unknown to this binary: {}", applied.len(), unknown.len(), names.join(", ")),
            "A newer Parley migrated this database: run that version (docs/upgrade.md, \"Rollback\").",
        );
    }
    ok(format!("{} applied, none pending", applied.len()))
}

/// A field of Redis's `INFO` text (`key:value` lines).
fn info_field<'a>(info: &'a str, key: &str) -> Option<&'a str> {
    info.lines().find_map(|l| l.strip_prefix(key).and_then(|r| r.strip_prefix(':'))).map(str::trim)
}

async fn redis_check(c: &Core) -> Outcome {
    let mut conn = c.redis.clone();
    let started = Instant::now();
    let info: redis::RedisResult<String> = redis::cmd("INFO").arg("server").arg("memory").query_async(&mut conn).await;
    let ms = started.elapsed().as_millis();
    let info = match info {
        Ok(i) => i,
        Err(e) => return fail(format!("unreachable: {e}"), "Is Redis running and reachable at redis.url?"),
    };
    let version = info_field(&info, "redis_version").unwrap_or("?");
    let used = info_field(&info, "used_memory_human").unwrap_or("?");
    let used_bytes: f64 = info_field(&info, "used_memory").and_then(|v| v.parse().ok()).unwrap_or(0.0);
    let max_bytes: f64 = info_field(&info, "maxmemory").and_then(|v| v.parse().ok()).unwrap_or(0.0);
    let value = format!("Redis {version}, {used} used, {ms} ms");
    if version.split('.').next().and_then(|m| m.parse::<u32>().ok()).is_some_and(|m| m < 7) {
        return fail(value, "Redis 7 or newer is required (real time needs RESP3).");
    }
    if max_bytes > 0.0 && used_bytes / max_bytes * 100.0 > REDIS_MEMORY_WARN_PCT {
        return warn(
            format!("{value}, {:.0}% of maxmemory", used_bytes / max_bytes * 100.0),
            "Redis is close to its memory limit: raise maxmemory.",
        );
    }
    ok(value)
}

async fn smtp(c: &Core) -> Outcome {
    match &c.mail_transport {
        MailTransport::Smtp(mailer) => match mailer.test_connection().await {
            Ok(()) => ok(format!("server answers, sending as {}", mailer.from())),
            Err(e) => fail(
                e.to_string(),
                "Check mail.smtp_url (host, port, smtp:// or smtps://), the credentials and the firewall.",
            ),
        },
        MailTransport::DevMailbox if c.cfg.demo => ok("dev mailbox (demo): mails are kept, not sent"),
        MailTransport::DevMailbox => warn(
            "no SMTP server configured: mails stay in the dev mailbox",
            "Set mail.smtp_url (and mail.from) so invitations and password resets reach people.",
        ),
    }
}

async fn storage(c: &Core) -> Outcome {
    let media = &c.channel.media;
    let backend = media.backend_name();
    let key = format!("health/probe-{}.txt", uuid::Uuid::now_v7().simple());
    let body = bytes::Bytes::from(format!("parley health probe {}", Utc::now().to_rfc3339()));
    let started = Instant::now();
    let hint = "Check media.local_dir's permissions, or the S3 bucket, endpoint and credentials.";
    if let Err(e) = media.put(&key, body.clone(), "text/plain").await {
        return fail(format!("{backend}: write failed: {e}"), hint);
    }
    let read = media.get(&key).await;
    let deleted = media.delete(&key).await;
    let ms = started.elapsed().as_millis();
    match (read, deleted) {
        (Ok((got, _)), Ok(())) if got == body => ok(format!("{backend}: wrote, read and deleted a probe in {ms} ms")),
        (Ok(_), Ok(())) => fail(format!("{backend}: the probe read back differs"), hint),
        (Err(e), _) => fail(format!("{backend}: read failed: {e}"), hint),
        (_, Err(e)) => warn(format!("{backend}: delete failed: {e}"), hint),
    }
}

async fn whatsapp(c: &Core) -> Outcome {
    match repo::number_states(&c.db).await {
        Ok(Some(n)) if n.total == 0 => ok("no numbers connected yet"),
        Ok(Some(n)) if n.token_failed > 0 => warn(
            format!(
                "{} of {} number(s) need a new token{}",
                n.token_failed,
                n.total,
                n.examples.map(|e| format!(": {e}")).unwrap_or_default()
            ),
            "Meta refused their access token: each workspace owner reconnects the number (WhatsApp numbers page).",
        ),
        Ok(Some(n)) if n.disconnected > 0 => warn(
            format!(
                "{} of {} number(s) disconnected{}",
                n.disconnected,
                n.total,
                n.examples.map(|e| format!(": {e}")).unwrap_or_default()
            ),
            "Their owners reconnect them (QR numbers: scan again).",
        ),
        Ok(Some(n)) => ok(format!("{} number(s), all connected", n.total)),
        Ok(None) => ok("no numbers connected yet"),
        Err(e) => fail(format!("query failed: {e}"), "Is PostgreSQL reachable?"),
    }
}

async fn stripe(c: &Core) -> Outcome {
    let Some(gateway) = &c.billing.gateway else {
        return ok("not configured: billing is manual");
    };
    let started = Instant::now();
    let sim = if c.cfg.demo { " (the demo's Stripe simulator)" } else { "" };
    match gateway.ping().await {
        Ok(()) => ok(format!("{} answers{sim}, {} ms", gateway.kind().as_str(), started.elapsed().as_millis())),
        Err(e) => fail(
            e.to_string(),
            "Check billing.stripe_secret_key (and billing.stripe_base_url if set) and that this server reaches Stripe.",
        ),
    }
}

/// Free and total bytes of the filesystem holding `path` (its nearest existing ancestor).
fn filesystem_space(path: &std::path::Path) -> std::io::Result<(u64, u64)> {
    let mut p = path.to_path_buf();
    while !p.exists() {
        if !p.pop() {
            p = std::path::PathBuf::from(".");
            break;
        }
    }
    if p.as_os_str().is_empty() {
        p = std::path::PathBuf::from(".");
    }
    let s = rustix::fs::statvfs(&p).map_err(std::io::Error::from)?;
    Ok((s.f_bavail.saturating_mul(s.f_frsize), s.f_blocks.saturating_mul(s.f_frsize)))
}

fn gib(bytes: u64) -> String {
    format!("{:.1} GiB", bytes as f64 / (1024.0 * 1024.0 * 1024.0))
}

async fn disk(c: &Core) -> Outcome {
    let dir = c.operations.data_dir.clone();
    let measured = tokio::task::spawn_blocking(move || filesystem_space(&dir)).await;
    let (free, total) = match measured {
        Ok(Ok(v)) => v,
        Ok(Err(e)) => return fail(format!("{}: {e}", c.operations.data_dir.display()), "Check the data directory."),
        Err(e) => return fail(format!("not measured: {e}"), "Check the data directory."),
    };
    let pct = if total == 0 { 100.0 } else { free as f64 / total as f64 * 100.0 };
    let value = format!("{} free of {} ({pct:.0}%) at {}", gib(free), gib(total), c.operations.data_dir.display());
    if pct < DISK_FAIL_PCT {
        fail(value, "The disk is almost full: free space or grow the volume now (uploads and backups will fail).")
    } else if pct < DISK_WARN_PCT {
        warn(value, "Less than 10% free: free space or grow the volume (old backups, logs).")
    } else {
        ok(value)
    }
}

async fn queues(c: &Core) -> Outcome {
    let rows = match repo::queue_backlog(&c.db).await {
        Ok(r) => r,
        Err(e) => return fail(format!("query failed: {e}"), "Is PostgreSQL reachable? (run `parley migrate`)"),
    };
    let waiting: i64 = rows.iter().map(|r| r.waiting).sum();
    let retrying: i64 = rows.iter().map(|r| r.retrying).sum();
    let dead: i64 = rows.iter().map(|r| r.dead).sum();
    let oldest = rows.iter().map(|r| r.oldest_wait_secs).max().unwrap_or(0);
    let busiest: Vec<String> = rows
        .iter()
        .filter(|r| r.waiting + r.retrying + r.dead > 0)
        .map(|r| {
            let short = r.queue.rsplit("::").next().unwrap_or(&r.queue);
            format!("{short} {}/{}/{}", r.waiting, r.retrying, r.dead)
        })
        .collect();
    let value = if busiest.is_empty() {
        "no jobs waiting".to_owned()
    } else {
        format!(
            "{waiting} waiting, {retrying} retrying, {dead} failed today; oldest waits {oldest} s ({})",
            busiest.join(", ")
        )
    };
    if oldest > QUEUE_FAIL_SECS {
        fail(value, "Jobs are not being picked up: is a `parley serve` or `parley worker` running?")
    } else if oldest > QUEUE_WARN_SECS {
        warn(value, "The workers are behind: run more `parley worker` nodes or check their logs.")
    } else if dead > 0 {
        warn(value, "Some jobs gave up today: the worker logs say why.")
    } else {
        ok(value)
    }
}

async fn clock(c: &Core) -> Outcome {
    // A first round trip warms a connection, so the measured one is not stretched by connecting.
    let _ = repo::database_facts(&c.db).await;
    let before = Utc::now();
    let facts = repo::database_facts(&c.db).await;
    let after = Utc::now();
    let Ok(Some(f)) = facts else { return fail("the database's clock is not readable", "Is PostgreSQL reachable?") };
    // The database read its clock somewhere between the two readings of ours: compare with the midpoint.
    let ours = before + (after - before) / 2;
    let skew = (f.now - ours).num_milliseconds();
    let value = format!("{skew:+} ms against the database");
    if skew.abs() > CLOCK_FAIL_MS {
        fail(value, "Synchronise the clocks (chrony or systemd-timesyncd) on this server and the database's.")
    } else if skew.abs() > CLOCK_WARN_MS {
        warn(value, "Synchronise the clocks (chrony or systemd-timesyncd) on this server and the database's.")
    } else {
        ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redis_info_fields_are_read_by_name() {
        let info = "# Server\r\nredis_version:7.0.15\r\nredis_mode:standalone\r\n# Memory\r\nused_memory:1048576\r\nused_memory_human:1.00M\r\nmaxmemory:0\r\n";
        assert_eq!(info_field(info, "redis_version"), Some("7.0.15"));
        assert_eq!(info_field(info, "used_memory"), Some("1048576"));
        assert_eq!(info_field(info, "used_memory_human"), Some("1.00M"));
        assert_eq!(info_field(info, "redis_port"), None);
    }

    #[test]
    fn the_disk_of_a_missing_directory_is_its_nearest_existing_parent() {
        let (free, total) = filesystem_space(std::path::Path::new("/tmp/parley-no-such-dir/a/b")).expect("space");
        assert!(total > 0 && free <= total);
    }
}
