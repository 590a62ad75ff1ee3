import { useMutation, useQuery } from '@tanstack/react-query';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactElement } from 'react';
import { createMemoryRouter, MemoryRouter, Route, RouterProvider, Routes } from 'react-router';
import { ApiError } from '../../../api/errors';
import { api, sessionManager, unwrap } from '../../../api/client';
import type { Role } from '../../../api/types';
import { Providers } from '../../../app/providers';
import { json, makeAuth, makeSession } from '../../../test/fixtures';
import { renderWithProviders } from '../../../test/render';
import { resetBillingStore } from '../store';
import { makeOverview, meter } from '../test/fixtures';
import type { BillingOverview } from '../types';
import { BillingBanners } from './BillingBanners';
import { BillingGate } from './BillingGate';
import { BillingPromptDialog } from './BillingPromptDialog';

function server(overview: BillingOverview, failing?: () => Response) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (req: Request) => {
      const path = new URL(req.url).pathname;
      if (path === '/api/v1/billing') return json(200, overview);
      if (path.startsWith('/api/v1/contacts') && failing) return failing();
      return json(401, { error: 'unauthorized', message: path });
    }),
  );
}

function signIn(role: Role = 'owner') {
  sessionManager.apply(makeAuth('tok', makeSession({ role })));
}

afterEach(() => {
  cleanup();
  sessionManager.clear();
  vi.unstubAllGlobals();
  resetBillingStore();
  sessionStorage.clear();
});

const quota = () =>
  json(402, {
    error: 'quota_exceeded',
    message: 'Your Starter plan allows 1000 contacts; you have 1000.',
    details: { limit: 'contacts', max: 1000, used: 1000, plan: 'Starter', upgradeTo: { id: 'growth', name: 'Growth' } },
  });

/** A page whose button creates a contact through the app's API client, the way every feature does. */
function CreateContact() {
  const create = useMutation({ mutationFn: () => unwrap(api.POST('/api/v1/contacts', { body: { phone: '+15550100' } as never })) });
  return (
    <button type="button" onClick={() => create.mutate()}>
      Create contact
    </button>
  );
}

/** A page that only reads. */
function ReadContacts() {
  const list = useQuery({ queryKey: ['contacts'], queryFn: () => unwrap(api.GET('/api/v1/contacts', {})) });
  return <p>{list.isError ? 'read failed' : 'reading'}</p>;
}

describe('upgrade prompt', () => {
  it('opens from any refused action through the API client, with the way to the plans for owners', async () => {
    signIn('owner');
    server(makeOverview(), quota);
    render(
      <Providers>
        <MemoryRouter>
          <CreateContact />
          <BillingPromptDialog isOwner />
        </MemoryRouter>
      </Providers>,
    );
    await userEvent.click(screen.getByText('Create contact'));
    const dialog = await screen.findByTestId('billing-prompt');
    expect(dialog).toHaveTextContent('You reached a limit of your plan');
    expect(dialog).toHaveTextContent('Contacts: 1,000 used, the Starter plan allows 1,000.');
    expect(dialog).toHaveTextContent('The Growth plan allows more.');
    expect(screen.getByTestId('billing-prompt-go')).toHaveAttribute('href', '/app/billing?plan=growth');
    await userEvent.click(screen.getByText('Not now'));
    expect(screen.queryByTestId('billing-prompt')).not.toBeInTheDocument();
  });

  it('does not open for a page that merely loads', async () => {
    signIn('owner');
    server(makeOverview(), quota);
    render(
      <Providers>
        <MemoryRouter>
          <ReadContacts />
          <BillingPromptDialog isOwner />
        </MemoryRouter>
      </Providers>,
    );
    expect(await screen.findByText('read failed')).toBeInTheDocument();
    expect(screen.queryByTestId('billing-prompt')).not.toBeInTheDocument();
  });

  it('tells others to ask the owner, for a feature not in the plan', async () => {
    signIn('agent');
    server(makeOverview(), () =>
      json(403, {
        error: 'feature_not_in_plan',
        message: 'Campaigns is not part of your Free plan.',
        details: { feature: 'campaigns', plan: 'Free', plansWithFeature: [{ id: 's', name: 'Starter' }, { id: 'g', name: 'Growth' }] },
      }),
    );
    render(
      <Providers>
        <MemoryRouter>
          <CreateContact />
          <BillingPromptDialog isOwner={false} />
        </MemoryRouter>
      </Providers>,
    );
    await userEvent.click(screen.getByText('Create contact'));
    const dialog = await screen.findByTestId('billing-prompt');
    expect(dialog).toHaveTextContent('Campaigns is not part of the Free plan.');
    expect(dialog).toHaveTextContent('It comes with: Starter and Growth.');
    expect(dialog).toHaveTextContent('Ask the workspace owner to change the plan.');
    expect(screen.queryByTestId('billing-prompt-go')).not.toBeInTheDocument();
  });
});

/** The banners read the route's handle, which needs a data router (as the app has). */
function renderInDataRouter(ui: ReactElement) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const router = createMemoryRouter([{ path: '*', element: ui }], { initialEntries: ['/app'] });
  return render(
    <QueryClientProvider client={client}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
}

describe('billing banners', () => {
  it('warns owners about a payment past due and a busy monthly meter, with links', async () => {
    signIn('owner');
    server(makeOverview({ access: 'past_due', restrictsAt: '2026-03-10T00:00:00Z', usage: [meter('messagesPerMonth', 800, 1000, true)] }));
    renderInDataRouter(<BillingBanners billingPath="/app/billing" />);
    const banners = await screen.findAllByTestId('billing-banner');
    expect(banners.map((b) => [b.dataset.kind, b.dataset.tone])).toEqual([
      ['pastDue', 'danger'],
      ['usage', 'warning'],
    ]);
    expect(banners[0]).toHaveTextContent('Payment past due: the workspace will be restricted on Mar 10, 2026. Go to billing');
    expect(banners[1]).toHaveTextContent("You used 80% of this month's messages. See plans");
    expect(screen.getAllByTestId('billing-banner-link')[0]).toHaveAttribute('href', '/app/billing');
    // The usage notice can be put away; payment trouble cannot.
    expect(banners[0]!.querySelector('button')).toBeNull();
    await userEvent.click(screen.getByLabelText('Dismiss'));
    expect(screen.getAllByTestId('billing-banner')).toHaveLength(1);
  });

  it('shows agents the notice without the billing link, the trial amber in its last days', async () => {
    signIn('agent');
    server(makeOverview({ status: 'trialing', hasPaymentMethod: false, trialDaysLeft: 2 }));
    renderInDataRouter(<BillingBanners />);
    const banner = await screen.findByTestId('billing-banner');
    expect(banner).toHaveTextContent('Your trial ends in 2 days.');
    expect(banner.dataset.tone).toBe('warning');
    expect(screen.queryByTestId('billing-banner-link')).not.toBeInTheDocument();
  });
});

describe('suspended workspace', () => {
  function app(isOwner: boolean, path: string) {
    return renderWithProviders(
      <Routes>
        <Route path="/app/billing" element={<BillingGate isOwner={isOwner}>billing page</BillingGate>} />
        <Route path="*" element={<BillingGate isOwner={isOwner}>some page</BillingGate>} />
      </Routes>,
      path,
    );
  }

  it('sends the owner to the billing page', async () => {
    signIn('owner');
    server(makeOverview({ access: 'suspended' }));
    app(true, '/app/contacts');
    expect(await screen.findByText('billing page')).toBeInTheDocument();
  });

  it('shows everyone else a notice instead of the page', async () => {
    signIn('manager');
    server(makeOverview({ access: 'suspended' }));
    app(false, '/app/contacts');
    expect(await screen.findByTestId('workspace-suspended')).toHaveTextContent('This workspace is suspended');
    expect(screen.queryByText('some page')).not.toBeInTheDocument();
  });

  it('reads the overview again when a request answers workspace_suspended', async () => {
    signIn('agent');
    let overview = makeOverview();
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => json(200, overview)),
    );
    const { client } = app(false, '/agent');
    expect(await screen.findByText('some page')).toBeInTheDocument();
    overview = makeOverview({ access: 'suspended' });
    const { reportBillingError } = await import('../store');
    act(() => reportBillingError(new ApiError(402, 'workspace_suspended', 'Suspended.'), { method: 'GET', path: '/api/v1/contacts' }));
    expect(await screen.findByTestId('workspace-suspended')).toBeInTheDocument();
    await waitFor(() => expect(client.getQueryData(['billing', 't-1', 'overview'])).toMatchObject({ access: 'suspended' }));
  });
});
