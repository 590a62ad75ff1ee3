//! The types the API exposes reach the OpenAPI document whole, under `Flow`-prefixed names.

use parley_flow::templates::FlowTemplate;
use parley_flow::validate::{Issue, ValidationContext};
use parley_flow::{Event, FlowGraph, GraphDiff, RunState, Step, Trigger};
use serde_json::Value;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(components(schemas(
    FlowGraph,
    Trigger,
    RunState,
    Event,
    Step,
    Issue,
    ValidationContext,
    GraphDiff,
    FlowTemplate
)))]
struct Doc;

fn refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                match (k.as_str(), x) {
                    ("$ref", Value::String(r)) => out.push(r.clone()),
                    _ => refs(x, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
        _ => {}
    }
}

#[test]
fn every_exposed_type_and_what_it_references_is_in_the_document_under_a_flow_name() {
    let doc = serde_json::to_value(Doc::openapi()).expect("serializes");
    let schemas = doc["components"]["schemas"].as_object().expect("components").clone();
    for name in schemas.keys() {
        assert!(name.starts_with("Flow"), "{name} would clash with other domains");
    }
    for wanted in [
        "FlowGraph",
        "FlowNode",
        "FlowNodeKind",
        "FlowAsk",
        "FlowEdge",
        "FlowTrigger",
        "FlowRunState",
        "FlowEvent",
        "FlowEffect",
        "FlowIssue",
        "FlowGraphDiff",
        "FlowTemplate",
    ] {
        assert!(schemas.contains_key(wanted), "{wanted} missing: {:?}", schemas.keys());
    }
    // serde's field names, not Rust's, in every variant.
    let text = doc.to_string();
    for camel in [
        "timeoutToken",
        "matchMode",
        "replyId",
        "messageType",
        "userId",
        "teamId",
        "flowId",
        "mediaId",
        "sourceHandle",
        "saveAs",
        "lastText",
    ] {
        assert!(text.contains(&format!("\"{camel}\"")), "{camel} missing");
    }
    for snake in [
        "timeout_token",
        "match_mode",
        "reply_id",
        "message_type",
        "user_id",
        "flow_id",
        "media_id",
        "source_handle",
        "save_as",
    ] {
        assert!(!text.contains(&format!("\"{snake}\"")), "{snake} in the schema");
    }
    let mut found = Vec::new();
    refs(&doc, &mut found);
    assert!(!found.is_empty());
    for r in found {
        let name = r.trim_start_matches("#/components/schemas/");
        assert!(schemas.contains_key(name), "dangling reference {r}");
    }
}

#[test]
fn the_compiled_version_can_be_shared_between_tasks() {
    fn shared<T: Send + Sync + 'static>() {}
    shared::<parley_flow::Compiled>();
    shared::<parley_flow::CompiledTrigger>();
}
