//! /admin/plans, /admin/billing and /admin/tenants/{id}/billing: the platform admin's plans, the subscriptions
//! overview and one workspace's billing.

use crate::AppState;
use crate::error::{ErrorBody, Result};
use crate::extract::{AppJson, AppPath, Client, PlatformAdmin};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use parley_services::billing::dto::*;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

#[utoipa::path(get, path = "/admin/plans", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = Vec<Plan>), (status = 403, body = ErrorBody)))]
async fn list_plans(State(app): State<AppState>, _: PlatformAdmin) -> Result<Json<Vec<Plan>>> {
    Ok(Json(app.services.plans.list_all().await?))
}

#[utoipa::path(post, path = "/admin/plans", tag = "admin", security(("bearer" = [])), request_body = PlanInput,
    responses((status = 201, body = Plan), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 502, body = ErrorBody, description = "The payment provider failed; nothing was created")))]
async fn create_plan(
    State(app): State<AppState>,
    _: PlatformAdmin,
    AppJson(body): AppJson<PlanInput>,
) -> Result<(StatusCode, Json<Plan>)> {
    Ok((StatusCode::CREATED, Json(app.services.plans.create(body).await?)))
}

#[utoipa::path(patch, path = "/admin/plans/{id}", tag = "admin", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = PlanInput,
    responses((status = 200, body = Plan), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 502, body = ErrorBody)))]
async fn update_plan(
    State(app): State<AppState>,
    _: PlatformAdmin,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<PlanInput>,
) -> Result<Json<Plan>> {
    Ok(Json(app.services.plans.update(id, body).await?))
}

#[utoipa::path(post, path = "/admin/plans/{id}/archive", tag = "admin", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = Plan), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn archive_plan(State(app): State<AppState>, _: PlatformAdmin, AppPath(id): AppPath<Uuid>) -> Result<Json<Plan>> {
    Ok(Json(app.services.plans.archive(id).await?))
}

#[utoipa::path(post, path = "/admin/plans/{id}/default", tag = "admin", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = Plan), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn default_plan(State(app): State<AppState>, _: PlatformAdmin, AppPath(id): AppPath<Uuid>) -> Result<Json<Plan>> {
    Ok(Json(app.services.plans.set_default(id).await?))
}

#[utoipa::path(put, path = "/admin/plans/order", tag = "admin", security(("bearer" = [])), request_body = PlanOrderInput,
    responses((status = 200, body = Vec<Plan>), (status = 403, body = ErrorBody)))]
async fn order_plans(
    State(app): State<AppState>,
    _: PlatformAdmin,
    AppJson(body): AppJson<PlanOrderInput>,
) -> Result<Json<Vec<Plan>>> {
    Ok(Json(app.services.plans.reorder(body.ids).await?))
}

#[utoipa::path(get, path = "/admin/billing", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = SubscriptionsOverview), (status = 403, body = ErrorBody)))]
async fn subscriptions_overview(State(app): State<AppState>, _: PlatformAdmin) -> Result<Json<SubscriptionsOverview>> {
    Ok(Json(app.services.billing_admin.overview().await?))
}

#[utoipa::path(get, path = "/admin/tenants/{id}/billing", tag = "admin", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = TenantBilling), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn tenant_billing(
    State(app): State<AppState>,
    _: PlatformAdmin,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<TenantBilling>> {
    Ok(Json(app.services.billing_admin.tenant(id).await?))
}

#[utoipa::path(put, path = "/admin/tenants/{id}/billing/overrides", tag = "admin", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = TenantOverridesInput,
    responses((status = 200, body = TenantBilling), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn set_overrides(
    State(app): State<AppState>,
    PlatformAdmin(admin): PlatformAdmin,
    Client(client): Client,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<TenantOverridesInput>,
) -> Result<Json<TenantBilling>> {
    Ok(Json(app.services.billing_admin.set_overrides(admin.sub, &client, id, body).await?))
}

#[utoipa::path(post, path = "/admin/tenants/{id}/billing/extend-trial", tag = "admin", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = ExtendTrialInput,
    responses((status = 200, body = TenantBilling), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn extend_trial(
    State(app): State<AppState>,
    PlatformAdmin(admin): PlatformAdmin,
    Client(client): Client,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<ExtendTrialInput>,
) -> Result<Json<TenantBilling>> {
    Ok(Json(app.services.billing_admin.extend_trial(admin.sub, &client, id, body).await?))
}

#[utoipa::path(post, path = "/admin/tenants/{id}/billing/assign", tag = "admin", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = AssignPlanInput,
    responses((status = 200, body = TenantBilling), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn assign_plan(
    State(app): State<AppState>,
    PlatformAdmin(admin): PlatformAdmin,
    Client(client): Client,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<AssignPlanInput>,
) -> Result<Json<TenantBilling>> {
    Ok(Json(app.services.billing_admin.assign(admin.sub, &client, id, body).await?))
}

#[utoipa::path(post, path = "/admin/tenants/{id}/billing/invoices", tag = "admin", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = ManualInvoiceInput,
    responses((status = 200, body = TenantBilling), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn create_invoice(
    State(app): State<AppState>,
    PlatformAdmin(admin): PlatformAdmin,
    Client(client): Client,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<ManualInvoiceInput>,
) -> Result<Json<TenantBilling>> {
    Ok(Json(app.services.billing_admin.create_invoice(admin.sub, &client, id, body).await?))
}

#[utoipa::path(post, path = "/admin/tenants/{id}/billing/invoices/{invoice_id}/paid", tag = "admin", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("invoice_id" = Uuid, Path)),
    responses((status = 200, body = TenantBilling), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn mark_invoice_paid(
    State(app): State<AppState>,
    PlatformAdmin(admin): PlatformAdmin,
    Client(client): Client,
    AppPath((id, invoice_id)): AppPath<(Uuid, Uuid)>,
) -> Result<Json<TenantBilling>> {
    Ok(Json(app.services.billing_admin.mark_paid(admin.sub, &client, id, invoice_id).await?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_plans, create_plan))
        .routes(routes!(update_plan))
        .routes(routes!(archive_plan))
        .routes(routes!(default_plan))
        .routes(routes!(order_plans))
        .routes(routes!(subscriptions_overview))
        .routes(routes!(tenant_billing))
        .routes(routes!(set_overrides))
        .routes(routes!(extend_trial))
        .routes(routes!(assign_plan))
        .routes(routes!(create_invoice))
        .routes(routes!(mark_invoice_paid))
}
