//! The website chat widget: its settings (`/widgets`, owners and managers), the public API its script calls
//! (`/widget/{key}/...`, checked by the page's Origin and the visitor token, with CORS for allowed origins only),
//! and the visitor panel of a widget conversation for agents.

use crate::AppState;
use utoipa_axum::router::OpenApiRouter;

pub mod public;
pub mod settings;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().merge(settings::router()).merge(public::router())
}
