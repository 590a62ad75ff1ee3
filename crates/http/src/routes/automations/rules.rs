//! /automations: rules of trigger → conditions → actions (managers and owners write, everyone reads), their
//! order, enabling, and each rule's run log.

use crate::AppState;
use crate::error::{ErrorBody, Result};
use crate::extract::{AppJson, AppPath, AppQuery};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use parley_services::TenantCtx;
use parley_services::automations::model::*;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

#[utoipa::path(get, path = "/automations", tag = "automations", security(("bearer" = [])),
    responses((status = 200, body = Vec<Automation>, description = "Every rule, in the order they run")))]
async fn list_automations(State(app): State<AppState>, t: TenantCtx) -> Result<Json<Vec<Automation>>> {
    Ok(Json(app.services.automations.list(&t).await?))
}

#[utoipa::path(post, path = "/automations", tag = "automations", security(("bearer" = [])),
    request_body = CreateAutomationInput,
    responses((status = 201, body = Automation, description = "Added after the other rules"),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_automation(
    State(app): State<AppState>,
    t: TenantCtx,
    AppJson(body): AppJson<CreateAutomationInput>,
) -> Result<(StatusCode, Json<Automation>)> {
    Ok((StatusCode::CREATED, Json(app.services.automations.create(&t, body).await?)))
}

#[utoipa::path(post, path = "/automations/reorder", tag = "automations", security(("bearer" = [])),
    request_body = ReorderAutomationsInput,
    responses((status = 200, body = Vec<Automation>, description = "Every rule in its new order"),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn reorder_automations(
    State(app): State<AppState>,
    t: TenantCtx,
    AppJson(body): AppJson<ReorderAutomationsInput>,
) -> Result<Json<Vec<Automation>>> {
    Ok(Json(app.services.automations.reorder(&t, body).await?))
}

#[utoipa::path(get, path = "/automations/{id}", tag = "automations", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Automation), (status = 404, body = ErrorBody)))]
async fn get_automation(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<Automation>> {
    Ok(Json(app.services.automations.get(&t, id).await?))
}

#[utoipa::path(patch, path = "/automations/{id}", tag = "automations", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = UpdateAutomationInput,
    responses((status = 200, body = Automation), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn update_automation(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<UpdateAutomationInput>,
) -> Result<Json<Automation>> {
    Ok(Json(app.services.automations.update(&t, id, body).await?))
}

#[utoipa::path(delete, path = "/automations/{id}", tag = "automations", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_automation(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
) -> Result<StatusCode> {
    app.services.automations.delete(&t, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(patch, path = "/automations/{id}/status", tag = "automations", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = AutomationStatusInput,
    responses((status = 200, body = Automation, description = "Enabled or disabled"), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn set_automation_status(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<AutomationStatusInput>,
) -> Result<Json<Automation>> {
    Ok(Json(app.services.automations.set_enabled(&t, id, body).await?))
}

#[utoipa::path(get, path = "/automations/{id}/runs", tag = "automations", security(("bearer" = [])),
    params(("id" = Uuid, Path), AutomationRunQuery),
    responses((status = 200, body = AutomationRunPage, description = "The rule's run log, newest first"),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn list_automation_runs(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    AppQuery(q): AppQuery<AutomationRunQuery>,
) -> Result<Json<AutomationRunPage>> {
    Ok(Json(app.services.automations.runs(&t, id, q).await?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_automations, create_automation))
        .routes(routes!(reorder_automations))
        .routes(routes!(get_automation, update_automation, delete_automation))
        .routes(routes!(set_automation_status))
        .routes(routes!(list_automation_runs))
}
