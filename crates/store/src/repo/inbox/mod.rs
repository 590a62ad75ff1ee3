//! The team inbox: conversations, messages, canned responses, inbox settings.

pub mod canned;
pub mod conversations;
pub mod inbox_settings;
pub mod messages;
