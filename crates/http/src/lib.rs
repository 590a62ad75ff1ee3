//! The HTTP surface: axum routers under /api/v1, extractors (`AppJson`, `AuthUser`, `TenantCtx`),
//! `ApiError`, the OpenAPI document and docs UI, health/metrics, and the built web app's files.
//! Handlers stay a few lines: extract, call a service, map the result.

pub mod download;
pub mod error;
pub mod extract;
pub mod guard;
pub mod metrics;
pub mod responses;
pub mod routes;
pub mod security;

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use error::ApiError;
use parley_services::Services;
use std::path::PathBuf;
use std::sync::Arc;
use tower::ServiceExt;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::trace::TraceLayer;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_swagger_ui::SwaggerUi;

pub const BODY_LIMIT: usize = 1024 * 1024;

#[derive(Clone, Debug, Default)]
pub struct HttpConfig {
    /// The built web app (`web/dist`); `None` serves a page explaining how to build it.
    pub web_dist: Option<PathBuf>,
    pub secure_cookies: bool,
    /// Believe `X-Forwarded-For` and `X-Forwarded-Proto` (only behind a proxy that sets them).
    pub trust_proxy: bool,
    /// The proxies believed (when set, other peers cannot speak for clients) and skipped when reading
    /// `X-Forwarded-For` from the right; empty: the peer, whoever it is, when `trust_proxy` is on.
    pub trusted_proxies: parley_services::identity::ip_allow::IpAllowList,
    /// Origins (`https://crm.example.com`, exactly) allowed to call the API from a browser; empty: CORS closed.
    pub cors_origins: Vec<String>,
    pub version: String,
}

#[derive(Clone)]
pub struct AppState {
    pub services: Services,
    pub cfg: Arc<HttpConfig>,
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Parley API", description = "Multi-tenant WhatsApp CRM. Errors always have the shape of `ErrorBody`."),
    modifiers(&BearerAuth),
    components(schemas(
        error::ErrorBody,
        parley_services::crm::dto::CriteriaNode,
        parley_services::crm::dto::Condition,
        parley_services::crm::dto::ImportProgress,
        // Webhook payloads' data (the catalogue names them; the rest are response bodies already).
        parley_services::crm::dto::Contact,
        parley_services::crm::dto::Deal,
        parley_services::crm::dto::Ticket,
        parley_services::campaigns::dto::CampaignProgress,
        parley_services::campaigns::dto::SlotMapping,
        parley_services::automations::dto::FlowRunEnded,
        parley_services::automations::dto::SubscriptionChanged
    )),
    tags(
        (name = "auth", description = "Sign-up, sign-in, sessions, password reset"),
        (name = "users", description = "Members of the tenant"),
        (name = "invitations", description = "Inviting people"),
        (name = "api-keys", description = "Keys for integrations"),
        (name = "audit", description = "Audit log"),
        (name = "admin", description = "Platform administration"),
        (name = "brand", description = "Brands: the brand shown by host or workspace and its images, the owner's brand settings"),
        (name = "agency", description = "Agencies: client workspaces and their summaries, the agency's offer, support entries (and the client's side of them)"),
        (name = "whatsapp", description = "WhatsApp numbers (Cloud API or QR session), templates, webhook log"),
        (name = "webhooks", description = "Called by Meta and WasenderAPI; signed, not authenticated with a token"),
        (name = "contacts", description = "Customers"),
        (name = "deals", description = "Sales pipelines, their stages and the deals moving through them"),
        (name = "tickets", description = "Support tickets with their conversations and internal comments"),
        (name = "dashboard", description = "The workspace at a glance"),
        (name = "privacy", description = "GDPR: a contact's data exported or erased, the workspace exported, message retention"),
        (name = "analytics", description = "Reports over a range: conversations, agents, campaigns, flows, contacts and deals; exports; the weekly mail"),
        (name = "flows", description = "Chatbot flows: drafts, published versions, runs and their traces, the test sandbox"),
        (name = "automations", description = "Outbound webhooks: endpoints subscribed to events, signed deliveries in order per conversation with retries, their logs and replays"),
        (name = "campaigns", description = "Campaigns: template broadcasts to segments or a CSV, paced by Meta's rules, with per-recipient states, stats and the suppression list"),
        (name = "conversations", description = "Conversations and their messages"),
        (name = "media", description = "Files sent and received"),
        (name = "inbox", description = "Labels, canned responses, teams, agents and presence, business hours and routing"),
        (name = "widget", description = "The website chat widget: its settings, and the public API its script calls (checked by the page's Origin and a visitor token)"),
        (name = "system", description = "Configuration and development helpers"),
    )
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT access token, or an API key pk_...")
                    .build(),
            ),
        );
    }
}

/// The API routes and their OpenAPI document.
pub fn api() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let v1 = OpenApiRouter::new()
        .merge(routes::identity::router())
        .merge(routes::team::router())
        .merge(routes::channel::router())
        .merge(routes::inbox::router())
        .merge(routes::crm::router())
        .merge(routes::privacy::router())
        .merge(routes::flows::router())
        .merge(routes::campaigns::router())
        .merge(routes::automations::router())
        .merge(routes::billing::router())
        .merge(routes::brand::router())
        .merge(routes::analytics::router())
        .merge(routes::platform::router())
        .merge(routes::operations::router())
        .merge(routes::agency::router())
        .merge(routes::widget::router());
    let (router, mut spec) = OpenApiRouter::with_openapi(ApiDoc::openapi()).nest("/api/v1", v1).split_for_parts();
    spec.info.version = env!("CARGO_PKG_VERSION").to_owned();
    guard::document(&mut spec);
    // Last, so it only fills what the annotations and the guard left out.
    responses::CommonResponses.modify(&mut spec);
    (router, spec)
}

/// The OpenAPI document as pretty JSON (what `parley openapi` prints and the web client is generated from).
pub fn openapi_json() -> String {
    api().1.to_pretty_json().unwrap_or_default()
}

/// The worker's only HTTP: liveness, readiness (PostgreSQL and Redis, as the web node's) and its metrics.
pub fn probe_router(state: AppState) -> Router {
    metrics::handle();
    Router::new()
        .route("/healthz", get(routes::platform::system::healthz))
        .route("/readyz", get(routes::platform::system::readyz))
        .route("/metrics", get(routes::platform::system::metrics))
        .with_state(state)
}

pub fn router(state: AppState) -> Router {
    // Install the recorder before the first request, or requests before the first scrape are lost.
    metrics::handle();
    let (api, spec) = api();
    // Route layers run after routing, so both see the matched path template their tables are keyed by; the
    // guard (keys, scopes, rate limits) runs first, then idempotency.
    let api = api
        .layer(axum::middleware::from_fn_with_state(state.clone(), guard::idempotency::idempotency))
        .layer(axum::middleware::from_fn_with_state(state.clone(), guard::guard))
        // Outermost of the API's layers: during maintenance a write is answered before anything else runs.
        .layer(axum::middleware::from_fn_with_state(state.clone(), routes::operations::maintenance::gate));
    // Swagger UI's assets are compiled into the binary (`vendored`): the docs work offline too.
    Router::new()
        .merge(api)
        .merge(SwaggerUi::new("/api/docs").url("/api/v1/openapi.json", spec))
        .route("/healthz", get(routes::platform::system::healthz))
        .route("/readyz", get(routes::platform::system::readyz))
        .route("/metrics", get(routes::platform::system::metrics))
        .route("/r/{token}", get(routes::campaigns::clicks::follow_link))
        // Caddy's on-demand TLS question (docs/deploy.md): outside /api/v1, no credential.
        .route("/internal/tls/ask", get(routes::brand::domains::tls_ask))
        .route("/widget.js", get(widget_script))
        .fallback(fallback)
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "This address does not accept that method.",
            )
        })
        // The docs page and the document carry the host's brand.
        .layer(axum::middleware::from_fn_with_state(state.clone(), routes::brand::docs::brand_docs))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn(metrics::track))
        .layer(TraceLayer::new_for_http())
        .layer(CatchPanicLayer::custom(|_| {
            tracing::error!("handler panicked");
            ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal_error", "Something went wrong on our side.")
                .into_response()
        }))
        // The website widget's script calls from its customers' sites: CORS (and preflights) for those routes only,
        // by each widget's allowed domains.
        .layer(axum::middleware::from_fn_with_state(state.clone(), routes::widget::public::cors))
        // Outermost, so panics' answers and preflights carry the policy too.
        .layer(axum::middleware::from_fn_with_state(state.clone(), security::headers))
        .with_state(state)
}

/// The website chat widget's script (built from web/widget into dist/widget.js), loaded by customers' sites. The
/// snippet carries the version (`?v=`), so that address never changes content and is cached for a year; a bare
/// `/widget.js` (an old or hand-made snippet) is cached briefly so a deploy reaches it soon. Other sites load it,
/// so it says it may be embedded cross-origin, even by pages that require that (COEP).
async fn widget_script(State(app): State<AppState>, req: Request) -> Response {
    let Some(dist) = app.cfg.web_dist.clone() else {
        return ApiError::not_found().into_response();
    };
    let versioned = req.uri().query().is_some_and(|q| q.split('&').any(|p| p.starts_with("v=")));
    let mut res = match ServeFile::new(dist.join("widget.js")).oneshot(req).await {
        Ok(res) if res.status() == StatusCode::NOT_FOUND => return ApiError::not_found().into_response(),
        Ok(res) => res.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "widget script");
            return ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal_error",
                "Something went wrong on our side.",
            )
            .into_response();
        }
    };
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/javascript; charset=utf-8"));
    let cache = if versioned { "public, max-age=31536000, immutable" } else { "public, max-age=300" };
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    h.insert(HeaderName::from_static("cross-origin-resource-policy"), HeaderValue::from_static("cross-origin"));
    res
}

/// Unknown API paths answer JSON 404; everything else is the single-page app (index.html for its routes).
async fn fallback(State(app): State<AppState>, req: Request) -> Response {
    let path = req.uri().path();
    if path.starts_with("/api/") || path == "/api" {
        return ApiError::not_found().into_response();
    }
    let Some(dist) = app.cfg.web_dist.clone() else {
        return Html(
            "<!doctype html><title>Parley</title><h1>Parley API is running</h1>\
             <p>The web app is not built: run <code>npm ci &amp;&amp; npm run build</code> in <code>web/</code>. \
             API reference: <a href=\"/api/docs\">/api/docs</a>.</p>",
        )
        .into_response();
    };
    let index = dist.join("index.html");
    match ServeDir::new(&dist).fallback(ServeFile::new(index)).oneshot(req).await {
        Ok(res) => res.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "static file");
            (StatusCode::INTERNAL_SERVER_ERROR, Json(serde_json::json!({ "error": "internal_error" }))).into_response()
        }
    }
}
