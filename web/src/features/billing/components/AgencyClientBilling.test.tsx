import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sessionManager } from '../../../api/client';
import type { Role } from '../../../api/types';
import { json, makeAuth, makeSession } from '../../../test/fixtures';
import { renderWithProviders } from '../../../test/render';
import { clientState, type ClientBilling, type OfferedPlan } from '../agencyClient';
import { redirectTo } from '../redirect';
import { features, limits, makeOverview, meter } from '../test/fixtures';
import type { BillingOverview } from '../types';
import { BillingPage } from './BillingPage';

vi.mock('../redirect', () => ({ redirectTo: vi.fn() }));

const growth: OfferedPlan = {
  id: 'ap-growth',
  name: 'Growth',
  description: 'For busy shops',
  currency: 'usd',
  monthlyAmount: 2900,
  features: features({ campaigns: true }),
  limits: limits({ maxContacts: 500 }),
};

function overviewFor(mode: 'agency' | 'client', o: Partial<BillingOverview> = {}): BillingOverview {
  return makeOverview({
    plan: null,
    gateway: 'none',
    status: mode === 'agency' ? 'active' : 'trialing',
    trialEnd: mode === 'agency' ? null : '2026-03-15T00:00:00Z',
    trialDaysLeft: mode === 'agency' ? null : 9,
    hasPaymentMethod: false,
    usage: [meter('contacts', 12, 500), meter('messagesPerMonth', 40, null, true)],
    billedThrough: { agency: 'Bright Agency', billingMode: mode },
    ...o,
  });
}

function clientBilling(mode: 'agency' | 'client', o: Partial<BillingOverview> = {}): ClientBilling {
  return {
    agency: { name: 'Bright Agency', productName: 'BrightChat' },
    billingMode: mode,
    plan: growth,
    offer: mode === 'client' ? [growth, { ...growth, id: 'ap-pro', name: 'Pro', monthlyAmount: 7900 }] : [],
    overview: overviewFor(mode, o),
  };
}

function server(b: ClientBilling) {
  const calls: { method: string; path: string; body?: unknown }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (req: Request) => {
      const path = new URL(req.url).pathname;
      const text = req.method === 'GET' ? '' : await req.text();
      calls.push({ method: req.method, path, body: text ? JSON.parse(text) : undefined });
      if (path === '/api/v1/billing') return json(200, b.overview);
      if (path === '/api/v1/billing/agency') return json(200, b);
      if (path === '/api/v1/billing/invoices') return json(200, []);
      if (path === '/api/v1/billing/agency/checkout') return json(200, { url: 'https://checkout.example/s/9' });
      return json(404, { error: 'not_found', message: path });
    }),
  );
  return calls;
}

function signIn(role: Role = 'owner') {
  sessionManager.apply(makeAuth('tok', makeSession({ role })));
}

afterEach(() => {
  cleanup();
  sessionManager.clear();
  vi.unstubAllGlobals();
  vi.mocked(redirectTo).mockClear();
});

describe("a client workspace's billing page", () => {
  it('says the agency pays, shows the plan and usage, and offers no platform plans', async () => {
    signIn();
    const calls = server(clientBilling('agency'));
    renderWithProviders(<BillingPage />, '/app/billing');
    const card = await screen.findByTestId('agency-client-billing');
    expect(card.dataset.state).toBe('agencyPays');
    expect(screen.getByTestId('billed-through')).toHaveTextContent('Billed through BrightChat');
    expect(screen.getByTestId('current-plan-name')).toHaveTextContent('Growth');
    expect(screen.getByTestId('agency-client-state')).toHaveTextContent('BrightChat pays for this workspace');
    expect(screen.getAllByTestId('usage-meter').map((m) => m.dataset.key)).toContain('contacts');
    expect(screen.queryByTestId('agency-offer')).toBeNull();
    expect(screen.queryByTestId('plan-card')).toBeNull();
    expect(calls.some((c) => c.path === '/api/v1/billing/plans')).toBe(false);
  });

  it("explains the agency's restriction", async () => {
    signIn();
    server(clientBilling('agency', { access: 'restricted' }));
    renderWithProviders(<BillingPage />, '/app/billing');
    expect(await screen.findByRole('alert')).toHaveTextContent("BrightChat's account is restricted");
  });

  it("lists the agency's plans during the trial and subscribes through Checkout", async () => {
    signIn();
    const calls = server(clientBilling('client'));
    renderWithProviders(<BillingPage />, '/app/billing');
    const plans = await screen.findAllByTestId('agency-offer-plan');
    expect(plans.map((p) => p.dataset.planId)).toEqual(['ap-growth', 'ap-pro']);
    expect(plans[0]).toHaveTextContent('$29 / month');
    expect(plans[0]).toHaveTextContent('Current plan');
    expect(screen.getByTestId('agency-client-state')).toHaveTextContent('Your trial ends in 9 days');
    await userEvent.click(within(plans[1]!).getByTestId('agency-subscribe'));
    await vi.waitFor(() => expect(redirectTo).toHaveBeenCalledWith('https://checkout.example/s/9'));
    expect(calls.find((c) => c.path === '/api/v1/billing/agency/checkout')?.body).toEqual({ planId: 'ap-pro' });
    expect(await screen.findByText('Invoices from BrightChat')).toBeInTheDocument();
  });

  it('shows managers the plans without a Subscribe button', async () => {
    signIn('manager');
    server(clientBilling('client'));
    renderWithProviders(<BillingPage />, '/app/billing');
    expect(await screen.findAllByTestId('agency-offer-plan')).toHaveLength(2);
    expect(screen.queryByTestId('agency-subscribe')).toBeNull();
  });
});

describe('what the client page says about paying', () => {
  it('follows who pays and the own subscription', () => {
    expect(clientState(clientBilling('agency'))).toEqual({ kind: 'agencyPays', blocked: null });
    expect(clientState(clientBilling('agency', { access: 'suspended' }))).toEqual({ kind: 'agencyPays', blocked: 'suspended' });
    expect(clientState(clientBilling('client'))).toEqual({ kind: 'choose', trialEnd: '2026-03-15T00:00:00Z', trialDaysLeft: 9, paused: false });
    expect(clientState(clientBilling('client', { status: 'paused', access: 'restricted', trialEnd: '2026-03-01T00:00:00Z' }))).toEqual({
      kind: 'choose',
      trialEnd: null,
      trialDaysLeft: null,
      paused: true,
    });
    const paying = { gateway: 'stripe', status: 'active', currentPeriodEnd: '2026-04-01T00:00:00Z' } as const;
    expect(clientState(clientBilling('client', paying))).toEqual({ kind: 'subscribed', renews: '2026-04-01T00:00:00Z', ends: null });
    expect(clientState(clientBilling('client', { ...paying, cancelAtPeriodEnd: true }))).toEqual({ kind: 'subscribed', renews: null, ends: '2026-04-01T00:00:00Z' });
    // An own subscription that ended is no subscription: choose again.
    expect(clientState(clientBilling('client', { ...paying, status: 'canceled' })).kind).toBe('choose');
  });
});
