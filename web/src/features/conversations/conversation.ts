//! The states a conversation moves through (a customer writing again reopens a snoozed, resolved or closed one), how
//! the inbox sorts conversations, and the filters of its lists.
import type { Conversation } from '../../api/types';

export const CONVERSATION_STATUSES = ['open', 'pending', 'snoozed', 'resolved', 'closed'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

export function isConversationStatus(value: string): value is ConversationStatus {
  return (CONVERSATION_STATUSES as readonly string[]).includes(value);
}

/** How a conversation is named: the customer's name, else their number. */
export function contactLabel(c: { contactName?: string | null; contactPhone?: string | null }): string {
  return c.contactName || c.contactPhone || '—';
}

/** The inbox opens on the conversations that wait for an answer. */
export const DEFAULT_STATUS: ConversationStatus = 'open';

/** Whether a conversation still needs work (what the tab counts count): not resolved or closed. */
export function isActive(c: Pick<Conversation, 'status'>): boolean {
  return c.status !== 'resolved' && c.status !== 'closed';
}

/** The tabs of the inbox. */
export const ASSIGNEE_TABS = ['mine', 'unassigned', 'all'] as const;
export type AssigneeTab = (typeof ASSIGNEE_TABS)[number];

/** What a list of conversations shows; '' leaves a filter out. `assignee` is `me`, `unassigned`, `all` or a user id. */
export interface ConversationFilters {
  assignee: string;
  status: string;
  connectionId: string;
  labelId: string;
  teamId: string;
  contactId: string;
  q: string;
}

export const NO_FILTERS: ConversationFilters = { assignee: 'all', status: 'all', connectionId: '', labelId: '', teamId: '', contactId: '', q: '' };

/** The moment a conversation last moved: its last message, else its creation. */
export function activityOf(c: Pick<Conversation, 'lastMessageAt' | 'createdAt'>): string {
  return c.lastMessageAt ?? c.createdAt;
}

/** The inbox's order: latest activity first; the id breaks ties, as the server's cursor does. */
export function byActivity(a: Pick<Conversation, 'id' | 'lastMessageAt' | 'createdAt'>, b: Pick<Conversation, 'id' | 'lastMessageAt' | 'createdAt'>): number {
  const ta = Date.parse(activityOf(a));
  const tb = Date.parse(activityOf(b));
  if (ta !== tb) return tb - ta;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** Whether the contact's name or number contains the search (what the server's `q` looks at). */
export function matchesSearch(c: Pick<Conversation, 'contactName' | 'contactPhone'>, q: string): boolean {
  const needle = q.trim().toLowerCase();
  if (!needle) return true;
  const digits = needle.replace(/[^\d]/g, '');
  const phone = (c.contactPhone ?? '').replace(/[^\d]/g, '');
  return (c.contactName ?? '').toLowerCase().includes(needle) || (digits.length > 0 && phone.includes(digits));
}

/** Whether a conversation belongs in a list with these filters (`me`: the signed-in user's id). */
export function matchesFilters(c: Conversation, f: ConversationFilters, me: string | null): boolean {
  if (f.assignee === 'me' ? c.assigneeId !== me || !me : f.assignee === 'unassigned' ? c.assigneeId != null : f.assignee !== 'all' && f.assignee !== '' && c.assigneeId !== f.assignee) {
    return false;
  }
  if (f.status && f.status !== 'all' && c.status !== f.status) return false;
  if (f.connectionId && c.connectionId !== f.connectionId) return false;
  if (f.labelId && !(c.labels ?? []).some((l) => l.id === f.labelId)) return false;
  if (f.teamId && c.teamId !== f.teamId) return false;
  if (f.contactId && c.contactId !== f.contactId) return false;
  return true;
}

export const PREVIEW_KINDS = ['image', 'video', 'audio', 'voice', 'document', 'sticker', 'location', 'contacts', 'reaction', 'template'] as const;
export type PreviewKind = (typeof PREVIEW_KINDS)[number];

/**
 * The server writes non-text previews as "[image] caption", "[location] name"...: split off the kind so the list can
 * show it as an icon and a word in the reader's language.
 */
export function parsePreview(preview: string | null | undefined): { kind: PreviewKind | null; text: string } | null {
  if (!preview) return null;
  const m = /^\[([a-z_]+)\]\s*([\s\S]*)$/.exec(preview);
  const kind = m?.[1];
  if (m && kind && (PREVIEW_KINDS as readonly string[]).includes(kind)) return { kind: kind as PreviewKind, text: m[2] ?? '' };
  return { kind: null, text: preview };
}
