//! The website chat widget: widgets (one per site, each with its own channel row) and their visitors.

pub mod visitors;
pub mod widgets;
