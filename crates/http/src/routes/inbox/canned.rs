//! /canned-responses: replies agents insert with a shortcut.

use crate::AppState;
use crate::error::{ErrorBody, Result};
use crate::extract::{AppJson, AppPath, AppQuery};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use parley_services::TenantCtx;
use parley_services::inbox::dto::*;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

#[utoipa::path(get, path = "/canned-responses", tag = "inbox", security(("bearer" = [])), params(CannedQuery),
    responses((status = 200, body = Vec<CannedResponse>)))]
async fn list_canned(
    State(app): State<AppState>,
    t: TenantCtx,
    AppQuery(q): AppQuery<CannedQuery>,
) -> Result<Json<Vec<CannedResponse>>> {
    Ok(Json(app.services.canned.canned(&t, q).await?))
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
    Ok((StatusCode::CREATED, Json(app.services.canned.create_canned(&t, body).await?)))
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
    Ok(Json(app.services.canned.update_canned(&t, id, body).await?))
}

#[utoipa::path(delete, path = "/canned-responses/{id}", tag = "inbox", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 204), (status = 404, body = ErrorBody)))]
async fn delete_canned(State(app): State<AppState>, t: TenantCtx, AppPath(id): AppPath<Uuid>) -> Result<StatusCode> {
    app.services.canned.delete_canned(&t, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_canned, create_canned)).routes(routes!(update_canned, delete_canned))
}
