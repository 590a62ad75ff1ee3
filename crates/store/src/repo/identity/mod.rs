//! Identity: users, refresh and reset tokens, API keys.

pub mod api_keys;
pub mod tokens;
pub mod users;
