//! /widget/{key}/...: the embedded script's API. No credential but the page's Origin (one of the widget's allowed
//! domains, else 403 `origin_not_allowed`) and, for a visitor's requests, `X-Visitor-Token`. CORS answers the
//! widget's allowed origins on these routes only; JSON bodies are at most 64 KB, files 10 MB.

use crate::AppState;
use crate::error::{ApiError, ErrorBody, Result};
use crate::extract::{AppJson, AppPath, AppQuery, client_info};
use axum::Json;
use axum::extract::{DefaultBodyLimit, FromRequestParts, Multipart, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header, request::Parts};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use parley_services::ClientInfo;
use parley_services::widget::VisitorSession;
use parley_services::widget::dto::*;
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;
use uuid::Uuid;

/// JSON bodies of the script: small by nature.
const JSON_LIMIT: usize = 64 * 1024;
/// An attachment (10 MB) with room for the multipart envelope.
const FILE_LIMIT: usize = parley_services::widget::MAX_FILE + 64 * 1024;

/// Who calls: the page's Origin, the visitor token (if any) and the client's address and browser.
pub struct Caller {
    pub origin: Option<String>,
    pub token: Option<String>,
    pub client: ClientInfo,
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        Ok(Caller { origin: header("origin"), token: header("x-visitor-token"), client: client_info(parts, state) })
    }
}

impl Caller {
    async fn visitor(&self, app: &AppState, key: &str) -> Result<VisitorSession> {
        Ok(app.services.widgets.authenticate(key, self.origin.as_deref(), self.token.as_deref()).await?)
    }
}

#[utoipa::path(get, path = "/widget/{key}/config", tag = "widget", params(("key" = String, Path), ConfigQuery),
    responses((status = 200, body = WidgetConfig), (status = 403, body = ErrorBody, description = "`origin_not_allowed`"),
        (status = 404, body = ErrorBody, description = "Unknown or disabled widget")))]
async fn config(
    State(app): State<AppState>,
    c: Caller,
    AppPath(key): AppPath<String>,
    AppQuery(q): AppQuery<ConfigQuery>,
) -> Result<Json<WidgetConfig>> {
    Ok(Json(app.services.widgets.config(&key, c.origin.as_deref(), q.lang.as_deref()).await?))
}

#[utoipa::path(post, path = "/widget/{key}/visitors", tag = "widget", params(("key" = String, Path)),
    request_body = NewVisitorInput,
    responses((status = 201, body = NewVisitor), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 429, body = ErrorBody, description = "`rate_limited`: 30 new visitors a minute per address")))]
async fn new_visitor(
    State(app): State<AppState>,
    c: Caller,
    AppPath(key): AppPath<String>,
    AppJson(body): AppJson<NewVisitorInput>,
) -> Result<(StatusCode, Json<NewVisitor>)> {
    let v = app
        .services
        .widgets
        .new_visitor(&key, c.origin.as_deref(), c.client.ip.as_deref(), c.client.user_agent.as_deref(), body)
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[utoipa::path(get, path = "/widget/{key}/session", tag = "widget", params(("key" = String, Path)),
    responses((status = 200, body = WidgetSession), (status = 401, body = ErrorBody, description = "`invalid_visitor`"),
        (status = 403, body = ErrorBody)))]
async fn session(State(app): State<AppState>, c: Caller, AppPath(key): AppPath<String>) -> Result<Json<WidgetSession>> {
    let s = c.visitor(&app, &key).await?;
    Ok(Json(app.services.widgets.session(&s).await?))
}

#[utoipa::path(get, path = "/widget/{key}/messages", tag = "widget", params(("key" = String, Path), HistoryQuery),
    responses((status = 200, body = PublicMessagePage), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn history(
    State(app): State<AppState>,
    c: Caller,
    AppPath(key): AppPath<String>,
    AppQuery(q): AppQuery<HistoryQuery>,
) -> Result<Json<PublicMessagePage>> {
    let s = c.visitor(&app, &key).await?;
    Ok(Json(app.services.widgets.history(&s, q).await?))
}

#[utoipa::path(post, path = "/widget/{key}/messages", tag = "widget", params(("key" = String, Path)),
    request_body = VisitorMessageInput,
    responses((status = 201, body = PublicMessage), (status = 200, body = PublicMessage,
            description = "This `clientId` was already stored: the same message, stored once"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "`mediaId` is not a file this visitor uploaded"),
        (status = 422, body = ErrorBody, description = "No text or file, or a text over 4096 characters"),
        (status = 429, body = ErrorBody, description = "`rate_limited`: 20 messages per 10 s and 600 an hour per \
            visitor, 6000 a minute per widget")))]
async fn send(
    State(app): State<AppState>,
    c: Caller,
    AppPath(key): AppPath<String>,
    AppJson(body): AppJson<VisitorMessageInput>,
) -> Result<(StatusCode, Json<PublicMessage>)> {
    let s = c.visitor(&app, &key).await?;
    let sent = app.services.widgets.send(&s, body).await?;
    Ok((if sent.created { StatusCode::CREATED } else { StatusCode::OK }, Json(sent.message)))
}

/// The multipart body of an attachment (read by the route, not deserialized).
#[derive(serde::Deserialize, utoipa::ToSchema)]
#[allow(dead_code)] // Documents the upload.
struct AttachmentUpload {
    /// An image (JPEG, PNG, GIF, WebP) or a PDF, at most 10 MB; its bytes decide its type.
    #[schema(value_type = String, format = Binary, min_length = 1)]
    file: Vec<u8>,
}

#[utoipa::path(post, path = "/widget/{key}/attachments", tag = "widget", params(("key" = String, Path)),
    request_body(content = AttachmentUpload, content_type = "multipart/form-data"),
    responses((status = 201, body = Attachment), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 413, body = ErrorBody, description = "Over 10 MB"),
        (status = 415, body = ErrorBody, description = "`unsupported_file_type`: not an image or a PDF")))]
async fn attach(
    State(app): State<AppState>,
    c: Caller,
    AppPath(key): AppPath<String>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<(StatusCode, Json<Attachment>)> {
    let s = c.visitor(&app, &key).await?;
    let f = crate::extract::upload(multipart, "10 MB").await?;
    let a = app.services.widgets.attach(&s, f.bytes, f.file_name.as_deref()).await?;
    Ok((StatusCode::CREATED, Json(a)))
}

#[utoipa::path(get, path = "/widget/{key}/media/{id}", tag = "widget", params(("key" = String, Path),
        ("id" = Uuid, Path), MediaQuery),
    responses((status = 200, description = "The file"), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "Not a file of this visitor's conversation")))]
async fn media(
    State(app): State<AppState>,
    c: Caller,
    AppPath((key, id)): AppPath<(String, Uuid)>,
    AppQuery(q): AppQuery<MediaQuery>,
) -> Result<Response> {
    let s = app.services.widgets.authenticate_media(&key, c.origin.as_deref(), Some(&q.token)).await?;
    let (bytes, mime, filename) = app.services.widgets.media(&s, id).await?;
    let disposition = match filename {
        Some(f) => format!("inline; filename=\"{}\"", f.replace(['"', '\\', '\r', '\n'], "_")),
        None => "inline".into(),
    };
    Ok((
        [
            (header::CONTENT_TYPE, mime),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "private, max-age=3600".into()),
            // Shown on the customer's site by an <img> or a link: another origin may embed it.
            (header::HeaderName::from_static("cross-origin-resource-policy"), "cross-origin".into()),
        ],
        bytes,
    )
        .into_response())
}

#[utoipa::path(post, path = "/widget/{key}/prechat", tag = "widget", params(("key" = String, Path)),
    request_body = PrechatInput,
    responses((status = 200, body = PublicVisitor), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "A required field is missing or invalid")))]
async fn prechat(
    State(app): State<AppState>,
    c: Caller,
    AppPath(key): AppPath<String>,
    AppJson(body): AppJson<PrechatInput>,
) -> Result<Json<PublicVisitor>> {
    let s = c.visitor(&app, &key).await?;
    Ok(Json(app.services.widgets.prechat(&s, body).await?))
}

#[utoipa::path(post, path = "/widget/{key}/identify", tag = "widget", params(("key" = String, Path)),
    request_body = IdentifyInput,
    responses((status = 200, body = PublicVisitor), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "`identity_mismatch`: the hash does not match; nothing changed")))]
async fn identify(
    State(app): State<AppState>,
    c: Caller,
    AppPath(key): AppPath<String>,
    AppJson(body): AppJson<IdentifyInput>,
) -> Result<Json<PublicVisitor>> {
    let s = c.visitor(&app, &key).await?;
    Ok(Json(app.services.widgets.identify(&s, body).await?))
}

#[utoipa::path(post, path = "/widget/{key}/pages", tag = "widget", params(("key" = String, Path)),
    request_body = PageInput, responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn page(
    State(app): State<AppState>,
    c: Caller,
    AppPath(key): AppPath<String>,
    AppJson(body): AppJson<PageInput>,
) -> Result<StatusCode> {
    let s = c.visitor(&app, &key).await?;
    app.services.widgets.page(&s, body).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/widget/{key}/read", tag = "widget", params(("key" = String, Path)),
    request_body = ReadInput, responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn read(
    State(app): State<AppState>,
    c: Caller,
    AppPath(key): AppPath<String>,
    AppJson(body): AppJson<ReadInput>,
) -> Result<StatusCode> {
    let s = c.visitor(&app, &key).await?;
    app.services.widgets.read(&s, body.up_to).await?;
    Ok(StatusCode::NO_CONTENT)
}

const PREFIX: &str = "/api/v1/widget/";

/// CORS for the script's routes (the API's other routes pass untouched): the widget's allowed origins only,
/// preflights answered here.
pub async fn cors(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let Some(key) = req.uri().path().strip_prefix(PREFIX).and_then(|rest| rest.split('/').next()).map(str::to_owned)
    else {
        return next.run(req).await;
    };
    with_cors(&app, &key, req, next).await
}

/// The same for the script's Socket.IO connection when it falls back to long polling (HTTP requests from the
/// customer's page; a websocket needs no CORS): the script names its widget in the query (`/socket.io/?key=…`).
/// Wraps the Socket.IO layer, which answers those paths before the router sees them.
pub async fn socket_cors(State(app): State<AppState>, req: Request, next: Next) -> Response {
    // Widget keys are URL-safe: the query's `key=` needs no decoding.
    let key = (req.uri().path().starts_with("/socket.io/"))
        .then(|| req.uri().query()?.split('&').find_map(|kv| kv.strip_prefix("key=")).map(str::to_owned))
        .flatten();
    match key {
        Some(key) => with_cors(&app, &key, req, next).await,
        None => next.run(req).await,
    }
}

async fn with_cors(app: &AppState, key: &str, req: Request, next: Next) -> Response {
    let origin = req.headers().get(header::ORIGIN).cloned();
    let allowed = match origin.as_ref().and_then(|o| o.to_str().ok()) {
        Some(o) => app.services.widgets.origin_allowed(key, o).await,
        None => false,
    };
    let preflight =
        req.method() == Method::OPTIONS && req.headers().contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    let mut res = if preflight {
        let status = if allowed { StatusCode::NO_CONTENT } else { StatusCode::FORBIDDEN };
        let mut res = status.into_response();
        if allowed {
            let h = res.headers_mut();
            h.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("GET, POST"));
            h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static("content-type, x-visitor-token"));
            h.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
        }
        res
    } else {
        next.run(req).await
    };
    let h = res.headers_mut();
    if let (true, Some(o)) = (allowed, origin) {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, o);
        h.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static("retry-after"));
    }
    h.append(header::VARY, HeaderValue::from_static("origin"));
    res
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(config))
        .routes(routes!(new_visitor))
        .routes(routes!(session))
        .routes(routes!(history, send))
        .routes(routes!(media))
        .routes(routes!(prechat))
        .routes(routes!(identify))
        .routes(routes!(page))
        .routes(routes!(read))
        .layer(DefaultBodyLimit::max(JSON_LIMIT))
        .routes(routes!(attach).layer(DefaultBodyLimit::max(FILE_LIMIT)))
}
