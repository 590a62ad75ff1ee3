//! Extractors: `AppJson` (bodies with our error format), `AuthUser` (a valid access token),
//! `TenantCtx` (a tenant and role, from a token or an API key), `PlatformAdmin`, `Client`.

use crate::AppState;
use crate::error::ApiError;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{StatusCode, header, request::Parts};
use parley_services::{Claims, ClientInfo, DomainError, TenantCtx};
use serde::de::DeserializeOwned;

/// A JSON body. Malformed JSON is `400 malformed_json`; wrong types, missing or unknown fields are
/// `422 validation_failed` naming the field; a body over the limit is `413 payload_too_large`.
pub struct AppJson<T>(pub T);

/// The body exactly as sent (webhooks verify signatures over these bytes).
pub struct RawBody(pub bytes::Bytes);

impl<S: Send + Sync> FromRequest<S> for RawBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        body_bytes(req, state).await.map(RawBody)
    }
}

/// Like `AppJson`, but an empty body means `T::default()`.
pub struct OptionalJson<T>(pub T);

fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    // Every body is an object, but serde also fills a struct from an array in field order (`[null, null]`
    // would be an empty update): the document says object, so an array is refused.
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_body",
            "The request body has the wrong shape: expected a JSON object, not an array.",
        ));
    }
    // PostgreSQL stores no U+0000 in text or jsonb: refused here, once, instead of failing deep in a query.
    if has_escaped_nul(bytes) {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_body",
            "The request body has the wrong shape: text must not contain the NUL character (\\u0000).",
        ));
    }
    let mut value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
        let message = e.to_string();
        let message = message.split(" at line ").next().unwrap_or(&message).to_owned();
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "malformed_json",
            format!("The request body is not valid JSON: {message}"),
        )
    })?;
    integral_floats_to_integers(&mut value);
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let message = inner.to_string();
        let message = message.split(" at line ").next().unwrap_or(&message).to_owned();
        // serde reports a missing field at its parent; name the field itself.
        let missing = message.strip_prefix("missing field `").and_then(|m| m.split('`').next());
        let field = match (missing, path.as_str()) {
            (Some(f), ".") => Some(f.to_owned()),
            (Some(f), parent) => Some(format!("{parent}.{f}")),
            (None, ".") => None,
            (None, p) => Some(p.to_owned()),
        };
        match field {
            Some(field) if inner.is_data() => {
                ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", "Some fields are invalid.")
                    .with_details(serde_json::json!({ "fields": [{ "field": field, "message": message }] }))
            }
            // A top-level mismatch (a string where an object belongs) is as unusable as bad syntax.
            _ => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_body",
                format!("The request body has the wrong shape: {message}"),
            ),
        }
    })
}

/// JSON has one number type, and `43.0` is the integer 43 to JSON Schema (and to JavaScript, which writes it
/// as `43`), but serde refuses it for an integer field: whole floats become integers before the body is read.
fn integral_floats_to_integers(v: &mut serde_json::Value) {
    use serde_json::Value;
    match v {
        Value::Number(n) if n.is_f64() => {
            if let Some(f) = n.as_f64()
                && f.fract() == 0.0
                && f.abs() < 9_007_199_254_740_992.0
            {
                *v = Value::from(f as i64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(integral_floats_to_integers),
        Value::Object(map) => map.values_mut().for_each(integral_floats_to_integers),
        _ => {}
    }
}

/// Whether a JSON text holds `\u0000` as an escape (an odd run of backslashes before the `u`); a raw NUL
/// byte is already invalid JSON.
fn has_escaped_nul(bytes: &[u8]) -> bool {
    bytes.windows(6).enumerate().any(|(i, w)| {
        w[0] == b'\\'
            && w[1] == b'u'
            && &w[2..] == b"0000"
            && bytes[..i].iter().rev().take_while(|b| **b == b'\\').count() % 2 == 0
    })
}

async fn body_bytes<S: Send + Sync>(req: Request, state: &S) -> Result<bytes::Bytes, ApiError> {
    bytes::Bytes::from_request(req, state).await.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                "The request body is larger than this address accepts.",
            )
        } else {
            ApiError::new(StatusCode::BAD_REQUEST, "unreadable_body", rejection.body_text())
        }
    })
}

fn not_json() -> ApiError {
    ApiError::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
        "Send the body as JSON with `Content-Type: application/json`.",
    )
}

fn require_json_content_type(req: &Request) -> Result<(), ApiError> {
    let ct = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let mime = ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if mime == "application/json" || (mime.starts_with("application/") && mime.ends_with("+json")) {
        Ok(())
    } else {
        Err(not_json())
    }
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for AppJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        require_json_content_type(&req)?;
        let bytes = body_bytes(req, state).await?;
        parse_json(&bytes).map(AppJson)
    }
}

impl<S: Send + Sync, T: DeserializeOwned + Default> FromRequest<S> for OptionalJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let has_type = req.headers().contains_key(header::CONTENT_TYPE);
        if has_type {
            require_json_content_type(&req)?;
        }
        let bytes = body_bytes(req, state).await?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(OptionalJson(T::default()));
        }
        if !has_type {
            return Err(not_json());
        }
        parse_json(&bytes).map(OptionalJson)
    }
}

/// Who is calling from where: the client address (the proxy's `X-Forwarded-For` when configured to
/// trust it) and the user agent.
pub struct Client(pub ClientInfo);

impl FromRequestParts<AppState> for Client {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        Ok(Client(client_info(parts, state)))
    }
}

pub(crate) fn client_info(parts: &Parts, state: &AppState) -> ClientInfo {
    let ip = crate::security::client_ip(parts, state);
    let user_agent = parts.headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).map(str::to_owned);
    ClientInfo { ip, user_agent }
}

pub(crate) fn bearer(parts: &Parts) -> Result<&str, ApiError> {
    let value = parts
        .headers
        .get(header::AUTHORIZATION)
        .ok_or_else(|| ApiError::from(DomainError::Unauthorized))?
        .to_str()
        .map_err(|_| invalid_token())?;
    let (scheme, token) = value.split_once(' ').ok_or_else(invalid_token)?;
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return Err(invalid_token());
    }
    Ok(token.trim())
}

fn invalid_token() -> ApiError {
    ApiError::new(StatusCode::UNAUTHORIZED, "invalid_token", "Send `Authorization: Bearer <token>`.")
}

/// A person signed in with a valid access token (API keys are not people).
pub struct AuthUser(pub Claims);

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = bearer(parts)?;
        if token.starts_with("pk_") {
            return Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "invalid_token",
                "API keys cannot be used here; sign in as a person.",
            ));
        }
        Ok(AuthUser(state.services.auth.verify_access(token)?))
    }
}

/// The claim to act in a tenant. Parsed here without touching the database; the service verifies it
/// inside the request's one transaction (`Core::begin`).
impl FromRequestParts<AppState> for TenantCtx {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = bearer(parts)?;
        let client = client_info(parts, state);
        if token.starts_with("pk_") {
            return Ok(state.services.auth.api_key_claim(token, client)?);
        }
        let claims = state.services.auth.verify_access(token)?;
        Ok(state.services.auth.person_claim(&claims, client)?)
    }
}

/// The SaaS owner. Anyone else gets 403.
pub struct PlatformAdmin(pub Claims);

impl FromRequestParts<AppState> for PlatformAdmin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let AuthUser(claims) = AuthUser::from_request_parts(parts, state).await?;
        if !claims.pa {
            return Err(DomainError::Forbidden.into());
        }
        Ok(PlatformAdmin(claims))
    }
}

/// A path parameter; a malformed one (an id that is not a UUID) is `400 invalid_path` in our format.
pub struct AppPath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for AppPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|p| AppPath(p.0))
            .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, "invalid_path", e.body_text()))
    }
}

/// Query parameters; wrong types (`?page=abc`) are `400 invalid_query` in our format.
pub struct AppQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for AppQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|q| AppQuery(q.0))
            .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, "invalid_query", e.body_text()))
    }
}

/// A file sent as the `file` field of a multipart form.
pub struct Upload {
    pub file_name: Option<String>,
    pub content_type: String,
    pub bytes: bytes::Bytes,
}

/// Reads the `file` field of a multipart body; `limit` names the route's size limit in the 413 message.
pub async fn upload(
    multipart: Result<axum::extract::Multipart, axum::extract::multipart::MultipartRejection>,
    limit: &str,
) -> Result<Upload, ApiError> {
    let error = |e: &dyn std::fmt::Display, status: StatusCode| {
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(status, "payload_too_large", format!("The file is larger than {limit}."))
        } else {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_upload",
                format!("Send the file as multipart/form-data field `file`: {e}"),
            )
        }
    };
    let mut multipart = multipart.map_err(|e| error(&e, e.status()))?;
    let mut upload = None;
    // The document allows one part, `file`: anything else is refused rather than ignored, as a JSON body's
    // unknown field is.
    while let Some(field) = multipart.next_field().await.map_err(|e| error(&e, e.status()))? {
        match (field.name(), &upload) {
            (Some("file"), None) => {
                let file_name = field.file_name().map(str::to_owned);
                let content_type = field.content_type().unwrap_or("application/octet-stream").to_owned();
                let bytes = field.bytes().await.map_err(|e| error(&e, e.status()))?;
                upload = Some(Upload { file_name, content_type, bytes });
            }
            (Some("file"), Some(_)) => return Err(error(&"`file` is sent twice", StatusCode::BAD_REQUEST)),
            (other, _) => {
                let name = other.unwrap_or_default().chars().take(40).collect::<String>();
                return Err(error(&format!("unexpected field {name:?}: send only `file`"), StatusCode::BAD_REQUEST));
            }
        }
    }
    upload.ok_or_else(|| error(&"no `file` field", StatusCode::BAD_REQUEST))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Page {
        limit: u32,
        tags: Vec<i64>,
        price: f64,
    }

    #[test]
    fn whole_floats_read_as_integers_and_anything_else_keeps_its_error() {
        let p: Page = parse_json(br#"{"limit": 43.0, "tags": [1e2, -2.0], "price": 9.5}"#).expect("whole floats");
        assert_eq!((p.limit, p.tags, p.price), (43, vec![100, -2], 9.5));
        let e = parse_json::<Page>(br#"{"limit": 43.5, "tags": [], "price": 1}"#).expect_err("a fraction");
        assert_eq!(e.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(e.details.as_ref().expect("details")["fields"][0]["field"], "limit");
        let e = parse_json::<Page>(br#"{"limit": 1, "tags": [], "price": 1"#).expect_err("cut short");
        assert_eq!((e.status, e.code), (StatusCode::BAD_REQUEST, "malformed_json"));
        let e = parse_json::<Page>(br#""text""#).expect_err("not an object");
        assert_eq!(e.code, "invalid_body");
    }

    #[test]
    fn the_largest_numbers_read_back_as_postgresql_writes_them() {
        // jsonb keeps 1.7976931348623157e308 (f64::MAX) and writes it back as an exact 309-digit integer.
        let text = format!("[17976931348623157{}]", "0".repeat(292));
        let v: serde_json::Value = serde_json::from_str(&text).expect("read back");
        assert_eq!(v[0].as_f64(), Some(f64::MAX));
    }
}
