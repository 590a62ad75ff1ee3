//! Running the platform: tenants, the audit log, idempotency keys, and system-wide queries that cross tenants.

pub mod audit;
pub mod idempotency;
pub mod system;
pub mod tenants;
