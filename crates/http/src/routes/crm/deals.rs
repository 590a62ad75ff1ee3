//! /pipelines, /deals: the sales pipeline, its board and the deals moving through it.

use crate::AppState;
use crate::error::{ErrorBody, Result};
use crate::extract::{AppJson, AppPath, AppQuery};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use parley_services::TenantCtx;
use parley_services::crm::dto::*;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

#[utoipa::path(get, path = "/pipelines", tag = "deals", security(("bearer" = [])),
    responses((status = 200, body = Vec<Pipeline>,
        description = "With their stages; a workspace without one gets the default Sales pipeline")))]
async fn list_pipelines(State(app): State<AppState>, t: TenantCtx) -> Result<Json<Vec<Pipeline>>> {
    Ok(Json(app.services.deals.pipelines(&t).await?))
}

#[utoipa::path(post, path = "/pipelines", tag = "deals", security(("bearer" = [])), request_body = CreatePipelineInput,
    responses((status = 201, body = Pipeline), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn create_pipeline(
    State(app): State<AppState>,
    t: TenantCtx,
    AppJson(body): AppJson<CreatePipelineInput>,
) -> Result<(StatusCode, Json<Pipeline>)> {
    Ok((StatusCode::CREATED, Json(app.services.deals.create_pipeline(&t, body).await?)))
}

#[utoipa::path(patch, path = "/pipelines/{id}", tag = "deals", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = UpdatePipelineInput,
    responses((status = 200, body = Pipeline), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`stage_has_deals`, `pipeline_exists` or `default_pipeline` (make another pipeline the default instead)"),
        (status = 422, body = ErrorBody)))]
async fn update_pipeline(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<UpdatePipelineInput>,
) -> Result<Json<Pipeline>> {
    Ok(Json(app.services.deals.update_pipeline(&t, id, body).await?))
}

#[utoipa::path(delete, path = "/pipelines/{id}", tag = "deals", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 204, description = "Deleted with its deals"), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "`last_pipeline`")))]
async fn delete_pipeline(State(app): State<AppState>, t: TenantCtx, AppPath(id): AppPath<Uuid>) -> Result<StatusCode> {
    app.services.deals.delete_pipeline(&t, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/deals", tag = "deals", security(("bearer" = [])), params(DealQuery),
    responses((status = 200, body = DealPage), (status = 422, body = ErrorBody)))]
async fn list_deals(
    State(app): State<AppState>,
    t: TenantCtx,
    AppQuery(q): AppQuery<DealQuery>,
) -> Result<Json<DealPage>> {
    Ok(Json(app.services.deals.deals(&t, q).await?))
}

#[utoipa::path(get, path = "/deals/board", tag = "deals", security(("bearer" = [])), params(BoardQuery),
    responses((status = 200, body = Board), (status = 404, body = ErrorBody)))]
async fn deal_board(
    State(app): State<AppState>,
    t: TenantCtx,
    AppQuery(q): AppQuery<BoardQuery>,
) -> Result<Json<Board>> {
    Ok(Json(app.services.deals.board(&t, q).await?))
}

#[utoipa::path(post, path = "/deals", tag = "deals", security(("bearer" = [])), request_body = CreateDealInput,
    responses((status = 201, body = Deal),
        (status = 404, body = ErrorBody, description = "The contact, pipeline, stage or conversation"),
        (status = 422, body = ErrorBody)))]
async fn create_deal(
    State(app): State<AppState>,
    t: TenantCtx,
    AppJson(body): AppJson<CreateDealInput>,
) -> Result<(StatusCode, Json<Deal>)> {
    Ok((StatusCode::CREATED, Json(app.services.deals.create_deal(&t, body).await?)))
}

#[utoipa::path(get, path = "/deals/{id}", tag = "deals", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = Deal), (status = 404, body = ErrorBody)))]
async fn get_deal(State(app): State<AppState>, t: TenantCtx, AppPath(id): AppPath<Uuid>) -> Result<Json<Deal>> {
    Ok(Json(app.services.deals.deal(&t, id).await?))
}

#[utoipa::path(patch, path = "/deals/{id}", tag = "deals", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = UpdateDealInput,
    responses((status = 200, body = Deal), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_deal(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<UpdateDealInput>,
) -> Result<Json<Deal>> {
    Ok(Json(app.services.deals.update_deal(&t, id, body).await?))
}

#[utoipa::path(delete, path = "/deals/{id}", tag = "deals", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_deal(State(app): State<AppState>, t: TenantCtx, AppPath(id): AppPath<Uuid>) -> Result<StatusCode> {
    app.services.deals.delete_deal(&t, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/deals/{id}/move", tag = "deals", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = MoveDealInput,
    responses((status = 200, body = Deal,
            description = "Entering a won or lost stage closes the deal; an open stage reopens it"),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "A stage of another pipeline")))]
async fn move_deal(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<MoveDealInput>,
) -> Result<Json<Deal>> {
    Ok(Json(app.services.deals.move_deal(&t, id, body).await?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_pipelines, create_pipeline))
        .routes(routes!(update_pipeline, delete_pipeline))
        .routes(routes!(list_deals, create_deal))
        .routes(routes!(deal_board))
        .routes(routes!(get_deal, update_deal, delete_deal))
        .routes(routes!(move_deal))
}
