//! Support entries: /agency/clients/{id}/support (the agency opens and ends its own entry) and
//! /settings/agency-support (the client's owner sees the entries and turns support on or off).

use crate::AppState;
use crate::error::{ErrorBody, Result};
use crate::extract::{AppJson, AppPath};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use parley_services::TenantCtx;
use parley_services::agency::dto::*;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

/// Opens (or extends) the caller's audited, time-limited entry into the client; then switch to it.
#[utoipa::path(post, path = "/agency/clients/{id}/support", tag = "agency", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = OpenSupportInput,
    responses((status = 201, body = SupportEntry), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`agency_support_off`: the client's owner turned support off; \
            `client_suspended`; `already_member`: the caller is an ordinary member of the client"),
        (status = 422, body = ErrorBody)))]
async fn open_support(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<OpenSupportInput>,
) -> Result<(StatusCode, Json<SupportEntry>)> {
    Ok((StatusCode::CREATED, Json(app.services.agency.open_support(&t, id, body).await?)))
}

/// Ends the caller's entry early (and its sessions in the client).
#[utoipa::path(delete, path = "/agency/clients/{id}/support", tag = "agency", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204, description = "Ended"), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "No such client, or no running entry of the caller")))]
async fn end_support(State(app): State<AppState>, t: TenantCtx, AppPath(id): AppPath<Uuid>) -> Result<StatusCode> {
    app.services.agency.end_support(&t, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/settings/agency-support", tag = "agency", security(("bearer" = [])),
    responses((status = 200, body = AgencySupportSettings), (status = 403, body = ErrorBody, description = "Owners only")))]
async fn get_agency_support(State(app): State<AppState>, t: TenantCtx) -> Result<Json<AgencySupportSettings>> {
    Ok(Json(app.services.agency.support_settings(&t).await?))
}

/// Turns the agency's support entries on or off; off ends running entries and their sessions.
#[utoipa::path(put, path = "/settings/agency-support", tag = "agency", security(("bearer" = [])),
    request_body = UpdateAgencySupportInput,
    responses((status = 200, body = AgencySupportSettings), (status = 403, body = ErrorBody, description = "Owners only"),
        (status = 409, body = ErrorBody, description = "`not_an_agency_client`: the workspace has no agency"),
        (status = 422, body = ErrorBody)))]
async fn put_agency_support(
    State(app): State<AppState>,
    t: TenantCtx,
    AppJson(body): AppJson<UpdateAgencySupportInput>,
) -> Result<Json<AgencySupportSettings>> {
    Ok(Json(app.services.agency.set_support(&t, body).await?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(open_support, end_support))
        .routes(routes!(get_agency_support, put_agency_support))
}
