//! /settings/security/ip-allowlist: the workspace's optional IP allow-list for sign-in and API keys (owners only).

use crate::AppState;
use crate::error::{ErrorBody, Result};
use crate::extract::AppJson;
use axum::Json;
use axum::extract::State;
use parley_services::TenantCtx;
use parley_services::identity::ip_allow::{IpAllowlistSettings, UpdateIpAllowlistInput};
use utoipa_axum::{router::OpenApiRouter, routes};

#[utoipa::path(get, path = "/settings/security/ip-allowlist", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = IpAllowlistSettings), (status = 403, body = ErrorBody, description = "`forbidden`: not an owner")))]
async fn get_ip_allowlist(State(app): State<AppState>, t: TenantCtx) -> Result<Json<IpAllowlistSettings>> {
    Ok(Json(app.services.auth.ip_allowlist(&t).await?))
}

#[utoipa::path(put, path = "/settings/security/ip-allowlist", tag = "auth", security(("bearer" = [])),
    request_body = UpdateIpAllowlistInput,
    responses((status = 200, body = IpAllowlistSettings),
        (status = 403, body = ErrorBody, description = "`forbidden`: not an owner"),
        (status = 409, body = ErrorBody, description = "`would_lock_you_out`: the list leaves out the caller's own address"),
        (status = 422, body = ErrorBody, description = "`validation_failed`: an entry is not an address or network \
            (named `entries[i]`)")))]
async fn put_ip_allowlist(
    State(app): State<AppState>,
    t: TenantCtx,
    AppJson(body): AppJson<UpdateIpAllowlistInput>,
) -> Result<Json<IpAllowlistSettings>> {
    Ok(Json(app.services.auth.set_ip_allowlist(&t, body).await?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_ip_allowlist, put_ip_allowlist))
}
