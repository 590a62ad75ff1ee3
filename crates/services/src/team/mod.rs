//! The team of a workspace: members with roles and statuses, invitations, teams and presence.

pub mod dto;
pub mod members;
pub mod presence;
pub mod teams;
