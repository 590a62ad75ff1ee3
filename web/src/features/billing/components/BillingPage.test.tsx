import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sessionManager } from '../../../api/client';
import type { Role } from '../../../api/types';
import { json, makeAuth, makeSession } from '../../../test/fixtures';
import { renderWithProviders } from '../../../test/render';
import { redirectTo } from '../redirect';
import { growth, makeOverview, meter, starter } from '../test/fixtures';
import type { BillingOverview, PlanChangePreview } from '../types';
import { BillingPage } from './BillingPage';

vi.mock('../redirect', () => ({ redirectTo: vi.fn() }));

interface Call {
  method: string;
  path: string;
  body?: unknown;
}

function server({ overview = makeOverview(), preview }: { overview?: BillingOverview; preview?: PlanChangePreview } = {}) {
  const calls: Call[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (req: Request) => {
      const path = new URL(req.url).pathname;
      const text = req.method === 'GET' ? '' : await req.text();
      calls.push({ method: req.method, path, body: text ? JSON.parse(text) : undefined });
      if (path === '/api/v1/billing') return json(200, overview);
      if (path === '/api/v1/billing/plans') return json(200, [starter, growth]);
      if (path === '/api/v1/billing/invoices') {
        return json(200, [
          { id: 'i1', number: 'INV-0001', status: 'paid', currency: 'usd', total: 2900, amountDue: 0, amountPaid: 2900, issuedAt: '2026-03-01T00:00:00Z', gateway: 'stripe', hostedUrl: 'https://pay.example/i1', pdfUrl: 'https://pay.example/i1.pdf' },
        ]);
      }
      if (path === '/api/v1/billing/preview' && preview) return json(200, preview);
      if (path === '/api/v1/billing/change') return json(200, { ...overview, plan: growth });
      if (path === '/api/v1/billing/checkout') return json(200, { url: 'https://checkout.example/s/1' });
      if (path === '/api/v1/billing/refresh') return json(200, overview);
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

describe('billing page', () => {
  it('shows the plan, its state, usage with colours, the plans and the invoices', async () => {
    signIn();
    server();
    renderWithProviders(<BillingPage />, '/app/billing');
    expect(await screen.findByTestId('current-plan-name')).toHaveTextContent('Starter');
    expect(screen.getByTestId('current-plan')).toHaveTextContent('$29 / month');
    expect(screen.getByTestId('current-plan-state')).toHaveTextContent('Renews on Apr 1, 2026.');

    const meters = screen.getAllByTestId('usage-meter');
    const level = (key: string) => meters.find((m) => m.dataset.key === key)?.dataset.level;
    expect(level('contacts')).toBe('ok');
    expect(level('agents')).toBe('ok');
    expect(level('whatsAppNumbers')).toBe('danger');
    expect(meters.find((m) => m.dataset.key === 'contacts')).toHaveTextContent('200 of 1,000');

    const cards = await screen.findAllByTestId('plan-card');
    expect(cards.map((c) => c.dataset.planId)).toEqual(['starter', 'growth']);
    expect(cards[0]).toHaveTextContent('Current plan');
    expect(within(cards[0]!).getByTestId('plan-choose')).toBeDisabled();
    const flows = within(cards[1]!).getAllByTestId('plan-feature').find((f) => f.dataset.feature === 'chatbotFlows');
    expect(flows?.dataset.change).toBe('gained');
    expect(within(cards[1]!).getByTestId('plan-choose')).toHaveTextContent('Upgrade');

    // Only the cycles some plan sells; a plan without the cycle says so.
    await userEvent.click(screen.getByTestId('cycle-quarterly'));
    expect(within(cards[0]!).getByTestId('plan-price')).toHaveTextContent('Not sold with this billing cycle. Available: Monthly or Annual.');
    expect(within(cards[1]!).getByTestId('plan-price')).toHaveTextContent('$270per quarterSave 9%');

    const row = await screen.findByTestId('invoice-row');
    expect(row).toHaveTextContent('INV-0001');
    expect(row).toHaveTextContent('$29.00');
    expect(row).toHaveTextContent('Paid');
    expect(within(row).getByText('PDF').closest('a')).toHaveAttribute('href', 'https://pay.example/i1.pdf');
  });

  it('previews an upgrade, shows what is due now, and changes the plan', async () => {
    signIn();
    const calls = server({
      preview: {
        effective: 'now',
        effectiveAt: '2026-03-15T00:00:00Z',
        currency: 'usd',
        amountDue: 3500,
        lines: [
          { description: 'Unused time on Starter', amount: -1450 },
          { description: 'Remaining time on Growth', amount: 4950 },
        ],
        problems: [],
      },
    });
    renderWithProviders(<BillingPage />, '/app/billing');
    const growthCard = (await screen.findAllByTestId('plan-card'))[1]!;
    await userEvent.click(within(growthCard).getByTestId('plan-choose'));
    const dialog = await screen.findByTestId('change-plan-dialog');
    expect(await within(dialog).findByTestId('amount-due')).toHaveTextContent('$35.00');
    expect(within(dialog).getByTestId('preview-lines')).toHaveTextContent('Unused time on Starter-$14.50');
    expect(calls.find((c) => c.path === '/api/v1/billing/preview')?.body).toEqual({ planId: 'growth', cycle: 'monthly' });
    await userEvent.click(within(dialog).getByTestId('change-plan-confirm'));
    await waitFor(() => expect(screen.queryByTestId('change-plan-dialog')).not.toBeInTheDocument());
    expect(calls.find((c) => c.path === '/api/v1/billing/change')?.body).toEqual({ planId: 'growth', cycle: 'monthly', confirm: true });
    expect(await screen.findByTestId('current-plan-name')).toHaveTextContent('Growth');
  });

  it('lists what a downgrade would break and waits for an explicit confirmation', async () => {
    signIn();
    const calls = server({
      overview: makeOverview({ plan: growth, usage: [meter('whatsAppNumbers', 4, 5), meter('agents', 6, 10)] }),
      preview: {
        effective: 'period_end',
        effectiveAt: '2026-04-01T00:00:00Z',
        currency: 'usd',
        amountDue: 0,
        lines: [],
        problems: [
          { key: 'whatsAppNumbers', used: 4, limit: 1 },
          { key: 'agents', used: 6, limit: 3 },
        ],
      },
    });
    renderWithProviders(<BillingPage />, '/app/billing');
    const starterCard = (await screen.findAllByTestId('plan-card'))[0]!;
    expect(within(starterCard).getByTestId('plan-choose')).toHaveTextContent('Downgrade');
    await userEvent.click(within(starterCard).getByTestId('plan-choose'));
    const dialog = await screen.findByTestId('change-plan-dialog');
    expect(await within(dialog).findByTestId('change-later')).toHaveTextContent('The change takes effect on Apr 1, 2026. Until then you keep Growth');
    const problems = within(dialog).getByTestId('downgrade-problems');
    expect(within(problems).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'WhatsApp numbers: you have 4, the plan allows 1',
      'Team members: you have 6, the plan allows 3',
    ]);
    const confirm = within(dialog).getByTestId('change-plan-confirm');
    expect(confirm).toBeDisabled();
    await userEvent.click(within(dialog).getByTestId('accept-problems'));
    expect(confirm).toBeEnabled();
    await userEvent.click(confirm);
    await waitFor(() => expect(calls.some((c) => c.path === '/api/v1/billing/change')).toBe(true));
    expect(calls.find((c) => c.path === '/api/v1/billing/change')?.body).toEqual({ planId: 'starter', cycle: 'monthly', confirm: true });
  });

  it('sends a workspace without a running subscription to Checkout', async () => {
    signIn();
    const calls = server({ overview: makeOverview({ status: 'trialing', gateway: 'none', hasPaymentMethod: false, trialDaysLeft: 5, trialEnd: '2026-03-20T00:00:00Z' }) });
    renderWithProviders(<BillingPage />, '/app/billing');
    expect(await screen.findByTestId('current-plan-state')).toHaveTextContent('Your trial ends in 5 days (Mar 20, 2026).');
    expect(screen.queryByTestId('portal-button')).not.toBeInTheDocument();
    await userEvent.click(await screen.findByTestId('cycle-annual'));
    const growthCard = screen.getAllByTestId('plan-card')[1]!;
    await userEvent.click(within(growthCard).getByTestId('plan-choose'));
    await waitFor(() => expect(redirectTo).toHaveBeenCalledWith('https://checkout.example/s/1'));
    expect(calls.find((c) => c.path === '/api/v1/billing/checkout')?.body).toEqual({ planId: 'growth', cycle: 'annual' });
    expect(calls.some((c) => c.path === '/api/v1/billing/preview')).toBe(false);
  });

  it('reads the subscription again once when back from Checkout', async () => {
    signIn();
    const calls = server();
    renderWithProviders(<BillingPage />, '/app/billing?checkout=success&session_id=cs_1');
    expect(await screen.findByTestId('checkout-success')).toBeInTheDocument();
    await waitFor(() => expect(calls.filter((c) => c.path === '/api/v1/billing/refresh')).toHaveLength(1));
    expect(await screen.findByTestId('checkout-success')).toHaveTextContent('Your subscription is set up');
    expect(calls.filter((c) => c.path === '/api/v1/billing/refresh')).toHaveLength(1);
  });

  it('says Checkout was cancelled without reading anything again', async () => {
    signIn();
    const calls = server();
    renderWithProviders(<BillingPage />, '/app/billing?checkout=cancelled');
    expect(await screen.findByTestId('checkout-cancelled')).toHaveTextContent('Nothing was charged');
    await screen.findByTestId('current-plan');
    expect(calls.some((c) => c.path === '/api/v1/billing/refresh')).toBe(false);
  });

  it('explains billing handled by the platform administrator', async () => {
    signIn();
    server({ overview: makeOverview({ mode: 'manual', plan: null, status: 'none', gateway: 'none' }) });
    renderWithProviders(<BillingPage />, '/app/billing');
    expect(await screen.findByTestId('billing-managed')).toHaveTextContent('Billing is handled by the platform administrator');
    expect(await screen.findByTestId('plan-picker')).toHaveTextContent('Plan changes are made by the platform administrator.');
    expect(screen.queryByTestId('plan-choose')).not.toBeInTheDocument();
  });

  it('shows past due dates, a scheduled downgrade that can be kept, and a cancelled subscription that can be resumed', async () => {
    signIn();
    const calls = server({
      overview: makeOverview({
        plan: growth,
        access: 'past_due',
        status: 'past_due',
        restrictsAt: '2026-03-10T00:00:00Z',
        suspendsAt: '2026-03-24T00:00:00Z',
        scheduledPlan: starter,
        cancelAtPeriodEnd: true,
      }),
    });
    renderWithProviders(<BillingPage />, '/app/billing');
    expect(await screen.findByTestId('dunning-dates')).toHaveTextContent('Restricted on Mar 10, 2026 · Suspended on Mar 24, 2026');
    expect(screen.getByTestId('scheduled-change')).toHaveTextContent('Changes to Starter on Apr 1, 2026.');
    expect(screen.getByTestId('resume-subscription')).toBeInTheDocument();
    await userEvent.click(screen.getByTestId('keep-plan'));
    await waitFor(() => expect(calls.find((c) => c.path === '/api/v1/billing/change')?.body).toEqual({ planId: 'growth', cycle: 'monthly', confirm: true }));
  });

  it('is read-only for managers: no actions, no invoices', async () => {
    signIn('manager');
    const calls = server();
    renderWithProviders(<BillingPage />, '/app/billing');
    expect(await screen.findByText('Only the workspace owner can change the plan or see invoices.')).toBeInTheDocument();
    await screen.findAllByTestId('plan-card');
    expect(screen.queryByTestId('plan-choose')).not.toBeInTheDocument();
    expect(screen.queryByTestId('cancel-subscription')).not.toBeInTheDocument();
    expect(calls.some((c) => c.path === '/api/v1/billing/invoices')).toBe(false);
  });
});
