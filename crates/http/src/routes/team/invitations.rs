//! /invitations: inviting people into the caller's tenant.

use crate::AppState;
use crate::error::{ErrorBody, Result};
use crate::extract::{AppJson, AppPath};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use parley_services::TenantCtx;
use parley_services::team::dto::{CreateInvitationInput, Invitation};
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

#[utoipa::path(get, path = "/invitations", tag = "invitations", security(("bearer" = [])),
    responses((status = 200, body = Vec<Invitation>)))]
async fn list_invitations(State(app): State<AppState>, t: TenantCtx) -> Result<Json<Vec<Invitation>>> {
    Ok(Json(app.services.team.invitations(&t).await?))
}

#[utoipa::path(post, path = "/invitations", tag = "invitations", security(("bearer" = [])), request_body = CreateInvitationInput,
    responses((status = 201, body = Invitation), (status = 402, body = ErrorBody, description = "`quota_exceeded`: the plan's limit is reached (details name the limit and a plan allowing more)"),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_invitation(
    State(app): State<AppState>,
    t: TenantCtx,
    AppJson(body): AppJson<CreateInvitationInput>,
) -> Result<(StatusCode, Json<Invitation>)> {
    Ok((StatusCode::CREATED, Json(app.services.team.invite(&t, body).await?)))
}

#[utoipa::path(post, path = "/invitations/{id}/resend", tag = "invitations", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = Invitation),
        (status = 402, body = ErrorBody, description = "`quota_exceeded`: an expired invitation takes a seat again"),
        (status = 404, body = ErrorBody)))]
async fn resend_invitation(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<Invitation>> {
    Ok(Json(app.services.team.resend(&t, id).await?))
}

#[utoipa::path(delete, path = "/invitations/{id}", tag = "invitations", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 204, description = "Revoked"), (status = 404, body = ErrorBody)))]
async fn revoke_invitation(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
) -> Result<StatusCode> {
    app.services.team.revoke_invitation(&t, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_invitations, create_invitation))
        .routes(routes!(resend_invitation))
        .routes(routes!(revoke_invitation))
}
