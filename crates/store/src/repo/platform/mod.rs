//! Running the platform: tenants, the audit log, and system-wide queries that cross tenants.

pub mod audit;
pub mod system;
pub mod tenants;
