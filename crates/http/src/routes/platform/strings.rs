//! The platform's own wording of web strings (docs/languages.md, "Overrides"): the platform admin lists, writes and
//! resets them under /admin/strings; the web app fetches a language's from /strings/{locale} after its bundle.

use crate::AppState;
use crate::error::{ApiError, ErrorBody, Result};
use crate::extract::{AppJson, AppPath, AppQuery, PlatformAdmin};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use parley_services::platform::strings::{PublicStrings, SetWebStringInput, StringSearch, WebString, WebStringPage};
use utoipa_axum::{router::OpenApiRouter, routes};

#[utoipa::path(get, path = "/admin/strings/{locale}", tag = "admin", security(("bearer" = [])),
    params(("locale" = String, Path), StringSearch),
    responses((status = 200, body = WebStringPage), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn list_strings(
    State(app): State<AppState>,
    _: PlatformAdmin,
    AppPath(locale): AppPath<String>,
    AppQuery(q): AppQuery<StringSearch>,
) -> Result<Json<WebStringPage>> {
    Ok(Json(app.services.admin.web_strings(&locale, q).await?))
}

#[utoipa::path(put, path = "/admin/strings/{locale}/{key}", tag = "admin", security(("bearer" = [])),
    params(("locale" = String, Path), ("key" = String, Path)), request_body = SetWebStringInput,
    responses((status = 200, body = WebString), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "No such language, or no English string with this key"),
        (status = 422, body = ErrorBody, description = "Empty, too long, or a placeholder English does not have")))]
async fn put_string(
    State(app): State<AppState>,
    PlatformAdmin(claims): PlatformAdmin,
    AppPath((locale, key)): AppPath<(String, String)>,
    AppJson(body): AppJson<SetWebStringInput>,
) -> Result<Json<WebString>> {
    Ok(Json(app.services.admin.set_web_string(claims.sub, &locale, &key, body).await?))
}

#[utoipa::path(delete, path = "/admin/strings/{locale}/{key}", tag = "admin", security(("bearer" = [])),
    params(("locale" = String, Path), ("key" = String, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn reset_string(
    State(app): State<AppState>,
    _: PlatformAdmin,
    AppPath((locale, key)): AppPath<(String, String)>,
) -> Result<StatusCode> {
    app.services.admin.reset_web_string(&locale, &key).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Revalidated on every load (`no-cache` with an `ETag` of the change counter, the same on every node): unchanged,
/// it is a 304; after any change, the new texts.
#[utoipa::path(get, path = "/strings/{locale}", tag = "system", params(("locale" = String, Path)),
    responses((status = 200, body = PublicStrings), (status = 304, description = "Not modified (`If-None-Match`)"),
        (status = 404, body = ErrorBody)))]
async fn public_strings(
    State(app): State<AppState>,
    AppPath(locale): AppPath<String>,
    headers: HeaderMap,
) -> Result<Response> {
    let version = app.services.admin.web_strings_version().await?;
    let etag = format!("\"strings-{locale}-{version}\"");
    let mut out = HeaderMap::new();
    out.insert(
        header::ETAG,
        HeaderValue::from_str(&etag)
            .map_err(|_| ApiError::from(parley_services::DomainError::NotFound("The language")))?,
    );
    out.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    let matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag));
    if matches {
        return Ok((StatusCode::NOT_MODIFIED, out).into_response());
    }
    Ok((out, Json(app.services.admin.public_strings(&locale).await?)).into_response())
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_strings))
        .routes(routes!(put_string, reset_string))
        .routes(routes!(public_strings))
}
