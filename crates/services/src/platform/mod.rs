//! Running the platform: tenants and platform administration, the audit log, seeding.

pub mod admin;
pub mod audit;
mod demo_crm;
pub mod dto;
pub mod seed;
