//! /agency and /agency/clients: the agency dashboard (owners and managers of an agency workspace). A standard
//! workspace answers 403 `not_an_agency`; another agency's client answers 404.

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

#[utoipa::path(get, path = "/agency", tag = "agency", security(("bearer" = [])),
    responses((status = 200, body = Agency), (status = 403, body = ErrorBody, description = "`not_an_agency`, or an agent")))]
async fn get_agency(State(app): State<AppState>, t: TenantCtx) -> Result<Json<Agency>> {
    Ok(Json(app.services.agency.agency(&t).await?))
}

/// Who pays for the clients (owners): the same switch as `PUT /agency/billing/mode`.
#[utoipa::path(patch, path = "/agency", tag = "agency", security(("bearer" = [])), request_body = UpdateAgencyInput,
    responses((status = 200, body = Agency), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`card_billing_unavailable`: this server does not bill through Stripe"),
        (status = 422, body = ErrorBody)))]
async fn patch_agency(
    State(app): State<AppState>,
    t: TenantCtx,
    AppJson(body): AppJson<UpdateAgencyInput>,
) -> Result<Json<Agency>> {
    Ok(Json(app.services.agency.update_agency(&t, body).await?))
}

#[utoipa::path(get, path = "/agency/clients", tag = "agency", security(("bearer" = [])),
    responses((status = 200, body = Vec<ClientSummary>), (status = 403, body = ErrorBody)))]
async fn list_clients(State(app): State<AppState>, t: TenantCtx) -> Result<Json<Vec<ClientSummary>>> {
    Ok(Json(app.services.agency.clients(&t).await?))
}

/// Creates a client workspace on a plan of the offer and invites its owner by mail.
#[utoipa::path(post, path = "/agency/clients", tag = "agency", security(("bearer" = [])), request_body = CreateClientInput,
    responses((status = 201, body = CreatedClient), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`max_clients_reached`: the agency has all the clients it may have"),
        (status = 422, body = ErrorBody, description = "`validation_failed`, e.g. `planId` is not an active plan of the offer")))]
async fn create_client(
    State(app): State<AppState>,
    t: TenantCtx,
    AppJson(body): AppJson<CreateClientInput>,
) -> Result<(StatusCode, Json<CreatedClient>)> {
    Ok((StatusCode::CREATED, Json(app.services.agency.create_client(&t, body).await?)))
}

#[utoipa::path(get, path = "/agency/clients/{id}", tag = "agency", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = ClientSummary), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_client(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<ClientSummary>> {
    Ok(Json(app.services.agency.client(&t, id).await?))
}

/// Suspends or reactivates a client, changes its plan, or sets its own limits (within the agency's own plan).
#[utoipa::path(patch, path = "/agency/clients/{id}", tag = "agency", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = UpdateClientInput,
    responses((status = 200, body = ClientSummary), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "`validation_failed` naming the limit above the agency's plan, \
            or a `planId` not in the offer")))]
async fn patch_client(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<UpdateClientInput>,
) -> Result<Json<ClientSummary>> {
    Ok(Json(app.services.agency.update_client(&t, id, body).await?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_agency, patch_agency))
        .routes(routes!(list_clients, create_client))
        .routes(routes!(get_client, patch_client))
}
