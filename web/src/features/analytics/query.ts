//! What an analytics view is (tab, range, comparison, filters, business hours) and how it lives in the URL's query
//! string, so a view can be shared and reloaded; the range presets turned into days of the workspace's time zone.
import { isTab, type Tab } from './types';

export const PRESETS = ['today', 'yesterday', 'last7', 'last30', 'last90', 'thisMonth', 'lastMonth'] as const;
export type Preset = (typeof PRESETS)[number];
export type RangeChoice = Preset | 'custom';
const isPreset = (v: unknown): v is Preset => PRESETS.includes(v as Preset);

/** The server's own default (no `from`/`to`): kept out of the URL. */
export const DEFAULT_PRESET: Preset = 'last7';

export const FILTERS = ['connectionId', 'teamId', 'agentId', 'labelId'] as const;
export type FilterKey = (typeof FILTERS)[number];

export interface View {
  tab: Tab;
  range: RangeChoice;
  /** `YYYY-MM-DD`, only with `range: 'custom'`. */
  from?: string;
  to?: string;
  compare: boolean;
  /** Durations counted inside business hours only. */
  business: boolean;
  filters: Partial<Record<FilterKey, string>>;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (v: string | null): v is string => v !== null && DAY.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`));

/** A view from a query string; anything unknown or malformed falls back to the default, never to an error. */
export function parseView(params: URLSearchParams): View {
  const tab = params.get('tab');
  const range = params.get('range');
  const from = params.get('from');
  const to = params.get('to');
  const custom = range === 'custom' && isDay(from) && isDay(to);
  const filters: View['filters'] = {};
  for (const key of FILTERS) {
    const v = params.get(key);
    if (v) filters[key] = v;
  }
  return {
    tab: isTab(tab) ? tab : 'overview',
    range: custom ? 'custom' : isPreset(range) ? range : DEFAULT_PRESET,
    ...(custom ? { from, to } : {}),
    compare: params.get('compare') === '1',
    business: params.get('business') === '1',
    filters,
  };
}

/** The query string of a view, leaving out what is the default. */
export function viewToParams(view: View): URLSearchParams {
  const p = new URLSearchParams();
  if (view.tab !== 'overview') p.set('tab', view.tab);
  if (view.range !== DEFAULT_PRESET) p.set('range', view.range);
  if (view.range === 'custom' && view.from && view.to) {
    p.set('from', view.from);
    p.set('to', view.to);
  }
  if (view.compare) p.set('compare', '1');
  if (view.business) p.set('business', '1');
  for (const key of FILTERS) {
    const v = view.filters[key];
    if (v) p.set(key, v);
  }
  return p;
}

/** Today's date (`YYYY-MM-DD`) in `timeZone` at the instant `now`. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  try {
    // en-CA writes dates as YYYY-MM-DD.
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}

/** A day moved by `days` (calendar arithmetic on the date alone, so no time zone or DST shifts it). */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function monthStart(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

/** The first and last day (both included) a preset covers when today is `today`. */
export function presetRange(preset: Preset, today: string): { from: string; to: string } {
  switch (preset) {
    case 'today':
      return { from: today, to: today };
    case 'yesterday': {
      const y = addDays(today, -1);
      return { from: y, to: y };
    }
    case 'last7':
      return { from: addDays(today, -6), to: today };
    case 'last30':
      return { from: addDays(today, -29), to: today };
    case 'last90':
      return { from: addDays(today, -89), to: today };
    case 'thisMonth':
      return { from: monthStart(today), to: today };
    case 'lastMonth': {
      const end = addDays(monthStart(today), -1);
      return { from: monthStart(end), to: end };
    }
  }
}

/** The days a view covers: its custom days, else its preset's. */
export function viewRange(view: View, today: string): { from: string; to: string } {
  if (view.range === 'custom' && view.from && view.to) return { from: view.from, to: view.to };
  return presetRange(view.range === 'custom' ? DEFAULT_PRESET : view.range, today);
}

/** Whether the range reaches today: its figures still move, so the page refreshes them. */
export function includesToday(range: { from: string; to: string }, today: string): boolean {
  return range.from <= today && today <= range.to;
}

/** The API's query for a view (range and filters; `compare` only where the overview asks for it). */
export function apiQuery(view: View, today: string, withCompare: boolean) {
  const { from, to } = viewRange(view, today);
  return { from, to, ...view.filters, ...(withCompare && view.compare ? { compare: true } : {}) };
}

/** The longest range the API reads (366 days after the first). */
const MAX_SPAN = 366;

/** Why two days are no range, or null when they are one. */
export function customRangeError(from: string, to: string): 'order' | 'span' | 'missing' | null {
  if (!from || !to) return 'missing';
  if (from > to) return 'order';
  if (addDays(from, MAX_SPAN) < to) return 'span';
  return null;
}
