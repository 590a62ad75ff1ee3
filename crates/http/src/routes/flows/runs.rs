//! Runs of flows: a flow's executions and each run's trace, per-version figures, starts (by an agent or the
//! API) and stops, and the bot running in a conversation.

use crate::AppState;
use crate::error::{ErrorBody, Result};
use crate::extract::{AppJson, AppPath, AppQuery};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use parley_services::TenantCtx;
use parley_services::flows::dto::*;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

#[utoipa::path(get, path = "/flows/{id}/executions", tag = "flows", security(("bearer" = [])),
    params(("id" = Uuid, Path), RunQuery),
    responses((status = 200, body = FlowRunPage), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn list_flow_runs(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    AppQuery(q): AppQuery<RunQuery>,
) -> Result<Json<FlowRunPage>> {
    Ok(Json(app.services.flow_runs.list(&t, id, q).await?))
}

/// Starts the flow's published version for a contact (the API trigger; an agent's manual start is the same
/// call). The run's first step happens right after, in order with the contact's messages.
#[utoipa::path(post, path = "/flows/{id}/executions", tag = "flows", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = StartRunDoc,
    responses((status = 202, body = FlowRunSummary), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn start_flow_run(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<StartRunInput>,
) -> Result<(StatusCode, Json<FlowRunSummary>)> {
    Ok((StatusCode::ACCEPTED, Json(app.services.flow_runs.start(&t, id, body).await?)))
}

#[utoipa::path(get, path = "/flows/{id}/analytics", tag = "flows", security(("bearer" = [])),
    params(("id" = Uuid, Path), AnalyticsQuery),
    responses((status = 200, body = FlowAnalytics), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`flow_not_published`: no version given and none published yet"),
        (status = 422, body = ErrorBody)))]
async fn flow_analytics(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    AppQuery(q): AppQuery<AnalyticsQuery>,
) -> Result<Json<FlowAnalytics>> {
    Ok(Json(app.services.flow_runs.analytics(&t, id, q).await?))
}

#[utoipa::path(get, path = "/flow-runs/{id}", tag = "flows", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = FlowRun), (status = 404, body = ErrorBody)))]
async fn get_flow_run(State(app): State<AppState>, t: TenantCtx, AppPath(id): AppPath<Uuid>) -> Result<Json<FlowRun>> {
    Ok(Json(app.services.flow_runs.get(&t, id).await?))
}

#[utoipa::path(post, path = "/flow-runs/{id}/stop", tag = "flows", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = FlowRun), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn stop_flow_run(State(app): State<AppState>, t: TenantCtx, AppPath(id): AppPath<Uuid>) -> Result<Json<FlowRun>> {
    Ok(Json(app.services.flow_runs.stop(&t, id).await?))
}

/// The flow running for the conversation's contact, if any (null when none).
#[utoipa::path(get, path = "/conversations/{id}/bot", tag = "conversations", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Option<BotRun>), (status = 404, body = ErrorBody)))]
async fn conversation_bot(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<Option<BotRun>>> {
    Ok(Json(app.services.flow_runs.bot_of_conversation(&t, id).await?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_flow_runs, start_flow_run))
        .routes(routes!(flow_analytics))
        .routes(routes!(get_flow_run))
        .routes(routes!(stop_flow_run))
        .routes(routes!(conversation_bot))
}
