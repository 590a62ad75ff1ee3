//! Identity: sign-up and sign-in, sessions and their tokens, passwords and API keys.

pub mod api_keys;
pub mod auth;
pub mod dto;
pub(crate) mod passwords;
mod throttle;
pub(crate) mod tokens;
