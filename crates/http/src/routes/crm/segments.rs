//! /contacts/segments: saved criteria with live counts.

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

#[utoipa::path(get, path = "/contacts/segments", tag = "contacts", security(("bearer" = [])),
    responses((status = 200, body = Vec<Segment>)))]
async fn list_segments(State(app): State<AppState>, t: TenantCtx) -> Result<Json<Vec<Segment>>> {
    Ok(Json(app.services.segments.list(&t).await?))
}

#[utoipa::path(post, path = "/contacts/segments", tag = "contacts", security(("bearer" = [])),
    request_body = CreateSegmentInput,
    responses((status = 201, body = Segment), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_segment(
    State(app): State<AppState>,
    t: TenantCtx,
    AppJson(body): AppJson<CreateSegmentInput>,
) -> Result<(StatusCode, Json<Segment>)> {
    Ok((StatusCode::CREATED, Json(app.services.segments.create(&t, body).await?)))
}

#[utoipa::path(get, path = "/contacts/segments/{id}", tag = "contacts", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = Segment), (status = 404, body = ErrorBody)))]
async fn get_segment(State(app): State<AppState>, t: TenantCtx, AppPath(id): AppPath<Uuid>) -> Result<Json<Segment>> {
    Ok(Json(app.services.segments.get(&t, id).await?))
}

#[utoipa::path(patch, path = "/contacts/segments/{id}", tag = "contacts", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = UpdateSegmentInput,
    responses((status = 200, body = Segment), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn update_segment(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<UpdateSegmentInput>,
) -> Result<Json<Segment>> {
    Ok(Json(app.services.segments.update(&t, id, body).await?))
}

#[utoipa::path(delete, path = "/contacts/segments/{id}", tag = "contacts", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204, description = "Deleted"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_segment(State(app): State<AppState>, t: TenantCtx, AppPath(id): AppPath<Uuid>) -> Result<StatusCode> {
    app.services.segments.delete(&t, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/contacts/segments/{id}/count", tag = "contacts", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = CountResult), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`segment_outdated`: it names custom fields that changed since it was saved")))]
async fn count_segment(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<CountResult>> {
    Ok(Json(app.services.segments.count(&t, id).await?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_segments, create_segment))
        .routes(routes!(get_segment, update_segment, delete_segment))
        .routes(routes!(count_segment))
}
