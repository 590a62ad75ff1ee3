//! /agents: members with their availability and presence, as the inbox assigns to them.

use crate::AppState;
use crate::error::{ErrorBody, Result};
use crate::extract::{AppJson, AppPath};
use axum::Json;
use axum::extract::State;
use parley_services::TenantCtx;
use parley_services::team::dto::*;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

#[utoipa::path(get, path = "/agents", tag = "inbox", security(("bearer" = [])),
    responses((status = 200, body = Vec<Agent>, description = "Active members with availability and presence")))]
async fn list_agents(State(app): State<AppState>, t: TenantCtx) -> Result<Json<Vec<Agent>>> {
    Ok(Json(app.services.presence.agents(&t).await?))
}

#[utoipa::path(patch, path = "/agents/me", tag = "inbox", security(("bearer" = [])), request_body = UpdateMyStatusInput,
    responses((status = 200, body = Agent), (status = 422, body = ErrorBody)))]
async fn update_my_status(
    State(app): State<AppState>,
    t: TenantCtx,
    AppJson(body): AppJson<UpdateMyStatusInput>,
) -> Result<Json<Agent>> {
    Ok(Json(app.services.presence.set_my_status(&t, body).await?))
}

#[utoipa::path(patch, path = "/agents/{id}", tag = "inbox", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = UpdateAgentInput,
    responses((status = 200, body = Agent), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn update_agent(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<UpdateAgentInput>,
) -> Result<Json<Agent>> {
    Ok(Json(app.services.presence.update_agent(&t, id, body).await?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_agents)).routes(routes!(update_my_status)).routes(routes!(update_agent))
}
