//! Analytics' queries: the raw facts a rollup reads (`facts`) and the rollup tables reports read (`rollups`).

pub mod facts;
pub mod history;
pub mod lookups;
pub mod reports;
pub mod rollups;
