//! Campaigns: the definition a wizard fills in, one row per recipient materialised at start and settled by the
//! sender and by status webhooks, the suppression list, and the price table estimates read.

pub mod definitions;
pub mod prices;
pub mod recipients;
pub mod sends;
pub mod suppressions;
