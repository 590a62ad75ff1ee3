import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Message } from '../../../api/types';
import { renderWithProviders } from '../../../test/render';
import { MessageBubble } from './MessageBubble';

function message(overrides: Partial<Message>): Message {
  return {
    id: 'msg-1',
    conversationId: 'c-1',
    direction: 'outbound',
    type: 'text',
    content: { text: 'Hello' },
    status: 'sent',
    attempts: 1,
    createdAt: '2026-01-05T10:30:00Z',
    media: null,
    ...overrides,
  };
}

// jsdom has no object URLs: give it ones the test can see.
const objectUrls = { create: URL.createObjectURL, revoke: URL.revokeObjectURL };

afterEach(() => {
  vi.unstubAllGlobals();
  URL.createObjectURL = objectUrls.create;
  URL.revokeObjectURL = objectUrls.revoke;
});

describe('message bubble', () => {
  it("names a flow's message by the flow, with a bot badge, not by an agent", () => {
    renderWithProviders(<MessageBubble message={message({ flowRunId: 'run-1', flowName: 'Welcome menu', senderName: null })} />);
    expect(screen.getByTestId('message-bot')).toHaveTextContent('BotWelcome menu');
    expect(screen.queryByTestId('message-sender')).not.toBeInTheDocument();
  });

  it('shows an outbound message with its ticks', () => {
    renderWithProviders(<MessageBubble message={message({ status: 'read' })} />);
    const bubble = screen.getByTestId('message');
    expect(bubble).toHaveAttribute('data-direction', 'outbound');
    expect(bubble).toHaveTextContent('Hello');
    expect(screen.getByTestId('message-ticks')).toHaveAttribute('data-status', 'read');
    expect(screen.getByRole('img', { name: 'Read' })).toBeInTheDocument();
  });

  it('shows a clock while queued and no ticks on inbound messages', () => {
    const { unmount } = renderWithProviders(<MessageBubble message={message({ status: 'queued' })} />);
    expect(screen.getByTestId('message-ticks')).toHaveAttribute('data-status', 'pending');
    unmount();
    renderWithProviders(<MessageBubble message={message({ direction: 'inbound', status: 'received' })} />);
    expect(screen.queryByTestId('message-ticks')).toBeNull();
  });

  it('shows why a message failed and retries it', async () => {
    const onRetry = vi.fn();
    renderWithProviders(
      <MessageBubble message={message({ status: 'failed', error: { code: 131026, reason: 'Message undeliverable' } })} onRetry={onRetry} />,
    );
    expect(screen.getByTestId('message-ticks')).toHaveAttribute('data-status', 'failed');
    expect(screen.getByTestId('message-failure')).toHaveTextContent('Message undeliverable (131026)');
    await userEvent.setup().click(screen.getByTestId('retry-message'));
    expect(onRetry).toHaveBeenCalledWith('msg-1');
  });

  it('shows a template by name and a location with its coordinates', () => {
    const { unmount } = renderWithProviders(<MessageBubble message={message({ type: 'template', content: { template: { name: 'hello_world', language: 'en_US' } } })} />);
    expect(screen.getByTestId('message-template')).toHaveTextContent('Template: hello_world');
    unmount();
    renderWithProviders(
      <MessageBubble message={message({ direction: 'inbound', type: 'location', content: { latitude: 25.2048, longitude: 55.2708, name: 'Office' } })} />,
    );
    expect(screen.getByTestId('message-location')).toHaveTextContent('Office');
    expect(screen.getByTestId('message-location')).toHaveTextContent('25.20480, 55.27080');
  });

  it('fetches a stored picture with the session and shows it inline', async () => {
    const fetch = vi.fn(async (_req: Request) => new Response(new Blob(['png'], { type: 'image/png' }), { status: 200, headers: { 'Content-Type': 'image/png' } }));
    vi.stubGlobal('fetch', fetch);
    URL.createObjectURL = vi.fn(() => 'blob:picture');
    URL.revokeObjectURL = vi.fn();
    const media = { id: 'media-1', status: 'stored', url: '/api/v1/media/media-1', mimeType: 'image/png', filename: null };
    renderWithProviders(<MessageBubble message={message({ direction: 'inbound', type: 'image', content: { caption: 'My cat' }, media })} />);
    const img = await screen.findByTestId('message-image');
    expect(img).toHaveAttribute('src', 'blob:picture');
    expect(img).toHaveAttribute('alt', 'My cat');
    expect(screen.getByText('My cat')).toBeInTheDocument();
    const request = fetch.mock.calls[0]?.[0];
    expect(request && new URL(request.url).pathname).toBe('/api/v1/media/media-1');
  });

  it('offers other files as a download', async () => {
    const media = { id: 'media-2', status: 'stored', url: '/api/v1/media/media-2', mimeType: 'application/pdf', filename: 'invoice.pdf' };
    renderWithProviders(<MessageBubble message={message({ direction: 'inbound', type: 'document', content: { filename: 'invoice.pdf' }, media })} />);
    const link = screen.getByTestId('media-download');
    expect(link).toHaveTextContent('invoice.pdf');
    expect(link).toHaveTextContent('Download');
    await waitFor(() => expect(link).toBeEnabled());
  });

  it('formats the text as WhatsApp does', () => {
    renderWithProviders(<MessageBubble message={message({ direction: 'inbound', status: 'received', content: { text: 'Order *A1042* is _on its way_ ~late~' } })} />);
    const bubble = screen.getByTestId('message');
    expect(bubble.querySelector('strong')).toHaveTextContent('A1042');
    expect(bubble.querySelector('em')).toHaveTextContent('on its way');
    expect(bubble.querySelector('s')).toHaveTextContent('late');
    expect(bubble).not.toHaveTextContent('*');
  });

  it("shows a bot's reply buttons as chips under the bubble, with the header and footer", () => {
    const content = { text: 'How can we *help*?', header: 'Parley Shop', footer: 'Tap a button', buttons: [{ id: 'buy', title: 'Buy' }, { id: 'help', title: 'Talk to us' }] };
    renderWithProviders(<MessageBubble message={message({ type: 'buttons', content, flowRunId: 'run-1', flowName: 'Welcome menu' })} />);
    const body = screen.getByTestId('message-interactive');
    expect(body).toHaveTextContent('Parley Shop');
    expect(body).toHaveTextContent('How can we help?');
    expect(body).toHaveTextContent('Tap a button');
    const chips = screen.getAllByTestId('message-choice');
    expect(chips.map((c) => c.textContent)).toEqual(['Buy', 'Talk to us']);
    // Shown, not pressed: the customer answers on their phone.
    expect(screen.getByTestId('message-buttons').querySelector('button')).toBeNull();
    expect(screen.getByRole('list', { name: 'Reply buttons' })).toBeInTheDocument();
  });

  it("shows a list message's button and its rows' titles", () => {
    const content = {
      text: 'Pick a day',
      listButton: '',
      sections: [
        { title: 'This week', rows: [{ id: 'mon', title: 'Monday' }, { id: 'tue', title: 'Tuesday', description: 'Afternoon' }] },
        { title: 'Next week', rows: [{ id: 'mon2', title: 'Monday 12th' }] },
      ],
    };
    renderWithProviders(<MessageBubble message={message({ type: 'list', content })} />);
    expect(screen.getByTestId('message-interactive')).toHaveTextContent('Pick a day');
    expect(screen.getByTestId('message-list-button')).toHaveTextContent('Choose');
    expect(screen.getAllByTestId('message-choice').map((c) => c.textContent)).toEqual(['Monday', 'Tuesday', 'Monday 12th']);
    expect(screen.getByRole('list', { name: 'Next week' })).toHaveTextContent('Monday 12th');
  });
});
