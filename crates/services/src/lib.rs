//! Use cases, one folder per domain, each with its DTOs in `dto.rs`: `identity` (sign-in, tokens,
//! passwords, API keys), `team` (members, invitations, teams, presence), `channel` (WhatsApp numbers,
//! webhooks in, sending, templates, media), `inbox` (conversations, messages, notes, assignment, routing,
//! canned responses, business hours), `crm` (contacts, labels), `flows` (chatbot flows and their runner), `campaigns` (template broadcasts),
//! `automations` (the outbox of domain events, outbound webhooks), `widget` (the website chat widget),
//! `billing` (plans, subscriptions, quotas) and `platform` (tenants, platform admin,
//! audit, seeding). Shared plumbing (context, checks, crypto, events, mail) stays at the root. Talks to
//! the store and to Redis; never to axum, socket.io or the job runner.

pub mod agency;
pub mod analytics;
pub mod automations;
pub mod billing;
pub mod brand;
pub mod campaigns;
pub mod channel;
mod check;
pub mod crm;
pub mod crypto;
mod ctx;
pub mod cursor;
pub mod dto;
pub mod events;
pub mod flows;
pub mod identity;
pub mod inbox;
mod invalidation;
pub mod mail;
pub mod operations;
pub mod platform;
pub mod privacy;
pub mod schema;
mod scope;
pub mod team;
pub mod widget;

pub use ctx::{Actor, ClientInfo, Core, Credential, ServicesConfig, SiteSettings, TenantCtx};
pub use identity::tokens::Claims;
pub use mail::MailTransport;
pub use parley_domain::{DomainError, Role};

use std::sync::Arc;

pub type Result<T, E = DomainError> = std::result::Result<T, E>;

/// Everything the HTTP layer (and the CLI) may ask for, grouped by use case.
#[derive(Clone)]
pub struct Services {
    pub core: Arc<Core>,
    pub auth: identity::auth::AuthService,
    pub api_keys: identity::api_keys::ApiKeyService,
    pub team: team::members::TeamService,
    pub teams: team::teams::TeamsService,
    pub presence: team::presence::PresenceService,
    pub connections: channel::connections::ConnectionService,
    pub ingest: channel::ingest::IngestService,
    pub sender: channel::sender::SenderService,
    pub inbox: inbox::conversations::InboxService,
    pub canned: inbox::canned::CannedService,
    pub inbox_settings: inbox::settings::InboxSettingsService,
    pub contacts: crm::contacts::ContactService,
    pub labels: crm::labels::LabelService,
    pub fields: crm::fields::FieldService,
    pub segments: crm::segments::SegmentService,
    pub imports: crm::imports::ImportService,
    pub consent: crm::consent::ConsentService,
    pub deals: crm::deals::DealService,
    pub tickets: crm::tickets::TicketService,
    pub dashboard: crm::dashboard::DashboardService,
    pub analytics: analytics::reports::AnalyticsService,
    pub rollups: analytics::rollup::RollupService,
    pub platform_analytics: analytics::platform::PlatformAnalyticsService,
    pub history: analytics::history::HistoryService,
    pub flows: flows::editor::FlowService,
    pub flow_runs: flows::runs::RunService,
    pub sandbox: flows::sandbox::SandboxService,
    pub flow_runner: flows::runner::RunnerService,
    pub flow_jobs: flows::jobs::FlowJobsService,
    pub campaigns: campaigns::editor::CampaignService,
    pub campaign_launch: campaigns::launch::LaunchService,
    pub campaign_sender: campaigns::sender::CampaignSender,
    pub webhooks: automations::webhooks::WebhookEndpointService,
    pub webhook_delivery: automations::delivery::DeliveryWorker,
    pub automations: automations::rules::AutomationService,
    pub automation_worker: automations::engine::AutomationWorker,
    pub admin: platform::admin::AdminService,
    pub plans: billing::plans::PlanService,
    pub billing: billing::subscription::BillingService,
    pub billing_admin: billing::admin::BillingAdminService,
    pub billing_webhooks: billing::webhooks::WebhookService,
    pub dunning: billing::dunning::DunningService,
    pub audit: platform::audit::AuditService,
    pub idempotency: platform::idempotency::IdempotencyService,
    pub mail: mail::MailService,
    pub agency: agency::AgencyService,
    pub agency_admin: agency::AgencyAdminService,
    pub agency_billing: agency::billing::AgencyBillingService,
    pub brand: brand::BrandService,
    pub domains: brand::domains::DomainService,
    /// Backups, their schedule and restore checks; configured by `connect` (the owner URL) and `[backup]`.
    pub backups: operations::backup::BackupService,
    pub health: operations::HealthService,
    pub maintenance: operations::MaintenanceService,
    /// The website chat widget: settings and the script's public API.
    pub widgets: widget::WidgetService,
}

impl Services {
    pub fn new(core: Core) -> Self {
        let core = Arc::new(core);
        Self {
            auth: identity::auth::AuthService(core.clone()),
            api_keys: identity::api_keys::ApiKeyService::new(core.clone()),
            team: team::members::TeamService(core.clone()),
            teams: team::teams::TeamsService(core.clone()),
            presence: team::presence::PresenceService(core.clone()),
            connections: channel::connections::ConnectionService(core.clone()),
            ingest: channel::ingest::IngestService(core.clone()),
            sender: channel::sender::SenderService(core.clone()),
            inbox: inbox::conversations::InboxService(core.clone()),
            canned: inbox::canned::CannedService(core.clone()),
            inbox_settings: inbox::settings::InboxSettingsService(core.clone()),
            contacts: crm::contacts::ContactService(core.clone()),
            labels: crm::labels::LabelService(core.clone()),
            fields: crm::fields::FieldService(core.clone()),
            segments: crm::segments::SegmentService(core.clone()),
            imports: crm::imports::ImportService(core.clone()),
            consent: crm::consent::ConsentService(core.clone()),
            deals: crm::deals::DealService(core.clone()),
            tickets: crm::tickets::TicketService(core.clone()),
            dashboard: crm::dashboard::DashboardService(core.clone()),
            analytics: analytics::reports::AnalyticsService(core.clone()),
            rollups: analytics::rollup::RollupService(core.clone()),
            platform_analytics: analytics::platform::PlatformAnalyticsService(core.clone()),
            history: analytics::history::HistoryService(core.clone()),
            flows: flows::editor::FlowService(core.clone()),
            flow_runs: flows::runs::RunService(core.clone()),
            sandbox: flows::sandbox::SandboxService(core.clone()),
            flow_runner: flows::runner::RunnerService(core.clone()),
            flow_jobs: flows::jobs::FlowJobsService(core.clone()),
            campaigns: campaigns::editor::CampaignService(core.clone()),
            campaign_launch: campaigns::launch::LaunchService(core.clone()),
            campaign_sender: campaigns::sender::CampaignSender(core.clone()),
            webhooks: automations::webhooks::WebhookEndpointService(core.clone()),
            webhook_delivery: automations::delivery::DeliveryWorker(core.clone()),
            automations: automations::rules::AutomationService(core.clone()),
            automation_worker: automations::engine::AutomationWorker(core.clone()),
            admin: platform::admin::AdminService(core.clone()),
            plans: billing::plans::PlanService(core.clone()),
            billing: billing::subscription::BillingService(core.clone()),
            billing_admin: billing::admin::BillingAdminService(core.clone()),
            billing_webhooks: billing::webhooks::WebhookService(core.clone()),
            dunning: billing::dunning::DunningService(core.clone()),
            audit: platform::audit::AuditService(core.clone()),
            idempotency: platform::idempotency::IdempotencyService(core.clone()),
            mail: mail::MailService(core.clone()),
            agency: agency::AgencyService(core.clone()),
            agency_admin: agency::AgencyAdminService(core.clone()),
            agency_billing: agency::billing::AgencyBillingService(core.clone()),
            brand: brand::BrandService(core.clone()),
            domains: brand::domains::DomainService(core.clone()),
            backups: operations::backup::BackupService::new(core.clone(), Default::default(), None),
            health: operations::HealthService(core.clone()),
            maintenance: operations::MaintenanceService(core.clone()),
            widgets: widget::WidgetService::new(core.clone()),
            core,
        }
    }
}

/// Errors built in more than one place, so each code always comes with the same message.
pub(crate) mod errors {
    use parley_domain::DomainError;

    pub fn workspace_unavailable() -> DomainError {
        DomainError::Blocked {
            code: "workspace_unavailable",
            message: "This workspace is suspended or your access to it was removed.".into(),
        }
    }

    pub fn workspace_suspended() -> DomainError {
        DomainError::PaymentRequired {
            code: "workspace_suspended",
            message: "This workspace is suspended until its bill is paid. The owner can pay on the billing page."
                .into(),
        }
    }

    pub fn invalid_api_key() -> DomainError {
        DomainError::InvalidToken { code: "invalid_api_key", message: "The API key is not valid.".into() }
    }

    pub fn refresh_token_reused() -> DomainError {
        DomainError::InvalidToken {
            code: "refresh_token_reused",
            message: "This session was ended because its refresh token was used twice. Sign in again.".into(),
        }
    }
}

/// Parses a value the database holds (a check constraint keeps it valid); anything else is a bug.
pub(crate) fn stored<T>(parse: fn(&str) -> Option<T>, raw: &str) -> Result<T> {
    parse(raw).ok_or_else(|| DomainError::internal(format!("unexpected stored value {raw:?}")))
}

/// Database errors become `Internal`: the cause is logged by the HTTP layer, never shown.
pub(crate) trait DbResultExt<T> {
    fn db(self) -> Result<T>;
}

impl<T> DbResultExt<T> for std::result::Result<T, sea_orm::DbErr> {
    fn db(self) -> Result<T> {
        self.map_err(DomainError::internal)
    }
}

/// What `Services::connect` needs: where the data lives and how the product behaves.
pub struct Wiring {
    pub db: parley_store::DbConfig,
    pub redis_url: String,
    pub cfg: ServicesConfig,
    /// The HS256 signing secret of access tokens (at least 32 characters).
    pub jwt_secret: String,
    pub mail: MailTransport,
    pub channel: channel::ChannelConfig,
    pub media: parley_media::MediaConfig,
    /// `id:base64` AES-256 keys sealing credentials, current first (at least one).
    pub encryption_keys: Vec<String>,
    /// The payment gateway and dunning periods (default: manual billing, no gateway).
    pub billing: billing::Billing,
    /// What chatbot flows' HTTP and webhook nodes may reach.
    pub flows_http: flows::guarded_http::GuardConfig,
    /// How the campaign sender paces and settles.
    pub campaigns: campaigns::CampaignsConfig,
    /// How outbound webhooks are delivered (they reach what `flows_http` allows).
    pub webhooks: automations::WebhooksConfig,
    /// Where custom domains point and how DNS is asked about them.
    pub domains: brand::domains::DomainsConfig,
}

impl Services {
    /// Connects both pools and Redis and builds the services: the one wiring used by `parley serve`,
    /// `parley worker`, the CLI and the tests.
    pub async fn connect(w: Wiring) -> anyhow::Result<Self> {
        let db = parley_store::Db::connect(&w.db).await?;
        let client = redis::Client::open(w.redis_url.as_str())?;
        let redis =
            redis::aio::ConnectionManager::new(client.clone()).await.map_err(|e| anyhow::anyhow!("redis: {e}"))?;
        // Secrets come from configuration or the secrets file (`apps/parley`'s `secrets`), never from a table a
        // runtime role can read.
        let secret = w.jwt_secret;
        if secret.len() < 32 {
            anyhow::bail!("auth.jwt_secret must be at least 32 characters");
        }
        let keys = w.encryption_keys;
        if keys.is_empty() {
            anyhow::bail!("security.encryption_keys is empty: credentials need a key (parley admin generate-key)");
        }
        let sealer = crypto::Sealer::new(&keys)?;
        let media = parley_media::MediaStore::from_config(&w.media).await?;
        let channel = channel::Channel::new(w.channel, media, sealer, db.clone())?;
        let webhooks = Arc::new(automations::WebhooksRuntime::new(w.webhooks, &w.flows_http)?);
        let flows = Arc::new(flows::FlowsRuntime::new(w.flows_http)?);
        let mut core = Core::new(db, redis, w.cfg, secret.as_bytes(), w.mail, channel, flows);
        core.billing = w.billing;
        core.campaigns = Arc::new(campaigns::CampaignsRuntime::new(w.campaigns));
        core.webhooks = webhooks;
        core.dns = brand::dns::Resolver::new(&w.domains.nameserver);
        core.domains = Arc::new(brand::domains::DomainsRuntime::new(w.domains));
        core.operations = Arc::new(operations::OperationsRuntime::new(w.media.local_dir.clone()));
        // Other nodes announce maintenance mode toggles; this node's cached state is dropped at once.
        let ops = core.operations.clone();
        let clear = move || ops.maintenance.clear();
        tokio::spawn(invalidation::listen(client.clone(), operations::maintenance::CHANNEL, core.node_id, clear));
        // Other nodes announce brand changes; this node's cache forgets them at once.
        let brands = core.brands.clone();
        tokio::spawn(invalidation::listen(client, brand::resolve::CHANNEL, core.node_id, move || brands.clear()));
        let mut services = Self::new(core);
        // Backups dump and restore as the database's owner; `parley serve` applies `[backup]` on top.
        let source = operations::backup::BackupSource { database_url: w.db.owner_url.clone(), media: w.media.clone() };
        services.backups =
            operations::backup::BackupService::new(services.core.clone(), Default::default(), Some(source));
        Ok(services)
    }
}
