//! /suppressions: numbers no campaign ever messages.

use crate::AppState;
use crate::error::{ErrorBody, Result};
use crate::extract::{AppJson, AppPath, AppQuery};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use parley_services::TenantCtx;
use parley_services::campaigns::dto::*;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[utoipa::path(get, path = "/suppressions", tag = "campaigns", security(("bearer" = [])), params(SuppressionQuery),
    responses((status = 200, body = SuppressionList), (status = 422, body = ErrorBody)))]
async fn list_suppressions(
    State(app): State<AppState>,
    t: TenantCtx,
    AppQuery(q): AppQuery<SuppressionQuery>,
) -> Result<Json<SuppressionList>> {
    Ok(Json(app.services.campaigns.suppressions(&t, q).await?))
}

#[utoipa::path(post, path = "/suppressions", tag = "campaigns", security(("bearer" = [])),
    request_body = AddSuppressionsInput,
    responses((status = 200, body = AddSuppressionsResult), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_suppressions(
    State(app): State<AppState>,
    t: TenantCtx,
    AppJson(body): AppJson<AddSuppressionsInput>,
) -> Result<Json<AddSuppressionsResult>> {
    Ok(Json(app.services.campaigns.add_suppressions(&t, body).await?))
}

#[utoipa::path(delete, path = "/suppressions/{phone}", tag = "campaigns", security(("bearer" = [])),
    params(("phone" = String, Path, description = "E.164")),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn remove_suppression(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(phone): AppPath<String>,
) -> Result<StatusCode> {
    app.services.campaigns.remove_suppression(&t, &phone).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_suppressions, add_suppressions)).routes(routes!(remove_suppression))
}
