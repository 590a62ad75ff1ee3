//! /agency/plans: the plans an agency sells to its clients, within its own plan.

use crate::AppState;
use crate::error::{ErrorBody, Result};
use crate::extract::{AppJson, AppPath};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use parley_services::TenantCtx;
use parley_services::agency::dto::{AgencyPlan, AgencyPlanInput};
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

#[utoipa::path(get, path = "/agency/plans", tag = "agency", security(("bearer" = [])),
    responses((status = 200, body = Vec<AgencyPlan>), (status = 403, body = ErrorBody)))]
async fn list_agency_plans(State(app): State<AppState>, t: TenantCtx) -> Result<Json<Vec<AgencyPlan>>> {
    Ok(Json(app.services.agency.plans(&t).await?))
}

#[utoipa::path(post, path = "/agency/plans", tag = "agency", security(("bearer" = [])), request_body = AgencyPlanInput,
    responses((status = 201, body = AgencyPlan), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "`validation_failed`, naming each limit or feature beyond the \
            agency's own plan")))]
async fn create_agency_plan(
    State(app): State<AppState>,
    t: TenantCtx,
    AppJson(body): AppJson<AgencyPlanInput>,
) -> Result<(StatusCode, Json<AgencyPlan>)> {
    Ok((StatusCode::CREATED, Json(app.services.agency.create_plan(&t, body).await?)))
}

/// Changes a plan; its clients' copies follow.
#[utoipa::path(patch, path = "/agency/plans/{id}", tag = "agency", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = AgencyPlanInput,
    responses((status = 200, body = AgencyPlan), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn update_agency_plan(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<AgencyPlanInput>,
) -> Result<Json<AgencyPlan>> {
    Ok(Json(app.services.agency.update_plan(&t, id, body).await?))
}

/// Deletes a plan no client is on, or archives one in use.
#[utoipa::path(delete, path = "/agency/plans/{id}", tag = "agency", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 204, description = "Deleted, or archived when clients are on it"), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn delete_agency_plan(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
) -> Result<StatusCode> {
    app.services.agency.delete_plan(&t, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_agency_plans, create_agency_plan))
        .routes(routes!(update_agency_plan, delete_agency_plan))
}
