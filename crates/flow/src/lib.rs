//! Parley's chatbot flows: the graph schema the visual editor saves, its validation, triggers,
//! version diffs, ready-made templates, and a pure, deterministic engine that runs a flow one
//! event at a time.
//!
//! This crate performs no IO and reads no clock: it must not depend on the store, the network or
//! any other Parley crate. The runner (`services::flows`) loads a published version, feeds events
//! to [`engine::step`] and performs the [`engine::Effect`]s it returns.
//!
//! Every type the API exposes derives `utoipa::ToSchema` under a `Flow`-prefixed name
//! (`FlowNode`, `FlowEvent` ...), so the editor's TypeScript types are generated from the OpenAPI
//! document without clashing with other domains' `Label`, `Condition` or `Event`.

mod capture;
pub mod diff;
pub mod engine;
pub mod limits;
pub mod path;
pub mod schema;
pub mod template;
pub mod templates;
pub mod text;
pub mod trigger;
pub mod validate;

pub use diff::{GraphDiff, diff};
pub use engine::{
    CompileError, Compiled, ContactSnapshot, Context, Effect, Event, EventKind, HttpRequest, HttpResult, LocalTime,
    Out, RunState, RunStatus, Step, TraceEntry, Wait, step,
};
pub use schema::{Edge, FlowGraph, Node, NodeKind, Trigger, TriggerKind};
pub use text::normalize;
pub use trigger::{CompiledTrigger, TriggerInput};
pub use validate::{Issue, Severity, ValidationContext, check_size, validate};
