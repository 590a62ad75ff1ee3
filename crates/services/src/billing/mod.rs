//! Billing: the platform's plans (synced to the payment gateway), each workspace's subscription and invoices,
//! quotas and feature switches enforced on every write, Stripe webhooks, and dunning (past due -> restricted ->
//! suspended). The gateway itself lives in `parley-billing`; nothing here sees a Stripe type.

pub mod admin;
pub(crate) mod agency;
pub mod catalogue;
pub mod dto;
pub mod dunning;
pub(crate) mod entitlements;
pub mod jobs;
pub(crate) mod mails;
pub mod plans;
pub(crate) mod quota;
pub mod subscription;
pub mod webhooks;

use parley_billing::BillingGateway;
use std::sync::Arc;
use std::time::Duration;

/// How billing behaves on this server.
#[derive(Clone)]
pub struct Billing {
    /// Stripe (or the simulator) when configured. Without one, billing is manual: workspaces without an assigned
    /// plan are unlimited, and the platform admin assigns plans and marks invoices paid by hand.
    pub gateway: Option<Arc<dyn BillingGateway>>,
    /// The webhook signing secret (`whsec_...`).
    pub webhook_secret: Option<String>,
    /// Accepted age of a webhook signature (replay protection).
    pub webhook_tolerance: Duration,
    /// Past due this long: the workspace is restricted.
    pub grace: Duration,
    /// Restricted this long: the workspace is suspended.
    pub suspend_after: Duration,
}

impl Default for Billing {
    fn default() -> Self {
        Self {
            gateway: None,
            webhook_secret: None,
            webhook_tolerance: Duration::from_secs(300),
            grace: Duration::from_secs(7 * 86_400),
            suspend_after: Duration::from_secs(14 * 86_400),
        }
    }
}

impl Billing {
    pub fn mode(&self) -> &'static str {
        match &self.gateway {
            Some(g) => g.kind().as_str(),
            None => "manual",
        }
    }
}
