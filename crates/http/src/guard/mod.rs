//! Checks made before any API handler runs, in one place: an API key is resolved (401 when unknown, revoked or
//! expired), counted against its own and its workspace's rate (429 `rate_limited`), and held to the scope the
//! route needs (403 `insufficient_scope`, see `scopes`); a signed-in person is counted against a generous
//! per-person rate. Keyed answers carry the `RateLimit-*` headers. Then `idempotency` replays creates and sends.

pub mod idempotency;
pub mod scopes;

use crate::AppState;
use crate::error::ApiError;
use crate::extract::client_info;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use parley_domain::TenantId;
use parley_services::identity::rate_limit::{self, Bucket, Decision};
use parley_services::identity::scopes::allows;
use scopes::Need;

/// Who a request acts as, for idempotency keys (a key of one credential never answers another's request).
#[derive(Debug, Clone)]
pub struct Principal {
    pub tenant_id: TenantId,
    /// `key:<api key id>` or `user:<user id>`.
    pub name: String,
}

enum Bearer {
    Key(String),
    Token(String),
}

fn bearer(headers: &HeaderMap) -> Option<Bearer> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    if !scheme.eq_ignore_ascii_case("bearer") || token.is_empty() {
        return None;
    }
    Some(if token.starts_with("pk_") { Bearer::Key(token.to_owned()) } else { Bearer::Token(token.to_owned()) })
}

pub async fn guard(State(app): State<AppState>, mut req: Request, next: Next) -> Response {
    match bearer(req.headers()) {
        // No credential (public routes, or the handler's own 401).
        None => next.run(req).await,
        Some(Bearer::Token(token)) => {
            // A bad token is the handler's to refuse, with its usual answer.
            let Ok(claims) = app.services.auth.verify_access(&token) else { return next.run(req).await };
            let per_minute = app.services.core.cfg.session_requests_per_minute;
            let decision = rate_limit::check(&app.services.core.redis, &[Bucket::person(claims.sub, per_minute)]).await;
            if let Some(d) = decision.as_ref().filter(|d| !d.allowed) {
                return rate_limited(d, "your session");
            }
            if let Some(tid) = claims.tid {
                req.extensions_mut()
                    .insert(Principal { tenant_id: TenantId(tid), name: format!("user:{}", claims.sub) });
            }
            next.run(req).await
        }
        Some(Bearer::Key(secret)) => {
            let (parts, body) = req.into_parts();
            let client = client_info(&parts, &app);
            let mut req = Request::from_parts(parts, body);
            let gate = match app.services.auth.api_key_claim(&secret, client) {
                Ok(claim) => app.services.api_keys.gate(&claim).await,
                Err(e) => Err(e),
            };
            let gate = match gate {
                Ok(g) => g,
                Err(e) => return ApiError::from(e).into_response(),
            };
            let buckets = [
                Bucket::api_key(gate.key_id, gate.key_per_minute),
                Bucket::tenant(gate.tenant_id.0, gate.tenant_per_minute),
            ];
            let decision = rate_limit::check(&app.services.core.redis, &buckets).await;
            if let Some(d) = decision.as_ref().filter(|d| !d.allowed) {
                return rate_limited(d, "this API key");
            }
            let template = req.extensions().get::<MatchedPath>().map(|m| m.as_str().to_owned());
            let need = template.as_deref().and_then(|t| scopes::need(req.method(), t));
            let refusal = match need {
                Some(Need::Scope(s)) if allows(&gate.scopes, s) => None,
                Some(Need::Scope(s)) => Some(
                    ApiError::new(
                        StatusCode::FORBIDDEN,
                        "insufficient_scope",
                        format!("This API key lacks the scope `{}` needed here.", s.as_str()),
                    )
                    .with_details(serde_json::json!({
                        "required": s.as_str(),
                        "granted": gate.scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
                    })),
                ),
                // Unknown paths stay 404 for keys too; only real routes are refused by default.
                None if template.is_none() => None,
                Some(Need::KeyForbidden) | None => Some(
                    ApiError::new(
                        StatusCode::FORBIDDEN,
                        "insufficient_scope",
                        "API keys cannot use this endpoint, whatever their scopes; a person must sign in for it.",
                    )
                    .with_details(serde_json::json!({ "required": "people only" })),
                ),
            };
            let mut res = match refusal {
                Some(e) => e.into_response(),
                None => {
                    req.extensions_mut()
                        .insert(Principal { tenant_id: gate.tenant_id, name: format!("key:{}", gate.key_id) });
                    next.run(req).await
                }
            };
            if let Some(d) = &decision {
                limit_headers(res.headers_mut(), d);
            }
            res
        }
    }
}

fn rate_limited(d: &Decision, whose: &str) -> Response {
    let mut err = ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
        format!(
            "Too many requests for {whose}: {} a minute are allowed. Retry in {} seconds.",
            d.limit, d.retry_after_secs
        ),
    )
    .with_details(serde_json::json!({ "limit": d.limit, "retryAfter": d.retry_after_secs }));
    err.retry_after = Some(d.retry_after_secs);
    let mut res = err.into_response();
    limit_headers(res.headers_mut(), d);
    res
}

/// The IETF `RateLimit-*` fields (draft-ietf-httpapi-ratelimit-headers): the tightest limit a minute, what is
/// left of it, and the seconds until it is whole again.
fn limit_headers(h: &mut HeaderMap, d: &Decision) {
    let mut set = |name: &'static str, v: String| {
        if let Ok(v) = HeaderValue::from_str(&v) {
            h.insert(HeaderName::from_static(name), v);
        }
    };
    set("ratelimit-limit", d.limit.to_string());
    set("ratelimit-remaining", d.remaining.to_string());
    set("ratelimit-reset", d.reset_secs.to_string());
    set("ratelimit-policy", format!("{};w=60", d.limit));
}

/// Adds what these checks answer to the OpenAPI document, from the same tables the checks use: the
/// `Idempotency-Key` header on the routes that honour it, and `429` with its `Retry-After` and `RateLimit-*`
/// headers on every operation. The other answers they can give (401, 403 `insufficient_scope`, 409
/// `idempotency_in_flight`, 422 `idempotency_key_reused`) are described with the common answers of their kind by
/// `responses::CommonResponses`, which runs after this.
pub fn document(spec: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::header::HeaderBuilder;
    use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    use utoipa::openapi::{ContentBuilder, Ref, RefOr, Required, ResponseBuilder};

    let int = |description: &str| {
        HeaderBuilder::new()
            .schema(Some(ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(0))))
            .description(Some(description))
            .build()
    };
    let too_many = ResponseBuilder::new()
        .description(
            "`rate_limited`: over the API key's, the workspace's or the session's requests a minute, or \
             `too_many_attempts` (sign-in throttling); retry after `Retry-After` seconds",
        )
        .content("application/json", ContentBuilder::new().schema(Some(Ref::from_schema_name("ErrorBody"))).build())
        .header("Retry-After", int("Seconds to wait"))
        .header("RateLimit-Limit", int("Requests a minute of the tightest limit"))
        .header("RateLimit-Remaining", int("Requests left"))
        .header("RateLimit-Reset", int("Seconds until the limit is whole again"))
        .build();
    let idempotency_header: Parameter = ParameterBuilder::new()
        .name("Idempotency-Key")
        .parameter_in(ParameterIn::Header)
        .required(Required::False)
        .description(Some(
            "Makes a retry safe: the first answer is kept for 24 hours and replayed (with `Idempotent-Replayed: \
             true`) to the same request with the same key; the key with another request is `422 \
             idempotency_key_reused`, while the first still runs `409 idempotency_in_flight`, a blank or over-long \
             key `400 invalid_idempotency_key`.",
        ))
        .schema(Some(ObjectBuilder::new().schema_type(Type::String).min_length(Some(1)).max_length(Some(255))))
        .build();
    for (path, item) in spec.paths.paths.iter_mut() {
        for (method, op) in [
            (Method::GET, &mut item.get),
            (Method::POST, &mut item.post),
            (Method::PUT, &mut item.put),
            (Method::PATCH, &mut item.patch),
            (Method::DELETE, &mut item.delete),
        ] {
            let Some(op) = op.as_mut() else { continue };
            let limited = op.responses.responses.entry("429".into()).or_insert_with(|| RefOr::T(too_many.clone()));
            // An annotation may have listed the 429 itself: it still gets the headers that come with it.
            if let RefOr::T(r) = limited {
                for (name, h) in &too_many.headers {
                    r.headers.entry(name.clone()).or_insert_with(|| h.clone());
                }
            }
            if !idempotency::applies(&method, path) {
                continue;
            }
            let params = op.parameters.get_or_insert_with(Vec::new);
            let named =
                params.iter().any(|p| matches!(p, RefOr::T(p) if p.name.eq_ignore_ascii_case("idempotency-key")));
            if !named {
                params.push(RefOr::T(idempotency_header.clone()));
            }
        }
    }
}
