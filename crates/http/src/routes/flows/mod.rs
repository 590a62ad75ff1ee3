//! Chatbot flows: the builder (drafts, templates, publishing, versions), runs and their traces, and the
//! builder's test sandbox.

use crate::AppState;
use utoipa_axum::router::OpenApiRouter;

pub mod editor;
pub mod runs;
pub mod sandbox;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().merge(editor::router()).merge(runs::router()).merge(sandbox::router())
}
