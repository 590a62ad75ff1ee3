//! The error every service returns; the HTTP layer maps each variant to one status and code.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), message: message.into() }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DomainError {
    #[error("Some fields are invalid.")]
    Validation(Vec<FieldError>),
    #[error("{0} was not found.")]
    NotFound(&'static str),
    /// A body names something the workspace does not have (a label, a stage, a member): 404 `not_found`, with
    /// the fields that name it, as a validation error would list them.
    #[error("Something this request names was not found.")]
    Missing(Vec<FieldError>),
    /// A conflict with stored data; the code names which (`email_taken`, `already_member`).
    #[error("{message}")]
    Conflict { code: &'static str, message: String },
    /// What the request names is not ready for it (a campaign launched with unfinished steps, a flow published with
    /// broken nodes): 409 with what stands in the way, by field, in `details.fields`.
    #[error("{message}")]
    NotReady { code: &'static str, message: String, fields: Vec<FieldError> },
    #[error("Email or password is incorrect.")]
    InvalidCredentials,
    #[error("You must sign in.")]
    Unauthorized,
    #[error("{message}")]
    InvalidToken { code: &'static str, message: String },
    #[error("You do not have permission to do this.")]
    Forbidden,
    /// Refused for a named reason other than role (suspended workspace, disabled membership).
    #[error("{message}")]
    Blocked { code: &'static str, message: String },
    #[error("Too many attempts; try again in {retry_after_secs} seconds.")]
    TooManyAttempts { retry_after_secs: u64 },
    /// Over a rate limit of a public surface (the website widget): 429 `rate_limited`, with `retryAfter`.
    #[error("Too many requests; try again in {retry_after_secs} seconds.")]
    RateLimited { retry_after_secs: u64 },
    /// A body or file over its size limit (413).
    #[error("{message}")]
    TooLarge { code: &'static str, message: String },
    /// A file of a type not accepted there (415).
    #[error("{message}")]
    UnsupportedType { code: &'static str, message: String },
    #[error("This link is invalid or has expired.")]
    InvalidOrExpiredLink,
    #[error("{0}")]
    Unprocessable(String),
    /// A request that cannot be read at all (a body that is not JSON where JSON was promised).
    #[error("{message}")]
    Malformed { code: &'static str, message: String },
    /// A well-formed request refused by a business rule, named by its code (`service_window_closed`).
    #[error("{message}")]
    Rejected { code: &'static str, message: String },
    /// A third-party service (the WhatsApp API) failed or refused the call; the message says why.
    #[error("{message}")]
    Upstream { code: &'static str, message: String },
    /// Over a limit of the workspace's plan (402 `quota_exceeded`); `details` names the limit, the usage and a
    /// plan that would allow it.
    #[error("{message}")]
    QuotaExceeded { message: String, details: serde_json::Value },
    /// A feature the workspace's plan does not include (403 `feature_not_in_plan`); `details` names the plans
    /// that have it.
    #[error("{message}")]
    FeatureNotInPlan { message: String, details: serde_json::Value },
    /// Refused until a payment is made (402): `workspace_restricted`, `workspace_suspended`.
    #[error("{message}")]
    PaymentRequired { code: &'static str, message: String },
    #[error("unexpected: {0}")]
    Internal(String),
}

impl DomainError {
    pub fn field(field: &str, message: &str) -> Self {
        Self::Validation(vec![FieldError::new(field, message)])
    }

    /// A single field naming something that does not exist (404).
    pub fn missing(field: &str, message: &str) -> Self {
        Self::Missing(vec![FieldError::new(field, message)])
    }

    pub fn internal(e: impl std::fmt::Display) -> Self {
        Self::Internal(e.to_string())
    }
}

pub type Result<T, E = DomainError> = std::result::Result<T, E>;
