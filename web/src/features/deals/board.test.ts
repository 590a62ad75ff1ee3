import { describe, expect, it } from 'vitest';
import {
  addAmounts,
  amountsOf,
  boardTotals,
  columnDndId,
  columnTotals,
  initialsOf,
  isDealOverdue,
  isPastDue,
  isSamePosition,
  moveBody,
  moveDealInBoard,
  positionOf,
  priorityRank,
  priorityTone,
  resolveDrop,
  weightedAmounts,
} from './board';
import type { Board, BoardColumn, Deal, Stage } from './types';

function stage(id: string, probability: number, kind: Stage['kind'] = 'open'): Stage {
  return { id, name: id.toUpperCase(), color: '#64748b', position: 0, probability, kind };
}

function deal(id: string, stageId: string, value = 100, extra: Partial<Deal> = {}): Deal {
  return {
    id,
    pipelineId: 'p',
    stageId,
    title: `Deal ${id}`,
    value,
    currency: 'USD',
    priority: 'medium',
    expectedCloseDate: null,
    overdue: false,
    status: 'open',
    ownerId: null,
    ownerName: null,
    contactId: 'c',
    contactName: 'Ana',
    contactPhone: null,
    conversationId: null,
    notes: null,
    position: 0,
    closedAt: null,
    closedById: null,
    closedByName: null,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    ...extra,
  };
}

function column(s: Stage, deals: Deal[]): BoardColumn {
  return { stage: s, deals, ...columnTotals(deals, s.probability) };
}

// lead: a b c · proposal: d · won: (empty)
function makeBoard(): Board {
  const lead = stage('lead', 10);
  const proposal = stage('proposal', 50);
  const won = stage('won', 100, 'won');
  return {
    pipeline: { id: 'p', name: 'Sales', isDefault: true, position: 0, stages: [lead, proposal, won] },
    columns: [
      column(lead, [deal('a', 'lead', 100), deal('b', 'lead', 200), deal('c', 'lead', 300)]),
      column(proposal, [deal('d', 'proposal', 1000)]),
      column(won, []),
    ],
  };
}

// lead: $1,000 (a), €3,000 (e), $300 (c) · proposal: €500 (f) · won: $0 (g)
function mixedBoard(): Board {
  const lead = stage('lead', 10);
  const proposal = stage('proposal', 50);
  const won = stage('won', 100, 'won');
  return {
    pipeline: { id: 'p', name: 'Sales', isDefault: true, position: 0, stages: [lead, proposal, won] },
    columns: [
      column(lead, [deal('a', 'lead', 1000), deal('e', 'lead', 3000, { currency: 'EUR' }), deal('c', 'lead', 300)]),
      column(proposal, [deal('f', 'proposal', 500, { currency: 'EUR' })]),
      column(won, [deal('g', 'won', 0, { status: 'won' })]),
    ],
  };
}

const ids = (b: Board, i: number) => b.columns[i]!.deals.map((d) => d.id);

const usd = (value: number, weighted: number) => ({ currency: 'USD', value, weighted });
const eur = (value: number, weighted: number) => ({ currency: 'EUR', value, weighted });

describe('columnTotals', () => {
  it('counts, sums and weights by the probability', () => {
    expect(columnTotals([deal('x', 'lead', 100), deal('y', 'lead', 250.5)], 40)).toEqual({ count: 2, amounts: [usd(350.5, 140.2)] });
    expect(columnTotals([], 50)).toEqual({ count: 0, amounts: [] });
  });

  it('keeps each currency apart in one column, the largest first, and counts them all', () => {
    const deals = [deal('x', 'lead', 1000), deal('y', 'lead', 3000, { currency: 'EUR' }), deal('z', 'lead', 200.5), deal('w', 'lead', 0.1, { currency: 'EUR' })];
    expect(columnTotals(deals, 10)).toEqual({ count: 4, amounts: [eur(3000.1, 300.01), usd(1200.5, 120.05)] });
    // Equal values: by currency code.
    expect(amountsOf([deal('x', 'lead', 400), deal('y', 'lead', 400, { currency: 'EUR' })], 75)).toEqual([eur(400, 300), usd(400, 300)]);
  });

  it('adds amounts currency by currency, never across currencies', () => {
    expect(addAmounts([usd(100, 10)], [eur(300, 30), usd(50.25, 5.03)], [])).toEqual([eur(300, 30), usd(150.25, 15.03)]);
    expect(addAmounts()).toEqual([]);
    expect(weightedAmounts([eur(300, 30), usd(150, 15)])).toEqual([
      { currency: 'EUR', value: 30 },
      { currency: 'USD', value: 15 },
    ]);
  });

  it('board totals add the columns per currency', () => {
    expect(boardTotals(makeBoard())).toEqual({ count: 4, amounts: [usd(1600, 560)] });
    expect(boardTotals(mixedBoard())).toEqual({ count: 5, amounts: [eur(3500, 550), usd(1300, 130)] });
  });
});

describe('resolveDrop', () => {
  it('moving down in a column lands after the card it is over', () => {
    expect(resolveDrop(makeBoard(), 'a', 'b')).toEqual({ stageId: 'lead', beforeId: 'c' });
    expect(resolveDrop(makeBoard(), 'a', 'c')).toEqual({ stageId: 'lead', beforeId: null });
  });

  it('moving up in a column lands before the card it is over', () => {
    expect(resolveDrop(makeBoard(), 'c', 'a')).toEqual({ stageId: 'lead', beforeId: 'a' });
    expect(resolveDrop(makeBoard(), 'c', 'b')).toEqual({ stageId: 'lead', beforeId: 'b' });
  });

  it('over a card of another column goes before it; over a column goes last', () => {
    expect(resolveDrop(makeBoard(), 'a', 'd')).toEqual({ stageId: 'proposal', beforeId: 'd' });
    expect(resolveDrop(makeBoard(), 'a', columnDndId('proposal'))).toEqual({ stageId: 'proposal', beforeId: null });
    expect(resolveDrop(makeBoard(), 'a', columnDndId('won'))).toEqual({ stageId: 'won', beforeId: null });
  });

  it('over itself or its own column keeps its place; nothing or unknown gives null', () => {
    expect(resolveDrop(makeBoard(), 'b', 'b')).toEqual({ stageId: 'lead', beforeId: 'c' });
    expect(resolveDrop(makeBoard(), 'b', columnDndId('lead'))).toEqual({ stageId: 'lead', beforeId: 'c' });
    expect(resolveDrop(makeBoard(), 'b', null)).toBeNull();
    expect(resolveDrop(makeBoard(), 'zz', 'a')).toBeNull();
    expect(resolveDrop(makeBoard(), 'a', columnDndId('nope'))).toBeNull();
  });

  it('is a no-op when dropped where it was', () => {
    const b = makeBoard();
    expect(isSamePosition(positionOf(b, 'b'), resolveDrop(b, 'b', 'b')!)).toBe(true);
    expect(isSamePosition(positionOf(b, 'a'), resolveDrop(b, 'a', 'b')!)).toBe(false);
  });
});

describe('moveDealInBoard', () => {
  it('reorders within a column', () => {
    const b = moveDealInBoard(makeBoard(), 'a', 'lead', 'c');
    expect(ids(b, 0)).toEqual(['b', 'a', 'c']);
    expect(moveDealInBoard(makeBoard(), 'a', 'lead', null).columns[0]!.deals.map((d) => d.id)).toEqual(['b', 'c', 'a']);
  });

  it('moves across columns and recomputes both columns totals', () => {
    const b = moveDealInBoard(makeBoard(), 'b', 'proposal', 'd');
    expect(ids(b, 0)).toEqual(['a', 'c']);
    expect(ids(b, 1)).toEqual(['b', 'd']);
    expect(b.columns[0]).toMatchObject({ count: 2, amounts: [usd(400, 40)] });
    expect(b.columns[1]).toMatchObject({ count: 2, amounts: [usd(1200, 600)] });
    expect(b.columns[1]!.deals[0]!.stageId).toBe('proposal');
  });

  it('does not change the original board and keeps untouched columns', () => {
    const original = makeBoard();
    const b = moveDealInBoard(original, 'a', 'proposal', null);
    expect(ids(original, 0)).toEqual(['a', 'b', 'c']);
    expect(b.columns[2]).toBe(original.columns[2]);
  });

  it('entering a won stage closes the deal; going back to an open one reopens it', () => {
    const won = moveDealInBoard(makeBoard(), 'd', 'won', null, { actorId: 'u1', actorName: 'Ada', now: '2026-02-01T10:00:00Z' });
    expect(won.columns[2]!.deals[0]).toMatchObject({ status: 'won', closedAt: '2026-02-01T10:00:00Z', closedById: 'u1', closedByName: 'Ada' });
    expect(won.columns[2]).toMatchObject({ count: 1, amounts: [usd(1000, 1000)] });
    const reopened = moveDealInBoard(won, 'd', 'lead', 'a');
    expect(reopened.columns[0]!.deals[0]).toMatchObject({ id: 'd', status: 'open', closedAt: null, closedByName: null });
  });

  it('moving a deal of another currency keeps the columns totals per currency', () => {
    const b = moveDealInBoard(mixedBoard(), 'e', 'proposal', null);
    expect(b.columns[0]).toMatchObject({ count: 2, amounts: [usd(1300, 130)] });
    expect(b.columns[1]).toMatchObject({ count: 2, amounts: [eur(3500, 1750)] });
    const back = moveDealInBoard(b, 'a', 'proposal', 'f');
    expect(back.columns[0]).toMatchObject({ count: 1, amounts: [usd(300, 30)] });
    expect(back.columns[1]).toMatchObject({ count: 3, amounts: [eur(3500, 1750), usd(1000, 500)] });
    expect(boardTotals(back)).toEqual({ count: 5, amounts: [eur(3500, 1750), usd(1300, 530)] });
  });

  it('a column listing only some of its deals keeps counting the others', () => {
    const board = mixedBoard();
    // The server counts 300 deals in lead and lists three: $5,000 and €4,000 of them are not listed.
    const lead = { ...board.columns[0]!, count: 300, amounts: [eur(7000, 700), usd(6300, 630)] };
    const partial = { ...board, columns: [lead, ...board.columns.slice(1)] };
    const out = moveDealInBoard(partial, 'e', 'proposal', null);
    expect(out.columns[0]).toMatchObject({ count: 299, amounts: [usd(6300, 630), eur(4000, 400)] });
    expect(out.columns[1]).toMatchObject({ count: 2, amounts: [eur(3500, 1750)] });
    const into = moveDealInBoard(partial, 'f', 'lead', 'a');
    expect(into.columns[0]).toMatchObject({ count: 301, amounts: [eur(7500, 750), usd(6300, 630)] });
    expect(into.columns[0]!.deals.map((d) => d.id)).toEqual(['f', 'a', 'e', 'c']);
    // Reordering inside it changes no total.
    expect(moveDealInBoard(partial, 'c', 'lead', 'a').columns[0]).toMatchObject({ count: 300, amounts: [eur(7000, 700), usd(6300, 630)] });
  });

  it('unknown deal or stage leaves the board as it was', () => {
    const b = makeBoard();
    expect(moveDealInBoard(b, 'zz', 'lead', null)).toBe(b);
    expect(moveDealInBoard(b, 'a', 'nope', null)).toBe(b);
  });

  it('an unknown beforeId puts the deal last', () => {
    expect(ids(moveDealInBoard(makeBoard(), 'a', 'proposal', 'gone'), 1)).toEqual(['d', 'a']);
  });
});

describe('helpers', () => {
  it('moveBody leaves out a missing beforeId', () => {
    expect(moveBody({ stageId: 's', beforeId: null })).toEqual({ stageId: 's' });
    expect(moveBody({ stageId: 's', beforeId: 'x' })).toEqual({ stageId: 's', beforeId: 'x' });
  });

  it('priorities rank and have tones', () => {
    expect(priorityRank('urgent')).toBeGreaterThan(priorityRank('high'));
    expect(priorityRank('low')).toBeLessThan(priorityRank('medium'));
    expect(priorityTone('urgent')).toBe('danger');
    expect(priorityTone('low')).toBe('neutral');
  });

  it('a deal is overdue after its expected close day while open', () => {
    const now = new Date(2026, 0, 15, 12);
    expect(isDealOverdue({ expectedCloseDate: '2026-01-14', status: 'open' }, now)).toBe(true);
    expect(isDealOverdue({ expectedCloseDate: '2026-01-15', status: 'open' }, now)).toBe(false);
    expect(isDealOverdue({ expectedCloseDate: '2026-01-14', status: 'won' }, now)).toBe(false);
    expect(isDealOverdue({ expectedCloseDate: null, status: 'open' }, now)).toBe(false);
  });

  it('past due only when not done', () => {
    const now = Date.parse('2026-01-15T12:00:00Z');
    expect(isPastDue('2026-01-15T11:00:00Z', false, now)).toBe(true);
    expect(isPastDue('2026-01-15T11:00:00Z', true, now)).toBe(false);
    expect(isPastDue(null, false, now)).toBe(false);
    expect(isPastDue('2026-01-15T13:00:00Z', false, now)).toBe(false);
  });

  it('initials', () => {
    expect(initialsOf('Ada Lovelace')).toBe('AL');
    expect(initialsOf('ada')).toBe('A');
    expect(initialsOf(null)).toBe('?');
  });
});

describe('formatMoney / formatAmounts / formatDay', async () => {
  const { formatAmounts, formatMoney, formatDay } = await import('./format');
  it('formats with and without a known currency', () => {
    expect(formatMoney(1200.5, 'USD', 'en')).toBe('$1,200.50');
    expect(formatMoney(3, 'EURO', 'en')).toBe('3 EURO');
    expect(formatMoney(1500, null, 'en')).toBe('1,500');
    expect(formatMoney(200, 'USD', 'en', true)).toBe('$200');
    expect(formatMoney(12345.6, 'USD', 'en', true)).toBe('$12.3K');
  });
  it('writes one amount per currency, the largest first, never their sum', () => {
    expect(formatAmounts([eur(3000, 300), usd(12400, 1240)], 'en')).toBe('$12,400.00 · €3,000.00');
    expect(formatAmounts(weightedAmounts([usd(1000, 100), eur(800, 400)]), 'en')).toBe('€400.00 · $100.00');
    expect(formatAmounts([usd(12400, 0), { currency: 'EUR', value: 3000 }], 'en', true)).toBe('$12.4K · €3K');
    expect(formatAmounts([usd(5.5, 0)], 'en')).toBe('$5.50');
    expect(formatAmounts([], 'en')).toBe('0');
  });
  it('writes a day without shifting it', () => {
    expect(formatDay('2027-01-31', 'en')).toBe('Jan 31, 2027');
    expect(formatDay(null, 'en')).toBe('—');
  });
});
