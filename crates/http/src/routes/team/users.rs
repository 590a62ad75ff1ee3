//! /users: the members of the caller's tenant.

use crate::AppState;
use crate::error::{ErrorBody, Result};
use crate::extract::{AppJson, AppPath, AppQuery};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use parley_services::TenantCtx;
use parley_services::dto::PageQuery;
use parley_services::team::dto::*;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

#[utoipa::path(get, path = "/users", tag = "users", security(("bearer" = [])), params(PageQuery),
    responses((status = 200, body = MemberPage), (status = 403, body = ErrorBody)))]
async fn list_users(
    State(app): State<AppState>,
    t: TenantCtx,
    AppQuery(q): AppQuery<PageQuery>,
) -> Result<Json<MemberPage>> {
    Ok(Json(app.services.team.list(&t, q).await?))
}

#[utoipa::path(post, path = "/users", tag = "users", security(("bearer" = [])), request_body = CreateUserInput,
    responses((status = 201, body = Member), (status = 402, body = ErrorBody, description = "`quota_exceeded`: the plan's limit is reached (details name the limit and a plan allowing more)"),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_user(
    State(app): State<AppState>,
    t: TenantCtx,
    AppJson(body): AppJson<CreateUserInput>,
) -> Result<(StatusCode, Json<Member>)> {
    Ok((StatusCode::CREATED, Json(app.services.team.create(&t, body).await?)))
}

#[utoipa::path(get, path = "/users/{id}", tag = "users", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = Member), (status = 404, body = ErrorBody)))]
async fn get_user(State(app): State<AppState>, t: TenantCtx, AppPath(id): AppPath<Uuid>) -> Result<Json<Member>> {
    Ok(Json(app.services.team.get(&t, id).await?))
}

#[utoipa::path(patch, path = "/users/{id}", tag = "users", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = UpdateUserInput,
    responses((status = 200, body = Member), (status = 403, body = ErrorBody, description = "`own_membership`: no one changes or removes their own membership; `forbidden`: beyond what the role may grant"), (status = 404, body = ErrorBody)))]
async fn update_user(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<UpdateUserInput>,
) -> Result<Json<Member>> {
    Ok(Json(app.services.team.update(&t, id, body).await?))
}

#[utoipa::path(delete, path = "/users/{id}", tag = "users", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 204, description = "Membership removed"), (status = 403, body = ErrorBody, description = "`own_membership`: no one changes or removes their own membership; `forbidden`: beyond what the role may grant"), (status = 404, body = ErrorBody)))]
async fn remove_user(State(app): State<AppState>, t: TenantCtx, AppPath(id): AppPath<Uuid>) -> Result<StatusCode> {
    app.services.team.remove(&t, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(patch, path = "/users/{id}/status", tag = "users", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = UpdateUserStatusInput,
    responses((status = 200, body = Member), (status = 403, body = ErrorBody, description = "`own_membership`: no one changes or removes their own membership; `forbidden`: beyond what the role may grant"), (status = 404, body = ErrorBody)))]
async fn set_user_status(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<UpdateUserStatusInput>,
) -> Result<Json<Member>> {
    Ok(Json(app.services.team.set_status(&t, id, body).await?))
}

#[utoipa::path(get, path = "/team/summary", tag = "users", security(("bearer" = [])),
    responses((status = 200, body = TeamSummary)))]
async fn team_summary(State(app): State<AppState>, t: TenantCtx) -> Result<Json<TeamSummary>> {
    Ok(Json(app.services.team.summary(&t).await?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_users, create_user))
        .routes(routes!(get_user, update_user, remove_user))
        .routes(routes!(set_user_status))
        .routes(routes!(team_summary))
}
