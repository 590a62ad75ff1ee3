//! The team inbox: conversations, messages, notes, assignment and routing, snoozing, canned responses,
//! business hours and inbox settings.

pub mod canned;
pub mod conversations;
pub mod dto;
pub mod hours;
pub mod routing;
pub mod settings;
