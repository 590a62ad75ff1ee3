//! /contacts: the customer list (search, criteria, segments, keyset pages), profiles, labels, consent,
//! timeline, merge, bulk actions and the streamed CSV export.

use crate::AppState;
use crate::error::{ErrorBody, Result};
use crate::extract::{AppJson, AppPath, AppQuery};
use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use parley_services::TenantCtx;
use parley_services::crm::dto::*;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

#[utoipa::path(get, path = "/contacts", tag = "contacts", security(("bearer" = [])), params(ContactListParams),
    responses((status = 200, body = ContactList), (status = 404, body = ErrorBody, description = "The segment, or a custom field the criteria name, does not exist"),
        (status = 409, body = ErrorBody, description = "`unsuited_condition` or `segment_outdated`: a condition does not suit the custom field it names"),
        (status = 422, body = ErrorBody)))]
async fn list_contacts(
    State(app): State<AppState>,
    t: TenantCtx,
    AppQuery(q): AppQuery<ContactListQuery>,
) -> Result<Json<ContactList>> {
    Ok(Json(app.services.contacts.list(&t, q).await?))
}

#[utoipa::path(get, path = "/contacts/count", tag = "contacts", security(("bearer" = [])), params(ContactFilterParams),
    responses((status = 200, body = CountResult), (status = 404, body = ErrorBody, description = "The segment, or a custom field the criteria name, does not exist"),
        (status = 409, body = ErrorBody, description = "`unsuited_condition` or `segment_outdated`: a condition does not suit the custom field it names"),
        (status = 422, body = ErrorBody)))]
async fn count_contacts(
    State(app): State<AppState>,
    t: TenantCtx,
    AppQuery(q): AppQuery<ContactFilterQuery>,
) -> Result<Json<CountResult>> {
    Ok(Json(app.services.contacts.count(&t, q).await?))
}

#[utoipa::path(post, path = "/contacts", tag = "contacts", security(("bearer" = [])), request_body = CreateContactInput,
    responses((status = 201, body = Contact), (status = 402, body = ErrorBody, description = "`quota_exceeded`: the plan's limit is reached (details name the limit and a plan allowing more)"),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_contact(
    State(app): State<AppState>,
    t: TenantCtx,
    AppJson(body): AppJson<CreateContactInput>,
) -> Result<(StatusCode, Json<Contact>)> {
    Ok((StatusCode::CREATED, Json(app.services.contacts.create(&t, body).await?)))
}

#[utoipa::path(get, path = "/contacts/{id}", tag = "contacts", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = Contact), (status = 404, body = ErrorBody)))]
async fn get_contact(State(app): State<AppState>, t: TenantCtx, AppPath(id): AppPath<Uuid>) -> Result<Json<Contact>> {
    Ok(Json(app.services.contacts.contact(&t, id).await?))
}

#[utoipa::path(patch, path = "/contacts/{id}", tag = "contacts", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = UpdateContactInput,
    responses((status = 200, body = Contact), (status = 404, body = ErrorBody, description = "The contact, or a custom field key, does not exist"),
        (status = 409, body = ErrorBody, description = "`invalid_field_value`: a custom field refuses the value (its kind or options), or a required one would be emptied"),
        (status = 422, body = ErrorBody)))]
async fn update_contact(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<UpdateContactInput>,
) -> Result<Json<Contact>> {
    Ok(Json(app.services.contacts.update(&t, id, body).await?))
}

#[utoipa::path(delete, path = "/contacts/{id}", tag = "contacts", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 204, description = "Deleted, with its conversations"), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn delete_contact(State(app): State<AppState>, t: TenantCtx, AppPath(id): AppPath<Uuid>) -> Result<StatusCode> {
    app.services.contacts.delete(&t, id).await?;
    Ok(StatusCode::NO_CONTENT)
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
    Ok(Json(app.services.contacts.set_labels(&t, id, body).await?))
}

#[utoipa::path(post, path = "/contacts/{id}/tags", tag = "contacts", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = AddLabelsInput,
    responses((status = 200, body = Contact), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_contact_tags(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<AddLabelsInput>,
) -> Result<Json<Contact>> {
    Ok(Json(app.services.contacts.add_labels(&t, id, body).await?))
}

#[utoipa::path(delete, path = "/contacts/{id}/tags/{labelId}", tag = "contacts", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("labelId" = Uuid, Path)),
    responses((status = 200, body = Contact), (status = 404, body = ErrorBody)))]
async fn remove_contact_tag(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath((id, label_id)): AppPath<(Uuid, Uuid)>,
) -> Result<Json<Contact>> {
    Ok(Json(app.services.contacts.remove_label(&t, id, label_id).await?))
}

#[utoipa::path(put, path = "/contacts/{id}/consent", tag = "contacts", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = SetConsentInput,
    responses((status = 200, body = Contact), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn set_contact_consent(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<SetConsentInput>,
) -> Result<Json<Contact>> {
    Ok(Json(app.services.consent.set(&t, id, body).await?))
}

#[utoipa::path(get, path = "/contacts/{id}/timeline", tag = "contacts", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<TimelineEntry>), (status = 404, body = ErrorBody)))]
async fn contact_timeline(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<Vec<TimelineEntry>>> {
    Ok(Json(app.services.contacts.timeline(&t, id).await?))
}

#[utoipa::path(post, path = "/contacts/{id}/merge", tag = "contacts", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = MergeContactsInput,
    responses((status = 200, body = Contact, description = "The kept contact"), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn merge_contacts(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<MergeContactsInput>,
) -> Result<Json<Contact>> {
    Ok(Json(app.services.contacts.merge(&t, id, body).await?))
}

#[utoipa::path(post, path = "/contacts/bulk", tag = "contacts", security(("bearer" = [])), request_body = BulkContactsInput,
    responses((status = 200, body = BulkResult),
        (status = 402, body = ErrorBody, description = "`workspace_restricted`: paused until the bill is paid"),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn bulk_contacts(
    State(app): State<AppState>,
    t: TenantCtx,
    AppJson(body): AppJson<BulkContactsInput>,
) -> Result<Json<BulkResult>> {
    Ok(Json(app.services.contacts.bulk(&t, body).await?))
}

#[utoipa::path(get, path = "/contacts/export", tag = "contacts", security(("bearer" = [])), params(ContactExportParams),
    responses((status = 200, content_type = "text/csv", description = "Every column, custom fields included; streamed"),
        (status = 404, body = ErrorBody, description = "The segment, or a custom field the criteria name, does not exist"),
        (status = 409, body = ErrorBody, description = "`unsuited_condition` or `segment_outdated`: a condition does not suit the custom field it names"),
        (status = 422, body = ErrorBody)))]
async fn export_contacts(
    State(app): State<AppState>,
    t: TenantCtx,
    AppQuery(q): AppQuery<ContactExportQuery>,
) -> Result<Response> {
    let rx = app.services.contacts.export(&t, q).await?;
    let name = format!("contacts-{}.csv", chrono::Utc::now().format("%Y%m%d-%H%M"));
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        Body::from_stream(tokio_stream::wrappers::ReceiverStream::new(rx)),
    )
        .into_response())
}

#[utoipa::path(get, path = "/contacts/consent-settings", tag = "contacts", security(("bearer" = [])),
    responses((status = 200, body = ConsentSettings)))]
async fn get_consent_settings(State(app): State<AppState>, t: TenantCtx) -> Result<Json<ConsentSettings>> {
    Ok(Json(app.services.consent.settings(&t).await?))
}

#[utoipa::path(put, path = "/contacts/consent-settings", tag = "contacts", security(("bearer" = [])),
    request_body = ConsentSettings,
    responses((status = 200, body = ConsentSettings), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn put_consent_settings(
    State(app): State<AppState>,
    t: TenantCtx,
    AppJson(body): AppJson<ConsentSettings>,
) -> Result<Json<ConsentSettings>> {
    Ok(Json(app.services.consent.update_settings(&t, body).await?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_contacts, create_contact))
        .routes(routes!(count_contacts))
        .routes(routes!(bulk_contacts))
        .routes(routes!(export_contacts))
        .routes(routes!(get_consent_settings, put_consent_settings))
        .routes(routes!(get_contact, update_contact, delete_contact))
        .routes(routes!(set_contact_labels))
        .routes(routes!(add_contact_tags))
        .routes(routes!(remove_contact_tag))
        .routes(routes!(set_contact_consent))
        .routes(routes!(contact_timeline))
        .routes(routes!(merge_contacts))
}
