//! Operations: running an install. `backup` (backups, their schedule and restore checks).

pub mod backup;
