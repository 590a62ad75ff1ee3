//! What a workspace knows about its customers: contacts and the labels that tag them.

pub mod contacts;
pub mod dashboard;
pub mod deals;
pub mod dto;
pub mod labels;
pub mod tickets;
