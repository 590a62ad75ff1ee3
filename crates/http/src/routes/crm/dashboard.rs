//! /dashboard/crm: customers, conversations, tickets and deals at a glance.

use crate::AppState;
use crate::error::Result;
use axum::Json;
use axum::extract::State;
use parley_services::TenantCtx;
use parley_services::crm::dto::CrmDashboard;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[utoipa::path(get, path = "/dashboard/crm", tag = "dashboard", security(("bearer" = [])),
    responses((status = 200, body = CrmDashboard)))]
async fn crm_dashboard(State(app): State<AppState>, t: TenantCtx) -> Result<Json<CrmDashboard>> {
    Ok(Json(app.services.dashboard.crm(&t).await?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(crm_dashboard))
}
