//! Calls to /api/v1/campaigns and /api/v1/suppressions through the generated typed client (token, one refresh and
//! retry on 401, error bodies as ApiError). The CSV goes up as multipart (`file`); the recipients' export comes down
//! as a blob with the session's token, as the contacts' export does.
import { api, fileForm, unwrap } from '../../api/client';
import { apiErrorFrom } from '../../api/errors';
import type { paths } from '../../api/generated/schema';
import type { AddSuppressionsInput, CampaignInput, ScheduleInput, TestSendInput } from './types';

const byId = (id: string) => ({ params: { path: { id } } });

export interface ListQuery {
  status?: string;
  cursor?: string;
  limit?: number;
}

/** A page of recipients: `status` is a recipient's state. */
export type RecipientQuery = NonNullable<paths['/api/v1/campaigns/{id}/messages']['get']['parameters']['query']>;

/** The file name of a download's `Content-Disposition`, else `fallback`. */
function fileNameOf(response: Response, fallback: string): string {
  const cd = response.headers.get('Content-Disposition') ?? '';
  const plain = /filename="?([^";]+)"?/i.exec(cd);
  return plain?.[1] ?? fallback;
}

export const campaignsApi = {
  list: (query: ListQuery) => unwrap(api.GET('/api/v1/campaigns', { params: { query } })),
  get: (id: string) => unwrap(api.GET('/api/v1/campaigns/{id}', byId(id))),
  create: (body: CampaignInput) => unwrap(api.POST('/api/v1/campaigns', { body })),
  save: ({ id, body }: { id: string; body: CampaignInput }) => unwrap(api.PATCH('/api/v1/campaigns/{id}', { ...byId(id), body })),
  remove: (id: string) => unwrap(api.DELETE('/api/v1/campaigns/{id}', byId(id))),
  uploadCsv: ({ id, file }: { id: string; file: File }) => unwrap(api.POST('/api/v1/campaigns/{id}/csv', { ...byId(id), body: fileForm(file) })),
  preview: (id: string) => unwrap(api.GET('/api/v1/campaigns/{id}/preview', byId(id))),
  schedule: ({ id, body }: { id: string; body: ScheduleInput }) => unwrap(api.POST('/api/v1/campaigns/{id}/schedule', { ...byId(id), body })),
  start: (id: string) => unwrap(api.POST('/api/v1/campaigns/{id}/start', byId(id))),
  pause: (id: string) => unwrap(api.POST('/api/v1/campaigns/{id}/pause', byId(id))),
  resume: (id: string) => unwrap(api.POST('/api/v1/campaigns/{id}/resume', byId(id))),
  cancel: (id: string) => unwrap(api.POST('/api/v1/campaigns/{id}/cancel', byId(id))),
  retryFailed: (id: string) => unwrap(api.POST('/api/v1/campaigns/{id}/retry-failed', byId(id))),
  testSend: ({ id, body }: { id: string; body: TestSendInput }) => unwrap(api.POST('/api/v1/campaigns/{id}/test-send', { ...byId(id), body })),
  recipients: (id: string, query: RecipientQuery) => unwrap(api.GET('/api/v1/campaigns/{id}/messages', { params: { path: { id }, query } })),
  stats: (id: string) => unwrap(api.GET('/api/v1/campaigns/{id}/stats', byId(id))),

  /** The recipients with their states as CSV, handed to the browser as a download. */
  exportCsv: async (id: string) => {
    const { data, error, response } = await api.GET('/api/v1/campaigns/{id}/export', { ...byId(id), parseAs: 'blob' });
    if (!response.ok || !data) throw apiErrorFrom(response.status, error, response.statusText);
    const url = URL.createObjectURL(data);
    const a = document.createElement('a');
    a.href = url;
    a.download = fileNameOf(response, `campaign-${id}.csv`);
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },

  suppressions: (query: { q?: string; cursor?: string; limit?: number }) => unwrap(api.GET('/api/v1/suppressions', { params: { query } })),
  addSuppressions: (body: AddSuppressionsInput) => unwrap(api.POST('/api/v1/suppressions', { body })),
  removeSuppression: (phone: string) => unwrap(api.DELETE('/api/v1/suppressions/{phone}', { params: { path: { phone } } })),
};
