//! /api-keys: keys for integrations, with their scopes, expiry and rate cap (people only: keys cannot manage keys).

use crate::AppState;
use crate::error::{ErrorBody, Result};
use crate::extract::{AppJson, AppPath};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use parley_services::TenantCtx;
use parley_services::identity::dto::*;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

#[utoipa::path(get, path = "/api-keys", tag = "api-keys", security(("bearer" = [])),
    responses((status = 200, body = Vec<ApiKey>), (status = 403, body = ErrorBody)))]
async fn list_api_keys(State(app): State<AppState>, t: TenantCtx) -> Result<Json<Vec<ApiKey>>> {
    Ok(Json(app.services.api_keys.list(&t).await?))
}

#[utoipa::path(post, path = "/api-keys", tag = "api-keys", security(("bearer" = [])), request_body = CreateApiKeyInput,
    responses((status = 201, body = CreatedApiKey),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "`feature_not_in_plan`: the plan has no API access; `forbidden`: not an owner or manager"),
        (status = 422, body = ErrorBody, description = "`validation_failed`: no name or no scope, an unknown scope, an expiry in the past")))]
async fn create_api_key(
    State(app): State<AppState>,
    t: TenantCtx,
    AppJson(body): AppJson<CreateApiKeyInput>,
) -> Result<(StatusCode, Json<CreatedApiKey>)> {
    Ok((StatusCode::CREATED, Json(app.services.api_keys.create(&t, body).await?)))
}

#[utoipa::path(delete, path = "/api-keys/{id}", tag = "api-keys", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 204, description = "Revoked"), (status = 404, body = ErrorBody)))]
async fn revoke_api_key(State(app): State<AppState>, t: TenantCtx, AppPath(id): AppPath<Uuid>) -> Result<StatusCode> {
    app.services.api_keys.revoke(&t, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_api_keys, create_api_key)).routes(routes!(revoke_api_key))
}
