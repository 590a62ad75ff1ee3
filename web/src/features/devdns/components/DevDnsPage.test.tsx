import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { json } from '../../../test/fixtures';
import { renderWithProviders } from '../../../test/render';
import { loadDomainsStrings } from '../../brand/domainsStrings';
import type { DevDnsRecord } from '../api';
import { DevDnsPage } from './DevDnsPage';

/** The config (demo or not) and the demo DNS records; a PUT replaces them unless `refuse` answers instead. */
function fakeServer(demo: boolean, records: DevDnsRecord[], refuse?: (body: { records: DevDnsRecord[] }) => Response | undefined) {
  const puts: DevDnsRecord[][] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (req: Request) => {
      const path = new URL(req.url).pathname;
      if (path === '/api/v1/config') return json(200, { demo, devMailbox: true, signupEnabled: true, version: 'test' });
      if (path !== '/api/v1/dev/dns/records') return json(404, { error: 'not_found', message: 'Not found.' });
      if (req.method === 'GET') return json(200, { records });
      const body = (await req.json()) as { records: DevDnsRecord[] };
      puts.push(body.records);
      const refused = refuse?.(body);
      if (refused) return refused;
      records = body.records;
      return json(200, { records });
    }),
  );
  return puts;
}

const txt: DevDnsRecord = { name: '_parley-challenge.app.agency.test', type: 'TXT', value: 'parley-verify=abc' };

beforeAll(() => loadDomainsStrings());
afterEach(() => vi.unstubAllGlobals());

describe('demo DNS page', () => {
  it('adds a record to the whole table, shows the server refusal on the field, and removes a record', async () => {
    let refuse = true;
    const puts = fakeServer(true, [txt], () =>
      refuse
        ? json(422, { error: 'validation_failed', message: 'Some fields are invalid.', details: { fields: [{ field: 'records[1].value', message: 'must be an IPv4 address' }] } })
        : undefined,
    );
    renderWithProviders(<DevDnsPage />);
    const user = userEvent.setup();
    expect(await screen.findAllByTestId('dev-dns-record')).toHaveLength(1);

    await user.type(screen.getByTestId('dns-name'), 'app.agency.test');
    await user.selectOptions(screen.getByTestId('dns-type'), 'A');
    await user.type(screen.getByTestId('dns-value'), 'not-an-address');
    await user.click(screen.getByTestId('dns-save'));
    expect(await screen.findByText('must be an IPv4 address')).toBeInTheDocument();

    refuse = false;
    await user.clear(screen.getByTestId('dns-value'));
    await user.type(screen.getByTestId('dns-value'), '127.0.0.1');
    await user.click(screen.getByTestId('dns-save'));
    await waitFor(() => expect(screen.getAllByTestId('dev-dns-record')).toHaveLength(2));
    expect(puts.at(-1)).toEqual([txt, { name: 'app.agency.test', type: 'A', value: '127.0.0.1' }]);

    await user.click(within(screen.getAllByTestId('dev-dns-record')[0] as HTMLElement).getByRole('button', { name: /remove/i }));
    await waitFor(() => expect(screen.getAllByTestId('dev-dns-record')).toHaveLength(1));
    expect(puts.at(-1)).toEqual([{ name: 'app.agency.test', type: 'A', value: '127.0.0.1' }]);
  });

  it('says the page is off outside demo mode and asks for no records', async () => {
    const puts = fakeServer(false, []);
    renderWithProviders(<DevDnsPage />);
    expect(await screen.findByText('Demo DNS is off')).toBeInTheDocument();
    expect(screen.queryByTestId('dev-dns-form')).toBeNull();
    expect(puts).toEqual([]);
  });
});
