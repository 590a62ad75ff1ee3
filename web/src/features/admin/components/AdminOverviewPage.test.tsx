import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sessionManager } from '../../../api/client';
import { json, makeAuth, makeSession } from '../../../test/fixtures';
import { renderWithProviders } from '../../../test/render';
import type { PlatformAnalytics } from '../platform';
import { AdminOverviewPage } from './AdminOverviewPage';

const days = Array.from({ length: 30 }, (_, i) => ({ day: `2026-03-${String(i + 1).padStart(2, '0')}`, count: i === 9 ? 400 : i < 5 ? 0 : 100 }));

const analytics: PlatformAnalytics = {
  tenants: 14,
  activeTenants: 12,
  suspendedTenants: 2,
  newTenants30d: 3,
  mrr: [
    { currency: 'EUR', amount: 120 },
    { currency: 'USD', amount: 1290.5 },
  ],
  planMix: [
    { key: 'Starter', count: 2 },
    { key: 'Growth', count: 6 },
  ],
  messagesPerDay: days,
  topTenants: Array.from({ length: 12 }, (_, i) => ({ tenantId: `t-${i}`, name: `Tenant ${i}`, messages: 1000 - i * 50 })),
  webhooks24h: 400,
  webhookErrors24h: 2,
  sends24h: 200,
  sendErrors24h: 30,
  health: [
    { name: 'database', ok: true, detail: 'ok' },
    { name: 'analytics', ok: false, detail: 'rolled up until 190 minutes ago' },
    { name: 'object store', ok: true, detail: 'reachable' },
  ],
};

let answer: () => Response;

beforeEach(() => {
  answer = () => json(200, analytics);
  sessionManager.apply(makeAuth('tok', makeSession({ tenant: null, role: null, memberships: [] }, { isPlatformAdmin: true })));
  vi.stubGlobal(
    'fetch',
    vi.fn(async (req: Request) => {
      const path = new URL(req.url).pathname;
      return path === '/api/v1/admin/analytics' ? answer() : json(404, { error: 'not_found', message: path });
    }),
  );
});

afterEach(() => {
  cleanup();
  sessionManager.clear();
  vi.unstubAllGlobals();
});

describe('the platform dashboard', () => {
  it('shows tenants, revenue per currency and the last 24 hours with their error rates', async () => {
    renderWithProviders(<AdminOverviewPage />, '/admin');
    const tenants = await screen.findByTestId('stat-tenants');
    expect(tenants).toHaveTextContent('14');
    expect(tenants).toHaveTextContent('12 active · 2 suspended');
    expect(screen.getByTestId('stat-new-tenants').textContent).toBe('+3 in 30 days');

    // Never added across currencies: one line each, the largest first.
    expect(screen.getAllByTestId('mrr-amount').map((e) => e.dataset.currency)).toEqual(['USD', 'EUR']);
    expect(screen.getAllByTestId('mrr-amount')[0]?.textContent).toBe('$1,291');
    expect(screen.getAllByTestId('mrr-amount')[0]).toHaveAttribute('title', '$1,290.50');

    expect(screen.getByTestId('stat-webhooks-errors').textContent).toBe('2 failed (0.5%)');
    expect(screen.getByTestId('stat-webhooks-errors')).not.toHaveClass('text-danger-600');
    expect(screen.getByTestId('stat-sends-errors').textContent).toBe('30 failed (15%)');
    expect(screen.getByTestId('stat-sends-errors')).toHaveClass('text-danger-600');
  });

  it('charts messages per day with a summary, and lists the plan mix and the ten busiest tenants', async () => {
    renderWithProviders(<AdminOverviewPage />, '/admin');
    const chart = await screen.findByRole('img', { name: /Messages per day over 30 days/ });
    expect(chart).toHaveAccessibleName('Messages per day over 30 days: 2,800 in all; the busiest day, Mar 10, had 400.');
    const bars = within(chart).getAllByTestId('day-bar');
    expect(bars).toHaveLength(30);
    expect(bars[9]).toHaveStyle({ height: '100%' });
    expect(bars[10]).toHaveStyle({ height: '25%' });
    expect(bars[0]).toHaveStyle({ height: '0%' });

    const plans = within(screen.getByTestId('plan-mix')).getAllByTestId('plan-row');
    expect(plans.map((p) => p.textContent)).toEqual(['Growth6 · 75%', 'Starter2 · 25%']);

    const top = within(screen.getByTestId('top-tenants')).getAllByTestId('top-tenant');
    expect(top).toHaveLength(10);
    expect(top[0]).toHaveAttribute('href', '/admin/tenants/t-0');
    expect(top[0]).toHaveTextContent('Tenant 0');
  });

  it('shows each health check with its state and detail', async () => {
    renderWithProviders(<AdminOverviewPage />, '/admin');
    const checks = within(await screen.findByTestId('health')).getAllByTestId('health-check');
    expect(checks.map((c) => [c.dataset.name, c.dataset.ok])).toEqual([
      ['database', 'true'],
      ['analytics', 'false'],
      ['object store', 'true'],
    ]);
    expect(checks[1]).toHaveTextContent('Analytics rollup');
    expect(checks[1]).toHaveTextContent('rolled up until 190 minutes ago');
    expect(checks[1]).toHaveTextContent('Failing');
    // A check this build does not know is shown by the name the server gives it.
    expect(checks[2]).toHaveTextContent('object store');
    expect(checks[2]).toHaveTextContent('OK');
  });

  it('says when there is nothing yet rather than drawing empty charts', async () => {
    answer = () =>
      json(200, {
        ...analytics,
        mrr: [],
        planMix: [],
        topTenants: [],
        messagesPerDay: days.map((d) => ({ ...d, count: 0 })),
        webhooks24h: 0,
        webhookErrors24h: 0,
      });
    renderWithProviders(<AdminOverviewPage />, '/admin');
    expect(await screen.findByTestId('messages-empty')).toHaveTextContent('No messages in the last 30 days.');
    expect(screen.queryByRole('img', { name: /Messages per day/ })).toBeNull();
    expect(screen.getByTestId('stat-mrr')).toHaveTextContent('No paying subscriptions yet');
    expect(screen.getByTestId('stat-webhooks')).toHaveTextContent('None in the last 24 hours');
    expect(screen.getByTestId('plan-mix')).toHaveTextContent('No subscriptions yet.');
    expect(screen.getByTestId('top-tenants')).toHaveTextContent('No tenant sent or received messages in the last 30 days.');
  });

  it('shows the error and offers to try again', async () => {
    answer = () => json(403, { error: 'forbidden', message: 'Platform admins only' });
    renderWithProviders(<AdminOverviewPage />, '/admin');
    expect(await screen.findByRole('alert')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Refresh' })).toBeInTheDocument();
    expect(screen.queryByTestId('platform-dashboard')).toBeNull();
  });
});
