//! Custom domains: `/settings/domains` (owners and managers of a workspace that may brand), Caddy's on-demand TLS
//! question `/internal/tls/ask` (outside /api/v1, no credential, rate-limited per address), and the demo's DNS
//! records `/dev/dns/records` (demo mode only).

use crate::AppState;
use crate::error::{ApiError, ErrorBody, Result};
use crate::extract::{AppJson, AppPath, Client};
use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use parley_services::TenantCtx;
use parley_services::brand::domains::{AddDomainInput, CustomDomain, DevDnsRecords, DomainList, parse_domain};
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

#[utoipa::path(get, path = "/settings/domains", tag = "brand", security(("bearer" = [])),
    responses((status = 200, body = DomainList), (status = 403, body = ErrorBody, description = "`forbidden`: an agent")))]
async fn list_domains(State(app): State<AppState>, t: TenantCtx) -> Result<Json<DomainList>> {
    Ok(Json(app.services.domains.list(&t).await?))
}

#[utoipa::path(post, path = "/settings/domains", tag = "brand", security(("bearer" = [])), request_body = AddDomainInput,
    responses((status = 201, body = CustomDomain, description = "Added as `pending`, with the records to create"),
        (status = 403, body = ErrorBody, description = "`forbidden` (an agent), `custom_domains_not_allowed` (an agency the \
            platform has not allowed) or `feature_not_in_plan` (no custom branding in the plan)"),
        (status = 409, body = ErrorBody, description = "`domain_taken` (another workspace verified it), `domain_exists` \
            (already added here) or `domain_limit` (five domains already)"),
        (status = 422, body = ErrorBody, description = "`validation_failed`: not a host name (a wildcard, an address, a \
            single label, a scheme or port), or the platform's own host or a name under it")))]
async fn add_domain(
    State(app): State<AppState>,
    t: TenantCtx,
    AppJson(body): AppJson<AddDomainInput>,
) -> Result<(StatusCode, Json<CustomDomain>)> {
    Ok((StatusCode::CREATED, Json(app.services.domains.add(&t, body).await?)))
}

#[utoipa::path(post, path = "/settings/domains/{id}/check", tag = "brand", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = CustomDomain, description = "The domain after the check: `active` when both records \
            are right, else `pending`/`failing` with `lastError` naming the wrong record"),
        (status = 404, body = ErrorBody, description = "No such domain in this workspace")))]
async fn check_domain(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<CustomDomain>> {
    Ok(Json(app.services.domains.check(&t, id).await?))
}

#[utoipa::path(delete, path = "/settings/domains/{id}", tag = "brand", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204, description = "Removed; the domain no longer shows the brand nor gets certificates"),
        (status = 404, body = ErrorBody, description = "No such domain in this workspace")))]
async fn remove_domain(State(app): State<AppState>, t: TenantCtx, AppPath(id): AppPath<Uuid>) -> Result<StatusCode> {
    app.services.domains.remove(&t, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/dev/dns/records", tag = "system",
    responses((status = 200, body = DevDnsRecords), (status = 404, body = ErrorBody, description = "Not in demo mode")))]
async fn dev_dns_records(State(app): State<AppState>) -> Result<Json<DevDnsRecords>> {
    Ok(Json(app.services.domains.dev_dns_records()?))
}

#[utoipa::path(put, path = "/dev/dns/records", tag = "system", request_body = DevDnsRecords,
    responses((status = 200, body = DevDnsRecords, description = "The demo DNS server's records, replaced"),
        (status = 404, body = ErrorBody, description = "Not in demo mode"),
        (status = 422, body = ErrorBody, description = "`validation_failed`: a record's name or value (named \
            `records[i].name`/`.value`)")))]
async fn put_dev_dns_records(
    State(app): State<AppState>,
    AppJson(body): AppJson<DevDnsRecords>,
) -> Result<Json<DevDnsRecords>> {
    Ok(Json(app.services.domains.set_dev_dns_records(body)?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_domains, add_domain))
        .routes(routes!(check_domain))
        .routes(routes!(remove_domain))
        .routes(routes!(dev_dns_records, put_dev_dns_records))
}

#[derive(Deserialize)]
pub struct AskQuery {
    domain: Option<String>,
}

/// `GET /internal/tls/ask?domain=`: Caddy's on-demand TLS asks before it requests a certificate. 200 only for an
/// active custom domain; 404 for anything else; 400 without a valid `domain`; 429 beyond 20 questions a second from
/// one address. Answered from memory: it never waits on DNS.
pub async fn tls_ask(
    State(app): State<AppState>,
    Client(client): Client,
    query: std::result::Result<Query<AskQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let ip = client.ip.as_deref().and_then(|ip| ip.parse().ok());
    if !app.services.domains.take_ask(ip) {
        let mut err =
            ApiError::new(StatusCode::TOO_MANY_REQUESTS, "rate_limited", "Too many questions; ask again in a second.");
        err.retry_after = Some(1);
        return err.into_response();
    }
    let raw = query.ok().and_then(|Query(q)| q.domain).unwrap_or_default();
    let domain = match parse_domain(&raw) {
        Ok(d) => d,
        Err(why) => {
            return ApiError::new(StatusCode::BAD_REQUEST, "invalid_domain", format!("The domain parameter {why}."))
                .into_response();
        }
    };
    if app.services.domains.tls_allowed(&domain).await {
        (StatusCode::OK, Json(serde_json::json!({ "domain": domain, "allowed": true }))).into_response()
    } else {
        ApiError::new(StatusCode::NOT_FOUND, "unknown_domain", "This is not an active custom domain.").into_response()
    }
}
