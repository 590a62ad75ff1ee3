//! Every call of the CRM (docs/crm.md): contacts, custom fields, segments, import, export, through the generated
//! typed client (`api`: token, one refresh and retry on 401, error bodies as ApiError). The two CSV downloads ask
//! the same client for a blob (`parseAs: 'blob'`), and the upload hands it a FormData (sent as multipart as is).
import { api, fileForm, unwrap } from '../../api/client';
import { apiErrorFrom } from '../../api/errors';
import type { BulkContactsInput, Contact as ApiContact, CreateContactInput as ApiCreateContactInput, UpdateContactInput as ApiUpdateContactInput } from '../../api/types';
import { criteriaFromApi, criteriaToApi, encodeCriteria } from './criteria';
import type {
  BulkInput,
  Contact,
  ContactFilter,
  ContactPage,
  ContactSort,
  CreateContactFieldInput,
  CreateContactInput,
  CustomFields,
  ConsentSettings,
  ConsentStatus,
  Segment,
  SegmentInput,
  SortOrder,
  StartImportInput,
  UpdateContactFieldInput,
  UpdateContactInput,
} from './types';

/** The query of a contact filter: `q`, `criteria` (JSON), `segmentId`. */
export function filterQuery(f: ContactFilter): { q?: string; criteria?: string; segmentId?: string } {
  return { q: f.q?.trim() || undefined, criteria: f.criteria ? encodeCriteria(f.criteria) : undefined, segmentId: f.segmentId || undefined };
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

/** Hands a blob answer of the typed client to the browser as a download (named by the server when it says). */
export async function download(call: Promise<{ data?: Blob; error?: unknown; response: Response }>, fallbackName: string): Promise<void> {
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

// The schema writes free-form JSON (custom field values, a bulk action's value) as a bare `object`, which the
// generator types `Record<string, never>`: these turn the UI's precise values into the request bodies' types.
const toApiFields = (fields: CreateContactInput['customFields']) => fields as ApiCreateContactInput['customFields'];

// The document states a bulk action as a `oneOf` by `action` (each with the fields it needs); the UI builds one
// shape for all of them, so the body is checked by the server against the action it names.
function toApiBulk(body: BulkInput): BulkContactsInput {
  const { selection, value, ...rest } = body;
  return {
    ...rest,
    selection: 'ids' in selection ? selection : { ...selection, criteria: selection.criteria ? criteriaToApi(selection.criteria) : undefined },
    value,
  } as BulkContactsInput;
}

function readSegment(s: Omit<Segment, 'criteria'> & { criteria: Parameters<typeof criteriaFromApi>[0] }): Segment {
  return { ...s, criteria: criteriaFromApi(s.criteria) };
}

export interface ListParams extends ContactFilter {
  sort?: ContactSort;
  order?: SortOrder;
}

const path = (id: string) => ({ params: { path: { id } } });

/** The schema gives custom field values as unknown JSON; they are the values the server validated. */
const asContact = (c: ApiContact): Contact => ({ ...c, customFields: c.customFields as CustomFields });

export const crmApi = {
  // Contacts
  contacts: async (p: ListParams, cursor: string | null, limit: number): Promise<ContactPage> =>
    unwrap(api.GET('/api/v1/contacts', { params: { query: { ...filterQuery(p), sort: p.sort, order: p.order, cursor: cursor ?? undefined, limit } } })).then(
      (page) => ({ ...page, items: page.items.map(asContact) }),
    ),
  count: (f: ContactFilter) => unwrap(api.GET('/api/v1/contacts/count', { params: { query: filterQuery(f) } })),
  contact: async (contactId: string): Promise<Contact> => unwrap(api.GET('/api/v1/contacts/{id}', path(contactId))).then(asContact),
  createContact: async (body: CreateContactInput): Promise<Contact> =>
    unwrap(api.POST('/api/v1/contacts', { body: { ...body, customFields: toApiFields(body.customFields) } })).then(asContact),
  updateContact: async ({ id, body }: { id: string; body: UpdateContactInput }): Promise<Contact> =>
    unwrap(
      api.PATCH('/api/v1/contacts/{id}', {
        ...path(id),
        body: { ...body, customFields: body.customFields as ApiUpdateContactInput['customFields'] },
      }),
    ).then(asContact),
  deleteContact: (contactId: string) => unwrap(api.DELETE('/api/v1/contacts/{id}', path(contactId))),
  setLabels: async ({ id, labelIds }: { id: string; labelIds: string[] }): Promise<Contact> =>
    unwrap(api.PUT('/api/v1/contacts/{id}/labels', { ...path(id), body: { labelIds } })).then(asContact),
  setConsent: async ({ id, status }: { id: string; status: ConsentStatus }): Promise<Contact> =>
    unwrap(api.PUT('/api/v1/contacts/{id}/consent', { ...path(id), body: { status } })).then(asContact),
  timeline: (contactId: string) => unwrap(api.GET('/api/v1/contacts/{id}/timeline', path(contactId))),
  merge: async ({ id, otherId }: { id: string; otherId: string }): Promise<Contact> =>
    unwrap(api.POST('/api/v1/contacts/{id}/merge', { ...path(id), body: { otherId } })).then(asContact),
  bulk: (body: BulkInput) => unwrap(api.POST('/api/v1/contacts/bulk', { body: toApiBulk(body) })),
  /** The contacts of a filter (or only `ids`) as CSV, downloaded. */
  exportCsv: (f: ContactFilter, ids?: string[]) =>
    download(
      api.GET('/api/v1/contacts/export', {
        params: { query: { ...filterQuery(f), ids: ids && ids.length > 0 ? ids.join(',') : undefined } },
        parseAs: 'blob',
      }),
      'contacts.csv',
    ),
  /** A contact's conversations (the inbox's typed endpoint). */
  conversations: (contactId: string) => unwrap(api.GET('/api/v1/conversations', { params: { query: { contactId, limit: 20 } } })),

  consentSettings: () => unwrap(api.GET('/api/v1/contacts/consent-settings')),
  saveConsentSettings: (body: ConsentSettings) => unwrap(api.PUT('/api/v1/contacts/consent-settings', { body })),

  // Custom fields
  fields: () => unwrap(api.GET('/api/v1/contact-fields')),
  createField: (body: CreateContactFieldInput) => unwrap(api.POST('/api/v1/contact-fields', { body })),
  updateField: ({ id, body }: { id: string; body: UpdateContactFieldInput }) =>
    unwrap(api.PATCH('/api/v1/contact-fields/{id}', { ...path(id), body })),
  deleteField: (fieldId: string) => unwrap(api.DELETE('/api/v1/contact-fields/{id}', path(fieldId))),

  // Segments
  segments: async (): Promise<Segment[]> => (await unwrap(api.GET('/api/v1/contacts/segments'))).map(readSegment),
  segment: async (segmentId: string): Promise<Segment> => readSegment(await unwrap(api.GET('/api/v1/contacts/segments/{id}', path(segmentId)))),
  createSegment: async (body: SegmentInput): Promise<Segment> =>
    readSegment(await unwrap(api.POST('/api/v1/contacts/segments', { body: { ...body, criteria: criteriaToApi(body.criteria) } }))),
  updateSegment: async ({ id, body }: { id: string; body: Partial<SegmentInput> }): Promise<Segment> =>
    readSegment(
      await unwrap(
        api.PATCH('/api/v1/contacts/segments/{id}', {
          ...path(id),
          body: { ...body, criteria: body.criteria ? criteriaToApi(body.criteria) : undefined },
        }),
      ),
    ),
  deleteSegment: (segmentId: string) => unwrap(api.DELETE('/api/v1/contacts/segments/{id}', path(segmentId))),
  segmentCount: (segmentId: string) => unwrap(api.GET('/api/v1/contacts/segments/{id}/count', path(segmentId))),

  // Import
  /** The CSV as multipart (`file`). */
  upload: (file: File) => unwrap(api.POST('/api/v1/contacts/import', { body: fileForm(file) })),
  startImport: ({ id, body }: { id: string; body: StartImportInput }) =>
    unwrap(api.POST('/api/v1/contacts/imports/{id}/start', { ...path(id), body })),
  imports: () => unwrap(api.GET('/api/v1/contacts/imports')),
  importOne: (importId: string) => unwrap(api.GET('/api/v1/contacts/imports/{id}', path(importId))),
  importErrors: (importId: string) =>
    download(api.GET('/api/v1/contacts/imports/{id}/errors.csv', { ...path(importId), parseAs: 'blob' }), 'failed-rows.csv'),
};
