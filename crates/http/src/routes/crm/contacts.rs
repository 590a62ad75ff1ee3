//! /contacts: the customers a workspace talks to.

use crate::AppState;
use crate::error::{ErrorBody, Result};
use crate::extract::{AppJson, AppPath, AppQuery};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use parley_services::TenantCtx;
use parley_services::crm::dto::*;
use parley_services::dto::PageQuery;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

#[utoipa::path(get, path = "/contacts", tag = "contacts", security(("bearer" = [])), params(PageQuery),
    responses((status = 200, body = ContactPage)))]
async fn list_contacts(
    State(app): State<AppState>,
    t: TenantCtx,
    AppQuery(q): AppQuery<PageQuery>,
) -> Result<Json<ContactPage>> {
    Ok(Json(app.services.contacts.contacts(&t, q).await?))
}

#[utoipa::path(post, path = "/contacts", tag = "contacts", security(("bearer" = [])), request_body = CreateContactInput,
    responses((status = 201, body = Contact), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_contact(
    State(app): State<AppState>,
    t: TenantCtx,
    AppJson(body): AppJson<CreateContactInput>,
) -> Result<(StatusCode, Json<Contact>)> {
    Ok((StatusCode::CREATED, Json(app.services.contacts.create_contact(&t, body).await?)))
}

#[utoipa::path(get, path = "/contacts/{id}", tag = "contacts", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = Contact), (status = 404, body = ErrorBody)))]
async fn get_contact(State(app): State<AppState>, t: TenantCtx, AppPath(id): AppPath<Uuid>) -> Result<Json<Contact>> {
    Ok(Json(app.services.contacts.contact(&t, id).await?))
}

#[utoipa::path(patch, path = "/contacts/{id}", tag = "contacts", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = UpdateContactInput,
    responses((status = 200, body = Contact), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_contact(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<UpdateContactInput>,
) -> Result<Json<Contact>> {
    Ok(Json(app.services.contacts.update_contact(&t, id, body).await?))
}

#[utoipa::path(put, path = "/contacts/{id}/labels", tag = "contacts", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = SetLabelsInput,
    responses((status = 200, body = Contact), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn set_contact_labels(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<SetLabelsInput>,
) -> Result<Json<Contact>> {
    Ok(Json(app.services.contacts.set_contact_labels(&t, id, body).await?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_contacts, create_contact))
        .routes(routes!(get_contact, update_contact))
        .routes(routes!(set_contact_labels))
}
