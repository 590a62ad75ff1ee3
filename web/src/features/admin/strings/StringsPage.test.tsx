import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { sessionManager } from '../../../api/client';
import { addLazyStrings } from '../../../i18n';
import { json, makeAuth, makeSession } from '../../../test/fixtures';
import { renderWithProviders } from '../../../test/render';
import { StringsPage } from './StringsPage';

type Call = { method: string; path: string; body?: unknown };

function server() {
  const calls: Call[] = [];
  const overrides = new Map<string, string>();
  vi.stubGlobal(
    'fetch',
    vi.fn(async (req: Request) => {
      const url = new URL(req.url);
      const body = req.method === 'PUT' ? ((await req.json()) as { value: string }) : undefined;
      calls.push({ method: req.method, path: url.pathname, body });
      const m = /^\/api\/v1\/admin\/strings\/([a-z]{2})(?:\/(.+))?$/.exec(url.pathname);
      if (!m) return json(404, { error: 'not_found', message: url.pathname });
      const key = m[2] ? decodeURIComponent(m[2]) : null;
      if (req.method === 'PUT' && key && body) {
        overrides.set(key, body.value);
        return json(200, { key, english: 'Team', value: body.value });
      }
      if (req.method === 'DELETE' && key) {
        overrides.delete(key);
        return new Response(null, { status: 204 });
      }
      const items = [{ key: 'nav.team', english: 'Team', value: overrides.get('nav.team') ?? null }];
      return json(200, { items, total: 1, page: 1, perPage: 25 });
    }),
  );
  return calls;
}

beforeAll(async () => {
  await addLazyStrings('strings');
});

afterEach(() => {
  cleanup();
  sessionManager.clear();
  vi.unstubAllGlobals();
});

describe('the wording page', () => {
  it('shows English and the built-in text of the chosen language, writes an override and goes back', async () => {
    sessionManager.apply(makeAuth('tok', makeSession({}, { isPlatformAdmin: true })));
    const calls = server();
    renderWithProviders(<StringsPage />, '/admin/strings');
    await userEvent.selectOptions(await screen.findByTestId('web-strings-language'), 'ru');
    const row = await screen.findByTestId('web-string');
    expect(within(row).getByText('Team')).toBeInTheDocument();
    // Russian's own text for nav.team, read from the app's bundles.
    await waitFor(() => expect(within(row).getByTestId('web-string-current')).toHaveTextContent('Команда'));
    expect(calls.some((c) => c.path === '/api/v1/admin/strings/ru')).toBe(true);

    await userEvent.click(within(row).getByTestId('web-string-edit'));
    const box = within(row).getByRole('textbox');
    expect(box).toHaveValue('Команда');
    await userEvent.clear(box);
    await userEvent.type(box, 'Коллеги');
    await userEvent.click(within(row).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(calls).toContainEqual({ method: 'PUT', path: '/api/v1/admin/strings/ru/nav.team', body: { value: 'Коллеги' } }));
    await waitFor(() => expect(within(screen.getByTestId('web-string')).getByTestId('web-string-current')).toHaveTextContent('Коллеги'));

    await userEvent.click(within(screen.getByTestId('web-string')).getByTestId('web-string-reset'));
    await waitFor(() => expect(calls.some((c) => c.method === 'DELETE' && c.path === '/api/v1/admin/strings/ru/nav.team')).toBe(true));
    await waitFor(() => expect(within(screen.getByTestId('web-string')).getByTestId('web-string-current')).toHaveTextContent('Команда'));
  });
});
