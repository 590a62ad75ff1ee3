//! Running the platform: tenants for the platform admin, the audit log, public config, the dev mailbox,
//! health, readiness and metrics, and the platform's own wording of web strings.

use crate::AppState;
use utoipa_axum::router::OpenApiRouter;

pub mod admin;
pub mod audit;
pub mod strings;
pub mod system;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().merge(admin::router()).merge(audit::router()).merge(strings::router()).merge(system::router())
}
