//! Custom field values: what an empty input sends, how a value reads in a table, and which key is allowed.
import type { Contact, ContactField, CustomFieldValue, FieldKind } from './types';

/** `[a-z][a-z0-9_]{0,39}`: a field's key, fixed once created. */
export const FIELD_KEY_RE = /^[a-z][a-z0-9_]{0,39}$/;

export const OPTION_KINDS: readonly FieldKind[] = ['select', 'multi_select'];

/** A key suggested from a label: "Renewal date" → `renewal_date`. */
export function keyFromLabel(label: string): string {
  const k = label
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+/, '')
    .replace(/_+$/, '')
    .slice(0, 40);
  return k;
}

/** The value to send for what an input holds: empty text, an empty list or a missing number is `null` (clears). */
export function cleanFieldValue(kind: string, v: CustomFieldValue | undefined): CustomFieldValue {
  if (v === undefined || v === null) return kind === 'boolean' ? false : null;
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
  if (Array.isArray(v)) return v.length === 0 ? null : v;
  return v;
}

/** Whether two values are the same (lists compared by content). */
export function sameValue(a: CustomFieldValue | undefined, b: CustomFieldValue | undefined): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return (a ?? null) === (b ?? null);
}

/** The custom fields that changed between `before` and `after`, cleaned for PATCH (cleared ones as `null`). */
export function changedFields(fields: readonly ContactField[], before: Record<string, CustomFieldValue>, after: Record<string, CustomFieldValue>): Record<string, CustomFieldValue> {
  const out: Record<string, CustomFieldValue> = {};
  for (const f of fields) {
    const next = cleanFieldValue(f.kind, after[f.key]);
    const prev = before[f.key] ?? (f.kind === 'boolean' ? false : null);
    if (!sameValue(prev, next)) out[f.key] = next;
  }
  return out;
}

/** The required fields left empty, as field errors (`customFields.<key>` → message). */
export function missingRequired(fields: readonly ContactField[], values: Record<string, CustomFieldValue>, message: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    if (f.required && f.kind !== 'boolean' && cleanFieldValue(f.kind, values[f.key]) === null) out[`customFields.${f.key}`] = message;
  }
  return out;
}

/** A value as text for tables and the profile. */
export function formatFieldValue(field: Pick<ContactField, 'kind'>, v: CustomFieldValue | undefined, locale: string, yesNo: [string, string]): string {
  if (v === undefined || v === null || v === '') return '—';
  if (Array.isArray(v)) return v.length > 0 ? v.join(', ') : '—';
  if (typeof v === 'boolean') return v ? yesNo[0] : yesNo[1];
  if (field.kind === 'number' && typeof v === 'number') return new Intl.NumberFormat(locale).format(v);
  if (field.kind === 'date' && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const d = new Date(`${v}T00:00:00`);
    return Number.isNaN(d.getTime()) ? v : new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(d);
  }
  return String(v);
}

/** How a contact is named: their name, else their WhatsApp name, else their number. */
export function displayName(c: Pick<Contact, 'name' | 'profileName' | 'phone'>): string {
  return c.name || c.profileName || c.phone || '—';
}
