import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sessionManager } from '../../../api/client';
import type { Role } from '../../../api/types';
import { json, makeAuth, makeConversation, makeSession } from '../../../test/fixtures';
import { renderWithProviders } from '../../../test/render';
import type { Ticket } from '../types';
import { TicketsPage } from './TicketsPage';
import { TicketsPanel } from './TicketsPanel';

const ticket: Ticket = {
  id: 't-1',
  number: 42,
  subject: 'Refund',
  description: null,
  status: 'open',
  priority: 'urgent',
  assigneeId: 'u-1',
  assigneeName: 'Ada Lovelace',
  contactId: 'contact-1',
  contactName: 'Ana',
  contactPhone: '+15550100',
  conversationIds: ['conv-1'],
  dueAt: '2026-01-01T10:00:00Z',
  overdue: true,
  createdById: 'u-1',
  createdByName: 'Ada Lovelace',
  createdAt: '2026-01-01T09:00:00Z',
  updatedAt: '2026-01-01T09:00:00Z',
  resolvedAt: null,
};

function server() {
  const lists: URLSearchParams[] = [];
  const posts: unknown[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (req: Request) => {
      const url = new URL(req.url);
      if (url.pathname === '/api/v1/tickets' && req.method === 'GET') {
        lists.push(url.searchParams);
        return json(200, { items: [ticket], nextCursor: null });
      }
      if (url.pathname === '/api/v1/tickets' && req.method === 'POST') {
        posts.push(await req.json());
        return json(201, { ...ticket, id: 't-2', number: 43 });
      }
      if (url.pathname === '/api/v1/tickets/t-1/conversations' && req.method === 'PUT') {
        posts.push(await req.json());
        return json(200, { ...ticket, conversationIds: ['conv-1', 'conv-9'] });
      }
      if (url.pathname === '/api/v1/agents') return json(200, []);
      return json(404, { error: 'not_found', message: url.pathname });
    }),
  );
  return { lists, posts };
}

function signIn(role: Role) {
  sessionManager.apply(makeAuth('tok', makeSession({ role })));
}

afterEach(() => {
  cleanup();
  sessionManager.clear();
  vi.unstubAllGlobals();
});

describe('tickets list', () => {
  it('agents start on "Mine"', async () => {
    signIn('agent');
    const { lists } = server();
    renderWithProviders(<TicketsPage area="/agent" />, '/agent/tickets');
    expect(await screen.findByTestId('tickets-tab-mine')).toHaveAttribute('aria-selected', 'true');
    await waitFor(() => expect(lists.length).toBeGreaterThan(0));
    expect(lists[0]!.get('mine')).toBe('true');
    const rows = await screen.findAllByTestId('ticket-row');
    expect(rows[0]).toHaveTextContent('Refund');
    expect(rows[0]!.getAttribute('href') ?? rows[0]!.querySelector('a')?.getAttribute('href')).toBe('/agent/tickets/t-1');
  });

  it('managers start on "All" and can filter by status', async () => {
    signIn('manager');
    const { lists } = server();
    renderWithProviders(<TicketsPage area="/app" />, '/app/tickets');
    expect(await screen.findByTestId('tickets-tab-all')).toHaveAttribute('aria-selected', 'true');
    await waitFor(() => expect(lists.length).toBeGreaterThan(0));
    expect(lists[0]!.get('mine')).toBeNull();
    await userEvent.selectOptions(screen.getByTestId('ticket-filter-status'), 'pending');
    await waitFor(() => expect(lists.at(-1)!.get('status')).toBe('pending'));
  });
});

describe('tickets panel of a conversation', () => {
  it("lists the contact's tickets and creates one with the contact and the conversation", async () => {
    signIn('agent');
    const { lists, posts } = server();
    renderWithProviders(<TicketsPanel conversation={makeConversation()} basePath="/agent/conversations" />);
    expect(await screen.findByTestId('panel-ticket')).toHaveAttribute('href', '/agent/tickets/t-1');
    expect(lists[0]!.get('contactId')).toBe('contact-1');

    await userEvent.click(screen.getByTestId('new-ticket'));
    expect(await screen.findByTestId('contact-picked')).toHaveTextContent('Ana');
    await userEvent.type(screen.getByLabelText('Subject'), 'Broken charger');
    await userEvent.click(screen.getByTestId('ticket-submit'));
    await waitFor(() => expect(posts).toHaveLength(1));
    expect(posts[0]).toMatchObject({ subject: 'Broken charger', contactId: 'contact-1', conversationId: 'conv-1', priority: 'medium' });
    await waitFor(() => expect(screen.queryByTestId('ticket-dialog')).not.toBeInTheDocument());
  });

  it('asks for a subject before sending', async () => {
    signIn('agent');
    const { posts } = server();
    renderWithProviders(<TicketsPanel conversation={makeConversation()} basePath="/agent/conversations" />);
    await userEvent.click(await screen.findByTestId('new-ticket'));
    await userEvent.click(await screen.findByTestId('ticket-submit'));
    expect(await screen.findByText('Give the ticket a subject.')).toBeInTheDocument();
    expect(posts).toHaveLength(0);
  });

  it('links an existing ticket of the contact to this conversation', async () => {
    signIn('agent');
    const { posts } = server();
    renderWithProviders(<TicketsPanel conversation={makeConversation({ id: 'conv-9' })} basePath="/agent/conversations" />);
    await userEvent.click(await screen.findByTestId('link-ticket'));
    await waitFor(() => expect(posts).toEqual([{ conversationIds: ['conv-1', 'conv-9'] }]));
  });

  it('offers no link when the ticket already has this conversation', async () => {
    signIn('agent');
    server();
    renderWithProviders(<TicketsPanel conversation={makeConversation()} basePath="/agent/conversations" />);
    await screen.findByTestId('panel-ticket');
    expect(screen.queryByTestId('link-ticket')).not.toBeInTheDocument();
  });
});
