//! /billing: the workspace's plan, usage, plan changes, Checkout, the customer portal and invoices.

use crate::AppState;
use crate::error::{ErrorBody, Result};
use crate::extract::AppJson;
use axum::Json;
use axum::extract::State;
use parley_services::TenantCtx;
use parley_services::billing::dto::*;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[utoipa::path(get, path = "/billing", tag = "billing", security(("bearer" = [])),
    responses((status = 200, body = BillingOverview)))]
async fn overview(State(app): State<AppState>, t: TenantCtx) -> Result<Json<BillingOverview>> {
    Ok(Json(app.services.billing.overview(&t).await?))
}

#[utoipa::path(get, path = "/billing/plans", tag = "billing", security(("bearer" = [])),
    responses((status = 200, body = Vec<Plan>)))]
async fn plans(State(app): State<AppState>, t: TenantCtx) -> Result<Json<Vec<Plan>>> {
    Ok(Json(app.services.billing.plans(&t).await?))
}

#[utoipa::path(post, path = "/billing/checkout", tag = "billing", security(("bearer" = [])), request_body = ChoosePlanInput,
    responses((status = 200, body = RedirectUrl, description = "The hosted Checkout page to send the owner to"),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`already_subscribed` (change the plan instead) or `cycle_not_sold`"),
        (status = 422, body = ErrorBody),
        (status = 502, body = ErrorBody, description = "The payment provider failed; nothing was changed")))]
async fn checkout(
    State(app): State<AppState>,
    t: TenantCtx,
    AppJson(body): AppJson<ChoosePlanInput>,
) -> Result<Json<RedirectUrl>> {
    Ok(Json(app.services.billing.checkout(&t, body).await?))
}

#[utoipa::path(post, path = "/billing/preview", tag = "billing", security(("bearer" = [])), request_body = ChoosePlanInput,
    responses((status = 200, body = PlanChangePreview), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`cycle_not_sold`: the plan is not sold with that billing cycle"), (status = 422, body = ErrorBody)))]
async fn preview(
    State(app): State<AppState>,
    t: TenantCtx,
    AppJson(body): AppJson<ChoosePlanInput>,
) -> Result<Json<PlanChangePreview>> {
    Ok(Json(app.services.billing.preview(&t, body).await?))
}

#[utoipa::path(post, path = "/billing/change", tag = "billing", security(("bearer" = [])), request_body = ChoosePlanInput,
    responses((status = 200, body = BillingOverview), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`cycle_not_sold`: the plan is not sold with that billing cycle; `downgrade_needs_confirmation` lists what the plan would break (send `confirm: true`)"),
        (status = 422, body = ErrorBody),
        (status = 502, body = ErrorBody)))]
async fn change(
    State(app): State<AppState>,
    t: TenantCtx,
    AppJson(body): AppJson<ChoosePlanInput>,
) -> Result<Json<BillingOverview>> {
    Ok(Json(app.services.billing.change(&t, body).await?))
}

#[utoipa::path(post, path = "/billing/cancel", tag = "billing", security(("bearer" = [])),
    responses((status = 200, body = BillingOverview, description = "Cancels at the end of the period"),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody), (status = 502, body = ErrorBody)))]
async fn cancel(State(app): State<AppState>, t: TenantCtx) -> Result<Json<BillingOverview>> {
    Ok(Json(app.services.billing.set_cancel(&t, true).await?))
}

#[utoipa::path(post, path = "/billing/resume", tag = "billing", security(("bearer" = [])),
    responses((status = 200, body = BillingOverview), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 502, body = ErrorBody)))]
async fn resume(State(app): State<AppState>, t: TenantCtx) -> Result<Json<BillingOverview>> {
    Ok(Json(app.services.billing.set_cancel(&t, false).await?))
}

#[utoipa::path(post, path = "/billing/refresh", tag = "billing", security(("bearer" = [])),
    responses((status = 200, body = BillingOverview, description = "Read again from the payment provider"),
        (status = 403, body = ErrorBody), (status = 502, body = ErrorBody)))]
async fn refresh_billing(State(app): State<AppState>, t: TenantCtx) -> Result<Json<BillingOverview>> {
    Ok(Json(app.services.billing.refresh(&t).await?))
}

#[utoipa::path(post, path = "/billing/portal", tag = "billing", security(("bearer" = [])),
    responses((status = 200, body = RedirectUrl, description = "The payment provider's customer portal"),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody), (status = 502, body = ErrorBody)))]
async fn portal(State(app): State<AppState>, t: TenantCtx) -> Result<Json<RedirectUrl>> {
    Ok(Json(app.services.billing.portal(&t).await?))
}

#[utoipa::path(get, path = "/billing/invoices", tag = "billing", security(("bearer" = [])),
    responses((status = 200, body = Vec<Invoice>), (status = 403, body = ErrorBody)))]
async fn invoices(State(app): State<AppState>, t: TenantCtx) -> Result<Json<Vec<Invoice>>> {
    Ok(Json(app.services.billing.invoices(&t).await?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(overview))
        .routes(routes!(plans))
        .routes(routes!(checkout))
        .routes(routes!(preview))
        .routes(routes!(change))
        .routes(routes!(cancel))
        .routes(routes!(resume))
        .routes(routes!(refresh_billing))
        .routes(routes!(portal))
        .routes(routes!(invoices))
}
