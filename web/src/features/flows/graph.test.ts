import { describe, expect, it } from 'vitest';
import {
  addNode,
  canConnect,
  connect,
  copyNodes,
  fromRfNode,
  graphFromRf,
  graphToRf,
  moveNodes,
  normalizeGraph,
  pasteClip,
  placementFor,
  pruneEdges,
  removeElements,
  setNodeData,
  toRfNode,
  toSaved,
} from './graph';
import { menuGraph, nodeOf, seq } from './test/graphs';

describe('graph ↔ React Flow', () => {
  it('round-trips a saved graph through React Flow nodes and edges unchanged', () => {
    const g = menuGraph();
    const rf = graphToRf(g);
    expect(rf.nodes[1]).toMatchObject({ id: 'ask', type: 'ask', position: { x: 300, y: 0 }, data: nodeOf(g, 'ask').data });
    expect(rf.edges[1]).toEqual({ id: 'e2', source: 'ask', sourceHandle: 'option:yes', target: 'send' });
    expect(graphFromRf(rf.nodes, rf.edges, g.variables)).toEqual(g);
  });

  it("strips React Flow's own fields before saving", () => {
    const rf = { ...toRfNode(nodeOf(menuGraph(), 'send'), { selected: true, measured: { width: 260, height: 90 } }), dragging: true, width: 260 };
    expect(rf.selected).toBe(true);
    expect(fromRfNode(rf)).toEqual({ id: 'send', position: { x: 600, y: 0 }, type: 'sendMessage', data: { text: 'Hi {{contact.name}}' } });
  });

  it('keeps the start node from being deleted and makes read-only nodes fixed', () => {
    expect(toRfNode(nodeOf(menuGraph(), 'start')).deletable).toBe(false);
    expect(toRfNode(nodeOf(menuGraph(), 'ask')).deletable).toBe(true);
    expect(toRfNode(nodeOf(menuGraph(), 'ask'), { readOnly: true })).toMatchObject({ deletable: false, draggable: false, connectable: false });
  });

  it('fills missing lists and positions', () => {
    expect(normalizeGraph({ nodes: [{ id: 's', type: 'start', data: {} }] })).toEqual({
      nodes: [{ id: 's', type: 'start', data: {}, position: { x: 0, y: 0 } }],
      edges: [],
      variables: [],
    });
    expect(normalizeGraph(null)).toEqual({ nodes: [], edges: [], variables: [] });
  });

  it('rounds positions when saving', () => {
    const g = moveNodes(menuGraph(), new Map([['ask', { x: 10.4, y: 20.6 }]]));
    expect(toSaved(g).nodes?.[1]?.position).toEqual({ x: 10, y: 21 });
  });
});

describe('editing', () => {
  it('adds a node with default settings and a fresh id', () => {
    const { graph, id } = addNode(menuGraph(), 'wait', { x: 5, y: 6 }, { random: seq([0]) });
    expect(id).toBe('wait-aaaaaa');
    expect(graph.nodes.at(-1)).toEqual({ id, position: { x: 5, y: 6 }, type: 'wait', data: { seconds: 3600 } });
  });

  it('removes nodes with their edges, never the start node', () => {
    const g = removeElements(menuGraph(), ['start', 'send']);
    expect(g.nodes.map((n) => n.id)).toEqual(['start', 'ask', 'end']);
    expect(g.edges.map((e) => e.id)).toEqual(['e1', 'e3']);
    expect(removeElements(menuGraph(), [], ['e3']).edges.map((e) => e.id)).toEqual(['e1', 'e2', 'e4']);
  });

  it('drops the connection of an option that was removed', () => {
    const g = menuGraph();
    const ask = nodeOf(g, 'ask');
    if (ask.type !== 'ask') throw new Error('ask');
    const next = setNodeData(g, 'ask', { ...ask.data, options: ask.data.options.slice(0, 1) });
    expect(next.edges.map((e) => e.id)).toEqual(['e1', 'e2', 'e4']);
  });

  it('drops edges into the start node or from outcomes that do not exist', () => {
    const g = menuGraph();
    g.edges.push({ id: 'bad1', source: 'end', sourceHandle: 'next', target: 'ask' }, { id: 'bad2', source: 'send', sourceHandle: 'error', target: 'start' });
    expect(pruneEdges(g).edges.map((e) => e.id)).toEqual(['e1', 'e2', 'e3', 'e4']);
  });

  it('gives an outcome one connection: drawing again replaces it', () => {
    const g = connect(menuGraph(), { source: 'ask', sourceHandle: 'option:no', target: 'send' }, seq([0]));
    const fromNo = g.edges.filter((e) => e.source === 'ask' && e.sourceHandle === 'option:no');
    expect(fromNo).toHaveLength(1);
    expect(fromNo[0]?.target).toBe('send');
    expect(g.edges).toHaveLength(4);
  });

  it('connects only existing outcomes to nodes that can be entered', () => {
    const g = menuGraph();
    expect(canConnect(g, { source: 'send', sourceHandle: 'error', target: 'end' })).toBe(true);
    expect(canConnect(g, { source: 'send', sourceHandle: 'nope', target: 'end' })).toBe(false);
    expect(canConnect(g, { source: 'send', sourceHandle: 'error', target: 'start' })).toBe(false);
    expect(canConnect(g, { source: 'end', sourceHandle: 'next', target: 'ask' })).toBe(false);
    expect(connect(g, { source: 'send', sourceHandle: null, target: 'end' })).toBe(g);
  });

  it('moves only the nodes whose position changed', () => {
    const g = menuGraph();
    expect(moveNodes(g, new Map([['ask', { x: 300, y: 0 }]]))).toBe(g);
    expect(nodeOf(moveNodes(g, new Map([['ask', { x: 1, y: 2 }]])), 'ask').position).toEqual({ x: 1, y: 2 });
  });
});

describe('copy and paste', () => {
  it('copies selected nodes with the edges between them and pastes them with new ids, shifted', () => {
    const g = menuGraph();
    const clip = copyNodes(g, ['start', 'ask', 'send']);
    expect(clip.nodes.map((n) => n.id)).toEqual(['ask', 'send']);
    expect(clip.edges.map((e) => e.id)).toEqual(['e2']);
    const { graph, ids } = pasteClip(g, clip, { x: 40, y: 40 }, seq([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]));
    expect(ids).toHaveLength(2);
    expect(new Set([...ids, ...g.nodes.map((n) => n.id)]).size).toBe(6);
    const pasted = graph.nodes.filter((n) => ids.includes(n.id));
    expect(pasted.map((n) => n.type)).toEqual(['ask', 'sendMessage']);
    expect(pasted[0]?.position).toEqual({ x: 340, y: 40 });
    const edge = graph.edges.at(-1);
    expect(edge).toMatchObject({ source: ids[0], sourceHandle: 'option:yes', target: ids[1] });
    // The copy's settings are its own.
    expect(pasted[0]?.data).not.toBe(nodeOf(g, 'ask').data);
  });

  it('pastes a second copy further along rather than on top of the first', () => {
    const g = menuGraph();
    const clip = copyNodes(g, ['send']);
    const once = pasteClip(g, clip);
    const twice = pasteClip(once.graph, clip);
    expect(nodeOf(once.graph, once.ids[0] ?? '').position).toEqual({ x: 640, y: 40 });
    expect(nodeOf(twice.graph, twice.ids[0] ?? '').position).toEqual({ x: 680, y: 80 });
  });

  it("points a copied jump at the copy of its target", () => {
    const g = menuGraph();
    g.nodes.push({ id: 'jump', position: { x: 0, y: 200 }, type: 'jump', data: { target: 'send' } });
    const { graph, ids } = pasteClip(g, copyNodes(g, ['send', 'jump']));
    const jump = graph.nodes.find((n) => n.id === ids[1]);
    expect(jump?.type === 'jump' && jump.data.target).toBe(ids[0]);
  });

  it('places a node added by click right of the selected node, or below the others', () => {
    const g = menuGraph();
    expect(placementFor(g, 'ask')).toEqual({ x: 620, y: 0 });
    expect(placementFor(g)).toEqual({ x: 0, y: 180 });
  });
});
