import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sessionManager } from '../../../api/client';
import type { Role } from '../../../api/types';
import { json, makeAuth, makeConversation, makeSession } from '../../../test/fixtures';
import { renderWithProviders } from '../../../test/render';
import { columnTotals } from '../board';
import type { Board, Deal, Pipeline } from '../types';
import { DealsPage } from './DealsPage';
import { DealsPanel } from './DealsPanel';
import { PipelinesPage } from './PipelinesPage';

const pipeline: Pipeline = {
  id: 'p1',
  name: 'Sales',
  isDefault: true,
  position: 0,
  stages: [
    { id: 's-lead', name: 'Lead', color: '#64748b', position: 0, probability: 10, kind: 'open' },
    { id: 's-won', name: 'Won', color: '#22c55e', position: 1, probability: 100, kind: 'won' },
  ],
};
const other: Pipeline = { ...pipeline, id: 'p2', name: 'Renewals', isDefault: false, position: 1 };

const won: Deal = {
  id: 'd1',
  pipelineId: 'p1',
  stageId: 's-won',
  title: '50 seats',
  value: 1200.5,
  currency: 'USD',
  priority: 'medium',
  expectedCloseDate: null,
  overdue: false,
  status: 'won',
  ownerId: null,
  ownerName: null,
  contactId: 'contact-1',
  contactName: 'Ana',
  contactPhone: '+15550100',
  conversationId: 'conv-1',
  notes: null,
  position: 1,
  closedAt: '2026-01-03T10:00:00Z',
  closedById: 'u-2',
  closedByName: 'Omar',
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-03T10:00:00Z',
};

function board(p: Pipeline): Board {
  const [lead, w] = p.stages;
  return {
    pipeline: p,
    columns: [
      { stage: lead!, deals: [], ...columnTotals([], 10) },
      { stage: w!, deals: p.id === 'p1' ? [won] : [], ...columnTotals(p.id === 'p1' ? [won] : [], 100) },
    ],
  };
}

function server(patchAnswer?: () => Response) {
  const calls: Array<{ method: string; path: string; search: URLSearchParams; body?: unknown }> = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (req: Request) => {
      const url = new URL(req.url);
      const body = req.method === 'GET' || req.method === 'DELETE' ? undefined : await req.json();
      calls.push({ method: req.method, path: url.pathname, search: url.searchParams, body });
      if (url.pathname === '/api/v1/pipelines' && req.method === 'GET') return json(200, [pipeline, other]);
      if (url.pathname === '/api/v1/pipelines/p1' && req.method === 'PATCH') return patchAnswer ? patchAnswer() : json(200, pipeline);
      if (url.pathname === '/api/v1/deals/board') return json(200, board(url.searchParams.get('pipelineId') === 'p2' ? other : pipeline));
      if (url.pathname === '/api/v1/deals' && req.method === 'GET') return json(200, { items: [won], nextCursor: null });
      if (url.pathname === '/api/v1/deals' && req.method === 'POST') return json(201, { ...won, id: 'd2' });
      if (url.pathname === '/api/v1/agents') return json(200, []);
      return json(404, { error: 'not_found', message: url.pathname });
    }),
  );
  return calls;
}

function signIn(role: Role) {
  sessionManager.apply(makeAuth('tok', makeSession({ role })));
}

afterEach(() => {
  cleanup();
  sessionManager.clear();
  vi.unstubAllGlobals();
});

describe('deals page', () => {
  it('shows the default pipeline as a board, switches pipelines and shows the list', async () => {
    signIn('owner');
    const calls = server();
    renderWithProviders(<DealsPage area="/app" />, '/app/deals');
    const columns = await screen.findAllByTestId('deal-column');
    expect(columns.map((c) => c.dataset.stageId)).toEqual(['s-lead', 's-won']);
    expect(within(columns[1]!).getByTestId('deal-card')).toHaveTextContent('Won by Omar');
    expect(calls.find((c) => c.path === '/api/v1/deals/board')!.search.get('pipelineId')).toBe('p1');

    await userEvent.selectOptions(screen.getByTestId('pipeline-switcher'), 'p2');
    await waitFor(() => expect(calls.some((c) => c.path === '/api/v1/deals/board' && c.search.get('pipelineId') === 'p2')).toBe(true));

    await userEvent.click(screen.getByTestId('view-list'));
    expect((await screen.findAllByTestId('deal-row'))[0]).toHaveTextContent('50 seats');
    await userEvent.click(screen.getByTestId('filter-overdue'));
    await waitFor(() => expect(calls.some((c) => c.path === '/api/v1/deals' && c.search.get('overdue') === 'true' && c.search.get('pipelineId') === 'p2')).toBe(true));
  });

  it('opens a closed deal with who won it', async () => {
    signIn('agent');
    server();
    renderWithProviders(<DealsPage area="/agent" />, '/agent/deals');
    await userEvent.click(await screen.findByTestId('deal-open'));
    expect(await screen.findByTestId('deal-closed-info')).toHaveTextContent('Won by Omar');
    expect(screen.queryByTestId('deal-delete')).not.toBeInTheDocument();
  });
});

describe('deals panel of a conversation', () => {
  it('creates a deal for the contact and the conversation', async () => {
    signIn('agent');
    const calls = server();
    renderWithProviders(<DealsPanel conversation={makeConversation()} />);
    expect(await screen.findByTestId('panel-deal')).toHaveTextContent('50 seats');
    await userEvent.click(screen.getByTestId('new-deal'));
    expect(await screen.findByTestId('contact-picked')).toHaveTextContent('Ana');
    await userEvent.type(screen.getByLabelText('Title'), 'Annual plan');
    await userEvent.type(screen.getByLabelText('Value'), '900');
    await userEvent.click(screen.getByTestId('deal-submit'));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    expect(calls.find((c) => c.method === 'POST')!.body).toMatchObject({
      title: 'Annual plan',
      contactId: 'contact-1',
      conversationId: 'conv-1',
      value: 900,
      currency: 'USD',
      pipelineId: 'p1',
      stageId: 's-lead',
      ownerId: 'u-1',
    });
  });
});

describe('pipelines settings', () => {
  it('saves the reordered stages and shows a 409 with its message', async () => {
    signIn('owner');
    const calls = server(() => json(409, { error: 'stage_has_deals', message: 'The stage Won still has 1 deal.' }));
    renderWithProviders(<PipelinesPage />, '/app/pipelines');
    await userEvent.click((await screen.findAllByTestId('pipeline-edit'))[0]!);
    const rows = screen.getAllByTestId('stage-row');
    await userEvent.click(within(rows[1]!).getByTestId('stage-up'));
    await userEvent.click(within(screen.getAllByTestId('stage-row')[1]!).getByTestId('stage-remove'));
    await userEvent.click(screen.getByTestId('pipeline-save'));
    expect(await screen.findByText('The stage Won still has 1 deal.')).toBeInTheDocument();
    const patch = calls.find((c) => c.method === 'PATCH')!;
    expect(patch.body).toEqual({ name: 'Sales', stages: [{ id: 's-won', name: 'Won', color: '#22c55e', probability: 100, kind: 'won' }] });
  });

  it('agents are sent away', async () => {
    signIn('agent');
    server();
    renderWithProviders(<PipelinesPage />, '/app/pipelines');
    expect(screen.queryByTestId('pipelines-page')).not.toBeInTheDocument();
  });
});
