//! Identity: sign-up, sign-in, sessions, the caller's own profile, invitations by token, API keys; two-factor sign-in and the list of sessions.

use crate::AppState;
use utoipa_axum::router::OpenApiRouter;

pub mod api_keys;
pub mod auth;
pub mod ip_allowlist;
pub mod two_factor;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(api_keys::router())
        .merge(auth::router())
        .merge(two_factor::router())
        .merge(ip_allowlist::router())
}
