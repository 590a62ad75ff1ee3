//! Calls to /api/v1/conversations, /messages, /media and a contact's details: the shared inbox.
import { api, fileForm, unwrap } from '../../api/client';
import type { AssignInput, SendMessageInput, ConversationStatusFilter } from '../../api/types';
import type { ConversationFilters } from './conversation';

const byId = (id: string) => ({ params: { path: { id } } });

/** The query of GET /conversations for a list's filters (empty ones left out). */
export function listQuery(f: ConversationFilters, cursor: string | null, limit: number) {
  return {
    limit,
    ...(f.assignee && f.assignee !== 'all' ? { assignee: f.assignee } : {}),
    ...(f.status ? { status: f.status as ConversationStatusFilter } : {}),
    ...(f.connectionId ? { connectionId: f.connectionId } : {}),
    ...(f.labelId ? { labelId: f.labelId } : {}),
    ...(f.teamId ? { teamId: f.teamId } : {}),
    ...(f.contactId ? { contactId: f.contactId } : {}),
    ...(f.q ? { q: f.q } : {}),
    ...(cursor ? { cursor } : {}),
  };
}

export const conversationsApi = {
  list: (f: ConversationFilters, cursor: string | null, limit: number) =>
    unwrap(api.GET('/api/v1/conversations', { params: { query: listQuery(f, cursor, limit) } })),
  counts: () => unwrap(api.GET('/api/v1/conversations/counts')),
  get: (id: string) => unwrap(api.GET('/api/v1/conversations/{id}', byId(id))),
  // Snoozing names when the conversation reopens; no other status takes a time (the API refuses one).
  setStatus: ({ id, ...body }: { id: string } & ({ status: 'snoozed'; snoozedUntil: string } | { status: 'open' | 'pending' | 'resolved' | 'closed' })) =>
    unwrap(api.PATCH('/api/v1/conversations/{id}', { ...byId(id), body })),
  assign: ({ id, input }: { id: string; input: AssignInput }) => unwrap(api.PATCH('/api/v1/conversations/{id}/assign', { ...byId(id), body: input })),
  setLabels: ({ id, labelIds }: { id: string; labelIds: string[] }) =>
    unwrap(api.PUT('/api/v1/conversations/{id}/labels', { ...byId(id), body: { labelIds } })),
  markRead: (id: string) => unwrap(api.POST('/api/v1/conversations/{id}/read', byId(id))),
  messages: (id: string, before?: string, limit = 50) =>
    unwrap(api.GET('/api/v1/conversations/{id}/messages', { params: { path: { id }, query: { limit, ...(before ? { before } : {}) } } })),
  send: ({ conversationId, input }: { conversationId: string; input: SendMessageInput }) =>
    unwrap(api.POST('/api/v1/conversations/{id}/messages', { ...byId(conversationId), body: input })),
  addNote: ({ conversationId, text }: { conversationId: string; text: string }) =>
    unwrap(api.POST('/api/v1/conversations/{id}/notes', { ...byId(conversationId), body: { text } })),
  retry: (messageId: string) => unwrap(api.POST('/api/v1/messages/{id}/retry', byId(messageId))),
  upload: (file: File) => unwrap(api.POST('/api/v1/media', { body: fileForm(file) })),
  /** The file's bytes, fetched with the session's token (an <img src> could not send it). */
  download: (id: string) => unwrap(api.GET('/api/v1/media/{id}', { ...byId(id), parseAs: 'blob' })) as Promise<Blob>,
  contact: (id: string) => unwrap(api.GET('/api/v1/contacts/{id}', byId(id))),
  /** The flow running in the conversation (its contact's bot), or null. */
  bot: (id: string) => unwrap(api.GET('/api/v1/conversations/{id}/bot', byId(id))),
  setContactLabels: ({ id, labelIds }: { id: string; labelIds: string[] }) =>
    unwrap(api.PUT('/api/v1/contacts/{id}/labels', { ...byId(id), body: { labelIds } })),
};
