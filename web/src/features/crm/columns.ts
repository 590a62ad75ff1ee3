//! The columns of the contacts table: the built-in ones and one per custom field, which are shown (kept in
//! localStorage), and which sort the server can do.
import type { ContactField, ContactSort } from './types';

export const BUILT_IN_COLUMNS = ['name', 'phone', 'email', 'company', 'labels', 'consent', 'createdAt', 'updatedAt', 'lastMessageAt'] as const;
export type BuiltInColumn = (typeof BUILT_IN_COLUMNS)[number];

export const DEFAULT_COLUMNS: string[] = ['name', 'phone', 'email', 'company', 'labels', 'consent', 'createdAt'];

export const COLUMNS_STORAGE_KEY = 'parley.crm.columns';

/** The server sorts by these columns (and `updatedAt`). */
export const SORTABLE: Partial<Record<string, ContactSort>> = {
  name: 'name',
  phone: 'phone',
  email: 'email',
  company: 'company',
  createdAt: 'createdAt',
  updatedAt: 'updatedAt',
};

/** Widths (rem) of the table's grid; custom fields get 10. */
export const COLUMN_WIDTH: Record<string, number> = {
  name: 14,
  phone: 10,
  email: 14,
  company: 10,
  labels: 12,
  consent: 8,
  createdAt: 9,
  updatedAt: 9,
  lastMessageAt: 9,
};

export const customColumn = (f: Pick<ContactField, 'key'>) => `field.${f.key}`;

export function isBuiltInColumn(c: string): c is BuiltInColumn {
  return (BUILT_IN_COLUMNS as readonly string[]).includes(c);
}

export function loadColumns(): string[] {
  try {
    const raw = localStorage.getItem(COLUMNS_STORAGE_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    if (Array.isArray(parsed) && parsed.every((c) => typeof c === 'string') && parsed.length > 0) return parsed as string[];
  } catch {
    // storage unavailable or damaged: the defaults
  }
  return DEFAULT_COLUMNS;
}

export function saveColumns(columns: string[]): void {
  try {
    localStorage.setItem(COLUMNS_STORAGE_KEY, JSON.stringify(columns));
  } catch {
    // private mode: the choice lasts for this page
  }
}

/** The chosen columns that still exist (a deleted custom field's column disappears), in the canonical order. */
export function visibleColumns(chosen: readonly string[], fields: readonly ContactField[]): string[] {
  const all = [...BUILT_IN_COLUMNS, ...fields.map(customColumn)];
  return all.filter((c) => chosen.includes(c));
}
