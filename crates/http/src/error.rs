//! `ApiError`: the one JSON error shape, `{"error": "snake_case_code", "message": "...", "details": ...}`.
//! Unexpected failures answer a generic 500; their cause is logged, never returned.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use parley_services::DomainError;
use serde::Serialize;
use serde_json::Value;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// Stable, machine-readable code.
    #[schema(example = "validation_failed")]
    pub error: String,
    pub message: String,
    #[schema(value_type = Option<Object>)]
    pub details: Option<Value>,
}

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub details: Option<Value>,
    pub retry_after: Option<u64>,
}

pub type Result<T, E = ApiError> = std::result::Result<T, E>;

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self { status, code, message: message.into(), details: None, retry_after: None }
    }

    pub fn with_details(mut self, details: Value) -> Self {
        self.details = Some(details);
        self
    }

    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", "Nothing exists at this address.")
    }
}

impl From<DomainError> for ApiError {
    fn from(e: DomainError) -> Self {
        use StatusCode as S;
        let message = e.to_string();
        match e {
            DomainError::Validation(fields) => ApiError::new(S::UNPROCESSABLE_ENTITY, "validation_failed", message)
                .with_details(serde_json::json!({ "fields": fields })),
            DomainError::NotFound(_) => ApiError::new(S::NOT_FOUND, "not_found", message),
            DomainError::Missing(fields) => {
                ApiError::new(S::NOT_FOUND, "not_found", message).with_details(serde_json::json!({ "fields": fields }))
            }
            DomainError::Conflict { code, .. } => ApiError::new(S::CONFLICT, code, message),
            DomainError::NotReady { code, fields, .. } => {
                ApiError::new(S::CONFLICT, code, message).with_details(serde_json::json!({ "fields": fields }))
            }
            DomainError::InvalidCredentials => ApiError::new(S::UNAUTHORIZED, "invalid_credentials", message),
            DomainError::Unauthorized => ApiError::new(S::UNAUTHORIZED, "unauthorized", message),
            DomainError::InvalidToken { code, .. } => ApiError::new(S::UNAUTHORIZED, code, message),
            DomainError::Forbidden => ApiError::new(S::FORBIDDEN, "forbidden", message),
            DomainError::Blocked { code, .. } => ApiError::new(S::FORBIDDEN, code, message),
            DomainError::TooManyAttempts { retry_after_secs } => {
                let mut err = ApiError::new(S::TOO_MANY_REQUESTS, "too_many_attempts", message);
                err.retry_after = Some(retry_after_secs);
                err
            }
            DomainError::RateLimited { retry_after_secs } => {
                let mut err = ApiError::new(S::TOO_MANY_REQUESTS, "rate_limited", message)
                    .with_details(serde_json::json!({ "retryAfter": retry_after_secs }));
                err.retry_after = Some(retry_after_secs);
                err
            }
            DomainError::TooLarge { code, .. } => ApiError::new(S::PAYLOAD_TOO_LARGE, code, message),
            DomainError::UnsupportedType { code, .. } => ApiError::new(S::UNSUPPORTED_MEDIA_TYPE, code, message),
            // The link names nothing this server knows (any more).
            DomainError::InvalidOrExpiredLink => ApiError::new(S::NOT_FOUND, "invalid_or_expired_token", message),
            DomainError::Unprocessable(_) => ApiError::new(S::UNPROCESSABLE_ENTITY, "unprocessable", message),
            DomainError::Malformed { code, .. } => ApiError::new(S::BAD_REQUEST, code, message),
            DomainError::Rejected { code, .. } => ApiError::new(S::UNPROCESSABLE_ENTITY, code, message),
            DomainError::Upstream { code, .. } => ApiError::new(S::BAD_GATEWAY, code, message),
            DomainError::QuotaExceeded { details, .. } => {
                ApiError::new(S::PAYMENT_REQUIRED, "quota_exceeded", message).with_details(details)
            }
            DomainError::FeatureNotInPlan { details, .. } => {
                ApiError::new(S::FORBIDDEN, "feature_not_in_plan", message).with_details(details)
            }
            DomainError::PaymentRequired { code, .. } => ApiError::new(S::PAYMENT_REQUIRED, code, message),
            DomainError::Internal(cause) => {
                tracing::error!(%cause, "internal error");
                ApiError::new(
                    S::INTERNAL_SERVER_ERROR,
                    "internal_error",
                    "Something went wrong on our side. Please try again.",
                )
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody { error: self.code.to_owned(), message: self.message, details: self.details };
        let mut res = (self.status, axum::Json(body)).into_response();
        if let Some(secs) = self.retry_after
            && let Ok(v) = HeaderValue::from_str(&secs.to_string())
        {
            res.headers_mut().insert(header::RETRY_AFTER, v);
        }
        res
    }
}
