//! Test harness: spawns the real app (real PostgreSQL, real Redis) on a fresh database per test.
//! A template database is migrated once per schema version; each test clones it with
//! `CREATE DATABASE t_<uuid> TEMPLATE ...`, which is fast, isolated and safe in parallel.

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use parley_services::channel::ChannelConfig;
use parley_services::{MailTransport, Services, ServicesConfig, Wiring};
use parley_store::DbConfig;
use parley_store::bootstrap::{self, APP_ROLE, AUTH_ROLE, RolePasswords, SYSTEM_ROLE};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use serde_json::{Value, json};
use std::sync::Arc;
use tokio::sync::OnceCell;
use tower::ServiceExt;
use uuid::Uuid;

/// The PostgreSQL server tests use (superuser, trust auth on a dev machine).
pub fn server_url() -> String {
    std::env::var("PARLEY_TEST_DATABASE_SERVER").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into())
}

pub fn redis_url() -> String {
    std::env::var("REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into())
}

static TEMPLATE: OnceCell<String> = OnceCell::const_new();

/// Builds the template database once per schema fingerprint. Other test processes wait on an
/// advisory lock; a half-built template never gets its final name.
async fn template() -> String {
    TEMPLATE
        .get_or_init(|| async {
            let name = format!("parley_tpl_{}", parley_migrations::fingerprint());
            let mut opt = sea_orm::ConnectOptions::new(format!("{}/postgres", server_url()));
            opt.max_connections(1).sqlx_logging(false);
            let admin = Database::connect(opt).await.expect("connect to PostgreSQL (is it running?)");
            admin.execute_unprepared("select pg_advisory_lock(7265064)").await.expect("lock");
            let exists = admin
                .query_one_raw(sea_orm::Statement::from_sql_and_values(
                    sea_orm::DbBackend::Postgres,
                    "select 1 from pg_database where datname = $1",
                    [name.clone().into()],
                ))
                .await
                .expect("query")
                .is_some();
            if !exists {
                let building = format!("{name}_building");
                admin
                    .execute_unprepared(&format!("drop database if exists \"{building}\" with (force)"))
                    .await
                    .expect("drop");
                let url = format!("{}/{building}", server_url());
                bootstrap::prepare(&url, &RolePasswords { app: None, system: None, auth: None })
                    .await
                    .expect("migrate template");
                admin
                    .execute_unprepared(&format!("alter database \"{building}\" rename to \"{name}\""))
                    .await
                    .expect("rename template");
            }
            admin.execute_unprepared("select pg_advisory_unlock(7265064)").await.expect("unlock");
            admin.close().await.ok();
            name
        })
        .await
        .clone()
}

/// A fresh, migrated database; answers its name.
pub async fn fresh_database() -> String {
    let tpl = template().await;
    let name = format!("t_{}", Uuid::now_v7().simple());
    let admin = Database::connect(format!("{}/postgres", server_url())).await.expect("connect");
    admin
        .execute_unprepared(&format!("create database \"{name}\" template \"{tpl}\""))
        .await
        .expect("create test database");
    admin.close().await.ok();
    name
}

pub struct TestOptions {
    pub mail: MailTransport,
    pub login_max_failures: u32,
    pub channel: ChannelConfig,
    pub media: parley_media::MediaConfig,
    /// Empty: the key kept in the database.
    pub encryption_keys: Vec<String>,
    /// Manual billing (no gateway) unless a test brings the Stripe simulator.
    pub billing: parley_services::billing::Billing,
    /// What flows' HTTP nodes may reach (a test's local server must be allowed).
    pub flows_http: parley_services::flows::guarded_http::GuardConfig,
    /// The campaign sender's waits (tests shorten the `sending` timeout).
    pub campaigns: parley_services::campaigns::CampaignsConfig,
    /// Outbound webhooks' timeouts and back-off (tests shorten them).
    pub webhooks: parley_services::automations::WebhooksConfig,
    /// Custom domains' settings; by default the app's own DNS simulator (`TestApp::dns`) answers and domains point
    /// at `DOMAIN_TARGET`.
    pub domains: parley_services::brand::domains::DomainsConfig,
    /// The install's name, time zone and language (`[site]`).
    pub site: parley_services::SiteSettings,
}

impl Default for TestOptions {
    fn default() -> Self {
        Self {
            mail: MailTransport::DevMailbox,
            login_max_failures: 5,
            channel: ChannelConfig::default(),
            media: local_media(),
            encryption_keys: vec![],
            billing: Default::default(),
            flows_http: Default::default(),
            campaigns: Default::default(),
            webhooks: Default::default(),
            domains: Default::default(),
            site: Default::default(),
        }
    }
}

/// Where a test app's custom domains point (their CNAME target), and its address in the app's DNS simulator.
pub const DOMAIN_TARGET: &str = "edge.parley.test";
pub const DOMAIN_TARGET_IP: &str = "203.0.113.10";

/// A Meta "messages" webhook carrying one text message from `from` to the number `phone_number_id`.
pub fn text_webhook(phone_number_id: &str, wamid: &str, from: &str, text: &str, ts: i64) -> Value {
    json!({ "object": "whatsapp_business_account", "entry": [{ "id": "1", "changes": [{ "field": "messages", "value": {
        "messaging_product": "whatsapp",
        "metadata": { "display_phone_number": "15550100", "phone_number_id": phone_number_id },
        "contacts": [{ "profile": { "name": "Carla" }, "wa_id": from }],
        "messages": [{ "from": from, "id": wamid, "timestamp": ts.to_string(), "type": "text", "text": { "body": text } }]
    }}]}]})
}

/// Services on an existing test database, as `parley serve` would build them (a second node, or the
/// same node restarted with other settings).
/// The JWT secret every test server signs with (a test may sign its own tokens with it).
pub const TEST_JWT_SECRET: &str = "test-jwt-secret-of-at-least-32-characters";

/// The credentials key a test server seals with when the test names none (fixed, so a second node or a
/// restart in the same test opens what the first sealed).
pub const TEST_CREDENTIALS_KEY: &str = "t1:dGVzdC1jcmVkZW50aWFscy1rZXktMzItYnl0ZXMhISE=";

pub async fn connect_services(db_name: &str, cfg: ServicesConfig, opts: TestOptions, keys: Vec<String>) -> Services {
    let owner_url = format!("{}/{db_name}", server_url());
    let keys = if keys.is_empty() { vec![TEST_CREDENTIALS_KEY.to_owned()] } else { keys };
    Services::connect(Wiring {
        db: DbConfig {
            app_url: bootstrap::url_for_role(&owner_url, APP_ROLE, None).expect("url"),
            system_url: bootstrap::url_for_role(&owner_url, SYSTEM_ROLE, None).expect("url"),
            auth_url: bootstrap::url_for_role(&owner_url, AUTH_ROLE, None).expect("url"),
            owner_url,
            max_connections: 10,
        },
        redis_url: redis_url(),
        cfg,
        jwt_secret: TEST_JWT_SECRET.to_owned(),
        mail: opts.mail,
        channel: opts.channel,
        media: opts.media,
        encryption_keys: keys,
        billing: opts.billing,
        flows_http: opts.flows_http,
        campaigns: opts.campaigns,
        webhooks: opts.webhooks,
        domains: opts.domains,
    })
    .await
    .expect("connect services")
}

/// A simulator that delivers and reads within 100 ms and never fails by chance.
fn fast_sim() -> parley_simulator::SimConfig {
    parley_simulator::SimConfig {
        delivered_after: std::time::Duration::from_millis(100),
        read_after: std::time::Duration::from_millis(100),
        failure_rate: 0.0,
        auto_read: false,
        public_url: String::new(),
    }
}

/// Media in a fresh directory under the system temp dir.
pub fn local_media() -> parley_media::MediaConfig {
    parley_media::MediaConfig {
        local_dir: std::env::temp_dir().join(format!("parley-test-media-{}", Uuid::now_v7().simple())),
        ..Default::default()
    }
}

/// A served app (real socket) with the WhatsApp simulator, the webhook processors and the job workers:
/// what channel tests need, since the simulator calls Parley's webhooks over HTTP.
pub struct Channel {
    pub sim: parley_simulator::Simulator,
    /// e.g. `http://127.0.0.1:PORT/sim`
    pub sim_url: String,
    /// Parley's own base URL.
    pub base_url: String,
    pub http: reqwest::Client,
}

impl Channel {
    /// Calls the simulator's control API.
    pub async fn sim_post(&self, path: &str, body: Value) -> Value {
        let res = self.http.post(format!("{}/api{path}", self.sim_url)).json(&body).send().await.expect("simulator");
        res.json().await.unwrap_or(Value::Null)
    }

    pub async fn sim_get(&self, path: &str) -> Value {
        let res = self.http.get(format!("{}/api{path}", self.sim_url)).send().await.expect("simulator");
        res.json().await.unwrap_or(Value::Null)
    }
}

pub struct TestApp {
    pub router: Router,
    /// Set by `spawn_channel`.
    pub channel: Option<Channel>,
    /// Set by `spawn_billing`.
    pub stripe: Option<StripeHarness>,
    pub services: Services,
    pub db_name: String,
    /// This app's client address (X-Forwarded-For), unique so per-address throttling in the shared
    /// Redis never couples two tests.
    pub client_ip: String,
    /// The DNS server this app's resolver asks (unless the test named another): it starts with `DOMAIN_TARGET`'s
    /// address; tests create customers' records in it.
    pub dns: parley_dns_sim::DnsSim,
}

/// The webhook signing secret shared by the test apps and their Stripe simulator.
pub const STRIPE_WEBHOOK_SECRET: &str = "whsec_parley_tests";

pub struct StripeHarness {
    pub sim: parley_stripe_sim::StripeSim,
    pub sim_url: String,
    /// The app's own HTTP address (the simulator's webhooks go there).
    pub base_url: String,
    /// Does not follow redirects, so a test sees where a hosted page sends the customer.
    pub http: reqwest::Client,
}

impl StripeHarness {
    /// Pays on the hosted Checkout page at `url` with `card`; answers the page's status and Location.
    pub async fn pay_checkout(&self, url: &str, card: &str) -> (u16, Option<String>) {
        let res = self.http.post(url).form(&[("card", card)]).send().await.expect("checkout page");
        let location = res.headers().get("location").and_then(|v| v.to_str().ok()).map(str::to_owned);
        (res.status().as_u16(), location)
    }

    /// Puts `card` on file through the hosted portal at `url` (an open invoice is retried at once).
    pub async fn portal_card(&self, url: &str, card: &str) -> u16 {
        let res = self.http.post(format!("{url}/card")).form(&[("card", card)]).send().await.expect("portal");
        res.status().as_u16()
    }
}

pub struct Response {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Response {
    /// The `error` code of an error body.
    pub fn code(&self) -> &str {
        self.body["error"].as_str().unwrap_or("")
    }
}

/// A signed-up tenant with its owner's tokens.
#[derive(Clone, Debug)]
pub struct Signup {
    pub token: String,
    pub refresh: String,
    pub tenant_id: Uuid,
    pub user_id: Uuid,
    pub email: String,
}

pub const PASSWORD: &str = "correct-horse-9";

pub fn unique_email(prefix: &str) -> String {
    format!("{prefix}-{}@example.com", Uuid::now_v7().simple())
}

/// A connected Cloud API number (in the simulator too, when the app has one).
pub struct Number {
    pub id: String,
    pub phone_number_id: String,
    pub app_secret: String,
}

/// `n` random digits, for ids that must not collide between tests sharing the simulator.
pub fn digits(n: usize) -> String {
    let raw = Uuid::now_v7().as_u128().to_string();
    raw[raw.len() - n..].to_owned()
}

/// The router every test app serves: no web app, plain cookies, the test's client address trusted from the proxy
/// header.
fn test_router(services: &Services) -> Router {
    parley_http::router(parley_http::AppState {
        services: services.clone(),
        cfg: Arc::new(parley_http::HttpConfig {
            web_dist: None,
            secure_cookies: false,
            trust_proxy: true,
            version: "test".into(),
            ..Default::default()
        }),
    })
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with(TestOptions::default()).await
    }

    pub async fn spawn_with(opts: TestOptions) -> Self {
        Self::spawn_inner(opts, None).await
    }

    async fn spawn_inner(opts: TestOptions, public_url: Option<String>) -> Self {
        let db_name = fresh_database().await;
        let mut cfg = ServicesConfig {
            login_max_failures: opts.login_max_failures,
            site: opts.site.clone(),
            ..ServicesConfig::default()
        };
        if let Some(u) = public_url {
            cfg.public_url = u;
        }
        Self::serve(db_name, cfg, opts).await
    }

    /// A served product on an existing database (a restored backup, say), with the default options.
    pub async fn on_database(db_name: &str) -> Self {
        let opts = TestOptions::default();
        let cfg = ServicesConfig { login_max_failures: opts.login_max_failures, ..ServicesConfig::default() };
        Self::serve(db_name.to_owned(), cfg, opts).await
    }

    async fn serve(db_name: String, cfg: ServicesConfig, mut opts: TestOptions) -> Self {
        let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
        let dns = parley_dns_sim::DnsSim::start("127.0.0.1:0".parse().expect("addr")).await.expect("DNS simulator");
        dns.set_records(DOMAIN_TARGET, vec![parley_dns_sim::Record::A(DOMAIN_TARGET_IP.parse().expect("ip"))]);
        if opts.domains.nameserver == parley_services::brand::dns::Nameserver::System {
            opts.domains.nameserver = parley_services::brand::dns::Nameserver::At(dns.addr());
        }
        opts.domains.target_host.get_or_insert_with(|| DOMAIN_TARGET.to_owned());
        let keys = opts.encryption_keys.clone();
        let services = connect_services(&db_name, cfg, opts, keys).await;
        let r = Uuid::now_v7().as_u128() as u64;
        let client_ip = format!("2001:db8:{:x}:{:x}::1", (r >> 16) & 0xffff, r & 0xffff);
        Self { router: test_router(&services), channel: None, stripe: None, services, db_name, client_ip, dns }
    }

    /// Serves `self.services` again, after a test changed them (another configuration of one service, say).
    pub fn reroute(&mut self) {
        self.router = test_router(&self.services);
    }

    /// An app served on a real port next to a WhatsApp simulator (fast delivery and read statuses), with
    /// webhook processing and the send/download workers running. Graph API and WasenderAPI calls go to
    /// the simulator through the production clients: only the base URLs differ.
    pub async fn spawn_channel() -> Self {
        Self::spawn_channel_with(local_media()).await
    }

    /// `spawn_channel` with the given media storage (e.g. S3 on moto).
    pub async fn spawn_channel_with(media: parley_media::MediaConfig) -> Self {
        Self::spawn_channel_opts(TestOptions { media, ..TestOptions::default() }).await
    }

    /// `spawn_channel` with the campaign sender's settings (a short `sending` timeout).
    pub async fn spawn_campaigns(campaigns: parley_services::campaigns::CampaignsConfig) -> Self {
        Self::spawn_channel_opts(TestOptions { campaigns, ..TestOptions::default() }).await
    }

    /// `spawn_channel` with other options (media, campaigns, webhooks, what outbound HTTP may reach); the channel
    /// settings are the simulator's.
    pub async fn spawn_channel_opts(opts: TestOptions) -> Self {
        Self::spawn_channel_inner(opts, fast_sim()).await
    }

    async fn spawn_channel_inner(opts: TestOptions, sim_cfg: parley_simulator::SimConfig) -> Self {
        let sim_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind simulator");
        let sim_url = format!("http://{}/sim", sim_listener.local_addr().expect("addr"));
        let sim = parley_simulator::Simulator::new(sim_cfg);
        sim.set_public_url(sim_url.clone());
        tokio::spawn(parley_simulator::serve(sim_listener, sim.clone()));

        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind app");
        let base_url = format!("http://{}", listener.local_addr().expect("addr"));
        sim.set_redirect_base(format!("{base_url}/r/"));
        let channel = ChannelConfig {
            graph_url: format!("{sim_url}/graph/v23.0"),
            wasender_url: format!("{sim_url}/wasender"),
            wasender_token: Some(parley_simulator::DEFAULT_WASENDER_TOKEN.into()),
            recipient_gap: std::time::Duration::ZERO,
            retry_base: std::time::Duration::from_millis(50),
            send_max_attempts: 3,
            media_max_attempts: 3,
            ..ChannelConfig::default()
        };
        let mut app = Self::spawn_inner(TestOptions { channel, ..opts }, Some(base_url.clone())).await;
        let router = app.router.clone();
        tokio::spawn(async move {
            axum::serve(listener, router.into_make_service_with_connect_info::<std::net::SocketAddr>()).await
        });
        tokio::spawn(parley_services::channel::ingest::run_processor(app.services.ingest.clone()));
        tokio::spawn(parley_services::flows::runner::run_runner(app.services.flow_runner.clone()));
        tokio::spawn(parley_services::campaigns::sender::run_sender(app.services.campaign_sender.clone()));
        tokio::spawn(parley_services::automations::delivery::run_deliveries(app.services.webhook_delivery.clone()));
        tokio::spawn(parley_services::automations::engine::run_automations(app.services.automation_worker.clone()));
        parley_jobs::spawn(app.services.clone(), format!("test-{}", app.db_name));
        app.channel = Some(Channel { sim, sim_url, base_url, http: reqwest::Client::new() });
        app
    }

    /// An app billing through the Stripe simulator: the gateway points at it, its webhooks come back to this
    /// app over HTTP (signed with `STRIPE_WEBHOOK_SECRET`), and the job workers process them. `gateway_url`
    /// overrides where the gateway calls (a closed port tests an unreachable Stripe).
    pub async fn spawn_billing_with(gateway_url: Option<String>) -> Self {
        let sim_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind stripe simulator");
        let sim_url = format!("http://{}", sim_listener.local_addr().expect("addr"));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind app");
        let base_url = format!("http://{}", listener.local_addr().expect("addr"));
        let sim = parley_stripe_sim::StripeSim::new(parley_stripe_sim::SimConfig {
            webhook_url: Some(format!("{base_url}/api/v1/webhooks/stripe")),
            webhook_secret: STRIPE_WEBHOOK_SECRET.into(),
            public_url: sim_url.clone(),
            webhook_retries: [200, 400, 800, 1600, 3200].into_iter().map(std::time::Duration::from_millis).collect(),
            ..Default::default()
        });
        tokio::spawn(parley_stripe_sim::serve(sim_listener, sim.clone()));
        let gateway = parley_billing::StripeGateway::new(parley_billing::StripeConfig {
            secret_key: "sk_test_parley".into(),
            base_url: Some(gateway_url.unwrap_or_else(|| sim_url.clone())),
            trial_end_behavior: parley_billing::TrialEndBehavior::Pause,
        })
        .expect("stripe gateway");
        let billing = parley_services::billing::Billing {
            gateway: Some(Arc::new(gateway)),
            webhook_secret: Some(STRIPE_WEBHOOK_SECRET.into()),
            ..Default::default()
        };
        let mut app =
            Self::spawn_inner(TestOptions { billing, ..TestOptions::default() }, Some(base_url.clone())).await;
        let router = app.router.clone();
        tokio::spawn(async move {
            axum::serve(listener, router.into_make_service_with_connect_info::<std::net::SocketAddr>()).await
        });
        parley_jobs::spawn(app.services.clone(), format!("test-{}", app.db_name));
        app.stripe = Some(StripeHarness {
            sim,
            sim_url,
            base_url,
            http: reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("http"),
        });
        app
    }

    pub async fn spawn_billing() -> Self {
        Self::spawn_billing_with(None).await
    }

    /// The Stripe harness (panics for apps not made with `spawn_billing`).
    pub fn stripe(&self) -> &StripeHarness {
        self.stripe.as_ref().expect("spawned with spawn_billing")
    }

    /// The channel harness (panics for apps not made with `spawn_channel`).
    pub fn ch(&self) -> &Channel {
        self.channel.as_ref().expect("spawned with spawn_channel")
    }

    /// A connection as the database owner, for assertions about what is stored.
    pub async fn owner_db(&self) -> DatabaseConnection {
        Database::connect(format!("{}/{}", server_url(), self.db_name)).await.expect("owner connection")
    }

    /// A connection as the runtime app role, with no tenant set.
    pub async fn app_role_db(&self) -> DatabaseConnection {
        self.role_db(APP_ROLE).await
    }

    /// A connection as one of the runtime roles (`bootstrap::{APP_ROLE, AUTH_ROLE, SYSTEM_ROLE}`).
    pub async fn role_db(&self, role: &str) -> DatabaseConnection {
        let url = bootstrap::url_for_role(&format!("{}/{}", server_url(), self.db_name), role, None).expect("url");
        Database::connect(url).await.expect("role connection")
    }

    /// Sends a raw request through the router (no socket).
    pub async fn send(&self, req: Request<Body>) -> Response {
        let res = self.router.clone().oneshot(req).await.expect("router is infallible");
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.expect("body").to_bytes();
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()))
        };
        Response { status, headers, body }
    }

    pub async fn call(&self, method: Method, path: &str, token: Option<&str>, body: Option<Value>) -> Response {
        let mut req = Request::builder().method(method).uri(path).header("x-forwarded-for", self.client_ip.as_str());
        if let Some(t) = token {
            req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        let req = match body {
            Some(b) => req.header(header::CONTENT_TYPE, "application/json").body(Body::from(b.to_string())),
            None => req.body(Body::empty()),
        }
        .expect("request");
        self.send(req).await
    }

    /// Posts a webhook body to `path` as Meta would, with `signature` in `X-Hub-Signature-256`.
    pub async fn webhook(&self, path: &str, body: Vec<u8>, signature: Option<String>) -> Response {
        let mut req =
            Request::builder().method(Method::POST).uri(path).header(header::CONTENT_TYPE, "application/json");
        if let Some(s) = signature {
            req = req.header("x-hub-signature-256", s);
        }
        self.send(req.body(Body::from(body)).expect("request")).await
    }

    /// Posts `body` to a Cloud API number's webhook, signed with its app secret.
    pub async fn signed_webhook(&self, connection_id: &str, app_secret: &str, body: &Value) -> Response {
        let bytes = serde_json::to_vec(body).expect("json");
        let sig = parley_whatsapp::signature::sign_meta(app_secret.as_bytes(), &bytes);
        self.webhook(&format!("/api/v1/webhooks/whatsapp/{connection_id}"), bytes, Some(sig)).await
    }

    /// Uploads a file to /api/v1/media as multipart form data.
    pub async fn upload(&self, token: &str, filename: &str, mime: &str, bytes: &[u8]) -> Response {
        self.upload_to("/api/v1/media", token, filename, mime, bytes).await
    }

    /// Uploads a file as the multipart field `file` to `path` with `PUT` (a resource's one file, replaced).
    pub async fn put_file(&self, path: &str, token: &str, filename: &str, mime: &str, bytes: &[u8]) -> Response {
        self.upload_with(Method::PUT, path, token, filename, mime, bytes).await
    }

    /// Uploads a file as the multipart field `file` to `path`.
    pub async fn upload_to(&self, path: &str, token: &str, filename: &str, mime: &str, bytes: &[u8]) -> Response {
        self.upload_with(Method::POST, path, token, filename, mime, bytes).await
    }

    async fn upload_with(
        &self,
        method: Method,
        path: &str,
        token: &str,
        filename: &str,
        mime: &str,
        bytes: &[u8],
    ) -> Response {
        let boundary = "XPARLEYBOUNDARYX";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\nContent-Type: {mime}\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let req = Request::builder()
            .method(method)
            .uri(path)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
            .body(Body::from(body))
            .expect("request");
        self.send(req).await
    }

    /// A GET answered as raw bytes (files).
    pub async fn bytes(&self, path: &str, token: &str) -> Vec<u8> {
        let req = Request::builder()
            .uri(path)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty())
            .expect("request");
        let res = self.router.clone().oneshot(req).await.expect("router is infallible");
        res.into_body().collect().await.expect("body").to_bytes().to_vec()
    }

    pub async fn get(&self, path: &str, token: &str) -> Response {
        self.call(Method::GET, path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> Response {
        self.call(Method::POST, path, token, Some(body)).await
    }

    pub async fn patch(&self, path: &str, token: &str, body: Value) -> Response {
        self.call(Method::PATCH, path, Some(token), Some(body)).await
    }

    pub async fn delete(&self, path: &str, token: &str) -> Response {
        self.call(Method::DELETE, path, Some(token), None).await
    }

    /// Signs up a new business and answers its owner's session.
    pub async fn signup(&self, business: &str) -> Signup {
        let email = unique_email("owner");
        let res = self
            .post(
                "/api/v1/auth/register",
                None,
                json!({ "businessName": business, "name": "Owner", "email": email, "password": PASSWORD }),
            )
            .await;
        assert_eq!(res.status, StatusCode::CREATED, "signup failed: {}", res.body);
        session_of(&res.body, email)
    }

    pub async fn login(&self, email: &str, password: &str) -> Response {
        self.post("/api/v1/auth/login", None, json!({ "email": email, "password": password })).await
    }

    /// Invites `email` with `role` and accepts as a new person; answers their session.
    pub async fn add_member(&self, owner: &Signup, role: &str) -> Signup {
        let email = unique_email(role);
        let inv = self.post("/api/v1/invitations", Some(&owner.token), json!({ "email": email, "role": role })).await;
        assert_eq!(inv.status, StatusCode::CREATED, "invite failed: {}", inv.body);
        let token = invitation_token(inv.body["acceptUrl"].as_str().expect("acceptUrl"));
        let acc = self
            .post(
                &format!("/api/v1/auth/invitations/{token}/accept"),
                None,
                json!({ "name": "Member", "password": PASSWORD }),
            )
            .await;
        assert_eq!(acc.status, StatusCode::OK, "accept failed: {}", acc.body);
        session_of(&acc.body, email)
    }

    /// A new platform admin's access token.
    pub async fn platform_admin(&self) -> String {
        let email = unique_email("admin");
        parley_services::platform::seed::create_platform_admin(&self.services.core, &email, Some(PASSWORD))
            .await
            .expect("platform admin");
        let res = self.login(&email, PASSWORD).await;
        assert_eq!(res.status, StatusCode::OK, "admin login: {}", res.body);
        // A platform admin must use two-factor sign-in: the first session can only enrol, as in production.
        assert_eq!(res.body["session"]["mustEnrol2fa"], true, "a new platform admin must enrol first");
        let token = res.body["accessToken"].as_str().expect("token");
        self.enrol_two_factor(token).await;
        let refreshed =
            self.post("/api/v1/auth/refresh", None, json!({ "refreshToken": res.body["refreshToken"] })).await;
        assert_eq!(refreshed.status, StatusCode::OK, "admin refresh: {}", refreshed.body);
        refreshed.body["accessToken"].as_str().expect("token").to_owned()
    }

    /// Enrols the token's person in two-factor sign-in (computing the code from the secret, as an app would) and
    /// answers the base32 secret and the ten recovery codes.
    pub async fn enrol_two_factor(&self, token: &str) -> (String, Vec<String>) {
        let setup = self.post("/api/v1/auth/2fa/setup", Some(token), json!({})).await;
        assert_eq!(setup.status, StatusCode::OK, "2fa setup: {}", setup.body);
        let secret = setup.body["secret"].as_str().expect("secret").to_owned();
        let enable = self.post("/api/v1/auth/2fa/enable", Some(token), json!({ "code": totp_code(&secret, 0) })).await;
        assert_eq!(enable.status, StatusCode::OK, "2fa enable: {}", enable.body);
        let codes = enable.body["recoveryCodes"].as_array().expect("codes");
        (secret, codes.iter().map(|c| c.as_str().expect("code").to_owned()).collect())
    }

    /// Connects a Cloud API number for `owner` (and registers it with the simulator, when there is one): the
    /// number's id, its phone number id and its app secret (to sign webhooks).
    pub async fn cloud_number(&self, owner: &Signup) -> Number {
        let pnid = format!("1{}", digits(14));
        let waba = format!("2{}", digits(14));
        let token = format!("EAAtest{}", digits(10));
        let secret = format!("secret{}", digits(10));
        let res = self
            .post(
                "/api/v1/whatsapp/connections",
                Some(&owner.token),
                json!({ "kind": "cloud", "name": "Main line", "phoneNumberId": pnid, "wabaId": waba,
                        "accessToken": token, "appSecret": secret }),
            )
            .await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        assert!(!res.body.to_string().contains(&secret), "secrets never leave the server");
        let id = res.body["id"].as_str().expect("id").to_owned();
        if let Some(ch) = &self.channel {
            ch.sim_post(
                "/numbers",
                json!({ "phoneNumberId": pnid, "wabaId": waba, "displayPhoneNumber": "+1 555 0100",
                        "verifiedName": "Acme", "accessToken": token, "appSecret": secret,
                        "webhookUrl": res.body["webhookUrl"] }),
            )
            .await;
        }
        Number { id, phone_number_id: pnid, app_secret: secret }
    }

    /// Every mail in the dev mailbox sent to `to`, newest first.
    pub async fn mails_to(&self, to: &str) -> Vec<Value> {
        let res = self.call(Method::GET, "/api/v1/dev/mailbox", None, None).await;
        res.body.as_array().map(|a| a.iter().filter(|m| m["to"] == to).cloned().collect()).unwrap_or_default()
    }

    /// The newest mail in the dev mailbox sent to `to`.
    pub async fn last_mail_to(&self, to: &str) -> Option<Value> {
        let res = self.call(Method::GET, "/api/v1/dev/mailbox", None, None).await;
        res.body.as_array()?.iter().find(|m| m["to"] == to).cloned()
    }
}

pub fn session_of(body: &Value, email: String) -> Signup {
    let s = |v: &Value| v.as_str().expect("string field").to_owned();
    Signup {
        token: s(&body["accessToken"]),
        refresh: s(&body["refreshToken"]),
        tenant_id: body["session"]["tenant"]["id"].as_str().and_then(|t| t.parse().ok()).expect("tenant id"),
        user_id: body["session"]["user"]["id"].as_str().and_then(|t| t.parse().ok()).expect("user id"),
        email,
    }
}

/// The code of a base32 TOTP secret now, or `steps` 30-second steps from now (a code works once: a second
/// sign-in within the same half-minute uses the next step's code, which is still accepted).
pub fn totp_code(secret: &str, steps: i64) -> String {
    use parley_services::identity::totp;
    let key = totp::from_base32(secret).expect("base32 secret");
    totp::code_at_step(&key, totp::step_at(chrono::Utc::now().timestamp()) + steps, totp::DIGITS)
}

/// The token at the end of an accept URL (`.../invite/<token>`).
pub fn invitation_token(url: &str) -> String {
    url.rsplit('/').next().expect("token").to_owned()
}

/// The first link in a text that contains `needle`.
pub fn link_in(text: &str, needle: &str) -> Option<String> {
    text.split_whitespace().find(|w| w.contains(needle)).map(|w| w.trim_end_matches(['.', ',', ')']).to_owned())
}

/// Every (method, path template) of the API's OpenAPI document, e.g. `("PATCH", "/api/v1/users/{id}")`.
/// Table-driven tests check that they cover each one, so a new endpoint cannot be forgotten.
pub fn api_operations() -> Vec<(String, String)> {
    let (_, spec) = parley_http::api();
    let mut out = Vec::new();
    for (path, item) in spec.paths.paths.iter() {
        for (m, op) in [
            ("GET", &item.get),
            ("POST", &item.post),
            ("PATCH", &item.patch),
            ("DELETE", &item.delete),
            ("PUT", &item.put),
        ] {
            if op.is_some() {
                out.push((m.to_owned(), path.clone()));
            }
        }
    }
    out
}

/// Whether a concrete path (`/api/v1/users/0190...`) is an instance of a template (`/api/v1/users/{id}`).
pub fn path_matches(template: &str, concrete: &str) -> bool {
    template.split('/').count() == concrete.split('/').count()
        && template.split('/').zip(concrete.split('/')).all(|(t, c)| (t.starts_with('{') && !c.is_empty()) || t == c)
}
