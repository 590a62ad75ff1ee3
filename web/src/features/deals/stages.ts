//! The stage editor's rows: validation and the PATCH body.
import { isStageKind, type Stage, type StageInput, type StageKind } from './types';

export interface StageRow {
  /** A local key for React (the stage id when it exists). */
  key: string;
  id?: string;
  name: string;
  color: string;
  probability: string;
  kind: StageKind;
}

export const STAGE_COLORS = ['#64748b', '#0ea5e9', '#6366f1', '#f59e0b', '#22c55e', '#ef4444', '#a855f7', '#14b8a6'];

export function rowsOf(stages: readonly Stage[]): StageRow[] {
  return [...stages]
    .sort((a, b) => a.position - b.position)
    .map((s) => ({ key: s.id, id: s.id, name: s.name, color: s.color, probability: String(s.probability), kind: isStageKind(s.kind) ? s.kind : 'open' }));
}

/** Moves the row at `index` by `delta` (-1 up, +1 down); out of range leaves the list as it is. */
export function moveRow<T>(rows: readonly T[], index: number, delta: number): T[] {
  const to = index + delta;
  if (index < 0 || index >= rows.length || to < 0 || to >= rows.length) return [...rows];
  const next = [...rows];
  const [item] = next.splice(index, 1);
  next.splice(to, 0, item as T);
  return next;
}

export type StageRowErrors = Record<string, { name?: 'required'; probability?: 'range' }>;

/** Per-row problems (by key), and whether the list as a whole lacks stages. */
export function validateRows(rows: readonly StageRow[]): { rows: StageRowErrors; empty: boolean } {
  const errors: StageRowErrors = {};
  for (const r of rows) {
    const p = Number(r.probability);
    const e: StageRowErrors[string] = {};
    if (!r.name.trim()) e.name = 'required';
    if (r.probability.trim() === '' || !Number.isInteger(p) || p < 0 || p > 100) e.probability = 'range';
    if (e.name || e.probability) errors[r.key] = e;
  }
  return { rows: errors, empty: rows.length === 0 };
}

/** The ordered `stages` of `PATCH /pipelines/{id}`: kept stages carry their id. */
export function stagesBody(rows: readonly StageRow[]): StageInput[] {
  return rows.map((r) => ({
    ...(r.id ? { id: r.id } : {}),
    name: r.name.trim(),
    color: r.color,
    probability: Number(r.probability),
    kind: r.kind,
  }));
}

/** The probability a new stage of a kind starts with. */
export function defaultProbability(kind: StageKind): number {
  return kind === 'won' ? 100 : kind === 'lost' ? 0 : 50;
}
