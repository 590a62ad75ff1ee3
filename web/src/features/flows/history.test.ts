import { describe, expect, it } from 'vitest';
import { canRedo, canUndo, commit, createHistory, HISTORY_LIMIT, record, redo, replace, undo } from './history';

describe('undo/redo history', () => {
  it('undoes and redoes commits in order', () => {
    let h = createHistory('a');
    h = commit(h, 'b');
    h = commit(h, 'c');
    expect(h.present).toBe('c');
    h = undo(h);
    expect(h.present).toBe('b');
    h = undo(h);
    expect(h.present).toBe('a');
    expect(canUndo(h)).toBe(false);
    expect(undo(h)).toBe(h);
    h = redo(h);
    expect(h.present).toBe('b');
    expect(canRedo(h)).toBe(true);
  });

  it('forgets the redo steps when something new is committed', () => {
    let h = commit(commit(createHistory(1), 2), 3);
    h = commit(undo(h), 4);
    expect(h.present).toBe(4);
    expect(canRedo(h)).toBe(false);
    expect(undo(h).present).toBe(2);
  });

  it('makes typing in one field a single step, but not across fields or pauses', () => {
    let h = createHistory('');
    h = commit(h, 'H', { key: 'n1.text', at: 0 });
    h = commit(h, 'He', { key: 'n1.text', at: 300 });
    h = commit(h, 'Hey', { key: 'n1.text', at: 600 });
    expect(h.past).toEqual(['']);
    expect(undo(h).present).toBe('');
    h = commit(h, 'Hey!', { key: 'n1.text', at: 5000 });
    expect(h.past).toEqual(['', 'Hey']);
    h = commit(h, 'Hey!?', { key: 'n2.text', at: 5100 });
    expect(h.past).toEqual(['', 'Hey', 'Hey!']);
  });

  it('records a drag as one step from where it started', () => {
    let h = commit(createHistory({ x: 0 }), { x: 1 });
    const before = h.present;
    h = replace(h, { x: 2 });
    h = replace(h, { x: 3 });
    expect(h.past).toHaveLength(1);
    h = record(h, before);
    expect(h.present).toEqual({ x: 3 });
    expect(undo(h).present).toBe(before);
    expect(record(h, h.present)).toBe(h);
  });

  it('ignores a commit of the same state and keeps at most HISTORY_LIMIT steps', () => {
    const h0 = createHistory(0);
    expect(commit(h0, 0)).toBe(h0);
    let h = h0;
    for (let i = 1; i <= HISTORY_LIMIT + 20; i++) h = commit(h, i);
    expect(h.past).toHaveLength(HISTORY_LIMIT);
    expect(h.past[0]).toBe(20);
  });
});
