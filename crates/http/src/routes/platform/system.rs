//! Operational endpoints: public config, the dev mailbox, health, readiness and metrics.

use crate::AppState;
use crate::error::{ApiError, ErrorBody, Result};
use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use parley_services::platform::dto::{Mail, PublicConfig};
use utoipa_axum::{router::OpenApiRouter, routes};

#[utoipa::path(get, path = "/config", tag = "system", responses((status = 200, body = PublicConfig)))]
async fn public_config(State(app): State<AppState>) -> Json<PublicConfig> {
    let cfg = &app.services.core.cfg;
    let maintenance = app.services.maintenance.state().await;
    Json(PublicConfig {
        maintenance,
        demo: cfg.demo,
        dev_mailbox: app.services.mail.dev_mailbox_enabled(),
        signup_enabled: cfg.signup_enabled,
        version: app.cfg.version.clone(),
    })
}

#[utoipa::path(get, path = "/dev/mailbox", tag = "system",
    responses((status = 200, body = Vec<Mail>), (status = 404, body = ErrorBody, description = "The dev mailbox is off")))]
async fn dev_mailbox(State(app): State<AppState>) -> Result<Json<Vec<Mail>>> {
    Ok(Json(app.services.mail.dev_mailbox().await?))
}

/// The demo's request sink: the demo workspace's webhook endpoint posts here, so its delivery log fills as people
/// try the product. Answers 404 outside demo mode.
#[utoipa::path(post, path = "/dev/webhook-sink", tag = "system", request_body(content = Option<serde_json::Value>, description = "Any body, or none"),
    responses((status = 200, description = "Received"), (status = 404, body = ErrorBody, description = "Not in demo mode")))]
async fn dev_webhook_sink(State(app): State<AppState>, body: axum::body::Bytes) -> Result<Json<serde_json::Value>> {
    if !app.services.core.cfg.demo {
        return Err(ApiError::new(StatusCode::NOT_FOUND, "not_found", "The webhook sink exists in demo mode only."));
    }
    Ok(Json(serde_json::json!({ "received": true, "bytes": body.len() })))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(public_config)).routes(routes!(dev_mailbox)).routes(routes!(dev_webhook_sink))
}

/// The process is up.
pub async fn healthz() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "status": "ok" }))
}

/// Ready to serve: PostgreSQL and Redis both answer.
pub async fn readyz(State(app): State<AppState>) -> impl IntoResponse {
    let db = app.services.core.db.ping().await.map_err(|e| e.to_string());
    let mut redis = app.services.core.redis.clone();
    let redis_ok: redis::RedisResult<String> =
        tokio::time::timeout(std::time::Duration::from_secs(2), redis::cmd("PING").query_async(&mut redis))
            .await
            .unwrap_or_else(|_| Err(redis::RedisError::from((redis::ErrorKind::Io, "timeout"))));
    let checks = serde_json::json!({
        "postgres": if db.is_ok() { "ok" } else { "down" },
        "redis": if redis_ok.is_ok() { "ok" } else { "down" },
    });
    if db.is_ok() && redis_ok.is_ok() {
        (StatusCode::OK, Json(serde_json::json!({ "status": "ready", "checks": checks }))).into_response()
    } else {
        tracing::warn!(db = ?db.err(), redis = ?redis_ok.err(), "not ready");
        ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "not_ready", "A dependency is not answering.")
            .with_details(checks)
            .into_response()
    }
}

/// Prometheus text format.
pub async fn metrics() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], crate::metrics::handle().render())
}
