//! The team inbox: conversations, messages, media, canned responses and inbox settings.

use crate::AppState;
use utoipa_axum::router::OpenApiRouter;

pub mod canned;
pub mod conversations;
pub mod settings;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().merge(canned::router()).merge(conversations::router()).merge(settings::router())
}
