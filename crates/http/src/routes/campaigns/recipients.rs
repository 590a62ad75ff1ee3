//! /campaigns/{id}/messages (seed 004's name for the recipients), /stats and the recipients' CSV export.

use crate::AppState;
use crate::error::{ErrorBody, Result};
use crate::extract::{AppPath, AppQuery};
use axum::Json;
use axum::extract::State;
use axum::response::Response;
use parley_services::TenantCtx;
use parley_services::campaigns::dto::*;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

/// The recipients, one row per person, with their state and, when it failed, why.
#[utoipa::path(get, path = "/campaigns/{id}/messages", tag = "campaigns", security(("bearer" = [])),
    params(("id" = Uuid, Path), RecipientPageQuery),
    responses((status = 200, body = CampaignRecipientList), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn list_campaign_recipients(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    AppQuery(q): AppQuery<RecipientPageQuery>,
) -> Result<Json<CampaignRecipientList>> {
    Ok(Json(app.services.campaigns.recipients(&t, id, q).await?))
}

/// The funnel (sent → delivered → read → replied, clicks), failures by code, and the cost against the estimate.
#[utoipa::path(get, path = "/campaigns/{id}/stats", tag = "campaigns", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = CampaignStats), (status = 404, body = ErrorBody)))]
async fn campaign_stats(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<CampaignStats>> {
    Ok(Json(app.services.campaigns.stats(&t, id).await?))
}

#[utoipa::path(get, path = "/campaigns/{id}/export", tag = "campaigns", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, content_type = "text/csv", description = "Every recipient with their state; streamed"),
        (status = 404, body = ErrorBody)))]
async fn export_campaign_recipients(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
) -> Result<Response> {
    // The first page answers now (a 404 is a 404); the rest streams.
    let (first, after) = app.services.campaigns.export_page(&t, id, None).await?;
    let svc = app.services.campaigns.clone();
    let next = move |a| {
        let (svc, t) = (svc.clone(), t.clone());
        async move { svc.export_page(&t, id, Some(a)).await }
    };
    Ok(crate::download::paged(first, after, next, "text/csv; charset=utf-8", &format!("campaign-{id}-recipients.csv")))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_campaign_recipients))
        .routes(routes!(campaign_stats))
        .routes(routes!(export_campaign_recipients))
}
