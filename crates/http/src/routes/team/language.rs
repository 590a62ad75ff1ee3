//! /settings/language: the workspace's language (its mails to people without an account).

use crate::AppState;
use crate::error::{ErrorBody, Result};
use crate::extract::AppJson;
use axum::Json;
use axum::extract::State;
use parley_services::TenantCtx;
use parley_services::team::dto::{SetWorkspaceLanguageInput, WorkspaceLanguage};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[utoipa::path(get, path = "/settings/language", tag = "users", security(("bearer" = [])),
    responses((status = 200, body = WorkspaceLanguage)))]
async fn get_language(State(app): State<AppState>, t: TenantCtx) -> Result<Json<WorkspaceLanguage>> {
    Ok(Json(app.services.teams.language(&t).await?))
}

#[utoipa::path(put, path = "/settings/language", tag = "users", security(("bearer" = [])),
    request_body = SetWorkspaceLanguageInput,
    responses((status = 200, body = WorkspaceLanguage), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn put_language(
    State(app): State<AppState>,
    t: TenantCtx,
    AppJson(body): AppJson<SetWorkspaceLanguageInput>,
) -> Result<Json<WorkspaceLanguage>> {
    Ok(Json(app.services.teams.set_language(&t, body).await?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_language, put_language))
}
