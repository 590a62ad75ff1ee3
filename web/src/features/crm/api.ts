//! Every call of the CRM (docs/crm.md): contacts, custom fields, segments, import, export. The generated schema
//! does not have these paths yet, so they go through `crmFetch`, the same signed fetch as `api` (token, one refresh
//! and retry on 401, error bodies as ApiError). When the schema has them, only this file changes.
import { api, createAuthFetch, sessionManager, unwrap } from '../../api/client';
import { apiErrorFrom } from '../../api/errors';
import { encodeCriteria } from './criteria';
import type {
  BulkInput,
  Contact,
  ContactField,
  ContactFilter,
  ContactImport,
  ContactPage,
  ContactSort,
  CreateContactFieldInput,
  CreateContactInput,
  ConsentSettings,
  ConsentStatus,
  Segment,
  SegmentInput,
  SortOrder,
  StartImportInput,
  TimelineEntry,
  UpdateContactFieldInput,
  UpdateContactInput,
} from './types';

const BASE = '/api/v1';
const authFetch = createAuthFetch((req) => globalThis.fetch(req), sessionManager);

type Query = Record<string, string | number | null | undefined>;

/** `?a=1&b=2` of the defined, non-empty values ('' when none). */
export function queryString(query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** The query of a contact filter: `q`, `criteria` (JSON), `segmentId`. */
export function filterQuery(f: ContactFilter): Query {
  return { q: f.q?.trim() || undefined, criteria: f.criteria ? encodeCriteria(f.criteria) : undefined, segmentId: f.segmentId || undefined };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The error of a failed answer. docs/crm.md writes `details` as the array of field errors itself, docs/api.md as
 * `{fields: [...]}`: both become `{fields}`, which `ApiError.fieldErrors` reads.
 */
async function errorOf(response: Response): Promise<Error> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (isRecord(body) && Array.isArray(body.details)) body = { ...body, details: { fields: body.details } };
  return apiErrorFrom(response.status, body, response.statusText);
}

interface CallOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Query;
  body?: unknown;
  form?: FormData;
  accept?: string;
}

/** A signed request to `/api/v1<path>`; throws an ApiError for anything but 2xx. */
export async function crmFetch(path: string, { method = 'GET', query, body, form, accept = 'application/json' }: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: accept };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const request = new Request(`${BASE}${path}${queryString(query)}`, {
    method,
    credentials: 'include',
    headers,
    body: form ?? (body !== undefined ? JSON.stringify(body) : undefined),
  });
  const response = await authFetch(request);
  if (!response.ok) throw await errorOf(response);
  return response;
}

async function call<T>(path: string, options: CallOptions = {}): Promise<T> {
  const response = await crmFetch(path, options);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** The file name of a download's `Content-Disposition`, else `fallback`. */
export function fileNameOf(response: Response, fallback: string): string {
  const cd = response.headers.get('Content-Disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(cd);
  return plain?.[1] ?? fallback;
}

/** Fetches a file with the session's token and hands it to the browser as a download. */
async function download(path: string, query: Query, fallbackName: string): Promise<void> {
  const response = await crmFetch(path, { query, accept: 'text/csv, */*' });
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileNameOf(response, fallbackName);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export interface ListParams extends ContactFilter {
  sort?: ContactSort;
  order?: SortOrder;
}

const id = encodeURIComponent;

export const crmApi = {
  // Contacts
  contacts: (p: ListParams, cursor: string | null, limit: number) =>
    call<ContactPage>('/contacts', { query: { ...filterQuery(p), sort: p.sort, order: p.order, cursor, limit } }),
  count: (f: ContactFilter) => call<{ count: number }>('/contacts/count', { query: filterQuery(f) }),
  contact: (contactId: string) => call<Contact>(`/contacts/${id(contactId)}`),
  createContact: (body: CreateContactInput) => call<Contact>('/contacts', { method: 'POST', body }),
  updateContact: ({ id: contactId, body }: { id: string; body: UpdateContactInput }) =>
    call<Contact>(`/contacts/${id(contactId)}`, { method: 'PATCH', body }),
  deleteContact: (contactId: string) => call<void>(`/contacts/${id(contactId)}`, { method: 'DELETE' }),
  setLabels: ({ id: contactId, labelIds }: { id: string; labelIds: string[] }) =>
    call<Contact>(`/contacts/${id(contactId)}/labels`, { method: 'PUT', body: { labelIds } }),
  setConsent: ({ id: contactId, status }: { id: string; status: ConsentStatus }) =>
    call<Contact>(`/contacts/${id(contactId)}/consent`, { method: 'PUT', body: { status } }),
  timeline: (contactId: string) => call<TimelineEntry[]>(`/contacts/${id(contactId)}/timeline`),
  merge: ({ id: contactId, otherId }: { id: string; otherId: string }) =>
    call<Contact>(`/contacts/${id(contactId)}/merge`, { method: 'POST', body: { otherId } }),
  bulk: (body: BulkInput) => call<{ affected: number }>('/contacts/bulk', { method: 'POST', body }),
  /** The contacts of a filter (or only `ids`) as CSV, downloaded. */
  exportCsv: (f: ContactFilter, ids?: string[]) =>
    download('/contacts/export', { ...filterQuery(f), ids: ids && ids.length > 0 ? ids.join(',') : undefined }, 'contacts.csv'),
  /** A contact's conversations (the inbox's typed endpoint). */
  conversations: (contactId: string) => unwrap(api.GET('/api/v1/conversations', { params: { query: { contactId, limit: 20 } } })),

  consentSettings: () => call<ConsentSettings>('/contacts/consent-settings'),
  saveConsentSettings: (body: ConsentSettings) => call<ConsentSettings>('/contacts/consent-settings', { method: 'PUT', body }),

  // Custom fields
  fields: () => call<ContactField[]>('/contact-fields'),
  createField: (body: CreateContactFieldInput) => call<ContactField>('/contact-fields', { method: 'POST', body }),
  updateField: ({ id: fieldId, body }: { id: string; body: UpdateContactFieldInput }) =>
    call<ContactField>(`/contact-fields/${id(fieldId)}`, { method: 'PATCH', body }),
  deleteField: (fieldId: string) => call<void>(`/contact-fields/${id(fieldId)}`, { method: 'DELETE' }),

  // Segments
  segments: () => call<Segment[]>('/contacts/segments'),
  segment: (segmentId: string) => call<Segment>(`/contacts/segments/${id(segmentId)}`),
  createSegment: (body: SegmentInput) => call<Segment>('/contacts/segments', { method: 'POST', body }),
  updateSegment: ({ id: segmentId, body }: { id: string; body: Partial<SegmentInput> }) =>
    call<Segment>(`/contacts/segments/${id(segmentId)}`, { method: 'PATCH', body }),
  deleteSegment: (segmentId: string) => call<void>(`/contacts/segments/${id(segmentId)}`, { method: 'DELETE' }),
  segmentCount: (segmentId: string) => call<{ count: number }>(`/contacts/segments/${id(segmentId)}/count`),

  // Import
  upload: (file: File) => {
    const form = new FormData();
    form.append('file', file);
    return call<ContactImport>('/contacts/import', { method: 'POST', form });
  },
  startImport: ({ id: importId, body }: { id: string; body: StartImportInput }) =>
    call<ContactImport>(`/contacts/imports/${id(importId)}/start`, { method: 'POST', body }),
  imports: () => call<ContactImport[]>('/contacts/imports'),
  importOne: (importId: string) => call<ContactImport>(`/contacts/imports/${id(importId)}`),
  importErrors: (importId: string) => download(`/contacts/imports/${id(importId)}/errors.csv`, {}, 'failed-rows.csv'),
};
