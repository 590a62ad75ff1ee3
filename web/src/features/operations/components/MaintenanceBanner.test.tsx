import { screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { api, unwrap } from '../../../api/client';
import { json } from '../../../test/fixtures';
import { renderWithProviders } from '../../../test/render';
import { loadOperationsStrings } from '../strings';
import { MaintenanceBanner } from './MaintenanceBanner';

const MESSAGE = 'Upgrading, back at 10:30.';

/** The config says maintenance is on from the `on()`-th read of it; a contact write is refused while it is. */
function fakeServer(on: () => boolean) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (req: Request) => {
      const path = new URL(req.url).pathname;
      if (path === '/api/v1/config')
        return json(200, { demo: false, devMailbox: false, signupEnabled: true, version: '1.0.0', maintenance: { enabled: on(), message: MESSAGE, changedAt: null } });
      if (path === '/api/v1/contacts' && on()) return json(503, { error: 'maintenance', message: MESSAGE });
      return json(404, { error: 'not_found', message: 'Not found.' });
    }),
  );
}

beforeAll(() => loadOperationsStrings());
afterEach(() => vi.unstubAllGlobals());

describe('maintenance banner', () => {
  it('shows the message while maintenance is on', async () => {
    fakeServer(() => true);
    renderWithProviders(<MaintenanceBanner />);
    const banner = await screen.findByTestId('maintenance-banner');
    expect(banner).toHaveTextContent('Maintenance:');
    expect(banner).toHaveTextContent(MESSAGE);
  });

  it('shows nothing while it is off, and appears as soon as a write is refused for maintenance', async () => {
    let on = false;
    fakeServer(() => on);
    renderWithProviders(<MaintenanceBanner />);
    await waitFor(() => expect(vi.mocked(fetch)).toHaveBeenCalled());
    expect(screen.queryByTestId('maintenance-banner')).toBeNull();
    on = true;
    await expect(unwrap(api.POST('/api/v1/contacts', { body: { phone: '+14155550123' } }))).rejects.toMatchObject({ code: 'maintenance' });
    expect(await screen.findByTestId('maintenance-banner')).toHaveTextContent(MESSAGE);
  });
});
