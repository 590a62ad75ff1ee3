//! Running the platform: tenants and platform administration, the audit log, seeding.

pub mod admin;
pub mod audit;
pub mod demo_campaigns;
mod demo_crm;
mod demo_flows;
pub mod dto;
pub mod seed;
