//! Calls to /api/v1/api-keys and /api/v1/audit-logs.
import { api, unwrap } from '../../api/client';

export const settingsApi = {
  apiKeys: () => unwrap(api.GET('/api/v1/api-keys')),
  createApiKey: (name: string) => unwrap(api.POST('/api/v1/api-keys', { body: { name } })),
  revokeApiKey: (id: string) => unwrap(api.DELETE('/api/v1/api-keys/{id}', { params: { path: { id } } })),
  auditLogs: (query: { page: number; perPage: number }) => unwrap(api.GET('/api/v1/audit-logs', { params: { query } })),
};
