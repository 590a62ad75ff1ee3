//! Calls to /api/v1/conversations, /messages and /media: the shared inbox.
import { api, unwrap } from '../../api/client';
import type { SendMessageInput } from '../../api/types';

export interface ConversationQuery {
  status?: string;
  connectionId?: string;
  q?: string;
  page?: number;
  perPage?: number;
}

const byId = (id: string) => ({ params: { path: { id } } });

export const conversationsApi = {
  list: (query: ConversationQuery) => unwrap(api.GET('/api/v1/conversations', { params: { query } })),
  get: (id: string) => unwrap(api.GET('/api/v1/conversations/{id}', byId(id))),
  setStatus: ({ id, status }: { id: string; status: string }) =>
    unwrap(api.PATCH('/api/v1/conversations/{id}', { ...byId(id), body: { status } })),
  markRead: (id: string) => unwrap(api.POST('/api/v1/conversations/{id}/read', byId(id))),
  messages: (id: string, before?: string, limit = 50) =>
    unwrap(api.GET('/api/v1/conversations/{id}/messages', { params: { path: { id }, query: { limit, ...(before ? { before } : {}) } } })),
  send: ({ conversationId, input }: { conversationId: string; input: SendMessageInput }) =>
    unwrap(api.POST('/api/v1/conversations/{id}/messages', { ...byId(conversationId), body: input })),
  retry: (messageId: string) => unwrap(api.POST('/api/v1/messages/{id}/retry', byId(messageId))),
  upload: (file: File) => {
    const form = new FormData();
    form.append('file', file);
    return unwrap(api.POST('/api/v1/media', { body: form }));
  },
  /** The file's bytes, fetched with the session's token (an <img src> could not send it). */
  download: (id: string) => unwrap(api.GET('/api/v1/media/{id}', { ...byId(id), parseAs: 'blob' })) as Promise<Blob>,
};
