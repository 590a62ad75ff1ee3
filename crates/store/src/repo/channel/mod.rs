//! The WhatsApp channel: numbers (connections), the webhook event log, templates, media.

pub mod connections;
pub mod media;
pub mod templates;
pub mod webhook_events;
