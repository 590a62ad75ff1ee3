//! The team: members, invitations, teams and agents' availability.

use crate::AppState;
use utoipa_axum::router::OpenApiRouter;

pub mod agents;
pub mod invitations;
pub mod teams;
pub mod users;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(agents::router())
        .merge(invitations::router())
        .merge(teams::router())
        .merge(users::router())
}
