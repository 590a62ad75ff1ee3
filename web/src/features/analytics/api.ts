//! Calls to /api/v1/analytics through the generated typed client (token, one refresh and retry on 401, error bodies
//! as ApiError). An export comes down as a blob with the session's token, as the campaigns' recipients do; a missing
//! weekly schedule (404) is an answer, not an error.
import { api, unwrap } from '../../api/client';
import { ApiError, apiErrorFrom } from '../../api/errors';
import type { paths } from '../../api/generated/schema';
import type { ReportName, Reports, ReportSchedule } from './types';

/** A report's range and filters, as the API reads them. */
export type AnalyticsQuery = NonNullable<paths['/api/v1/analytics/conversations']['get']['parameters']['query']>;
export type ExportQuery = NonNullable<paths['/api/v1/analytics/export']['get']['parameters']['query']>;
export type ExportFormat = NonNullable<ExportQuery['format']>;

const fetchers: { [R in ReportName]: (query: AnalyticsQuery) => Promise<Reports[R]> } = {
  conversations: (query) => unwrap(api.GET('/api/v1/analytics/conversations', { params: { query } })),
  agents: (query) => unwrap(api.GET('/api/v1/analytics/agents', { params: { query } })),
  campaigns: (query) => unwrap(api.GET('/api/v1/analytics/campaigns', { params: { query } })),
  flows: (query) => unwrap(api.GET('/api/v1/analytics/flows', { params: { query } })),
  contacts: (query) => unwrap(api.GET('/api/v1/analytics/contacts', { params: { query } })),
};

/** The file name of a download's `Content-Disposition`, else `fallback`. */
function fileNameOf(response: Response, fallback: string): string {
  const cd = response.headers.get('Content-Disposition') ?? '';
  const plain = /filename="?([^";]+)"?/i.exec(cd);
  return plain?.[1] ?? fallback;
}

export const analyticsApi = {
  report: <R extends ReportName>(name: R, query: AnalyticsQuery): Promise<Reports[R]> => fetchers[name](query),

  /** A report as a file, handed to the browser as a download. */
  exportFile: async (query: ExportQuery) => {
    const { data, error, response } = await api.GET('/api/v1/analytics/export', { params: { query }, parseAs: 'blob' });
    if (!response.ok || !data) throw apiErrorFrom(response.status, error, response.statusText);
    const url = URL.createObjectURL(data);
    const a = document.createElement('a');
    a.href = url;
    a.download = fileNameOf(response, `${query.report}.${query.format ?? 'csv'}`);
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },

  /** The caller's weekly report, null when none is set. */
  schedule: async (): Promise<ReportSchedule | null> => {
    try {
      return await unwrap(api.GET('/api/v1/analytics/report-schedule'));
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    }
  },
  saveSchedule: (body: ReportSchedule) => unwrap(api.PUT('/api/v1/analytics/report-schedule', { body })),
  deleteSchedule: () => unwrap(api.DELETE('/api/v1/analytics/report-schedule')),
};
