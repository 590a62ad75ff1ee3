//! Every call of privacy (GDPR, docs/security.md): a contact's export (a ZIP download) and erasure, the workspace
//! export (start, list, download) and the retention setting, through the generated typed client.
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/generated/schema';
import { download } from '../crm/api';

export type EraseResult = components['schemas']['EraseResult'];
export type PrivacySettings = components['schemas']['PrivacySettings'];
export type WorkspaceExport = components['schemas']['WorkspaceExport'];

const path = (id: string) => ({ params: { path: { id } } });

export const privacyApi = {
  exportContact: (id: string) =>
    download(api.GET('/api/v1/contacts/{id}/export', { ...path(id), parseAs: 'blob' }), `contact-${id}.zip`),
  eraseContact: (id: string, confirm: string) => unwrap(api.POST('/api/v1/contacts/{id}/erase', { ...path(id), body: { confirm } })),
  settings: () => unwrap(api.GET('/api/v1/settings/data/privacy')),
  setRetention: (retentionDays: number | null) => unwrap(api.PUT('/api/v1/settings/data/privacy', { body: { retentionDays } })),
  exports: () => unwrap(api.GET('/api/v1/settings/data/exports')),
  startExport: () => unwrap(api.POST('/api/v1/settings/data/export')),
  downloadExport: (id: string) =>
    download(api.GET('/api/v1/settings/data/exports/{id}/download', { ...path(id), parseAs: 'blob' }), 'workspace.zip'),
};
