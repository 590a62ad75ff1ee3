//! The CRM's shapes. Server data and request bodies are the generated OpenAPI types (re-exported from
//! api/types.ts); what stays here is UI-only: the closed lists the screens offer (kinds, statuses, operators, sorts)
//! and a precise type for the three free-form JSON spots the schema writes as a bare `object` (custom field values,
//! a condition's value, a bulk action's value), which the generator turns into `Record<string, never>`.
import type {
  BulkContactsInput as ApiBulkInput,
  Contact as ApiContact,
  ContactList as ApiContactList,
  CreateContactInput as ApiCreateContactInput,
  CreateSegmentInput as ApiCreateSegmentInput,
  Segment as ApiSegment,
  UpdateContactInput as ApiUpdateContactInput,
} from '../../api/types';

export type {
  ConsentSettings,
  ConsentState,
  ContactField,
  ContactImport,
  CreateContactFieldInput,
  ImportProgress,
  StartImportInput,
  TimelineEntry,
  UpdateContactFieldInput,
} from '../../api/types';

export const CONSENT_STATUSES = ['opted_in', 'opted_out', 'unknown'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

export function isConsentStatus(v: unknown): v is ConsentStatus {
  return CONSENT_STATUSES.some((s) => s === v);
}

export type CustomFieldValue = string | number | boolean | string[] | null;
export type CustomFields = Record<string, CustomFieldValue>;

/** The server's Contact, its `customFields` typed as values by key. */
export type Contact = Omit<ApiContact, 'customFields'> & { customFields: CustomFields };
export type ContactPage = Omit<ApiContactList, 'items'> & { items: Contact[] };

export const CONTACT_SORTS = ['createdAt', 'updatedAt', 'name', 'phone', 'email', 'company'] as const;
export type ContactSort = (typeof CONTACT_SORTS)[number];
export type SortOrder = 'asc' | 'desc';

export type CreateContactInput = Omit<ApiCreateContactInput, 'customFields' | 'consent'> & {
  customFields?: CustomFields;
  consent?: ConsentStatus | null;
};

/** Empty strings clear; in `customFields` a key set to `null` is cleared, the others are merged. */
export type UpdateContactInput = Omit<ApiUpdateContactInput, 'customFields'> & { customFields?: CustomFields };

export const CONSENT_SOURCES = ['import', 'keyword', 'manual', 'meta', 'api'] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number];

export function isConsentSource(v: unknown): v is ConsentSource {
  return CONSENT_SOURCES.some((s) => s === v);
}

export const TIMELINE_KINDS = ['created', 'conversation', 'note', 'deal', 'ticket', 'imported', 'field_changed', 'consent', 'label', 'merged'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export function isTimelineKind(v: unknown): v is TimelineKind {
  return TIMELINE_KINDS.some((k) => k === v);
}

// ---- Criteria ----

export type CriteriaOperator =
  | 'contains'
  | 'not_contains'
  | 'equals'
  | 'not_equals'
  | 'starts_with'
  | 'is_set'
  | 'is_not_set'
  | 'has'
  | 'has_not'
  | 'before'
  | 'after'
  | 'between'
  | 'within_days'
  | 'not_within_days'
  | 'is_true'
  | 'is_false'
  | 'gt'
  | 'gte'
  | 'lt'
  | 'lte'
  | 'in';

export type ConditionValue = string | number | string[] | number[] | null;

export interface Condition {
  field: string;
  operator: CriteriaOperator;
  value?: ConditionValue;
}

export interface Criteria {
  op: 'and' | 'or';
  conditions: Array<Condition | Criteria>;
}

// ---- Custom fields ----

export const FIELD_KINDS = ['text', 'number', 'date', 'boolean', 'select', 'multi_select', 'url', 'email', 'phone'] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

export function isFieldKind(v: unknown): v is FieldKind {
  return FIELD_KINDS.some((k) => k === v);
}

// ---- Segments ----

/** A segment, its criteria read into the builder's tree (see `criteriaFromApi`). */
export type Segment = Omit<ApiSegment, 'criteria'> & { criteria: Criteria };
export type SegmentInput = Omit<ApiCreateSegmentInput, 'criteria'> & { criteria: Criteria };

// ---- Bulk actions ----

export type BulkSelection = { ids: string[] } | { all: true; q?: string; criteria?: Criteria; segmentId?: string };
export type BulkAction = 'add_label' | 'remove_label' | 'set_field' | 'delete';

export type BulkInput = Omit<ApiBulkInput, 'selection' | 'action' | 'value'> & {
  selection: BulkSelection;
  action: BulkAction;
  value?: CustomFieldValue;
};

/** What a list of contacts is filtered by (shared by the list, its count, export and bulk "all that match"). */
export interface ContactFilter {
  q?: string;
  criteria?: Criteria | null;
  segmentId?: string | null;
}

// ---- Import ----

export type ImportStatus = 'draft' | 'queued' | 'running' | 'done' | 'failed';
export type DuplicatePolicy = 'skip' | 'fill' | 'overwrite';

export function isImportStatus(v: unknown): v is ImportStatus {
  return (['draft', 'queued', 'running', 'done', 'failed'] as const).some((s) => s === v);
}
