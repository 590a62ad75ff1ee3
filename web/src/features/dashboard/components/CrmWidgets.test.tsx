import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sessionManager } from '../../../api/client';
import type { CrmDashboard } from '../../../api/types';
import { json, makeAuth, makeSession } from '../../../test/fixtures';
import { renderWithProviders } from '../../../test/render';
import { OwnerCrmWidgets } from './CrmWidgets';

const dashboard: CrmDashboard = {
  contacts: 12,
  newContacts7d: 2,
  openConversations: 3,
  unread: 1,
  openTickets: 4,
  myOpenTickets: 1,
  openDeals: {
    count: 5,
    amounts: [
      { currency: 'EUR', value: 3400, weighted: 600 },
      { currency: 'USD', value: 1600.5, weighted: 420.05 },
    ],
  },
  dealsByStage: [
    {
      stageId: 's1',
      name: 'Lead',
      color: '#64748b',
      count: 3,
      amounts: [
        { currency: 'EUR', value: 3000, weighted: 300 },
        { currency: 'USD', value: 1200.5, weighted: 120.05 },
      ],
    },
    { stageId: 's2', name: 'Qualified', color: '#0ea5e9', count: 0, amounts: [] },
  ],
  attention: [],
};

beforeEach(() => {
  sessionManager.apply(makeAuth('tok', makeSession()));
  vi.stubGlobal(
    'fetch',
    vi.fn(async (req: Request) => {
      const path = new URL(req.url).pathname;
      return path === '/api/v1/dashboard/crm' ? json(200, dashboard) : json(404, { error: 'not_found', message: path });
    }),
  );
});

afterEach(() => {
  cleanup();
  sessionManager.clear();
  vi.unstubAllGlobals();
});

describe('CRM widgets', () => {
  it('write the open deals value per currency, never their sum', async () => {
    renderWithProviders(<OwnerCrmWidgets />);
    const byStage = await screen.findByTestId('deals-by-stage');
    expect(screen.getByTestId('stat-open-deals-value').textContent).toBe('5€3.4K · $1.6K');
    const stages = within(byStage).getAllByRole('listitem');
    expect(stages[0]).toHaveTextContent('3 deals — €3K · $1.2K');
    expect(stages[1]).toHaveTextContent('0 deals — 0');
  });
});
