import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
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

  it('answers reply buttons and list rows by tapping them, as the customer', async () => {
    const sent: unknown[] = [];
    const chat = [
      {
        id: 'wamid.menu',
        direction: 'outbound',
        type: 'interactive',
        text: 'How can we help?',
        status: 'read',
        timestamp: '2026-01-05T10:01:00Z',
        payload: {
          type: 'interactive',
          interactive: {
            type: 'button',
            body: { text: 'How can we help?' },
            action: { buttons: [{ type: 'reply', reply: { id: 'hours', title: 'Opening hours' } }, { type: 'reply', reply: { id: 'human', title: 'Talk to a person' } }] },
          },
        },
      },
      {
        id: 'wamid.days',
        direction: 'outbound',
        type: 'interactive',
        text: 'Which day?',
        status: 'read',
        timestamp: '2026-01-05T10:02:00Z',
        payload: {
          type: 'interactive',
          interactive: {
            type: 'list',
            body: { text: 'Which day?' },
            action: { button: 'Pick a day', sections: [{ title: 'Weekdays', rows: [{ id: 'mon', title: 'Monday', description: 'From 9:00' }, { id: 'tue', title: 'Tuesday' }] }] },
          },
        },
      },
    ];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
        const url = String(input);
        if (url.endsWith('/sim/api/numbers')) return json(200, [number]);
        if (url.includes('/sim/api/customers/14155550100/messages') && init?.method === 'POST') {
          sent.push(JSON.parse(String(init.body)));
          return json(200, { id: `wamid.c${sent.length}`, delivered: true, webhookStatus: 200 });
        }
        if (url.includes('/sim/api/customers/14155550100/messages')) return json(200, chat);
        if (url.includes('/read')) return json(200, { read: [] });
        return json(404, { error: 'not_found', message: url });
      }),
    );
    const user = userEvent.setup();
    renderWithProviders(<CustomerPhonePage />, '/phone');

    const buttons = await screen.findAllByTestId('phone-reply-button');
    expect(buttons.map((b) => b.textContent)).toEqual(['Opening hours', 'Talk to a person']);
    await user.click(screen.getByRole('button', { name: 'Talk to a person' }));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toMatchObject({ type: 'button_reply', buttonId: 'human', buttonTitle: 'Talk to a person', replyTo: 'wamid.menu', phoneNumberId: number.phoneNumberId });

    const opener = screen.getByTestId('phone-open-list');
    expect(opener).toHaveTextContent('Pick a day');
    await user.click(opener);
    const sheet = screen.getByRole('dialog', { name: 'Pick a day' });
    expect(within(sheet).getByText('Weekdays')).toBeInTheDocument();
    expect(within(sheet).getAllByTestId('phone-list-row')[0]).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(opener).toHaveFocus();

    await user.click(opener);
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: /Monday/ }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await waitFor(() => expect(sent).toHaveLength(2));
    expect(sent[1]).toMatchObject({ type: 'list_reply', buttonId: 'mon', buttonTitle: 'Monday', description: 'From 9:00', replyTo: 'wamid.days' });
  });
});
