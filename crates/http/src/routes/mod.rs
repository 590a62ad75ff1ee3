//! One module per resource; each ends with `pub fn router() -> OpenApiRouter<AppState>`.

pub mod admin;
pub mod api_keys;
pub mod audit;
pub mod auth;
pub mod inbox;
pub mod invitations;
pub mod system;
pub mod users;
pub mod whatsapp;
pub mod workspace;
