//! The WhatsApp channel: numbers, templates, webhook log and the webhooks Meta and WasenderAPI call.

use crate::AppState;
use utoipa_axum::router::OpenApiRouter;

pub mod whatsapp;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().merge(whatsapp::router())
}
