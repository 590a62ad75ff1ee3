import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { sessionManager } from '../../../api/client';
import type { Role } from '../../../api/types';
import { json, makeAuth, makeSession } from '../../../test/fixtures';
import { renderWithProviders } from '../../../test/render';
import { shareRows, type AgencyBilling } from './AgencyBillingApi';
import { loadAgencyBillingStrings } from '../../billing/agencyClient';
import { loadAgencyStrings } from '../strings';
import { AgencyBillingPage } from './AgencyBillingPage';

function billing(o: Partial<AgencyBilling> = {}): AgencyBilling {
  return {
    billingMode: 'agency',
    cardBilling: true,
    clientTrialDays: 14,
    periodStart: '2026-03-01T00:00:00Z',
    pool: [
      { key: 'messagesPerMonth', used: 6, limit: 8 },
      { key: 'campaignsPerMonth', used: 1, limit: null },
    ],
    shares: [
      { clientId: null, name: 'Bright Agency', messagesPerMonth: 1, campaignsPerMonth: 0 },
      { clientId: 'c1', name: 'Corner Bakery', messagesPerMonth: 4, campaignsPerMonth: 1 },
      { clientId: 'c2', name: 'Bike Repair', messagesPerMonth: 1, campaignsPerMonth: 0 },
    ],
    clients: [
      { clientId: 'c1', name: 'Corner Bakery', status: 'active', access: 'ok', paysByCard: false, hasPaymentMethod: false, trialEnd: null, currentPeriodEnd: null, cancelAtPeriodEnd: false },
      { clientId: 'c2', name: 'Bike Repair', status: 'active', access: 'ok', paysByCard: false, hasPaymentMethod: false, trialEnd: null, currentPeriodEnd: null, cancelAtPeriodEnd: false },
    ],
    switched: [],
    ...o,
  };
}

function server(initial: AgencyBilling) {
  const calls: { method: string; path: string; body?: unknown }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (req: Request) => {
      const path = new URL(req.url).pathname;
      const text = req.method === 'GET' ? '' : await req.text();
      calls.push({ method: req.method, path, body: text ? JSON.parse(text) : undefined });
      if (path === '/api/v1/agency/billing/mode') {
        return json(200, {
          ...initial,
          billingMode: 'client',
          switched: [
            { clientId: 'c1', name: 'Corner Bakery', outcome: 'trial_started', error: null },
            { clientId: 'c2', name: 'Bike Repair', outcome: 'failed', error: 'The payment provider could not be reached' },
          ],
        });
      }
      if (path === '/api/v1/agency/billing') return json(200, initial);
      return json(404, { error: 'not_found', message: path });
    }),
  );
  return calls;
}

function signIn(role: Role = 'owner') {
  sessionManager.apply(makeAuth('tok', makeSession({ role })));
}

beforeAll(async () => {
  await Promise.all([loadAgencyBillingStrings(), loadAgencyStrings()]);
});

afterEach(() => {
  cleanup();
  sessionManager.clear();
  vi.unstubAllGlobals();
});

describe("the agency's billing page", () => {
  it('breaks the pool down by workspace, the agency first', async () => {
    signIn();
    server(billing());
    renderWithProviders(<AgencyBillingPage />, '/app/agency/billing');
    const rows = await screen.findAllByTestId('pool-share');
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringContaining('Bright Agency (your agency)'),
      expect.stringContaining('Corner Bakery'),
      expect.stringContaining('Bike Repair'),
    ]);
    expect(rows[1]).toHaveTextContent('67%');
    expect(screen.getAllByTestId('usage-meter').find((m) => m.dataset.key === 'messagesPerMonth')).toHaveTextContent('6 of 8');
    expect(screen.getAllByTestId('client-billing-row')).toHaveLength(2);
  });

  it('switches who pays after confirming and shows what happened to each client', async () => {
    signIn();
    const calls = server(billing());
    renderWithProviders(<AgencyBillingPage />, '/app/agency/billing');
    await userEvent.click(await screen.findByRole('radio', { name: /Each client pays by card/ }));
    expect(screen.getByRole('dialog')).toHaveTextContent('14-day trial');
    await userEvent.click(screen.getByRole('button', { name: 'Switch' }));
    const list = await screen.findByTestId('agency-billing-switched');
    expect(list).toHaveTextContent('Trial started');
    expect(list).toHaveTextContent('Not moved yet');
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({ billingMode: 'client' });
  });

  it('keeps the choice to owners and to servers that bill by card', async () => {
    signIn('manager');
    server(billing({ cardBilling: false }));
    renderWithProviders(<AgencyBillingPage />, '/app/agency/billing');
    const radios = await screen.findAllByRole('radio');
    expect(radios.every((r) => (r as HTMLInputElement).disabled)).toBe(true);
    expect(screen.getByText('Only the agency\'s owners change who pays.')).toBeInTheDocument();
    expect(screen.getByText(/does not bill by card/)).toBeInTheDocument();
  });
});

describe('the pool rows', () => {
  it('gives each workspace its share of the messages, and none of an empty pool', () => {
    const rows = shareRows(billing());
    expect(rows.map((r) => [r.key, r.own, r.share])).toEqual([
      ['agency', true, 1 / 6],
      ['c1', false, 4 / 6],
      ['c2', false, 1 / 6],
    ]);
    expect(shareRows({ shares: [{ clientId: null, name: 'A', messagesPerMonth: 0, campaignsPerMonth: 0 }] })[0]?.share).toBe(0);
  });
});
