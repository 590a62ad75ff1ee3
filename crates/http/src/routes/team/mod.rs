//! The team: members, invitations, teams, agents' availability and the workspace's language.

use crate::AppState;
use utoipa_axum::router::OpenApiRouter;

pub mod agents;
pub mod invitations;
pub mod language;
pub mod teams;
pub mod users;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(agents::router())
        .merge(invitations::router())
        .merge(language::router())
        .merge(teams::router())
        .merge(users::router())
}
