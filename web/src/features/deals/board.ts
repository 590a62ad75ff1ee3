//! Pure logic of the deals board: where a drop puts a deal (the `beforeId` the API wants), the board after a move
//! (the optimistic update), column and board totals per currency, and the priority and overdue helpers.
import { byLargest, type Money } from './format';
import { isPriority, isStageKind, type Amount, type Board, type BoardColumn, type Deal, type DealStatus, type Priority, type Stage } from './types';

/** The droppable id of a column (deal ids are used as they are). */
export const COLUMN_PREFIX = 'stage:';
export const columnDndId = (stageId: string) => `${COLUMN_PREFIX}${stageId}`;
export const stageOfColumnDndId = (dndId: string) => (dndId.startsWith(COLUMN_PREFIX) ? dndId.slice(COLUMN_PREFIX.length) : null);

/** Per currency, the value of `deals` and its part weighted by `probability` (a percentage), the largest first. */
export function amountsOf(deals: readonly Pick<Deal, 'value' | 'currency'>[], probability: number): Amount[] {
  const values = new Map<string, number>();
  for (const d of deals) values.set(d.currency, (values.get(d.currency) ?? 0) + (Number.isFinite(d.value) ? d.value : 0));
  return [...values].map(([currency, value]) => ({ currency, value: round2(value), weighted: round2((value * probability) / 100) })).sort(byLargest);
}

/** Amounts added up currency by currency (never across currencies), the largest first. */
export function addAmounts(...lists: readonly (readonly Amount[])[]): Amount[] {
  const sums = new Map<string, Amount>();
  for (const a of lists.flat()) {
    const had = sums.get(a.currency);
    sums.set(a.currency, had ? { currency: a.currency, value: round2(had.value + a.value), weighted: round2(had.weighted + a.weighted) } : { ...a });
  }
  return [...sums.values()].sort(byLargest);
}

/** The weighted part of amounts as amounts of their own (to write them). */
export function weightedAmounts(amounts: readonly Amount[]): Money[] {
  return amounts.map((a) => ({ currency: a.currency, value: a.weighted }));
}

/** A stage's count and its amounts per currency (value and probability-weighted value) for a list of deals. */
export function columnTotals(deals: readonly Pick<Deal, 'value' | 'currency'>[], probability: number): { count: number; amounts: Amount[] } {
  return { count: deals.length, amounts: amountsOf(deals, probability) };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/**
 * A column whose listed deals became `deals`, its count and amounts following. A column that listed all its deals
 * is summed again; one that lists only some (the board lists at most 200 per stage, the totals count them all) has
 * the deals that came added and the ones that left taken away, so the deals not listed still count.
 */
function withDeals(column: BoardColumn, deals: Deal[]): BoardColumn {
  const { probability } = column.stage;
  if (column.count <= column.deals.length) return { ...column, deals, ...columnTotals(deals, probability) };
  const before = new Set(column.deals.map((d) => d.id));
  const after = new Set(deals.map((d) => d.id));
  const came = deals.filter((d) => !before.has(d.id));
  const left = column.deals.filter((d) => !after.has(d.id));
  const gone = amountsOf(left, probability).map((a) => ({ ...a, value: -a.value, weighted: -a.weighted }));
  return { ...column, deals, count: column.count + came.length - left.length, amounts: addAmounts(column.amounts, amountsOf(came, probability), gone) };
}

export function statusForStage(stage: Pick<Stage, 'kind'>): DealStatus {
  return isStageKind(stage.kind) ? stage.kind : 'open';
}

export function findDeal(board: Board, dealId: string): { column: BoardColumn; index: number; deal: Deal } | null {
  for (const column of board.columns) {
    const index = column.deals.findIndex((d) => d.id === dealId);
    if (index >= 0) return { column, index, deal: column.deals[index] as Deal };
  }
  return null;
}

/** Where a deal is: its stage and the id of the deal after it (null: last). */
export function positionOf(board: Board, dealId: string): { stageId: string; beforeId: string | null } | null {
  const found = findDeal(board, dealId);
  if (!found) return null;
  return { stageId: found.column.stage.id, beforeId: found.column.deals[found.index + 1]?.id ?? null };
}

export interface MoveMeta {
  /** Who moves it and when: recorded on the deal when it enters a won or lost stage. */
  actorId?: string | null;
  actorName?: string | null;
  now?: string;
}

/**
 * The board after moving `dealId` into `stageId`, before `beforeId` (null or unknown: last). Columns' counts and
 * totals follow; the deal's stage and status follow its new stage (closing details set when it enters a won or
 * lost stage, cleared when it goes back to an open one). Returns the same board when the deal is not on it.
 */
export function moveDealInBoard(board: Board, dealId: string, stageId: string, beforeId: string | null, meta: MoveMeta = {}): Board {
  const found = findDeal(board, dealId);
  const target = board.columns.find((c) => c.stage.id === stageId);
  if (!found || !target || beforeId === dealId) return board;
  const status = statusForStage(target.stage);
  const wasClosed = found.deal.status !== 'open';
  let moved: Deal = { ...found.deal, stageId, status };
  if (status === 'open') {
    moved = { ...moved, closedAt: null, closedById: null, closedByName: null };
  } else if (!wasClosed || found.deal.status !== status) {
    moved = { ...moved, closedAt: meta.now ?? new Date().toISOString(), closedById: meta.actorId ?? null, closedByName: meta.actorName ?? null };
  }

  const columns = board.columns.map((column) => {
    let deals = column.deals;
    if (column === found.column) deals = deals.filter((d) => d.id !== dealId);
    if (column.stage.id === stageId) {
      const at = beforeId ? deals.findIndex((d) => d.id === beforeId) : -1;
      deals = at >= 0 ? [...deals.slice(0, at), moved, ...deals.slice(at)] : [...deals, moved];
    }
    if (deals === column.deals) return column;
    return withDeals(column, deals);
  });
  return { ...board, columns };
}

/**
 * Where dropping `activeId` over `overId` (a deal's id or a column's droppable id) puts it, on `board` as shown
 * during the drag: the stage and the deal it goes before (null: last). Over a card of its own column, a card moved
 * down lands after the card it is over and a card moved up before it (as a sortable list shows it); over a card of
 * another column, before that card; over a column itself, last. Null when nothing applies.
 */
export function resolveDrop(board: Board, activeId: string, overId: string | null): { stageId: string; beforeId: string | null } | null {
  if (!overId) return null;
  const active = findDeal(board, activeId);
  if (!active) return null;
  const overStage = stageOfColumnDndId(overId);
  if (overStage !== null) {
    if (!board.columns.some((c) => c.stage.id === overStage)) return null;
    if (overStage === active.column.stage.id) return positionOf(board, activeId);
    return { stageId: overStage, beforeId: null };
  }
  if (overId === activeId) return positionOf(board, activeId);
  const over = findDeal(board, overId);
  if (!over) return null;
  if (over.column === active.column) {
    if (active.index < over.index) return { stageId: over.column.stage.id, beforeId: over.column.deals[over.index + 1]?.id ?? null };
    return { stageId: over.column.stage.id, beforeId: overId };
  }
  return { stageId: over.column.stage.id, beforeId: overId };
}

/** Whether moving to `to` changes anything for a deal that is at `from`. */
export function isSamePosition(from: { stageId: string; beforeId: string | null } | null, to: { stageId: string; beforeId: string | null }): boolean {
  return from !== null && from.stageId === to.stageId && from.beforeId === to.beforeId;
}

/** The body of `POST /deals/{id}/move` for a position. */
export function moveBody(to: { stageId: string; beforeId: string | null }): { stageId: string; beforeId?: string } {
  return to.beforeId ? { stageId: to.stageId, beforeId: to.beforeId } : { stageId: to.stageId };
}

/** Replaces a deal on the board (e.g. with the server's answer), keeping its place. */
export function replaceDeal(board: Board, deal: Deal): Board {
  return {
    ...board,
    columns: board.columns.map((c) => (c.deals.some((d) => d.id === deal.id) ? { ...c, deals: c.deals.map((d) => (d.id === deal.id ? deal : d)) } : c)),
  };
}

/** The columns' totals added up, for the board's header: one count, and amounts per currency. */
export function boardTotals(board: Board): { count: number; amounts: Amount[] } {
  return { count: board.columns.reduce((n, c) => n + c.count, 0), amounts: addAmounts(...board.columns.map((c) => c.amounts)) };
}

const PRIORITY_RANK: Record<Priority, number> = { low: 0, medium: 1, high: 2, urgent: 3 };

export function priorityRank(p: string): number {
  return isPriority(p) ? PRIORITY_RANK[p] : 0;
}

export type PriorityTone = 'neutral' | 'primary' | 'warning' | 'danger';

export function priorityTone(p: string): PriorityTone {
  switch (p) {
    case 'urgent':
      return 'danger';
    case 'high':
      return 'warning';
    case 'medium':
      return 'primary';
    default:
      return 'neutral';
  }
}

/** `YYYY-MM-DD` of a local day. */
export function localDay(date: Date): string {
  const y = date.getFullYear();
  const m = String(date.getMonth() + 1).padStart(2, '0');
  const d = String(date.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/**
 * Whether a deal is past its expected close date (a `YYYY-MM-DD`, the day itself still counting) while open. The
 * server's `overdue` is authoritative; this is for deals changed here before it answers.
 */
export function isDealOverdue(deal: Pick<Deal, 'expectedCloseDate' | 'status'>, now: Date = new Date()): boolean {
  if (deal.status !== 'open' || !deal.expectedCloseDate) return false;
  return deal.expectedCloseDate < localDay(now);
}

/** Whether something due at `dueAt` (a date-time) is late at `now` while not done. */
export function isPastDue(dueAt: string | null, done: boolean, now: number = Date.now()): boolean {
  if (done || !dueAt) return false;
  const t = new Date(dueAt).getTime();
  return !Number.isNaN(t) && t < now;
}

/** Up to two letters naming a person, for small avatars. */
export function initialsOf(name: string | null | undefined): string {
  const parts = (name ?? '').trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return '?';
  const letters = parts.length > 1 ? [parts[0]?.[0], parts[parts.length - 1]?.[0]] : [parts[0]?.[0]];
  return letters.filter(Boolean).join('').toUpperCase();
}
