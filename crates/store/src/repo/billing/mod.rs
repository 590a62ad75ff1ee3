//! Billing data: the platform's plans and prices, each workspace's subscription and invoices, monthly usage
//! meters and the payment gateway's events; agency billing (who pays for an agency's clients, pooled usage).

pub mod agency;
pub mod events;
pub mod invoices;
pub mod plans;
pub mod subscriptions;
pub mod usage;
