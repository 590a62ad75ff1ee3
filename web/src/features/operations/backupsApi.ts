//! Backups' calls (docs/backup.md): the list with the last verified restore, "Back up now", a restore check, and the
//! download (a tar streamed by the server, or a presigned S3 link it redirects to); through the generated client.
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/generated/schema';
import { download } from '../crm/api';

export type BackupList = components['schemas']['BackupList'];
export type BackupSummary = components['schemas']['BackupSummary'];
export type RestoreCheck = components['schemas']['RestoreCheck'];

const path = (id: string) => ({ params: { path: { id } } });

export const backupsApi = {
  list: () => unwrap(api.GET('/api/v1/admin/backups')),
  start: () => unwrap(api.POST('/api/v1/admin/backups')),
  verify: (id: string) => unwrap(api.POST('/api/v1/admin/backups/{id}/verify', path(id))),
  download: (id: string) =>
    download(api.GET('/api/v1/admin/backups/{id}/download', { ...path(id), parseAs: 'blob' }), `parley-backup-${id}.tar`),
};
