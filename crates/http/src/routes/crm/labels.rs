//! /labels: the labels a workspace tags contacts and conversations with.

use crate::AppState;
use crate::error::{ErrorBody, Result};
use crate::extract::{AppJson, AppPath};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use parley_services::TenantCtx;
use parley_services::crm::dto::*;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

#[utoipa::path(get, path = "/labels", tag = "inbox", security(("bearer" = [])), responses((status = 200, body = Vec<Label>)))]
async fn list_labels(State(app): State<AppState>, t: TenantCtx) -> Result<Json<Vec<Label>>> {
    Ok(Json(app.services.labels.labels(&t).await?))
}

#[utoipa::path(post, path = "/labels", tag = "inbox", security(("bearer" = [])), request_body = CreateLabelInput,
    responses((status = 201, body = Label), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn create_label(
    State(app): State<AppState>,
    t: TenantCtx,
    AppJson(body): AppJson<CreateLabelInput>,
) -> Result<(StatusCode, Json<Label>)> {
    Ok((StatusCode::CREATED, Json(app.services.labels.create_label(&t, body).await?)))
}

#[utoipa::path(patch, path = "/labels/{id}", tag = "inbox", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = UpdateLabelInput,
    responses((status = 200, body = Label), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn update_label(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<UpdateLabelInput>,
) -> Result<Json<Label>> {
    Ok(Json(app.services.labels.update_label(&t, id, body).await?))
}

#[utoipa::path(delete, path = "/labels/{id}", tag = "inbox", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn delete_label(State(app): State<AppState>, t: TenantCtx, AppPath(id): AppPath<Uuid>) -> Result<StatusCode> {
    app.services.labels.delete_label(&t, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_labels, create_label)).routes(routes!(update_label, delete_label))
}
