//! Analytics: raw facts rolled up by a background pass into hourly and daily tables (`rollup`), reports that read
//! them plus the current partial hour (`reports`), exports (`export`), the weekly mail (`weekly`) and the platform
//! admin's figures (`platform`). The metrics' definitions are docs/analytics.md's.

pub mod dto;
pub mod export;
pub mod history;
pub mod platform;
pub mod reports;
pub mod rollup;
pub mod sketch;
pub mod weekly;
