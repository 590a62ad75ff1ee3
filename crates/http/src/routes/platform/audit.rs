//! /audit-logs: what happened in the tenant, newest first.

use crate::AppState;
use crate::error::{ErrorBody, Result};
use crate::extract::AppQuery;
use axum::Json;
use axum::extract::State;
use parley_services::TenantCtx;
use parley_services::dto::PageOnlyQuery;
use parley_services::platform::dto::AuditPage;
use utoipa_axum::{router::OpenApiRouter, routes};

#[utoipa::path(get, path = "/audit-logs", tag = "audit", security(("bearer" = [])), params(PageOnlyQuery),
    responses((status = 200, body = AuditPage), (status = 403, body = ErrorBody)))]
async fn list_audit_logs(
    State(app): State<AppState>,
    t: TenantCtx,
    AppQuery(q): AppQuery<PageOnlyQuery>,
) -> Result<Json<AuditPage>> {
    Ok(Json(app.services.audit.page(&t, q).await?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_audit_logs))
}
