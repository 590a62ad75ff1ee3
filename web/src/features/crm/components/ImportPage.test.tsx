import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json } from '../../../test/fixtures';
import { renderWithProviders } from '../../../test/render';
import type { ContactImport } from '../types';
import { ImportPage } from './ImportPage';

const draft: ContactImport = {
  id: 'imp-1',
  status: 'draft',
  fileName: 'leads.csv',
  delimiter: ',',
  headers: ['Full name', 'Mobile', 'Plan'],
  sample: [['Ana', '+15550100', 'gold']],
  rowCount: 1200,
  mapping: { 'Full name': 'name', Mobile: 'skip', Plan: 'skip' },
  processed: 0,
  created: 0,
  updated: 0,
  skipped: 0,
  failed: 0,
  error: null,
  createdAt: '2026-01-01T00:00:00Z',
  finishedAt: null,
};

function server() {
  const calls: Array<{ method: string; path: string; body: unknown }> = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (req: Request) => {
      const path = new URL(req.url).pathname;
      const body = req.method === 'POST' && path.endsWith('/start') ? await req.json() : null;
      calls.push({ method: req.method, path, body });
      if (path === '/api/v1/contacts/import') return json(200, draft);
      if (path === '/api/v1/contacts/imports/imp-1/start') return json(202, { ...draft, status: 'queued' });
      if (path === '/api/v1/contacts/imports/imp-1') return json(200, { ...draft, status: 'done', processed: 1200, created: 1000, updated: 150, skipped: 40, failed: 10 });
      if (path === '/api/v1/contacts/imports') return json(200, []);
      if (path === '/api/v1/contact-fields') return json(200, []);
      if (path === '/api/v1/labels') return json(200, []);
      return json(404, { error: 'not_found', message: 'no route' });
    }),
  );
  return calls;
}

describe('contact import', () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('uploads, asks for a phone column and a confirmation, starts, and shows the final counts', async () => {
    const calls = server();
    const user = userEvent.setup();
    renderWithProviders(<ImportPage basePath="/app" />, '/app/contacts/import');
    await user.upload(screen.getByTestId('import-file'), new File(['Full name,Mobile\nAna,+15550100\n'], 'leads.csv', { type: 'text/csv' }));
    await user.click(screen.getByTestId('import-upload-submit'));
    const rows = await screen.findAllByTestId('mapping-row');
    expect(rows).toHaveLength(3);

    await user.click(screen.getByTestId('import-start'));
    expect(await screen.findByTestId('mapping-problems')).toHaveTextContent('phone number');
    expect(screen.getByText('Please confirm to continue.')).toBeInTheDocument();
    expect(calls.some((c) => c.path.endsWith('/start'))).toBe(false);

    await user.selectOptions(screen.getAllByTestId('mapping-target')[1]!, 'phone');
    await user.click(screen.getByTestId('duplicates-fill'));
    await user.click(screen.getByTestId('import-confirm'));
    await user.click(screen.getByTestId('import-start'));

    await waitFor(() => expect(calls.some((c) => c.path.endsWith('/start'))).toBe(true));
    expect(calls.find((c) => c.path.endsWith('/start'))?.body).toEqual({
      mapping: { 'Full name': 'name', Mobile: 'phone', Plan: 'skip' },
      defaultCountry: null,
      duplicates: 'fill',
      labelIds: [],
      consent: { status: 'unknown', basis: '' },
    });
    expect(await screen.findByTestId('import-created')).toHaveTextContent('1,000');
    expect(screen.getByTestId('import-failed')).toHaveTextContent('10');
    expect(screen.getByTestId('download-failed')).toBeInTheDocument();
  });
});
