//! Automations: rules with their run log, outbound webhook endpoints, their delivery logs and the event catalogue.

use crate::AppState;
use utoipa_axum::router::OpenApiRouter;

pub mod rules;
pub mod webhooks;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().merge(webhooks::router()).merge(rules::router())
}
