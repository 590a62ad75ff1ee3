//! Agencies (docs/agencies.md): the platform admin's agency controls (`admin`), the agency's dashboard and
//! settings (`dashboard`), its offer (`offer`), support entries from both sides (`support`), and who pays for the
//! clients (`billing`: the agency's pooled usage and billing mode, a client's billing through its agency).

use crate::AppState;
use utoipa_axum::router::OpenApiRouter;

pub mod admin;
pub mod billing;
pub mod dashboard;
pub mod offer;
pub mod support;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(admin::router())
        .merge(billing::router())
        .merge(dashboard::router())
        .merge(offer::router())
        .merge(support::router())
}
