//! Automations' data: the outbox of domain events, outbound webhook endpoints, their deliveries and attempts,
//! and automation rules with their queue and run log.

pub mod outbox;
pub mod rules;
pub mod webhooks;
