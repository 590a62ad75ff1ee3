//! The numbers that bound a flow: WhatsApp's message limits and Parley's own guards.
//!
//! One place so validation, the engine, the editor docs and the API agree. WhatsApp's limits are
//! those of the Cloud API's text and interactive messages; a message over them is refused by Meta
//! at send time, so they are checked at save time instead.

/// Node visits allowed while handling one event; a flow that needs more loops without waiting.
pub const STEP_BUDGET: u32 = 100;
/// Nodes in one flow: past this a canvas is unusable and validation stops early.
pub const MAX_NODES: usize = 500;
/// Edges in one flow (an ask with 10 options and a timeout has 12 outcomes).
pub const MAX_EDGES: usize = 3_000;
/// Declared variables in one flow.
pub const MAX_VARIABLES: usize = 200;
/// The serialized graph a draft may store.
pub const MAX_FLOW_BYTES: usize = 256 * 1024;
/// Node and edge ids, option and branch ids.
pub const MAX_ID_LEN: usize = 100;
/// Variable names.
pub const MAX_NAME_LEN: usize = 64;

/// A text message body.
pub const TEXT_MAX: usize = 4_096;
/// A media caption.
pub const CAPTION_MAX: usize = 1_024;
/// The body of an interactive (buttons or list) message, which ask and capture send.
pub const INTERACTIVE_BODY_MAX: usize = 1_024;
/// Reply buttons per message.
pub const MAX_BUTTONS: usize = 3;
/// A reply button's title.
pub const BUTTON_TITLE_MAX: usize = 20;
/// Rows of a list message, all sections together.
pub const MAX_LIST_ROWS: usize = 10;
/// Sections of a list message.
pub const MAX_LIST_SECTIONS: usize = 10;
/// A list row's title.
pub const ROW_TITLE_MAX: usize = 24;
/// A list row's description.
pub const ROW_DESCRIPTION_MAX: usize = 72;
/// A list section's title.
pub const SECTION_TITLE_MAX: usize = 24;
/// The button that opens a list.
pub const LIST_BUTTON_MAX: usize = 20;
/// The list button's label when the flow sets none.
pub const DEFAULT_LIST_BUTTON: &str = "Choose";

/// A regex pattern's source length.
pub const REGEX_MAX_LEN: usize = 500;
/// The compiled size a regex may take (the `regex` crate's `size_limit`): enough for any sane
/// validation pattern, far from the memory a hostile one would ask for.
pub const REGEX_SIZE_LIMIT: usize = 256 * 1024;

/// An HTTP node's timeout when it sets none.
pub const HTTP_TIMEOUT_DEFAULT_MS: u64 = 10_000;
/// The longest an HTTP node may wait for an answer.
pub const HTTP_TIMEOUT_MAX_MS: u64 = 30_000;

/// WhatsApp's customer service window: free-form messages only within 24 hours of the contact's
/// last message.
pub const WINDOW_SECS: u64 = 24 * 60 * 60;
/// The longest wait or reply timeout (a run parked longer is better restarted by a trigger).
pub const MAX_WAIT_SECS: u64 = 30 * 24 * 60 * 60;
