//! What a workspace knows about its customers: contacts and the labels that tag them.

pub mod contacts;
pub mod dto;
pub mod labels;
