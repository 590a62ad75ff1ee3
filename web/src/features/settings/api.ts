//! Calls to /api/v1/api-keys, /api/v1/audit-logs and /api/v1/settings/security.
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/generated/schema';

export type CreateApiKeyInput = components['schemas']['CreateApiKeyInput'];
export type IpAllowlistSettings = components['schemas']['IpAllowlistSettings'];

export const settingsApi = {
  apiKeys: () => unwrap(api.GET('/api/v1/api-keys')),
  createApiKey: (body: CreateApiKeyInput) => unwrap(api.POST('/api/v1/api-keys', { body })),
  revokeApiKey: (id: string) => unwrap(api.DELETE('/api/v1/api-keys/{id}', { params: { path: { id } } })),
  ipAllowlist: () => unwrap(api.GET('/api/v1/settings/security/ip-allowlist')),
  setIpAllowlist: (entries: string[]) => unwrap(api.PUT('/api/v1/settings/security/ip-allowlist', { body: { entries } })),
  auditLogs: (query: { page: number; perPage: number }) => unwrap(api.GET('/api/v1/audit-logs', { params: { query } })),
};
