//! /inbox/settings: business hours, away message and routing of a workspace's inbox.

use crate::AppState;
use crate::error::{ErrorBody, Result};
use crate::extract::AppJson;
use axum::Json;
use axum::extract::State;
use parley_services::TenantCtx;
use parley_services::inbox::dto::{InboxSettings, UpdateInboxSettingsInput};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[utoipa::path(get, path = "/inbox/settings", tag = "inbox", security(("bearer" = [])),
    responses((status = 200, body = InboxSettings)))]
async fn get_settings(State(app): State<AppState>, t: TenantCtx) -> Result<Json<InboxSettings>> {
    Ok(Json(app.services.inbox_settings.settings(&t).await?))
}

#[utoipa::path(put, path = "/inbox/settings", tag = "inbox", security(("bearer" = [])),
    request_body = UpdateInboxSettingsInput,
    responses((status = 200, body = InboxSettings), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn put_settings(
    State(app): State<AppState>,
    t: TenantCtx,
    AppJson(body): AppJson<UpdateInboxSettingsInput>,
) -> Result<Json<InboxSettings>> {
    Ok(Json(app.services.inbox_settings.update_settings(&t, body).await?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_settings, put_settings))
}
