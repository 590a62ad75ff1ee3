//! Privacy (GDPR): a contact's export and erasure, the workspace export and message retention.

use crate::AppState;
use crate::error::{ErrorBody, Result};
use crate::extract::{AppJson, AppPath};
use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use parley_services::TenantCtx;
use parley_services::privacy::PrivacyService;
use parley_services::privacy::dto::*;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

fn privacy(app: &AppState) -> PrivacyService {
    PrivacyService::new(app.services.core.clone())
}

fn zip(d: Download) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/zip".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{}\"", d.filename)),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        d.bytes,
    )
        .into_response()
}

#[utoipa::path(get, path = "/contacts/{id}/export", tag = "privacy", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, content_type = "application/zip",
        description = "A ZIP: contact.json, consent_history.json, events.json, conversations.json, messages.json, deals.json, tickets.json, media/<id>.<ext> and README.txt"),
        (status = 403, body = ErrorBody, description = "Owners and managers only"), (status = 404, body = ErrorBody)))]
async fn export_contact_data(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
) -> Result<Response> {
    Ok(zip(privacy(&app).export_contact(&t, id).await?))
}

#[utoipa::path(post, path = "/contacts/{id}/erase", tag = "privacy", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = EraseContactInput,
    responses((status = 200, body = EraseResult, description = "Erased (or erased before: `alreadyErased`)"),
        (status = 403, body = ErrorBody, description = "Owners only"), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "`confirm` is not the contact's phone number (or name)")))]
async fn erase_contact(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<EraseContactInput>,
) -> Result<Json<EraseResult>> {
    Ok(Json(privacy(&app).erase_contact(&t, id, body).await?))
}

#[utoipa::path(get, path = "/settings/data/privacy", tag = "privacy", security(("bearer" = [])),
    responses((status = 200, body = PrivacySettings), (status = 403, body = ErrorBody)))]
async fn get_privacy_settings(State(app): State<AppState>, t: TenantCtx) -> Result<Json<PrivacySettings>> {
    Ok(Json(privacy(&app).settings(&t).await?))
}

#[utoipa::path(put, path = "/settings/data/privacy", tag = "privacy", security(("bearer" = [])),
    request_body = UpdatePrivacySettingsInput,
    responses((status = 200, body = PrivacySettings), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_privacy_settings(
    State(app): State<AppState>,
    t: TenantCtx,
    AppJson(body): AppJson<UpdatePrivacySettingsInput>,
) -> Result<Json<PrivacySettings>> {
    Ok(Json(privacy(&app).update_settings(&t, body).await?))
}

#[utoipa::path(post, path = "/settings/data/export", tag = "privacy", security(("bearer" = [])),
    responses((status = 202, body = WorkspaceExport, description = "Started; the list shows when it is ready"),
        (status = 403, body = ErrorBody)))]
async fn start_workspace_export(
    State(app): State<AppState>,
    t: TenantCtx,
) -> Result<(StatusCode, Json<WorkspaceExport>)> {
    Ok((StatusCode::ACCEPTED, Json(privacy(&app).start_workspace_export(&t).await?)))
}

#[utoipa::path(get, path = "/settings/data/exports", tag = "privacy", security(("bearer" = [])),
    responses((status = 200, body = Vec<WorkspaceExport>, description = "The last 20, newest first; kept 7 days"),
        (status = 403, body = ErrorBody)))]
async fn list_workspace_exports(State(app): State<AppState>, t: TenantCtx) -> Result<Json<Vec<WorkspaceExport>>> {
    Ok(Json(privacy(&app).workspace_exports(&t).await?))
}

#[utoipa::path(get, path = "/settings/data/exports/{id}/download", tag = "privacy", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, content_type = "application/zip", description = "The workspace's tables as JSON files"),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`export_not_ready`")))]
async fn download_workspace_export(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
) -> Result<Response> {
    Ok(zip(privacy(&app).download_workspace_export(&t, id).await?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(export_contact_data))
        .routes(routes!(erase_contact))
        .routes(routes!(get_privacy_settings, update_privacy_settings))
        .routes(routes!(start_workspace_export))
        .routes(routes!(list_workspace_exports))
        .routes(routes!(download_workspace_export))
}
