//! Configuration: defaults, then `parley.toml` (or `--config`), then environment variables:
//! the usual `DATABASE_URL`, `REDIS_URL`, `PORT`, and `PARLEY_*` with `__` for nesting
//! (`PARLEY_MAIL__TRANSPORT=dev`), which win. Secrets are `SecretString`: never printed.

use figment::Figment;
use figment::providers::{Env, Format, Toml};
use secrecy::SecretString;
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct Config {
    pub server: Server,
    pub database: Database,
    pub redis: Redis,
    pub auth: Auth,
    pub api: Api,
    pub mail: Mail,
    pub web: Web,
    pub http: Http,
    pub log: Log,
    pub whatsapp: WhatsApp,
    pub media: parley_media::MediaConfig,
    pub security: Security,
    pub realtime: Realtime,
    pub billing: Billing,
    pub flows: Flows,
    pub campaigns: Campaigns,
    pub webhooks: Webhooks,
    pub domains: Domains,
    pub backup: Backup,
    pub site: Site,
}

#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct Server {
    pub host: String,
    pub port: u16,
    /// Where people reach Parley (links in mails). Default: http://127.0.0.1:<port>.
    pub public_url: Option<String>,
    pub trust_proxy: bool,
    /// With `trust_proxy`: the proxies' addresses or networks. Only they may set `X-Forwarded-For`/`-Proto`, and
    /// they are skipped when reading `X-Forwarded-For` from the right. Empty: whichever peer connects.
    pub trusted_proxies: Vec<String>,
}

impl Default for Server {
    fn default() -> Self {
        Self { host: "127.0.0.1".into(), port: 8080, public_url: None, trust_proxy: false, trusted_proxies: vec![] }
    }
}

impl Server {
    pub fn trusted_proxies(&self) -> anyhow::Result<parley_services::identity::ip_allow::IpAllowList> {
        parley_services::identity::ip_allow::IpAllowList::parse(&self.trusted_proxies).map_err(|errors| {
            let bad: Vec<_> = errors.into_iter().map(|e| e.message).collect();
            anyhow::anyhow!("server.trusted_proxies: {}", bad.join("; "))
        })
    }
}

/// The HTTP surface's browser rules (docs/security.md, "HTTP hardening").
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Http {
    /// Origins allowed to call the API from a browser page, exactly as the browser sends them
    /// (`https://crm.example.com`, no path, no trailing slash). Empty: no CORS headers at all.
    pub cors_origins: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct Database {
    /// The owner (migrating) role's URL; names the database.
    pub url: String,
    /// Runtime role URLs; derived from `url` (same server and database) when not set.
    pub app_url: Option<String>,
    pub system_url: Option<String>,
    pub auth_url: Option<String>,
    pub app_password: Option<SecretString>,
    pub system_password: Option<SecretString>,
    pub auth_password: Option<SecretString>,
    pub max_connections: u32,
    /// Create the database and roles and migrate on start.
    pub auto_migrate: bool,
}

impl Default for Database {
    fn default() -> Self {
        Self {
            url: "postgres://postgres@127.0.0.1:5432/parley".into(),
            app_url: None,
            system_url: None,
            auth_url: None,
            app_password: None,
            system_password: None,
            auth_password: None,
            max_connections: 20,
            auto_migrate: true,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct Redis {
    pub url: String,
}

impl Default for Redis {
    fn default() -> Self {
        Self { url: "redis://127.0.0.1:6379".into() }
    }
}

#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct Auth {
    /// HS256 signing secret. When unset, the one in `security.secrets_file`.
    pub jwt_secret: Option<SecretString>,
    pub access_ttl_secs: u64,
    pub refresh_ttl_days: u64,
    pub signup_enabled: bool,
    pub login_max_failures: u32,
}

impl Default for Auth {
    fn default() -> Self {
        Self {
            jwt_secret: None,
            access_ttl_secs: 900,
            refresh_ttl_days: 7,
            signup_enabled: true,
            login_max_failures: 5,
        }
    }
}

/// Request rates of the API (docs/api.md, "Rate limits"); a plan's `apiRequestsPerMinute` wins for its workspaces.
#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct Api {
    /// Requests a minute for a workspace (all its keys together) whose plan sets no rate, or that has no plan.
    pub requests_per_minute: u32,
    /// Requests a minute per signed-in person (the web app and scripts using a session token).
    pub session_requests_per_minute: u32,
}

impl Default for Api {
    fn default() -> Self {
        Self { requests_per_minute: 6_000, session_requests_per_minute: 3_000 }
    }
}

#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct Mail {
    /// `smtp` or `dev` (kept in the dev mailbox). Default: `smtp` when `smtp_url` is set, else `dev`.
    pub transport: Option<String>,
    pub smtp_url: Option<String>,
    pub smtp_username: Option<String>,
    pub smtp_password: Option<SecretString>,
    /// `Name <address>`; a bare address or none (`no-reply@parley.local`) is named after `[site] name`.
    pub from: Option<String>,
    /// The domain brands' senders include in their SPF record (`v=spf1 include:<this> ~all`): the one publishing
    /// the SMTP relay's addresses (docs/agencies.md, "Branded mail").
    pub spf_include: String,
    /// Where brands' senders point their `parley._domainkey` CNAME: the relay's DKIM key for delegated domains.
    pub dkim_target: String,
}

impl Default for Mail {
    fn default() -> Self {
        Self {
            transport: None,
            smtp_url: None,
            smtp_username: None,
            smtp_password: None,
            from: None,
            spf_include: "spf.parley.local".into(),
            dkim_target: "parley._domainkey.parley.local".into(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct WhatsApp {
    /// Graph API base with its version; point it at `parley simulator` to test without Meta.
    pub graph_url: String,
    pub wasender_url: String,
    /// WasenderAPI personal access token: QR-session numbers are offered only when set.
    pub wasender_token: Option<SecretString>,
    pub default_rate_per_second: i32,
    /// Least milliseconds between two messages to the same customer from one number.
    pub recipient_gap_ms: u64,
    pub send_max_attempts: i32,
    pub retry_base_ms: u64,
    /// Webhook processing rounds running at once on this node, and how many events one round claims.
    pub ingest_workers: usize,
    pub ingest_batch: i64,
    pub simulator: SimulatorSettings,
}

impl Default for WhatsApp {
    fn default() -> Self {
        let d = parley_services::channel::ChannelConfig::default();
        Self {
            graph_url: d.graph_url,
            wasender_url: d.wasender_url,
            wasender_token: None,
            default_rate_per_second: d.default_rate_per_second,
            recipient_gap_ms: d.recipient_gap.as_millis() as u64,
            send_max_attempts: d.send_max_attempts,
            retry_base_ms: d.retry_base.as_millis() as u64,
            ingest_workers: d.ingest_workers,
            ingest_batch: d.ingest_batch,
            simulator: SimulatorSettings::default(),
        }
    }
}

/// The built-in WhatsApp simulator (demo mode and `parley simulator`).
#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct SimulatorSettings {
    pub delivered_after_ms: u64,
    /// After delivery, when the customer "reads" on their own (with `auto_read`).
    pub read_after_ms: u64,
    /// Share of sends that fail as undeliverable (0 to 1).
    pub failure_rate: f64,
    pub auto_read: bool,
    /// `parley simulator` only.
    pub port: u16,
}

impl Default for SimulatorSettings {
    fn default() -> Self {
        Self { delivered_after_ms: 700, read_after_ms: 1500, failure_rate: 0.0, auto_read: false, port: 9090 }
    }
}

#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct Security {
    /// AES-256 keys sealing stored credentials, `id:base64-of-32-bytes`, current key first. Generate
    /// one with `parley admin generate-key`; see docs/security.md for rotation. Empty: the secrets file's.
    pub encryption_keys: Vec<SecretString>,
    /// Where the signing secret and credentials keys are kept when configuration does not give them (written
    /// once, mode 0600, when missing; every node must share it).
    pub secrets_file: PathBuf,
}

impl Default for Security {
    fn default() -> Self {
        Self { encryption_keys: vec![], secrets_file: PathBuf::from("data/secrets.toml") }
    }
}

/// Billing: Stripe when `stripe_secret_key` is set (docs/billing.md), else manual billing by the platform admin.
#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct Billing {
    pub stripe_secret_key: Option<SecretString>,
    /// The webhook endpoint's signing secret (`whsec_...`), for `/api/v1/webhooks/stripe`.
    pub stripe_webhook_secret: Option<SecretString>,
    /// Another Stripe API root (the simulator: `parley stripe-sim`); None is api.stripe.com.
    pub stripe_base_url: Option<String>,
    /// Days a payment may stay past due before the workspace is restricted.
    pub grace_days: u64,
    /// Further days before a restricted workspace is suspended.
    pub suspend_after_days: u64,
}

/// Chatbot flows (docs/flows.md).
#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct Flows {
    /// Hosts (`name`, `name:port`) or CIDR ranges HTTP and webhook nodes may reach although they are private or
    /// local (an internal CRM on a self-hosted network). Empty: only public addresses.
    pub http_allow: Vec<String>,
    /// Largest HTTP answer a node reads, in bytes.
    pub http_max_response_bytes: usize,
}

impl Default for Flows {
    fn default() -> Self {
        Self { http_allow: vec![], http_max_response_bytes: 256 * 1024 }
    }
}

/// Outbound webhooks (docs/webhooks.md). They reach what `[flows] http_allow` allows.
#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct Webhooks {
    /// Seconds one delivery attempt may take (connect, send, answer).
    pub timeout_secs: u64,
    /// Deliveries in flight at once on one node.
    pub concurrency: usize,
    /// Hours of failing deliveries after which an endpoint is turned off.
    pub disable_after_hours: i64,
    /// Seconds before the first retry; each next one waits three times longer (at most two hours).
    pub first_retry_secs: i64,
}

impl Default for Webhooks {
    fn default() -> Self {
        let d = parley_services::automations::WebhooksConfig::default();
        Self {
            timeout_secs: d.timeout.as_secs(),
            concurrency: d.concurrency,
            disable_after_hours: d.disable_after.num_hours(),
            first_retry_secs: d.first_backoff.num_seconds(),
        }
    }
}

/// Custom domains (docs/agencies.md, "Custom domains"; docs/deploy.md, "TLS for custom domains").
#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct Domains {
    /// The host customers point their domain's CNAME at (an address instead: they create an A or AAAA record).
    /// Default: the host of `server.public_url`.
    pub target_host: Option<String>,
    /// `system` (the nameservers in /etc/resolv.conf) or `host:port` of one nameserver, asked over UDP then TCP.
    /// Unset: `system`, or in demo mode the built-in DNS simulator.
    pub resolver: Option<String>,
    /// Minutes between two checks of every domain (an active domain whose records broke is failing after the next).
    pub recheck_minutes: u64,
}

impl Default for Domains {
    fn default() -> Self {
        Self { target_host: None, resolver: None, recheck_minutes: 60 }
    }
}

/// Backups (docs/backup.md): where `parley backup` and the schedule write, and how many are kept.
#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct Backup {
    /// The backups' directory (with `s3_url`, only their staging area).
    pub dir: PathBuf,
    /// `s3://bucket/prefix`: backups go to S3 instead, with `[media.s3]`'s endpoint and credentials when set.
    pub s3_url: Option<String>,
    /// A backup every day at this UTC time (`HH:MM`); empty: no scheduled backups.
    pub schedule: String,
    /// Kept: the newest backup of each of the last `keep_daily` days ...
    pub keep_daily: u32,
    /// ... and of each of the last `keep_weekly` weeks; older ones are deleted.
    pub keep_weekly: u32,
}

impl Default for Backup {
    fn default() -> Self {
        Self {
            dir: PathBuf::from("data/backups"),
            s3_url: None,
            schedule: "03:00".into(),
            keep_daily: 7,
            keep_weekly: 4,
        }
    }
}

/// Campaigns (docs/campaigns.md).
#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct Campaigns {
    /// Seconds a recipient may stay `sending` (the process died mid-call) before it is settled as `unknown`;
    /// status webhooks settle it before that when WhatsApp got the message.
    pub sending_timeout_secs: u64,
    /// Recipients claimed per round and number.
    pub batch: i64,
    /// Concurrent Graph API calls per number.
    pub concurrency: usize,
    /// A reply within this many days of a campaign message counts as its reply.
    pub reply_days: i32,
    /// Seconds between two messages from a QR (WasenderAPI) number.
    pub qr_seconds_per_message: u64,
    /// Messages a QR number sends a day at most, across campaigns (the rest waits for the next day).
    pub qr_daily_cap: i64,
}

impl Default for Campaigns {
    fn default() -> Self {
        let d = parley_services::campaigns::CampaignsConfig::default();
        Self {
            sending_timeout_secs: d.sending_timeout.as_secs(),
            batch: d.batch,
            concurrency: d.concurrency,
            reply_days: d.reply_days,
            qr_seconds_per_message: d.qr_seconds_per_message,
            qr_daily_cap: d.qr_daily_cap,
        }
    }
}

impl Default for Billing {
    fn default() -> Self {
        Self {
            stripe_secret_key: None,
            stripe_webhook_secret: None,
            stripe_base_url: None,
            grace_days: 7,
            suspend_after_days: 14,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct Realtime {
    /// Seconds a member stays online after their last connection closed (a reload is not a goodbye).
    pub presence_grace_secs: u64,
}

impl Default for Realtime {
    fn default() -> Self {
        Self { presence_grace_secs: 30 }
    }
}

#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct Web {
    pub dist_dir: PathBuf,
}

impl Default for Web {
    fn default() -> Self {
        Self { dist_dir: "web/dist".into() }
    }
}

/// The install itself (`[site]`): its name (the platform's brand and mails), time zone (new workspaces' business
/// hours) and language (new workspaces and people, and the web app's before anyone chooses). Checked at load.
#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct Site {
    pub name: String,
    /// An IANA zone name (`Europe/Paris`).
    pub time_zone: String,
    /// One of the product's languages (`en`, `ar`).
    pub language: String,
}

impl Default for Site {
    fn default() -> Self {
        Self { name: "Parley".into(), time_zone: "UTC".into(), language: "en".into() }
    }
}

#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct Log {
    /// `pretty` or `json`.
    pub format: String,
    pub level: String,
}

impl Default for Log {
    fn default() -> Self {
        Self { format: "pretty".into(), level: "info".into() }
    }
}

impl Config {
    pub fn load(file: Option<&Path>) -> Result<Self, Box<figment::Error>> {
        let file = file.map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("parley.toml"));
        Figment::new()
            .merge(Toml::file(file))
            .merge(Env::raw().only(&["DATABASE_URL"]).map(|_| "database.url".into()))
            .merge(Env::raw().only(&["REDIS_URL"]).map(|_| "redis.url".into()))
            .merge(Env::raw().only(&["PORT"]).map(|_| "server.port".into()))
            .merge(Env::prefixed("PARLEY_").split("__"))
            .extract::<Self>()
            .map_err(Box::new)
            .and_then(|c| match c.site_settings() {
                Ok(_) => Ok(c),
                Err(e) => Err(Box::new(figment::Error::from(e))),
            })
    }

    /// `[site]`, checked.
    pub fn site_settings(&self) -> Result<parley_services::SiteSettings, String> {
        parley_services::SiteSettings::parse(&self.site.name, &self.site.time_zone, &self.site.language)
    }

    /// The platform's own sender: `mail.from`, named after the site when it gives no name (or is not set).
    pub fn mail_from(&self) -> String {
        let site = self.site.name.trim().replace(['\\', '"'], "");
        match self.mail.from.as_deref().map(str::trim).filter(|f| !f.is_empty()) {
            Some(f) if f.contains('<') => f.to_owned(),
            Some(address) => format!("\"{site}\" <{address}>"),
            None => format!("\"{site}\" <no-reply@parley.local>"),
        }
    }

    pub fn public_url(&self) -> String {
        match &self.server.public_url {
            Some(u) => u.trim_end_matches('/').to_owned(),
            None => {
                let host = if self.server.host == "0.0.0.0" { "127.0.0.1" } else { &self.server.host };
                format!("http://{host}:{}", self.server.port)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::result_large_err)] // figment's own Jail signature
    fn env_overrides_file_and_usual_names_are_honoured() {
        figment::Jail::expect_with(|jail| {
            jail.create_file("parley.toml", "[server]\nport = 9000\n[mail]\nfrom = \"A <a@x.io>\"\n")?;
            jail.set_env("DATABASE_URL", "postgres://u@h:5432/d");
            jail.set_env("PARLEY_MAIL__TRANSPORT", "dev");
            jail.set_env("PARLEY_AUTH__JWT_SECRET", "s3cret-value");
            let c = Config::load(None).map_err(|e| e.to_string())?;
            assert_eq!(c.server.port, 9000);
            assert_eq!(c.database.url, "postgres://u@h:5432/d");
            assert_eq!(c.mail.transport.as_deref(), Some("dev"));
            assert_eq!(c.mail_from(), "A <a@x.io>");
            assert!(!format!("{c:?}").contains("s3cret-value"), "secrets must not be printed");
            jail.set_env("PORT", "9100");
            assert_eq!(Config::load(None).map_err(|e| e.to_string())?.server.port, 9100);
            Ok(())
        });
    }

    #[test]
    #[allow(clippy::result_large_err)] // figment's own Jail signature
    fn site_settings_are_checked_at_load_and_name_the_platform_sender() {
        figment::Jail::expect_with(|jail| {
            let c = Config::load(None).map_err(|e| e.to_string())?;
            let site = c.site_settings()?;
            assert_eq!((site.name.as_str(), site.time_zone.as_str(), site.language.as_str()), ("Parley", "UTC", "en"));
            assert_eq!(c.mail_from(), "\"Parley\" <no-reply@parley.local>");

            jail.create_file(
                "parley.toml",
                "[site]\nname = \"Acme CRM\"\ntime_zone = \"Asia/Riyadh\"\n[mail]\nfrom = \"crm@acme.test\"\n",
            )?;
            jail.set_env("PARLEY_SITE__LANGUAGE", "ar");
            let c = Config::load(None).map_err(|e| e.to_string())?;
            let site = c.site_settings()?;
            assert_eq!((site.name.as_str(), site.time_zone.as_str()), ("Acme CRM", "Asia/Riyadh"));
            assert_eq!(site.language, parley_domain::Locale::Ar);
            assert_eq!(c.mail_from(), "\"Acme CRM\" <crm@acme.test>", "a bare address is named after the site");

            jail.set_env("PARLEY_SITE__TIME_ZONE", "Mars/Olympus");
            let err = Config::load(None).map(|_| ()).expect_err("an unknown zone is refused");
            assert!(err.to_string().contains("site.time_zone: \"Mars/Olympus\""), "{err}");
            jail.set_env("PARLEY_SITE__TIME_ZONE", "Europe/Paris");
            jail.set_env("PARLEY_SITE__LANGUAGE", "xx");
            let err = Config::load(None).map(|_| ()).expect_err("an unknown language is refused");
            assert!(err.to_string().contains("site.language: \"xx\" is not one of en"), "{err}");
            Ok(())
        });
    }
}
