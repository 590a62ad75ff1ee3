import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sessionManager } from '../../../api/client';
import { json, makeAuth, makeSession } from '../../../test/fixtures';
import { renderWithProviders } from '../../../test/render';
import type { Contact, ContactField } from '../types';
import { ContactPage } from './ContactPage';

const ana: Contact = {
  id: 'c-1',
  phone: '+15550100',
  waUserId: null,
  name: 'Ana Souza',
  profileName: 'Ana',
  email: 'ana@example.com',
  company: 'Acme',
  notes: null,
  avatarUrl: null,
  customFields: { seats: 12 },
  labels: [],
  consent: { status: 'unknown', source: null, at: null },
  lastMessageAt: null,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};

const fields: ContactField[] = [
  { id: 'f-1', key: 'seats', label: 'Seats', kind: 'number', required: false, options: [], position: 0, createdAt: '2026-01-01T00:00:00Z' },
  { id: 'f-2', key: 'vip', label: 'VIP', kind: 'boolean', required: false, options: [], position: 1, createdAt: '2026-01-01T00:00:00Z' },
];

function server() {
  const calls: Array<{ method: string; path: string; body: unknown }> = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (req: Request) => {
      const path = new URL(req.url).pathname;
      const body = req.method === 'GET' ? null : await req.json().catch(() => null);
      calls.push({ method: req.method, path, body });
      if (path === '/api/v1/contacts/c-1' && req.method === 'GET') return json(200, ana);
      if (path === '/api/v1/contacts/c-1' && req.method === 'PATCH')
        return json(422, { error: 'validation_failed', message: 'Some fields are invalid.', details: { fields: [{ field: 'customFields.seats', message: 'must be a number' }] } });
      if (path === '/api/v1/contacts/c-1/consent') return json(200, { ...ana, consent: { status: 'opted_out', source: 'manual', at: '2026-02-01T00:00:00Z' } });
      if (path === '/api/v1/contacts/c-1/timeline') return json(200, [{ kind: 'created', at: '2026-01-01T00:00:00Z', title: 'Contact created' }]);
      if (path === '/api/v1/contact-fields') return json(200, fields);
      if (path === '/api/v1/conversations') return json(200, { items: [], nextCursor: null, total: 0 });
      if (path === '/api/v1/labels') return json(200, []);
      return json(404, { error: 'not_found', message: 'no route' });
    }),
  );
  return calls;
}

function renderPage(role: 'manager' | 'agent' = 'manager') {
  sessionManager.apply(makeAuth('tok', makeSession({ role })));
  return renderWithProviders(
    <Routes>
      <Route path="/app/contacts/:id" element={<ContactPage basePath="/app" extraPanels={(id) => <p data-testid="deals-panel">deals of {id}</p>} />} />
    </Routes>,
    '/app/contacts/c-1',
  );
}

describe('contact page', () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => {
    cleanup();
    sessionManager.clear();
    vi.unstubAllGlobals();
  });

  it('shows the profile, the timeline and the other areas’ panels', async () => {
    server();
    renderPage();
    expect(await screen.findByTestId('contact-name')).toHaveTextContent('Ana Souza');
    expect(screen.getByTestId('deals-panel')).toHaveTextContent('deals of c-1');
    expect(await screen.findByText('Contact created')).toBeInTheDocument();
    expect(screen.getByTestId('merge-contact')).toBeInTheDocument();
  });

  it('hides merge and delete from agents', async () => {
    server();
    renderPage('agent');
    await screen.findByTestId('contact-name');
    expect(screen.queryByTestId('merge-contact')).not.toBeInTheDocument();
    expect(screen.queryByTestId('delete-contact')).not.toBeInTheDocument();
  });

  it('shows a 422 on a custom field under that field', async () => {
    const calls = server();
    const user = userEvent.setup();
    renderPage();
    await user.click(await screen.findByTestId('edit-custom-fields'));
    const seats = screen.getByTestId('custom-field-seats');
    await user.clear(seats);
    await user.type(seats, '13');
    await user.click(screen.getByTestId('save-custom-fields'));
    expect(await screen.findByTestId('error-contact-cf-seats')).toHaveTextContent('must be a number');
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ customFields: { seats: 13 } });
  });

  it('changes consent', async () => {
    const calls = server();
    const user = userEvent.setup();
    renderPage();
    await user.selectOptions(await screen.findByTestId('consent-select'), 'opted_out');
    await waitFor(() => expect(calls.some((c) => c.path === '/api/v1/contacts/c-1/consent' && (c.body as { status: string }).status === 'opted_out')).toBe(true));
  });
});
