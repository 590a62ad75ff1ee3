//! /webhooks: outbound webhook endpoints (subscribe a URL to events), secrets, tests, delivery logs and replays.

use crate::AppState;
use crate::error::{ErrorBody, Result};
use crate::extract::{AppJson, AppPath, AppQuery, OptionalJson};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use parley_services::TenantCtx;
use parley_services::automations::dto::*;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

#[utoipa::path(get, path = "/webhooks/events", tag = "automations", security(("bearer" = [])),
    responses((status = 200, body = Vec<EventKind>, description = "Every event kind with its data schema and an example body")))]
async fn event_kinds(State(app): State<AppState>, _t: TenantCtx) -> Json<Vec<EventKind>> {
    Json(app.services.webhooks.events())
}

#[utoipa::path(get, path = "/webhooks", tag = "automations", security(("bearer" = [])),
    responses((status = 200, body = Vec<WebhookEndpoint>), (status = 403, body = ErrorBody)))]
async fn list_webhooks(State(app): State<AppState>, t: TenantCtx) -> Result<Json<Vec<WebhookEndpoint>>> {
    Ok(Json(app.services.webhooks.list(&t).await?))
}

#[utoipa::path(post, path = "/webhooks", tag = "automations", security(("bearer" = [])), request_body = CreateWebhookInput,
    responses((status = 201, body = CreatedWebhook, description = "The endpoint and its signing secret, shown this once"),
        (status = 402, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "`url_not_allowed`: the URL's destination is a loopback, private or metadata address or name; or the role or plan does not allow it"),
        (status = 422, body = ErrorBody)))]
async fn create_webhook(
    State(app): State<AppState>,
    t: TenantCtx,
    AppJson(body): AppJson<CreateWebhookInput>,
) -> Result<(StatusCode, Json<CreatedWebhook>)> {
    Ok((StatusCode::CREATED, Json(app.services.webhooks.create(&t, body).await?)))
}

#[utoipa::path(get, path = "/webhooks/{id}", tag = "automations", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = WebhookEndpoint), (status = 404, body = ErrorBody)))]
async fn get_webhook(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<WebhookEndpoint>> {
    Ok(Json(app.services.webhooks.get(&t, id).await?))
}

#[utoipa::path(patch, path = "/webhooks/{id}", tag = "automations", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = UpdateWebhookInput,
    responses((status = 200, body = WebhookEndpoint),
        (status = 403, body = ErrorBody, description = "`url_not_allowed`: the URL's destination is a loopback, private or metadata address or name; or the role does not allow it"),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_webhook(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<UpdateWebhookInput>,
) -> Result<Json<WebhookEndpoint>> {
    Ok(Json(app.services.webhooks.update(&t, id, body).await?))
}

#[utoipa::path(delete, path = "/webhooks/{id}", tag = "automations", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn delete_webhook(State(app): State<AppState>, t: TenantCtx, AppPath(id): AppPath<Uuid>) -> Result<StatusCode> {
    app.services.webhooks.delete(&t, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/webhooks/{id}/test", tag = "automations", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = WebhookTestResult, description = "What the endpoint answered to a signed `webhook.test` event"),
        (status = 404, body = ErrorBody)))]
async fn test_webhook(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<WebhookTestResult>> {
    Ok(Json(app.services.webhooks.test(&t, id).await?))
}

#[utoipa::path(post, path = "/webhooks/{id}/roll-secret", tag = "automations", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body(content = Option<RollSecretInput>, description = "Optional"),
    responses((status = 200, body = RolledSecret, description = "The new secret, shown this once"),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn roll_secret(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    OptionalJson(body): OptionalJson<RollSecretInput>,
) -> Result<Json<RolledSecret>> {
    Ok(Json(app.services.webhooks.roll_secret(&t, id, body).await?))
}

#[utoipa::path(get, path = "/webhooks/{id}/logs", tag = "automations", security(("bearer" = [])),
    params(("id" = Uuid, Path), DeliveryQuery),
    responses((status = 200, body = DeliveryPage), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn list_deliveries(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    AppQuery(q): AppQuery<DeliveryQuery>,
) -> Result<Json<DeliveryPage>> {
    Ok(Json(app.services.webhooks.deliveries(&t, id, q).await?))
}

#[utoipa::path(get, path = "/webhooks/{id}/logs/{deliveryId}", tag = "automations", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("deliveryId" = i64, Path, minimum = 1)),
    responses((status = 200, body = WebhookDeliveryDetail), (status = 404, body = ErrorBody)))]
async fn get_delivery(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath((id, delivery)): AppPath<(Uuid, i64)>,
) -> Result<Json<WebhookDeliveryDetail>> {
    Ok(Json(app.services.webhooks.delivery(&t, id, delivery).await?))
}

#[utoipa::path(post, path = "/webhooks/{id}/logs/{deliveryId}/replay", tag = "automations", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("deliveryId" = i64, Path, minimum = 1)),
    responses((status = 202, body = WebhookDelivery, description = "Queued again as a new delivery of the same event"),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn replay_delivery(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath((id, delivery)): AppPath<(Uuid, i64)>,
) -> Result<(StatusCode, Json<WebhookDelivery>)> {
    Ok((StatusCode::ACCEPTED, Json(app.services.webhooks.replay(&t, id, delivery).await?)))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(event_kinds))
        .routes(routes!(list_webhooks, create_webhook))
        .routes(routes!(get_webhook, update_webhook, delete_webhook))
        .routes(routes!(test_webhook))
        .routes(routes!(roll_secret))
        .routes(routes!(list_deliveries))
        .routes(routes!(get_delivery))
        .routes(routes!(replay_delivery))
}
