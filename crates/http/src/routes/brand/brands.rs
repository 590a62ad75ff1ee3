//! /brand (public: the brand for this host, or for a workspace) and /settings/brand (owners and managers).

use super::HostBrand;
use crate::AppState;
use crate::error::{ErrorBody, Result};
use crate::extract::{AppJson, AppQuery};
use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use parley_services::TenantCtx;
use parley_services::brand::dto::{BrandInput, BrandSettings, PublicBrand};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct BrandQuery {
    /// A workspace's brand instead of the host's (the web app asks for it once signed in).
    workspace: Option<Uuid>,
}

#[utoipa::path(get, path = "/brand", tag = "brand", params(BrandQuery),
    responses((status = 200, body = PublicBrand,
        description = "The brand of the host asked (its custom domain's owner's, else the platform's), or of the workspace named"),
        (status = 400, body = ErrorBody)))]
async fn get_brand(
    State(app): State<AppState>,
    AppQuery(q): AppQuery<BrandQuery>,
    host: HostBrand,
) -> Result<Response> {
    let brand = match q.workspace {
        Some(w) => PublicBrand::from(&app.services.brand.for_tenant(w).await?),
        None => PublicBrand::from(&host.0),
    };
    // A change shows within a minute; the answer differs by host.
    Ok(([(header::CACHE_CONTROL, "public, max-age=60"), (header::VARY, "host, x-forwarded-host")], Json(brand))
        .into_response())
}

#[utoipa::path(get, path = "/settings/brand", tag = "brand", security(("bearer" = [])),
    responses((status = 200, body = BrandSettings), (status = 403, body = ErrorBody, description = "Owners and managers only")))]
async fn get_brand_settings(State(app): State<AppState>, t: TenantCtx) -> Result<Json<BrandSettings>> {
    Ok(Json(app.services.brand.settings(&t).await?))
}

#[utoipa::path(put, path = "/settings/brand", tag = "brand", security(("bearer" = [])), request_body = BrandInput,
    responses((status = 200, body = BrandSettings, description = "Saved; `warnings` names colours with too little contrast"),
        (status = 403, body = ErrorBody,
            description = "Owners and managers only; `feature_not_in_plan`: the workspace may not brand; `powered_by_required`: \"powered by\" may not be turned off"),
        (status = 422, body = ErrorBody)))]
async fn update_brand_settings(
    State(app): State<AppState>,
    t: TenantCtx,
    AppJson(body): AppJson<BrandInput>,
) -> Result<Json<BrandSettings>> {
    Ok(Json(app.services.brand.update(&t, body).await?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_brand)).routes(routes!(get_brand_settings, update_brand_settings))
}
