//! Queries for brands (docs/agencies.md): a workspace's own brand row and its images, under its own tenant
//! context. Resolution across workspaces (a client's agency's brand, by host before sign-in) is on the system path,
//! `repo::platform::brands`.

pub mod assets;
pub mod brands;
pub mod domains;
pub mod mail_sender;
pub mod mail_templates;
