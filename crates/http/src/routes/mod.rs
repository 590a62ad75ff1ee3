//! One folder per domain, named as in `parley_services` (identity, team, channel, inbox, crm, platform);
//! one module per resource inside. Each module and each domain ends with
//! `pub fn router() -> OpenApiRouter<AppState>`.

pub mod agency;
pub mod analytics;
pub mod automations;
pub mod billing;
pub mod brand;
pub mod campaigns;
pub mod channel;
pub mod crm;
pub mod flows;
pub mod identity;
pub mod inbox;
pub mod operations;
pub mod platform;
pub mod privacy;
pub mod team;
pub mod widget;
