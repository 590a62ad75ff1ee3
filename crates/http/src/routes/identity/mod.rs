//! Identity: sign-up, sign-in, sessions, the caller's own profile, invitations by token, API keys.

use crate::AppState;
use utoipa_axum::router::OpenApiRouter;

pub mod api_keys;
pub mod auth;
pub mod ip_allowlist;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().merge(api_keys::router()).merge(auth::router()).merge(ip_allowlist::router())
}
