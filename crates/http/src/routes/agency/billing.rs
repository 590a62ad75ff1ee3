//! Agency billing (docs/agencies.md, "Agency billing"): the agency's pooled usage and billing mode
//! (/agency/billing), and a client workspace's billing through its agency (/billing/agency).

use crate::AppState;
use crate::error::{ErrorBody, Result};
use crate::extract::AppJson;
use axum::Json;
use axum::extract::State;
use parley_services::TenantCtx;
use parley_services::agency::billing::*;
use parley_services::billing::dto::RedirectUrl;
use utoipa_axum::{router::OpenApiRouter, routes};

/// The agency's pooled usage this period (its own and each client's share), its clients' billing states and who
/// pays for them.
#[utoipa::path(get, path = "/agency/billing", tag = "agency", security(("bearer" = [])),
    responses((status = 200, body = AgencyBilling), (status = 403, body = ErrorBody, description = "`not_an_agency`, or an agent")))]
async fn agency_billing(State(app): State<AppState>, t: TenantCtx) -> Result<Json<AgencyBilling>> {
    Ok(Json(app.services.agency_billing.overview(&t).await?))
}

/// Switches who pays for the clients (owners) and moves every client to it now: `client` starts a card-less trial
/// for each client the agency paid for; `agency` ends the clients' own subscriptions with their periods.
#[utoipa::path(put, path = "/agency/billing/mode", tag = "agency", security(("bearer" = [])), request_body = BillingModeInput,
    responses((status = 200, body = AgencyBilling, description = "`switched` says what happened to each client"),
        (status = 403, body = ErrorBody, description = "`not_an_agency`, or not an owner"),
        (status = 409, body = ErrorBody, description = "`card_billing_unavailable`: this server does not bill by card"),
        (status = 422, body = ErrorBody)))]
async fn set_mode(
    State(app): State<AppState>,
    t: TenantCtx,
    AppJson(body): AppJson<BillingModeInput>,
) -> Result<Json<AgencyBilling>> {
    Ok(Json(app.services.agency_billing.set_mode(&t, body).await?))
}

/// A client workspace's billing: its agency, the agency's plans (when the client pays by card) and its own usage.
#[utoipa::path(get, path = "/billing/agency", tag = "billing", security(("bearer" = [])),
    responses((status = 200, body = ClientBilling),
        (status = 409, body = ErrorBody, description = "`not_an_agency_client`: the workspace is billed by the platform")))]
async fn client_billing(State(app): State<AppState>, t: TenantCtx) -> Result<Json<ClientBilling>> {
    Ok(Json(app.services.agency_billing.client(&t).await?))
}

/// A Checkout page for a plan of the agency's offer, under the agency's name (owners of a client that pays by
/// card).
#[utoipa::path(post, path = "/billing/agency/checkout", tag = "billing", security(("bearer" = [])),
    request_body = AgencyCheckoutInput,
    responses((status = 200, body = RedirectUrl, description = "The hosted Checkout page to send the owner to"),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "Not a plan of this workspace's agency (or the workspace has none)"),
        (status = 409, body = ErrorBody, description = "`billed_by_agency` (the agency pays) or `already_subscribed`"),
        (status = 422, body = ErrorBody),
        (status = 502, body = ErrorBody, description = "The payment provider failed; nothing was changed")))]
async fn client_checkout(
    State(app): State<AppState>,
    t: TenantCtx,
    AppJson(body): AppJson<AgencyCheckoutInput>,
) -> Result<Json<RedirectUrl>> {
    Ok(Json(app.services.agency_billing.checkout(&t, body).await?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(agency_billing))
        .routes(routes!(set_mode))
        .routes(routes!(client_billing))
        .routes(routes!(client_checkout))
}
