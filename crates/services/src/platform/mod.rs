//! Running the platform: tenants and platform administration, the audit log, idempotency keys, seeding, and the
//! platform's own wording of web strings.

pub mod admin;
pub mod audit;
mod demo_automations;
pub mod demo_campaigns;
mod demo_crm;
mod demo_flows;
mod demo_webhooks;
pub mod dto;
pub mod idempotency;
pub mod install;
pub mod seed;
pub mod strings;
