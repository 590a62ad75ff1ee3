//! Operations: running an install. `health` (the report behind `parley doctor` and the admin's System page) and
//! `maintenance` (maintenance mode, shared by every node).

pub mod backup;
pub mod health;
pub mod maintenance;

pub use health::{BuildInfo, HealthService};
pub use maintenance::{MaintenanceCache, MaintenanceService};

/// What this node keeps for operations: the maintenance mode cache, where its data lives (the disk check) and the
/// build it runs.
pub struct OperationsRuntime {
    pub maintenance: MaintenanceCache,
    /// The media directory (`media.local_dir`): the disk check measures the filesystem holding it.
    pub data_dir: std::path::PathBuf,
    build: std::sync::OnceLock<BuildInfo>,
}

impl Default for OperationsRuntime {
    fn default() -> Self {
        Self::new(std::path::PathBuf::from("data"))
    }
}

impl OperationsRuntime {
    pub fn new(data_dir: std::path::PathBuf) -> Self {
        Self { maintenance: MaintenanceCache::default(), data_dir, build: std::sync::OnceLock::new() }
    }

    /// The binary tells what it is once at start (`apps/parley` knows its commit); unset, the crate's version.
    pub fn set_build(&self, build: BuildInfo) {
        let _ = self.build.set(build);
    }

    pub fn build(&self) -> BuildInfo {
        self.build.get().cloned().unwrap_or_default()
    }
}
