import { describe, expect, it } from 'vitest';
import {
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
  singleCurrency,
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

const ids = (b: Board, i: number) => b.columns[i]!.deals.map((d) => d.id);

describe('columnTotals', () => {
  it('counts, sums and weights by the probability', () => {
    expect(columnTotals([{ value: 100 }, { value: 250.5 }], 40)).toEqual({ count: 2, value: 350.5, weighted: 140.2 });
    expect(columnTotals([], 50)).toEqual({ count: 0, value: 0, weighted: 0 });
  });

  it('board totals add the columns', () => {
    expect(boardTotals(makeBoard())).toEqual({ count: 4, value: 1600, weighted: 560 });
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
    expect(b.columns[0]).toMatchObject({ count: 2, value: 400, weighted: 40 });
    expect(b.columns[1]).toMatchObject({ count: 2, value: 1200, weighted: 600 });
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
    expect(won.columns[2]).toMatchObject({ count: 1, value: 1000, weighted: 1000 });
    const reopened = moveDealInBoard(won, 'd', 'lead', 'a');
    expect(reopened.columns[0]!.deals[0]).toMatchObject({ id: 'd', status: 'open', closedAt: null, closedByName: null });
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

  it('single currency and initials', () => {
    expect(singleCurrency([{ currency: 'USD' }, { currency: 'USD' }])).toBe('USD');
    expect(singleCurrency([{ currency: 'USD' }, { currency: 'EUR' }])).toBeNull();
    expect(singleCurrency([])).toBeNull();
    expect(initialsOf('Ada Lovelace')).toBe('AL');
    expect(initialsOf('ada')).toBe('A');
    expect(initialsOf(null)).toBe('?');
  });
});

describe('formatMoney / formatDay', async () => {
  const { formatMoney, formatDay } = await import('./format');
  it('formats with and without a known currency', () => {
    expect(formatMoney(1200.5, 'USD', 'en')).toBe('$1,200.50');
    expect(formatMoney(3, 'EURO', 'en')).toBe('3 EURO');
    expect(formatMoney(1500, null, 'en')).toBe('1,500');
    expect(formatMoney(200, 'USD', 'en', true)).toBe('$200');
    expect(formatMoney(12345.6, 'USD', 'en', true)).toBe('$12.3K');
  });
  it('writes a day without shifting it', () => {
    expect(formatDay('2027-01-31', 'en')).toBe('Jan 31, 2027');
    expect(formatDay(null, 'en')).toBe('—');
  });
});
