//! What a workspace knows about its customers: contacts with custom fields, labels, consent and history;
//! the criteria and segments that select them; CSV import and export; deals and tickets.

pub mod consent;
pub mod contacts;
pub mod criteria;
pub mod csv_file;
pub mod dashboard;
pub mod deals;
pub mod dto;
pub mod fields;
pub mod imports;
pub mod labels;
pub mod segments;
pub mod selection;
pub mod tickets;
