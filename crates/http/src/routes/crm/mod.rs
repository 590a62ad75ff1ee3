//! What a workspace knows about its customers: contacts and labels.

use crate::AppState;
use utoipa_axum::router::OpenApiRouter;

pub mod contacts;
pub mod dashboard;
pub mod deals;
pub mod labels;
pub mod tickets;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(contacts::router())
        .merge(labels::router())
        .merge(deals::router())
        .merge(tickets::router())
        .merge(dashboard::router())
}
