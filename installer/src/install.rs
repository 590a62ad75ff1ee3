//! Step 9 and the side effects of step 2: writes parley.toml and the secrets, runs the real `parley` binary's
//! subcommands (migrate, admin: the platform admin, the standard plans, the operator's workspace and WhatsApp number),
//! writes the systemd units and the Caddyfile, starts Parley, waits for /readyz, does Meta's webhook verification
//! round trip and checks a first backup. Every part looks before it acts, so a rerun after a failure continues and a
//! rerun after success changes nothing.

use crate::answers::{Answers, write_private};
use crate::checks::{self, Check};
use crate::log::Log;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Start {
    /// systemctl daemon-reload, then enable --now parley.target.
    Systemd,
    /// `parley serve` and `parley worker` as detached processes, logs in the state directory.
    Process,
    /// Write everything, start nothing.
    None,
}

/// Where things go, from the command line (not answers: they describe this machine, not the installation).
#[derive(Debug, Clone)]
pub struct Setup {
    pub state_dir: PathBuf,
    pub parley_bin: PathBuf,
    pub systemd_dir: PathBuf,
    pub start: Start,
    pub service_user: String,
}

impl Setup {
    pub fn marker(&self) -> PathBuf {
        self.state_dir.join("installed")
    }
    fn generated(&self) -> PathBuf {
        self.state_dir.join("generated.toml")
    }
}

pub fn config_path(a: &Answers) -> PathBuf {
    Path::new(&a.server.data_dir).join("parley.toml")
}

pub fn secrets_path(a: &Answers) -> PathBuf {
    Path::new(&a.server.data_dir).join("secrets.toml")
}

/// 256 random bits, base64.
fn random_secret() -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(rand::random::<[u8; 32]>())
}

/// The runtime roles' passwords: generated once, kept in the state directory (0600) and in parley.toml.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Generated {
    pub app_password: String,
    pub system_password: String,
    pub auth_password: String,
}

impl Generated {
    /// The ones kept, else those of an existing parley.toml (a state directory lost after an install), else new.
    pub fn load_or_create(setup: &Setup, a: &Answers) -> anyhow::Result<Self> {
        if let Ok(text) = std::fs::read_to_string(setup.generated()) {
            return Ok(toml::from_str(&text)?);
        }
        let from_config = std::fs::read_to_string(config_path(a)).ok().and_then(|t| {
            let v: toml::Table = toml::from_str(&t).ok()?;
            let d = v.get("database")?.as_table()?;
            let get = |k: &str| d.get(k).and_then(|x| x.as_str()).map(str::to_owned);
            Some(Self {
                app_password: get("app_password")?,
                system_password: get("system_password")?,
                auth_password: get("auth_password")?,
            })
        });
        let g = from_config.unwrap_or_else(|| Self {
            app_password: hex::encode(rand::random::<[u8; 18]>()),
            system_password: hex::encode(rand::random::<[u8; 18]>()),
            auth_password: hex::encode(rand::random::<[u8; 18]>()),
        });
        write_private(&setup.generated(), toml::to_string(&g)?.as_bytes())?;
        Ok(g)
    }
}

fn host_for_clients(host: &str) -> &str {
    match host {
        "0.0.0.0" => "127.0.0.1",
        "::" => "::1",
        h => h,
    }
}

/// Where Parley answers on this machine (for /readyz and the summary).
pub fn local_url(a: &Answers) -> String {
    let host = host_for_clients(&a.server.host);
    if host.contains(':') {
        format!("http://[{host}]:{}", a.server.port)
    } else {
        format!("http://{host}:{}", a.server.port)
    }
}

/// parley.toml for these answers (apps/parley/src/config.rs reads it).
pub fn render_config(a: &Answers, g: &Generated) -> anyhow::Result<String> {
    use toml::{Table, Value};
    let mut root = Table::new();
    let mut section = |name: &str, pairs: Vec<(&str, Value)>| {
        let t: Table = pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        root.insert(name.to_owned(), Value::Table(t));
    };
    let s = |v: &str| Value::String(v.to_owned());
    let public_url = a.site.public_url.trim_end_matches('/');
    section(
        "server",
        vec![
            ("host", s(&a.server.host)),
            ("port", Value::Integer(a.server.port.into())),
            ("public_url", s(public_url)),
            // Behind Caddy on the same machine: the client address and scheme come from it.
            ("trust_proxy", Value::Boolean(a.site.caddy)),
        ],
    );
    // The platform's own name in its brand and mails, the time zone and language new workspaces and users start with.
    section(
        "site",
        vec![("name", s(a.site.name.trim())), ("time_zone", s(&a.site.time_zone)), ("language", s(&a.site.language))],
    );
    section(
        "database",
        vec![
            ("url", s(&a.database_url())),
            ("app_password", s(&g.app_password)),
            ("system_password", s(&g.system_password)),
            ("auth_password", s(&g.auth_password)),
        ],
    );
    section("redis", vec![("url", s(&a.redis.url))]);
    let m = &a.mail;
    let from = if m.mode == "smtp" {
        m.from.clone()
    } else {
        format!("{} <no-reply@parley.local>", a.site.name.replace(['<', '>', '"'], ""))
    };
    let mut mail = vec![("transport", s(if m.mode == "smtp" { "smtp" } else { "dev" })), ("from", s(&from))];
    if m.mode == "smtp" {
        mail.push(("smtp_url", s(&m.smtp_url)));
        if !m.username.is_empty() {
            mail.push(("smtp_username", s(&m.username)));
            mail.push(("smtp_password", s(&m.password)));
        }
    }
    section("mail", mail);
    section("web", vec![("dist_dir", s(&a.server.web_dist))]);
    section("security", vec![("secrets_file", s(&secrets_path(a).to_string_lossy()))]);
    let st = &a.storage;
    if st.backend == "s3" {
        let mut s3 = Table::new();
        s3.insert("bucket".into(), s(&st.s3_bucket));
        s3.insert("region".into(), s(&st.s3_region));
        if !st.s3_endpoint.is_empty() {
            s3.insert("endpoint".into(), s(&st.s3_endpoint));
        }
        if !st.s3_access_key_id.is_empty() {
            s3.insert("access_key_id".into(), s(&st.s3_access_key_id));
            s3.insert("secret_access_key".into(), s(&st.s3_secret_access_key));
        }
        section("media", vec![("backend", s("s3")), ("s3", Value::Table(s3))]);
    } else {
        section(
            "media",
            vec![("backend", s("local")), ("local_dir", s(&checks::local_media_dir(a).to_string_lossy()))],
        );
    }
    if a.whatsapp.mode != "skip" {
        section("whatsapp", vec![("graph_url", s(a.whatsapp.graph_url.trim_end_matches('/')))]);
    }
    if a.billing.mode == "stripe" {
        let mut b = vec![
            ("stripe_secret_key", s(&a.billing.secret_key)),
            ("stripe_webhook_secret", s(&a.billing.webhook_secret)),
        ];
        if !a.billing.base_url.is_empty() {
            b.push(("stripe_base_url", s(&format!("{}/", a.billing.base_url.trim_end_matches('/')))));
        }
        section("billing", b);
    }
    section("backup", vec![("dir", s(&Path::new(&a.server.data_dir).join("backups").to_string_lossy()))]);
    section("log", vec![("format", s("json")), ("level", s("info"))]);
    Ok(format!(
        "# Parley's configuration, written by parley-install from its answers (rerun it to change them, or edit here).\n\
         # Keep it private (mode 0600): it holds passwords. Reference: docs/configuration.md.\n{}",
        toml::to_string(&root)?
    ))
}

/// The secrets file Parley reads (apps/parley/src/secrets.rs): a signing secret and a credentials key.
pub fn render_secrets() -> String {
    use base64::Engine;
    let key = base64::engine::general_purpose::STANDARD.encode(rand::random::<[u8; 32]>());
    format!(
        "# Parley's secrets: keep this file private (mode 0600) and the same on every node; back it up apart from the\n\
         # database (without it stored WhatsApp credentials cannot be opened).\njwt_secret = \"{}\"\nencryption_keys = [\"k1:{key}\"]\n",
        random_secret()
    )
}

/// The three units: web and worker, tied together by parley.target.
pub fn render_units(a: &Answers, setup: &Setup) -> Vec<(&'static str, String)> {
    let config = config_path(a);
    let hardening = format!(
        "NoNewPrivileges=true\nPrivateTmp=true\nProtectSystem=full\nProtectHome=true\nReadWritePaths={}\nLimitNOFILE=65536\n",
        a.server.data_dir
    );
    let service = |what: &str, sub: &str| {
        format!(
            "# Written by parley-install.\n[Unit]\nDescription=Parley {what}\nAfter=network-online.target postgresql.service redis-server.service\n\
             Wants=network-online.target\nPartOf=parley.target\n\n[Service]\nType=simple\nUser={user}\nWorkingDirectory={dir}\n\
             ExecStart={bin} --config {config} {sub}\nRestart=on-failure\nRestartSec=5\nTimeoutStopSec=30\n{hardening}\n\
             [Install]\nWantedBy=parley.target\n",
            user = setup.service_user,
            dir = a.server.data_dir,
            bin = setup.parley_bin.display(),
            config = config.display(),
        )
    };
    vec![
        ("parley-web.service", service("web (API, web app, real time)", "serve")),
        ("parley-worker.service", service("worker (sending, webhooks, flows, campaigns)", "worker")),
        (
            "parley.target",
            "# Written by parley-install.\n[Unit]\nDescription=Parley (web and worker)\nWants=parley-web.service parley-worker.service\n\n\
             [Install]\nWantedBy=multi-user.target\n"
                .to_owned(),
        ),
    ]
}

/// The Caddyfile of docs/deploy.md for this site: the platform's host with a certificate, custom domains on demand.
pub fn render_caddyfile(a: &Answers) -> String {
    let host =
        url::Url::parse(&a.site.public_url).ok().and_then(|u| u.host_str().map(str::to_owned)).unwrap_or_default();
    let up = format!("{}:{}", host_for_clients(&a.server.host), a.server.port);
    format!(
        "# Written by parley-install: HTTPS for {host} in front of Parley (docs/deploy.md).\n{{\n\temail {email}\n\ton_demand_tls {{\n\t\task http://{up}/internal/tls/ask\n\t}}\n}}\n\n\
         {host} {{\n\treverse_proxy {up}\n}}\n\n# Customers' custom domains: a certificate at the first request, if Parley answers 200 for the name.\n\
         https:// {{\n\ttls {{\n\t\ton_demand\n\t}}\n\treverse_proxy {up}\n}}\n",
        email = a.site.caddy_email,
    )
}

/// Writes `text` to `path` unless it already holds exactly that; answers whether it wrote.
fn write_if_changed(path: &Path, text: &str, private: bool) -> anyhow::Result<bool> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return Ok(false);
    }
    if private {
        write_private(path, text.as_bytes())?;
    } else {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(path, text).map_err(|e| anyhow::anyhow!("writing {}: {e}", path.display()))?;
    }
    Ok(true)
}

/// Runs `parley --config <config> <args>` with the environment cleared of the variables that would override the
/// file (DATABASE_URL, PORT, PARLEY_*...), and returns its output; fails with its last lines.
async fn parley(setup: &Setup, config: &Path, args: &[&str], env: &[(&str, &str)]) -> anyhow::Result<String> {
    let mut std_cmd = std::process::Command::new(&setup.parley_bin);
    std_cmd.arg("--config").arg(config).args(args).stdin(Stdio::null());
    // Relative defaults of an older parley.toml land in the data directory, as under systemd.
    if let Some(dir) = config.parent().filter(|d| d.is_dir()) {
        std_cmd.current_dir(dir);
    }
    clean_env(&mut std_cmd);
    for (k, v) in env {
        std_cmd.env(k, v);
    }
    let mut cmd = tokio::process::Command::from(std_cmd);
    cmd.kill_on_drop(true);
    let out = tokio::time::timeout(Duration::from_secs(600), cmd.output())
        .await
        .map_err(|_| anyhow::anyhow!("parley {} took longer than 10 minutes", args.join(" ")))?
        .map_err(|e| anyhow::anyhow!("running {}: {e}", setup.parley_bin.display()))?;
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    if out.status.success() {
        return Ok(stdout);
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let tail: Vec<&str> = stderr.lines().chain(stdout.lines()).filter(|l| !l.trim().is_empty()).collect();
    let tail = tail[tail.len().saturating_sub(6)..].join("\n");
    anyhow::bail!("parley {} failed ({}):\n{tail}", args.first().unwrap_or(&""), out.status)
}

fn clean_env(cmd: &mut std::process::Command) {
    for (k, _) in std::env::vars_os() {
        let k = k.to_string_lossy().into_owned();
        if k.starts_with("PARLEY_") || matches!(k.as_str(), "DATABASE_URL" | "REDIS_URL" | "PORT" | "RUST_LOG") {
            cmd.env_remove(k);
        }
    }
}

/// The subcommands and flags this `parley` has (another version may lack some).
async fn help(setup: &Setup, args: &[&str]) -> String {
    let mut cmd = tokio::process::Command::new(&setup.parley_bin);
    cmd.args(args).arg("--help").stdin(Stdio::null());
    cmd.output().await.map(|o| String::from_utf8_lossy(&o.stdout).into_owned()).unwrap_or_default()
}

/// Whether clap's help lists `name` in its "Commands:" section.
fn has_subcommand(help: &str, name: &str) -> bool {
    help.lines()
        .skip_while(|l| l.trim() != "Commands:")
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .any(|l| l.split_whitespace().next() == Some(name))
}

/// Step 2's side effect: the database and the roles exist and the schema is current (`parley migrate` with a staging
/// configuration, since parley.toml is written in step 9).
pub async fn prepare_database(a: &Answers, setup: &Setup) -> Check {
    let name = "Database and roles";
    let result = async {
        let g = Generated::load_or_create(setup, a)?;
        let staging = setup.state_dir.join("parley.staging.toml");
        write_private(&staging, render_config(a, &g)?.as_bytes())?;
        migrate(setup, &staging).await?;
        Ok::<_, anyhow::Error>(())
    };
    match result.await {
        Ok(()) => Check::ok(name, format!("{} is ready: roles created, migrations applied", a.database.name)),
        Err(e) => Check::fail(
            name,
            format!("{e:#}"),
            "Read the error above; fix the connection or the role's rights, then run this step again.",
        ),
    }
}

async fn migrate(setup: &Setup, config: &Path) -> anyhow::Result<()> {
    // A fresh database has nothing to back up; a later `parley migrate` (an upgrade) takes its backup first.
    let no_backup = help(setup, &["migrate"]).await.contains("--no-backup");
    let args: &[&str] = if no_backup { &["migrate", "--no-backup"] } else { &["migrate"] };
    parley(setup, config, args, &[]).await.map(|_| ())
}

/// What the Meta app needs for the number step 9 connected (WhatsApp, Configuration): shown in the wizard's summary
/// and printed by a headless run, never written to the log.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Webhook {
    pub callback_url: String,
    pub verify_token: String,
}

/// Step 9, part by part; stops at the first failure (a rerun continues from there, redoing nothing already done).
/// With a WhatsApp number connected, also what to paste into the Meta app.
pub async fn install(a: &Answers, setup: &Setup, log: &Log) -> (Vec<Check>, Option<Webhook>) {
    let (checks, webhook) = parts(a, setup, log).await;
    // Only a whole install hands the callback out: after a failure the summary is not shown.
    let webhook = webhook.filter(|_| checks::passed(&checks));
    (checks, webhook)
}

async fn parts(a: &Answers, setup: &Setup, log: &Log) -> (Vec<Check>, Option<Webhook>) {
    let mut out = vec![];
    let push = |c: Check, out: &mut Vec<Check>| {
        log.check(&c);
        let failed = c.status == checks::Status::Fail;
        out.push(c);
        !failed
    };
    let config = config_path(a);

    // 9.1 configuration and secrets
    let written = async {
        let g = Generated::load_or_create(setup, a)?;
        let secrets = secrets_path(a);
        let new_secrets = if secrets.exists() { false } else { write_if_changed(&secrets, &render_secrets(), true)? };
        let new_config = write_if_changed(&config, &render_config(a, &g)?, true)?;
        if !setup.service_user.is_empty() && is_root() && setup.service_user != "root" {
            let status = std::process::Command::new("chown")
                .arg("-R")
                .arg(format!("{}:", setup.service_user))
                .arg(&a.server.data_dir)
                .status()?;
            anyhow::ensure!(status.success(), "chown -R {}: {} failed", setup.service_user, a.server.data_dir);
        }
        Ok::<_, anyhow::Error>((new_config, new_secrets))
    };
    let c = match written.await {
        Ok((cfg, sec)) => Check::ok(
            "9.1 Configuration",
            format!(
                "{} {}; {} {}",
                config.display(),
                if cfg { "written" } else { "unchanged" },
                secrets_path(a).display(),
                if sec { "generated" } else { "kept" }
            ),
        ),
        Err(e) => Check::fail(
            "9.1 Configuration",
            format!("{e:#}"),
            "Make the data directory writable and run the step again.",
        ),
    };
    if !push(c, &mut out) {
        return (out, None);
    }

    // 9.2 migrate (creates the database and roles when missing; idempotent)
    let c = match migrate(setup, &config).await {
        Ok(()) => Check::ok("9.2 Database", "migrations applied, runtime roles granted"),
        Err(e) => Check::fail("9.2 Database", format!("{e:#}"), "Fix the database (step 2) and run the install again."),
    };
    if !push(c, &mut out) {
        return (out, None);
    }

    // 9.3 the platform admin (found by email: never a second account)
    let admin = parley(
        setup,
        &config,
        &["admin", "create-platform-admin", "--email", &a.admin.email, "--name", &a.admin.name],
        &[("PARLEY_ADMIN_PASSWORD", &a.admin.password)],
    )
    .await;
    let c = match admin {
        Ok(text) if text.contains("Created") => Check::ok("9.3 Platform admin", format!("{} created", a.admin.email)),
        Ok(_) => Check::ok(
            "9.3 Platform admin",
            format!("{} already exists and is platform admin (password unchanged)", a.admin.email),
        ),
        Err(e) => Check::fail(
            "9.3 Platform admin",
            format!("{e:#}"),
            "Check the admin's answers (step 4) and run the install again.",
        ),
    };
    if !push(c, &mut out) {
        return (out, None);
    }

    // 9.4 the standard plans (only when there are none: an operator's own plans are left alone)
    let c = plans(setup, &config).await;
    if !push(c, &mut out) {
        return (out, None);
    }

    // 9.5 systemd units and the Caddyfile
    let units = async {
        let mut changed = vec![];
        for (name, text) in render_units(a, setup) {
            if write_if_changed(&setup.systemd_dir.join(name), &text, false)? {
                changed.push(name);
            }
        }
        let caddy = if a.site.caddy {
            let path = Path::new(&a.server.data_dir).join("Caddyfile");
            write_if_changed(&path, &render_caddyfile(a), false)?;
            format!("; Caddyfile at {} (copy it to /etc/caddy/Caddyfile)", path.display())
        } else {
            String::new()
        };
        Ok::<_, anyhow::Error>((changed, caddy))
    };
    let (units_changed, c) = match units.await {
        Ok((changed, caddy)) => {
            let what =
                if changed.is_empty() { "unchanged".to_owned() } else { format!("written: {}", changed.join(", ")) };
            (
                !changed.is_empty(),
                Check::ok("9.5 Services", format!("units in {} {what}{caddy}", setup.systemd_dir.display())),
            )
        }
        Err(e) => (
            false,
            Check::fail(
                "9.5 Services",
                format!("{e:#}"),
                "Run the installer as root, or give --systemd-dir a writable directory.",
            ),
        ),
    };
    if !push(c, &mut out) {
        return (out, None);
    }

    // 9.6 start
    let c = match start(a, setup, units_changed).await {
        Ok(detail) => Check::ok("9.6 Start", detail),
        Err(e) => Check::fail(
            "9.6 Start",
            format!("{e:#}"),
            format!("Read the logs ({}) and run the install again.", log_hint(setup)),
        ),
    };
    if !push(c, &mut out) {
        return (out, None);
    }

    // 9.7 ready
    let c = if setup.start == Start::None {
        Check::warn(
            "9.7 Ready",
            "not started (--start none)",
            "Start Parley (systemctl enable --now parley.target), then open the site.",
        )
    } else {
        match wait_ready(&local_url(a), Duration::from_secs(120)).await {
            Ok(()) => {
                Check::ok("9.7 Ready", format!("{}/readyz answers ready (PostgreSQL and Redis ok)", local_url(a)))
            }
            Err(e) => Check::fail(
                "9.7 Ready",
                e.to_string(),
                format!("Read the logs ({}) and run the install again.", log_hint(setup)),
            ),
        }
    };
    if !push(c, &mut out) {
        return (out, None);
    }

    // 9.8 the operator's own workspace, with step 7's number connected (found again on a rerun: never a second one)
    let (c, connection) = workspace(a, setup, &config).await;
    if !push(c, &mut out) {
        return (out, None);
    }

    // 9.9 the round trip Meta does when the callback URL is pasted into the app
    let c = webhook_check(a, setup, connection.as_ref()).await;
    if !push(c, &mut out) {
        return (out, None);
    }

    // 9.10 a first backup and a restore check
    let c = backup(setup, &config).await;
    if !push(c, &mut out) {
        return (out, None);
    }
    (out, connection)
}

fn is_root() -> bool {
    std::process::Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

fn log_hint(setup: &Setup) -> String {
    match setup.start {
        Start::Systemd => "journalctl -u parley-web -u parley-worker".into(),
        _ => format!("{}/parley-web.log and parley-worker.log", setup.state_dir.display()),
    }
}

pub async fn ready(url: &str) -> bool {
    let client = reqwest::Client::new();
    client
        .get(format!("{url}/readyz"))
        .timeout(Duration::from_secs(3))
        .send()
        .await
        .is_ok_and(|r| r.status().is_success())
}

async fn wait_ready(url: &str, within: Duration) -> anyhow::Result<()> {
    let deadline = tokio::time::Instant::now() + within;
    while tokio::time::Instant::now() < deadline {
        if ready(url).await {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    anyhow::bail!("{url}/readyz did not answer ready within {} s", within.as_secs())
}

/// A process of ours still running: its pid file names a live process whose command line is the same subcommand.
fn running(pid_file: &Path, sub: &str) -> Option<u32> {
    let pid: u32 = std::fs::read_to_string(pid_file).ok()?.trim().parse().ok()?;
    let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).ok()?;
    let args: Vec<String> = cmdline.split(|b| *b == 0).map(|s| String::from_utf8_lossy(s).into_owned()).collect();
    args.iter().any(|a| a == sub).then_some(pid)
}

async fn start(a: &Answers, setup: &Setup, units_changed: bool) -> anyhow::Result<String> {
    match setup.start {
        Start::None => Ok("not started (--start none)".into()),
        Start::Systemd => {
            let run = |args: &[&str]| {
                let args: Vec<String> = args.iter().map(|s| (*s).to_owned()).collect();
                async move {
                    let out = tokio::process::Command::new("systemctl").args(&args).output().await?;
                    anyhow::ensure!(
                        out.status.success(),
                        "systemctl {}: {}",
                        args.join(" "),
                        String::from_utf8_lossy(&out.stderr).trim()
                    );
                    Ok::<(), anyhow::Error>(())
                }
            };
            run(&["daemon-reload"]).await?;
            run(&["enable", "--now", "parley.target"]).await?;
            if units_changed {
                run(&["restart", "parley.target"]).await?;
            }
            Ok("parley.target enabled and started (systemd)".into())
        }
        Start::Process => {
            let config = config_path(a);
            let mut started = vec![];
            for (name, sub) in [("parley-web", "serve"), ("parley-worker", "worker")] {
                let pid_file = setup.state_dir.join(format!("{name}.pid"));
                if let Some(pid) = running(&pid_file, sub) {
                    started.push(format!("{name} already running (pid {pid})"));
                    continue;
                }
                if sub == "serve" && ready(&local_url(a)).await {
                    started.push(format!("{name}: Parley already answers at {}", local_url(a)));
                    continue;
                }
                let log = std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(setup.state_dir.join(format!("{name}.log")))?;
                let mut cmd = std::process::Command::new(&setup.parley_bin);
                cmd.arg("--config")
                    .arg(&config)
                    .arg(sub)
                    .current_dir(&a.server.data_dir)
                    .stdin(Stdio::null())
                    .stdout(log.try_clone()?)
                    .stderr(log);
                clean_env(&mut cmd);
                // Its own process group: it outlives the installer and a Ctrl-C in the installer's terminal.
                std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
                // Not waited for on purpose: Parley outlives the installer (its pid file is how it is found again).
                #[allow(clippy::zombie_processes)]
                let child = cmd.spawn().map_err(|e| anyhow::anyhow!("starting {}: {e}", setup.parley_bin.display()))?;
                std::fs::write(&pid_file, child.id().to_string())?;
                started.push(format!("{name} started (pid {})", child.id()));
                if sub == "serve" {
                    // The web node migrates on start; the worker starts after it, on a ready database.
                    wait_ready(&local_url(a), Duration::from_secs(120)).await?;
                }
            }
            Ok(started.join("; "))
        }
    }
}

/// What `parley admin seed-defaults --json` reports.
#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Seeded {
    plans_created: u32,
    plans: Vec<String>,
    default_plan: Option<String>,
    mail_templates: Option<u32>,
    flow_templates: Option<u32>,
}

fn seeded_detail(s: &Seeded) -> String {
    let plans = if s.plans_created > 0 {
        let default = match &s.default_plan {
            Some(d) => format!("{d} is the default"),
            None => "no default plan".into(),
        };
        format!("{} plans created ({default})", s.plans_created)
    } else {
        let default = s.default_plan.as_ref().map(|d| format!("; default {d}")).unwrap_or_default();
        format!("plans already exist: unchanged ({} active: {}{default})", s.plans.len(), s.plans.join(", "))
    };
    match (s.mail_templates, s.flow_templates) {
        (Some(m), Some(f)) => format!("{plans}; {m} mail templates and {f} flow templates built in"),
        _ => plans,
    }
}

async fn plans(setup: &Setup, config: &Path) -> Check {
    let name = "9.4 Plans and templates";
    if !has_subcommand(&help(setup, &["admin"]).await, "seed-defaults") {
        return Check::warn(
            name,
            "skipped: this version of parley has no standard plans to create",
            "Create plans as platform admin (Admin, Plans) before workspaces sign up.",
        );
    }
    let seeded = async {
        let out = parley(setup, config, &["admin", "seed-defaults", "--json"], &[]).await?;
        let v = printed_json(&out, "plansCreated")
            .ok_or_else(|| anyhow::anyhow!("parley admin seed-defaults --json printed no report"))?;
        Ok::<Seeded, anyhow::Error>(serde_json::from_value(v)?)
    };
    match seeded.await {
        Ok(s) => Check::ok(name, seeded_detail(&s)),
        Err(e) => Check::fail(name, format!("{e:#}"), "Read the error above and run the install again."),
    }
}

/// What `parley admin first-workspace --json` reports.
#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct FirstWorkspace {
    workspace_id: String,
    created: bool,
    connection: Option<FirstConnection>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct FirstConnection {
    id: String,
    created: bool,
    callback_url: String,
    verify_token: String,
}

async fn workspace(a: &Answers, setup: &Setup, config: &Path) -> (Check, Option<Webhook>) {
    let name = "9.8 Workspace";
    if !has_subcommand(&help(setup, &["admin"]).await, "first-workspace") {
        return (
            Check::warn(
                name,
                "skipped: this version of parley cannot create the operator's workspace",
                "Sign in as the platform admin and create a workspace (Admin, Workspaces).",
            ),
            None,
        );
    }
    let w = &a.whatsapp;
    let connect = w.mode != "skip";
    let mut args =
        vec!["admin", "first-workspace", "--owner-email", a.admin.email.as_str(), "--name", a.site.name.trim()];
    if connect {
        // The simulator's trial is a Cloud API number too: only its Graph API URL (parley.toml) differs.
        args.extend(["--whatsapp", "cloud"]);
    }
    args.push("--json");
    // Credentials go through the environment, never the command line (other users see process lists).
    let env: Vec<(&str, &str)> = if connect {
        vec![
            ("PARLEY_WA_PHONE_NUMBER_ID", w.phone_number_id.as_str()),
            ("PARLEY_WA_WABA_ID", w.waba_id.as_str()),
            ("PARLEY_WA_ACCESS_TOKEN", w.access_token.as_str()),
            ("PARLEY_WA_APP_SECRET", w.app_secret.as_str()),
        ]
    } else {
        vec![]
    };
    let made = async {
        let out = parley(setup, config, &args, &env).await?;
        let v = printed_json(&out, "workspaceId")
            .ok_or_else(|| anyhow::anyhow!("parley admin first-workspace --json printed no report"))?;
        let r: FirstWorkspace = serde_json::from_value(v)?;
        anyhow::ensure!(
            !connect || r.connection.is_some(),
            "parley admin first-workspace reported no WhatsApp connection for number {}",
            w.phone_number_id
        );
        Ok::<_, anyhow::Error>(r)
    };
    match made.await {
        Ok(r) => {
            let site = a.site.name.trim();
            let mut detail = if r.created {
                format!("{site} created ({}), owned by {}", r.workspace_id, a.admin.email)
            } else {
                format!("{}'s workspace exists ({}): unchanged", a.admin.email, r.workspace_id)
            };
            let webhook = r.connection.map(|c| {
                detail.push_str(&format!(
                    "; WhatsApp number {} {} (connection {})",
                    w.phone_number_id,
                    if c.created { "connected" } else { "already connected" },
                    c.id
                ));
                Webhook { callback_url: c.callback_url, verify_token: c.verify_token }
            });
            (Check::ok(name, detail), webhook)
        }
        Err(e) => (
            Check::fail(
                name,
                format!("{e:#}"),
                "A refused token or number: check step 7's answers (WhatsApp Manager, API setup). Otherwise read the error. Then run the install again.",
            ),
            None,
        ),
    }
}

/// Meta's verification request for `callback`: `hub.mode=subscribe`, the verify token and a challenge.
fn verify_request(callback: &str, verify_token: &str, challenge: &str) -> anyhow::Result<url::Url> {
    let mut u = url::Url::parse(callback)?;
    u.query_pairs_mut()
        .append_pair("hub.mode", "subscribe")
        .append_pair("hub.verify_token", verify_token)
        .append_pair("hub.challenge", challenge);
    Ok(u)
}

/// The verification request's answer is the challenge, exactly, with 200; else what came back (without the token).
async fn round_trip(callback: &str, verify_token: &str, challenge: &str) -> Result<(), String> {
    let url = verify_request(callback, verify_token, challenge).map_err(|e| format!("{callback}: {e}"))?;
    // Meta follows no redirect either.
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(8))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| e.to_string())?;
    match client.get(url).send().await {
        Ok(r) => {
            let status = r.status();
            let body = r.text().await.unwrap_or_default();
            if status.as_u16() == 200 && body == challenge {
                Ok(())
            } else {
                let body: String = body.chars().take(160).collect();
                Err(format!("{callback} answered {status} {}", body.trim()))
            }
        }
        Err(e) => {
            Err(format!("{callback}: {}", std::error::Error::source(&e).map_or(e.to_string(), |s| s.to_string())))
        }
    }
}

async fn webhook_check(a: &Answers, setup: &Setup, hook: Option<&Webhook>) -> Check {
    let name = "9.9 WhatsApp webhook";
    let Some(hook) = hook else {
        return Check::ok(
            name,
            "no number connected (WhatsApp skipped in step 7): a workspace that connects one finds its callback URL and verify token in Settings, WhatsApp",
        );
    };
    let callback = &hook.callback_url;
    if setup.start == Start::None {
        return Check::warn(
            name,
            "not checked: Parley is not started (--start none)",
            format!("Start Parley; Meta verifies {callback} when you paste it into the Meta app."),
        );
    }
    let challenge = (rand::random::<u64>() % 9_000_000_000 + 1_000_000_000).to_string();
    let public_err = match round_trip(callback, &hook.verify_token, &challenge).await {
        Ok(()) => {
            let detail = format!("{callback} answered Meta's verification request with its challenge");
            if a.whatsapp.mode == "cloud" && !callback.starts_with("https://") {
                return Check::warn(
                    name,
                    detail,
                    "Meta accepts only an https:// callback URL: give an https:// public URL (step 3) and put Caddy in front.",
                );
            }
            return Check::ok(name, detail);
        }
        Err(e) => e,
    };
    // The same path on this machine tells a Parley that works from a public URL that does not reach it yet.
    let path = url::Url::parse(callback).map(|u| u.path().to_owned()).unwrap_or_default();
    let local = format!("{}{path}", local_url(a));
    match round_trip(&local, &hook.verify_token, &challenge).await {
        Ok(()) => {
            let host = url::Url::parse(callback).ok().and_then(|u| u.host_str().map(str::to_owned)).unwrap_or_default();
            let fix = if a.site.caddy {
                format!(
                    "Point {host}'s DNS at this server and put Caddy in front: cp {} /etc/caddy/Caddyfile && systemctl reload caddy. Then paste the callback URL into the Meta app.",
                    Path::new(&a.server.data_dir).join("Caddyfile").display()
                )
            } else {
                format!(
                    "Make {host} reach Parley at {}: point its DNS at this server and proxy HTTPS to that address (Caddy, docs/deploy.md). Then paste the callback URL into the Meta app.",
                    local_url(a)
                )
            };
            Check::warn(
                name,
                format!(
                    "the public URL does not reach Parley yet ({public_err}); on this machine {local} answered the challenge"
                ),
                fix,
            )
        }
        Err(local_err) => Check::fail(
            name,
            format!("{public_err}; on this machine {local_err}"),
            format!(
                "Parley does not answer Meta's verification: read its logs ({}) and run the install again.",
                log_hint(setup)
            ),
        ),
    }
}

/// "2 min 13 s": how long an install took, as the summary and the log say it.
pub fn took(d: Duration) -> String {
    let s = d.as_secs();
    match s {
        0..60 => format!("{s} s"),
        60..3600 => format!("{} min {} s", s / 60, s % 60),
        _ => format!("{} h {} min", s / 3600, s % 3600 / 60),
    }
}

async fn backup(setup: &Setup, config: &Path) -> Check {
    let name = "9.10 Backup";
    if !has_subcommand(&help(setup, &[]).await, "backup") || !has_subcommand(&help(setup, &[]).await, "restore") {
        return Check::warn(
            name,
            "skipped: backups not available in this version",
            "Upgrade Parley for `parley backup`, then take one.",
        );
    }
    // Converges: a rerun after a checked backup does not take another one.
    let done = setup.state_dir.join("backup-checked");
    if let Ok(id) = std::fs::read_to_string(&done) {
        return Check::ok(name, format!("backup {} was taken and checked before", id.trim()));
    }
    let result = async {
        let out = parley(setup, config, &["backup", "--json"], &[]).await?;
        let id =
            manifest_id(&out).ok_or_else(|| anyhow::anyhow!("parley backup --json printed no manifest with an id"))?;
        parley(setup, config, &["restore", &id, "--check-only"], &[]).await?;
        Ok::<_, anyhow::Error>(id)
    };
    match result.await {
        Ok(id) => {
            let _ = std::fs::write(&done, &id);
            Check::ok(name, format!("backup {id} taken and its restore checked in a scratch database"))
        }
        Err(e) => Check::fail(
            name,
            format!("{e:#}"),
            "Read the error; docs/backup.md explains where backups go. Run the install again to retry.",
        ),
    }
}

/// The first JSON object with `key` that a `parley ... --json` printed (pretty or on one line, possibly among JSON log
/// lines, which have a `level`).
fn printed_json(out: &str, key: &str) -> Option<serde_json::Value> {
    let starts = out.match_indices('{').map(|(i, _)| i).filter(|i| *i == 0 || out[..*i].ends_with('\n'));
    starts
        .filter_map(|i| serde_json::Deserializer::from_str(&out[i..]).into_iter::<serde_json::Value>().next()?.ok())
        .filter(|v| v.get("level").is_none())
        .find(|v| v.get(key).is_some())
}

/// The `id` of the manifest `parley backup --json` prints.
fn manifest_id(out: &str) -> Option<String> {
    printed_json(out, "id")?.get("id")?.as_str().map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(dir: &Path) -> Answers {
        let mut a = Answers::default();
        a.server.data_dir = dir.join("data").to_string_lossy().into_owned();
        a.site.public_url = "https://crm.example.com/".into();
        a.site.caddy = true;
        a.site.caddy_email = "ops@example.com".into();
        a.database.password = "o'ne \"two\"".into();
        a
    }

    fn setup(dir: &Path) -> Setup {
        Setup {
            state_dir: dir.join("state"),
            parley_bin: std::env::current_exe().expect("exe"),
            systemd_dir: dir.join("units"),
            start: Start::None,
            service_user: "root".into(),
        }
    }

    fn temp(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!(
            "parley-install-{name}-{}-{}",
            std::process::id(),
            hex::encode(rand::random::<[u8; 4]>())
        ));
        std::fs::create_dir_all(&d).expect("temp dir");
        d
    }

    #[test]
    fn the_config_parley_reads_has_what_the_answers_say() {
        let dir = temp("config");
        let a = answers(&dir);
        let g = Generated::load_or_create(&setup(&dir), &a).expect("generated");
        let text = render_config(&a, &g).expect("render");
        let v: toml::Table = toml::from_str(&text).expect("valid TOML");
        assert_eq!(v["server"]["public_url"].as_str(), Some("https://crm.example.com"));
        assert_eq!(v["server"]["trust_proxy"].as_bool(), Some(true));
        let url = url::Url::parse(v["database"]["url"].as_str().expect("url")).expect("parses");
        assert_eq!(url.path(), "/parley");
        assert_eq!(v["database"]["app_password"].as_str(), Some(g.app_password.as_str()));
        assert_eq!(v["mail"]["transport"].as_str(), Some("dev"), "mail later: the dev mailbox");
        assert!(v["security"]["secrets_file"].as_str().expect("path").ends_with("data/secrets.toml"));
        assert!(v.get("billing").is_none(), "no Stripe section without Stripe");
        std::fs::remove_dir_all(dir).expect("clean");
    }

    #[test]
    fn the_site_section_carries_step_3s_name_time_zone_and_language() {
        let dir = temp("site");
        let mut a = answers(&dir);
        a.site.name = "  Noor \"Travel\" CRM ".into();
        a.site.time_zone = "Asia/Riyadh".into();
        a.site.language = "ar".into();
        let g = Generated::load_or_create(&setup(&dir), &a).expect("generated");
        let v: toml::Table = toml::from_str(&render_config(&a, &g).expect("render")).expect("valid TOML");
        let site = v["site"].as_table().expect("[site]");
        assert_eq!(site["name"].as_str(), Some("Noor \"Travel\" CRM"), "trimmed, quotes kept (TOML escapes them)");
        assert_eq!(site["time_zone"].as_str(), Some("Asia/Riyadh"));
        assert_eq!(site["language"].as_str(), Some("ar"));
        assert_eq!(site.len(), 3, "nothing else in [site]: {site:?}");
        let defaults = render_config(&answers(&dir), &g).expect("render");
        let v: toml::Table = toml::from_str(&defaults).expect("valid TOML");
        assert_eq!(v["site"]["name"].as_str(), Some("Parley"));
        assert_eq!(v["site"]["time_zone"].as_str(), Some("UTC"));
        assert_eq!(v["site"]["language"].as_str(), Some("en"));
        std::fs::remove_dir_all(dir).expect("clean");
    }

    #[test]
    fn the_plans_report_says_what_was_created_or_that_nothing_changed() {
        let first = "{\"level\":\"INFO\",\"plansCreated\":9}\n{\"plansCreated\":4,\"plans\":[\"Starter\",\"Growth\",\"Pro\",\"Enterprise\"],\"defaultPlan\":\"Starter\",\"mailTemplates\":14,\"flowTemplates\":6}\n";
        let s: Seeded = serde_json::from_value(printed_json(first, "plansCreated").expect("report")).expect("shape");
        assert_eq!(
            seeded_detail(&s),
            "4 plans created (Starter is the default); 14 mail templates and 6 flow templates built in"
        );
        let again = "{\n  \"plansCreated\": 0,\n  \"plans\": [\"Starter\", \"Growth\"],\n  \"defaultPlan\": null,\n  \"mailTemplates\": 14,\n  \"flowTemplates\": 6\n}\n";
        let s: Seeded = serde_json::from_value(printed_json(again, "plansCreated").expect("report")).expect("shape");
        assert_eq!(
            seeded_detail(&s),
            "plans already exist: unchanged (2 active: Starter, Growth); 14 mail templates and 6 flow templates built in"
        );
        assert!(printed_json("Created 4 plans\n", "plansCreated").is_none());
    }

    #[test]
    fn metas_verification_request_carries_the_token_and_challenge_encoded() {
        let u =
            verify_request("https://crm.example.com/api/v1/webhooks/whatsapp/0193", "a b&c=d", "4711").expect("url");
        assert_eq!(u.path(), "/api/v1/webhooks/whatsapp/0193");
        let q: Vec<(String, String)> = u.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
        assert_eq!(
            q,
            vec![
                ("hub.mode".into(), "subscribe".into()),
                ("hub.verify_token".into(), "a b&c=d".into()),
                ("hub.challenge".into(), "4711".into())
            ]
        );
    }

    #[test]
    fn the_duration_reads_in_seconds_minutes_or_hours() {
        assert_eq!(took(Duration::from_millis(47_900)), "47 s");
        assert_eq!(took(Duration::from_secs(133)), "2 min 13 s");
        assert_eq!(took(Duration::from_secs(60)), "1 min 0 s");
        assert_eq!(took(Duration::from_secs(3 * 3600 + 125)), "3 h 2 min");
    }

    #[test]
    fn generated_passwords_are_made_once_and_found_again_in_parley_toml() {
        let dir = temp("generated");
        let a = answers(&dir);
        let s = setup(&dir);
        let first = Generated::load_or_create(&s, &a).expect("first");
        assert_eq!(Generated::load_or_create(&s, &a).expect("again"), first, "kept in the state directory");
        write_private(&config_path(&a), render_config(&a, &first).expect("render").as_bytes()).expect("write");
        std::fs::remove_dir_all(&s.state_dir).expect("lose the state directory");
        assert_eq!(Generated::load_or_create(&s, &a).expect("from parley.toml"), first, "recovered from parley.toml");
        std::fs::remove_dir_all(dir).expect("clean");
    }

    #[test]
    fn writing_the_same_file_twice_changes_nothing() {
        let dir = temp("write");
        let path = dir.join("x.toml");
        assert!(write_if_changed(&path, "a = 1\n", true).expect("first"));
        let before = std::fs::metadata(&path).expect("meta").modified().expect("mtime");
        assert!(!write_if_changed(&path, "a = 1\n", true).expect("second"));
        assert_eq!(std::fs::metadata(&path).expect("meta").modified().expect("mtime"), before);
        assert!(write_if_changed(&path, "a = 2\n", true).expect("changed"));
        std::fs::remove_dir_all(dir).expect("clean");
    }

    #[test]
    fn secrets_are_what_parley_reads() {
        let v: toml::Table = toml::from_str(&render_secrets()).expect("TOML");
        assert!(v["jwt_secret"].as_str().is_some_and(|s| s.len() >= 40));
        let keys = v["encryption_keys"].as_array().expect("keys");
        assert!(keys[0].as_str().is_some_and(|k| k.starts_with("k1:") && k.len() == 3 + 44));
    }

    #[test]
    fn the_caddyfile_proxies_the_site_and_asks_parley_for_custom_domains() {
        let dir = temp("caddy");
        let a = answers(&dir);
        let c = render_caddyfile(&a);
        assert!(c.contains("crm.example.com {\n\treverse_proxy 127.0.0.1:8080\n}"), "{c}");
        assert!(c.contains("ask http://127.0.0.1:8080/internal/tls/ask"), "{c}");
        assert!(c.contains("email ops@example.com"));
        std::fs::remove_dir_all(dir).expect("clean");
    }

    #[test]
    fn systemd_accepts_the_units() {
        let analyze = Path::new("/usr/bin/systemd-analyze");
        if !analyze.exists() {
            eprintln!("no systemd-analyze here: skipped");
            return;
        }
        let dir = temp("units");
        let a = answers(&dir);
        let s = setup(&dir);
        std::fs::create_dir_all(&s.systemd_dir).expect("dir");
        let mut paths = vec![];
        for (name, text) in render_units(&a, &s) {
            let p = s.systemd_dir.join(name);
            std::fs::write(&p, text).expect("write");
            paths.push(p);
        }
        let out = std::process::Command::new(analyze)
            .arg("verify")
            .args(&paths)
            .env("SYSTEMD_LOG_LEVEL", "warning")
            .output()
            .expect("systemd-analyze");
        let stderr = String::from_utf8_lossy(&out.stderr);
        // Complaints about other units of this machine are not ours; any line naming our files is.
        let ours: Vec<&str> = stderr.lines().filter(|l| l.contains("parley")).collect();
        assert!(out.status.success() && ours.is_empty(), "systemd-analyze verify: {stderr}");
        let web = std::fs::read_to_string(s.systemd_dir.join("parley-web.service")).expect("web");
        assert!(web.contains(&format!(
            "ExecStart={} --config {} serve",
            s.parley_bin.display(),
            config_path(&a).display()
        )));
        std::fs::remove_dir_all(dir).expect("clean");
    }

    #[test]
    fn the_backup_id_is_read_from_the_manifest_among_log_lines() {
        let out = "{\"level\":\"INFO\",\"id\":\"log\"}\n{\n  \"id\": \"20261207T101500Z\",\n  \"files\": []\n}\n{\"level\":\"INFO\"}\n";
        assert_eq!(manifest_id(out).as_deref(), Some("20261207T101500Z"));
        assert_eq!(manifest_id("Backup made\n"), None);
    }

    #[test]
    fn a_subcommand_is_found_in_help_output_only_as_a_command() {
        let help = "Commands:\n  serve    Run\n  backup   Take a backup\n\nOptions:\n      --config <CONFIG>\n";
        assert!(has_subcommand(help, "backup"));
        assert!(!has_subcommand(help, "restore"));
        assert!(!has_subcommand(help, "--config"));
    }
}
