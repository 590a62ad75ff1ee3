//! The Socket.IO protocol of the inbox (contract "Socket.IO"): event names, payloads, and a parser that turns what the
//! server sends into typed events (anything malformed is dropped, never thrown).
import type { components } from '../../api/generated/schema';
import type { Conversation, ImportProgress, Message } from '../../api/types';

export const AGENT_STATUSES = ['online', 'away', 'busy', 'offline'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

export function isAgentStatus(value: unknown): value is AgentStatus {
  return typeof value === 'string' && (AGENT_STATUSES as readonly string[]).includes(value);
}

export interface MessageNewEvent {
  eventId: string;
  conversationId: string;
  message: Message;
}

export interface MessageStatusEvent {
  eventId: string;
  conversationId: string;
  messageId: string;
  status: string;
  error?: unknown;
  sentAt?: string | null;
  deliveredAt?: string | null;
  readAt?: string | null;
  failedAt?: string | null;
  /** The whole message as it is now (its media may have finished downloading). */
  message?: Message;
}

export interface ConversationEvent {
  eventId: string;
  conversation: Conversation;
}

export interface ConversationAssignedEvent extends ConversationEvent {
  assigneeId?: string | null;
  teamId?: string | null;
  byUserId?: string | null;
}

export interface TypingEvent {
  conversationId: string;
  userId: string;
  name: string;
  isTyping: boolean;
}

export interface PresenceEvent {
  eventId: string;
  userId: string;
  status: AgentStatus;
  online: boolean;
}

export interface NotificationEvent {
  eventId: string;
  kind: 'message' | 'assigned';
  title: string;
  body: string;
  conversationId: string;
}

/** A contact import's progress (docs/crm.md "Import"), to the workspace room. */
/** `import:progress` (the schema's ImportProgress, with the socket's event id). */
export type ImportProgressEvent = ImportProgress & { eventId?: string };

/** `campaign:progress` (the schema's CampaignProgress, with the campaign's `id`), to the workspace room. */
export type CampaignProgressEvent = components['schemas']['CampaignProgress'] & { eventId?: string };

export interface SyncEvent {
  eventId?: string;
  replayed?: number;
  reset?: boolean;
}

export type ServerEvent =
  | { name: 'message:new'; data: MessageNewEvent }
  | { name: 'message:status'; data: MessageStatusEvent }
  | { name: 'conversation:new'; data: ConversationEvent }
  | { name: 'conversation:updated'; data: ConversationEvent }
  | { name: 'conversation:assigned'; data: ConversationAssignedEvent }
  | { name: 'conversation:typing'; data: TypingEvent }
  | { name: 'agent:presence'; data: PresenceEvent }
  | { name: 'notification'; data: NotificationEvent }
  | { name: 'import:progress'; data: ImportProgressEvent }
  | { name: 'campaign:progress'; data: CampaignProgressEvent }
  | { name: 'sync'; data: SyncEvent };

export type ServerEventName = ServerEvent['name'];

type Json = Record<string, unknown>;

function record(value: unknown): Json | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : null;
}

const isString = (v: unknown): v is string => typeof v === 'string' && v !== '';

function isConversation(v: unknown): v is Conversation {
  const c = record(v);
  return c !== null && isString(c.id) && typeof c.status === 'string';
}

function isMessage(v: unknown): v is Message {
  const m = record(v);
  return m !== null && isString(m.id) && isString(m.conversationId) && typeof m.direction === 'string';
}

/** The event's id, for journaled events: a string that sorts in time order. */
export function eventIdOf(payload: unknown): string | null {
  const id = record(payload)?.eventId;
  return isString(id) ? id : null;
}

/** The later of two event ids (they sort as strings); null only when both are. */
export function laterEventId(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return b > a ? b : a;
}

/** A typed event from a name and payload as they arrived, or null for unknown names and malformed payloads. */
export function parseServerEvent(name: string, payload: unknown): ServerEvent | null {
  const p = record(payload);
  if (!p) return null;
  switch (name) {
    case 'message:new':
      return isString(p.conversationId) && isMessage(p.message) ? { name, data: p as unknown as MessageNewEvent } : null;
    case 'message:status':
      return isString(p.conversationId) && isString(p.messageId) && isString(p.status) ? { name, data: p as unknown as MessageStatusEvent } : null;
    case 'conversation:new':
    case 'conversation:updated':
      return isConversation(p.conversation) ? { name, data: p as unknown as ConversationEvent } : null;
    case 'conversation:assigned':
      return isConversation(p.conversation) ? { name, data: p as unknown as ConversationAssignedEvent } : null;
    case 'conversation:typing':
      return isString(p.conversationId) && isString(p.userId) && typeof p.isTyping === 'boolean'
        ? { name, data: { conversationId: p.conversationId, userId: p.userId, name: typeof p.name === 'string' ? p.name : '', isTyping: p.isTyping } }
        : null;
    case 'agent:presence':
      return isString(p.userId) && isAgentStatus(p.status) && typeof p.online === 'boolean' ? { name, data: p as unknown as PresenceEvent } : null;
    case 'notification':
      return isString(p.conversationId) ? { name, data: p as unknown as NotificationEvent } : null;
    case 'import:progress':
      return isString(p.importId) && isString(p.status) && typeof p.processed === 'number' ? { name, data: p as unknown as ImportProgressEvent } : null;
    case 'campaign:progress':
      return isString(p.id) && isString(p.status) && record(p.counts) !== null ? { name, data: p as unknown as CampaignProgressEvent } : null;
    case 'sync':
      return { name, data: p as SyncEvent };
    default:
      return null;
  }
}
