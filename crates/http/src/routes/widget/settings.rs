//! /widgets: the workspace's website widgets; /conversations/{id}/visitor: who a widget conversation is with.

use crate::AppState;
use crate::error::{ErrorBody, Result};
use crate::extract::{AppJson, AppPath};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use parley_services::TenantCtx;
use parley_services::widget::dto::*;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

#[utoipa::path(get, path = "/widgets", tag = "widget", security(("bearer" = [])),
    responses((status = 200, body = Vec<Widget>), (status = 403, body = ErrorBody)))]
async fn list_widgets(State(app): State<AppState>, t: TenantCtx) -> Result<Json<Vec<Widget>>> {
    Ok(Json(app.services.widgets.list(&t).await?))
}

#[utoipa::path(post, path = "/widgets", tag = "widget", security(("bearer" = [])), request_body = CreateWidgetInput,
    responses((status = 201, body = Widget, description = "With `identitySecret`, shown this once"),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_widget(
    State(app): State<AppState>,
    t: TenantCtx,
    AppJson(body): AppJson<CreateWidgetInput>,
) -> Result<(StatusCode, Json<Widget>)> {
    Ok((StatusCode::CREATED, Json(app.services.widgets.create(&t, body).await?)))
}

#[utoipa::path(get, path = "/widgets/{id}", tag = "widget", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = Widget), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_widget(State(app): State<AppState>, t: TenantCtx, AppPath(id): AppPath<Uuid>) -> Result<Json<Widget>> {
    Ok(Json(app.services.widgets.get(&t, id).await?))
}

#[utoipa::path(patch, path = "/widgets/{id}", tag = "widget", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = UpdateWidgetInput,
    responses((status = 200, body = Widget), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn update_widget(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<UpdateWidgetInput>,
) -> Result<Json<Widget>> {
    Ok(Json(app.services.widgets.update(&t, id, body).await?))
}

#[utoipa::path(delete, path = "/widgets/{id}", tag = "widget", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 204, description = "Deleted with its conversations"), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn delete_widget(State(app): State<AppState>, t: TenantCtx, AppPath(id): AppPath<Uuid>) -> Result<StatusCode> {
    app.services.widgets.delete(&t, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/widgets/{id}/identity-secret", tag = "widget", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = IdentitySecret, description = "The new secret, shown this once"),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn rotate_identity_secret(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<IdentitySecret>> {
    Ok(Json(app.services.widgets.rotate_secret(&t, id).await?))
}

#[utoipa::path(get, path = "/conversations/{id}/visitor", tag = "conversations", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = ConversationVisitor),
        (status = 404, body = ErrorBody, description = "Unknown, or not a widget conversation")))]
async fn conversation_visitor(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<ConversationVisitor>> {
    Ok(Json(app.services.widgets.conversation_visitor(&t, id).await?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_widgets, create_widget))
        .routes(routes!(get_widget, update_widget, delete_widget))
        .routes(routes!(rotate_identity_secret))
        .routes(routes!(conversation_visitor))
}
