//! The team: members, invitations, teams and agents (availability, capacity, presence).

pub mod agents;
pub mod invitations;
pub mod members;
pub mod teams;
