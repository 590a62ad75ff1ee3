//! The billing job: processing one recorded gateway event.

use serde::{Deserialize, Serialize};

pub const BILLING_EVENT: &str = "parley::billing_event";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BillingEventJob {
    pub event_id: String,
}
