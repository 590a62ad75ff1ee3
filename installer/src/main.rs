//! `parley-install`: the setup wizard. Serves a web wizard on localhost behind a one-time token (or runs headless from
//! an answers file), checks the machine, saves every answer before acting, and installs Parley by running the real
//! `parley` binary's subcommands. Depends on no server crate: it drives `parley` from outside, as a person would.

mod answers;
mod checks;
mod install;
mod log;
mod steps;
mod web;

use answers::Answers;
use clap::Parser;
use install::{Setup, Start};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[derive(Parser)]
#[command(
    name = "parley-install",
    version,
    about = "Install Parley with a web wizard (or headless from an answers file)"
)]
struct Cli {
    /// Where the wizard listens (keep it on localhost; reach it through an SSH tunnel).
    #[arg(long, default_value = "127.0.0.1:7080")]
    listen: String,
    /// The installer's own files: answers.toml, the token, progress, install.log, the process logs.
    #[arg(long, default_value = "/var/lib/parley-install")]
    state_dir: PathBuf,
    /// The `parley` binary (default: next to parley-install, then on PATH).
    #[arg(long)]
    parley_bin: Option<PathBuf>,
    /// Where the systemd units are written.
    #[arg(long, default_value = "/etc/systemd/system")]
    systemd_dir: PathBuf,
    /// How Parley is started at the end.
    #[arg(long, value_enum, default_value = "systemd")]
    start: Start,
    /// The user the systemd units run Parley as (default: `parley` when it exists, else the current user).
    #[arg(long)]
    service_user: Option<String>,
    /// Run headless: read the answers from this file and run every step, printing numbered progress.
    #[arg(long)]
    answers: Option<PathBuf>,
    /// The built web app to suggest (default: `web` next to the binary, /usr/share/parley/web, ./web/dist).
    #[arg(long)]
    web_dist: Option<PathBuf>,
    /// Minutes without use after which the wizard stops.
    #[arg(long, default_value_t = 60, hide = true)]
    idle_minutes: u64,
    /// Seconds the wizard keeps answering "already installed" after the install, before it exits.
    #[arg(long, default_value_t = 120, hide = true)]
    linger_seconds: u64,
}

fn find_parley(given: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    if let Some(p) = given {
        anyhow::ensure!(p.is_file(), "--parley-bin {} is not a file", p.display());
        return Ok(p);
    }
    let beside = std::env::current_exe().ok().and_then(|e| e.parent().map(|d| d.join("parley")));
    if let Some(p) = beside.filter(|p| p.is_file()) {
        return Ok(p);
    }
    std::env::var_os("PATH")
        .and_then(|path| std::env::split_paths(&path).map(|d| d.join("parley")).find(|p| p.is_file()))
        .ok_or_else(|| anyhow::anyhow!("no parley binary next to parley-install or on PATH: give --parley-bin"))
}

fn default_web_dist(given: Option<PathBuf>) -> Option<PathBuf> {
    let beside = std::env::current_exe().ok().and_then(|e| e.parent().map(|d| d.join("web")));
    given
        .into_iter()
        .chain(beside)
        .chain([PathBuf::from("/usr/share/parley/web"), PathBuf::from("web/dist")])
        .find(|d| d.join("index.html").is_file())
}

fn current_user() -> String {
    let id = |args: &[&str]| {
        std::process::Command::new("id")
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
    };
    if id(&["-u", "parley"]).is_some() {
        return "parley".into();
    }
    id(&["-un"]).unwrap_or_else(|| "root".into())
}

/// After a successful install: the marker that locks the wizard for good, the token file gone, and in the log how
/// long the install took since this run of parley-install started (answered, as "2 min 13 s", for the summary) and
/// where Meta's callback goes (its verify token stays out of the log: the caller shows it).
pub fn finish(
    setup: &Setup,
    a: &Answers,
    log: &log::Log,
    started: Instant,
    webhook: Option<&install::Webhook>,
) -> String {
    let took = install::took(started.elapsed());
    let text = format!(
        "Parley was installed on {} for {} in {took}.\nThe wizard stays locked while this file exists.\n",
        chrono::Utc::now().to_rfc3339(),
        a.site.public_url
    );
    if let Err(e) = std::fs::write(setup.marker(), text) {
        log.line(&format!("could not write {}: {e}", setup.marker().display()));
    }
    let _ = std::fs::remove_file(setup.state_dir.join("token"));
    log.line(&format!("Installed in {took}."));
    if let Some(w) = webhook {
        log.line(&format!(
            "In the Meta app (WhatsApp, Configuration), set the callback URL {} with the verify token shown at the end of the install (also in Parley: Settings, WhatsApp).",
            w.callback_url
        ));
    }
    log.line(&format!("Done. Sign in at {}/login as {}.", a.site.public_url.trim_end_matches('/'), a.admin.email));
    took
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // reqwest and the S3 client bring rustls; choose its provider once, before any TLS client exists.
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    let cli = Cli::parse();
    std::fs::create_dir_all(&cli.state_dir)
        .map_err(|e| anyhow::anyhow!("creating {}: {e}", cli.state_dir.display()))?;
    #[cfg(unix)]
    std::fs::set_permissions(&cli.state_dir, std::os::unix::fs::PermissionsExt::from_mode(0o700))?;
    let setup = Setup {
        state_dir: cli.state_dir.clone(),
        parley_bin: find_parley(cli.parley_bin.clone())?,
        systemd_dir: cli.systemd_dir.clone(),
        start: cli.start,
        service_user: cli.service_user.clone().unwrap_or_else(current_user),
    };
    let answers_path = cli.state_dir.join("answers.toml");
    if let Some(file) = &cli.answers {
        return headless(&setup, file, &answers_path).await;
    }
    if setup.marker().exists() {
        println!(
            "Parley is already installed ({}): the wizard stays locked. To change settings edit parley.toml, or rerun headless with --answers.",
            setup.marker().display()
        );
        return Ok(());
    }
    let mut answers = if answers_path.exists() { Answers::load(&answers_path)? } else { Answers::default() };
    if !answers_path.exists()
        && let Some(d) = default_web_dist(cli.web_dist.clone())
    {
        answers.server.web_dist = std::fs::canonicalize(&d).unwrap_or(d).to_string_lossy().into_owned();
    }
    let listener =
        tokio::net::TcpListener::bind(&cli.listen).await.map_err(|e| anyhow::anyhow!("binding {}: {e}", cli.listen))?;
    let addr = listener.local_addr()?;
    let token = hex::encode(rand::random::<[u8; 24]>());
    let host = if addr.ip().is_unspecified() { "127.0.0.1".to_owned() } else { addr.ip().to_string() };
    let host = if host.contains(':') { format!("[{host}]") } else { host };
    let url = format!("http://{host}:{}/?token={token}", addr.port());
    let token_file = cli.state_dir.join("token");
    answers::write_private(&token_file, format!("{url}\n").as_bytes())?;
    let log = log::Log::new(cli.state_dir.join("install.log"), false);
    log.line(&format!("Wizard started on {addr} (token in {})", token_file.display()));
    let wizard = web::Wizard::new(
        token,
        setup,
        log,
        answers_path,
        answers,
        addr.port(),
        Duration::from_secs(cli.idle_minutes.max(1) * 60),
        Duration::from_secs(cli.linger_seconds),
    );
    println!(
        "\n  Parley's setup wizard is ready. Open this one-time URL (valid for {} minutes without use):\n\n    {url}\n\n  \
         The URL is also in {} (readable by you only). On a remote server, tunnel first:\n    ssh -L {port}:127.0.0.1:{port} you@server\n",
        cli.idle_minutes,
        token_file.display(),
        port = addr.port()
    );
    let app = web::router(wizard.clone());
    tokio::select! {
        r = std::future::IntoFuture::into_future(axum::serve(listener, app)) => r?,
        _ = web::watch(wizard.clone()) => {}
        _ = tokio::signal::ctrl_c() => wizard.log.line("Stopped (Ctrl-C); run parley-install again to continue where you left off."),
    }
    let _ = std::fs::remove_file(&token_file);
    if wizard.setup.marker().exists() {
        println!("Parley is installed; the wizard is locked.");
    }
    Ok(())
}

/// `--answers`: every step in order, numbered, stopping at the first failure with its fix (exit status 1).
async fn headless(setup: &Setup, file: &Path, answers_path: &Path) -> anyhow::Result<()> {
    let started = Instant::now();
    let a = Answers::load(file)?;
    // Saved before any side effect, as in the wizard.
    a.save(answers_path)?;
    let log = log::Log::new(setup.state_dir.join("install.log"), true);
    log.line(&format!("parley-install {} headless, answers from {}", env!("CARGO_PKG_VERSION"), file.display()));
    let own_port = 0;
    let mut webhook = None;
    for n in 1..=9u8 {
        let ctx = steps::Ctx { setup, log: &log, own_port, callback_token: hex::encode(rand::random::<[u8; 16]>()) };
        let outcome = steps::run(n, &a, &ctx).await;
        if !outcome.passed {
            log.line(&format!(
                "Step {n} ({}) failed: fix it and run the same command again.",
                steps::NAMES[usize::from(n) - 1]
            ));
            std::process::exit(1);
        }
        webhook = webhook.or(outcome.webhook);
    }
    finish(setup, &a, &log, started, webhook.as_ref());
    if let Some(w) = &webhook {
        // On the terminal only: the log file keeps no token.
        println!(
            "\nMeta app, WhatsApp, Configuration:\n  Callback URL:  {}\n  Verify token:  {}",
            w.callback_url, w.verify_token
        );
    }
    Ok(())
}
