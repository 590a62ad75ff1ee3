//! /flows/{id}/sandbox: the builder's test phone, running the draft on the real engine with a pretend contact.

use crate::AppState;
use crate::error::{ErrorBody, Result};
use crate::extract::{AppJson, AppPath};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use parley_services::TenantCtx;
use parley_services::flows::dto::*;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

#[utoipa::path(post, path = "/flows/{id}/sandbox", tag = "flows", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = SandboxStartInput,
    responses((status = 201, body = SandboxSession), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn start_sandbox(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<SandboxStartInput>,
) -> Result<(StatusCode, Json<SandboxSession>)> {
    Ok((StatusCode::CREATED, Json(app.services.sandbox.start(&t, id, body).await?)))
}

#[utoipa::path(get, path = "/flows/{id}/sandbox/{run}", tag = "flows", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("run" = Uuid, Path)),
    responses((status = 200, body = SandboxSession), (status = 404, body = ErrorBody)))]
async fn get_sandbox(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath((id, run)): AppPath<(Uuid, Uuid)>,
) -> Result<Json<SandboxSession>> {
    Ok(Json(app.services.sandbox.get(&t, id, run).await?))
}

#[utoipa::path(delete, path = "/flows/{id}/sandbox/{run}", tag = "flows", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("run" = Uuid, Path)), responses((status = 204), (status = 404, body = ErrorBody)))]
async fn stop_sandbox(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath((id, run)): AppPath<(Uuid, Uuid)>,
) -> Result<StatusCode> {
    app.services.sandbox.stop(&t, id, run).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/flows/{id}/sandbox/{run}/messages", tag = "flows", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("run" = Uuid, Path)), request_body = SandboxReplyInput,
    responses((status = 200, body = SandboxSession), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn reply_sandbox(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath((id, run)): AppPath<(Uuid, Uuid)>,
    AppJson(body): AppJson<SandboxReplyInput>,
) -> Result<Json<SandboxSession>> {
    Ok(Json(app.services.sandbox.reply(&t, id, run, body).await?))
}

/// Skips the fake clock to the run's next timer and fires it.
#[utoipa::path(post, path = "/flows/{id}/sandbox/{run}/skip", tag = "flows", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("run" = Uuid, Path)),
    responses((status = 200, body = SandboxSession), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn skip_sandbox(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath((id, run)): AppPath<(Uuid, Uuid)>,
) -> Result<Json<SandboxSession>> {
    Ok(Json(app.services.sandbox.skip(&t, id, run).await?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(start_sandbox))
        .routes(routes!(get_sandbox, stop_sandbox))
        .routes(routes!(reply_sandbox))
        .routes(routes!(skip_sandbox))
}
