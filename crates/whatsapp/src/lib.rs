//! WhatsApp protocols: the Cloud API's webhooks and errors, and the WasenderAPI (QR session) webhooks,
//! plus typed HTTP clients for both APIs. Parses, verifies and calls; never stores (no store, no axum):
//! callers keep the raw event and the results.

pub mod client;
pub mod cloud;
pub mod errors;
pub mod signature;
pub mod wasender;
pub mod wasender_client;

pub use client::{
    ClientError, CloudClient, CreatedTemplate, ListRow, ListSection, MediaInfo, MediaSource, OutboundMessage,
    PhoneNumberInfo, SentMessage, TemplateInfo, UploadedMedia,
};
pub use errors::{GraphError, GraphErrorKind};
pub use wasender_client::{
    Connected, NewSession, Session, SessionStatus, WasenderClient, WasenderError, WasenderMedia, WasenderSend,
};
