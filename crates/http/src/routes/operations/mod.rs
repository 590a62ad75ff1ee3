//! Operations: the platform admin's System page (health report, maintenance mode) and the maintenance middleware.

use crate::AppState;
use utoipa_axum::router::OpenApiRouter;

pub mod backups;
pub mod health;
pub mod maintenance;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().merge(backups::router()).merge(health::router()).merge(maintenance::router())
}
