//! Undo and redo over immutable snapshots. Pure functions: the builder keeps one `History` of its graph.
//!
//! Typing in a settings field changes the graph on every key; those edits share a `key` (the node and field), and
//! an edit with the same key as the previous one within `COALESCE_MS` replaces the top of the history instead of
//! adding a step, so one undo takes back the whole word. A drag records one step when it ends (`record`).

export interface History<T> {
  past: T[];
  present: T;
  future: T[];
  /** The key and time of the last commit, for coalescing. */
  last: { key: string; at: number } | null;
}

export const HISTORY_LIMIT = 100;
export const COALESCE_MS = 1000;

export function createHistory<T>(present: T): History<T> {
  return { past: [], present, future: [], last: null };
}

export interface CommitOptions {
  /** Edits with the same key in a row (within COALESCE_MS) are one step. */
  key?: string;
  /** Now, in ms (Date.now() by default; tests pass a fixed clock). */
  at?: number;
}

function capped<T>(past: T[]): T[] {
  return past.length > HISTORY_LIMIT ? past.slice(past.length - HISTORY_LIMIT) : past;
}

/** `next` becomes the present; the present becomes undoable (unless coalesced with the previous edit). */
export function commit<T>(h: History<T>, next: T, { key, at = Date.now() }: CommitOptions = {}): History<T> {
  if (next === h.present) return h;
  const coalesce = key !== undefined && h.last !== null && h.last.key === key && at - h.last.at <= COALESCE_MS && h.future.length === 0;
  return {
    past: coalesce ? h.past : capped([...h.past, h.present]),
    present: next,
    future: [],
    last: key !== undefined ? { key, at } : null,
  };
}

/** Changes the present without a step (a drag in progress, a selection). */
export function replace<T>(h: History<T>, next: T): History<T> {
  return next === h.present ? h : { ...h, present: next };
}

/** Makes `before` the step that undo returns to (a drag that started from `before` and ended at the present). */
export function record<T>(h: History<T>, before: T): History<T> {
  if (before === h.present) return h;
  return { past: capped([...h.past, before]), present: h.present, future: [], last: null };
}

export function undo<T>(h: History<T>): History<T> {
  const previous = h.past[h.past.length - 1];
  if (previous === undefined) return h;
  return { past: h.past.slice(0, -1), present: previous, future: [h.present, ...h.future], last: null };
}

export function redo<T>(h: History<T>): History<T> {
  const [next, ...rest] = h.future;
  if (next === undefined) return h;
  return { past: [...h.past, h.present], present: next, future: rest, last: null };
}

export const canUndo = <T>(h: History<T>) => h.past.length > 0;
export const canRedo = <T>(h: History<T>) => h.future.length > 0;
