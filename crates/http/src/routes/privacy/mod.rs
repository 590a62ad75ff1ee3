//! Privacy (GDPR): a contact's export and erasure, the workspace export and message retention.

use crate::AppState;
use utoipa_axum::router::OpenApiRouter;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
}
