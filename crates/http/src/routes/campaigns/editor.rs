//! /campaigns: drafts (seed 004's paths), the CSV audience upload, the preview with checks and estimate, and the
//! state changes: schedule, start, pause, resume, cancel, retry-failed, test-send.

use crate::AppState;
use crate::error::{ErrorBody, Result};
use crate::extract::{AppJson, AppPath, AppQuery};
use axum::Json;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::StatusCode;
use parley_services::TenantCtx;
use parley_services::campaigns::dto::*;
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;
use uuid::Uuid;

/// 50 MB of CSV, plus the multipart envelope.
const CSV_LIMIT: usize = 50 * 1024 * 1024 + 64 * 1024;

#[utoipa::path(get, path = "/campaigns", tag = "campaigns", security(("bearer" = [])), params(StatusPageQuery),
    responses((status = 200, body = CampaignList), (status = 422, body = ErrorBody)))]
async fn list_campaigns(
    State(app): State<AppState>,
    t: TenantCtx,
    AppQuery(q): AppQuery<StatusPageQuery>,
) -> Result<Json<CampaignList>> {
    Ok(Json(app.services.campaigns.list(&t, q).await?))
}

#[utoipa::path(post, path = "/campaigns", tag = "campaigns", security(("bearer" = [])), request_body = CampaignInputDoc,
    responses((status = 201, body = Campaign), (status = 403, body = ErrorBody, description = "Not in the plan, or not a manager"),
        (status = 404, body = ErrorBody, description = "A number, template, segment, label or flow not found"),
        (status = 422, body = ErrorBody)))]
async fn create_campaign(
    State(app): State<AppState>,
    t: TenantCtx,
    AppJson(body): AppJson<CampaignInput>,
) -> Result<(StatusCode, Json<Campaign>)> {
    Ok((StatusCode::CREATED, Json(app.services.campaigns.create(&t, body).await?)))
}

#[utoipa::path(get, path = "/campaigns/{id}", tag = "campaigns", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = Campaign), (status = 404, body = ErrorBody)))]
async fn get_campaign(State(app): State<AppState>, t: TenantCtx, AppPath(id): AppPath<Uuid>) -> Result<Json<Campaign>> {
    Ok(Json(app.services.campaigns.get(&t, id).await?))
}

/// Saves the draft (the wizard saves each step); only drafts and scheduled campaigns change.
#[utoipa::path(patch, path = "/campaigns/{id}", tag = "campaigns", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = CampaignInputDoc,
    responses((status = 200, body = Campaign), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn update_campaign(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<CampaignInput>,
) -> Result<Json<Campaign>> {
    Ok(Json(app.services.campaigns.update(&t, id, body).await?))
}

#[utoipa::path(delete, path = "/campaigns/{id}", tag = "campaigns", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "Running or paused")))]
async fn delete_campaign(State(app): State<AppState>, t: TenantCtx, AppPath(id): AppPath<Uuid>) -> Result<StatusCode> {
    app.services.campaigns.delete(&t, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The multipart body of `POST /campaigns/{id}/csv` (read by the route, not deserialized).
#[derive(serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)] // `extract::upload` refuses any other part.
#[allow(dead_code)] // Documents the upload.
struct CampaignCsvUpload {
    /// The CSV: a header row, then one recipient per row (rows without a phone number are listed as problems).
    #[schema(schema_with = parley_services::schema::csv_text)]
    file: String,
}

/// The audience (or extra columns for parameters) as a CSV: a column of phone numbers (named phone, mobile,
/// whatsapp or number; else the first), national numbers read in the sending number's country.
#[utoipa::path(post, path = "/campaigns/{id}/csv", tag = "campaigns", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body(content = CampaignCsvUpload, content_type = "multipart/form-data",
        description = "One field `file`: a CSV of at most 50 MB"),
    responses((status = 200, body = CsvUploadResult), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn upload_campaign_csv(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Json<CsvUploadResult>> {
    // Who may change the campaign is known before the upload is read.
    app.services.campaigns.may_edit(&t, id).await?;
    let f = crate::extract::upload(multipart, "50 MB").await?;
    Ok(Json(app.services.campaigns.upload_csv(&t, id, f.bytes).await?))
}

/// The pre-send checks, the audience's final count (and who is left out, why), the cost estimate and the time
/// sending takes. Nothing is stored.
#[utoipa::path(get, path = "/campaigns/{id}/preview", tag = "campaigns", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = CampaignPreview), (status = 404, body = ErrorBody)))]
async fn preview_campaign(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<CampaignPreview>> {
    Ok(Json(app.services.campaigns.preview(&t, id).await?))
}

/// The cost estimate alone (recipients × the price of the template's category in their country).
#[utoipa::path(get, path = "/campaigns/{id}/estimate", tag = "campaigns", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = CostEstimate), (status = 404, body = ErrorBody)))]
async fn estimate_campaign(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<CostEstimate>> {
    Ok(Json(app.services.campaigns.preview(&t, id).await?.estimate))
}

#[utoipa::path(post, path = "/campaigns/{id}/schedule", tag = "campaigns", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = ScheduleInput,
    responses((status = 200, body = Campaign), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "In the past, or a blocking check")))]
async fn schedule_campaign(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<ScheduleInput>,
) -> Result<Json<Campaign>> {
    Ok(Json(app.services.campaign_launch.schedule(&t, id, body).await?))
}

/// Starts now. Two people pressing start at once start it once (the second gets 409).
#[utoipa::path(post, path = "/campaigns/{id}/start", tag = "campaigns", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Campaign), (status = 402, body = ErrorBody, description = "The month's campaigns are used up"),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "Blocking checks, by wizard step")))]
async fn start_campaign(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<Campaign>> {
    Ok(Json(app.services.campaign_launch.start(&t, id).await?))
}

/// No new sends; messages in flight settle.
#[utoipa::path(post, path = "/campaigns/{id}/pause", tag = "campaigns", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Campaign), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn pause_campaign(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<Campaign>> {
    Ok(Json(app.services.campaign_launch.pause(&t, id).await?))
}

#[utoipa::path(post, path = "/campaigns/{id}/resume", tag = "campaigns", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Campaign), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn resume_campaign(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<Campaign>> {
    Ok(Json(app.services.campaign_launch.resume(&t, id).await?))
}

/// Ends it; unsent recipients are skipped.
#[utoipa::path(post, path = "/campaigns/{id}/cancel", tag = "campaigns", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Campaign), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn cancel_campaign(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<Campaign>> {
    Ok(Json(app.services.campaign_launch.cancel(&t, id).await?))
}

/// Sends again to failures a retry can fix (throttling, network), never to people WhatsApp refused for good.
#[utoipa::path(post, path = "/campaigns/{id}/retry-failed", tag = "campaigns", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Campaign), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn retry_failed_campaign(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<Campaign>> {
    Ok(Json(app.services.campaign_launch.retry_failed(&t, id).await?))
}

/// Sends the template, filled as for that number, to one number (the user's own); nothing is recorded.
#[utoipa::path(post, path = "/campaigns/{id}/test-send", tag = "campaigns", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = TestSendInput,
    responses((status = 200, body = TestSendResult), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "Incomplete draft, a bad number, or WhatsApp refused it")))]
async fn test_send_campaign(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<TestSendInput>,
) -> Result<Json<TestSendResult>> {
    Ok(Json(app.services.campaign_launch.test_send(&t, id, body).await?))
}

#[utoipa::path(get, path = "/campaigns/prices", tag = "campaigns", security(("bearer" = [])),
    responses((status = 200, body = Vec<MessagePrice>)))]
async fn list_message_prices(State(app): State<AppState>, t: TenantCtx) -> Result<Json<Vec<MessagePrice>>> {
    Ok(Json(app.services.campaigns.prices(&t).await?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_campaigns, create_campaign))
        .routes(routes!(list_message_prices))
        .routes(routes!(get_campaign, update_campaign, delete_campaign))
        .routes(routes!(upload_campaign_csv).layer(DefaultBodyLimit::max(CSV_LIMIT)))
        .routes(routes!(preview_campaign))
        .routes(routes!(estimate_campaign))
        .routes(routes!(schedule_campaign))
        .routes(routes!(start_campaign))
        .routes(routes!(pause_campaign))
        .routes(routes!(resume_campaign))
        .routes(routes!(cancel_campaign))
        .routes(routes!(retry_failed_campaign))
        .routes(routes!(test_send_campaign))
}
