//! Campaigns: the wizard's drafts, checks and estimate, launching and steering, recipients and stats, the CSV
//! export, and the suppression list.

use crate::AppState;
use utoipa_axum::router::OpenApiRouter;

pub mod editor;
pub mod recipients;
pub mod suppressions;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().merge(editor::router()).merge(recipients::router()).merge(suppressions::router())
}
