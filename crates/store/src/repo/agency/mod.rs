//! Agencies and their client workspaces (docs/agencies.md). Everything here runs in a tenant transaction: the
//! agency's own rows (`agencies`, `agency_plans`) and its clients' summaries through `agency_client_summaries()` in
//! the agency's; a client's tenant row, subscription copy and support memberships in the client's. The platform
//! admin's cross-tenant view is `repo::platform::agencies`.

pub mod agencies;
pub mod clients;
pub mod plans;
pub mod support;
