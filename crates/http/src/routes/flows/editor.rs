//! /flows: the list, ready templates, drafts, publishing, pausing, and version history.

use crate::AppState;
use crate::error::{ErrorBody, Result};
use crate::extract::{AppJson, AppPath, AppQuery};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use parley_flow::GraphDiff;
use parley_services::TenantCtx;
use parley_services::flows::dto::*;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

#[utoipa::path(get, path = "/flows", tag = "flows", security(("bearer" = [])),
    responses((status = 200, body = Vec<FlowSummary>)))]
async fn list_flows(State(app): State<AppState>, t: TenantCtx) -> Result<Json<Vec<FlowSummary>>> {
    Ok(Json(app.services.flows.list(&t).await?))
}

#[utoipa::path(post, path = "/flows", tag = "flows", security(("bearer" = [])), request_body = CreateFlowInput,
    responses((status = 201, body = Flow), (status = 402, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_flow(
    State(app): State<AppState>,
    t: TenantCtx,
    AppJson(body): AppJson<CreateFlowInput>,
) -> Result<(StatusCode, Json<Flow>)> {
    Ok((StatusCode::CREATED, Json(app.services.flows.create(&t, body).await?)))
}

#[utoipa::path(get, path = "/flows/templates", tag = "flows", security(("bearer" = [])),
    responses((status = 200, body = Vec<FlowTemplate>)))]
async fn list_flow_templates(State(app): State<AppState>, _t: TenantCtx) -> Json<Vec<FlowTemplate>> {
    Json(app.services.flows.templates())
}

#[utoipa::path(get, path = "/flows/{id}", tag = "flows", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = Flow), (status = 404, body = ErrorBody)))]
async fn get_flow(State(app): State<AppState>, t: TenantCtx, AppPath(id): AppPath<Uuid>) -> Result<Json<Flow>> {
    Ok(Json(app.services.flows.get(&t, id).await?))
}

/// Saves the draft (name, trigger, graph). Answers the flow with what validation says now; a draft may hold
/// errors, publishing may not.
#[utoipa::path(put, path = "/flows/{id}", tag = "flows", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = SaveFlowInput,
    responses((status = 200, body = Flow), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn save_flow(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<SaveFlowInput>,
) -> Result<Json<Flow>> {
    Ok(Json(app.services.flows.save(&t, id, body).await?))
}

#[utoipa::path(delete, path = "/flows/{id}", tag = "flows", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn delete_flow(State(app): State<AppState>, t: TenantCtx, AppPath(id): AppPath<Uuid>) -> Result<StatusCode> {
    app.services.flows.delete(&t, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Freezes the draft as the next version. 422 names each node with an error (`details[].field` = `nodes.<id>`).
#[utoipa::path(post, path = "/flows/{id}/publish", tag = "flows", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Flow), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn publish_flow(State(app): State<AppState>, t: TenantCtx, AppPath(id): AppPath<Uuid>) -> Result<Json<Flow>> {
    Ok(Json(app.services.flows.publish(&t, id).await?))
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct PauseInput {
    /// Also stop the runs going on now (default: they finish).
    #[serde(default)]
    stop_runs: bool,
}

#[utoipa::path(post, path = "/flows/{id}/pause", tag = "flows", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = PauseInput,
    responses((status = 200, body = Flow), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn pause_flow(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<PauseInput>,
) -> Result<Json<Flow>> {
    Ok(Json(app.services.flows.pause(&t, id, body.stop_runs).await?))
}

#[utoipa::path(post, path = "/flows/{id}/resume", tag = "flows", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Flow), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn resume_flow(State(app): State<AppState>, t: TenantCtx, AppPath(id): AppPath<Uuid>) -> Result<Json<Flow>> {
    Ok(Json(app.services.flows.resume(&t, id).await?))
}

#[utoipa::path(get, path = "/flows/{id}/versions", tag = "flows", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = Vec<FlowVersion>), (status = 404, body = ErrorBody)))]
async fn list_flow_versions(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<Vec<FlowVersion>>> {
    Ok(Json(app.services.flows.versions(&t, id).await?))
}

#[utoipa::path(get, path = "/flows/{id}/versions/{version}", tag = "flows", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("version" = i32, Path)),
    responses((status = 200, body = FlowVersionDetail), (status = 404, body = ErrorBody)))]
async fn get_flow_version(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath((id, version)): AppPath<(Uuid, i32)>,
) -> Result<Json<FlowVersionDetail>> {
    Ok(Json(app.services.flows.version(&t, id, version).await?))
}

/// What changed from this version to `against` (another version) or to the draft.
#[utoipa::path(get, path = "/flows/{id}/versions/{version}/diff", tag = "flows", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("version" = i32, Path), DiffQuery),
    responses((status = 200, body = GraphDiff), (status = 404, body = ErrorBody)))]
async fn diff_flow_version(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath((id, version)): AppPath<(Uuid, i32)>,
    AppQuery(q): AppQuery<DiffQuery>,
) -> Result<Json<GraphDiff>> {
    Ok(Json(app.services.flows.diff(&t, id, version, q).await?))
}

/// Makes the version the draft again (publish it to make it live).
#[utoipa::path(post, path = "/flows/{id}/versions/{version}/restore", tag = "flows", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("version" = i32, Path)),
    responses((status = 200, body = Flow), (status = 404, body = ErrorBody)))]
async fn restore_flow_version(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath((id, version)): AppPath<(Uuid, i32)>,
) -> Result<Json<Flow>> {
    Ok(Json(app.services.flows.restore(&t, id, version).await?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_flows, create_flow))
        .routes(routes!(list_flow_templates))
        .routes(routes!(get_flow, save_flow, delete_flow))
        .routes(routes!(publish_flow))
        .routes(routes!(pause_flow))
        .routes(routes!(resume_flow))
        .routes(routes!(list_flow_versions))
        .routes(routes!(get_flow_version))
        .routes(routes!(diff_flow_version))
        .routes(routes!(restore_flow_version))
}
