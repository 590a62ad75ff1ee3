import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { json } from '../../../test/fixtures';
import { renderWithProviders } from '../../../test/render';
import type { CustomDomain, DomainList } from '../domainsApi';
import { loadDomainsStrings } from '../domainsStrings';
import { DomainsPage } from './DomainsPage';

const pending: CustomDomain = {
  id: 'd-1',
  domain: 'app.agency.test',
  status: 'pending',
  records: [
    { type: 'CNAME', name: 'app.agency.test', value: 'edge.parley.test', purpose: 'routing' },
    { type: 'TXT', name: '_parley-challenge.app.agency.test', value: 'parley-verify=abc123', purpose: 'verification' },
  ],
  verifiedAt: null,
  lastCheckedAt: null,
  lastError: null,
  createdAt: '2026-12-01T10:00:00Z',
};

function list(domains: CustomDomain[], extra: Partial<DomainList> = {}): DomainList {
  return { domains, targetHost: 'edge.parley.test', maxDomains: 5, allowed: true, notAllowedCode: null, ...extra };
}

/** A domains API answering `listing`; `answer` takes over writes. */
function fakeServer(listing: DomainList, answer: (req: Request) => Response | Promise<Response>) {
  const writes: Array<{ method: string; path: string; body: unknown }> = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (req: Request) => {
      const path = new URL(req.url).pathname;
      if (req.method === 'GET' && path === '/api/v1/settings/domains') return json(200, listing);
      const text = await req.clone().text();
      writes.push({ method: req.method, path, body: text ? JSON.parse(text) : null });
      return answer(req);
    }),
  );
  return writes;
}

beforeAll(() => loadDomainsStrings());
afterEach(() => vi.unstubAllGlobals());

describe('custom domains page', () => {
  it('adds a domain, shows the server refusal on the field, and lists the records to create with copy buttons', async () => {
    let refuse = true;
    const writes = fakeServer(list([]), () =>
      refuse
        ? json(422, { error: 'validation_failed', message: 'Some fields are invalid.', details: { fields: [{ field: 'domain', message: 'must not be a wildcard; add each host name on its own' }] } })
        : json(201, pending),
    );
    renderWithProviders(<DomainsPage />);
    const user = userEvent.setup();
    expect(await screen.findByText('No custom domains yet')).toBeInTheDocument();
    expect(screen.getByText('0 of 5 domains')).toBeInTheDocument();

    await user.type(screen.getByTestId('domain-input'), '*.agency.test');
    await user.click(screen.getByTestId('add-domain-submit'));
    expect(await screen.findByText('must not be a wildcard; add each host name on its own')).toBeInTheDocument();

    refuse = false;
    await user.clear(screen.getByTestId('domain-input'));
    await user.type(screen.getByTestId('domain-input'), ' app.agency.test ');
    await user.click(screen.getByTestId('add-domain-submit'));
    const card = await screen.findByTestId('domain');
    expect(writes.at(-1)).toEqual({ method: 'POST', path: '/api/v1/settings/domains', body: { domain: 'app.agency.test' } });
    expect(card).toHaveAttribute('data-status', 'pending');
    expect(within(card).getByTestId('domain-status')).toHaveTextContent('Pending');
    const records = within(card).getAllByTestId('domain-record');
    expect(records.map((r) => r.getAttribute('data-type'))).toEqual(['CNAME', 'TXT']);
    expect(records[1]).toHaveTextContent('_parley-challenge.app.agency.test');
    expect(records[1]).toHaveTextContent('parley-verify=abc123');
    expect(within(records[1] as HTMLElement).getAllByRole('button', { name: /copy/i })).toHaveLength(2);
    expect(screen.getByTestId('domain-input')).toHaveValue('');
  });

  it('checks now and shows what the check found, then removes the domain after confirming', async () => {
    const failing: CustomDomain = {
      ...pending,
      status: 'pending',
      lastCheckedAt: '2026-12-01T11:00:00Z',
      lastError: 'app.agency.test is a CNAME to proxy.elsewhere.test, not to edge.parley.test.',
    };
    const writes = fakeServer(list([pending]), (req) => (req.method === 'DELETE' ? new Response(null, { status: 204 }) : json(200, failing)));
    renderWithProviders(<DomainsPage />);
    const user = userEvent.setup();
    await user.click(await screen.findByTestId('check-domain'));
    expect(await screen.findByTestId('domain-error')).toHaveTextContent('is a CNAME to proxy.elsewhere.test, not to edge.parley.test');
    expect(writes.at(-1)).toMatchObject({ method: 'POST', path: '/api/v1/settings/domains/d-1/check' });

    await user.click(screen.getByTestId('remove-domain'));
    expect(screen.getByTestId('confirm-modal')).toHaveTextContent('Remove app.agency.test?');
    await user.click(screen.getByTestId('confirm-button'));
    await waitFor(() => expect(screen.queryByTestId('domain')).toBeNull());
    expect(writes.at(-1)).toEqual({ method: 'DELETE', path: '/api/v1/settings/domains/d-1', body: null });
  });

  it('explains why a workspace may not add domains instead of offering the form', async () => {
    fakeServer(list([], { allowed: false, notAllowedCode: 'feature_not_in_plan' }), () => json(500, {}));
    renderWithProviders(<DomainsPage />);
    expect(await screen.findByTestId('domains-not-allowed')).toHaveTextContent('which your plan does not include');
    expect(screen.queryByTestId('add-domain')).toBeNull();
  });
});
