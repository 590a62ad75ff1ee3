//! /teams: named groups of members conversations are routed to.

use crate::AppState;
use crate::error::{ErrorBody, Result};
use crate::extract::{AppJson, AppPath};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use parley_services::TenantCtx;
use parley_services::team::dto::*;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

#[utoipa::path(get, path = "/teams", tag = "inbox", security(("bearer" = [])), responses((status = 200, body = Vec<Team>)))]
async fn list_teams(State(app): State<AppState>, t: TenantCtx) -> Result<Json<Vec<Team>>> {
    Ok(Json(app.services.teams.teams(&t).await?))
}

#[utoipa::path(post, path = "/teams", tag = "inbox", security(("bearer" = [])), request_body = CreateTeamInput,
    responses((status = 201, body = Team), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn create_team(
    State(app): State<AppState>,
    t: TenantCtx,
    AppJson(body): AppJson<CreateTeamInput>,
) -> Result<(StatusCode, Json<Team>)> {
    Ok((StatusCode::CREATED, Json(app.services.teams.create_team(&t, body).await?)))
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
    Ok(Json(app.services.teams.update_team(&t, id, body).await?))
}

#[utoipa::path(delete, path = "/teams/{id}", tag = "inbox", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn delete_team(State(app): State<AppState>, t: TenantCtx, AppPath(id): AppPath<Uuid>) -> Result<StatusCode> {
    app.services.teams.delete_team(&t, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_teams, create_team)).routes(routes!(update_team, delete_team))
}
