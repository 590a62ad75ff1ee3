import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sessionManager } from '../../../api/client';
import type { Role } from '../../../api/types';
import { features, growth, makeOverview, makePlan, starter } from '../../billing/test/fixtures';
import type { BillingOverview } from '../../billing/types';
import { json, makeAuth, makeSession } from '../../../test/fixtures';
import { renderWithProviders } from '../../../test/render';
import { ApiKeysPage } from './ApiKeysPage';

const pro = makePlan({ id: 'pro', name: 'Pro', position: 2, isDefault: false, features: features({ apiAccess: true }) });
const key = { id: 'k-1', name: 'Zapier', prefix: 'pk_live_ab12', scopes: ['contacts:read'], createdAt: '2026-01-01T00:00:00Z', lastUsedAt: null, revokedAt: null };

function server(overview: BillingOverview) {
  const paths: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (req: Request) => {
      const path = new URL(req.url).pathname;
      paths.push(path);
      if (path === '/api/v1/billing') return json(200, overview);
      if (path === '/api/v1/billing/plans') return json(200, [starter, growth, pro]);
      if (path === '/api/v1/api-keys') return json(200, [key]);
      return json(404, { error: 'not_found', message: path });
    }),
  );
  return paths;
}

function signIn(role: Role = 'owner') {
  sessionManager.apply(makeAuth('tok', makeSession({ role })));
}

afterEach(() => {
  cleanup();
  sessionManager.clear();
  vi.unstubAllGlobals();
});

describe('API keys page and the plan', () => {
  it('locks the create button on a plan without API access, keeps the keys listed and shows the owner the plans that have it', async () => {
    signIn('owner');
    server(makeOverview());
    renderWithProviders(<ApiKeysPage />, '/app/api-keys');

    const notice = await screen.findByTestId('locked-feature');
    expect(notice).toHaveTextContent('Not in your Starter plan: API access');
    expect(await within(notice).findByText('Available on Growth and Pro.')).toBeInTheDocument();
    expect(await screen.findByTestId('api-keys-table')).toHaveTextContent('Zapier');
    expect(notice).toHaveTextContent('the API refuses requests made with them');
    expect(within(notice).getByTestId('lock-upgrade')).toHaveAttribute('href', '/app/billing?plan=growth');

    const create = screen.getByRole('button', { name: 'Create API key' });
    expect(create).toBeDisabled();
    expect(create).toHaveAccessibleDescription(/Not in your Starter plan/);
  });

  it('tells a manager to ask the owner instead of linking to billing', async () => {
    signIn('manager');
    server(makeOverview());
    renderWithProviders(<ApiKeysPage />, '/app/api-keys');
    const notice = await screen.findByTestId('locked-feature');
    expect(within(notice).getByTestId('lock-ask-owner')).toHaveTextContent('Ask the workspace owner');
    expect(within(notice).queryByTestId('lock-upgrade')).toBeNull();
  });

  it('leaves everything open on a plan with API access, or without a plan, and does not read the plans', async () => {
    signIn('owner');
    for (const overview of [
      makeOverview({ plan: growth, features: growth.features }),
      makeOverview({ mode: 'manual', plan: null, status: 'none', features: features() }),
    ]) {
      const paths = server(overview);
      renderWithProviders(<ApiKeysPage />, '/app/api-keys');
      await screen.findByTestId('api-keys-table');
      await vi.waitFor(() => expect(paths).toContain('/api/v1/billing'));
      expect(screen.getByRole('button', { name: 'Create API key' })).toBeEnabled();
      expect(screen.queryByTestId('locked-feature')).toBeNull();
      expect(paths).not.toContain('/api/v1/billing/plans');
      cleanup();
      vi.unstubAllGlobals();
    }
  });
});

describe('API key scopes, expiry and last use', () => {
  it('creates a key with the scopes ticked (write includes read) and an expiry, and lists scopes and where it was last used', async () => {
    signIn('owner');
    const used = { ...key, id: 'k-2', name: 'Shop', scopes: ['messages:write', 'billing:read'], lastUsedAt: '2026-02-01T10:00:00Z', lastUsedIp: '203.0.113.9', expiresAt: null };
    const posted: unknown[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (req: Request) => {
        const path = new URL(req.url).pathname;
        if (path === '/api/v1/billing') return json(200, makeOverview({ plan: growth, features: growth.features }));
        if (path === '/api/v1/api-keys' && req.method === 'POST') {
          posted.push(await req.json());
          return json(201, { apiKey: { ...key, id: 'k-3' }, secret: 'pk_secret_shown_once' });
        }
        if (path === '/api/v1/api-keys') return json(200, [used]);
        return json(404, { error: 'not_found', message: path });
      }),
    );
    renderWithProviders(<ApiKeysPage />, '/app/api-keys');
    const row = await screen.findByTestId('api-key-row');
    expect(within(row).getByTestId('api-key-scope-list')).toHaveTextContent('Messages · Write');
    expect(within(row).getByTestId('api-key-scope-list')).toHaveTextContent('Billing · Read');
    expect(within(row).getByTestId('api-key-last-used')).toHaveTextContent('203.0.113.9');

    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Create API key' }));
    await user.type(await screen.findByLabelText(/^Name/), 'Website');
    await user.click(screen.getAllByRole('button', { name: 'Create API key' }).at(-1)!);
    expect(await screen.findByTestId('error-api-key-scopes')).toHaveTextContent('Choose at least one scope.');
    expect(posted).toEqual([]);

    await user.click(screen.getByTestId('scope-contacts-write'));
    expect(screen.getByTestId('scope-contacts-read')).toBeChecked();
    await user.click(screen.getByTestId('scope-analytics-read'));
    await user.selectOptions(screen.getByLabelText('Expires'), '30');
    await user.click(screen.getAllByRole('button', { name: 'Create API key' }).at(-1)!);
    expect(await screen.findByTestId('api-key-secret')).toBeInTheDocument();
    expect(posted).toHaveLength(1);
    const body = posted[0] as { name: string; scopes: string[]; expiresInDays: number | null; requestsPerMinute: number | null };
    expect(body.name).toBe('Website');
    expect(body.scopes).toEqual(['contacts:write', 'analytics:read']);
    expect(body.requestsPerMinute).toBeNull();
    expect(body.expiresInDays).toBe(30);
  });
});

