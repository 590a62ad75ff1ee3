//! Automations' data: the outbox of domain events, outbound webhook endpoints, their deliveries and attempts.

pub mod outbox;
pub mod webhooks;
