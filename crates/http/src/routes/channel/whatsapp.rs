//! /whatsapp/connections: the tenant's numbers, their templates and webhook log; /webhooks: what
//! Meta and WasenderAPI call.

use crate::AppState;
use crate::error::{ErrorBody, Result};
use crate::extract::{AppJson, AppPath, AppQuery, RawBody};
use axum::Json;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode};
use parley_services::TenantCtx;
use parley_services::channel::dto::*;
use parley_services::channel::ingest::Provider;
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

/// Meta batches up to a thousand updates in one delivery: a few MiB at most.
pub const WEBHOOK_BODY_LIMIT: usize = 4 * 1024 * 1024;

#[utoipa::path(get, path = "/whatsapp/connections", tag = "whatsapp", security(("bearer" = [])),
    responses((status = 200, body = Vec<Connection>)))]
async fn list_connections(State(app): State<AppState>, t: TenantCtx) -> Result<Json<Vec<Connection>>> {
    Ok(Json(app.services.connections.list(&t).await?))
}

#[utoipa::path(post, path = "/whatsapp/connections", tag = "whatsapp", security(("bearer" = [])),
    request_body = CreateConnectionInput,
    responses((status = 201, body = Connection), (status = 402, body = ErrorBody, description = "`quota_exceeded`: the plan's limit is reached (details name the limit and a plan allowing more)"),
        (status = 403, body = ErrorBody, description = "`feature_not_in_plan`: a second number needs multipleWhatsAppNumbers"),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 502, body = ErrorBody)))]
async fn create_connection(
    State(app): State<AppState>,
    t: TenantCtx,
    AppJson(body): AppJson<CreateConnectionInput>,
) -> Result<(StatusCode, Json<Connection>)> {
    Ok((StatusCode::CREATED, Json(app.services.connections.create(&t, body).await?)))
}

#[utoipa::path(get, path = "/whatsapp/connections/{id}", tag = "whatsapp", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = Connection), (status = 404, body = ErrorBody)))]
async fn get_connection(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<Connection>> {
    Ok(Json(app.services.connections.get(&t, id).await?))
}

#[utoipa::path(patch, path = "/whatsapp/connections/{id}", tag = "whatsapp", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = UpdateConnectionInput,
    responses((status = 200, body = Connection), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`not_a_cloud_number`: only Cloud API numbers have a messaging limit"),
        (status = 422, body = ErrorBody)))]
async fn update_connection(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<UpdateConnectionInput>,
) -> Result<Json<Connection>> {
    Ok(Json(app.services.connections.update(&t, id, body).await?))
}

#[utoipa::path(delete, path = "/whatsapp/connections/{id}", tag = "whatsapp", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 204, description = "Removed"), (status = 404, body = ErrorBody)))]
async fn delete_connection(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
) -> Result<StatusCode> {
    app.services.connections.delete(&t, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/whatsapp/connections/{id}/test", tag = "whatsapp", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = ConnectionTest), (status = 404, body = ErrorBody)))]
async fn test_connection(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<ConnectionTest>> {
    Ok(Json(app.services.connections.test(&t, id).await?))
}

#[utoipa::path(post, path = "/whatsapp/connections/{id}/qr", tag = "whatsapp", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Connection, description = "Current status, with a fresh QR code while not connected"),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`not_a_qr_number`: only QR numbers have a QR code")))]
async fn refresh_connection_qr(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<Connection>> {
    Ok(Json(app.services.connections.refresh_qr(&t, id).await?))
}

#[utoipa::path(get, path = "/whatsapp/connections/{id}/templates", tag = "whatsapp", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = Vec<Template>), (status = 404, body = ErrorBody)))]
async fn list_templates(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<Vec<Template>>> {
    Ok(Json(app.services.connections.templates(&t, id).await?))
}

#[utoipa::path(post, path = "/whatsapp/connections/{id}/templates", tag = "whatsapp", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = CreateTemplateInput,
    responses((status = 201, body = Template), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`whatsapp_token_refused`: WhatsApp refused the number's token; `not_a_cloud_number`: templates exist only for Cloud API numbers; `template_exists`: the name is already used in that language"),
        (status = 502, body = ErrorBody)))]
async fn create_template(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<CreateTemplateInput>,
) -> Result<(StatusCode, Json<Template>)> {
    Ok((StatusCode::CREATED, Json(app.services.connections.create_template(&t, id, body).await?)))
}

#[utoipa::path(post, path = "/whatsapp/connections/{id}/templates/sync", tag = "whatsapp", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<Template>), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`whatsapp_token_refused`: WhatsApp refused the number's token; `not_a_cloud_number`: templates exist only for Cloud API numbers"),
        (status = 502, body = ErrorBody)))]
async fn sync_templates(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<Vec<Template>>> {
    Ok(Json(app.services.connections.sync_templates(&t, id).await?))
}

#[utoipa::path(get, path = "/whatsapp/connections/{id}/events", tag = "whatsapp", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<WebhookEventSummary>, description = "The latest 100 webhook deliveries"),
        (status = 404, body = ErrorBody)))]
async fn list_webhook_events(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<Vec<WebhookEventSummary>>> {
    Ok(Json(app.services.connections.events(&t, id).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct VerifyQuery {
    #[serde(rename = "hub.mode")]
    #[param(rename = "hub.mode")]
    mode: Option<String>,
    #[serde(rename = "hub.verify_token")]
    #[param(rename = "hub.verify_token")]
    verify_token: Option<String>,
    #[serde(rename = "hub.challenge")]
    #[param(rename = "hub.challenge")]
    challenge: Option<String>,
}

#[utoipa::path(get, path = "/webhooks/whatsapp/{id}", tag = "webhooks", params(("id" = Uuid, Path), VerifyQuery),
    responses((status = 200, body = String, description = "The challenge, echoed"), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn verify_whatsapp_webhook(
    State(app): State<AppState>,
    AppPath(id): AppPath<Uuid>,
    AppQuery(q): AppQuery<VerifyQuery>,
) -> Result<String> {
    Ok(app.services.ingest.verify(id, q.mode.as_deref(), q.verify_token.as_deref(), q.challenge.as_deref()).await?)
}

fn header<'a>(h: &'a HeaderMap, name: &str) -> Option<&'a str> {
    h.get(name).and_then(|v| v.to_str().ok())
}

#[utoipa::path(post, path = "/webhooks/whatsapp/{id}", tag = "webhooks", params(("id" = Uuid, Path)),
    request_body(content = String, description = "Meta's webhook JSON, signed in X-Hub-Signature-256", content_type = "application/json"),
    responses((status = 200, description = "Stored; processed right after"), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody, description = "Missing or wrong signature: nothing stored"),
        (status = 404, body = ErrorBody), (status = 413, body = ErrorBody)))]
async fn receive_whatsapp_webhook(
    State(app): State<AppState>,
    AppPath(id): AppPath<Uuid>,
    headers: HeaderMap,
    RawBody(body): RawBody,
) -> Result<StatusCode> {
    app.services.ingest.receive(id, Provider::Cloud, &body, header(&headers, "x-hub-signature-256")).await?;
    Ok(StatusCode::OK)
}

#[utoipa::path(post, path = "/webhooks/wasender/{id}", tag = "webhooks", params(("id" = Uuid, Path)),
    request_body(content = String, description = "WasenderAPI's event JSON, with X-Webhook-Signature", content_type = "application/json"),
    responses((status = 200, description = "Stored; processed right after"), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 413, body = ErrorBody)))]
async fn receive_wasender_webhook(
    State(app): State<AppState>,
    AppPath(id): AppPath<Uuid>,
    headers: HeaderMap,
    RawBody(body): RawBody,
) -> Result<StatusCode> {
    app.services.ingest.receive(id, Provider::Wasender, &body, header(&headers, "x-webhook-signature")).await?;
    Ok(StatusCode::OK)
}

pub fn router() -> OpenApiRouter<AppState> {
    let webhooks = OpenApiRouter::new()
        .routes(routes!(verify_whatsapp_webhook, receive_whatsapp_webhook))
        .routes(routes!(receive_wasender_webhook))
        .layer(DefaultBodyLimit::max(WEBHOOK_BODY_LIMIT));
    OpenApiRouter::new()
        .routes(routes!(list_connections, create_connection))
        .routes(routes!(get_connection, update_connection, delete_connection))
        .routes(routes!(test_connection))
        .routes(routes!(refresh_connection_qr))
        .routes(routes!(list_templates, create_template))
        .routes(routes!(sync_templates))
        .routes(routes!(list_webhook_events))
        .merge(webhooks)
}
