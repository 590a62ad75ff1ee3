import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json } from '../../../test/fixtures';
import { renderWithProviders } from '../../../test/render';
import { CustomerPhonePage } from './CustomerPhonePage';

afterEach(() => {
  vi.unstubAllGlobals();
});

const number = {
  phoneNumberId: '100000000000001',
  wabaId: '200000000000001',
  displayPhoneNumber: '+1 555-010-0001',
  verifiedName: 'Demo Company',
  webhookUrl: 'http://127.0.0.1/api/v1/webhooks/whatsapp/x',
};

describe('customer phone page', () => {
  it('says the simulator needs demo mode when /sim answers 404', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => json(404, { error: 'not_found', message: 'Not found.' })));
    renderWithProviders(<CustomerPhonePage />, '/phone');
    expect(await screen.findByTestId('phone-unavailable')).toHaveTextContent('The simulator runs only in demo mode (parley serve --demo)');
  });

  it('says so too when the web app answers instead of the simulator', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('<!doctype html>', { status: 200, headers: { 'Content-Type': 'text/html' } })));
    renderWithProviders(<CustomerPhonePage />, '/phone');
    expect(await screen.findByTestId('phone-unavailable')).toBeInTheDocument();
  });

  it('opens the chat with the business number and the default customer', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL) => {
        const url = String(input);
        if (url.endsWith('/sim/api/numbers')) return json(200, [number]);
        if (url.includes('/sim/api/customers/14155550100/messages')) {
          return json(200, [
            { id: 'a', direction: 'inbound', type: 'text', text: 'Hi', status: 'received', timestamp: '2026-01-05T10:00:00Z', webhookAccepted: true, readByBusiness: true },
            { id: 'b', direction: 'outbound', type: 'text', text: 'Welcome!', status: 'read', timestamp: '2026-01-05T10:01:00Z' },
          ]);
        }
        return json(404, { error: 'not_found', message: url });
      }),
    );
    renderWithProviders(<CustomerPhonePage />, '/phone?number=100000000000001');
    expect(await screen.findByTestId('phone-business-name')).toHaveTextContent('Demo Company');
    expect(screen.getByTestId('phone-customer')).toHaveValue('+1 415 555 0100');
    const bubbles = await screen.findAllByTestId('phone-message');
    expect(bubbles.map((b) => [b.dataset.mine, b.textContent?.includes(b.dataset.mine === 'true' ? 'Hi' : 'Welcome!')])).toEqual([
      ['true', true],
      ['false', true],
    ]);
    expect(screen.getByTestId('phone-ticks')).toHaveAttribute('data-status', 'read');
  });
});
