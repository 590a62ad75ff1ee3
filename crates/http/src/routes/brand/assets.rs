//! Brand images: the public, cached address every page and mail uses (`/brand/assets/{tenant}/{kind}`), and the
//! owner's upload and removal (`/settings/brand/assets/{kind}`).

use crate::AppState;
use crate::error::{ApiError, ErrorBody, Result};
use crate::extract::{AppPath, AppQuery};
use axum::Json;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use parley_services::TenantCtx;
use parley_services::brand::assets::{AssetKind, MAX_BYTES, SVG};
use parley_services::brand::dto::BrandSettings;
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;
use uuid::Uuid;

/// 1 MB of image, plus the multipart envelope: a larger body is cut off unread (413).
const UPLOAD_LIMIT: usize = MAX_BYTES + 16 * 1024;

/// An SVG is shown as an image, where it runs nothing; opened on its own it still may not run or load anything.
const SVG_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct AssetQuery {
    /// The brand's version, as in the addresses the brand gives: with the current one the answer is cached for a
    /// year.
    v: Option<i64>,
}

#[utoipa::path(get, path = "/brand/assets/{tenant}/{kind}", tag = "brand",
    params(("tenant" = Uuid, Path), ("kind" = inline(AssetKind), Path), AssetQuery),
    responses((status = 200, description = "The image, with its type; `ETag`, cached for a year when `v` is given",
        content_type = "image/*"),
        (status = 304, description = "Not modified (`If-None-Match`)"),
        (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_brand_asset(
    State(app): State<AppState>,
    AppPath((tenant, kind)): AppPath<(Uuid, AssetKind)>,
    AppQuery(q): AppQuery<AssetQuery>,
    headers: HeaderMap,
) -> Result<Response> {
    let asset = app.services.brand.public_asset(tenant, kind).await?;
    let etag = format!("\"{}\"", asset.sha256);
    // The address carries the brand's version, and a new image bumps it: a versioned address never changes.
    let cache = if q.v.is_some() { "public, max-age=31536000, immutable" } else { "public, max-age=300" };
    let mut out = HeaderMap::new();
    let value = |s: &str| {
        HeaderValue::from_str(s).map_err(|_| ApiError::from(parley_services::DomainError::internal("header")))
    };
    out.insert(header::ETAG, value(&etag)?);
    out.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    out.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if asset.content_type == SVG {
        out.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(SVG_CSP));
    }
    let matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    if matches {
        return Ok((StatusCode::NOT_MODIFIED, out).into_response());
    }
    out.insert(header::CONTENT_TYPE, value(&asset.content_type)?);
    Ok((out, asset.bytes).into_response())
}

/// The multipart body of an image upload (read by the route, not deserialized).
#[derive(serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)] // `extract::upload` refuses any other part.
#[allow(dead_code)] // Documents the upload.
struct BrandImageUpload {
    /// A PNG, JPEG, WebP or ICO image, or an SVG that runs and loads nothing; at most 1 MB. The type is read from
    /// the content. The pattern is the smallest SVG the document can promise; any image of those types is taken.
    #[schema(value_type = String, format = Binary, min_length = 1,
        pattern = r#"^<svg xmlns="http://www\.w3\.org/2000/svg"(?: (?:width|height)="[1-9][0-9]{0,3}")*/>$"#)]
    file: Vec<u8>,
}

#[utoipa::path(put, path = "/settings/brand/assets/{kind}", tag = "brand", security(("bearer" = [])),
    params(("kind" = inline(AssetKind), Path)),
    request_body(content = BrandImageUpload, content_type = "multipart/form-data", description = "One field `file`: the image"),
    responses((status = 200, body = BrandSettings, description = "Stored; the brand's version went up"),
        (status = 400, body = ErrorBody), (status = 403, body = ErrorBody,
            description = "Owners and managers only; `feature_not_in_plan`: the workspace may not brand"),
        (status = 413, body = ErrorBody, description = "Larger than 1 MB"),
        (status = 422, body = ErrorBody,
            description = "`unsupported_image`: not PNG, JPEG, WebP, ICO or SVG by its content; `unsafe_svg`: an SVG that could run or load something (the message says what)")))]
async fn put_brand_asset(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(kind): AppPath<AssetKind>,
    multipart: std::result::Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Json<BrandSettings>> {
    app.services.brand.may_edit(&t).await?;
    let f = crate::extract::upload(multipart, "1 MB").await?;
    if f.bytes.len() > MAX_BYTES {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            "The image is larger than 1 MB.",
        ));
    }
    Ok(Json(app.services.brand.put_asset(&t, kind, &f.bytes).await?))
}

#[utoipa::path(delete, path = "/settings/brand/assets/{kind}", tag = "brand", security(("bearer" = [])),
    params(("kind" = inline(AssetKind), Path)),
    responses((status = 200, body = BrandSettings, description = "Removed"),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody, description = "No such image")))]
async fn delete_brand_asset(
    State(app): State<AppState>,
    t: TenantCtx,
    AppPath(kind): AppPath<AssetKind>,
) -> Result<Json<BrandSettings>> {
    Ok(Json(app.services.brand.delete_asset(&t, kind).await?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_brand_asset))
        .routes(routes!(put_brand_asset, delete_brand_asset).layer(DefaultBodyLimit::max(UPLOAD_LIMIT)))
}
