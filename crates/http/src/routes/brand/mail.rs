//! /settings/mail (owners of a workspace that may brand): the mail templates' own texts per language with preview
//! and test send, and the brand's mail sender with its DNS verification.

use crate::AppState;
use crate::error::{ErrorBody, Result};
use crate::extract::{AppJson, AppPath};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use parley_services::TenantCtx;
use parley_services::brand::mail_templates::*;
use parley_services::brand::sender::{MailSender, MailSenderInput, SenderService};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

fn templates(app: &AppState) -> MailTemplateService {
    MailTemplateService::new(app.services.core.clone())
}

fn sender(app: &AppState) -> SenderService {
    SenderService::new(app.services.core.clone())
}

fn template_keys() -> utoipa::openapi::schema::Object {
    let keys: Vec<&str> = parley_services::mail::templates::TEMPLATES.iter().map(|t| t.key).collect();
    parley_services::schema::one_of(&keys)
}

fn locales() -> utoipa::openapi::schema::Object {
    parley_services::schema::one_of(parley_services::mail::templates::LOCALES)
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
struct TemplatePath {
    /// A template's key, as the list names it.
    #[param(schema_with = template_keys)]
    key: String,
    /// The language of the text.
    #[param(schema_with = locales)]
    locale: String,
}

const WHO: &str = "Owners only; `feature_not_in_plan`: the workspace may not brand (not an agency, and its plan has no custom branding)";

#[utoipa::path(get, path = "/settings/mail/templates", tag = "brand", security(("bearer" = [])),
    responses((status = 200, body = MailTemplateList,
        description = "Every template with its placeholders and, per language, our text, the agency's (for a client) and the workspace's own"),
        (status = 403, body = ErrorBody, description = WHO)))]
async fn list_mail_templates(State(app): State<AppState>, t: TenantCtx) -> Result<Json<MailTemplateList>> {
    Ok(Json(templates(&app).list(&t).await?))
}

#[utoipa::path(put, path = "/settings/mail/templates/{key}/{locale}", tag = "brand", security(("bearer" = [])),
    params(TemplatePath),
    request_body = MailTextInput,
    responses((status = 200, body = MailTextOverride, description = "Saved: the workspace's mails in this language use it"),
        (status = 403, body = ErrorBody, description = WHO), (status = 404, body = ErrorBody, description = "No such template or language"),
        (status = 422, body = ErrorBody, description = "A field too long or empty, or placeholders the template does not offer (named in `details.fields`)")))]
async fn put_mail_template(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(TemplatePath { key, locale }): AppPath<TemplatePath>,
    AppJson(body): AppJson<MailTextInput>,
) -> Result<Json<MailTextOverride>> {
    Ok(Json(templates(&app).put(&t, &key, &locale, body).await?))
}

#[utoipa::path(delete, path = "/settings/mail/templates/{key}/{locale}", tag = "brand", security(("bearer" = [])),
    params(TemplatePath),
    responses((status = 204, description = "Back to the default (the agency's text for a client, else ours)"),
        (status = 403, body = ErrorBody, description = WHO),
        (status = 404, body = ErrorBody, description = "No such template or language, or no own text to remove")))]
async fn reset_mail_template(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(TemplatePath { key, locale }): AppPath<TemplatePath>,
) -> Result<StatusCode> {
    templates(&app).reset(&t, &key, &locale).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/settings/mail/templates/{key}/{locale}/preview", tag = "brand", security(("bearer" = [])),
    params(TemplatePath),
    request_body = MailPreviewInput,
    responses((status = 200, body = MailPreview,
        description = "The mail with sample values and the workspace's brand; unsaved `subject`/`body` replace the text in force"),
        (status = 403, body = ErrorBody, description = WHO), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn preview_mail_template(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(TemplatePath { key, locale }): AppPath<TemplatePath>,
    AppJson(body): AppJson<MailPreviewInput>,
) -> Result<Json<MailPreview>> {
    Ok(Json(templates(&app).preview(&t, &key, &locale, body).await?))
}

#[utoipa::path(post, path = "/settings/mail/templates/{key}/{locale}/test", tag = "brand", security(("bearer" = [])),
    params(TemplatePath),
    request_body = MailPreviewInput,
    responses((status = 202, body = MailTestSent, description = "Queued to the caller's own address, subject marked [Test]"),
        (status = 403, body = ErrorBody, description = WHO), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "Placeholders the template does not offer"),
        (status = 429, body = ErrorBody, description = "More than five test sends within a minute")))]
async fn test_mail_template(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(TemplatePath { key, locale }): AppPath<TemplatePath>,
    AppJson(body): AppJson<MailPreviewInput>,
) -> Result<(StatusCode, Json<MailTestSent>)> {
    Ok((StatusCode::ACCEPTED, Json(templates(&app).send_test(&t, &key, &locale, body).await?)))
}

#[utoipa::path(get, path = "/settings/mail/sender", tag = "brand", security(("bearer" = [])),
    responses((status = 200, body = MailSender, description = "The sender, its status and the DNS records to create"),
        (status = 403, body = ErrorBody, description = WHO)))]
async fn get_mail_sender(State(app): State<AppState>, t: TenantCtx) -> Result<Json<MailSender>> {
    Ok(Json(sender(&app).get(&t).await?))
}

#[utoipa::path(put, path = "/settings/mail/sender", tag = "brand", security(("bearer" = [])),
    request_body = MailSenderInput,
    responses((status = 200, body = MailSender, description = "Saved; a new address is `pending` until verified"),
        (status = 403, body = ErrorBody,
            description = "Owners only; `feature_not_in_plan`: the workspace may not brand; `own_sender_not_allowed`: it may not send from its own address"),
        (status = 422, body = ErrorBody)))]
async fn update_mail_sender(
    State(app): State<AppState>,
    t: TenantCtx,
    AppJson(body): AppJson<MailSenderInput>,
) -> Result<Json<MailSender>> {
    Ok(Json(sender(&app).update(&t, body).await?))
}

#[utoipa::path(post, path = "/settings/mail/sender/verify", tag = "brand", security(("bearer" = [])),
    responses((status = 200, body = MailSender,
        description = "Checked now: `verified` when the TXT token is found; each record's `found`; `checkError` when DNS did not answer"),
        (status = 403, body = ErrorBody, description = WHO),
        (status = 409, body = ErrorBody, description = "`no_sender_address`: no own address to verify")))]
async fn verify_mail_sender(State(app): State<AppState>, t: TenantCtx) -> Result<Json<MailSender>> {
    Ok(Json(sender(&app).verify(&t).await?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_mail_templates))
        .routes(routes!(put_mail_template, reset_mail_template))
        .routes(routes!(preview_mail_template))
        .routes(routes!(test_mail_template))
        .routes(routes!(get_mail_sender, update_mail_sender))
        .routes(routes!(verify_mail_sender))
}
