//! Operations: the platform admin's Backups page.

use crate::AppState;
use utoipa_axum::router::OpenApiRouter;

pub mod backups;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().merge(backups::router())
}
