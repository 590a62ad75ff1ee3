//! The flow graph as the builder edits it, and its mapping to and from React Flow's nodes and edges.
//!
//! The saved JSON already is React Flow's shape (`{id, position, type, data}` nodes, `{id, source, sourceHandle,
//! target}` edges), so the mapping only adds what the canvas needs (selection, measured size, deletable) and strips
//! what React Flow adds (`measured`, `selected`, `dragging`, `width` ...) before saving. Every edit is a pure function
//! from a graph to a new graph; edges that no longer leave from an existing outcome are dropped as the edit happens.
import type { Edge as RfEdge, Node as RfNode, XYPosition } from '@xyflow/react';
import { defaultData, shortId } from './catalog';
import { hasInput, hasOutcome } from './outcomes';
import type { FlowEdge, FlowGraph, FlowNode, FlowNodeKind, FlowVariableDef, NodeData, NodeType } from './types';

/** A graph with every list present: what the editor holds. */
export type EditorGraph = {
  nodes: FlowNode[];
  edges: FlowEdge[];
  variables: FlowVariableDef[];
};

/** A React Flow node of one of our kinds, `type` and `data` kept together. */
export type FlowRfNode = { [K in NodeType]: RfNode<NodeData<K>, K> }[NodeType];
export type FlowRfEdge = RfEdge & { sourceHandle: string };
/** The React Flow node of one kind (what that kind's node component receives). */
export type RfNodeOf<K extends NodeType> = RfNode<NodeData<K>, K>;

export const EMPTY_GRAPH: EditorGraph = { nodes: [], edges: [], variables: [] };

export function normalizeGraph(g: FlowGraph | null | undefined): EditorGraph {
  return {
    nodes: (g?.nodes ?? []).map((n) => (n.position ? n : { ...n, position: { x: 0, y: 0 } })),
    edges: g?.edges ?? [],
    variables: g?.variables ?? [],
  };
}

const kindOfNode = (n: FlowNode): FlowNodeKind => ({ type: n.type, data: n.data }) as FlowNodeKind;

/** What the canvas knows about a node besides the graph. */
export interface NodeView {
  selected?: boolean;
  measured?: { width?: number; height?: number };
  /** A version shown read-only: nothing moves or connects. */
  readOnly?: boolean;
}

export function toRfNode(n: FlowNode, view: NodeView = {}): FlowRfNode {
  const node = {
    id: n.id,
    type: n.type,
    position: { x: n.position?.x ?? 0, y: n.position?.y ?? 0 },
    data: n.data,
    // The start node is the flow's entry: it can move but not go away.
    deletable: !view.readOnly && n.type !== 'start',
    ...(view.readOnly ? { draggable: false, connectable: false } : {}),
    ...(view.selected ? { selected: true } : {}),
    ...(view.measured ? { measured: view.measured } : {}),
  };
  return node as FlowRfNode;
}

/** Only the saved fields: `{id, position, type, data}`. */
export function fromRfNode(n: Pick<FlowRfNode, 'id' | 'type' | 'position' | 'data'>): FlowNode {
  return { id: n.id, position: { x: n.position.x, y: n.position.y }, type: n.type, data: n.data } as FlowNode;
}

export function toRfEdge(e: FlowEdge, extra: Omit<Partial<RfEdge>, 'sourceHandle'> = {}): FlowRfEdge {
  return { ...extra, id: e.id, source: e.source, sourceHandle: e.sourceHandle, target: e.target };
}

export function fromRfEdge(e: Pick<RfEdge, 'id' | 'source' | 'target' | 'sourceHandle'>): FlowEdge {
  return { id: e.id, source: e.source, sourceHandle: e.sourceHandle ?? '', target: e.target };
}

export function graphToRf(g: FlowGraph): { nodes: FlowRfNode[]; edges: FlowRfEdge[] } {
  const n = normalizeGraph(g);
  return { nodes: n.nodes.map((x) => toRfNode(x)), edges: n.edges.map((x) => toRfEdge(x)) };
}

export function graphFromRf(nodes: readonly FlowRfNode[], edges: readonly RfEdge[], variables: FlowVariableDef[] = []): EditorGraph {
  return { nodes: nodes.map(fromRfNode), edges: edges.map(fromRfEdge), variables };
}

/** The graph as the API takes it (positions rounded: sub-pixel drags are no change worth saving). */
export function toSaved(g: EditorGraph): FlowGraph {
  return {
    nodes: g.nodes.map((n) => ({ ...n, position: { x: Math.round(n.position?.x ?? 0), y: Math.round(n.position?.y ?? 0) } })),
    edges: g.edges,
    variables: g.variables,
  };
}

// ---- ids ----

/** A node id not used in `g`: `<type>-<6 random characters>`. */
export function newNodeId(g: Pick<EditorGraph, 'nodes'>, type: NodeType, random: () => number = Math.random): string {
  const taken = new Set(g.nodes.map((n) => n.id));
  for (;;) {
    const id = `${type}-${shortId(random)}`;
    if (!taken.has(id)) return id;
  }
}

export function newEdgeId(source: string, handle: string, target: string, random: () => number = Math.random): string {
  return `e-${source}-${handle.replace(':', '-')}-${target}-${shortId(random).slice(0, 3)}`;
}

// ---- edits ----

export function findNode(g: Pick<EditorGraph, 'nodes'>, id: string): FlowNode | undefined {
  return g.nodes.find((n) => n.id === id);
}

/** Drops edges whose source outcome or target no longer exists (an ask's option removed, a node deleted). */
export function pruneEdges(g: EditorGraph): EditorGraph {
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const edges = g.edges.filter((e) => {
    const source = byId.get(e.source);
    const target = byId.get(e.target);
    return source !== undefined && target !== undefined && hasOutcome(kindOfNode(source), e.sourceHandle) && hasInput(kindOfNode(target));
  });
  return edges.length === g.edges.length ? g : { ...g, edges };
}

export function addNode<T extends NodeType>(
  g: EditorGraph,
  type: T,
  position: XYPosition,
  { id, data, random }: { id?: string; data?: NodeData<T>; random?: () => number } = {},
): { graph: EditorGraph; id: string } {
  const nodeId = id ?? newNodeId(g, type, random);
  const node = { id: nodeId, position: { x: Math.round(position.x), y: Math.round(position.y) }, type, data: data ?? defaultData(type, random) } as FlowNode;
  return { graph: { ...g, nodes: [...g.nodes, node] }, id: nodeId };
}

/** Removes nodes (never the start node) with their edges, and edges by id. */
export function removeElements(g: EditorGraph, nodeIds: Iterable<string>, edgeIds: Iterable<string> = []): EditorGraph {
  const nodes = new Set(nodeIds);
  for (const n of g.nodes) if (n.type === 'start') nodes.delete(n.id);
  const edges = new Set(edgeIds);
  if (nodes.size === 0 && edges.size === 0) return g;
  return {
    ...g,
    nodes: g.nodes.filter((n) => !nodes.has(n.id)),
    edges: g.edges.filter((e) => !edges.has(e.id) && !nodes.has(e.source) && !nodes.has(e.target)),
  };
}

export function moveNodes(g: EditorGraph, positions: ReadonlyMap<string, XYPosition>): EditorGraph {
  if (positions.size === 0) return g;
  let changed = false;
  const nodes = g.nodes.map((n) => {
    const p = positions.get(n.id);
    if (!p || (p.x === n.position?.x && p.y === n.position?.y)) return n;
    changed = true;
    return { ...n, position: { x: p.x, y: p.y } };
  });
  return changed ? { ...g, nodes } : g;
}

/** Replaces a node's settings; connections from outcomes it no longer has go away. */
export function setNodeData<T extends NodeType>(g: EditorGraph, id: string, data: NodeData<T>): EditorGraph {
  const nodes = g.nodes.map((n) => (n.id === id ? ({ ...n, data } as FlowNode) : n));
  return pruneEdges({ ...g, nodes });
}

export interface Connection {
  source: string;
  sourceHandle: string | null | undefined;
  target: string;
}

/** Whether `c` may be drawn: from an existing outcome to a node that can be entered. */
export function canConnect(g: Pick<EditorGraph, 'nodes'>, c: Connection): boolean {
  if (!c.sourceHandle) return false;
  const source = findNode(g, c.source);
  const target = findNode(g, c.target);
  return source !== undefined && target !== undefined && hasOutcome(kindOfNode(source), c.sourceHandle) && hasInput(kindOfNode(target));
}

/** Draws `c`; an outcome has one connection, so one already leaving the same handle is replaced. */
export function connect(g: EditorGraph, c: Connection, random: () => number = Math.random): EditorGraph {
  if (!canConnect(g, c) || !c.sourceHandle) return g;
  const handle = c.sourceHandle;
  const same = g.edges.find((e) => e.source === c.source && e.sourceHandle === handle);
  if (same?.target === c.target) return g;
  const edge: FlowEdge = { id: newEdgeId(c.source, handle, c.target, random), source: c.source, sourceHandle: handle, target: c.target };
  return { ...g, edges: [...g.edges.filter((e) => e !== same), edge] };
}

export function setVariables(g: EditorGraph, variables: FlowVariableDef[]): EditorGraph {
  return { ...g, variables };
}

// ---- copy and paste ----

/** Selected nodes and the edges between them. */
export interface Clip {
  nodes: FlowNode[];
  edges: FlowEdge[];
}

export function copyNodes(g: EditorGraph, ids: Iterable<string>): Clip {
  const wanted = new Set(ids);
  const nodes = g.nodes.filter((n) => wanted.has(n.id) && n.type !== 'start');
  const kept = new Set(nodes.map((n) => n.id));
  return { nodes, edges: g.edges.filter((e) => kept.has(e.source) && kept.has(e.target)) };
}

/**
 * Adds a copy of `clip` shifted by `offset`, with new node and edge ids (a jump inside the copy follows its copied
 * target). Returns the new graph and the pasted nodes' ids, to select them.
 */
export function pasteClip(
  g: EditorGraph,
  clip: Clip,
  offset: XYPosition = { x: 40, y: 40 },
  random: () => number = Math.random,
): { graph: EditorGraph; ids: string[] } {
  if (clip.nodes.length === 0) return { graph: g, ids: [] };
  // Pasting again (or pasting where an earlier copy sits) steps further, so copies never hide each other.
  const taken = new Set(g.nodes.map((n) => `${n.position?.x ?? 0},${n.position?.y ?? 0}`));
  const at = (n: FlowNode, k: number) => `${(n.position?.x ?? 0) + offset.x * k},${(n.position?.y ?? 0) + offset.y * k}`;
  let step = 1;
  while (step < 50 && clip.nodes.some((n) => taken.has(at(n, step)))) step++;
  offset = { x: offset.x * step, y: offset.y * step };
  const ids = new Map<string, string>();
  let work: Pick<EditorGraph, 'nodes'> = { nodes: [...g.nodes] };
  for (const n of clip.nodes) {
    const id = newNodeId(work, n.type, random);
    ids.set(n.id, id);
    work = { nodes: [...work.nodes, { ...n, id }] };
  }
  const nodes = clip.nodes.map((n) => {
    const copy = {
      ...n,
      id: ids.get(n.id) as string,
      position: { x: (n.position?.x ?? 0) + offset.x, y: (n.position?.y ?? 0) + offset.y },
      data: structuredClone(n.data),
    } as FlowNode;
    if (copy.type === 'jump' && ids.has(copy.data.target)) copy.data = { ...copy.data, target: ids.get(copy.data.target) as string };
    return copy;
  });
  const edges = clip.edges.map((e) => {
    const source = ids.get(e.source) as string;
    const target = ids.get(e.target) as string;
    return { id: newEdgeId(source, e.sourceHandle, target, random), source, sourceHandle: e.sourceHandle, target };
  });
  return { graph: { ...g, nodes: [...g.nodes, ...nodes], edges: [...g.edges, ...edges] }, ids: nodes.map((n) => n.id) };
}

/** Where a node added without a drop point goes: right of the selected node, else below the lowest node. */
export function placementFor(g: EditorGraph, after?: string): XYPosition {
  const anchor = after ? findNode(g, after) : undefined;
  if (anchor?.position) return { x: anchor.position.x + 320, y: anchor.position.y };
  if (g.nodes.length === 0) return { x: 0, y: 0 };
  const lowest = g.nodes.reduce((max, n) => Math.max(max, n.position?.y ?? 0), -Infinity);
  const left = g.nodes.reduce((min, n) => Math.min(min, n.position?.x ?? 0), Infinity);
  return { x: left, y: lowest + 180 };
}
