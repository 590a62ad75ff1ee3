//! `GET /admin/system/health`: the platform admin's health report (the same one `parley doctor` prints).

use crate::AppState;
use crate::error::{ErrorBody, Result};
use crate::extract::PlatformAdmin;
use axum::Json;
use axum::extract::State;
use parley_services::operations::health::HealthReport;
use utoipa_axum::{router::OpenApiRouter, routes};

/// Runs every check now (database, migrations, Redis, SMTP, storage, WhatsApp numbers, Stripe, disk, queues,
/// clock, version, build); each is `ok`, `warn` or `fail` with the value measured and a fix hint.
#[utoipa::path(get, path = "/admin/system/health", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = HealthReport), (status = 403, body = ErrorBody)))]
async fn health(State(app): State<AppState>, _: PlatformAdmin) -> Result<Json<HealthReport>> {
    Ok(Json(app.services.health.report().await))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(health))
}
