//! Identity: sign-up and sign-in, sessions and their tokens, passwords, API keys with their scopes, and the
//! request rate limits of keys and sessions.

pub mod api_keys;
pub mod auth;
pub mod dto;
pub mod ip_allow;
pub(crate) mod passwords;
pub mod rate_limit;
pub mod scopes;
mod throttle;
pub(crate) mod tokens;
