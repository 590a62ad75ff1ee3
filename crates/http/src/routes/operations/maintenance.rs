//! Maintenance mode: the platform admin's switch (`GET`/`PUT /admin/system/maintenance`) and the middleware that
//! answers writes with 503 while it is on. Reads keep working; sign-in, refresh and sign-out stay open (so the
//! admin can get in), as do the platform admin's own routes (so it can be turned off) and inbound webhooks (WhatsApp
//! and Stripe events keep being received and stored).

use crate::AppState;
use crate::error::{ApiError, ErrorBody, Result};
use crate::extract::{AppJson, PlatformAdmin};
use axum::Json;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use parley_services::operations::maintenance::{MaintenanceInput, MaintenanceState, RETRY_AFTER_SECS};
use utoipa_axum::{router::OpenApiRouter, routes};

/// Writes that stay open during maintenance, besides the prefixes in `exempt`.
const OPEN_WRITES: &[&str] = &[
    "/api/v1/auth/login",
    "/api/v1/auth/login/2fa",
    "/api/v1/auth/refresh",
    "/api/v1/auth/logout",
    "/api/v1/auth/switch-tenant",
];
/// Prefixes whose writes stay open: inbound webhooks, the platform admin's routes, the demo's request sink.
const OPEN_PREFIXES: &[&str] = &["/api/v1/webhooks/", "/api/v1/admin/", "/api/v1/dev/"];

/// Whether a request is answered normally during maintenance: reads, everything outside `/api/v1`, and the
/// writes listed above.
pub fn exempt(method: &Method, path: &str) -> bool {
    let write = matches!(*method, Method::POST | Method::PUT | Method::PATCH | Method::DELETE);
    !write
        || !path.starts_with("/api/v1/")
        || OPEN_WRITES.contains(&path.trim_end_matches('/'))
        || OPEN_PREFIXES.iter().any(|p| path.starts_with(p))
}

/// The layer: a write while maintenance mode is on answers 503 `maintenance` with the admin's message and
/// `Retry-After`, before any handler (so nothing is stored).
pub async fn gate(State(app): State<AppState>, req: Request, next: Next) -> Response {
    if exempt(req.method(), req.uri().path()) {
        return next.run(req).await;
    }
    let state = app.services.maintenance.state().await;
    if !state.enabled {
        return next.run(req).await;
    }
    let mut err = ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "maintenance", state.message);
    err.retry_after = Some(RETRY_AFTER_SECS);
    err.into_response()
}

#[utoipa::path(get, path = "/admin/system/maintenance", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = MaintenanceState), (status = 403, body = ErrorBody)))]
async fn get_maintenance(State(app): State<AppState>, _: PlatformAdmin) -> Result<Json<MaintenanceState>> {
    Ok(Json(app.services.maintenance.state().await))
}

/// Turns maintenance mode on (with an optional message for the banner and the 503s) or off; every node follows
/// at once.
#[utoipa::path(put, path = "/admin/system/maintenance", tag = "admin", security(("bearer" = [])),
    request_body = MaintenanceInput,
    responses((status = 200, body = MaintenanceState), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn put_maintenance(
    State(app): State<AppState>,
    PlatformAdmin(claims): PlatformAdmin,
    AppJson(body): AppJson<MaintenanceInput>,
) -> Result<Json<MaintenanceState>> {
    Ok(Json(app.services.maintenance.set(Some(claims.sub), body).await?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_maintenance, put_maintenance))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_writes_under_the_api_outside_the_open_list_are_gated() {
        assert!(exempt(&Method::GET, "/api/v1/contacts"), "reads stay open");
        assert!(!exempt(&Method::POST, "/api/v1/contacts"));
        assert!(!exempt(&Method::DELETE, "/api/v1/contacts/1"));
        assert!(!exempt(&Method::PATCH, "/api/v1/auth/me"), "a profile edit is a write");
        assert!(exempt(&Method::POST, "/api/v1/auth/login"));
        assert!(exempt(&Method::POST, "/api/v1/auth/refresh"));
        assert!(exempt(&Method::POST, "/api/v1/webhooks/whatsapp/abc"));
        assert!(exempt(&Method::PUT, "/api/v1/admin/system/maintenance"));
        assert!(!exempt(&Method::POST, "/api/v1/administrators"), "a prefix is a whole path segment");
    }
}
