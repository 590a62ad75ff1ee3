//! Campaigns: the wizard's drafts, checks and estimate, launching and steering, recipients and stats, the CSV
//! export, the suppression list, and the public click redirect (`clicks`, outside the API).

use crate::AppState;
use utoipa_axum::router::OpenApiRouter;

pub mod clicks;
pub mod editor;
pub mod recipients;
pub mod suppressions;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().merge(editor::router()).merge(recipients::router()).merge(suppressions::router())
}
