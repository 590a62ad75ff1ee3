//! /admin/agencies and /admin/tenants/{id}/agency: the platform admin marks workspaces as agencies, sets their caps
//! and sees every agency with its clients' figures and revenue.

use crate::AppState;
use crate::error::{ErrorBody, Result};
use crate::extract::{AppJson, AppPath, PlatformAdmin};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use parley_services::agency::dto::{AdminAgency, AdminTenantAgency, AgencyCapsInput};
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

#[utoipa::path(get, path = "/admin/agencies", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = Vec<AdminAgency>), (status = 403, body = ErrorBody)))]
async fn list_agencies(State(app): State<AppState>, _: PlatformAdmin) -> Result<Json<Vec<AdminAgency>>> {
    Ok(Json(app.services.agency_admin.list().await?))
}

/// The workspace's agency side: its caps when it is an agency, or the agency it is a client of.
#[utoipa::path(get, path = "/admin/tenants/{id}/agency", tag = "admin", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = AdminTenantAgency), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_tenant_agency(
    State(app): State<AppState>,
    _: PlatformAdmin,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<AdminTenantAgency>> {
    Ok(Json(app.services.agency_admin.tenant(id).await?))
}

/// Makes the workspace an agency, or changes its caps.
#[utoipa::path(put, path = "/admin/tenants/{id}/agency", tag = "admin", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = AgencyCapsInput,
    responses((status = 200, body = AdminTenantAgency), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`client_of_agency`: the workspace is an agency's client; \
            `over_max_clients`: it already has more clients than `maxClients`"),
        (status = 422, body = ErrorBody)))]
async fn put_tenant_agency(
    State(app): State<AppState>,
    _: PlatformAdmin,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<AgencyCapsInput>,
) -> Result<Json<AdminTenantAgency>> {
    Ok(Json(app.services.agency_admin.mark(id, body).await?))
}

#[utoipa::path(delete, path = "/admin/tenants/{id}/agency", tag = "admin", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204, description = "No longer an agency"), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "No such workspace, or it is not an agency"),
        (status = 409, body = ErrorBody, description = "`agency_has_clients`: it still has client workspaces")))]
async fn delete_tenant_agency(
    State(app): State<AppState>,
    _: PlatformAdmin,
    AppPath(id): AppPath<Uuid>,
) -> Result<StatusCode> {
    app.services.agency_admin.unmark(id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_agencies)).routes(routes!(
        get_tenant_agency,
        put_tenant_agency,
        delete_tenant_agency
    ))
}
