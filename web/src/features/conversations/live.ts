//! How server events (socket.io or the answers of our own requests) change what the inbox has cached: conversation
//! lists (kept in activity order, filtered), the tab counts, and the messages of a conversation (each message once,
//! our own optimistic copies replaced by the server's). Pure functions: the same event applied twice changes nothing.
import type { InfiniteData } from '@tanstack/react-query';
import type { Conversation, ConversationList, InboxCounts, Message, MessagePage } from '../../api/types';
import type { MessageStatusEvent } from '../realtime';
import { byActivity, isActive, matchesFilters, matchesSearch, type ConversationFilters } from './conversation';
import { isLocal, sameContent } from './messages';

export type ListData = InfiniteData<ConversationList, string | null>;
export type MessagesData = InfiniteData<MessagePage, string | null>;

// ---- conversations

/** Whether `incoming` is older than what is known (events can arrive late, e.g. replayed after a reconnect). */
export function isStale(known: Pick<Conversation, 'updatedAt'> | null | undefined, incoming: Pick<Conversation, 'updatedAt'>): boolean {
  if (!known?.updatedAt || !incoming.updatedAt) return false;
  return Date.parse(known.updatedAt) > Date.parse(incoming.updatedAt);
}

export function findInList(data: ListData | undefined, id: string): Conversation | undefined {
  for (const page of data?.pages ?? []) {
    const found = page.items.find((c) => c.id === id);
    if (found) return found;
  }
  return undefined;
}

/**
 * The list with `c` where it belongs: replaced or moved to its place by activity, added when it now matches the
 * filters, removed when it no longer does. A conversation that sorts after everything loaded while more pages exist
 * is left to the next page. A search list only takes in conversations whose name or number matches.
 */
export function upsertInList(data: ListData | undefined, c: Conversation, filters: ConversationFilters, me: string | null): ListData | undefined {
  if (!data || data.pages.length === 0) return data;
  const known = findInList(data, c.id);
  if (known && isStale(known, c)) return data;
  const belongs = matchesFilters(c, filters, me) && (known !== undefined || matchesSearch(c, filters.q));

  const pages = data.pages.map((p) => (known && p.items.some((x) => x.id === c.id) ? { ...p, items: p.items.filter((x) => x.id !== c.id) } : p));
  let inserted = false;
  if (belongs) {
    for (let i = 0; i < pages.length && !inserted; i++) {
      const page = pages[i];
      if (!page) continue;
      const at = page.items.findIndex((x) => byActivity(c, x) < 0);
      const last = i === pages.length - 1;
      if (at >= 0) {
        pages[i] = { ...page, items: [...page.items.slice(0, at), c, ...page.items.slice(at)] };
        inserted = true;
      } else if (last && !page.nextCursor) {
        pages[i] = { ...page, items: [...page.items, c] };
        inserted = true;
      }
    }
  }
  if (!known && !inserted) return data;
  const delta = !known && inserted ? 1 : known && !belongs ? -1 : 0;
  return { ...data, pages: pages.map((p) => (delta === 0 ? p : { ...p, total: Math.max(0, p.total + delta) })) };
}

export function removeFromList(data: ListData | undefined, id: string): ListData | undefined {
  if (!data || !findInList(data, id)) return data;
  return { ...data, pages: data.pages.map((p) => ({ ...p, items: p.items.filter((x) => x.id !== id), total: Math.max(0, p.total - 1) })) };
}

/** Every conversation of the loaded pages once, in order. */
export function flattenList(data: { pages: ConversationList[] } | undefined): Conversation[] {
  const seen = new Set<string>();
  const out: Conversation[] = [];
  for (const page of data?.pages ?? []) {
    for (const c of page.items) {
      if (seen.has(c.id)) continue;
      seen.add(c.id);
      out.push(c);
    }
  }
  return out;
}

function tally(c: Conversation | null, me: string | null): InboxCounts {
  if (!c || !isActive(c)) return { mine: 0, unassigned: 0, all: 0 };
  return { mine: me && c.assigneeId === me ? 1 : 0, unassigned: c.assigneeId == null ? 1 : 0, all: 1 };
}

/** The tab counts after a conversation went from `before` (null: new to us) to `after`. */
export function countsAfter(counts: InboxCounts, before: Conversation | null, after: Conversation, me: string | null): InboxCounts {
  const was = tally(before, me);
  const is = tally(after, me);
  return {
    mine: Math.max(0, counts.mine - was.mine + is.mine),
    unassigned: Math.max(0, counts.unassigned - was.unassigned + is.unassigned),
    all: Math.max(0, counts.all - was.all + is.all),
  };
}

// ---- messages

const STATUS_RANK: Record<string, number> = { queued: 0, sending: 1, sent: 2, delivered: 3, read: 4 };

/** A delivery status never goes back (a late "sent" after "read"); "failed" and retries always apply. */
function laterStatus(current: string, incoming: string): string {
  const a = STATUS_RANK[current];
  const b = STATUS_RANK[incoming];
  return a !== undefined && b !== undefined && b < a ? current : incoming;
}

function merge(current: Message, incoming: Message): Message {
  return {
    ...current,
    ...incoming,
    status: laterStatus(current.status, incoming.status),
    sentAt: incoming.sentAt ?? current.sentAt,
    deliveredAt: incoming.deliveredAt ?? current.deliveredAt,
    readAt: incoming.readAt ?? current.readAt,
  };
}

function mapMessages(data: MessagesData, fn: (m: Message) => Message | null): MessagesData {
  return {
    ...data,
    pages: data.pages.map((p) => ({ ...p, items: p.items.flatMap((m) => fn(m) ?? []) })),
  };
}

function contains(data: MessagesData, id: string): boolean {
  return data.pages.some((p) => p.items.some((m) => m.id === id));
}

/** Newest first within the page: a message goes before the first one that is not newer. */
function insertNewest(data: MessagesData, m: Message): MessagesData {
  const [first, ...rest] = data.pages;
  if (!first) return data;
  const t = Date.parse(m.createdAt);
  const at = first.items.findIndex((x) => !isLocal(x) && Date.parse(x.createdAt) <= t);
  const items = at < 0 ? [...first.items, m] : [...first.items.slice(0, at), m, ...first.items.slice(at)];
  // Our own messages still being sent stay below everything that arrived (they are the newest).
  const locals = items.filter((x) => isLocal(x) && x !== m);
  const others = items.filter((x) => !isLocal(x) || x === m);
  return { ...data, pages: [{ ...first, items: [...locals, ...others] }, ...rest] };
}

/**
 * A message from the server into the conversation's cached pages: merged if known (by id), else replacing our own
 * optimistic copy of it (same sender and content, still sending), else added at its place among the newest.
 */
export function upsertMessage(data: MessagesData | undefined, m: Message, me: string | null): MessagesData | undefined {
  if (!data || data.pages.length === 0) return data;
  if (contains(data, m.id)) {
    return mapMessages(data, (x) => (x.id === m.id ? merge(x, m) : x));
  }
  if (m.direction !== 'inbound' && me && m.senderUserId === me) {
    const copies = data.pages.flatMap((p) => p.items).filter((x) => isLocal(x) && x.local.state === 'sending' && sameContent(x, m));
    const oldest = copies[copies.length - 1];
    if (oldest) return mapMessages(data, (x) => (x.id === oldest.id ? m : x));
  }
  return insertNewest(data, m);
}

/** A `message:status` event as the messages cache takes it: the conversation already chose the cache entry. */
export type StatusChange = Omit<MessageStatusEvent, 'eventId' | 'conversationId'>;

/** A delivery update (`message:status`) on the cached message; ticks never go backwards. */
export function applyMessageStatus(data: MessagesData | undefined, change: StatusChange): MessagesData | undefined {
  if (!data || !contains(data, change.messageId)) return data;
  const full = change.message;
  return mapMessages(data, (m) =>
    m.id !== change.messageId
      ? m
      : full
        ? merge(m, full)
        : {
          ...m,
          status: laterStatus(m.status, change.status),
          error: change.error !== undefined ? change.error : m.error,
          sentAt: change.sentAt ?? m.sentAt,
          deliveredAt: change.deliveredAt ?? m.deliveredAt,
          readAt: change.readAt ?? m.readAt,
          failedAt: change.failedAt ?? m.failedAt,
        },
  );
}

/** Our optimistic copy (by its local id) replaced by the server's message, which may already be there. */
export function replaceLocal(data: MessagesData | undefined, localId: string, m: Message, me: string | null): MessagesData | undefined {
  if (!data) return data;
  const without = mapMessages(data, (x) => (x.id === localId ? null : x));
  return upsertMessage(without, m, me);
}

export function patchMessage(data: MessagesData | undefined, id: string, patch: (m: Message) => Message): MessagesData | undefined {
  if (!data || !contains(data, id)) return data;
  return mapMessages(data, (m) => (m.id === id ? patch(m) : m));
}

export function removeMessage(data: MessagesData | undefined, id: string): MessagesData | undefined {
  if (!data || !contains(data, id)) return data;
  return mapMessages(data, (m) => (m.id === id ? null : m));
}

/** Puts an optimistic message at the newest end. */
export function addLocal(data: MessagesData | undefined, m: Message): MessagesData {
  if (!data || data.pages.length === 0) return { pages: [{ items: [m], nextCursor: null }], pageParams: [null] };
  const [first, ...rest] = data.pages;
  return { ...data, pages: [{ ...first, items: [m, ...(first?.items ?? [])] }, ...rest] };
}
