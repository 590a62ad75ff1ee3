import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { json } from '../../../test/fixtures';
import { renderWithProviders } from '../../../test/render';
import { loadOperationsStrings } from '../strings';
import { SystemHealthPage } from './SystemHealthPage';

const check = (name: string, status: 'ok' | 'warn' | 'fail', value: string, hint: string | null = null) => ({ name, status, value, hint, durationMs: 3 });

/** A report (its smtp check failing until the `runs`-th run) and maintenance mode; PUTs are recorded. */
function fakeServer() {
  let runs = 0;
  let maintenance = { enabled: false, message: 'Parley is being upgraded.', changedAt: null as string | null };
  const puts: unknown[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (req: Request) => {
      const path = new URL(req.url).pathname;
      if (path === '/api/v1/admin/system/health') {
        runs += 1;
        const smtp = runs === 1 ? check('smtp', 'fail', 'connection refused', 'Check mail.smtp_url.') : check('smtp', 'ok', 'server answers');
        return json(200, { status: smtp.status, checkedAt: '2026-12-07T10:00:00Z', version: '1.2.3', checks: [check('database', 'ok', 'PostgreSQL 15.8, 2 ms'), smtp, check('disk', 'warn', '5.0 GiB free of 100.0 GiB (5%)', 'Free space.')] });
      }
      if (path === '/api/v1/admin/system/maintenance' && req.method === 'PUT') {
        const body = (await req.json()) as { enabled: boolean; message?: string };
        puts.push(body);
        maintenance = { enabled: body.enabled, message: body.message ?? 'Parley is being upgraded.', changedAt: '2026-12-07T10:01:00Z' };
        return json(200, maintenance);
      }
      if (path === '/api/v1/admin/system/maintenance') return json(200, maintenance);
      return json(404, { error: 'not_found', message: 'Not found.' });
    }),
  );
  return puts;
}

beforeAll(() => loadOperationsStrings());
afterEach(() => vi.unstubAllGlobals());

describe('System health page', () => {
  it('lists the checks with their values and hints, runs them again, and turns maintenance on with a message', async () => {
    const puts = fakeServer();
    renderWithProviders(<SystemHealthPage />);
    const smtp = await screen.findByTestId('health-check-smtp');
    expect(smtp).toHaveAttribute('data-status', 'fail');
    expect(within(smtp).getByText('Check mail.smtp_url.')).toBeInTheDocument();
    expect(screen.getByText('Failing checks: 1.')).toBeInTheDocument();
    expect(screen.getByTestId('health-check-disk')).toHaveAttribute('data-status', 'warn');
    expect(screen.getByText(/Parley 1\.2\.3/)).toBeInTheDocument();

    const user = userEvent.setup();
    await user.click(screen.getByTestId('health-rerun'));
    await waitFor(() => expect(screen.getByTestId('health-check-smtp')).toHaveAttribute('data-status', 'ok'));

    await user.type(screen.getByTestId('maintenance-message'), 'Back at noon.');
    await user.click(screen.getByTestId('maintenance-on'));
    await waitFor(() => expect(screen.getByTestId('maintenance-switch')).toHaveAttribute('aria-checked', 'true'));
    expect(puts).toEqual([{ enabled: true, message: 'Back at noon.' }]);
    await user.click(screen.getByTestId('maintenance-switch'));
    await waitFor(() => expect(screen.getByTestId('maintenance-switch')).toHaveAttribute('aria-checked', 'false'));
    expect(puts.at(-1)).toEqual({ enabled: false });
  });
});
