//! The builder's state and every change to it, as one pure reducer: the graph with its undo history, the flow's
//! settings (name, trigger), what is selected, and the sizes React Flow measured. `rev` counts changes worth saving,
//! so the autosave knows what the server has.
import type { EdgeChange, NodeChange, XYPosition } from '@xyflow/react';
import {
  addNode,
  connect,
  moveNodes,
  normalizeGraph,
  pasteClip,
  placementFor,
  removeElements,
  setNodeData,
  setVariables,
  type Clip,
  type Connection,
  type EditorGraph,
  type FlowRfEdge,
  type FlowRfNode,
} from '../graph';
import { commit, createHistory, record, redo, replace, undo, type History } from '../history';
import type { Flow, FlowTrigger, FlowVariableDef, NodeData, NodeType } from '../types';

export interface FlowMeta {
  name: string;
  description: string;
  trigger: FlowTrigger;
}

export type Size = { width: number; height: number };

export interface EditorState {
  history: History<EditorGraph>;
  meta: FlowMeta;
  selection: { nodes: string[]; edges: string[] };
  measured: Record<string, Size>;
  /** Changes worth saving so far (graph or settings). */
  rev: number;
  /** The graph when the current drag started. */
  dragOrigin: EditorGraph | null;
}

export type EditorAction =
  | { type: 'nodesChanged'; changes: NodeChange<FlowRfNode>[]; at?: number }
  | { type: 'edgesChanged'; changes: EdgeChange<FlowRfEdge>[] }
  | { type: 'dragStart' }
  | { type: 'dragStop' }
  | { type: 'delete'; nodes: string[]; edges: string[] }
  | { type: 'connect'; connection: Connection }
  /** `after`: the node it follows (joined by its `next` when free); `position`: where (else next to `after`). */
  | { type: 'addNode'; nodeType: NodeType; position?: XYPosition; after?: string }
  | { type: 'setNodeData'; id: string; data: NodeData<NodeType>; key?: string; at?: number }
  | { type: 'setVariables'; variables: FlowVariableDef[]; key?: string; at?: number }
  | { type: 'setMeta'; meta: Partial<FlowMeta> }
  | { type: 'paste'; clip: Clip }
  | { type: 'select'; nodes: string[]; edges?: string[] }
  | { type: 'undo' }
  | { type: 'redo' }
  /** A restored version becomes the draft (one undoable step). */
  | { type: 'replaceGraph'; graph: EditorGraph };

export function initialState(flow: Pick<Flow, 'name' | 'description' | 'trigger' | 'draft'>): EditorState {
  return {
    history: createHistory(normalizeGraph(flow.draft)),
    meta: { name: flow.name, description: flow.description ?? '', trigger: flow.trigger },
    selection: { nodes: [], edges: [] },
    measured: {},
    rev: 0,
    dragOrigin: null,
  };
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function withGraph(s: EditorState, history: History<EditorGraph>): EditorState {
  if (history === s.history) return s;
  const changed = history.present !== s.history.present;
  // Undo and redo may bring back nodes that are gone from the selection, or drop selected ones.
  const ids = new Set(history.present.nodes.map((n) => n.id));
  const edgeIds = new Set(history.present.edges.map((e) => e.id));
  const nodes = s.selection.nodes.filter((id) => ids.has(id));
  const edges = s.selection.edges.filter((id) => edgeIds.has(id));
  const selection = sameList(nodes, s.selection.nodes) && sameList(edges, s.selection.edges) ? s.selection : { nodes, edges };
  return { ...s, history, selection, rev: changed ? s.rev + 1 : s.rev };
}

function applySelect(current: string[], changes: { id: string; selected: boolean }[]): string[] {
  if (changes.length === 0) return current;
  const set = new Set(current);
  for (const c of changes) {
    if (c.selected) set.add(c.id);
    else set.delete(c.id);
  }
  const next = [...set];
  return sameList(next, current) ? current : next;
}

export function editorReducer(s: EditorState, a: EditorAction): EditorState {
  const graph = s.history.present;
  switch (a.type) {
    case 'nodesChanged': {
      let next = s;
      const positions = new Map<string, XYPosition>();
      const selects: { id: string; selected: boolean }[] = [];
      let measured = s.measured;
      for (const c of a.changes) {
        if (c.type === 'position' && c.position) positions.set(c.id, c.position);
        else if (c.type === 'select') selects.push({ id: c.id, selected: c.selected });
        else if (c.type === 'dimensions' && c.dimensions) {
          const prev = measured[c.id];
          if (!prev || prev.width !== c.dimensions.width || prev.height !== c.dimensions.height) {
            measured = { ...measured, [c.id]: { width: c.dimensions.width, height: c.dimensions.height } };
          }
        }
        // 'remove' is handled by 'delete' (one undo step for the nodes and their edges); 'add'/'replace' never
        // come from the canvas, which only renders what the graph holds.
      }
      if (measured !== s.measured) next = { ...next, measured };
      const nodes = applySelect(next.selection.nodes, selects);
      if (nodes !== next.selection.nodes) next = { ...next, selection: { ...next.selection, nodes } };
      if (positions.size > 0) {
        const moved = moveNodes(graph, positions);
        // A drag is one step, recorded when it stops; arrow-key moves of the selection coalesce like typing.
        next = withGraph(next, s.dragOrigin ? replace(next.history, moved) : commit(next.history, moved, { key: 'move', at: a.at }));
      }
      return next;
    }
    case 'edgesChanged': {
      const selects = a.changes.flatMap((c) => (c.type === 'select' ? [{ id: c.id, selected: c.selected }] : []));
      const edges = applySelect(s.selection.edges, selects);
      return edges === s.selection.edges ? s : { ...s, selection: { ...s.selection, edges } };
    }
    case 'dragStart':
      return s.dragOrigin ? s : { ...s, dragOrigin: graph };
    case 'dragStop':
      if (!s.dragOrigin) return s;
      return { ...withGraph(s, record(s.history, s.dragOrigin)), dragOrigin: null };
    case 'delete': {
      const next = removeElements(graph, a.nodes, a.edges);
      return withGraph(s, commit(s.history, next));
    }
    case 'connect':
      return withGraph(s, commit(s.history, connect(graph, a.connection)));
    case 'addNode': {
      const position = a.position ?? placementFor(graph, a.after);
      const added = addNode(graph, a.nodeType, position);
      let next = added.graph;
      // Added by click after the selected node: joined to it when that node has a free `next`.
      if (a.after && !graph.edges.some((e) => e.source === a.after && e.sourceHandle === 'next')) {
        next = connect(next, { source: a.after, sourceHandle: 'next', target: added.id });
      }
      return { ...withGraph(s, commit(s.history, next)), selection: { nodes: [added.id], edges: [] } };
    }
    case 'setNodeData':
      return withGraph(s, commit(s.history, setNodeData(graph, a.id, a.data), { key: a.key, at: a.at }));
    case 'setVariables':
      return withGraph(s, commit(s.history, setVariables(graph, a.variables), { key: a.key, at: a.at }));
    case 'setMeta':
      return { ...s, meta: { ...s.meta, ...a.meta }, rev: s.rev + 1 };
    case 'paste': {
      const { graph: pasted, ids } = pasteClip(graph, a.clip);
      if (ids.length === 0) return s;
      return { ...withGraph(s, commit(s.history, pasted)), selection: { nodes: ids, edges: [] } };
    }
    case 'select': {
      const edges = a.edges ?? [];
      if (sameList(a.nodes, s.selection.nodes) && sameList(edges, s.selection.edges)) return s;
      return { ...s, selection: { nodes: a.nodes, edges } };
    }
    case 'undo':
      return withGraph(s, undo(s.history));
    case 'redo':
      return withGraph(s, redo(s.history));
    case 'replaceGraph':
      return { ...withGraph(s, commit(s.history, a.graph)), selection: { nodes: [], edges: [] } };
  }
}
