//! Calls to /api/v1/users, /api/v1/invitations and /api/v1/settings/language.
import { api, unwrap } from '../../api/client';
import type { Role } from '../../api/types';
import type { Language } from '../../i18n';

export const teamApi = {
  members: (query: { page: number; perPage: number; q?: string }) =>
    unwrap(api.GET('/api/v1/users', { params: { query } })),
  updateRole: (id: string, role: Role) =>
    unwrap(api.PATCH('/api/v1/users/{id}', { params: { path: { id } }, body: { role } })),
  setStatus: (id: string, status: 'active' | 'disabled') =>
    unwrap(api.PATCH('/api/v1/users/{id}/status', { params: { path: { id } }, body: { status } })),
  remove: (id: string) => unwrap(api.DELETE('/api/v1/users/{id}', { params: { path: { id } } })),
  summary: () => unwrap(api.GET('/api/v1/team/summary')),
  invitations: () => unwrap(api.GET('/api/v1/invitations')),
  invite: (body: { email: string; role: 'manager' | 'agent' }) => unwrap(api.POST('/api/v1/invitations', { body })),
  resend: (id: string) => unwrap(api.POST('/api/v1/invitations/{id}/resend', { params: { path: { id } } })),
  revoke: (id: string) => unwrap(api.DELETE('/api/v1/invitations/{id}', { params: { path: { id } } })),
  language: () => unwrap(api.GET('/api/v1/settings/language')),
  setLanguage: (language: Language) => unwrap(api.PUT('/api/v1/settings/language', { body: { language } })),
};
