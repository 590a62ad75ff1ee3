//! `parley`: the one binary. Wires the crates together (config, database bootstrap, services, HTTP)
//! and holds no domain logic.

mod bench;
mod config;

use anyhow::Context;
use clap::{Parser, Subcommand};
use config::Config;
use parley_http::{AppState, HttpConfig};
use parley_services::{MailTransport, Services, ServicesConfig, Wiring, seed};
use parley_store::DbConfig;
use parley_store::bootstrap::{self, APP_ROLE, RolePasswords, SYSTEM_ROLE};
use secrecy::ExposeSecret;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

#[derive(Parser)]
#[command(name = "parley", version, about = "Parley: the multi-tenant WhatsApp CRM")]
struct Cli {
    /// Config file (default: ./parley.toml when present).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the API, the web app and the background workers.
    Serve {
        /// Seed a demo workspace and print its logins.
        #[arg(long)]
        demo: bool,
    },
    /// Create the database and roles if needed and apply migrations, then exit.
    Migrate,
    /// Seed the demo workspace, then exit.
    Seed,
    /// Print the OpenAPI document.
    Openapi,
    /// Benchmarks that print figures (see docs/benchmarks.md).
    Bench {
        #[command(subcommand)]
        command: BenchCommand,
    },
    /// Platform administration.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
}

#[derive(Subcommand)]
enum BenchCommand {
    /// Authenticated tenant requests through a running server, and the same query direct (the floor).
    Api {
        #[arg(long, default_value = "http://127.0.0.1:8080")]
        url: String,
        #[arg(long, default_value_t = 32)]
        concurrency: usize,
        #[arg(long, default_value_t = 10)]
        seconds: u64,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Make a person platform admin (creating the account, with a generated password if none is given).
    CreatePlatformAdmin {
        #[arg(long)]
        email: String,
        /// Prefer the PARLEY_ADMIN_PASSWORD environment variable: arguments show up in process lists.
        #[arg(long, env = "PARLEY_ADMIN_PASSWORD", hide_env_values = true)]
        password: Option<String>,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // Several dependencies bring rustls; choose the provider once, before any TLS client exists.
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    let cli = Cli::parse();
    let cfg = Config::load(cli.config.as_deref()).map_err(|e| anyhow::anyhow!("configuration: {e}"))?;
    init_tracing(&cfg);
    match cli.command {
        Command::Openapi => {
            println!("{}", parley_http::openapi_json());
            Ok(())
        }
        Command::Migrate => prepare_database(&cfg).await,
        Command::Seed => {
            let services = connect(&cfg, false).await?;
            seed::demo(&services.core).await?;
            print_demo_logins(&cfg);
            Ok(())
        }
        Command::Admin { command: AdminCommand::CreatePlatformAdmin { email, password } } => {
            let services = connect(&cfg, false).await?;
            let acct = seed::create_platform_admin(&services.core, &email, password.as_deref()).await?;
            match (acct.created, acct.generated_password) {
                (true, Some(p)) => println!("Created platform admin {email} with password: {p}"),
                (true, None) => println!("Created platform admin {email}."),
                (false, _) => println!("{email} is now a platform admin."),
            }
            Ok(())
        }
        Command::Bench { command: BenchCommand::Api { url, concurrency, seconds } } => {
            let services = connect(&cfg, false).await?;
            bench::api(services, bench::Args { url, concurrency, seconds }).await
        }
        Command::Serve { demo } => serve(cfg, demo).await,
    }
}

fn init_tracing(cfg: &Config) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new(format!("{},sqlx=warn,sea_orm=warn,tower_http=info", cfg.log.level)));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    if cfg.log.format == "json" {
        builder.json().init();
    } else {
        builder.init();
    }
}

fn db_config(cfg: &Config) -> anyhow::Result<DbConfig> {
    let d = &cfg.database;
    let pw = |s: &Option<secrecy::SecretString>| s.as_ref().map(|p| p.expose_secret().to_owned());
    let app_url = match &d.app_url {
        Some(u) => u.clone(),
        None => bootstrap::url_for_role(&d.url, APP_ROLE, pw(&d.app_password).as_deref())?,
    };
    let system_url = match &d.system_url {
        Some(u) => u.clone(),
        None => bootstrap::url_for_role(&d.url, SYSTEM_ROLE, pw(&d.system_password).as_deref())?,
    };
    Ok(DbConfig { owner_url: d.url.clone(), app_url, system_url, max_connections: d.max_connections })
}

async fn prepare_database(cfg: &Config) -> anyhow::Result<()> {
    let d = &cfg.database;
    let app = d.app_password.as_ref().map(|p| p.expose_secret().to_owned());
    let system = d.system_password.as_ref().map(|p| p.expose_secret().to_owned());
    bootstrap::prepare(&d.url, &RolePasswords { app: app.as_deref(), system: system.as_deref() }).await.context(
        "preparing the database (is PostgreSQL running, and may DATABASE_URL's user create databases and roles?)",
    )
}

fn mail_transport(cfg: &Config) -> anyhow::Result<MailTransport> {
    let m = &cfg.mail;
    let smtp = match m.transport.as_deref() {
        Some("dev") => false,
        Some("smtp") => true,
        Some(other) => anyhow::bail!("mail.transport must be smtp or dev, not {other:?}"),
        None => m.smtp_url.is_some(),
    };
    if !smtp {
        return Ok(MailTransport::DevMailbox);
    }
    let url = m.smtp_url.clone().context("mail.transport is smtp but mail.smtp_url is not set")?;
    let mailer = parley_mail::SmtpMailer::new(&parley_mail::SmtpConfig {
        url,
        username: m.smtp_username.clone(),
        password: m.smtp_password.clone(),
        from: m.from.clone(),
    })?;
    Ok(MailTransport::Smtp(mailer))
}

async fn connect(cfg: &Config, demo: bool) -> anyhow::Result<Services> {
    if cfg.database.auto_migrate {
        prepare_database(cfg).await?;
    }
    let services_cfg = ServicesConfig {
        public_url: cfg.public_url(),
        access_ttl: Duration::from_secs(cfg.auth.access_ttl_secs.clamp(60, 24 * 3600)),
        refresh_ttl: Duration::from_secs(cfg.auth.refresh_ttl_days.clamp(1, 90) * 86_400),
        signup_enabled: cfg.auth.signup_enabled,
        demo,
        login_max_failures: cfg.auth.login_max_failures.max(1),
        ..ServicesConfig::default()
    };
    Services::connect(Wiring {
        db: db_config(cfg)?,
        redis_url: cfg.redis.url.clone(),
        cfg: services_cfg,
        jwt_secret: cfg.auth.jwt_secret.as_ref().map(|s| s.expose_secret().to_owned()),
        mail: mail_transport(cfg)?,
    })
    .await
    .context("connecting to PostgreSQL and Redis")
}

fn print_demo_logins(cfg: &Config) {
    let url = cfg.public_url();
    println!(
        "\n  Parley demo is ready at {url}\n\n    owner:          {} / {pw}\n    agent:          {} / {pw}\n    platform admin: {} / {pw}\n\n  Mails land in the dev mailbox: {url}/dev/mailbox   API docs: {url}/api/docs\n",
        seed::DEMO_OWNER,
        seed::DEMO_AGENT,
        seed::DEMO_ADMIN,
        pw = seed::DEMO_PASSWORD
    );
}

async fn serve(cfg: Config, demo: bool) -> anyhow::Result<()> {
    let services = connect(&cfg, demo).await?;
    if demo {
        seed::demo(&services.core).await.context("seeding the demo workspace")?;
    }
    tokio::spawn(services.mail.clone().run_dispatcher());

    let dist = cfg.web.dist_dir.clone();
    let web_dist = if dist.join("index.html").is_file() {
        Some(dist)
    } else {
        tracing::warn!(dir = %dist.display(), "web app not built; serving the API only");
        None
    };
    let public_url = cfg.public_url();
    let state = AppState {
        services,
        cfg: Arc::new(HttpConfig {
            web_dist,
            secure_cookies: public_url.starts_with("https://"),
            trust_proxy: cfg.server.trust_proxy,
            version: env!("CARGO_PKG_VERSION").to_owned(),
        }),
    };
    let addr: SocketAddr = format!("{}:{}", cfg.server.host, cfg.server.port).parse().context("server.host/port")?;
    let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("binding {addr}"))?;
    tracing::info!(%addr, %public_url, "parley is listening");
    if demo {
        print_demo_logins(&cfg);
    }
    axum::serve(listener, parley_http::router(state).into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown())
        .await?;
    Ok(())
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}
