//! /labels, /canned-responses, /teams, /agents, /inbox/settings: how a workspace sets up its inbox.

use crate::AppState;
use crate::error::{ErrorBody, Result};
use crate::extract::{AppJson, AppPath, AppQuery};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use parley_services::TenantCtx;
use parley_services::dto::*;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

#[utoipa::path(get, path = "/labels", tag = "inbox", security(("bearer" = [])), responses((status = 200, body = Vec<Label>)))]
async fn list_labels(State(app): State<AppState>, t: TenantCtx) -> Result<Json<Vec<Label>>> {
    Ok(Json(app.services.workspace.labels(&t).await?))
}

#[utoipa::path(post, path = "/labels", tag = "inbox", security(("bearer" = [])), request_body = CreateLabelInput,
    responses((status = 201, body = Label), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn create_label(
    State(app): State<AppState>,
    t: TenantCtx,
    AppJson(body): AppJson<CreateLabelInput>,
) -> Result<(StatusCode, Json<Label>)> {
    Ok((StatusCode::CREATED, Json(app.services.workspace.create_label(&t, body).await?)))
}

#[utoipa::path(patch, path = "/labels/{id}", tag = "inbox", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = UpdateLabelInput,
    responses((status = 200, body = Label), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn update_label(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<UpdateLabelInput>,
) -> Result<Json<Label>> {
    Ok(Json(app.services.workspace.update_label(&t, id, body).await?))
}

#[utoipa::path(delete, path = "/labels/{id}", tag = "inbox", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn delete_label(State(app): State<AppState>, t: TenantCtx, AppPath(id): AppPath<Uuid>) -> Result<StatusCode> {
    app.services.workspace.delete_label(&t, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/canned-responses", tag = "inbox", security(("bearer" = [])), params(CannedQuery),
    responses((status = 200, body = Vec<CannedResponse>)))]
async fn list_canned(
    State(app): State<AppState>,
    t: TenantCtx,
    AppQuery(q): AppQuery<CannedQuery>,
) -> Result<Json<Vec<CannedResponse>>> {
    Ok(Json(app.services.workspace.canned(&t, q).await?))
}

#[utoipa::path(post, path = "/canned-responses", tag = "inbox", security(("bearer" = [])),
    request_body = CreateCannedResponseInput,
    responses((status = 201, body = CannedResponse), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn create_canned(
    State(app): State<AppState>,
    t: TenantCtx,
    AppJson(body): AppJson<CreateCannedResponseInput>,
) -> Result<(StatusCode, Json<CannedResponse>)> {
    Ok((StatusCode::CREATED, Json(app.services.workspace.create_canned(&t, body).await?)))
}

#[utoipa::path(patch, path = "/canned-responses/{id}", tag = "inbox", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = UpdateCannedResponseInput,
    responses((status = 200, body = CannedResponse), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn update_canned(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<UpdateCannedResponseInput>,
) -> Result<Json<CannedResponse>> {
    Ok(Json(app.services.workspace.update_canned(&t, id, body).await?))
}

#[utoipa::path(delete, path = "/canned-responses/{id}", tag = "inbox", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 204), (status = 404, body = ErrorBody)))]
async fn delete_canned(State(app): State<AppState>, t: TenantCtx, AppPath(id): AppPath<Uuid>) -> Result<StatusCode> {
    app.services.workspace.delete_canned(&t, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/teams", tag = "inbox", security(("bearer" = [])), responses((status = 200, body = Vec<Team>)))]
async fn list_teams(State(app): State<AppState>, t: TenantCtx) -> Result<Json<Vec<Team>>> {
    Ok(Json(app.services.workspace.teams(&t).await?))
}

#[utoipa::path(post, path = "/teams", tag = "inbox", security(("bearer" = [])), request_body = CreateTeamInput,
    responses((status = 201, body = Team), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn create_team(
    State(app): State<AppState>,
    t: TenantCtx,
    AppJson(body): AppJson<CreateTeamInput>,
) -> Result<(StatusCode, Json<Team>)> {
    Ok((StatusCode::CREATED, Json(app.services.workspace.create_team(&t, body).await?)))
}

#[utoipa::path(patch, path = "/teams/{id}", tag = "inbox", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = UpdateTeamInput,
    responses((status = 200, body = Team), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn update_team(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<UpdateTeamInput>,
) -> Result<Json<Team>> {
    Ok(Json(app.services.workspace.update_team(&t, id, body).await?))
}

#[utoipa::path(delete, path = "/teams/{id}", tag = "inbox", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn delete_team(State(app): State<AppState>, t: TenantCtx, AppPath(id): AppPath<Uuid>) -> Result<StatusCode> {
    app.services.workspace.delete_team(&t, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/agents", tag = "inbox", security(("bearer" = [])),
    responses((status = 200, body = Vec<Agent>, description = "Active members with availability and presence")))]
async fn list_agents(State(app): State<AppState>, t: TenantCtx) -> Result<Json<Vec<Agent>>> {
    Ok(Json(app.services.presence.agents(&t).await?))
}

#[utoipa::path(patch, path = "/agents/me", tag = "inbox", security(("bearer" = [])), request_body = UpdateMyStatusInput,
    responses((status = 200, body = Agent), (status = 422, body = ErrorBody)))]
async fn update_my_status(
    State(app): State<AppState>,
    t: TenantCtx,
    AppJson(body): AppJson<UpdateMyStatusInput>,
) -> Result<Json<Agent>> {
    Ok(Json(app.services.presence.set_my_status(&t, body).await?))
}

#[utoipa::path(patch, path = "/agents/{id}", tag = "inbox", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = UpdateAgentInput,
    responses((status = 200, body = Agent), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn update_agent(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<UpdateAgentInput>,
) -> Result<Json<Agent>> {
    Ok(Json(app.services.presence.update_agent(&t, id, body).await?))
}

#[utoipa::path(get, path = "/inbox/settings", tag = "inbox", security(("bearer" = [])),
    responses((status = 200, body = InboxSettings)))]
async fn get_settings(State(app): State<AppState>, t: TenantCtx) -> Result<Json<InboxSettings>> {
    Ok(Json(app.services.workspace.settings(&t).await?))
}

#[utoipa::path(put, path = "/inbox/settings", tag = "inbox", security(("bearer" = [])),
    request_body = UpdateInboxSettingsInput,
    responses((status = 200, body = InboxSettings), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn put_settings(
    State(app): State<AppState>,
    t: TenantCtx,
    AppJson(body): AppJson<UpdateInboxSettingsInput>,
) -> Result<Json<InboxSettings>> {
    Ok(Json(app.services.workspace.update_settings(&t, body).await?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_labels, create_label))
        .routes(routes!(update_label, delete_label))
        .routes(routes!(list_canned, create_canned))
        .routes(routes!(update_canned, delete_canned))
        .routes(routes!(list_teams, create_team))
        .routes(routes!(update_team, delete_team))
        .routes(routes!(list_agents))
        .routes(routes!(update_my_status))
        .routes(routes!(update_agent))
        .routes(routes!(get_settings, put_settings))
}
