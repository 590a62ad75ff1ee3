//! The live checks of steps 1 to 8: each answers what it found and, when it failed, what to do about it. Nothing
//! here changes the machine except the probes it cleans up (a file in the data directory, a test object, a mail).

use crate::answers::Answers;
use sea_orm::{ConnectionTrait, Database, DbBackend, Statement};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Ok,
    Warn,
    Fail,
}

/// One named check: what it found (`detail`) and, unless it passed, how to fix it.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub name: String,
    pub status: Status,
    pub detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

impl Check {
    pub fn ok(name: &str, detail: impl Into<String>) -> Self {
        Self { name: name.into(), status: Status::Ok, detail: detail.into(), fix: None }
    }
    pub fn warn(name: &str, detail: impl Into<String>, fix: impl Into<String>) -> Self {
        Self { name: name.into(), status: Status::Warn, detail: detail.into(), fix: Some(fix.into()) }
    }
    pub fn fail(name: &str, detail: impl Into<String>, fix: impl Into<String>) -> Self {
        Self { name: name.into(), status: Status::Fail, detail: detail.into(), fix: Some(fix.into()) }
    }
}

pub fn passed(checks: &[Check]) -> bool {
    checks.iter().all(|c| c.status != Status::Fail)
}

// ---------------------------------------------------------------------------------------------------------------
// Step 1: the machine.

/// `parley_running`: Parley already answers on its port (a rerun after an install), which then is not "taken".
pub async fn requirements(a: &Answers, own_port: u16, parley_running: bool) -> Vec<Check> {
    let mut out = vec![os(), cpu(), memory(), disk(Path::new(&a.server.data_dir))];
    if parley_running {
        out.push(Check::ok(
            "Free port",
            format!("{}:{} is Parley's own (already running)", a.server.host, a.server.port),
        ));
    } else {
        out.push(port(&a.server.host, a.server.port, own_port));
    }
    out.push(clock().await);
    out.push(postgres_reachable(a).await);
    out.push(redis_check(&a.redis.url).await);
    out.push(data_dir_writable(Path::new(&a.server.data_dir)));
    if !Path::new(&a.server.web_dist).join("index.html").is_file() {
        out.push(Check::warn(
            "Web app",
            format!("{} has no index.html", a.server.web_dist),
            "Unpack the release's web/ folder there (or give where it is); without it Parley serves the API only.",
        ));
    } else {
        out.push(Check::ok("Web app", a.server.web_dist.clone()));
    }
    out
}

fn os() -> Check {
    let pretty = std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|t| t.lines().find_map(|l| l.strip_prefix("PRETTY_NAME=").map(|v| v.trim_matches('"').to_owned())))
        .unwrap_or_else(|| std::env::consts::OS.to_owned());
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    if std::env::consts::OS == "linux" {
        Check::ok("Operating system", format!("{pretty}, Linux {}, {}", kernel.trim(), std::env::consts::ARCH))
    } else {
        Check::fail(
            "Operating system",
            pretty,
            "Parley's installer supports Linux servers (Debian, Ubuntu, RHEL and alike).",
        )
    }
}

fn cpu() -> Check {
    let n = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    if n >= 2 {
        Check::ok("CPU", format!("{n} cores"))
    } else {
        Check::warn(
            "CPU",
            format!("{n} core"),
            "Parley runs on one core, but two keep the inbox responsive while campaigns send.",
        )
    }
}

/// `MemTotal` and `SwapTotal` of /proc/meminfo, in MiB.
fn meminfo() -> (u64, u64) {
    let text = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
            .unwrap_or(0)
            / 1024
    };
    (field("MemTotal:"), field("SwapTotal:"))
}

fn memory() -> Check {
    let (mem, swap) = meminfo();
    let detail = format!("{mem} MiB memory, {swap} MiB swap");
    if mem >= 2000 {
        Check::ok("Memory", detail)
    } else if mem + swap >= 1900 {
        Check::warn(
            "Memory",
            detail,
            "2 GiB of memory is recommended; swap helps, but PostgreSQL and Parley will be slow.",
        )
    } else {
        Check::fail(
            "Memory",
            detail,
            "Give the server at least 2 GiB of memory (or add swap: fallocate -l 2G /swapfile).",
        )
    }
}

/// The nearest existing directory of `p` (the data directory may not exist yet).
fn existing_ancestor(p: &Path) -> PathBuf {
    let mut cur = p.to_path_buf();
    while !cur.exists() {
        match cur.parent() {
            Some(parent) => cur = parent.to_path_buf(),
            None => return PathBuf::from("/"),
        }
    }
    cur
}

fn disk(data_dir: &Path) -> Check {
    let at = existing_ancestor(data_dir);
    let out = std::process::Command::new("df").arg("-Pk").arg(&at).output();
    let free_kib = out.ok().and_then(|o| {
        let text = String::from_utf8_lossy(&o.stdout).into_owned();
        text.lines().nth(1)?.split_whitespace().nth(3)?.parse::<u64>().ok()
    });
    match free_kib {
        Some(k) if k >= 10 * 1024 * 1024 => {
            Check::ok("Disk", format!("{} GiB free at {}", k / 1024 / 1024, at.display()))
        }
        Some(k) if k >= 2 * 1024 * 1024 => Check::warn(
            "Disk",
            format!("{} GiB free at {}", k / 1024 / 1024, at.display()),
            "10 GiB or more is recommended: media and backups grow with use.",
        ),
        Some(k) => Check::fail(
            "Disk",
            format!("{} MiB free at {}", k / 1024, at.display()),
            "Free space or choose a data directory on a larger disk: Parley needs at least 2 GiB.",
        ),
        None => Check::warn(
            "Disk",
            format!("could not read free space at {}", at.display()),
            "Check with df -h that 10 GiB are free.",
        ),
    }
}

/// The process listening on a TCP port, as `name (pid N)`, read from /proc (only what this user may see).
pub fn port_holder(port: u16) -> Option<String> {
    let mut inodes = vec![];
    for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
        let Ok(text) = std::fs::read_to_string(table) else { continue };
        for line in text.lines().skip(1) {
            let f: Vec<&str> = line.split_whitespace().collect();
            // local_address is HEX_IP:HEX_PORT; state 0A is LISTEN; the inode is the tenth column.
            let (Some(local), Some(state), Some(inode)) = (f.get(1), f.get(3), f.get(9)) else { continue };
            let p = local.rsplit(':').next().and_then(|h| u16::from_str_radix(h, 16).ok());
            if p == Some(port) && *state == "0A" {
                inodes.push(format!("socket:[{inode}]"));
            }
        }
    }
    if inodes.is_empty() {
        return None;
    }
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let pid = entry.file_name().to_string_lossy().into_owned();
        if !pid.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let Ok(fds) = std::fs::read_dir(entry.path().join("fd")) else { continue };
        for fd in fds.flatten() {
            if let Ok(target) = std::fs::read_link(fd.path())
                && inodes.iter().any(|i| target.as_os_str() == i.as_str())
            {
                let name = std::fs::read_to_string(entry.path().join("comm")).unwrap_or_default();
                return Some(format!("{} (pid {pid})", name.trim()));
            }
        }
    }
    Some("a process this user cannot see (run as root to name it)".into())
}

fn port(host: &str, port: u16, own_port: u16) -> Check {
    let name = "Free port";
    if port == own_port {
        return Check::fail(
            name,
            format!("{port} is this wizard's own port"),
            "Choose another port for Parley (8080 is usual), or start the wizard with --listen on another port.",
        );
    }
    match std::net::TcpListener::bind((host, port)) {
        Ok(_) => Check::ok(name, format!("{host}:{port} is free for Parley")),
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
            let holder = port_holder(port).unwrap_or_else(|| "another program".into());
            Check::fail(
                name,
                format!("{host}:{port} is taken by {holder}"),
                format!(
                    "Stop {holder} or choose another port for Parley. Parley already running there? Rerun after stopping it."
                ),
            )
        }
        Err(e) => {
            Check::fail(name, format!("{host}:{port}: {e}"), "Choose an address of this machine and a port above 1024.")
        }
    }
}

async fn clock() -> Check {
    let name = "Clock";
    let synced = tokio::process::Command::new("timedatectl")
        .args(["show", "-p", "NTPSynchronized", "--value"])
        .output()
        .await
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "yes");
    let now = chrono::Utc::now().format("%Y-%m-%d %H:%M:%S UTC");
    match synced {
        Some(true) => Check::ok(name, format!("{now}, synchronised (NTP)")),
        Some(false) => Check::warn(
            name,
            format!("{now}, not synchronised"),
            "Turn on time synchronisation (timedatectl set-ntp true): two-factor codes and webhook signatures need a right clock.",
        ),
        None => Check::warn(
            name,
            format!("{now}; synchronisation unknown (no timedatectl)"),
            "Make sure NTP (chrony or systemd-timesyncd) runs; step 2 compares the clock with PostgreSQL's.",
        ),
    }
}

async fn postgres_reachable(a: &Answers) -> Check {
    let d = &a.database;
    let addr = format!("{}:{}", d.host, d.port);
    match tokio::time::timeout(Duration::from_secs(3), tokio::net::TcpStream::connect(&addr)).await {
        Ok(Ok(_)) => Check::ok("PostgreSQL", format!("{addr} answers (version and rights are checked in step 2)")),
        Ok(Err(e)) => Check::fail(
            "PostgreSQL",
            format!("{addr}: {e}"),
            "Install and start PostgreSQL 13 or newer (apt install postgresql), or give a remote server in step 2.",
        ),
        Err(_) => Check::fail(
            "PostgreSQL",
            format!("{addr}: no answer in 3 s"),
            "A firewall may drop the connection: allow port 5432 from this server.",
        ),
    }
}

/// `redis_version` of `INFO server`.
pub async fn redis_version(url: &str) -> anyhow::Result<String> {
    let client = redis::Client::open(url)?;
    let mut conn = tokio::time::timeout(Duration::from_secs(3), client.get_multiplexed_async_connection())
        .await
        .map_err(|_| anyhow::anyhow!("no answer in 3 s"))??;
    let info: String = redis::cmd("INFO").arg("server").query_async(&mut conn).await?;
    info.lines()
        .find_map(|l| l.strip_prefix("redis_version:"))
        .map(|v| v.trim().to_owned())
        .ok_or_else(|| anyhow::anyhow!("INFO has no redis_version"))
}

async fn redis_check(url: &str) -> Check {
    match redis_version(url).await {
        Ok(v) if v.split('.').next().and_then(|m| m.parse::<u32>().ok()).is_some_and(|m| m >= 7) => {
            Check::ok("Redis", format!("version {v}"))
        }
        Ok(v) => {
            Check::fail("Redis", format!("version {v}"), "Parley needs Redis 7 or newer (RESP3 for real-time fan-out).")
        }
        Err(e) => Check::fail(
            "Redis",
            format!("{}: {e}", redact(url)),
            "Install and start Redis 7 (apt install redis-server), or fix the Redis URL in step 2 (with its password: redis://:pw@host:6379).",
        ),
    }
}

fn data_dir_writable(dir: &Path) -> Check {
    let probe = dir.join(format!(".parley-install-probe-{}", std::process::id()));
    let r = std::fs::create_dir_all(dir)
        .and_then(|_| std::fs::write(&probe, b"ok"))
        .and_then(|_| std::fs::remove_file(&probe));
    match r {
        Ok(()) => Check::ok("Data directory", format!("{} is writable", dir.display())),
        Err(e) => Check::fail(
            "Data directory",
            format!("{}: {e}", dir.display()),
            format!(
                "Run the installer as root, or create it for this user: sudo install -d -o $USER {}",
                dir.display()
            ),
        ),
    }
}

/// A URL with its password hidden.
pub fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.into()
        }
        _ => url.to_owned(),
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Step 2: PostgreSQL and Redis, live.

/// What a failed connection means, and what to do.
fn postgres_fix(err: &str, a: &Answers) -> String {
    let d = &a.database;
    let e = err.to_lowercase();
    if e.contains("password authentication failed") || e.contains("password") && e.contains("auth") {
        format!(
            "PostgreSQL refused the password of the role {user}. Type it again, or set a new one on the database server: \
             sudo -u postgres psql -c \"ALTER ROLE {user} PASSWORD 'new password'\"",
            user = d.user
        )
    } else if e.contains("role") && e.contains("does not exist") {
        format!(
            "There is no role {}: create it (sudo -u postgres createuser --createdb --createrole --pwprompt {}) or use postgres.",
            d.user, d.user
        )
    } else if e.contains("connection refused") {
        format!(
            "Nothing listens on {}:{}: start PostgreSQL (systemctl start postgresql) or fix the host and port.",
            d.host, d.port
        )
    } else if e.contains("pg_hba") {
        "PostgreSQL does not let this address in: add a host line for it to pg_hba.conf (scram-sha-256) and reload."
            .into()
    } else if e.contains("timed out") || e.contains("timeout") {
        "No answer: a firewall may drop the connection, or the host is wrong.".into()
    } else {
        "Check the host, port, role and password.".into()
    }
}

pub async fn database(a: &Answers) -> Vec<Check> {
    let mut out = vec![];
    let maint = a.database_url_for("postgres");
    let mut opt = sea_orm::ConnectOptions::new(maint);
    opt.max_connections(1).connect_timeout(Duration::from_secs(5)).sqlx_logging(false);
    let conn = match Database::connect(opt).await {
        Ok(c) => c,
        Err(e) => {
            let err = e.to_string();
            out.push(Check::fail("PostgreSQL sign-in", err.clone(), postgres_fix(&err, a)));
            out.push(redis_check(&a.redis.url).await);
            return out;
        }
    };
    out.push(Check::ok(
        "PostgreSQL sign-in",
        format!("signed in as {} on {}:{}", a.database.user, a.database.host, a.database.port),
    ));
    let q = |sql: &str| Statement::from_string(DbBackend::Postgres, sql.to_owned());
    let facts = conn
        .query_one_raw(q(
            "select current_setting('server_version_num')::int as num, current_setting('server_version') as version,
                    r.rolsuper as su, r.rolcreaterole as createrole, r.rolcreatedb as createdb,
                    extract(epoch from now())::float8 as epoch
               from pg_roles r where r.rolname = current_user",
        ))
        .await;
    let row = match facts {
        Ok(Some(r)) => r,
        Ok(None) => {
            return vec![Check::fail(
                "PostgreSQL",
                "no role row for the current user",
                "Sign in with an ordinary role.",
            )];
        }
        Err(e) => return vec![Check::fail("PostgreSQL", e.to_string(), "Check that this role may read pg_roles.")],
    };
    let get_i = |c: &str| row.try_get::<i32>("", c).unwrap_or(0);
    let get_b = |c: &str| row.try_get::<bool>("", c).unwrap_or(false);
    let version: String = row.try_get("", "version").unwrap_or_default();
    if get_i("num") >= 130_000 {
        out.push(Check::ok("PostgreSQL version", version));
    } else {
        out.push(Check::fail(
            "PostgreSQL version",
            version,
            "Parley needs PostgreSQL 13 or newer: upgrade (pg_upgradecluster) or use another server.",
        ));
    }
    let skew = row
        .try_get::<f64>("", "epoch")
        .map(|e| e - chrono::Utc::now().timestamp_millis() as f64 / 1000.0)
        .unwrap_or(0.0);
    if skew.abs() <= 5.0 {
        out.push(Check::ok("Clock", format!("within {:.1} s of PostgreSQL's", skew.abs())));
    } else {
        out.push(Check::warn(
            "Clock",
            format!("{skew:+.0} s from PostgreSQL's"),
            "Synchronise both machines' clocks (NTP): tokens and schedules rely on them.",
        ));
    }
    let (su, createrole, createdb) = (get_b("su"), get_b("createrole"), get_b("createdb"));
    let count =
        |sql: &str, values: Vec<sea_orm::Value>| Statement::from_sql_and_values(DbBackend::Postgres, sql, values);
    let db_exists = conn
        .query_one_raw(count(
            "select count(*)::int as n from pg_database where datname = $1",
            vec![a.database.name.clone().into()],
        ))
        .await
        .ok()
        .flatten()
        .and_then(|r| r.try_get::<i32>("", "n").ok())
        .unwrap_or(0)
        == 1;
    let roles_there = conn
        .query_one_raw(count(
            "select count(*)::int as n from pg_roles where rolname in ('parley_app', 'parley_system', 'parley_auth')",
            vec![],
        ))
        .await
        .ok()
        .flatten()
        .and_then(|r| r.try_get::<i32>("", "n").ok())
        .unwrap_or(0);
    let _ = conn.close().await;
    if su || createdb || db_exists {
        let detail = if db_exists {
            format!("{} exists", a.database.name)
        } else {
            format!("{} will be created", a.database.name)
        };
        out.push(Check::ok("Database", detail));
    } else {
        out.push(Check::fail(
            "Database",
            format!("{} does not exist and {} may not create databases", a.database.name, a.database.user),
            format!("Create it for this role: sudo -u postgres createdb -O {} {}", a.database.user, a.database.name),
        ));
    }
    if su || createrole {
        out.push(Check::ok(
            "Roles",
            "parley_app, parley_system and parley_auth are created or updated with generated passwords",
        ));
    } else if roles_there == 3 {
        out.push(Check::ok(
            "Roles",
            "parley_app, parley_system and parley_auth exist (their passwords are set by you)",
        ));
    } else {
        out.push(Check::fail(
            "Roles",
            format!("{} may not create roles and {} of the 3 runtime roles exist", a.database.user, roles_there),
            format!("Give the role CREATEROLE (ALTER ROLE {} CREATEROLE) or create parley_app, parley_system (BYPASSRLS) and parley_auth (docs/configuration.md).", a.database.user),
        ));
    }
    out.push(redis_check(&a.redis.url).await);
    out
}

// ---------------------------------------------------------------------------------------------------------------
// Step 3: the public URL reaches this machine.

/// Fetches `<public url>/.well-known/parley-install/<token>` and expects the token back (this wizard serves it). With
/// nothing on the URL's port yet, the wizard listens there for the moment of the check.
pub async fn callback(public_url: &str, token: &str) -> Check {
    let name = "Public URL";
    let Ok(url) = url::Url::parse(public_url) else {
        return Check::fail(name, public_url.to_owned(), "Give a URL such as https://crm.example.com.");
    };
    let host = url.host_str().unwrap_or_default().to_owned();
    // The proof travels over plain HTTP: there is no certificate before Caddy has obtained one.
    let port = if url.scheme() == "https" { 80 } else { url.port_or_known_default().unwrap_or(80) };
    let target = if url.scheme() == "https" {
        format!("http://{host}/.well-known/parley-install/{token}")
    } else {
        format!("{}/.well-known/parley-install/{token}", public_url.trim_end_matches('/'))
    };
    let temporary = tokio::net::TcpListener::bind(("0.0.0.0", port)).await.ok().map(|l| {
        let t = token.to_owned();
        tokio::spawn(async move {
            let app = axum::Router::new().route(
                "/.well-known/parley-install/{token}",
                axum::routing::get(move |axum::extract::Path(p): axum::extract::Path<String>| {
                    let t = t.clone();
                    async move {
                        if p == t {
                            (axum::http::StatusCode::OK, t)
                        } else {
                            (axum::http::StatusCode::NOT_FOUND, String::new())
                        }
                    }
                }),
            );
            let _ = axum::serve(l, app).await;
        })
    });
    let client = reqwest::Client::builder().timeout(Duration::from_secs(8)).build();
    let answer = match client {
        Ok(c) => c.get(&target).send().await,
        Err(e) => return Check::fail(name, e.to_string(), "Retry."),
    };
    if let Some(t) = temporary {
        t.abort();
    }
    let answer = match answer {
        Ok(r) => {
            let status = r.status();
            Ok((status, r.text().await.unwrap_or_default()))
        }
        Err(e) => Err(e),
    };
    match answer {
        Ok((status, body)) if status.is_success() && body.trim() == token => {
            Check::ok(name, format!("{target} reached this server"))
        }
        Ok((status, _)) => Check::fail(
            name,
            format!("{target} answered {status} without the token"),
            format!(
                "Another server answers for {host}: point its DNS A/AAAA record at this server, or stop what listens on port {port} here."
            ),
        ),
        Err(e) => {
            let resolves =
                tokio::net::lookup_host((host.as_str(), port)).await.map(|mut a| a.next().is_some()).unwrap_or(false);
            if resolves {
                Check::fail(
                    name,
                    format!("{target}: {e}"),
                    format!(
                        "{host} resolves, but the connection failed: open port {port} (and 443) in the firewall (ufw allow 80,443/tcp) and in your provider's security group."
                    ),
                )
            } else {
                Check::fail(
                    name,
                    format!("{host} does not resolve"),
                    format!(
                        "Create a DNS A record for {host} with this server's public address, wait for it to spread (dig +short {host}), then check again."
                    ),
                )
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Steps 5 to 8.

pub async fn mail(a: &Answers) -> Vec<Check> {
    let m = &a.mail;
    if m.mode != "smtp" {
        return vec![Check::ok("Mail", "later: mails wait in the dev mailbox (/dev/mailbox) until SMTP is configured")];
    }
    let cfg = parley_mail::SmtpConfig {
        url: m.smtp_url.clone(),
        username: (!m.username.is_empty()).then(|| m.username.clone()),
        password: (!m.password.is_empty()).then(|| secrecy::SecretString::from(m.password.clone())),
        from: m.from.clone(),
    };
    let sent = match parley_mail::SmtpMailer::new(&cfg) {
        Ok(mailer) => {
            let text = format!(
                "This is the test mail of Parley's installer for {}.\n\nIf you read it, mail from Parley reaches {}.\n",
                a.site.name, a.admin.email
            );
            let to = a.admin.email.as_str();
            tokio::time::timeout(
                Duration::from_secs(30),
                mailer.send(
                    parley_mail::OutgoingMail {
                        to,
                        subject: "Parley: the installer's test mail",
                        text: &text,
                        html: None,
                    },
                    None,
                ),
            )
            .await
            .map_err(|_| "no answer in 30 s".to_owned())
            .and_then(|r| r.map_err(|e| e.to_string()))
        }
        Err(e) => Err(e.to_string()),
    };
    match sent {
        Ok(()) => vec![Check::ok("Test mail", format!("sent to {} through {}", a.admin.email, redact(&m.smtp_url)))],
        Err(e) => {
            let fix = if e.contains("authentic") || e.contains("535") {
                "The server refused the user name or password: copy them again from your mail provider."
            } else if e.contains("refused") || e.contains("timed out") || e.contains("30 s") {
                "No connection: check the host and port (587 with smtp://, 465 with smtps://); many clouds block port 25."
            } else {
                "Check the URL, the sender address (the provider must allow it) and the credentials."
            };
            vec![Check::fail("Test mail", e, fix)]
        }
    }
}

/// The media configuration Parley will run with (also written to parley.toml).
pub fn media_config(a: &Answers) -> parley_media::MediaConfig {
    let s = &a.storage;
    let mut cfg = parley_media::MediaConfig::default();
    if s.backend == "s3" {
        cfg.backend = parley_media::Backend::S3;
        let mut t = toml::Table::new();
        t.insert("bucket".into(), s.s3_bucket.clone().into());
        t.insert("region".into(), s.s3_region.clone().into());
        if !s.s3_endpoint.is_empty() {
            t.insert("endpoint".into(), s.s3_endpoint.clone().into());
        }
        if !s.s3_access_key_id.is_empty() {
            t.insert("access_key_id".into(), s.s3_access_key_id.clone().into());
            t.insert("secret_access_key".into(), s.s3_secret_access_key.clone().into());
        }
        cfg.s3 = toml::Value::Table(t).try_into().ok();
    } else {
        cfg.local_dir = local_media_dir(a);
    }
    cfg
}

pub fn local_media_dir(a: &Answers) -> PathBuf {
    if a.storage.local_dir.is_empty() {
        Path::new(&a.server.data_dir).join("media")
    } else {
        PathBuf::from(&a.storage.local_dir)
    }
}

pub async fn storage(a: &Answers) -> Vec<Check> {
    let name = if a.storage.backend == "s3" { "S3 bucket" } else { "Media directory" };
    let fix = if a.storage.backend == "s3" {
        "Check the bucket name, region, endpoint and keys; the keys need s3:PutObject, s3:GetObject and s3:DeleteObject."
    } else {
        "Make the directory writable by the user Parley runs as (chown parley: <dir>)."
    };
    let result = async {
        let store = parley_media::MediaStore::from_config(&media_config(a)).await?;
        let key = format!("install-check/{}.txt", hex::encode(rand::random::<[u8; 8]>()));
        let body = bytes::Bytes::from_static(b"parley-install storage check");
        store.put(&key, body.clone(), "text/plain").await?;
        let (read, _) = store.get(&key).await?;
        store.delete(&key).await?;
        anyhow::ensure!(read == body, "the object read back differs from the one written");
        Ok::<_, anyhow::Error>(store.backend_name())
    };
    match tokio::time::timeout(Duration::from_secs(30), result).await {
        Ok(Ok(backend)) => vec![Check::ok(name, format!("wrote, read and deleted a test object ({backend})"))],
        Ok(Err(e)) => vec![Check::fail(name, format!("{e:#}"), fix)],
        Err(_) => vec![Check::fail(name, "no answer in 30 s", fix)],
    }
}

pub async fn whatsapp(a: &Answers) -> Vec<Check> {
    let w = &a.whatsapp;
    if w.mode == "skip" {
        return vec![Check::ok("WhatsApp", "later: each workspace connects its numbers in Settings, WhatsApp")];
    }
    let url = format!("{}/{}", w.graph_url.trim_end_matches('/'), w.phone_number_id);
    let answer =
        reqwest::Client::new().get(&url).bearer_auth(&w.access_token).timeout(Duration::from_secs(10)).send().await;

    match answer {
        Ok(r) if r.status().is_success() => {
            let body: serde_json::Value = r.json().await.unwrap_or_default();
            let shown = body.get("display_phone_number").and_then(|v| v.as_str()).unwrap_or("the number");
            let verified = body.get("verified_name").and_then(|v| v.as_str()).unwrap_or("");
            let mut out =
                vec![Check::ok("WhatsApp credentials", format!("{shown} {verified} answers through {}", w.graph_url))];
            out.push(business_account(a).await);
            if passed(&out) {
                out.push(Check::ok(
                    "Webhook",
                    "step 9 connects this number in your workspace, does Meta's verification request and shows the callback URL and verify token for the Meta app; the app secret checks Meta's signatures",
                ));
            }
            out
        }
        Ok(r) => {
            let status = r.status();
            let body = r.text().await.unwrap_or_default();
            let fix = if status.as_u16() == 401 || body.contains("OAuth") {
                "The access token is wrong or expired: create a permanent token for a system user (Business settings, System users)."
            } else {
                "The phone number id is not one this token may use: copy it from WhatsApp Manager, API setup."
            };
            vec![Check::fail(
                "WhatsApp credentials",
                format!("{url} answered {status}: {}", body.chars().take(200).collect::<String>()),
                fix,
            )]
        }
        Err(e) => vec![Check::fail(
            "WhatsApp credentials",
            e.to_string(),
            "Check the Graph API URL and that this server reaches it (HTTPS out).",
        )],
    }
}

/// The WABA id with the token: its templates are what Parley syncs, so reading one page of them is the test.
async fn business_account(a: &Answers) -> Check {
    let w = &a.whatsapp;
    let name = "WhatsApp Business Account";
    let url = format!("{}/{}/message_templates?limit=1", w.graph_url.trim_end_matches('/'), w.waba_id);
    let answer =
        reqwest::Client::new().get(&url).bearer_auth(&w.access_token).timeout(Duration::from_secs(10)).send().await;
    match answer {
        Ok(r) if r.status().is_success() => {
            Check::ok(name, format!("{} answers with this token: its message templates are readable", w.waba_id))
        }
        Ok(r) => {
            let status = r.status();
            let body: String = r.text().await.unwrap_or_default().chars().take(200).collect();
            Check::fail(
                name,
                format!("{} answered {status}: {body}", w.waba_id),
                "The WABA id is not one this token may manage: copy the WhatsApp Business Account id from WhatsApp Manager, API setup, and give the system user access to it.",
            )
        }
        Err(e) => Check::fail(name, e.to_string(), "Check that this server reaches the Graph API (HTTPS out)."),
    }
}

pub async fn billing(a: &Answers) -> Vec<Check> {
    let b = &a.billing;
    if b.mode == "skip" {
        return vec![Check::ok("Billing", "manual: the platform admin assigns plans; add Stripe later in parley.toml")];
    }
    let base = if b.base_url.is_empty() {
        "https://api.stripe.com/".to_owned()
    } else {
        format!("{}/", b.base_url.trim_end_matches('/'))
    };
    let url = format!("{base}v1/products?limit=1");
    let answer =
        reqwest::Client::new().get(&url).bearer_auth(&b.secret_key).timeout(Duration::from_secs(10)).send().await;
    match answer {
        Ok(r) if r.status().is_success() => vec![
            Check::ok(
                "Stripe key",
                format!(
                    "{} accepted the key ({} mode)",
                    base,
                    if b.secret_key.contains("_live_") { "live" } else { "test" }
                ),
            ),
            Check::ok(
                "Stripe webhook",
                format!(
                    "add the endpoint {}/api/v1/webhooks/stripe in Stripe with the secret you gave",
                    a.site.public_url.trim_end_matches('/')
                ),
            ),
        ],
        Ok(r) => vec![Check::fail(
            "Stripe key",
            format!("{url} answered {}", r.status()),
            "Stripe refused the key: copy the secret key (sk_...) from Developers, API keys, in the right mode.",
        )],
        Err(e) => {
            vec![Check::fail("Stripe key", e.to_string(), "Check that this server reaches api.stripe.com over HTTPS.")]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::Storage;
    use parley_media::testing;

    #[tokio::test]
    async fn the_storage_step_round_trips_an_object_in_s3_and_names_the_fix_for_a_missing_bucket() {
        let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
        let test = "the_storage_step_round_trips_an_object_in_s3_and_names_the_fix_for_a_missing_bucket";
        let Some((moto, bucket)) = testing::moto_with_bucket(test).await else { return };
        let mut a = Answers {
            storage: Storage {
                backend: "s3".into(),
                s3_bucket: bucket.clone(),
                s3_endpoint: moto.endpoint(),
                s3_access_key_id: "test".into(),
                s3_secret_access_key: "test".into(),
                ..Storage::default()
            },
            ..Answers::default()
        };
        let checks = storage(&a).await;
        assert_eq!(checks[0].status, Status::Ok, "{checks:?}");
        assert_eq!(
            testing::list_keys(&moto.endpoint(), &bucket).await,
            Vec::<String>::new(),
            "the test object is deleted"
        );

        a.storage.s3_bucket = "no-such-bucket".into();
        let checks = storage(&a).await;
        assert_eq!(checks[0].status, Status::Fail, "{checks:?}");
        assert!(checks[0].fix.as_deref().is_some_and(|f| f.contains("bucket name")), "{checks:?}");
    }

    #[test]
    fn a_taken_port_names_the_process_that_holds_it() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let holder = port_holder(port).expect("the port is held");
        assert!(holder.ends_with(&format!("(pid {})", std::process::id())), "{holder}");
        let check = super::port("127.0.0.1", port, 1);
        assert_eq!(check.status, Status::Fail);
        assert!(check.detail.contains(&holder), "{check:?}");
        drop(listener);
        assert_eq!(port_holder(port), None, "a free port has no holder");
        assert_eq!(super::port("127.0.0.1", port, 1).status, Status::Ok);
    }

    #[tokio::test]
    async fn the_storage_step_fails_on_a_media_directory_it_cannot_create() {
        let dir = std::env::temp_dir().join(format!("parley-install-storage-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let file = dir.join("a-file");
        std::fs::write(&file, b"not a directory").expect("file");
        let mut a = Answers::default();
        a.storage.local_dir = file.join("media").to_string_lossy().into_owned();
        let checks = storage(&a).await;
        assert_eq!(checks[0].status, Status::Fail, "{checks:?}");
        a.storage.local_dir = dir.join("media").to_string_lossy().into_owned();
        let checks = storage(&a).await;
        assert_eq!(checks[0].status, Status::Ok, "{checks:?}");
        std::fs::remove_dir_all(dir).expect("clean");
    }
}
