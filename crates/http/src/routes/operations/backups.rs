//! `/admin/backups`: the platform admin's Backups page (docs/backup.md): the list with the last verified restore,
//! "Back up now", a restore check, and downloads.

use crate::AppState;
use crate::error::{ErrorBody, Result};
use crate::extract::{AppPath, PlatformAdmin};
use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use parley_services::operations::backup::{BackupDownload, BackupList, BackupReason, BackupSummary, RestoreCheck};
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

/// Every backup, newest first, the last one whose restore check passed, and where and when backups are made.
#[utoipa::path(get, path = "/admin/backups", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = BackupList), (status = 403, body = ErrorBody)))]
async fn list_backups(State(app): State<AppState>, _: PlatformAdmin) -> Result<Json<BackupList>> {
    Ok(Json(app.services.backups.list().await?))
}

/// Starts a backup now; it runs in the background (`running`, then `done` or `failed` in the list).
#[utoipa::path(post, path = "/admin/backups", tag = "admin", security(("bearer" = [])),
    responses((status = 202, body = BackupSummary), (status = 403, body = ErrorBody)))]
async fn start_backup(State(app): State<AppState>, _: PlatformAdmin) -> Result<(StatusCode, Json<BackupSummary>)> {
    Ok((StatusCode::ACCEPTED, Json(app.services.backups.start(BackupReason::Manual).await?)))
}

#[utoipa::path(get, path = "/admin/backups/{id}", tag = "admin", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = BackupSummary), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_backup(
    State(app): State<AppState>,
    _: PlatformAdmin,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<BackupSummary>> {
    Ok(Json(app.services.backups.get(id).await?))
}

/// Restores the backup into a scratch database, checks it (migrations, counts, a workspace read through row-level
/// security), drops the scratch database and records the outcome. Nothing live changes.
#[utoipa::path(post, path = "/admin/backups/{id}/verify", tag = "admin", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = RestoreCheck), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "`backup_corrupt`: a file does not match its checksum; `restore_check_failed`; `backup_not_done`")))]
async fn verify_backup(
    State(app): State<AppState>,
    _: PlatformAdmin,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<RestoreCheck>> {
    Ok(Json(app.services.backups.verify(id).await?))
}

/// The backup's directory as a tar (dump, media archive, manifest), streamed; on S3, a redirect to a presigned link
/// of the dump valid for an hour.
#[utoipa::path(get, path = "/admin/backups/{id}/download", tag = "admin", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, content_type = "application/x-tar", description = "The backup's files"),
        (status = 303, description = "A presigned S3 link"),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn download_backup(
    State(app): State<AppState>,
    _: PlatformAdmin,
    AppPath(id): AppPath<Uuid>,
) -> Result<Response> {
    Ok(match app.services.backups.download(id).await? {
        BackupDownload::Url(url) => Redirect::to(&url).into_response(),
        BackupDownload::Tar { filename, body } => (
            [
                (header::CONTENT_TYPE, "application/x-tar".to_owned()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")),
                (header::CACHE_CONTROL, "no-store".to_owned()),
            ],
            Body::from_stream(body),
        )
            .into_response(),
    })
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_backups, start_backup))
        .routes(routes!(get_backup))
        .routes(routes!(verify_backup))
        .routes(routes!(download_backup))
}
