//! Every call of privacy (GDPR, docs/security.md): a contact's export (a ZIP download) and erasure, the workspace
//! export (start, list, download) and the retention setting, through the generated typed client.
import { api, unwrap } from '../../api/client';
import { apiErrorFrom } from '../../api/errors';
import type { components } from '../../api/generated/schema';
import { fileNameOf } from '../crm/api';

export type EraseResult = components['schemas']['EraseResult'];
export type PrivacySettings = components['schemas']['PrivacySettings'];
export type WorkspaceExport = components['schemas']['WorkspaceExport'];

/** Hands a blob answer to the browser as a download, named by the server. */
async function download(call: Promise<{ data?: Blob; error?: unknown; response: Response }>, fallbackName: string): Promise<void> {
  const { data, error, response } = await call;
  if (!response.ok || !data) throw apiErrorFrom(response.status, error, response.statusText);
  const url = URL.createObjectURL(data);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileNameOf(response, fallbackName);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

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
