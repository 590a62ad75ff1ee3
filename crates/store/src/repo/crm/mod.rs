//! What a workspace knows about its customers: contacts and labels.

pub mod contacts;
pub mod labels;
