//! /analytics: the reports (seed 004's dashboard, conversations, agents, campaigns, flows, plus contacts), their
//! exports, the weekly mail's schedule; /admin/analytics: the platform's figures.

use crate::AppState;
use crate::error::{ErrorBody, Result};
use crate::extract::{AppJson, AppQuery, PlatformAdmin};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use parley_services::TenantCtx;
use parley_services::analytics::dto::*;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The last 7 days against the 7 before: headline numbers with a point per day (agents: their own).
#[utoipa::path(get, path = "/analytics/dashboard", tag = "analytics", security(("bearer" = [])),
    responses((status = 200, body = AnalyticsDashboard)))]
async fn analytics_dashboard(State(app): State<AppState>, t: TenantCtx) -> Result<Json<AnalyticsDashboard>> {
    Ok(Json(app.services.analytics.dashboard(&t).await?))
}

/// Conversations opened and resolved, messages, first response and resolution times (median and 90th
/// percentile, with and without business hours), busiest hours, the open backlog.
#[utoipa::path(get, path = "/analytics/conversations", tag = "analytics", security(("bearer" = [])),
    params(AnalyticsQuery),
    responses((status = 200, body = ConversationReport), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn analytics_conversations(
    State(app): State<AppState>,
    t: TenantCtx,
    AppQuery(q): AppQuery<AnalyticsQuery>,
) -> Result<Json<ConversationReport>> {
    Ok(Json(app.services.analytics.conversations(&t, q, false).await?))
}

/// Per agent: conversations handled, messages sent, response and resolution times, resolution rate, time on line.
#[utoipa::path(get, path = "/analytics/agents", tag = "analytics", security(("bearer" = [])),
    params(AnalyticsQuery),
    responses((status = 200, body = AgentReport), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn analytics_agents(
    State(app): State<AppState>,
    t: TenantCtx,
    AppQuery(q): AppQuery<AnalyticsQuery>,
) -> Result<Json<AgentReport>> {
    Ok(Json(app.services.analytics.agents(&t, q, false).await?))
}

/// The campaigns started in the range: sent → delivered → read → replied, failures by reason, cost.
#[utoipa::path(get, path = "/analytics/campaigns", tag = "analytics", security(("bearer" = [])),
    params(AnalyticsQuery),
    responses((status = 200, body = CampaignReport), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn analytics_campaigns(
    State(app): State<AppState>,
    t: TenantCtx,
    AppQuery(q): AppQuery<AnalyticsQuery>,
) -> Result<Json<CampaignReport>> {
    Ok(Json(app.services.analytics.campaigns(&t, q).await?))
}

/// Per flow and version: runs, completion rate, hand-offs, drop-off per node, time to complete.
#[utoipa::path(get, path = "/analytics/flows", tag = "analytics", security(("bearer" = [])),
    params(AnalyticsQuery),
    responses((status = 200, body = FlowReport), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn analytics_flows(
    State(app): State<AppState>,
    t: TenantCtx,
    AppQuery(q): AppQuery<AnalyticsQuery>,
) -> Result<Json<FlowReport>> {
    Ok(Json(app.services.analytics.flows(&t, q, false).await?))
}

/// Contacts and deals: new contacts by source, opt-ins and opt-outs, won and lost deals, the stages.
#[utoipa::path(get, path = "/analytics/contacts", tag = "analytics", security(("bearer" = [])),
    params(AnalyticsQuery),
    responses((status = 200, body = ContactReport), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn analytics_contacts(
    State(app): State<AppState>,
    t: TenantCtx,
    AppQuery(q): AppQuery<AnalyticsQuery>,
) -> Result<Json<ContactReport>> {
    Ok(Json(app.services.analytics.contacts(&t, q, false).await?))
}

/// A report as a CSV or JSON file for the range and filters; the conversations report a day per row, streamed.
#[utoipa::path(get, path = "/analytics/export", tag = "analytics", security(("bearer" = [])),
    params(ExportQuery),
    responses((status = 200, content_type = "text/csv", description = "The report as CSV (or JSON with format=json)"),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn analytics_export(
    State(app): State<AppState>,
    t: TenantCtx,
    AppQuery(mut q): AppQuery<ExportQuery>,
) -> Result<Response> {
    let svc = app.services.analytics.clone();
    svc.export_resolve(&t, &mut q).await?;
    let file = svc.export_file(&q);
    let (first, after) = svc.export_page(&t, &q, None).await?;
    let next = move |a| {
        let (svc, t, q) = (svc.clone(), t.clone(), q.clone());
        async move { svc.export_page(&t, &q, Some(a)).await }
    };
    Ok(crate::download::paged(first, after, next, file.content_type, &file.filename))
}

/// The caller's weekly report by mail (managers and owners).
#[utoipa::path(get, path = "/analytics/report-schedule", tag = "analytics", security(("bearer" = [])),
    responses((status = 200, body = ReportSchedule), (status = 404, body = ErrorBody)))]
async fn get_report_schedule(State(app): State<AppState>, t: TenantCtx) -> Result<Json<ReportSchedule>> {
    Ok(Json(app.services.analytics.report_schedule(&t).await?))
}

#[utoipa::path(put, path = "/analytics/report-schedule", tag = "analytics", security(("bearer" = [])),
    request_body = ReportScheduleInput,
    responses((status = 200, body = ReportSchedule), (status = 422, body = ErrorBody)))]
async fn put_report_schedule(
    State(app): State<AppState>,
    t: TenantCtx,
    AppJson(i): AppJson<ReportScheduleInput>,
) -> Result<Json<ReportSchedule>> {
    Ok(Json(app.services.analytics.set_report_schedule(&t, i).await?))
}

#[utoipa::path(delete, path = "/analytics/report-schedule", tag = "analytics", security(("bearer" = [])),
    responses((status = 204, description = "No weekly report any more"), (status = 404, body = ErrorBody)))]
async fn delete_report_schedule(State(app): State<AppState>, t: TenantCtx) -> Result<StatusCode> {
    app.services.analytics.delete_report_schedule(&t).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The platform: tenants, MRR and plan mix, messages per day, the largest tenants, error rates, health.
#[utoipa::path(get, path = "/admin/analytics", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = PlatformAnalytics), (status = 403, body = ErrorBody)))]
async fn platform_analytics(State(app): State<AppState>, _: PlatformAdmin) -> Result<Json<PlatformAnalytics>> {
    Ok(Json(app.services.platform_analytics.overview().await?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(analytics_dashboard))
        .routes(routes!(analytics_conversations))
        .routes(routes!(analytics_agents))
        .routes(routes!(analytics_campaigns))
        .routes(routes!(analytics_flows))
        .routes(routes!(analytics_contacts))
        .routes(routes!(analytics_export))
        .routes(routes!(get_report_schedule, put_report_schedule, delete_report_schedule))
        .routes(routes!(platform_analytics))
}
