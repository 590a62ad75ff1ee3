//! The CRM's shapes as docs/crm.md defines them (camelCase JSON). Until the generated OpenAPI schema has the CRM
//! paths, these are the types every call of `api.ts` uses; switching to the generated ones is a change here.
import type { LabelRef } from '../../api/types';

export const CONSENT_STATUSES = ['opted_in', 'opted_out', 'unknown'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];
export type ConsentSource = 'import' | 'keyword' | 'manual' | 'meta' | 'api';

export interface Consent {
  status: ConsentStatus;
  source: ConsentSource | null;
  at: string | null;
}

export type CustomFieldValue = string | number | boolean | string[] | null;

export interface Contact {
  id: string;
  phone: string | null;
  waUserId: string | null;
  name: string | null;
  /** The name the customer set in WhatsApp. */
  profileName: string | null;
  email: string | null;
  company: string | null;
  notes: string | null;
  avatarUrl: string | null;
  customFields: Record<string, CustomFieldValue>;
  labels: LabelRef[];
  consent: Consent;
  lastMessageAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ContactPage {
  items: Contact[];
  nextCursor: string | null;
}

export const CONTACT_SORTS = ['createdAt', 'updatedAt', 'name', 'phone', 'email', 'company'] as const;
export type ContactSort = (typeof CONTACT_SORTS)[number];
export type SortOrder = 'asc' | 'desc';

export interface CreateContactInput {
  phone: string;
  name?: string;
  email?: string;
  company?: string;
  notes?: string;
  avatarUrl?: string;
  customFields?: Record<string, CustomFieldValue>;
  labelIds?: string[];
  consent?: { status: ConsentStatus };
}

/** Empty strings clear; in `customFields` a key set to `null` is cleared, the others are merged. */
export interface UpdateContactInput {
  name?: string;
  email?: string;
  company?: string;
  notes?: string;
  avatarUrl?: string;
  customFields?: Record<string, CustomFieldValue>;
}

export const TIMELINE_KINDS = ['created', 'conversation', 'note', 'deal', 'ticket', 'imported', 'field_changed', 'consent', 'label', 'merged'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export interface TimelineEntry {
  kind: TimelineKind;
  at: string;
  title: string;
  detail?: string | null;
  actorName?: string | null;
  refId?: string | null;
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

export interface ContactField {
  id: string;
  key: string;
  label: string;
  kind: FieldKind;
  required: boolean;
  options: string[];
  position: number;
  createdAt: string;
}

export interface CreateContactFieldInput {
  key: string;
  label: string;
  kind: FieldKind;
  required?: boolean;
  options?: string[];
}

export interface UpdateContactFieldInput {
  label?: string;
  required?: boolean;
  options?: string[];
  position?: number;
}

// ---- Segments ----

export interface Segment {
  id: string;
  name: string;
  description: string | null;
  criteria: Criteria;
  createdAt: string;
  updatedAt: string;
}

export interface SegmentInput {
  name: string;
  description?: string | null;
  criteria: Criteria;
}

// ---- Bulk actions ----

export type BulkSelection = { ids: string[] } | { all: true; q?: string; criteria?: Criteria; segmentId?: string };
export type BulkAction = 'add_label' | 'remove_label' | 'set_field' | 'delete';

export interface BulkInput {
  selection: BulkSelection;
  action: BulkAction;
  labelId?: string;
  fieldKey?: string;
  value?: CustomFieldValue;
}

/** What a list of contacts is filtered by (shared by the list, its count, export and bulk "all that match"). */
export interface ContactFilter {
  q?: string;
  criteria?: Criteria | null;
  segmentId?: string | null;
}

// ---- Import ----

export type ImportStatus = 'draft' | 'queued' | 'running' | 'done' | 'failed';
export type DuplicatePolicy = 'skip' | 'fill' | 'overwrite';

export interface ContactImport {
  id: string;
  status: ImportStatus;
  fileName: string;
  delimiter: string;
  headers: string[];
  sample: string[][];
  rowCount: number;
  /** header → target: `skip`, `name`, `phone`, `email`, `company`, `notes`, `labels` or `field.<key>`. */
  mapping: Record<string, string>;
  processed: number;
  created: number;
  updated: number;
  skipped: number;
  failed: number;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface StartImportInput {
  mapping: Record<string, string>;
  defaultCountry: string | null;
  duplicates: DuplicatePolicy;
  labelIds: string[];
  consent: { status: 'opted_in' | 'unknown'; basis: string };
}

/** The socket event `import:progress` (to the workspace room). */
export interface ImportProgress {
  importId: string;
  status: ImportStatus;
  rowCount: number;
  processed: number;
  created: number;
  updated: number;
  skipped: number;
  failed: number;
}

/** Words that, written alone by a customer, opt them out of (or back into) marketing messages. */
export interface ConsentSettings {
  optOutKeywords: string[];
  optInKeywords: string[];
}
