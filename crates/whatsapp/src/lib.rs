//! WhatsApp protocols: the Cloud API's webhooks and errors, and the WasenderAPI (QR session) webhooks.
//! Parses and verifies; never stores (no store, no axum): callers keep the raw event and the results.

pub mod cloud;
pub mod errors;
pub mod signature;
pub mod wasender;

pub use errors::{GraphError, GraphErrorKind};
