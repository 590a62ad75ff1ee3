//! The team of a workspace: members with roles and statuses, invitations, teams, presence and the workspace's language.

pub mod dto;
pub mod language;
pub mod members;
pub mod presence;
pub mod teams;
