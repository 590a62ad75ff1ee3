//! /admin: the platform admin's view across tenants.

use crate::AppState;
use crate::error::{ErrorBody, Result};
use crate::extract::{AppJson, AppPath, AppQuery, PlatformAdmin};
use axum::Json;
use axum::extract::State;
use parley_services::campaigns::dto::{MessagePriceTable, MessagePriceTableInput};
use parley_services::dto::PageQuery;
use parley_services::platform::dto::*;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

#[utoipa::path(get, path = "/admin/tenants", tag = "admin", security(("bearer" = [])), params(PageQuery),
    responses((status = 200, body = AdminTenantPage), (status = 403, body = ErrorBody)))]
async fn list_tenants(
    State(app): State<AppState>,
    _: PlatformAdmin,
    AppQuery(q): AppQuery<PageQuery>,
) -> Result<Json<AdminTenantPage>> {
    Ok(Json(app.services.admin.tenants(q).await?))
}

#[utoipa::path(get, path = "/admin/tenants/{id}", tag = "admin", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = AdminTenant), (status = 404, body = ErrorBody)))]
async fn get_tenant(
    State(app): State<AppState>,
    _: PlatformAdmin,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<AdminTenant>> {
    Ok(Json(app.services.admin.tenant(id).await?))
}

#[utoipa::path(patch, path = "/admin/tenants/{id}", tag = "admin", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = AdminUpdateTenantInput,
    responses((status = 200, body = AdminTenant), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_tenant(
    State(app): State<AppState>,
    _: PlatformAdmin,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<AdminUpdateTenantInput>,
) -> Result<Json<AdminTenant>> {
    Ok(Json(app.services.admin.update_tenant(id, body).await?))
}

#[utoipa::path(get, path = "/admin/stats", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = PlatformStats), (status = 403, body = ErrorBody)))]
async fn platform_stats(State(app): State<AppState>, _: PlatformAdmin) -> Result<Json<PlatformStats>> {
    Ok(Json(app.services.admin.stats().await?))
}

/// The price table campaign estimates and costs use.
#[utoipa::path(get, path = "/admin/prices", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = MessagePriceTable), (status = 403, body = ErrorBody)))]
async fn get_message_prices(State(app): State<AppState>, _: PlatformAdmin) -> Result<Json<MessagePriceTable>> {
    Ok(Json(app.services.admin.message_prices().await?))
}

/// Replaces the whole price table (one currency; a `*` row per template category).
#[utoipa::path(put, path = "/admin/prices", tag = "admin", security(("bearer" = [])),
    request_body = MessagePriceTableInput,
    responses((status = 200, body = MessagePriceTable), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn replace_message_prices(
    State(app): State<AppState>,
    _: PlatformAdmin,
    AppJson(body): AppJson<MessagePriceTableInput>,
) -> Result<Json<MessagePriceTable>> {
    Ok(Json(app.services.admin.replace_message_prices(body).await?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_tenants))
        .routes(routes!(get_tenant, update_tenant))
        .routes(routes!(platform_stats))
        .routes(routes!(get_message_prices, replace_message_prices))
}
