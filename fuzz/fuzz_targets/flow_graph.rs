//! Fuzzes the flow document parser and validator (`parley_flow::validate::parse`, `validate`, `validate_trigger`):
//! what the flow editor's save and publish endpoints run on a submitted graph and trigger. Besides "never panic",
//! it checks the promises the API builds on: a stored graph reads back as it was saved, a graph without validation
//! errors compiles (the runner never meets a published flow it cannot run), and so does such a trigger.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parley_flow::validate::{has_errors, parse, validate, validate_trigger};
use parley_flow::{Compiled, CompiledTrigger, Trigger, ValidationContext};

fuzz_target!(|json: &[u8]| {
    if let Ok(trigger) = serde_json::from_slice::<Trigger>(json)
        && !has_errors(&validate_trigger(&trigger))
    {
        CompiledTrigger::new(&trigger).expect("a trigger without validation errors compiles");
    }
    let Ok(graph) = parse(json) else { return };
    let stored = serde_json::to_vec(&graph).expect("a parsed graph serializes");
    assert_eq!(parse(&stored).ok().as_ref(), Some(&graph), "a stored graph reads back as saved");
    let cx = ValidationContext {
        contact_fields: vec!["plan".into(), "city".into()],
        flow_ids: vec!["0190a0c0-0000-7000-8000-000000000001".parse().expect("a uuid")],
    };
    let issues = validate(&graph, &cx);
    if !has_errors(&issues) {
        Compiled::new(&graph).expect("a graph without validation errors compiles");
    }
});
