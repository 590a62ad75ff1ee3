import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Conversation } from '../../../api/types';
import { json } from '../../../test/fixtures';
import { renderWithProviders } from '../../../test/render';
import { Composer } from './Composer';

function conversation(overrides: Partial<Conversation> = {}): Conversation {
  return {
    id: 'conv-1',
    connectionId: 'conn-1',
    connectionName: 'Sales',
    contactId: 'contact-1',
    contactName: 'Ana',
    contactPhone: '+15550100',
    createdAt: '2026-01-05T10:00:00Z',
    status: 'open',
    unreadCount: 0,
    windowOpen: true,
    windowExpiresAt: '2026-01-06T10:00:00Z',
    ...overrides,
  };
}

const templates = [
  { id: 't-1', connectionId: 'conn-1', name: 'hello_world', language: 'en_US', status: 'APPROVED', updatedAt: '2026-01-01T00:00:00Z', components: [{ type: 'BODY', text: 'Hello {{1}}, welcome!' }] },
  { id: 't-2', connectionId: 'conn-1', name: 'draft_offer', language: 'en', status: 'PENDING', updatedAt: '2026-01-01T00:00:00Z', components: [] },
];

function fakeServer(answerSend: () => Response = () => json(202, { id: 'm-1' })) {
  const sent: unknown[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (req: Request) => {
      const path = new URL(req.url).pathname;
      if (path === '/api/v1/whatsapp/connections/conn-1/templates') return json(200, templates);
      if (path === '/api/v1/conversations/conv-1/messages' && req.method === 'POST') {
        sent.push(await req.json());
        return answerSend();
      }
      return json(200, {});
    }),
  );
  return sent;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('composer', () => {
  it('sends text on Enter, breaks lines on Shift+Enter and clears after sending', async () => {
    const sent = fakeServer(() =>
      json(202, { id: 'm-1', conversationId: 'conv-1', direction: 'outbound', type: 'text', content: { text: 'Hi\nthere' }, status: 'queued', attempts: 0, createdAt: '2026-01-05T10:00:00Z' }),
    );
    renderWithProviders(<Composer conversation={conversation()} connectionKind="cloud" />);
    const user = userEvent.setup();
    const input = screen.getByTestId('composer-input');
    await user.type(input, 'Hi{Shift>}{Enter}{/Shift}there');
    expect(input).toHaveValue('Hi\nthere');
    expect(sent).toEqual([]);
    await user.keyboard('{Enter}');
    await waitFor(() => expect(sent).toEqual([{ type: 'text', text: 'Hi\nthere' }]));
    await waitFor(() => expect(input).toHaveValue(''));
    expect(screen.queryByTestId('template-picker')).toBeNull();
  });

  it('shows the server error inline, e.g. a window that closed meanwhile', async () => {
    fakeServer(() => json(422, { error: 'service_window_closed', message: 'More than 24 hours passed.', details: null }));
    renderWithProviders(<Composer conversation={conversation()} connectionKind="cloud" />);
    const user = userEvent.setup();
    await user.type(screen.getByTestId('composer-input'), 'Still there?{Enter}');
    expect(await screen.findByTestId('composer-error')).toHaveTextContent('The 24-hour reply window is closed');
    expect(screen.getByTestId('composer-input')).toHaveValue('Still there?');
  });

  it('switches to approved templates once the reply window is closed', async () => {
    const sent = fakeServer();
    renderWithProviders(<Composer conversation={conversation({ windowOpen: false })} connectionKind="cloud" />);
    expect(screen.queryByTestId('composer-input')).toBeNull();
    expect(screen.getByTestId('template-picker')).toHaveTextContent('The 24-hour reply window is closed');
    const select = await screen.findByTestId('template-select');
    expect([...select.querySelectorAll('option')].map((o) => o.textContent)).toEqual(['hello_world (en_US)']);

    const user = userEvent.setup();
    expect(screen.getByTestId('send-template')).toBeDisabled();
    await user.type(screen.getByLabelText('Value for 1'), 'Ana');
    expect(screen.getByTestId('template-preview')).toHaveTextContent('Hello Ana, welcome!');
    await user.click(screen.getByTestId('send-template'));
    await waitFor(() =>
      expect(sent).toEqual([
        {
          type: 'template',
          template: { name: 'hello_world', language: 'en_US', components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }] },
        },
      ]),
    );
  });

  it('keeps free text and files on QR numbers, which have no reply window', () => {
    fakeServer();
    renderWithProviders(<Composer conversation={conversation({ windowOpen: false })} connectionKind="wasender" />);
    expect(screen.getByTestId('composer-input')).toBeInTheDocument();
    expect(screen.queryByTestId('template-picker')).toBeNull();
    expect(screen.getByTestId('composer-attach')).toBeInTheDocument();
  });
});
