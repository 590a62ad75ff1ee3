import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sessionManager } from '../../../api/client';
import { json, makeAuth, makeSession } from '../../../test/fixtures';
import { renderWithProviders } from '../../../test/render';
import type { Contact, ContactField } from '../types';
import { ContactsPage } from './ContactsPage';

const contact = (id: string, name: string): Contact => ({
  id,
  phone: `+1555010${id}`,
  waUserId: null,
  name,
  profileName: null,
  email: `${name.toLowerCase()}@example.com`,
  company: 'Acme',
  notes: null,
  avatarUrl: null,
  customFields: { plan: 'gold' },
  labels: [{ id: 'l-1', name: 'VIP', color: '#1d4ed8' }],
  consent: { status: 'opted_in', source: 'manual', at: '2026-01-01T00:00:00Z' },
  lastMessageAt: null,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
});

const plan: ContactField = { id: 'f-1', key: 'plan', label: 'Plan', kind: 'select', required: false, options: ['gold', 'silver'], position: 0, createdAt: '2026-01-01T00:00:00Z' };

function server({ refuseCriteria = false } = {}) {
  const calls: Array<{ method: string; url: URL; body: unknown }> = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (req: Request) => {
      const url = new URL(req.url);
      const body = req.method === 'GET' ? null : await req.json().catch(() => null);
      calls.push({ method: req.method, url, body });
      switch (url.pathname) {
        case '/api/v1/contacts':
          if (refuseCriteria && url.searchParams.has('criteria'))
            return json(422, {
              error: 'validation_failed',
              message: 'Some fields are invalid.',
              details: { fields: [{ field: 'criteria.conditions.0.value', message: 'too long for a name' }] },
            });
          return json(200, { items: [contact('1', 'Ana'), contact('2', 'Bruno')], nextCursor: null });
        case '/api/v1/contacts/count':
          return json(200, { count: 120 });
        case '/api/v1/contact-fields':
          return json(200, [plan]);
        case '/api/v1/labels':
          return json(200, [{ id: 'l-1', name: 'VIP', color: '#1d4ed8', createdAt: '2026-01-01T00:00:00Z' }]);
        case '/api/v1/contacts/segments':
          return json(200, []);
        case '/api/v1/contacts/bulk':
          return json(200, { affected: 120 });
        default:
          return json(404, { error: 'not_found', message: 'no route' });
      }
    }),
  );
  return calls;
}

describe('contacts list', () => {
  beforeEach(() => {
    localStorage.clear();
    // jsdom lays nothing out: give the virtualised table's scroller a height so it renders rows.
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(800);
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(1200);
    sessionManager.apply(makeAuth('tok', makeSession({ role: 'manager' })));
  });
  afterEach(() => {
    cleanup();
    sessionManager.clear();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('shows the rows and the live total', async () => {
    server();
    renderWithProviders(<ContactsPage basePath="/app" />, '/app/contacts');
    expect(await screen.findAllByTestId('contact-row')).toHaveLength(2);
    expect(await screen.findByTestId('contacts-total')).toHaveTextContent('120');
    expect(screen.getAllByTestId('contact-link')[0]).toHaveAttribute('href', '/app/contacts/1');
  });

  it('selects everything that matches and deletes it after saying how many', async () => {
    const calls = server();
    const user = userEvent.setup();
    renderWithProviders(<ContactsPage basePath="/app" />, '/app/contacts');
    await screen.findAllByTestId('contact-row');
    await screen.findByTestId('contacts-total');
    await user.click(screen.getByTestId('select-all'));
    expect(screen.getByTestId('selected-count')).toHaveTextContent('2');
    await user.click(screen.getByTestId('select-all-matching'));
    expect(screen.getByTestId('selected-count')).toHaveTextContent('120');
    await user.click(screen.getByTestId('bulk-delete'));
    const dialog = await screen.findByTestId('confirm-modal');
    expect(dialog).toHaveTextContent('120 contacts');
    await user.click(within(dialog).getByTestId('confirm-button'));
    await waitFor(() => expect(calls.some((c) => c.url.pathname === '/api/v1/contacts/bulk')).toBe(true));
    expect(calls.find((c) => c.url.pathname === '/api/v1/contacts/bulk')?.body).toEqual({ selection: { all: true }, action: 'delete' });
  });

  it('applies a filter from the builder as criteria', async () => {
    const calls = server();
    const user = userEvent.setup();
    renderWithProviders(<ContactsPage basePath="/app" />, '/app/contacts');
    await screen.findAllByTestId('contact-row');
    await user.click(screen.getByTestId('filters-button'));
    await user.click(screen.getByTestId('criteria-add-condition'));
    await user.click(screen.getByTestId('filters-apply'));
    expect(await screen.findByTestId('criteria-error')).toHaveTextContent('Enter a value');
    await user.type(screen.getByTestId('criteria-value'), 'ana');
    await user.click(screen.getByTestId('filters-apply'));
    await waitFor(() => {
      const list = calls.filter((c) => c.url.pathname === '/api/v1/contacts' && c.url.searchParams.has('criteria'));
      expect(list.length).toBeGreaterThan(0);
      expect(JSON.parse(list[0]?.url.searchParams.get('criteria') ?? '')).toEqual({ op: 'and', conditions: [{ field: 'name', operator: 'contains', value: 'ana' }] });
    });
  });

  it('shows the server refusing a criteria next to the condition', async () => {
    server({ refuseCriteria: true });
    const user = userEvent.setup();
    renderWithProviders(<ContactsPage basePath="/app" />, '/app/contacts');
    await screen.findAllByTestId('contact-row');
    await user.click(screen.getByTestId('filters-button'));
    await user.click(screen.getByTestId('criteria-add-condition'));
    await user.type(screen.getByTestId('criteria-value'), 'ana');
    await user.click(screen.getByTestId('filters-apply'));
    if (!screen.queryByTestId('criteria-add-condition')) await user.click(screen.getByTestId('filters-button'));
    expect(await screen.findByTestId('criteria-error')).toHaveTextContent('too long for a name');
  });

  it('shows a custom field as a column when picked, and remembers the choice', async () => {
    server();
    const user = userEvent.setup();
    renderWithProviders(<ContactsPage basePath="/app" />, '/app/contacts');
    await screen.findAllByTestId('contact-row');
    await waitFor(() => expect(screen.queryByText('gold')).not.toBeInTheDocument());
    await user.click(screen.getByTestId('column-picker-button'));
    const option = (await screen.findAllByTestId('column-option')).find((o) => o.getAttribute('data-column') === 'field.plan');
    await user.click(option!);
    expect((await screen.findAllByText('gold')).length).toBe(2);
    expect(JSON.parse(localStorage.getItem('parley.crm.columns') ?? '[]')).toContain('field.plan');
  });
});
