//! What a workspace knows about its customers: contacts, labels, custom fields, the filter that selects
//! contacts, segments, imports, consent, timeline and merges; pipelines, deals and tickets.

pub mod consent;
pub mod contacts;
pub mod dashboard;
pub mod deals;
pub mod fields;
pub mod filter;
pub mod imports;
pub mod labels;
pub mod merge;
pub mod pipelines;
pub mod segments;
pub mod selection;
pub mod settings;
pub mod tickets;
pub mod timeline;
