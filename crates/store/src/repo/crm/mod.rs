//! What a workspace knows about its customers: contacts and labels.

pub mod contacts;
pub mod dashboard;
pub mod deals;
pub mod labels;
pub mod pipelines;
pub mod tickets;
