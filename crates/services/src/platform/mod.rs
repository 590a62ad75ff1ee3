//! Running the platform: tenants and platform administration, the audit log, seeding.

pub mod admin;
pub mod audit;
pub mod dto;
pub mod seed;
