//! Operations: what running an install needs across workspaces (backups, the health report, maintenance mode).

pub mod backups;
pub mod health;
pub mod maintenance;
