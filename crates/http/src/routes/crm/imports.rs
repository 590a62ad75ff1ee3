//! /contacts/import and /contacts/imports: upload a CSV, map its columns, follow the background import,
//! download the rows that failed.

use crate::AppState;
use crate::error::{ErrorBody, Result};
use crate::extract::{AppJson, AppPath};
use axum::Json;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use parley_services::TenantCtx;
use parley_services::crm::dto::*;
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;
use uuid::Uuid;

/// 50 MB of CSV, plus the multipart envelope.
const IMPORT_LIMIT: usize = 50 * 1024 * 1024 + 64 * 1024;

#[utoipa::path(post, path = "/contacts/import", tag = "contacts", security(("bearer" = [])),
    request_body(content = ImportUpload, content_type = "multipart/form-data", description = "One field `file`: a CSV of at most 50 MB"),
    responses((status = 201, body = Import, description = "A draft: the file's columns, first rows and a suggested mapping"),
        (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "Not a CSV file, empty, or too many columns")))]
async fn upload_import(
    State(app): State<AppState>,
    t: TenantCtx,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<(StatusCode, Json<Import>)> {
    app.services.imports.may_import(&t).await?;
    let f = crate::extract::upload(multipart, "50 MB").await?;
    let name = f.file_name.unwrap_or_else(|| "contacts.csv".into());
    Ok((StatusCode::CREATED, Json(app.services.imports.upload(&t, &name, &f.bytes).await?)))
}

#[utoipa::path(post, path = "/contacts/imports/{id}/start", tag = "contacts", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = StartImportInput,
    responses((status = 202, body = Import, description = "Queued; rows beyond the plan's contact limit will fail"),
        (status = 402, body = ErrorBody, description = "`quota_exceeded`: no room for a single new contact"),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn start_import(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<StartImportInput>,
) -> Result<(StatusCode, Json<Import>)> {
    Ok((StatusCode::ACCEPTED, Json(app.services.imports.start(&t, id, body).await?)))
}

#[utoipa::path(get, path = "/contacts/imports", tag = "contacts", security(("bearer" = [])),
    responses((status = 200, body = Vec<Import>), (status = 403, body = ErrorBody)))]
async fn list_imports(State(app): State<AppState>, t: TenantCtx) -> Result<Json<Vec<Import>>> {
    Ok(Json(app.services.imports.list(&t).await?))
}

#[utoipa::path(get, path = "/contacts/imports/{id}", tag = "contacts", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = Import), (status = 404, body = ErrorBody)))]
async fn get_import(State(app): State<AppState>, t: TenantCtx, AppPath(id): AppPath<Uuid>) -> Result<Json<Import>> {
    Ok(Json(app.services.imports.get(&t, id).await?))
}

#[utoipa::path(get, path = "/contacts/imports/{id}/errors.csv", tag = "contacts", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, content_type = "text/csv", description = "Each failed row: its number, the reason, its cells"),
        (status = 404, body = ErrorBody)))]
async fn import_errors(State(app): State<AppState>, t: TenantCtx, AppPath(id): AppPath<Uuid>) -> Result<Response> {
    let csv = app.services.imports.errors_csv(&t, id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"import-{id}-failed-rows.csv\"")),
        ],
        csv,
    )
        .into_response())
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(upload_import).layer(DefaultBodyLimit::max(IMPORT_LIMIT)))
        .routes(routes!(list_imports))
        .routes(routes!(get_import))
        .routes(routes!(start_import))
        .routes(routes!(import_errors))
}
