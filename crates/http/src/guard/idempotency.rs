//! `Idempotency-Key` on the POSTs that create or send (the `ROUTES` below, and only those: the OpenAPI document
//! lists the header on each). The first answer (status and body) is kept for 24 hours per workspace, credential
//! and key; the same request again gets it back with `Idempotent-Replayed: true`, the same key on a different
//! request is `422 idempotency_key_reused`, and a duplicate while the first is still running is
//! `409 idempotency_in_flight`. Only successes are kept: after a refusal or an error a retry runs again.

use super::Principal;
use crate::error::ApiError;
use crate::{AppState, BODY_LIMIT};
use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use parley_services::platform::idempotency::{Claim, StoredResponse, fingerprint};

pub const HEADER: &str = "idempotency-key";

/// POST routes that honour the header: creates and sends. Other routes ignore it.
pub const ROUTES: &[&str] = &[
    "/api/v1/api-keys",
    "/api/v1/automations",
    "/api/v1/campaigns",
    "/api/v1/campaigns/{id}/start",
    "/api/v1/campaigns/{id}/test-send",
    "/api/v1/canned-responses",
    "/api/v1/contact-fields",
    "/api/v1/contacts",
    "/api/v1/contacts/segments",
    "/api/v1/conversations",
    "/api/v1/conversations/{id}/messages",
    "/api/v1/conversations/{id}/notes",
    "/api/v1/deals",
    "/api/v1/flows",
    "/api/v1/flows/{id}/executions",
    "/api/v1/labels",
    "/api/v1/messages/{id}/retry",
    "/api/v1/pipelines",
    "/api/v1/suppressions",
    "/api/v1/tickets",
    "/api/v1/tickets/{id}/comments",
    "/api/v1/webhooks",
];

/// Whether `method` on `template` honours the header.
pub fn applies(method: &Method, template: &str) -> bool {
    *method == Method::POST && ROUTES.contains(&template)
}

fn invalid(message: &str) -> Response {
    ApiError::new(StatusCode::BAD_REQUEST, "invalid_idempotency_key", message.to_owned()).into_response()
}

pub async fn idempotency(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let Some(raw) = req.headers().get(HEADER) else { return next.run(req).await };
    let template = req.extensions().get::<MatchedPath>().map(|m| m.as_str().to_owned());
    if !template.as_deref().is_some_and(|t| applies(req.method(), t)) {
        return next.run(req).await;
    }
    // Without a verified principal the handler refuses the request anyway (401): nothing to remember.
    let Some(principal) = req.extensions().get::<Principal>().cloned() else { return next.run(req).await };
    let key = match raw.to_str() {
        Ok(k) if !k.trim().is_empty() && k.len() <= 255 && k.bytes().all(|b| b.is_ascii_graphic()) => k.to_owned(),
        _ => return invalid("Idempotency-Key must be 1 to 255 visible ASCII characters (a UUID is a good choice)."),
    };
    let (parts, body) = req.into_parts();
    let bytes = match axum::body::to_bytes(body, BODY_LIMIT).await {
        Ok(b) => b,
        Err(_) => {
            return ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                "The request body is larger than this address accepts.",
            )
            .into_response();
        }
    };
    let target = parts.uri.path_and_query().map_or("", |p| p.as_str());
    let fingerprint = fingerprint(parts.method.as_str(), target, &bytes);
    let svc = &app.services.idempotency;
    match svc.claim(principal.tenant_id, &principal.name, &key, &fingerprint).await {
        Ok(Claim::Run) => {}
        Ok(Claim::Replay(stored)) => return replay(stored),
        Err(e) => return ApiError::from(e).into_response(),
    }
    let res = next.run(Request::from_parts(parts, Body::from(bytes))).await;
    let status = res.status();
    // Only a success is kept: a refused or failed request changed nothing (each runs in one transaction), so its
    // retry may run again, for instance after the client fixed what was refused.
    if !status.is_success() {
        if let Err(e) = svc.release(principal.tenant_id, &principal.name, &key).await {
            tracing::warn!(error = %e, "idempotency key not released");
        }
        return res;
    }
    let (parts, body) = res.into_parts();
    let body = match body.collect().await {
        Ok(b) => b.to_bytes(),
        Err(e) => {
            tracing::error!(error = %e, "response body unreadable");
            let _ = svc.release(principal.tenant_id, &principal.name, &key).await;
            return ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal_error",
                "Something went wrong on our side.",
            )
            .into_response();
        }
    };
    let headers = [header::CONTENT_TYPE, header::LOCATION]
        .iter()
        .filter_map(|n| Some((n.as_str().to_owned(), parts.headers.get(n)?.to_str().ok()?.to_owned())))
        .collect();
    let stored = StoredResponse { status: status.as_u16(), headers, body: body.to_vec() };
    if let Err(e) = svc.complete(principal.tenant_id, &principal.name, &key, &stored).await {
        // The answer was given; a retry will find the claim in flight until its lock runs out.
        tracing::error!(error = %e, "idempotent answer not stored");
    }
    Response::from_parts(parts, Body::from(body))
}

fn replay(stored: StoredResponse) -> Response {
    let mut res = Response::new(Body::from(stored.body));
    *res.status_mut() = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK);
    for (k, v) in stored.headers {
        if let (Ok(k), Ok(v)) = (k.parse::<header::HeaderName>(), HeaderValue::from_str(&v)) {
            res.headers_mut().insert(k, v);
        }
    }
    res.headers_mut().insert("idempotent-replayed", HeaderValue::from_static("true"));
    res
}
