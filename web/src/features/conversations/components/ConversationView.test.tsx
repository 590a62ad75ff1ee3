import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Contact, Message } from '../../../api/types';
import { json, makeConversation } from '../../../test/fixtures';
import { renderWithProviders } from '../../../test/render';
import { ConversationView } from './ConversationView';

const conversation = makeConversation({
  lastMessageAt: '2026-01-05T10:00:00Z',
  labels: [{ id: 'l-1', name: 'VIP', color: '#7c3aed' }],
  assigneeId: null,
  assigneeName: null,
});

const inbound: Message = {
  id: 'in-1',
  conversationId: 'conv-1',
  direction: 'inbound',
  type: 'text',
  content: { text: 'Is my order ready?' },
  status: 'received',
  attempts: 0,
  createdAt: '2026-01-05T10:00:00Z',
  waMessageId: 'wamid.in-1',
};

const note: Message = {
  id: 'note-1',
  conversationId: 'conv-1',
  direction: 'note',
  type: 'text',
  content: { text: 'Checking the stock' },
  status: 'sent',
  attempts: 0,
  createdAt: '2026-01-05T10:01:00Z',
  senderName: 'Omar',
};

function fakeServer(answers: Array<() => Response>) {
  const posts: unknown[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (req: Request) => {
      const url = new URL(req.url);
      const path = url.pathname;
      if (path === '/api/v1/conversations/conv-1' && req.method === 'GET') return json(200, conversation);
      if (path === '/api/v1/conversations/conv-1/messages' && req.method === 'GET') return json(200, { items: [note, inbound], nextCursor: null });
      if (path === '/api/v1/conversations/conv-1/messages' && req.method === 'POST') {
        posts.push(await req.json());
        const answer = answers.shift();
        return answer ? answer() : json(500, { error: 'internal', message: 'boom' });
      }
      if (path === '/api/v1/whatsapp/connections') return json(200, [{ id: 'conn-1', kind: 'cloud', name: 'Sales', status: 'connected' }]);
      if (path === '/api/v1/contacts/contact-1') return json(200, {
          id: 'contact-1',
          name: 'Ana',
          phone: '+15550100',
          waUserId: null,
          profileName: null,
          email: 'ana@example.com',
          company: null,
          notes: null,
          avatarUrl: null,
          customFields: {},
          labels: [],
          consent: { status: 'unknown', source: null, at: null },
          lastMessageAt: null,
          createdAt: '2025-01-01T00:00:00Z',
          updatedAt: '2025-01-01T00:00:00Z',
        } satisfies Contact);
      if (path === '/api/v1/conversations') return json(200, { items: [conversation], nextCursor: null, total: 1 });
      if (path === '/api/v1/agents' || path === '/api/v1/teams' || path === '/api/v1/labels') return json(200, []);
      return json(404, { error: 'not_found', message: `no route ${req.method} ${path}` });
    }),
  );
  return posts;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('conversation view', () => {
  it('shows notes as internal notes and labels in the header', async () => {
    fakeServer([]);
    renderWithProviders(<ConversationView conversationId="conv-1" basePath="/app/conversations" />);
    const bubble = (await screen.findAllByTestId('message')).find((m) => m.dataset.direction === 'note');
    expect(bubble).toHaveTextContent('Private note');
    expect(bubble).toHaveTextContent('Omar');
    expect(bubble).toHaveTextContent('Checking the stock');
    expect(screen.getByTestId('conversation-label')).toHaveTextContent('VIP');
  });

  it('shows a reply at once with a clock, marks it failed with Retry, and retrying posts it again', async () => {
    const posts = fakeServer([
      () => json(500, { error: 'internal', message: 'boom' }),
      () =>
        json(202, { id: 'out-1', conversationId: 'conv-1', direction: 'outbound', type: 'text', content: { text: 'Almost!' }, status: 'queued', attempts: 0, createdAt: '2026-01-05T10:02:00Z', replyToWaId: 'wamid.in-1' }),
    ]);
    renderWithProviders(<ConversationView conversationId="conv-1" basePath="/app/conversations" />);
    const user = userEvent.setup();
    await screen.findAllByTestId('message');

    // Reply to the customer's message: the quote shows in the composer and in the sent bubble.
    const customer = screen.getAllByTestId('message').find((m) => m.dataset.direction === 'inbound') as HTMLElement;
    await user.click(within(customer).getByTestId('message-reply'));
    expect(screen.getByTestId('composer-reply-preview')).toHaveTextContent('Is my order ready?');
    await user.type(screen.getByTestId('composer-input'), 'Almost!{Enter}');

    const failed = await screen.findByTestId('message-failure');
    expect(failed).toHaveTextContent('Something went wrong on our side');
    const local = screen.getAllByTestId('message').find((m) => m.dataset.local === 'true') as HTMLElement;
    expect(local).toHaveAttribute('data-status', 'failed');
    expect(within(local).getByTestId('message-quote')).toHaveTextContent('Is my order ready?');
    expect(posts).toEqual([{ type: 'text', text: 'Almost!', replyTo: 'in-1' }]);

    await user.click(within(local).getByTestId('retry-message'));
    await waitFor(() => expect(screen.queryByTestId('message-failure')).toBeNull());
    const sent = screen.getAllByTestId('message').find((m) => m.dataset.messageId === 'out-1') as HTMLElement;
    expect(sent).toHaveTextContent('Almost!');
    expect(within(sent).getByTestId('message-ticks')).toHaveAttribute('data-status', 'pending');
    expect(screen.getAllByTestId('message').filter((m) => m.dataset.local === 'true')).toEqual([]);
    expect(posts).toHaveLength(2);
  });

  it('opens the contact panel with the contact details and their conversations', async () => {
    fakeServer([]);
    renderWithProviders(<ConversationView conversationId="conv-1" basePath="/app/conversations" />);
    await userEvent.setup().click(await screen.findByTestId('contact-panel-toggle'));
    const panel = screen.getByTestId('contact-panel');
    expect(await within(panel).findByText('ana@example.com')).toBeInTheDocument();
    expect(await within(panel).findByTestId('contact-conversation-link')).toHaveAttribute('href', '/app/conversations/conv-1');
  });
});
