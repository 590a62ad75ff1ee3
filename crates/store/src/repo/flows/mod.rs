//! Chatbot flows: drafts, published versions, runs with their trace, and the per-contact event queue the
//! runner consumes in order.

pub mod definitions;
pub mod events;
pub mod runs;
pub mod versions;
