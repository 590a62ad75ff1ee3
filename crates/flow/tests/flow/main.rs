//! Behaviour tests of the public API: the engine node by node, every validation rule, the
//! templates, and property tests over arbitrary graphs and event sequences.

mod common;
mod engine;
mod openapi;
mod properties;
mod validation;
