import { describe, expect, it } from 'vitest';
import { canUndo } from '../history';
import { menuGraph, nodeOf } from '../test/graphs';
import type { Flow } from '../types';
import { editorReducer, initialState, type EditorAction, type EditorState } from './store';

const flow: Pick<Flow, 'name' | 'description' | 'trigger' | 'draft'> = {
  name: 'Menu',
  description: null,
  trigger: { kind: 'manual' },
  draft: menuGraph(),
};

const run = (actions: EditorAction[], s: EditorState = initialState(flow)) => actions.reduce(editorReducer, s);

describe('builder state', () => {
  it('starts from the draft with nothing to undo or save', () => {
    const s = initialState(flow);
    expect(s.history.present.nodes).toHaveLength(4);
    expect(s.meta).toEqual({ name: 'Menu', description: '', trigger: { kind: 'manual' } });
    expect(s.rev).toBe(0);
    expect(canUndo(s.history)).toBe(false);
  });

  it('records a drag as one undo step, from where it started', () => {
    const s = run([
      { type: 'dragStart' },
      { type: 'nodesChanged', changes: [{ type: 'position', id: 'ask', position: { x: 310, y: 5 }, dragging: true }] },
      { type: 'nodesChanged', changes: [{ type: 'position', id: 'ask', position: { x: 350, y: 40 }, dragging: true }] },
      { type: 'dragStop' },
    ]);
    expect(nodeOf(s.history.present, 'ask').position).toEqual({ x: 350, y: 40 });
    expect(s.history.past).toHaveLength(1);
    expect(s.rev).toBeGreaterThan(0);
    const undone = editorReducer(s, { type: 'undo' });
    expect(nodeOf(undone.history.present, 'ask').position).toEqual({ x: 300, y: 0 });
  });

  it('keeps sizes and selection out of the history and the saves', () => {
    const s = run([
      { type: 'nodesChanged', changes: [{ type: 'dimensions', id: 'ask', dimensions: { width: 256, height: 120 } }] },
      { type: 'nodesChanged', changes: [{ type: 'select', id: 'ask', selected: true }] },
      { type: 'edgesChanged', changes: [{ type: 'select', id: 'e1', selected: true }] },
    ]);
    expect(s.measured.ask).toEqual({ width: 256, height: 120 });
    expect(s.selection).toEqual({ nodes: ['ask'], edges: ['e1'] });
    expect(s.rev).toBe(0);
    expect(canUndo(s.history)).toBe(false);
  });

  it('deletes nodes with their edges in one step, and undo brings both back', () => {
    const s = run([{ type: 'select', nodes: ['send'] }, { type: 'delete', nodes: ['send'], edges: ['e2', 'e4'] }]);
    expect(s.history.present.nodes.map((n) => n.id)).toEqual(['start', 'ask', 'end']);
    expect(s.history.present.edges.map((e) => e.id)).toEqual(['e1', 'e3']);
    expect(s.selection.nodes).toEqual([]);
    const back = editorReducer(s, { type: 'undo' });
    expect(back.history.present.nodes).toHaveLength(4);
    expect(back.history.present.edges).toHaveLength(4);
  });

  it('adds a node after the selected one, joined by its free next, and selects it', () => {
    const s = run([{ type: 'addNode', nodeType: 'end', after: 'start', position: { x: 0, y: 300 } }]);
    const added = s.selection.nodes[0] ?? '';
    expect(nodeOf(s.history.present, added).type).toBe('end');
    // start's next was taken (to the ask): not rewired.
    expect(s.history.present.edges.filter((e) => e.source === 'start')).toHaveLength(1);
    const t = run([{ type: 'delete', nodes: [], edges: ['e1'] }, { type: 'addNode', nodeType: 'wait', after: 'start' }]);
    const wait = t.selection.nodes[0] ?? '';
    expect(t.history.present.edges.find((e) => e.source === 'start')?.target).toBe(wait);
    expect(nodeOf(t.history.present, wait).position).toEqual({ x: 320, y: 0 });
  });

  it('makes typing in one field one undo step', () => {
    const ask = nodeOf(menuGraph(), 'ask');
    if (ask.type !== 'ask') throw new Error('ask');
    const typed = (text: string, at: number): EditorAction => ({ type: 'setNodeData', id: 'ask', data: { ...ask.data, text }, key: 'ask:text', at });
    const s = run([typed('W', 0), typed('Wh', 100), typed('Why', 200)]);
    expect(s.history.past).toHaveLength(1);
    const undone = editorReducer(s, { type: 'undo' });
    const back = nodeOf(undone.history.present, 'ask');
    expect(back.type === 'ask' && back.data.text).toBe('Want news?');
  });

  it('counts a settings change as something to save, without an undo step', () => {
    const s = run([{ type: 'setMeta', meta: { name: 'Menu 2' } }]);
    expect(s.meta.name).toBe('Menu 2');
    expect(s.rev).toBe(1);
    expect(canUndo(s.history)).toBe(false);
  });

  it('pastes copies and selects them; connecting replaces an outcome’s edge', () => {
    const g = menuGraph();
    const s = run([{ type: 'paste', clip: { nodes: [nodeOf(g, 'send')], edges: [] } }]);
    expect(s.history.present.nodes).toHaveLength(5);
    expect(s.selection.nodes).toHaveLength(1);
    const pasted = s.selection.nodes[0] ?? '';
    const c = editorReducer(s, { type: 'connect', connection: { source: 'ask', sourceHandle: 'option:no', target: pasted } });
    expect(c.history.present.edges.filter((e) => e.source === 'ask' && e.sourceHandle === 'option:no').map((e) => e.target)).toEqual([pasted]);
  });
});
