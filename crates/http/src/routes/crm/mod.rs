//! What a workspace knows about its customers: contacts, custom fields, segments, imports, labels, deals
//! and tickets.

use crate::AppState;
use utoipa_axum::router::OpenApiRouter;

pub mod contacts;
pub mod dashboard;
pub mod deals;
pub mod fields;
pub mod imports;
pub mod labels;
pub mod segments;
pub mod tickets;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(segments::router())
        .merge(imports::router())
        .merge(contacts::router())
        .merge(fields::router())
        .merge(labels::router())
        .merge(deals::router())
        .merge(tickets::router())
        .merge(dashboard::router())
}
