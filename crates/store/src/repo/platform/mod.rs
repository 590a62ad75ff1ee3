//! Running the platform: tenants, the audit log, idempotency keys, the platform's own wording of web strings, and
//! system-wide queries that cross tenants.

pub mod agencies;
pub mod agency_mail;
pub mod audit;
pub mod brands;
pub mod custom_domains;
pub mod idempotency;
pub mod strings;
pub mod system;
pub mod tenants;
