//! Identity: users, refresh and reset tokens, sessions, two-factor data, API keys.

pub mod api_keys;
pub mod sessions;
pub mod tokens;
pub mod two_factor;
pub mod users;
