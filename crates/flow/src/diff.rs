//! What changed between two versions of a flow, for the version history.
//!
//! Nodes are matched by id. Edges are matched by what they connect (source, handle, target), not
//! by id: the editor mints a new edge id whenever a connection is redrawn, and a redrawn identical
//! connection is no change to the flow.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::schema::{Edge, FlowGraph, Node};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[schema(as = FlowGraphDiff)]
#[serde(rename_all = "camelCase")]
pub struct GraphDiff {
    /// Node ids only in the new graph.
    pub added_nodes: Vec<String>,
    /// Node ids only in the old graph.
    pub removed_nodes: Vec<String>,
    /// Node ids whose type or settings changed.
    pub changed_nodes: Vec<String>,
    /// Node ids that only moved on the canvas.
    pub moved_nodes: Vec<String>,
    pub added_edges: Vec<Edge>,
    pub removed_edges: Vec<Edge>,
    /// The declared variables differ.
    pub variables_changed: bool,
}

impl GraphDiff {
    /// Nothing but positions changed (or nothing at all): the versions behave the same.
    pub fn same_behaviour(&self) -> bool {
        self.added_nodes.is_empty()
            && self.removed_nodes.is_empty()
            && self.changed_nodes.is_empty()
            && self.added_edges.is_empty()
            && self.removed_edges.is_empty()
            && !self.variables_changed
    }
}

/// Compares two graphs. Lists follow the order of the graph they come from.
pub fn diff(old: &FlowGraph, new: &FlowGraph) -> GraphDiff {
    let old_nodes: BTreeMap<&str, &Node> = old.nodes.iter().map(|n| (n.id.as_str(), n)).collect();
    let new_nodes: BTreeMap<&str, &Node> = new.nodes.iter().map(|n| (n.id.as_str(), n)).collect();
    let mut d = GraphDiff::default();
    for n in &new.nodes {
        match old_nodes.get(n.id.as_str()) {
            None => d.added_nodes.push(n.id.clone()),
            Some(o) if o.kind != n.kind => d.changed_nodes.push(n.id.clone()),
            Some(o) if o.position != n.position => d.moved_nodes.push(n.id.clone()),
            Some(_) => {}
        }
    }
    d.removed_nodes =
        old.nodes.iter().filter(|n| !new_nodes.contains_key(n.id.as_str())).map(|n| n.id.clone()).collect();
    let key = |e: &Edge| (e.source.clone(), e.source_handle.clone(), e.target.clone());
    let old_edges: BTreeSet<_> = old.edges.iter().map(key).collect();
    let new_edges: BTreeSet<_> = new.edges.iter().map(key).collect();
    d.added_edges = new.edges.iter().filter(|e| !old_edges.contains(&key(e))).cloned().collect();
    d.removed_edges = old.edges.iter().filter(|e| !new_edges.contains(&key(e))).cloned().collect();
    d.variables_changed = old.variables != new.variables;
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Delay, Empty, NodeKind, Position};

    fn node(id: &str, kind: NodeKind, x: f64) -> Node {
        Node { id: id.into(), position: Position { x, y: 0.0 }, kind }
    }

    fn edge(id: &str, s: &str, t: &str) -> Edge {
        Edge { id: id.into(), source: s.into(), source_handle: "next".into(), target: t.into() }
    }

    #[test]
    fn added_removed_changed_and_moved_nodes_are_told_apart() {
        let old = FlowGraph {
            nodes: vec![
                node("s", NodeKind::Start(Empty {}), 0.0),
                node("w", NodeKind::Wait(Delay { seconds: 60 }), 0.0),
                node("gone", NodeKind::End(Empty {}), 0.0),
                node("m", NodeKind::End(Empty {}), 0.0),
            ],
            edges: vec![edge("e1", "s", "w"), edge("e2", "w", "gone")],
            variables: vec![],
        };
        let new = FlowGraph {
            nodes: vec![
                node("s", NodeKind::Start(Empty {}), 0.0),
                node("w", NodeKind::Wait(Delay { seconds: 120 }), 50.0),
                node("m", NodeKind::End(Empty {}), 10.0),
                node("new", NodeKind::End(Empty {}), 0.0),
            ],
            edges: vec![edge("redrawn", "s", "w"), edge("e3", "w", "new")],
            variables: vec![],
        };
        let d = diff(&old, &new);
        assert_eq!(d.added_nodes, vec!["new"]);
        assert_eq!(d.removed_nodes, vec!["gone"]);
        assert_eq!(d.changed_nodes, vec!["w"]);
        assert_eq!(d.moved_nodes, vec!["m"]);
        assert_eq!(d.added_edges, vec![edge("e3", "w", "new")]);
        assert_eq!(d.removed_edges, vec![edge("e2", "w", "gone")]);
        assert!(!d.variables_changed);
        assert!(!d.same_behaviour());
        assert!(diff(&old, &old).same_behaviour());
    }
}
