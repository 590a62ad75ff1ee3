//! `parley`: the one binary. Wires the crates together (config, database bootstrap, services, HTTP)
//! and holds no domain logic.

mod backup_cli;
mod bench;
mod bench_analytics;
mod bench_billing;
mod bench_campaign;
mod bench_crm;
mod bench_flows;
mod bench_live;
mod bench_webhooks;
mod config;
mod demo_agency;
mod demo_billing;
mod demo_widget;
mod doctor;
mod install_cli;
mod secrets;

use anyhow::Context;
use clap::{Parser, Subcommand};
use config::Config;
use parley_http::{AppState, HttpConfig};
use parley_services::platform::seed;
use parley_services::{MailTransport, Services, ServicesConfig, Wiring};
use parley_store::DbConfig;
use parley_store::bootstrap::{self, APP_ROLE, AUTH_ROLE, RolePasswords, SYSTEM_ROLE};
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
    /// Run the background work only (webhook processing, sending, media downloads, mail), for scaling
    /// out next to `serve` nodes.
    Worker {
        /// Also answer /healthz, /readyz and /metrics on this address (for an orchestrator's probes and scraping);
        /// the worker serves nothing else.
        #[arg(long, env = "PARLEY_WORKER_LISTEN")]
        listen: Option<SocketAddr>,
    },
    /// Create the database and roles if needed and apply migrations, then exit. When migrations are pending on a
    /// database in use, a backup is taken first (docs/upgrade.md).
    Migrate {
        /// Only say whether migrations are pending (one line): exit 0 when none is, 1 otherwise.
        #[arg(long)]
        check: bool,
        /// Migrate without taking a backup first.
        #[arg(long)]
        no_backup: bool,
    },
    /// Check every dependency (database, migrations, Redis, SMTP, storage, WhatsApp numbers, Stripe, disk, queues,
    /// clock) and print the report; exits 1 when a check fails.
    Doctor {
        /// The report as JSON, for scripts.
        #[arg(long)]
        json: bool,
    },
    /// Maintenance mode: a banner for every user, writes answer 503, WhatsApp webhooks keep being stored.
    Maintenance {
        #[command(subcommand)]
        command: MaintenanceCommand,
    },
    /// Seed the demo workspace, then exit.
    Seed,
    /// Back up the database (pg_dump custom format), the media and a manifest with checksums (docs/backup.md).
    Backup {
        /// A directory or s3://bucket/prefix (default: `[backup]` in the configuration).
        #[arg(long)]
        to: Option<String>,
        /// Print the manifest as JSON.
        #[arg(long)]
        json: bool,
        /// A scheduled run (a CronJob's, a system timer's): recorded as scheduled, then `[backup]` retention applied.
        #[arg(long)]
        scheduled: bool,
    },
    /// Restore a backup (its id or directory): checks it in a scratch database, then swaps it in.
    Restore {
        /// A backup id (in the backup directory or bucket) or a backup's directory.
        backup: String,
        /// Only restore into a scratch database and check it; change nothing live.
        #[arg(long)]
        check_only: bool,
        /// End live connections to the database without asking.
        #[arg(long)]
        yes: bool,
    },
    /// Print the OpenAPI document.
    Openapi,
    /// Benchmarks that print figures (see docs/benchmarks.md).
    Bench {
        #[command(subcommand)]
        command: BenchCommand,
    },
    /// Run the WhatsApp simulator alone (a fake Graph API and WasenderAPI with signed webhooks).
    Simulator {
        #[arg(long)]
        port: Option<u16>,
    },
    /// Run the Stripe simulator alone (Stripe's API for what Parley calls, hosted Checkout and Portal pages,
    /// signed webhooks, a test clock).
    StripeSim {
        #[arg(long, default_value_t = 12111)]
        port: u16,
        /// Where events go (default: this config's public URL + /api/v1/webhooks/stripe).
        #[arg(long)]
        webhook_url: Option<String>,
    },
    /// Platform administration.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Analytics' rollups (docs/analytics.md).
    Analytics {
        #[command(subcommand)]
        command: AnalyticsCommand,
    },
}

#[derive(Subcommand)]
enum MaintenanceCommand {
    /// Turn it on for every node.
    On {
        /// What users see in the banner and in the 503s (default: an upgrade is under way).
        #[arg(long)]
        message: Option<String>,
    },
    /// Turn it off.
    Off,
    /// Say whether it is on.
    Status,
}

#[derive(Subcommand)]
enum AnalyticsCommand {
    /// Rebuild the rollups from the raw facts since a day (UTC), for every tenant or one.
    Backfill {
        /// `YYYY-MM-DD` or an RFC 3339 instant.
        #[arg(long)]
        since: String,
        #[arg(long)]
        tenant: Option<uuid::Uuid>,
    },
    /// Run one rollup pass now (what the job does every five minutes).
    Rollup,
}

#[derive(Subcommand)]
enum BenchCommand {
    /// Signed WhatsApp webhooks to a running server: acknowledgement latency, messages stored per second,
    /// and the same inserts direct (the floor).
    Ingest(LoadArgs),
    /// Authenticated tenant requests through a running server, and the same query direct (the floor).
    Api(LoadArgs),
    /// Contact lists, counts, segments and search at 100,000 contacts through a running server (sequential,
    /// p50/p90/p99) next to the same queries direct, their plans, and a 100,000-row import and export.
    Crm(CrmArgs),
    /// The outbound send path with quota metering on next to billing off, in alternating phases of one run, and
    /// the same sends through the service direct (the floor). Needs a server started with `--demo`.
    Billing(bench_billing::Args),
    /// Chatbot flows: the pure engine's node visits per second, inbound webhook to the bot's reply in the outbox at
    /// a fixed rate with 10,000 runs waiting on timers, and what 50 live flows cost the ingest, each next to its
    /// floor. Needs a server started with `--demo` (its WhatsApp simulator delivers the replies); `--only engine`
    /// needs none.
    Flows(bench_flows::Args),
    /// Campaigns: N recipients through a server and a WhatsApp simulator it starts as separate processes, the
    /// number capped: the rate against the cap, duplicates, every recipient settled; the same with the server
    /// killed (SIGKILL) and restarted mid-campaign; the uncapped rate next to sends straight to the simulator.
    Campaign(bench_campaign::Args),
    /// Outbound webhooks: deliveries per second to a receiver in this process next to signed POSTs sent straight to
    /// it (the floor), and commit-to-delivery latency at a fixed event rate, with the receiver healthy and failing
    /// every other request. Allows 127.0.0.1 for this process and retries after one second.
    Webhooks(bench_webhooks::Args),
    /// Analytics: a workspace with generated history (about 1,000,000 messages over 90 days) on a running server;
    /// the full backfill, the hourly rollup, and every report over HTTP for 90 days, each next to the same figure
    /// from raw rows.
    Analytics(bench_analytics::Args),
}

#[derive(clap::Args)]
struct CrmArgs {
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    url: String,
    /// Contacts generated in the fresh workspace (and rows in the imported CSV).
    #[arg(long, default_value_t = 100_000)]
    contacts: u64,
    /// Measured requests per scenario, one at a time.
    #[arg(long, default_value_t = 200)]
    requests: usize,
    #[arg(long, default_value_t = 20)]
    warmup: usize,
    /// The server's process id, to read its memory (VmRSS) around the export.
    #[arg(long)]
    pid: Option<u32>,
}

/// How hard a benchmark pushes, and where.
#[derive(clap::Args)]
struct LoadArgs {
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    url: String,
    #[arg(long, default_value_t = 32)]
    concurrency: usize,
    #[arg(long, default_value_t = 10)]
    seconds: u64,
}

impl From<LoadArgs> for bench::Args {
    fn from(a: LoadArgs) -> Self {
        Self { url: a.url, concurrency: a.concurrency, seconds: a.seconds }
    }
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Make a person platform admin (creating the account, with a generated password if none is given).
    CreatePlatformAdmin {
        #[arg(long)]
        email: String,
        /// The person's name, for a new account (default: the address's part before the @).
        #[arg(long)]
        name: Option<String>,
        /// Prefer the PARLEY_ADMIN_PASSWORD environment variable: arguments show up in process lists.
        #[arg(long, env = "PARLEY_ADMIN_PASSWORD", hide_env_values = true)]
        password: Option<String>,
    },
    /// Create the standard plans (Starter, Growth, Pro, Enterprise; Starter the default) when there is no plan at
    /// all, on sale when Stripe is configured. Changes nothing when plans exist.
    SeedDefaults {
        /// Print `{"plansCreated", "plans", "defaultPlan", "mailTemplates", "flowTemplates"}`.
        #[arg(long)]
        json: bool,
    },
    /// The operator's own workspace, owned by an existing person (made once; a second run finds it), optionally
    /// with its WhatsApp Cloud API number read from PARLEY_WA_PHONE_NUMBER_ID, PARLEY_WA_WABA_ID,
    /// PARLEY_WA_ACCESS_TOKEN, PARLEY_WA_APP_SECRET (and PARLEY_WA_NAME, default "WhatsApp").
    FirstWorkspace {
        #[arg(long)]
        owner_email: String,
        /// The workspace's name, when it is made.
        #[arg(long)]
        name: String,
        #[arg(long, value_enum, default_value = "none")]
        whatsapp: install_cli::WhatsApp,
        /// Print `{"workspaceId", "created", "connection": null | {"id", "created", "callbackUrl", "verifyToken"}}`.
        #[arg(long)]
        json: bool,
    },
    /// Re-seal every stored credential with the first of `security.encryption_keys` (after adding a key).
    ResealCredentials,
    /// Print a new credentials encryption key (for `security.encryption_keys`), or with `--write` put it first in
    /// the secrets file (`security.secrets_file`, created with a signing secret when missing).
    GenerateKey {
        /// The key's id; use a new one for each key (k1, k2 ...).
        #[arg(long, default_value = "k1")]
        id: String,
        /// Write the key into the secrets file instead of printing it.
        #[arg(long)]
        write: bool,
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
        Command::Migrate { check: true, .. } => {
            if !doctor::migrate_check(&cfg.database.url).await {
                std::process::exit(1);
            }
            Ok(())
        }
        Command::Migrate { check: false, no_backup } => migrate(&cfg, no_backup).await,
        Command::Doctor { json } => {
            // The report shows pending migrations; applying them here would hide them.
            let mut cfg = cfg;
            cfg.database.auto_migrate = false;
            let services = match connect(&cfg, false).await {
                Ok(s) => s,
                Err(e) => {
                    println!("database/redis  FAIL  {e:#}\n  -> Are PostgreSQL and Redis running and reachable?");
                    std::process::exit(1);
                }
            };
            if !doctor::doctor(&services, json).await? {
                std::process::exit(1);
            }
            Ok(())
        }
        Command::Maintenance { command } => {
            let mut cfg = cfg;
            cfg.database.auto_migrate = false;
            let services = connect(&cfg, false).await?;
            match command {
                MaintenanceCommand::On { message } => doctor::maintenance(&services, Some(true), message).await,
                MaintenanceCommand::Off => doctor::maintenance(&services, Some(false), None).await,
                MaintenanceCommand::Status => doctor::maintenance(&services, None, None).await,
            }
        }
        Command::Backup { to, json, scheduled } => backup_cli::backup(&cfg, to.as_deref(), json, scheduled).await,
        Command::Restore { backup, check_only, yes } => backup_cli::restore(&cfg, &backup, check_only, yes).await,
        Command::Seed => {
            let services = connect(&cfg, false).await?;
            seed::demo(&services.core).await?;
            print_demo_logins(&cfg);
            Ok(())
        }
        Command::Admin { command: AdminCommand::GenerateKey { id, write: false } } => {
            println!("{}", parley_services::crypto::Sealer::generate_key(&id));
            Ok(())
        }
        Command::Admin { command: AdminCommand::GenerateKey { id, write: true } } => {
            secrets::add_key(&cfg.security.secrets_file, &id)?;
            println!(
                "Added the key {id} first in {}; run `parley admin reseal-credentials` to move stored credentials to it.",
                cfg.security.secrets_file.display()
            );
            Ok(())
        }
        Command::Admin { command: AdminCommand::SeedDefaults { json } } => {
            install_cli::seed_defaults(&connect(&cfg, false).await?, json).await
        }
        Command::Admin { command: AdminCommand::FirstWorkspace { owner_email, name, whatsapp, json } } => {
            let services = connect(&cfg, false).await?;
            install_cli::first_workspace(&services, &owner_email, &name, whatsapp, json).await
        }
        Command::Admin { command: AdminCommand::ResealCredentials } => {
            let services = connect(&cfg, false).await?;
            let n = parley_services::channel::connections::reseal_credentials(&services.core).await?;
            println!("Re-sealed {n} credential(s) with the current key.");
            Ok(())
        }
        Command::Analytics { command } => {
            let services = connect(&cfg, false).await?;
            let started = std::time::Instant::now();
            let report = match command {
                AnalyticsCommand::Backfill { since, tenant } => {
                    let since = parse_since(&since)?;
                    services.rollups.backfill(since, tenant).await?
                }
                AnalyticsCommand::Rollup => services.rollups.run_once().await?,
            };
            println!(
                "Rolled up {} hour(s) of {} tenant(s) in {:.1} s.",
                report.hours,
                report.tenants,
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::Simulator { port } => run_simulator(&cfg, port).await,
        Command::StripeSim { port, webhook_url } => run_stripe_sim(&cfg, port, webhook_url).await,
        Command::Admin { command: AdminCommand::CreatePlatformAdmin { email, name, password } } => {
            let services = connect(&cfg, false).await?;
            let acct =
                seed::create_named_platform_admin(&services.core, &email, name.as_deref(), password.as_deref()).await?;
            match (acct.created, acct.generated_password) {
                (true, Some(p)) => println!("Created platform admin {email} with password: {p}"),
                (true, None) => println!("Created platform admin {email}."),
                (false, _) => println!("{email} is now a platform admin."),
            }
            Ok(())
        }
        Command::Bench { command: BenchCommand::Ingest(args) } => {
            bench::ingest(connect(&cfg, false).await?, args.into()).await
        }
        Command::Bench { command: BenchCommand::Api(args) } => {
            bench::api(connect(&cfg, false).await?, args.into()).await
        }
        Command::Bench { command: BenchCommand::Crm(a) } => {
            let args = bench_crm::Args {
                url: a.url,
                owner_url: cfg.database.url.clone(),
                contacts: a.contacts,
                requests: a.requests.max(1),
                warmup: a.warmup,
                pid: a.pid,
            };
            bench_crm::crm(connect(&cfg, false).await?, args).await
        }
        Command::Bench { command: BenchCommand::Billing(args) } => {
            bench_billing::billing(connect(&cfg, false).await?, args).await
        }
        Command::Bench { command: BenchCommand::Webhooks(args) } => {
            let mut cfg = cfg;
            cfg.flows.http_allow.push("127.0.0.1".into());
            cfg.webhooks.first_retry_secs = 1;
            bench_webhooks::webhooks(connect(&cfg, false).await?, args).await
        }
        Command::Bench { command: BenchCommand::Campaign(args) } => {
            bench_campaign::campaign(&cfg.database.url, args).await
        }
        Command::Bench { command: BenchCommand::Analytics(args) } => {
            bench_analytics::analytics(connect(&cfg, false).await?, &cfg.database.url, args).await
        }
        Command::Bench { command: BenchCommand::Flows(args) } => {
            let services = if args.needs_server() { Some(connect(&cfg, false).await?) } else { None };
            bench_flows::flows(services, &cfg.database.url, args).await
        }
        Command::Serve { demo } => serve(cfg, demo).await,
        Command::Worker { listen } => {
            let services = connect(&cfg, false).await?;
            start_background(&services);
            parley_realtime::emit_only(&services, &cfg.redis.url).await.context("real time")?;
            let Some(addr) = listen else {
                tracing::info!("parley worker is running");
                shutdown().await;
                return Ok(());
            };
            let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("binding {addr}"))?;
            tracing::info!(%addr, "parley worker is running; probes answer on this address");
            let state = AppState { services, cfg: Arc::new(http_config(&cfg, None)?) };
            axum::serve(listener, parley_http::probe_router(state)).with_graceful_shutdown(shutdown()).await?;
            Ok(())
        }
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
    let auth_url = match &d.auth_url {
        Some(u) => u.clone(),
        None => bootstrap::url_for_role(&d.url, AUTH_ROLE, pw(&d.auth_password).as_deref())?,
    };
    Ok(DbConfig { owner_url: d.url.clone(), app_url, system_url, auth_url, max_connections: d.max_connections })
}

/// `parley migrate`: a backup first when migrations are pending on a database in use (not on a fresh one, which
/// has nothing to lose), then the migrations.
async fn migrate(cfg: &Config, no_backup: bool) -> anyhow::Result<()> {
    let pending = doctor::pending_migrations(&cfg.database.url).await;
    match &pending {
        Ok((pending, applied)) if !pending.is_empty() && *applied > 0 && !no_backup => {
            println!("{} migration(s) pending: taking a backup first (--no-backup skips it)", pending.len());
            let manifest = backup_before_migrate(cfg).await?;
            println!("Backup {} written to {}", manifest.id, manifest.location);
        }
        Ok((pending, _)) if !pending.is_empty() && no_backup => {
            println!("{} migration(s) pending: migrating without a backup (--no-backup)", pending.len());
        }
        _ => {}
    }
    prepare_database(cfg).await?;
    println!("migrations: up to date");
    Ok(())
}

/// The backup `parley migrate` takes: the backups' own function for use before the services exist.
async fn backup_before_migrate(cfg: &Config) -> anyhow::Result<parley_services::operations::backup::BackupManifest> {
    parley_services::operations::backup::backup_database(
        &backup_cli::backup_config(cfg, None)?,
        &cfg.database.url,
        &cfg.media,
        parley_services::operations::backup::BackupReason::BeforeMigrate,
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))
    .context("the backup before migrating failed, so nothing was migrated (`parley migrate --no-backup` skips it)")
}

async fn prepare_database(cfg: &Config) -> anyhow::Result<()> {
    let d = &cfg.database;
    let app = d.app_password.as_ref().map(|p| p.expose_secret().to_owned());
    let system = d.system_password.as_ref().map(|p| p.expose_secret().to_owned());
    let auth = d.auth_password.as_ref().map(|p| p.expose_secret().to_owned());
    let pw = RolePasswords { app: app.as_deref(), system: system.as_deref(), auth: auth.as_deref() };
    bootstrap::prepare(&d.url, &pw).await.context(
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
        from: cfg.mail_from(),
    })?;
    Ok(MailTransport::Smtp(mailer))
}

async fn connect(cfg: &Config, demo: bool) -> anyhow::Result<Services> {
    connect_with(cfg, demo, None, None).await
}

/// What flows' HTTP nodes and outbound webhooks may reach besides the public internet: `[flows] http_allow`, and
/// in demo mode this server itself (the demo's webhook endpoint is its request sink, `/api/v1/dev/webhook-sink`).
fn outbound_allow(cfg: &Config, demo: bool) -> Vec<String> {
    let mut allow = cfg.flows.http_allow.clone();
    if demo
        && let Ok(url) = reqwest::Url::parse(&cfg.public_url())
        && let Some(host) = url.host_str()
    {
        allow.push(match url.port_or_known_default() {
            Some(port) if host.parse::<std::net::Ipv6Addr>().is_ok() => format!("[{host}]:{port}"),
            Some(port) => format!("{host}:{port}"),
            None => host.to_owned(),
        });
    }
    allow
}

/// `demo_stripe`: the in-process Stripe simulator's API address, used when no Stripe key is configured; `demo_dns`:
/// the in-process DNS simulator custom domains are checked against when no resolver is configured.
async fn connect_with(
    cfg: &Config,
    demo: bool,
    demo_stripe: Option<&str>,
    demo_dns: Option<&parley_dns_sim::DnsSim>,
) -> anyhow::Result<Services> {
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
        presence_grace: Duration::from_secs(cfg.realtime.presence_grace_secs.min(3600)),
        api_requests_per_minute: cfg.api.requests_per_minute.max(1),
        session_requests_per_minute: cfg.api.session_requests_per_minute.max(1),
        mail: parley_services::mail::MailSettings {
            from: cfg.mail_from(),
            spf_include: cfg.mail.spf_include.trim().trim_end_matches('.').to_owned(),
            dkim_target: cfg.mail.dkim_target.trim().trim_end_matches('.').to_owned(),
        },
        site: cfg.site_settings().map_err(|e| anyhow::anyhow!(e))?,
        ..ServicesConfig::default()
    };
    let secrets = secrets::resolve(cfg, demo).await?;
    let mut services = Services::connect(Wiring {
        db: db_config(cfg)?,
        redis_url: cfg.redis.url.clone(),
        cfg: services_cfg,
        jwt_secret: secrets.jwt_secret,
        mail: mail_transport(cfg)?,
        channel: channel_config(cfg, demo),
        media: cfg.media.clone(),
        encryption_keys: secrets.encryption_keys,
        billing: billing_setup(cfg, demo_stripe)?,
        flows_http: parley_services::flows::guarded_http::GuardConfig {
            allow: outbound_allow(cfg, demo),
            max_response_bytes: cfg.flows.http_max_response_bytes.clamp(1024, 16 * 1024 * 1024),
            ..Default::default()
        },
        campaigns: parley_services::campaigns::CampaignsConfig {
            sending_timeout: Duration::from_secs(cfg.campaigns.sending_timeout_secs.max(5)),
            batch: cfg.campaigns.batch.clamp(1, 1000),
            concurrency: cfg.campaigns.concurrency.clamp(1, 1000),
            reply_days: cfg.campaigns.reply_days.clamp(1, 60),
            qr_seconds_per_message: cfg.campaigns.qr_seconds_per_message.max(1),
            qr_daily_cap: cfg.campaigns.qr_daily_cap.max(1),
        },
        webhooks: parley_services::automations::WebhooksConfig {
            timeout: Duration::from_secs(cfg.webhooks.timeout_secs.clamp(1, 30)),
            concurrency: cfg.webhooks.concurrency.clamp(1, 1000),
            disable_after: chrono::Duration::hours(cfg.webhooks.disable_after_hours.clamp(1, 24 * 7)),
            first_backoff: chrono::Duration::seconds(cfg.webhooks.first_retry_secs.clamp(1, 3600)),
            ..Default::default()
        },
        domains: domains_config(cfg, demo_dns)?,
    })
    .await
    .context("connecting to PostgreSQL and Redis")?;
    services.core.operations.set_build(doctor::build_info());
    services.backups = services.backups.with_config(backup_cli::backup_config(cfg, None)?);
    Ok(services)
}

/// Custom domains: the configured nameserver, else the demo's DNS simulator, else the system's resolvers.
fn domains_config(
    cfg: &Config,
    demo_dns: Option<&parley_dns_sim::DnsSim>,
) -> anyhow::Result<parley_services::brand::domains::DomainsConfig> {
    use parley_services::brand::dns::Nameserver;
    let d = &cfg.domains;
    let nameserver = match (d.resolver.as_deref(), demo_dns) {
        (Some(r), _) => Nameserver::parse(r).map_err(|e| anyhow::anyhow!("domains.resolver: {e}"))?,
        (None, Some(sim)) => Nameserver::At(sim.addr()),
        (None, None) => Nameserver::System,
    };
    Ok(parley_services::brand::domains::DomainsConfig {
        target_host: d.target_host.clone().filter(|h| !h.trim().is_empty()),
        nameserver,
        recheck_every: Duration::from_secs(d.recheck_minutes.clamp(1, 7 * 24 * 60) * 60),
        dev_dns: demo_dns.cloned(),
    })
}

/// The payment gateway: Stripe when a key is configured (any base URL: the simulator speaks the same API),
/// the in-process simulator in demo mode, else manual billing.
fn billing_setup(cfg: &Config, demo_stripe: Option<&str>) -> anyhow::Result<parley_services::billing::Billing> {
    let b = &cfg.billing;
    let days = |d: u64| Duration::from_secs(d * 86_400);
    let demo_key = demo_stripe.map(|url| ("sk_test_parley_demo".to_owned(), url.to_owned()));
    let key = b.stripe_secret_key.as_ref().map(|k| (k.expose_secret().to_owned(), b.stripe_base_url.clone()));
    let key = key.or_else(|| demo_key.map(|(k, u)| (k, Some(u))));
    let gateway: Option<std::sync::Arc<dyn parley_billing::BillingGateway>> = match key {
        Some((key, base_url)) => Some(std::sync::Arc::new(
            parley_billing::StripeGateway::new(parley_billing::StripeConfig {
                secret_key: key,
                base_url,
                trial_end_behavior: parley_billing::TrialEndBehavior::Pause,
            })
            .map_err(|e| anyhow::anyhow!("billing.stripe: {e}"))?,
        )),
        None => None,
    };
    Ok(parley_services::billing::Billing {
        gateway,
        webhook_secret: b
            .stripe_webhook_secret
            .as_ref()
            .map(|s| s.expose_secret().to_owned())
            .or_else(|| demo_stripe.map(|_| parley_stripe_sim::SimConfig::default().webhook_secret)),
        grace: days(b.grace_days),
        suspend_after: days(b.suspend_after_days),
        ..Default::default()
    })
}

fn channel_config(cfg: &Config, demo: bool) -> parley_services::channel::ChannelConfig {
    let w = &cfg.whatsapp;
    parley_services::channel::ChannelConfig {
        graph_url: w.graph_url.clone(),
        wasender_url: w.wasender_url.clone(),
        wasender_token: w.wasender_token.as_ref().map(|t| t.expose_secret().to_owned()),
        simulator_url: demo.then(|| format!("{}/sim", cfg.public_url())),
        default_rate_per_second: w.default_rate_per_second.clamp(1, 1000),
        recipient_gap: Duration::from_millis(w.recipient_gap_ms),
        send_max_attempts: w.send_max_attempts.max(1),
        retry_base: Duration::from_millis(w.retry_base_ms.max(1)),
        ingest_workers: w.ingest_workers.clamp(1, 64),
        ingest_batch: w.ingest_batch.clamp(1, 1000),
        ..Default::default()
    }
}

fn simulator(cfg: &Config, public_url: String) -> parley_simulator::Simulator {
    let s = &cfg.whatsapp.simulator;
    parley_simulator::Simulator::new(parley_simulator::SimConfig {
        delivered_after: Duration::from_millis(s.delivered_after_ms),
        read_after: Duration::from_millis(s.read_after_ms),
        failure_rate: s.failure_rate.clamp(0.0, 1.0),
        auto_read: s.auto_read,
        public_url,
    })
}

async fn run_simulator(cfg: &Config, port: Option<u16>) -> anyhow::Result<()> {
    let port = port.unwrap_or(cfg.whatsapp.simulator.port);
    let addr: SocketAddr = format!("{}:{port}", cfg.server.host).parse().context("server.host")?;
    let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("binding {addr}"))?;
    let host = if cfg.server.host == "0.0.0.0" { "127.0.0.1" } else { &cfg.server.host };
    let base = format!("http://{host}:{port}/sim");
    println!(
        "\n  WhatsApp simulator at {base}\n    Graph API:   {base}/graph/v23.0   (set whatsapp.graph_url to this)\n    WasenderAPI: {base}/wasender\n    Control API: {base}/api (register numbers: POST {base}/api/numbers)\n"
    );
    parley_simulator::serve(listener, simulator(cfg, base)).await
}

async fn run_stripe_sim(cfg: &Config, port: u16, webhook_url: Option<String>) -> anyhow::Result<()> {
    let addr: SocketAddr = format!("{}:{port}", cfg.server.host).parse().context("server.host")?;
    let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("binding {addr}"))?;
    let host = if cfg.server.host == "0.0.0.0" { "127.0.0.1" } else { &cfg.server.host };
    let base = format!("http://{host}:{port}");
    let webhook_url = webhook_url.unwrap_or_else(|| format!("{}/api/v1/webhooks/stripe", cfg.public_url()));
    let webhook_secret = cfg
        .billing
        .stripe_webhook_secret
        .as_ref()
        .map_or_else(|| parley_stripe_sim::SimConfig::default().webhook_secret, |s| s.expose_secret().to_owned());
    println!(
        "\n  Stripe simulator at {base}/   (test clock: POST {base}/_sim/clock/advance {{\"seconds\": N}})\n    key:      any sk_test_... (e.g. sk_test_parley)\n    webhooks: {webhook_url}, signed with {webhook_secret}\n    point Parley at it: PARLEY_BILLING__STRIPE_BASE_URL={base}/ PARLEY_BILLING__STRIPE_SECRET_KEY=sk_test_parley PARLEY_BILLING__STRIPE_WEBHOOK_SECRET={webhook_secret}\n"
    );
    let sim = parley_stripe_sim::StripeSim::new(parley_stripe_sim::SimConfig {
        webhook_url: Some(webhook_url),
        webhook_secret,
        public_url: base,
        ..Default::default()
    });
    parley_stripe_sim::serve(listener, sim).await
}

fn print_demo_logins(cfg: &Config) {
    let url = cfg.public_url();
    println!(
        "\n  Parley demo is ready at {url}\n\n    owner:          {} / {pw}\n    agent:          {} / {pw}\n    platform admin: {} / {pw}\n    agency:         {} / {pw}  (Brightwave Digital; its client: {} / {pw})\n\n  Play the customer on the simulated WhatsApp number: {url}/phone\n  Mails land in the dev mailbox: {url}/dev/mailbox   API docs: {url}/api/docs\n  Custom domains are checked against the demo DNS, edited at {url}/dev/dns\n",
        seed::DEMO_OWNER,
        seed::DEMO_AGENT,
        seed::DEMO_ADMIN,
        demo_agency::AGENCY_OWNER,
        demo_agency::CLIENT_OWNER,
        pw = seed::DEMO_PASSWORD
    );
}

async fn serve(cfg: Config, demo: bool) -> anyhow::Result<()> {
    let public_url = cfg.public_url();
    // Demo mode without a Stripe key: the Stripe simulator runs in-process. Parley calls its API on a private
    // port (usable before this server listens, for seeding); browsers reach its pages at /stripe-sim.
    let stripe_sim = if demo && cfg.billing.stripe_secret_key.is_none() {
        let sim = parley_stripe_sim::StripeSim::new(parley_stripe_sim::SimConfig {
            webhook_url: Some(format!("{public_url}/api/v1/webhooks/stripe")),
            public_url: format!("{public_url}/stripe-sim"),
            ..Default::default()
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.context("binding the Stripe simulator")?;
        let api = format!("http://{}", listener.local_addr()?);
        tokio::spawn(parley_stripe_sim::serve(listener, sim.clone()));
        Some((sim, api))
    } else {
        None
    };
    // Demo mode: custom domains are checked against an in-process DNS server whose records /dev/dns edits (unless
    // `domains.resolver` names a real one).
    let dns_sim = if demo {
        let addr = "127.0.0.1:0".parse().context("DNS simulator address")?;
        Some(parley_dns_sim::DnsSim::start(addr).await.context("starting the DNS simulator")?)
    } else {
        None
    };
    let services = connect_with(&cfg, demo, stripe_sim.as_ref().map(|(_, api)| api.as_str()), dns_sim.as_ref()).await?;
    // Demo mode: the simulator plays WhatsApp in-process, at /sim on this same port.
    let sim = if demo {
        seed::demo(&services.core).await.context("seeding the demo workspace")?;
        let number = seed::demo_number(&services.core).await.context("seeding the demo number")?;
        let sim = simulator(&cfg, format!("{public_url}/sim"));
        sim.register_number(parley_simulator::BusinessNumber {
            phone_number_id: seed::DEMO_PHONE_NUMBER_ID.into(),
            waba_id: seed::DEMO_WABA_ID.into(),
            display_phone_number: seed::DEMO_DISPLAY_NUMBER.into(),
            verified_name: "Demo Company".into(),
            access_token: number.access_token.clone(),
            app_secret: number.app_secret.clone(),
            webhook_url: number.webhook_url.clone(),
        });
        sim.remember_customers(seed::DEMO_PHONE_NUMBER_ID, &number.recent_customers);
        let templates: Vec<_> = parley_simulator::seeded_templates(&format!("{public_url}/r/"))
            .into_iter()
            .map(|(n, l, c, components)| (n.to_owned(), l.to_owned(), c.to_owned(), components))
            .collect();
        seed::demo_campaigns(&services.core, &templates).await.context("seeding the demo campaigns")?;
        seed::demo_history(&services.core).await.context("seeding the demo's analytics history")?;
        demo_widget::seed(&services, &public_url).await.context("seeding the demo's website widget")?;
        if let Some((_, api)) = &stripe_sim {
            demo_billing::seed(&services, api, &format!("{public_url}/stripe-sim"))
                .await
                .context("seeding demo billing")?;
            demo_agency::seed(&services, api, &format!("{public_url}/stripe-sim"))
                .await
                .context("seeding the demo agency")?;
        }
        // Last: the demo's backup holds everything seeded above.
        backup_cli::seed_demo(&services);
        Some((sim, number))
    } else {
        None
    };
    start_background(&services);

    let dist = cfg.web.dist_dir.clone();
    let web_dist = if dist.join("index.html").is_file() {
        Some(dist)
    } else {
        tracing::warn!(dir = %dist.display(), "web app not built; serving the API only");
        None
    };
    let state = AppState { services, cfg: Arc::new(http_config(&cfg, web_dist)?) };
    let addr: SocketAddr = format!("{}:{}", cfg.server.host, cfg.server.port).parse().context("server.host/port")?;
    let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("binding {addr}"))?;
    tracing::info!(%addr, %public_url, "parley is listening");
    let realtime = parley_realtime::serve(&state.services, &cfg.redis.url).await.context("real time")?;
    let mut app = parley_http::router(state.clone());
    if let Some((sim, _)) = &stripe_sim {
        app = app.nest("/stripe-sim", sim.router());
    }
    if let Some((sim, number)) = sim {
        app = app.nest("/sim", sim.router());
        let core = state.services.core.clone();
        tokio::spawn(async move {
            // The templates come from the simulator, which answers once the server below is up.
            tokio::time::sleep(Duration::from_millis(300)).await;
            if let Err(e) = seed::demo_templates(&core, &number).await {
                tracing::warn!(error = %e, "demo templates not synced");
            }
        });
        print_demo_logins(&cfg);
    }
    // Socket.IO answers /socket.io on the same port; everything else reaches the router. The website widget's
    // polling fallback comes from customers' sites, so those requests get the widget's CORS around it.
    let app = app
        .layer(realtime)
        .layer(axum::middleware::map_request(|req: axum::extract::Request| async move {
            parley_realtime::detach_request(req)
        }))
        .layer(axum::middleware::from_fn_with_state(state.clone(), parley_http::routes::widget::public::socket_cors));
    // Small responses on kept-alive connections must not wait for Nagle's algorithm.
    let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
        let _ = tcp.set_nodelay(true);
    });
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown())
        .await?;
    Ok(())
}

/// What the HTTP layer needs to know of the configuration (the web node's, and the worker's probes).
fn http_config(cfg: &Config, web_dist: Option<PathBuf>) -> anyhow::Result<HttpConfig> {
    Ok(HttpConfig {
        web_dist,
        secure_cookies: cfg.public_url().starts_with("https://"),
        trust_proxy: cfg.server.trust_proxy,
        trusted_proxies: cfg.server.trusted_proxies()?,
        cors_origins: cfg.http.cors_origins.clone(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
    })
}

/// A day (its UTC midnight) or an instant.
fn parse_since(s: &str) -> anyhow::Result<chrono::DateTime<chrono::Utc>> {
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&chrono::Utc));
    }
    let day = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| anyhow::anyhow!("--since must be YYYY-MM-DD or an RFC 3339 instant"))?;
    Ok(day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc())
}

/// The background work every `serve` and `worker` node shares: several nodes split it through the
/// database (claimed rows, apalis jobs).
fn start_background(services: &Services) {
    tokio::spawn(services.mail.clone().run_dispatcher());
    tokio::spawn(parley_services::inbox::routing::run_snooze_sweeper(services.core.clone()));
    for _ in 0..services.core.channel.cfg.ingest_workers {
        tokio::spawn(parley_services::channel::ingest::run_processor(services.ingest.clone()));
    }
    // Chatbot flows: each contact's events in order; contacts are claimed per node, so nodes share the work.
    tokio::spawn(parley_services::flows::runner::run_runner(services.flow_runner.clone()));
    // Campaigns: lanes per campaign and number; recipients are claimed with SKIP LOCKED, so nodes share the work.
    tokio::spawn(parley_services::campaigns::sender::run_sender(services.campaign_sender.clone()));
    // Numbers' messaging tiers from Meta, each once a day (nodes agree through Redis).
    tokio::spawn(parley_services::channel::connections::run_limits_refresh(services.connections.clone()));
    // Outbound webhooks: deliveries are claimed with SKIP LOCKED, in order per conversation, on every node.
    tokio::spawn(parley_services::automations::delivery::run_deliveries(services.webhook_delivery.clone()));
    // Automations: queued events are claimed with SKIP LOCKED; timers and schedules fire once per window.
    tokio::spawn(parley_services::automations::engine::run_automations(services.automation_worker.clone()));
    parley_jobs::spawn(services.clone(), node_name());
    // Trial reminders and the dunning ladder; every node may sweep (each step is recorded once).
    tokio::spawn(services.dunning.clone().run());
    let plans = services.plans.clone();
    tokio::spawn(async move {
        // Plans made while billing was manual go on sale once a gateway is configured.
        if let Err(e) = plans.sync_to_gateway(false).await {
            tracing::warn!(error = %e, "plans not synced to the payment gateway");
        }
    });
}

/// Names this node's workers (host and process), so a crashed node's jobs can be told apart.
fn node_name() -> String {
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "parley".into());
    format!("{host}-{}", std::process::id())
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
