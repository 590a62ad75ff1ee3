//! The website chat widget: widgets (settings, identity secret, their own `widget` channel row), and the public API
//! the embedded script talks to (visitors, their messages through the inbound path WhatsApp's use, attachments,
//! pre-chat, identify, pages, read states). Knows nothing of HTTP or sockets: callers pass the page's Origin, the
//! visitor token and the client's address.

pub mod dto;
mod limits;
pub mod origin;
mod public;
mod settings;

use crate::Core;
use parley_store::repo::widget::widgets::PublicWidget;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

pub use public::{MAX_FILE, MAX_TEXT, VisitorSession, public_message};

/// What a key names, kept briefly so the script's requests cost no cross-tenant lookup each.
type KeyCache = Mutex<HashMap<String, (Instant, Option<PublicWidget>)>>;

#[derive(Clone)]
pub struct WidgetService {
    pub(crate) core: Arc<Core>,
    keys: Arc<KeyCache>,
}

impl WidgetService {
    pub fn new(core: Arc<Core>) -> Self {
        Self { core, keys: Arc::new(Mutex::new(HashMap::new())) }
    }
}
