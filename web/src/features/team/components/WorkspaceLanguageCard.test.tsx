import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sessionManager } from '../../../api/client';
import { json, makeAuth, makeSession } from '../../../test/fixtures';
import { renderWithProviders } from '../../../test/render';
import { WorkspaceLanguageCard } from './WorkspaceLanguageCard';

function server() {
  const puts: unknown[] = [];
  let language = 'en';
  vi.stubGlobal(
    'fetch',
    vi.fn(async (req: Request) => {
      if (new URL(req.url).pathname !== '/api/v1/settings/language') return json(404, { error: 'not_found', message: '' });
      if (req.method === 'PUT') {
        const body = (await req.json()) as { language: string };
        puts.push(body);
        language = body.language;
      }
      return json(200, { language });
    }),
  );
  return puts;
}

afterEach(() => {
  cleanup();
  sessionManager.clear();
  vi.unstubAllGlobals();
});

describe('the workspace language', () => {
  it('is offered in the ten languages by their own names and saved when the owner picks one', async () => {
    sessionManager.apply(makeAuth('tok', makeSession({ role: 'owner' })));
    const puts = server();
    renderWithProviders(<WorkspaceLanguageCard />, '/app/team');
    const select = await screen.findByLabelText('Language');
    await waitFor(() => expect(select).toBeEnabled());
    expect([...(select as HTMLSelectElement).options].map((o) => o.textContent)).toEqual([
      'English', 'Español', 'Français', 'Deutsch', 'Português', 'العربية', 'हिन्दी', '简体中文', '日本語', 'Русский',
    ]);
    await userEvent.selectOptions(select, 'ja');
    await waitFor(() => expect(puts).toEqual([{ language: 'ja' }]));
    expect(await screen.findByText('Saved.')).toBeInTheDocument();
    expect(select).toHaveValue('ja');
  });

  it('is read-only for a manager', async () => {
    sessionManager.apply(makeAuth('tok', makeSession({ role: 'manager' })));
    server();
    renderWithProviders(<WorkspaceLanguageCard />, '/app/team');
    expect(await screen.findByText('Only the owner changes it.')).toBeInTheDocument();
    expect(screen.getByLabelText('Language')).toBeDisabled();
  });
});
