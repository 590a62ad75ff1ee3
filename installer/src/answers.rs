//! The answers to the wizard's questions (`answers.toml` in the state directory, mode 0600): what each step asks,
//! its defaults, and the checks of their form. Saved before any side effect, so a rerun starts from them; the
//! headless mode (`--answers`) reads the same file.

use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::Path;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Answers {
    pub server: Server,
    pub database: Database,
    pub redis: Redis,
    pub site: Site,
    pub admin: Admin,
    pub mail: Mail,
    pub storage: Storage,
    pub whatsapp: WhatsApp,
    pub billing: Billing,
}

/// Step 1: where Parley keeps its files and which port it listens on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Server {
    /// parley.toml, secrets.toml, media (unless S3), the Caddyfile.
    pub data_dir: String,
    /// The built web app (`web/dist`) that `parley serve` serves.
    pub web_dist: String,
    pub host: String,
    pub port: u16,
}

impl Default for Server {
    fn default() -> Self {
        Self {
            data_dir: "/var/lib/parley".into(),
            web_dist: "/usr/share/parley/web".into(),
            host: "127.0.0.1".into(),
            port: 8080,
        }
    }
}

/// Step 2: the owner role's connection (it creates the database and the runtime roles, or they exist).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Database {
    pub host: String,
    pub port: u16,
    pub name: String,
    pub user: String,
    pub password: String,
}

impl Default for Database {
    fn default() -> Self {
        Self {
            host: "127.0.0.1".into(),
            port: 5432,
            name: "parley".into(),
            user: "postgres".into(),
            password: String::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Redis {
    pub url: String,
}

impl Default for Redis {
    fn default() -> Self {
        Self { url: "redis://127.0.0.1:6379".into() }
    }
}

/// Step 3.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Site {
    pub public_url: String,
    pub name: String,
    pub time_zone: String,
    pub language: String,
    /// Write a Caddyfile for HTTPS in front of Parley (public URLs starting with https://).
    pub caddy: bool,
    /// The mail address Let's Encrypt writes to about the certificate.
    pub caddy_email: String,
}

impl Default for Site {
    fn default() -> Self {
        Self {
            public_url: String::new(),
            name: "Parley".into(),
            time_zone: "UTC".into(),
            language: "en".into(),
            caddy: false,
            caddy_email: String::new(),
        }
    }
}

/// Step 4: the platform admin (never "whoever signs up first").
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Admin {
    pub email: String,
    pub name: String,
    pub password: String,
}

/// Step 5: `smtp`, or `later` (mails wait in the dev mailbox until SMTP is configured).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Mail {
    pub mode: String,
    pub smtp_url: String,
    pub username: String,
    pub password: String,
    pub from: String,
}

impl Default for Mail {
    fn default() -> Self {
        Self {
            mode: "later".into(),
            smtp_url: String::new(),
            username: String::new(),
            password: String::new(),
            from: String::new(),
        }
    }
}

/// Step 6: `local` or `s3`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Storage {
    pub backend: String,
    /// Empty: `<data_dir>/media`.
    pub local_dir: String,
    pub s3_bucket: String,
    pub s3_region: String,
    pub s3_endpoint: String,
    pub s3_access_key_id: String,
    pub s3_secret_access_key: String,
}

impl Default for Storage {
    fn default() -> Self {
        Self {
            backend: "local".into(),
            local_dir: String::new(),
            s3_bucket: String::new(),
            s3_region: "us-east-1".into(),
            s3_endpoint: String::new(),
            s3_access_key_id: String::new(),
            s3_secret_access_key: String::new(),
        }
    }
}

/// Step 7: `skip`, `cloud` (Cloud API credentials tested against the Graph API) or `simulator` (a trial against a
/// running `parley simulator`, whose Graph API URL is given). Both connect the number in the operator's workspace in
/// step 9, which is why the WABA id and the app secret (Meta's webhook signatures) are asked too.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WhatsApp {
    pub mode: String,
    pub graph_url: String,
    pub phone_number_id: String,
    pub waba_id: String,
    pub access_token: String,
    pub app_secret: String,
}

impl Default for WhatsApp {
    fn default() -> Self {
        Self {
            mode: "skip".into(),
            graph_url: "https://graph.facebook.com/v23.0".into(),
            phone_number_id: String::new(),
            waba_id: String::new(),
            access_token: String::new(),
            app_secret: String::new(),
        }
    }
}

/// Step 8: `skip` (manual billing by the platform admin) or `stripe`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Billing {
    pub mode: String,
    pub secret_key: String,
    pub webhook_secret: String,
    /// Empty: api.stripe.com; `parley stripe-sim`'s address for a trial.
    pub base_url: String,
}

impl Default for Billing {
    fn default() -> Self {
        Self { mode: "skip".into(), secret_key: String::new(), webhook_secret: String::new(), base_url: String::new() }
    }
}

/// The product's languages: the site's default language is one of them.
pub const LANGUAGES: [&str; 10] = parley_domain::Locale::CODES;

/// A problem with one answer: the field (as the form names it) and what to change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    pub field: &'static str,
    pub message: String,
}

fn problem(field: &'static str, message: impl Into<String>) -> Problem {
    Problem { field, message: message.into() }
}

fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else { return false };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(|c| c.is_whitespace() || c == '<' || c == '>')
}

fn is_http_url(s: &str) -> bool {
    url::Url::parse(s).is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
}

impl Answers {
    pub fn load(path: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("reading {}: {e}", path.display()))?;
        toml::from_str(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
    }

    /// Saved readable by its owner only: it holds passwords.
    pub fn save(&self, path: &Path) -> anyhow::Result<()> {
        let text = format!("# parley-install answers (keep private: it holds passwords)\n{}", toml::to_string(self)?);
        write_private(path, text.as_bytes())
    }

    /// The owner role's URL, naming the database Parley uses.
    pub fn database_url(&self) -> String {
        self.database_url_for(&self.database.name)
    }

    pub fn database_url_for(&self, db: &str) -> String {
        let d = &self.database;
        let mut u = url::Url::parse("postgres://localhost/").unwrap_or_else(|_| unreachable!("a fixed URL parses"));
        let _ = u.set_host(Some(&d.host));
        let _ = u.set_port(Some(d.port));
        let _ = u.set_username(&d.user);
        if !d.password.is_empty() {
            let _ = u.set_password(Some(&d.password));
        }
        u.set_path(&format!("/{db}"));
        u.into()
    }

    /// The form checks of one step's answers (1 to 8); live checks come after these pass.
    pub fn validate(&self, step: u8) -> Vec<Problem> {
        let mut p = vec![];
        match step {
            1 => {
                let s = &self.server;
                if !s.data_dir.starts_with('/') {
                    p.push(problem("server.data_dir", "Give an absolute directory, such as /var/lib/parley."));
                }
                if s.port == 0 {
                    p.push(problem("server.port", "Choose a port between 1 and 65535 (8080 is usual behind Caddy)."));
                }
                if s.host.parse::<std::net::IpAddr>().is_err() {
                    p.push(problem(
                        "server.host",
                        "Give an IP address to listen on: 127.0.0.1 behind Caddy, 0.0.0.0 for all.",
                    ));
                }
            }
            2 => {
                let d = &self.database;
                if d.host.trim().is_empty() {
                    p.push(problem("database.host", "Give the PostgreSQL server's host name or address."));
                }
                if d.port == 0 {
                    p.push(problem("database.port", "PostgreSQL listens on 5432 unless configured otherwise."));
                }
                if d.name.is_empty()
                    || d.name.len() > 63
                    || !d.name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                {
                    p.push(problem("database.name", "Use letters, digits, _ or - (at most 63), such as parley."));
                }
                if d.user.trim().is_empty() {
                    p.push(problem("database.user", "Give a role that owns the database (or may create it)."));
                }
                if !(self.redis.url.starts_with("redis://") || self.redis.url.starts_with("rediss://")) {
                    p.push(problem("redis.url", "A Redis URL starts with redis:// (or rediss:// for TLS)."));
                }
            }
            3 => {
                let s = &self.site;
                if !is_http_url(&s.public_url) {
                    p.push(problem(
                        "site.public_url",
                        "Give the address people will use, such as https://crm.example.com.",
                    ));
                } else if url::Url::parse(&s.public_url).is_ok_and(|u| u.path() != "/" || u.query().is_some()) {
                    p.push(problem(
                        "site.public_url",
                        "Give the address without a path, such as https://crm.example.com.",
                    ));
                }
                if s.name.trim().is_empty() || s.name.chars().count() > 80 {
                    p.push(problem("site.name", "Give a name of 1 to 80 characters (shown in mails and the browser)."));
                }
                if s.time_zone.parse::<chrono_tz::Tz>().is_err() {
                    p.push(problem(
                        "site.time_zone",
                        "Give an IANA time zone such as UTC, Europe/Berlin or Asia/Riyadh.",
                    ));
                }
                if !LANGUAGES.contains(&s.language.as_str()) {
                    p.push(problem("site.language", format!("Choose one of {}.", LANGUAGES.join(", "))));
                }
                if s.caddy && !s.public_url.starts_with("https://") {
                    p.push(problem("site.caddy", "Caddy serves HTTPS: use a public URL starting with https://."));
                }
                if s.caddy && !is_email(&s.caddy_email) {
                    p.push(problem("site.caddy_email", "Let's Encrypt needs a mail address for certificate notices."));
                }
            }
            4 => {
                let a = &self.admin;
                if !is_email(&a.email) {
                    p.push(problem("admin.email", "Give a mail address such as you@example.com."));
                }
                if a.name.trim().is_empty() || a.name.chars().count() > 100 {
                    p.push(problem("admin.name", "Give the admin's name (at most 100 characters)."));
                }
                let n = a.password.chars().count();
                if !(10..=128).contains(&n) {
                    p.push(problem(
                        "admin.password",
                        "Use 10 to 128 characters (a few words are easiest to remember).",
                    ));
                }
            }
            5 => {
                let m = &self.mail;
                match m.mode.as_str() {
                    "later" => {}
                    "smtp" => {
                        if !(m.smtp_url.starts_with("smtp://") || m.smtp_url.starts_with("smtps://")) {
                            p.push(problem(
                                "mail.smtp_url",
                                "Give smtp://host:587 (STARTTLS) or smtps://host:465 (TLS).",
                            ));
                        }
                        if m.username.is_empty() != m.password.is_empty() {
                            p.push(problem("mail.password", "Give both a user name and a password, or neither."));
                        }
                        let addr = m.from.rsplit_once('<').map_or(m.from.as_str(), |(_, a)| a.trim_end_matches('>'));
                        if !is_email(addr.trim()) {
                            p.push(problem("mail.from", "Give the sender, such as Parley <no-reply@example.com>."));
                        }
                    }
                    _ => p.push(problem("mail.mode", "Choose smtp or later.")),
                }
            }
            6 => {
                let s = &self.storage;
                match s.backend.as_str() {
                    "local" => {
                        if !s.local_dir.is_empty() && !s.local_dir.starts_with('/') {
                            p.push(problem(
                                "storage.local_dir",
                                "Give an absolute directory, or leave it empty for <data dir>/media.",
                            ));
                        }
                    }
                    "s3" => {
                        if s.s3_bucket.trim().is_empty() {
                            p.push(problem("storage.s3_bucket", "Give the bucket's name."));
                        }
                        if !s.s3_endpoint.is_empty() && !is_http_url(&s.s3_endpoint) {
                            p.push(problem(
                                "storage.s3_endpoint",
                                "Give the endpoint as a URL (https://...), or leave it empty for AWS.",
                            ));
                        }
                        if s.s3_access_key_id.is_empty() != s.s3_secret_access_key.is_empty() {
                            p.push(problem(
                                "storage.s3_secret_access_key",
                                "Give both keys, or neither (an instance role).",
                            ));
                        }
                    }
                    _ => p.push(problem("storage.backend", "Choose local or s3.")),
                }
            }
            7 => {
                let w = &self.whatsapp;
                match w.mode.as_str() {
                    "skip" => {}
                    "cloud" | "simulator" => {
                        if !is_http_url(&w.graph_url) {
                            p.push(problem(
                                "whatsapp.graph_url",
                                "Give the Graph API URL with its version, such as https://graph.facebook.com/v23.0.",
                            ));
                        }
                        if w.phone_number_id.is_empty() || !w.phone_number_id.chars().all(|c| c.is_ascii_digit()) {
                            p.push(problem(
                                "whatsapp.phone_number_id",
                                "The phone number id is digits (WhatsApp Manager, API setup).",
                            ));
                        }
                        if w.waba_id.is_empty() || !w.waba_id.chars().all(|c| c.is_ascii_digit()) {
                            p.push(problem(
                                "whatsapp.waba_id",
                                "The WhatsApp Business Account id is digits (WhatsApp Manager, API setup).",
                            ));
                        }
                        if w.access_token.trim().is_empty() {
                            p.push(problem(
                                "whatsapp.access_token",
                                "Give the access token (a system user's permanent token).",
                            ));
                        }
                        if w.app_secret.trim().is_empty() || w.app_secret.chars().count() > 256 {
                            p.push(problem(
                                "whatsapp.app_secret",
                                "Give the Meta app's secret (App settings, Basic): Parley checks Meta's webhook signatures with it.",
                            ));
                        }
                    }
                    _ => p.push(problem("whatsapp.mode", "Choose skip, cloud or simulator.")),
                }
            }
            8 => {
                let b = &self.billing;
                match b.mode.as_str() {
                    "skip" => {}
                    "stripe" => {
                        if !(b.secret_key.starts_with("sk_") || b.secret_key.starts_with("rk_")) {
                            p.push(problem(
                                "billing.secret_key",
                                "A Stripe secret key starts with sk_live_ or sk_test_.",
                            ));
                        }
                        if !b.webhook_secret.starts_with("whsec_") {
                            p.push(problem(
                                "billing.webhook_secret",
                                "The webhook signing secret starts with whsec_ (Dashboard, Webhooks).",
                            ));
                        }
                        if !b.base_url.is_empty() && !is_http_url(&b.base_url) {
                            p.push(problem(
                                "billing.base_url",
                                "Leave it empty for Stripe, or give the simulator's URL.",
                            ));
                        }
                    }
                    _ => p.push(problem("billing.mode", "Choose skip or stripe.")),
                }
            }
            _ => {}
        }
        p
    }
}

/// Writes a file readable by its owner only (created so; an existing file is narrowed to 0600 too).
pub fn write_private(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| anyhow::anyhow!("creating {}: {e}", dir.display()))?;
    }
    let tmp = path.with_extension("tmp");
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    let mut f = opts.open(&tmp).map_err(|e| anyhow::anyhow!("writing {}: {e}", tmp.display()))?;
    #[cfg(unix)]
    std::fs::set_permissions(&tmp, std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
    f.write_all(bytes)?;
    f.sync_all()?;
    // Renamed into place, so a crash never leaves half a file where a whole one was.
    std::fs::rename(&tmp, path).map_err(|e| anyhow::anyhow!("writing {}: {e}", path.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn complete() -> Answers {
        let mut a = Answers::default();
        a.site.public_url = "https://crm.example.com".into();
        a.admin = Admin { email: "ops@example.com".into(), name: "Ops".into(), password: "slate-orchid-meadow".into() };
        a
    }

    #[test]
    fn the_defaults_with_a_site_and_an_admin_pass_every_step() {
        let a = complete();
        for step in 1..=8 {
            assert_eq!(a.validate(step), vec![], "step {step}");
        }
    }

    #[test]
    fn each_bad_answer_names_its_field() {
        let mut a = complete();
        a.server.data_dir = "relative/dir".into();
        a.database.name = "parley; drop".into();
        a.redis.url = "http://127.0.0.1:6379".into();
        a.site.public_url = "https://crm.example.com/app".into();
        a.site.time_zone = "Mars/Olympus Mons".into();
        a.admin.password = "short".into();
        a.mail =
            Mail { mode: "smtp".into(), smtp_url: "mail.example.com".into(), from: "nobody".into(), ..Mail::default() };
        a.billing = Billing { mode: "stripe".into(), secret_key: "pk_test_1".into(), ..Billing::default() };
        let fields = |s| a.validate(s).into_iter().map(|p| p.field).collect::<Vec<_>>();
        assert_eq!(fields(1), vec!["server.data_dir"]);
        assert_eq!(fields(2), vec!["database.name", "redis.url"]);
        assert_eq!(fields(3), vec!["site.public_url", "site.time_zone"]);
        assert_eq!(fields(4), vec!["admin.password"]);
        assert_eq!(fields(5), vec!["mail.smtp_url", "mail.from"]);
        assert_eq!(fields(8), vec!["billing.secret_key", "billing.webhook_secret"]);
    }

    #[test]
    fn the_time_zone_is_a_zone_of_the_iana_database_and_the_language_one_parley_speaks() {
        let mut a = complete();
        for zone in ["UTC", "Asia/Riyadh", "America/Argentina/Buenos_Aires", "Etc/GMT+3"] {
            a.site.time_zone = zone.into();
            assert_eq!(a.validate(3), vec![], "{zone}");
        }
        for language in LANGUAGES {
            a.site.language = language.into();
            assert_eq!(a.validate(3), vec![], "{language}");
        }
        // Shaped like zone names, but not in the database: the shape alone is not enough.
        for zone in ["Europe/Berlln", "Asia/Atlantis", "utc", "Mars/Olympus_Mons", ""] {
            a.site.time_zone = zone.into();
            let fields: Vec<_> = a.validate(3).into_iter().map(|p| p.field).collect();
            assert_eq!(fields, vec!["site.time_zone"], "{zone:?}");
        }
        a.site.time_zone = "UTC".into();
        for language in ["it", "EN", "", "en-US", "pt-BR"] {
            a.site.language = language.into();
            let fields: Vec<_> = a.validate(3).into_iter().map(|p| p.field).collect();
            assert_eq!(fields, vec!["site.language"], "{language:?}");
        }
    }

    #[test]
    fn whatsapp_needs_the_waba_id_and_the_app_secret_to_connect_the_number() {
        let mut a = complete();
        a.whatsapp = WhatsApp {
            mode: "cloud".into(),
            phone_number_id: "100000000000777".into(),
            waba_id: "200000000000777".into(),
            access_token: "EAAG-token".into(),
            app_secret: "0123456789abcdef0123456789abcdef".into(),
            ..WhatsApp::default()
        };
        assert_eq!(a.validate(7), vec![]);
        a.whatsapp.mode = "simulator".into();
        assert_eq!(a.validate(7), vec![], "the simulator's trial connects the number too");
        a.whatsapp.waba_id = "waba-1".into();
        a.whatsapp.app_secret = "  ".into();
        let fields: Vec<_> = a.validate(7).into_iter().map(|p| p.field).collect();
        assert_eq!(fields, vec!["whatsapp.waba_id", "whatsapp.app_secret"]);
        a.whatsapp.waba_id = String::new();
        a.whatsapp.app_secret = "x".repeat(257);
        let fields: Vec<_> = a.validate(7).into_iter().map(|p| p.field).collect();
        assert_eq!(fields, vec!["whatsapp.waba_id", "whatsapp.app_secret"]);
        a.whatsapp.mode = "skip".into();
        assert_eq!(a.validate(7), vec![], "skipped: nothing asked");
    }

    #[test]
    fn caddy_needs_https_and_a_mail_address() {
        let mut a = complete();
        a.site.caddy = true;
        a.site.public_url = "http://crm.example.com".into();
        let fields: Vec<_> = a.validate(3).into_iter().map(|p| p.field).collect();
        assert_eq!(fields, vec!["site.caddy", "site.caddy_email"]);
    }

    #[test]
    fn the_database_url_escapes_the_password() {
        let mut a = complete();
        a.database.password = "p@ss/word:1".into();
        let url = a.database_url();
        assert_eq!(url, "postgres://postgres:p%40ss%2Fword%3A1@127.0.0.1:5432/parley");
        assert_eq!(url::Url::parse(&url).expect("url").password(), Some("p%40ss%2Fword%3A1"));
    }

    #[test]
    fn answers_are_saved_private_and_read_back_the_same() {
        let dir = std::env::temp_dir().join(format!("parley-install-answers-{}", std::process::id()));
        let path = dir.join("answers.toml");
        let a = complete();
        a.save(&path).expect("save");
        assert_eq!(Answers::load(&path).expect("load"), a);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777, 0o600);
        }
        std::fs::remove_dir_all(dir).expect("clean");
    }
}
