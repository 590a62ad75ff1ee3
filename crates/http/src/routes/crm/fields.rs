//! /contact-fields: the custom fields of a workspace's contacts.

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

#[utoipa::path(get, path = "/contact-fields", tag = "contacts", security(("bearer" = [])),
    responses((status = 200, body = Vec<ContactField>)))]
async fn list_fields(State(app): State<AppState>, t: TenantCtx) -> Result<Json<Vec<ContactField>>> {
    Ok(Json(app.services.fields.list(&t).await?))
}

#[utoipa::path(post, path = "/contact-fields", tag = "contacts", security(("bearer" = [])),
    request_body = CreateContactFieldInput,
    responses((status = 201, body = ContactField), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn create_field(
    State(app): State<AppState>,
    t: TenantCtx,
    AppJson(body): AppJson<CreateContactFieldInput>,
) -> Result<(StatusCode, Json<ContactField>)> {
    Ok((StatusCode::CREATED, Json(app.services.fields.create(&t, body).await?)))
}

#[utoipa::path(patch, path = "/contact-fields/{id}", tag = "contacts", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = UpdateContactFieldInput,
    responses((status = 200, body = ContactField), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`options_required`: a select field needs at least one option"),
        (status = 422, body = ErrorBody)))]
async fn update_field(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<UpdateContactFieldInput>,
) -> Result<Json<ContactField>> {
    Ok(Json(app.services.fields.update(&t, id, body).await?))
}

#[utoipa::path(delete, path = "/contact-fields/{id}", tag = "contacts", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204, description = "Deleted with its values"), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn delete_field(State(app): State<AppState>, t: TenantCtx, AppPath(id): AppPath<Uuid>) -> Result<StatusCode> {
    app.services.fields.delete(&t, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_fields, create_field)).routes(routes!(update_field, delete_field))
}
