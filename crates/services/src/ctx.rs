//! Shared state of the services and the per-request tenant context.

use crate::identity::tokens::TokenKeys;
use crate::mail::MailTransport;
use parley_domain::{DomainError, Role, TenantId, UserId};
use parley_store::Db;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

#[derive(Clone, Debug)]
pub struct ServicesConfig {
    /// Where people reach the web app; links in mails point here.
    pub public_url: String,
    pub access_ttl: Duration,
    pub refresh_ttl: Duration,
    pub invitation_ttl: Duration,
    pub reset_ttl: Duration,
    pub signup_enabled: bool,
    pub demo: bool,
    /// Failed logins per email (and per IP, times six) in a 15-minute window before throttling.
    pub login_max_failures: u32,
    /// How long a member stays online after their last connection closed (a reload, a flaky network).
    pub presence_grace: Duration,
    /// API requests a minute for a workspace whose plan sets no `apiRequestsPerMinute` (or that has no plan): an
    /// unlimited plan still must not let one integration take the server.
    pub api_requests_per_minute: u32,
    /// Requests a minute per signed-in person (the web app): generous, but a runaway script cannot flood.
    pub session_requests_per_minute: u32,
    /// The platform's sender and what brands' senders publish in DNS (`[mail]`).
    pub mail: crate::mail::MailSettings,
    /// The install's name, time zone and language (`[site]`).
    pub site: SiteSettings,
}

/// What an install is called and where it lives (`[site]`): the platform's brand shows the name, new workspaces start
/// in the time zone, and new workspaces and people in the language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteSettings {
    pub name: String,
    /// An IANA zone name, checked when the configuration was read.
    pub time_zone: String,
    pub language: parley_domain::Locale,
}

impl SiteSettings {
    /// Checks `[site]`: a name, a time zone of the IANA database (`Europe/Paris`) and one of the product's languages.
    pub fn parse(name: &str, time_zone: &str, language: &str) -> Result<Self, String> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 80 {
            return Err("site.name must be 1 to 80 characters".into());
        }
        let zone: chrono_tz::Tz = time_zone.trim().parse().map_err(|_| {
            format!("site.time_zone: {time_zone:?} is not a time zone name such as UTC or Europe/Paris")
        })?;
        let codes = parley_domain::Locale::CODES.join(", ");
        let language = parley_domain::Locale::parse(language.trim())
            .ok_or_else(|| format!("site.language: {language:?} is not one of {codes}"))?;
        Ok(Self { name: name.to_owned(), time_zone: zone.name().to_owned(), language })
    }
}

impl Default for SiteSettings {
    fn default() -> Self {
        Self {
            name: crate::brand::DEFAULT_PRODUCT_NAME.into(),
            time_zone: "UTC".into(),
            language: parley_domain::Locale::En,
        }
    }
}

impl Default for ServicesConfig {
    fn default() -> Self {
        Self {
            public_url: "http://127.0.0.1:8080".into(),
            access_ttl: Duration::from_secs(15 * 60),
            refresh_ttl: Duration::from_secs(7 * 24 * 3600),
            invitation_ttl: Duration::from_secs(7 * 24 * 3600),
            reset_ttl: Duration::from_secs(3600),
            signup_enabled: true,
            demo: false,
            login_max_failures: 5,
            presence_grace: Duration::from_secs(30),
            api_requests_per_minute: 6_000,
            session_requests_per_minute: 3_000,
            mail: Default::default(),
            site: SiteSettings::default(),
        }
    }
}

pub struct Core {
    pub db: Db,
    pub redis: redis::aio::ConnectionManager,
    pub cfg: ServicesConfig,
    pub(crate) keys: TokenKeys,
    pub mail_transport: MailTransport,
    /// Wakes the mail dispatcher when a mail was committed to the outbox.
    pub mail_wakeup: Arc<Notify>,
    pub channel: crate::channel::Channel,
    /// Signs public media links (QR providers fetch files by URL); derived from the JWT secret.
    pub(crate) media_url_key: Vec<u8>,
    pub events: crate::events::EventBus,
    /// Names this process in shared state (presence), so nodes never undo each other's entries.
    pub node_id: uuid::Uuid,
    pub billing: crate::billing::Billing,
    /// The flows runner's caches, wake-up and guarded HTTP client.
    pub flows: Arc<crate::flows::FlowsRuntime>,
    /// The campaign sender's settings, lanes and wake-up.
    pub campaigns: Arc<crate::campaigns::CampaignsRuntime>,
    /// Outbound webhooks' client, settings and wake-up.
    pub webhooks: Arc<crate::automations::WebhooksRuntime>,
    /// Resolved brands by host and by workspace (see `brand::resolve`).
    pub brands: Arc<crate::brand::BrandCache>,
    /// DNS lookups (custom domains, mail senders): the configured nameserver, nothing cached between lookups.
    pub dns: crate::brand::dns::Resolver,
    /// Custom domains' settings, the active set answering Caddy's TLS question, its rate limit.
    pub domains: Arc<crate::brand::domains::DomainsRuntime>,
    /// Maintenance mode's cache, the data directory and the build (see `operations`).
    pub operations: Arc<crate::operations::OperationsRuntime>,
}

impl Core {
    pub fn new(
        db: Db,
        redis: redis::aio::ConnectionManager,
        cfg: ServicesConfig,
        jwt_secret: &[u8],
        mail_transport: MailTransport,
        channel: crate::channel::Channel,
        flows: Arc<crate::flows::FlowsRuntime>,
    ) -> Self {
        Self {
            db,
            redis,
            cfg,
            keys: TokenKeys::new(jwt_secret),
            media_url_key: {
                use sha2::Digest;
                sha2::Sha256::new_with_prefix(b"parley media links\0").chain_update(jwt_secret).finalize().to_vec()
            },
            mail_transport,
            mail_wakeup: Arc::new(Notify::new()),
            channel,
            events: Default::default(),
            node_id: uuid::Uuid::now_v7(),
            billing: Default::default(),
            flows,
            campaigns: Default::default(),
            webhooks: Arc::new(
                crate::automations::WebhooksRuntime::new(Default::default(), &Default::default())
                    .expect("the default webhook client builds"),
            ),
            brands: Default::default(),
            dns: Default::default(),
            domains: Default::default(),
            operations: Default::default(),
        }
    }
}

/// A claim to act in a tenant, as the HTTP layer read it from an access token or an API key. Nothing in
/// it is trusted yet: `Core::begin` checks it inside the request's transaction and answers an `Actor`.
#[derive(Debug, Clone)]
pub struct TenantCtx {
    pub tenant_id: TenantId,
    pub credential: Credential,
    pub client: ClientInfo,
}

#[derive(Debug, Clone)]
pub enum Credential {
    /// A person's access token; the role it names is re-read from the membership.
    Person(UserId),
    /// An API key, by the SHA-256 hash of its secret.
    ApiKey { hash: String },
}

/// Who acts, verified against the database inside the request's transaction: every decision about
/// permissions uses this, never the token's copy of the role (which may be up to 15 minutes old).
#[derive(Debug, Clone)]
pub struct Actor {
    pub tenant_id: TenantId,
    /// The person acting; for an API key, the person who created it (if still known).
    pub user_id: Option<UserId>,
    pub api_key_id: Option<uuid::Uuid>,
    pub role: Role,
    pub client: ClientInfo,
}

impl Actor {
    pub fn require(&self, min: Role) -> Result<(), DomainError> {
        if self.role.at_least(min) { Ok(()) } else { Err(DomainError::Forbidden) }
    }

    pub fn is(&self, user_id: uuid::Uuid) -> bool {
        self.user_id.map(|u| u.0) == Some(user_id)
    }
}

/// Request facts worth recording (audit log, session list).
#[derive(Debug, Clone, Default)]
pub struct ClientInfo {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}
