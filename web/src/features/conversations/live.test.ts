import { describe, expect, it } from 'vitest';
import type { Conversation, Message } from '../../api/types';
import { makeConversation } from '../../test/fixtures';
import { NO_FILTERS, type ConversationFilters } from './conversation';
import {
  addLocal,
  applyMessageStatus,
  countsAfter,
  flattenList,
  replaceLocal,
  upsertInList,
  upsertMessage,
  type ListData,
  type MessagesData,
} from './live';
import { isLocal, localMessage } from './messages';
import { keepLocals } from './hooks/useConversations';

const ME = 'user-me';

function conv(id: string, minute: number, overrides: Partial<Conversation> = {}): Conversation {
  const at = new Date(Date.UTC(2026, 0, 5, 10, minute)).toISOString();
  return makeConversation({
    id,
    contactId: `contact-${id}`,
    contactName: `Customer ${id}`,
    createdAt: '2026-01-05T09:00:00Z',
    lastMessageAt: at,
    updatedAt: at,
    assigneeId: null,
    ...overrides,
  });
}

function list(pages: Conversation[][], { more = false, total }: { more?: boolean; total?: number } = {}): ListData {
  const count = total ?? pages.flat().length;
  return {
    pages: pages.map((items, i) => ({ items, total: count, nextCursor: i === pages.length - 1 && !more ? null : `cursor-${i}` })),
    pageParams: pages.map((_, i) => (i === 0 ? null : `cursor-${i - 1}`)),
  };
}

const ids = (d: ListData | undefined) => flattenList(d).map((c) => c.id);
const all: ConversationFilters = { ...NO_FILTERS };
const open: ConversationFilters = { ...NO_FILTERS, status: 'open' };

describe('conversation lists', () => {
  it('puts a new conversation at its place by latest activity and counts it', () => {
    const data = list([[conv('c', 30), conv('b', 20), conv('a', 10)]]);
    const next = upsertInList(data, conv('n', 25), all, ME);
    expect(ids(next)).toEqual(['c', 'n', 'b', 'a']);
    expect(next?.pages[0]?.total).toBe(4);
  });

  it('moves a conversation to the top when a message arrives, without counting it twice', () => {
    const data = list([[conv('c', 30), conv('b', 20)], [conv('a', 10)]]);
    const next = upsertInList(data, conv('a', 40, { lastMessagePreview: 'New!' }), all, ME);
    expect(ids(next)).toEqual(['a', 'c', 'b']);
    expect(flattenList(next)[0]?.lastMessagePreview).toBe('New!');
    expect(next?.pages[0]?.total).toBe(3);
  });

  it('applying the same event twice changes nothing more', () => {
    const data = list([[conv('b', 20), conv('a', 10)]]);
    const once = upsertInList(data, conv('n', 25), all, ME);
    const twice = upsertInList(once, conv('n', 25), all, ME);
    expect(ids(twice)).toEqual(['n', 'b', 'a']);
    expect(twice?.pages[0]?.total).toBe(3);
  });

  it('removes a conversation that no longer matches the filters', () => {
    const data = list([[conv('b', 20), conv('a', 10)]]);
    const next = upsertInList(data, conv('b', 21, { status: 'resolved' }), open, ME);
    expect(ids(next)).toEqual(['a']);
    expect(next?.pages[0]?.total).toBe(1);
  });

  it('keeps Mine and Unassigned in step with assignments', () => {
    const mine: ConversationFilters = { ...NO_FILTERS, assignee: 'me' };
    const unassigned: ConversationFilters = { ...NO_FILTERS, assignee: 'unassigned' };
    const assigned = conv('a', 11, { assigneeId: ME, assigneeName: 'Me' });
    expect(ids(upsertInList(list([[]]), assigned, mine, ME))).toEqual(['a']);
    expect(ids(upsertInList(list([[conv('a', 10)]]), assigned, unassigned, ME))).toEqual([]);
    expect(ids(upsertInList(list([[]]), conv('a', 11, { assigneeId: 'someone-else' }), mine, ME))).toEqual([]);
  });

  it('ignores an update older than the version it has', () => {
    const data = list([[conv('a', 30, { unreadCount: 0 })]]);
    const late = conv('a', 20, { unreadCount: 3 });
    expect(upsertInList(data, late, all, ME)).toBe(data);
  });

  it('leaves a conversation that sorts after everything loaded to the next page', () => {
    const data = list([[conv('c', 30), conv('b', 20)]], { more: true, total: 50 });
    expect(upsertInList(data, conv('old', 1), all, ME)).toBe(data);
    const moved = upsertInList(data, conv('b', 1, { updatedAt: '2026-01-05T11:00:00Z' }), all, ME);
    expect(ids(moved)).toEqual(['c']);
    expect(moved?.pages[0]?.total).toBe(50);
  });

  it('adds to the end of a list that is fully loaded', () => {
    const next = upsertInList(list([[conv('b', 20)]]), conv('old', 1), all, ME);
    expect(ids(next)).toEqual(['b', 'old']);
  });

  it('only takes new conversations into a search whose name or number match', () => {
    const search: ConversationFilters = { ...NO_FILTERS, q: 'ana' };
    expect(ids(upsertInList(list([[]]), conv('x', 5, { contactName: 'Ana Lima' }), search, ME))).toEqual(['x']);
    expect(ids(upsertInList(list([[]]), conv('y', 5, { contactName: 'Bo' }), search, ME))).toEqual([]);
  });

  it('filters by number, label and contact', () => {
    const byLabel: ConversationFilters = { ...NO_FILTERS, labelId: 'vip' };
    const labelled = conv('a', 5, { labels: [{ id: 'vip', name: 'VIP', color: '#7c3aed' }] });
    expect(ids(upsertInList(list([[]]), labelled, byLabel, ME))).toEqual(['a']);
    expect(ids(upsertInList(list([[]]), conv('b', 5), byLabel, ME))).toEqual([]);
    expect(ids(upsertInList(list([[]]), conv('c', 5), { ...NO_FILTERS, connectionId: 'conn-2' }, ME))).toEqual([]);
    expect(ids(upsertInList(list([[]]), conv('d', 5), { ...NO_FILTERS, contactId: 'contact-d' }, ME))).toEqual(['d']);
  });
});

describe('tab counts', () => {
  const counts = { mine: 2, unassigned: 5, all: 10 };

  it('counts a new unassigned conversation', () => {
    expect(countsAfter(counts, null, conv('a', 1), ME)).toEqual({ mine: 2, unassigned: 6, all: 11 });
  });

  it('moves a conversation from Unassigned to Mine when it is assigned to me', () => {
    expect(countsAfter(counts, conv('a', 1), conv('a', 2, { assigneeId: ME }), ME)).toEqual({ mine: 3, unassigned: 4, all: 10 });
  });

  it('drops resolved conversations and counts reopened ones again', () => {
    const mine = conv('a', 1, { assigneeId: ME });
    const resolved = { ...mine, status: 'resolved' };
    expect(countsAfter(counts, mine, resolved, ME)).toEqual({ mine: 1, unassigned: 5, all: 9 });
    expect(countsAfter({ mine: 1, unassigned: 5, all: 9 }, resolved, mine, ME)).toEqual(counts);
  });

  it('does not change for the same version again, and never goes below zero', () => {
    expect(countsAfter(counts, conv('a', 1), conv('a', 1), ME)).toEqual(counts);
    expect(countsAfter({ mine: 0, unassigned: 0, all: 0 }, conv('a', 1), { ...conv('a', 1), status: 'closed' }, ME)).toEqual({ mine: 0, unassigned: 0, all: 0 });
  });

  it('counts snoozed and pending conversations as still open', () => {
    expect(countsAfter(counts, conv('a', 1), conv('a', 2, { status: 'snoozed' }), ME)).toEqual(counts);
  });
});

function msg(id: string, minute: number, overrides: Partial<Message> = {}): Message {
  return {
    id,
    conversationId: 'conv-1',
    direction: 'inbound',
    type: 'text',
    content: { text: `message ${id}` },
    status: 'received',
    attempts: 0,
    createdAt: new Date(Date.UTC(2026, 0, 5, 10, minute)).toISOString(),
    media: null,
    ...overrides,
  };
}

function pages(...items: Message[][]): MessagesData {
  return { pages: items.map((list, i) => ({ items: list, nextCursor: i === items.length - 1 ? null : `before-${i}` })), pageParams: items.map(() => null) };
}

const msgIds = (d: MessagesData | undefined) => (d?.pages ?? []).flatMap((p) => p.items.map((m) => m.id));

describe('messages of the open conversation', () => {
  it('adds a new message at the newest end, once', () => {
    const data = pages([msg('b', 2), msg('a', 1)]);
    const once = upsertMessage(data, msg('c', 3), ME);
    expect(msgIds(once)).toEqual(['c', 'b', 'a']);
    expect(msgIds(upsertMessage(once, msg('c', 3), ME))).toEqual(['c', 'b', 'a']);
  });

  it('puts a late (replayed) message at its place by time', () => {
    expect(msgIds(upsertMessage(pages([msg('c', 3), msg('a', 1)]), msg('b', 2), ME))).toEqual(['c', 'b', 'a']);
  });

  it('does nothing while the conversation is not loaded', () => {
    expect(upsertMessage(undefined, msg('a', 1), ME)).toBeUndefined();
  });

  it('replaces our optimistic copy with the server message (the echo arriving before the POST answers)', () => {
    const local = localMessage('conv-1', { kind: 'message', input: { type: 'text', text: 'Hello there' } }, { id: ME, name: 'Me' }, null);
    const data = addLocal(pages([msg('a', 1)]), local);
    expect(msgIds(data)).toEqual([local.id, 'a']);
    const echo = msg('m-1', 2, { direction: 'outbound', status: 'queued', senderUserId: ME, content: { text: 'Hello there' } });
    const next = upsertMessage(data, echo, ME);
    expect(msgIds(next)).toEqual(['m-1', 'a']);
    // The POST's answer then finds its copy gone and the message already there.
    expect(msgIds(replaceLocal(next, local.id, echo, ME))).toEqual(['m-1', 'a']);
  });

  it('keeps the copy when someone else sends the same text', () => {
    const local = localMessage('conv-1', { kind: 'message', input: { type: 'text', text: 'Hi' } }, { id: ME, name: 'Me' }, null);
    const data = addLocal(pages([]), local);
    const other = msg('m-2', 2, { direction: 'outbound', senderUserId: 'colleague', content: { text: 'Hi' } });
    expect(msgIds(upsertMessage(data, other, ME))).toEqual([local.id, 'm-2']);
  });

  it('replaces the copy with the POST answer', () => {
    const local = localMessage('conv-1', { kind: 'note', text: 'Check stock' }, { id: ME, name: 'Me' }, null);
    const data = addLocal(pages([msg('a', 1)]), local);
    expect(local.direction).toBe('note');
    const saved = msg('n-1', 2, { direction: 'note', status: 'sent', senderUserId: ME, content: { text: 'Check stock' } });
    const next = replaceLocal(data, local.id, saved, ME);
    expect(msgIds(next)).toEqual(['n-1', 'a']);
    expect(next?.pages[0]?.items.some(isLocal)).toBe(false);
  });

  it('moves ticks forward only', () => {
    const data = pages([msg('m', 1, { direction: 'outbound', status: 'sent' })]);
    const read = applyMessageStatus(data, { messageId: 'm', status: 'read', readAt: '2026-01-05T10:05:00Z' });
    expect(read?.pages[0]?.items[0]).toMatchObject({ status: 'read', readAt: '2026-01-05T10:05:00Z' });
    const late = applyMessageStatus(read, { messageId: 'm', status: 'delivered', deliveredAt: '2026-01-05T10:04:00Z' });
    expect(late?.pages[0]?.items[0]).toMatchObject({ status: 'read', deliveredAt: '2026-01-05T10:04:00Z' });
    expect(applyMessageStatus(read, { messageId: 'unknown', status: 'read' })).toBe(read);
  });

  it('takes the whole message from a status event, so a finished download shows', () => {
    const pending = { id: 'f', status: 'pending', mimeType: 'image/jpeg', filename: null, sizeBytes: null, error: null, url: '/api/v1/media/f' };
    const data = pages([msg('m', 1, { direction: 'inbound', status: 'received', media: pending })]);
    const stored = msg('m', 1, { direction: 'inbound', status: 'received', media: { ...pending, status: 'stored' } });
    const next = applyMessageStatus(data, { messageId: 'm', status: 'received', message: stored });
    expect(next?.pages[0]?.items[0]?.media?.status).toBe('stored');
  });

  it('keeps a newer status when the message itself arrives again', () => {
    const data = pages([msg('m', 1, { direction: 'outbound', status: 'read' })]);
    const next = upsertMessage(data, msg('m', 1, { direction: 'outbound', status: 'sent' }), ME);
    expect(next?.pages[0]?.items[0]?.status).toBe('read');
  });

  it('keeps failed and still-sending copies when the pages are fetched again', () => {
    const sending = localMessage('conv-1', { kind: 'message', input: { type: 'text', text: 'one' } }, { id: ME, name: 'Me' }, null);
    const failed = { ...localMessage('conv-1', { kind: 'message', input: { type: 'text', text: 'two' } }, { id: ME, name: 'Me' }, null) };
    failed.local = { ...failed.local, state: 'failed' as const };
    const old = addLocal(addLocal(pages([msg('a', 1)]), sending), failed);
    const ids = (p: { items: Message[] }) => p.items.map((m) => m.id);
    expect(ids(keepLocals(old, { items: [msg('a', 1)], nextCursor: null }))).toEqual([failed.id, sending.id, 'a']);
    const arrived = { items: [msg('s', 2, { direction: 'outbound', senderUserId: ME, content: { text: 'one' } }), msg('a', 1)], nextCursor: null };
    expect(ids(keepLocals(old, arrived))).toEqual([failed.id, 's', 'a']);
    expect(keepLocals(pages([msg('a', 1)]), arrived)).toBe(arrived);
  });
});
