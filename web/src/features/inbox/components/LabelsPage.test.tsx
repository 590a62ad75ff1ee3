import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Label } from '../../../api/types';
import { json } from '../../../test/fixtures';
import { renderWithProviders } from '../../../test/render';
import { LabelsPage } from './LabelsPage';

const vip: Label = { id: 'l-1', name: 'VIP', color: '#7c3aed', description: 'Big customers', createdAt: '2026-01-01T00:00:00Z' };

/** A labels API over `labels`; `answer` may take over a write (e.g. to refuse it). */
function fakeServer(labels: Label[], answer?: (req: Request) => Response | undefined) {
  const writes: Array<{ method: string; path: string; body: unknown }> = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (req: Request) => {
      const path = new URL(req.url).pathname;
      if (req.method === 'GET' && path === '/api/v1/labels') return json(200, labels);
      const body = req.method === 'DELETE' ? null : await req.clone().json();
      writes.push({ method: req.method, path, body });
      const override = answer?.(req);
      if (override) return override;
      if (req.method === 'POST') {
        const created = { ...body, id: `l-${labels.length + 1}`, createdAt: '2026-01-02T00:00:00Z' } as Label;
        labels.push(created);
        return json(201, created);
      }
      if (req.method === 'PATCH') return json(200, { ...vip, ...body });
      if (req.method === 'DELETE') return new Response(null, { status: 204 });
      return json(404, { error: 'not_found', message: 'Not found.' });
    }),
  );
  return writes;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('labels settings', () => {
  it('checks the name before asking the server, shows its refusal next to the field, and lists what it creates', async () => {
    let refuse = true;
    const writes = fakeServer([], () => (refuse ? json(409, { error: 'label_exists', message: 'A label with this name exists.' }) : undefined));
    renderWithProviders(<LabelsPage />);
    const user = userEvent.setup();
    expect(await screen.findByText('No labels yet')).toBeInTheDocument();

    await user.click(screen.getByTestId('new-label'));
    const modal = screen.getByTestId('label-modal');
    await user.click(within(modal).getByTestId('label-submit'));
    expect(within(modal).getByTestId('error-label-name')).toHaveTextContent('This field is required.');
    expect(writes).toEqual([]);

    await user.type(within(modal).getByLabelText('Name'), ' Billing ');
    await user.click(within(modal).getByTestId('label-submit'));
    await waitFor(() => expect(within(modal).getByTestId('error-label-name')).toHaveTextContent('A label with this name exists.'));
    expect(writes).toEqual([{ method: 'POST', path: '/api/v1/labels', body: { name: 'Billing', color: expect.any(String), description: null } }]);

    refuse = false;
    await user.click(within(modal).getByTestId('label-submit'));
    await waitFor(() => expect(screen.queryByTestId('label-modal')).toBeNull());
    expect(await screen.findByTestId('label-row')).toHaveTextContent('Billing');
  });

  it('edits a label from its own values and deletes it after confirming', async () => {
    const writes = fakeServer([{ ...vip }]);
    renderWithProviders(<LabelsPage />);
    const user = userEvent.setup();

    await user.click(await screen.findByTestId('edit-label'));
    const modal = screen.getByTestId('label-modal');
    expect(within(modal).getByLabelText('Name')).toHaveValue('VIP');
    await user.clear(within(modal).getByLabelText('Description'));
    await user.click(within(modal).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(screen.queryByTestId('label-modal')).toBeNull());
    expect(writes).toEqual([{ method: 'PATCH', path: '/api/v1/labels/l-1', body: { name: 'VIP', color: '#7c3aed', description: null } }]);

    await user.click(screen.getByTestId('delete-label'));
    expect(screen.getByTestId('confirm-modal')).toHaveTextContent('“VIP” will be removed from every conversation and contact.');
    await user.click(screen.getByTestId('confirm-button'));
    await waitFor(() => expect(screen.queryByTestId('confirm-modal')).toBeNull());
    expect(writes.at(-1)).toEqual({ method: 'DELETE', path: '/api/v1/labels/l-1', body: null });
  });
});
