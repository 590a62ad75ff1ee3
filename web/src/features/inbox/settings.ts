//! The inbox settings form: the week of business hours as seven editable rows, time zones, label colours and canned
//! reply shortcuts, checked before they go to the server.
import type { BusinessHoursDay } from '../../api/types';

export interface DayRow {
  /** 0 = Monday … 6 = Sunday (the API's numbering). */
  day: number;
  open: boolean;
  from: string;
  to: string;
}

const DEFAULT_FROM = '09:00';
const DEFAULT_TO = '17:00';

/** Seven rows, Monday first; days without hours are closed (and keep 09:00–17:00 ready for when they open). */
export function hoursToRows(hours: BusinessHoursDay[]): DayRow[] {
  return Array.from({ length: 7 }, (_, day) => {
    const h = hours.find((x) => x.day === day);
    return h ? { day, open: true, from: h.open, to: h.close } : { day, open: false, from: DEFAULT_FROM, to: DEFAULT_TO };
  });
}

/** The open days as the API takes them. */
export function rowsToHours(rows: DayRow[]): BusinessHoursDay[] {
  return rows.filter((r) => r.open).map((r) => ({ day: r.day, open: r.from, close: r.to }));
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Open days whose hours are malformed. A closing time at or before the opening one runs past midnight (22:00–02:00
 * ends on the next day; equal times are 24 hours), as the server reads it. */
export function invalidDays(rows: DayRow[]): number[] {
  return rows.filter((r) => r.open && (!HHMM.test(r.from) || !HHMM.test(r.to))).map((r) => r.day);
}

/** The weekday names, Monday first, in the reader's language. */
export function weekdayNames(locale: string): string[] {
  const format = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' });
  // 2024-01-01 was a Monday.
  return Array.from({ length: 7 }, (_, i) => format.format(new Date(Date.UTC(2024, 0, 1 + i))));
}

/** Every IANA time zone the browser knows, with UTC and `current` (a saved one the browser may lack) included. */
export function timeZones(current?: string): string[] {
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = [];
  }
  const all = new Set(zones);
  all.add('UTC');
  if (current) all.add(current);
  return [...all].sort((a, b) => (a === 'UTC' ? -1 : b === 'UTC' ? 1 : a.localeCompare(b)));
}

export const LABEL_COLORS = ['#7c3aed', '#2563eb', '#0891b2', '#16a34a', '#ca8a04', '#ea580c', '#e11d48', '#db2777', '#64748b'] as const;

export function isHexColor(value: string): boolean {
  return /^#[0-9a-f]{6}$/.test(value);
}

/** 1–32 characters of a-z 0-9 _ - (what the server accepts). */
export function isShortcut(value: string): boolean {
  return /^[a-z0-9_-]{1,32}$/.test(value);
}

/** The variables a canned reply may use; the composer fills them in. */
export const CANNED_VARIABLES = ['contact.name', 'contact.phone', 'contact.email', 'agent.name', 'business.name'] as const;
