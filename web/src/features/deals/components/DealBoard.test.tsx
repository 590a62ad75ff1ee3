import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sessionManager } from '../../../api/client';
import { json, makeAuth, makeSession } from '../../../test/fixtures';
import { renderWithProviders } from '../../../test/render';
import { columnTotals } from '../board';
import { dealKeys } from '../hooks/useDeals';
import type { Board, Deal, Stage } from '../types';
import { DealBoard } from './DealBoard';

const stage = (id: string, probability: number): Stage => ({ id, name: id.toUpperCase(), color: '#64748b', position: 0, probability, kind: 'open' });
const deal = (id: string, stageId: string): Deal => ({
  id,
  pipelineId: 'p',
  stageId,
  title: `Deal ${id}`,
  value: 100,
  currency: 'USD',
  priority: 'high',
  expectedCloseDate: '2026-01-02',
  overdue: true,
  status: 'open',
  ownerId: 'u-1',
  ownerName: 'Ada Lovelace',
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
});

function makeBoard(): Board {
  const lead = stage('lead', 10);
  const won = stage('proposal', 50);
  const leadDeals = [deal('a', 'lead'), deal('b', 'lead')];
  const wonDeals = [deal('d', 'proposal')];
  return {
    pipeline: { id: 'p', name: 'Sales', isDefault: true, position: 0, stages: [lead, won] },
    columns: [
      { stage: lead, deals: leadDeals, ...columnTotals(leadDeals, 10) },
      { stage: won, deals: wonDeals, ...columnTotals(wonDeals, 50) },
    ],
  };
}

// jsdom lays nothing out: give columns side by side and cards stacked in them, as a browser would.
function layout() {
  return vi.spyOn(Element.prototype, 'getBoundingClientRect').mockImplementation(function (this: Element) {
    const column = this.closest('[data-testid="deal-column"]');
    const columns = [...document.querySelectorAll('[data-testid="deal-column"]')];
    const ci = column ? columns.indexOf(column) : 0;
    const left = ci * 300;
    const card = this.closest('[data-deal-id]');
    let rect = { left, top: 0, width: 280, height: 600 };
    if (!column) {
      // The drag overlay: where the lifted card started, moved by its transform.
      const moved = /translate3d\((-?[\d.]+)px, (-?[\d.]+)px/.exec((this as HTMLElement).style?.transform ?? '');
      rect = { left: 10 + Number(moved?.[1] ?? 0), top: 100 + Number(moved?.[2] ?? 0), width: 260, height: 80 };
    }
    if (card && column) {
      const cards = [...column.querySelectorAll('[data-testid="deal-card"]')];
      const i = cards.indexOf(card);
      rect = { left: left + 10, top: 100 + i * 90, width: 260, height: 80 };
    }
    return { ...rect, x: rect.left, y: rect.top, right: rect.left + rect.width, bottom: rect.top + rect.height, toJSON: () => rect } as DOMRect;
  });
}

let moves: Array<{ path: string; body: unknown }> = [];

function server(moveStatus = 200) {
  moves = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (req: Request) => {
      const path = new URL(req.url).pathname;
      if (req.method === 'POST' && path.endsWith('/move')) {
        moves.push({ path, body: await req.json() });
        return moveStatus === 200 ? json(200, { ...deal('a', 'proposal') }) : json(moveStatus, { error: 'not_found', message: 'Stage not found' });
      }
      if (path === '/api/v1/deals/board') return json(200, makeBoard());
      return json(404, { error: 'not_found', message: path });
    }),
  );
}

beforeEach(() => {
  sessionManager.apply(makeAuth('tok', makeSession()));
});

afterEach(() => {
  cleanup();
  sessionManager.clear();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('deal board', () => {
  it('shows columns with counts and cards with their details', () => {
    server();
    renderWithProviders(<DealBoard board={makeBoard()} pipelineId="p" onOpen={() => {}} />);
    const columns = screen.getAllByTestId('deal-column');
    expect(columns.map((c) => c.dataset.stageId)).toEqual(['lead', 'proposal']);
    expect(within(columns[0]!).getByTestId('column-count')).toHaveTextContent('2');
    const card = within(columns[0]!).getAllByTestId('deal-card')[0]!;
    expect(card.dataset.dealId).toBe('a');
    expect(card).toHaveTextContent('Deal a');
    expect(card).toHaveTextContent('$100.00');
    expect(card).toHaveTextContent('High');
    expect(card).toHaveTextContent('AL');
    expect(card.querySelector('[data-overdue]')).not.toBeNull();
  });

  it('writes a column total per currency, the largest first, never their sum', () => {
    server();
    const board = makeBoard();
    const lead = board.columns[0]!;
    const deals = [...lead.deals, { ...deal('e', 'lead'), value: 3000, currency: 'EUR' }];
    board.columns[0] = { ...lead, deals, ...columnTotals(deals, 10) };
    renderWithProviders(<DealBoard board={board} pipelineId="p" onOpen={() => {}} />);
    const [first, second] = screen.getAllByTestId('deal-column');
    expect(within(first!).getByTestId('column-count')).toHaveTextContent('3');
    expect(within(first!).getByTestId('column-value').textContent).toBe('€3K · $200');
    expect(within(first!).getByTestId('column-weighted').textContent).toBe('€300 · $20');
    expect(within(second!).getByTestId('column-value').textContent).toBe('$100');
  });

  // Space lifts the first card, ArrowRight carries it to the next stage, Space drops it.
  async function moveFirstCardRight() {
    const card = screen.getAllByTestId('deal-card')[0]!;
    card.focus();
    // dnd-kit listens for the next keys a tick after the drag starts.
    const tick = () => act(() => new Promise((r) => setTimeout(r, 10)));
    await act(async () => {
      fireEvent.keyDown(card, { code: 'Space', key: ' ' });
    });
    await tick();
    await act(async () => {
      fireEvent.keyDown(document.activeElement ?? card, { code: 'ArrowRight', key: 'ArrowRight' });
    });
    await tick();
    expect(document.body).toHaveTextContent('Deal Deal a is over stage PROPOSAL');
    await act(async () => {
      fireEvent.keyDown(document.activeElement ?? card, { code: 'Space', key: ' ' });
    });
  }

  it('moves a deal to the next stage with the keyboard, saves it and updates the cached board at once', async () => {
    server();
    layout();
    const { client } = renderWithProviders(<DealBoard board={makeBoard()} pipelineId="p" onOpen={() => {}} />);
    client.setQueryData(dealKeys.board('p'), makeBoard());
    await moveFirstCardRight();
    await waitFor(() => expect(moves).toHaveLength(1));
    expect(moves[0]).toEqual({ path: '/api/v1/deals/a/move', body: { stageId: 'proposal', beforeId: 'd' } });
    const cached = client.getQueryData<Board>(dealKeys.board('p'))!;
    expect(cached.columns[1]!.deals.map((d) => d.id)).toEqual(['a', 'd']);
    expect(cached.columns[0]).toMatchObject({ count: 1, amounts: [{ currency: 'USD', value: 100, weighted: 10 }] });
    expect(cached.columns[1]).toMatchObject({ count: 2, amounts: [{ currency: 'USD', value: 200, weighted: 100 }] });
  });

  it('puts the deal back and says why when the server refuses the move', async () => {
    server(404);
    layout();
    const { client } = renderWithProviders(<DealBoard board={makeBoard()} pipelineId="p" onOpen={() => {}} />);
    client.setQueryData(dealKeys.board('p'), makeBoard());
    await moveFirstCardRight();
    expect(await screen.findByRole('alert')).toHaveTextContent('The deal could not be moved');
    const cached = client.getQueryData<Board>(dealKeys.board('p'))!;
    expect(cached.columns[0]!.deals.map((d) => d.id)).toEqual(['a', 'b']);
    expect(within(screen.getAllByTestId('deal-column')[0]!).getAllByTestId('deal-card').map((c) => c.dataset.dealId)).toEqual(['a', 'b']);
  });

  it('moves a deal with the pointer (press, drag over the other column, release)', async () => {
    server();
    layout();
    const { client } = renderWithProviders(<DealBoard board={makeBoard()} pipelineId="p" onOpen={() => {}} />);
    client.setQueryData(dealKeys.board('p'), makeBoard());
    const card = screen.getAllByTestId('deal-card')[1]!; // b, the second card of the first column
    const pointer = { pointerId: 1, isPrimary: true, button: 0, buttons: 1 };
    await act(async () => {
      fireEvent.pointerDown(card, { ...pointer, clientX: 140, clientY: 230 });
    });
    for (const x of [150, 250, 350, 440]) {
      await act(async () => {
        fireEvent.pointerMove(document, { ...pointer, clientX: x, clientY: 110 });
      });
    }
    await act(async () => {
      fireEvent.pointerUp(document, { ...pointer, clientX: 440, clientY: 110 });
    });
    await waitFor(() => expect(moves).toHaveLength(1));
    expect(moves[0]!.path).toBe('/api/v1/deals/b/move');
    expect((moves[0]!.body as { stageId: string }).stageId).toBe('proposal');
  });
});
