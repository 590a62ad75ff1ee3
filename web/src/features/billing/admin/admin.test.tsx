import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sessionManager } from '../../../api/client';
import { json, makeAuth, makeSession } from '../../../test/fixtures';
import { renderWithProviders } from '../../../test/render';
import { growth, makeOverview, makePlan, starter } from '../test/fixtures';
import type { Plan, TenantBilling } from '../types';
import { PlansPage } from './PlansPage';
import { SubscriptionsPage } from './SubscriptionsPage';
import { TenantBillingPanel } from './TenantBillingPanel';

const scale = makePlan({ id: 'scale', name: 'Scale', position: 2, isDefault: false, prices: [{ cycle: 'annual', amount: 300000 }] });
const legacy = makePlan({ id: 'legacy', name: 'Legacy', position: 3, isDefault: false, isActive: false });

interface Call {
  method: string;
  path: string;
  body?: unknown;
}

function server(answers: Record<string, (body: unknown) => Response> = {}) {
  const calls: Call[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (req: Request) => {
      const path = new URL(req.url).pathname;
      const text = req.method === 'GET' ? '' : await req.text();
      const body: unknown = text ? JSON.parse(text) : undefined;
      calls.push({ method: req.method, path, body });
      const answer = answers[`${req.method} ${path}`];
      if (answer) return answer(body);
      return json(404, { error: 'not_found', message: path });
    }),
  );
  return calls;
}

// jsdom lays nothing out: plan rows stacked 100px apart, as a browser would draw them.
function layout() {
  return vi.spyOn(Element.prototype, 'getBoundingClientRect').mockImplementation(function (this: Element) {
    const row = this.closest('[data-testid="plan-row"]');
    const rows = [...document.querySelectorAll('[data-testid="plan-row"]')];
    const i = row ? rows.indexOf(row) : 0;
    const rect = { left: 0, top: i * 100, width: 600, height: 90 };
    return { ...rect, x: 0, y: rect.top, right: 600, bottom: rect.top + 90, toJSON: () => rect } as DOMRect;
  });
}

afterEach(() => {
  cleanup();
  sessionManager.clear();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('plans page', () => {
  it('lists plans on sale in order, archived ones folded away, and reorders with the keyboard', async () => {
    sessionManager.apply(makeAuth('tok', makeSession({ tenant: null, role: null }, { isPlatformAdmin: true })));
    const plans: Plan[] = [growth, legacy, scale, starter];
    const calls = server({
      'GET /api/v1/admin/plans': () => json(200, plans),
      'PUT /api/v1/admin/plans/order': (body) => {
        const ids = (body as { ids: string[] }).ids;
        return json(200, plans.map((p) => ({ ...p, position: ids.includes(p.id) ? ids.indexOf(p.id) : p.position })));
      },
    });
    layout();
    renderWithProviders(<PlansPage />, '/admin/plans');
    const rows = await screen.findAllByTestId('plan-row');
    expect(rows.map((r) => r.dataset.planId)).toEqual(['starter', 'growth', 'scale']);
    expect(rows[0]).toHaveTextContent('Default');
    expect(rows[0]).toHaveTextContent('$29 / month · $290 / year');
    expect(screen.getByTestId('archived-plans')).not.toHaveAttribute('open');
    expect(screen.getByTestId('archived-plans')).toHaveTextContent('Legacy');

    const handle = within(rows[0]!).getByTestId('plan-handle');
    handle.focus();
    const tick = () => act(() => new Promise((r) => setTimeout(r, 10)));
    await act(async () => {
      fireEvent.keyDown(handle, { code: 'Space', key: ' ' });
    });
    await tick();
    await act(async () => {
      fireEvent.keyDown(handle, { code: 'ArrowDown', key: 'ArrowDown' });
    });
    await tick();
    await act(async () => {
      fireEvent.keyDown(handle, { code: 'Space', key: ' ' });
    });
    await waitFor(() => expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({ ids: ['growth', 'starter', 'scale'] }));
    await waitFor(() => expect(screen.getAllByTestId('plan-row').map((r) => r.dataset.planId)).toEqual(['growth', 'starter', 'scale']));
  });

  it('creates a plan and shows the server’s field errors on the fields', async () => {
    sessionManager.apply(makeAuth('tok', makeSession({ tenant: null, role: null }, { isPlatformAdmin: true })));
    const calls = server({
      'GET /api/v1/admin/plans': () => json(200, [starter]),
      'POST /api/v1/admin/plans': () =>
        json(422, {
          error: 'validation_failed',
          message: 'Some fields are invalid.',
          details: {
            fields: [
              { field: 'prices[1].amount', message: 'is too large' },
              { field: 'limits.maxContacts', message: 'cannot be negative (leave empty for unlimited)' },
            ],
          },
        }),
    });
    renderWithProviders(<PlansPage />, '/admin/plans');
    await userEvent.click(await screen.findByTestId('plan-new'));
    const dialog = screen.getByTestId('plan-dialog');
    await userEvent.click(within(dialog).getByTestId('plan-save'));
    expect(within(dialog).getByTestId('error-name')).toHaveTextContent('This is required.');
    expect(within(dialog).getByTestId('error-prices')).toHaveTextContent('Give a price for at least one billing cycle.');
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    await userEvent.type(within(dialog).getByLabelText('Name'), 'Pro');
    await userEvent.type(within(dialog).getByTestId('price-monthly'), '49');
    await userEvent.type(within(dialog).getByTestId('price-annual'), '99999999');
    await userEvent.click(within(dialog).getByTestId('feature-campaigns'));
    await userEvent.type(within(dialog).getByTestId('limit-maxContacts'), '5000');
    await userEvent.click(within(dialog).getByTestId('plan-save'));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    expect(calls.find((c) => c.method === 'POST')?.body).toMatchObject({
      name: 'Pro',
      currency: 'usd',
      trialDays: 14,
      prices: [
        { cycle: 'monthly', amount: 4900 },
        { cycle: 'annual', amount: 9999999900 },
      ],
      features: { campaigns: true, chatbotFlows: false },
      limits: { maxContacts: 5000, maxAgents: null },
    });
    expect(await within(dialog).findByText('is too large')).toBeInTheDocument();
    expect(within(dialog).getByText('cannot be negative (leave empty for unlimited)')).toBeInTheDocument();
    expect(within(dialog).getByTestId('price-annual')).toHaveAttribute('aria-invalid', 'true');
  });
});

describe('subscriptions page', () => {
  it('shows MRR per currency, the counts, churn and a row per workspace', async () => {
    sessionManager.apply(makeAuth('tok', makeSession({ tenant: null, role: null }, { isPlatformAdmin: true })));
    server({
      'GET /api/v1/admin/billing': () =>
        json(200, {
          mrr: [
            { currency: 'eur', amount: 9900 },
            { currency: 'usd', amount: 125000 },
          ],
          active: 12,
          trialing: 4,
          pastDue: 1,
          canceled: 2,
          canceledThisMonth: 1,
          churnThisMonth: 0.0769,
          subscriptions: [
            { tenantId: 't1', tenantName: 'Acme', planId: 'growth', planName: 'Growth', cycle: 'annual', gateway: 'stripe', status: 'active', access: 'ok', complimentary: false, cancelAtPeriodEnd: true, currentPeriodEnd: '2026-12-01T00:00:00Z', mrr: 8250, currency: 'usd' },
            { tenantId: 't2', tenantName: 'Beta', planId: 'starter', planName: 'Starter', cycle: 'monthly', gateway: 'none', status: 'trialing', access: 'ok', complimentary: false, cancelAtPeriodEnd: false, trialEnd: '2026-03-20T00:00:00Z', mrr: 0 },
          ],
        }),
    });
    renderWithProviders(<SubscriptionsPage />, '/admin/billing');
    const mrr = await screen.findAllByTestId('mrr-amount');
    expect(mrr.map((m) => m.textContent)).toEqual(['$1,250', '€99']);
    expect(screen.getByTestId('stat-active')).toHaveTextContent('12');
    expect(screen.getByTestId('stat-churn')).toHaveTextContent('7.7%');
    const rows = screen.getAllByTestId('subscription-row');
    expect(rows[0]).toHaveTextContent('AcmeGrowthAnnualActiveCancels at period end$82.50');
    expect(within(rows[0]!).getByText('Acme')).toHaveAttribute('href', '/admin/tenants/t1');
    expect(rows[1]).toHaveTextContent('Trial ends Mar 20, 2026');
    await userEvent.selectOptions(screen.getByTestId('status-filter'), 'trialing');
    expect(screen.getAllByTestId('subscription-row')).toHaveLength(1);
  });
});

describe('tenant billing panel', () => {
  const billing = (over: Partial<TenantBilling> = {}): TenantBilling => ({
    overview: makeOverview({ gateway: 'manual', plan: growth }),
    limitOverrides: { maxContacts: 500, maxAgents: null, maxWhatsAppNumbers: null, maxMessagesPerMonth: null, maxCampaignsPerMonth: null, maxFlows: null, maxWebhooks: null, apiRequestsPerMinute: null, maxClientWorkspaces: null },
    overrideReason: 'Migration from the old system',
    invoices: [{ id: 'inv1', number: 'M-0001', status: 'open', currency: 'usd', total: 50000, amountDue: 50000, amountPaid: 0, issuedAt: '2026-03-01T00:00:00Z', gateway: 'manual', description: 'Setup' }],
    ...over,
  });

  it('shows the overview, extra limits and invoices, and marks a manual invoice paid', async () => {
    sessionManager.apply(makeAuth('tok', makeSession({ tenant: null, role: null }, { isPlatformAdmin: true })));
    const calls = server({
      'GET /api/v1/admin/tenants/t1/billing': () => json(200, billing()),
      'POST /api/v1/admin/tenants/t1/billing/invoices/inv1/paid': () => json(200, billing({ invoices: [{ ...billing().invoices[0]!, status: 'paid' }] })),
      'PUT /api/v1/admin/tenants/t1/billing/overrides': () => json(422, { error: 'validation_failed', message: 'Invalid', details: { fields: [{ field: 'limits.maxAgents', message: 'cannot be negative' }] } }),
    });
    renderWithProviders(<TenantBillingPanel tenantId="t1" />, '/admin/tenants/t1');
    expect(await screen.findByTestId('tenant-billing-overview')).toHaveTextContent('Growth');
    expect(screen.getByTestId('tenant-overrides')).toHaveTextContent('Contacts +500');
    expect(screen.getByTestId('tenant-overrides')).toHaveTextContent('Why: Migration from the old system');
    expect(screen.getByTestId('invoice-row')).toHaveTextContent('M-0001');

    await userEvent.click(screen.getByTestId('mark-paid'));
    await userEvent.click(screen.getByTestId('confirm-button'));
    await waitFor(() => expect(screen.getByTestId('invoice-row')).toHaveTextContent('Paid'));
    expect(calls.some((c) => c.path === '/api/v1/admin/tenants/t1/billing/invoices/inv1/paid')).toBe(true);

    await userEvent.click(screen.getByTestId('open-overrides'));
    const dialog = screen.getByTestId('overrides-dialog');
    expect(within(dialog).getByTestId('limit-maxContacts')).toHaveValue('500');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    expect(calls.find((c) => c.method === 'PUT')?.body).toMatchObject({ limits: { maxContacts: 500, maxAgents: null }, reason: 'Migration from the old system' });
    expect(await within(dialog).findByText('cannot be negative')).toBeInTheDocument();
  });
});
