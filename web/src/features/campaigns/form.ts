//! The wizard's form: what each step edits, read from a saved draft (`formFromCampaign`) and written back as the
//! whole `CampaignInput` the draft's PATCH takes (`toCampaignInput`). Schedules are chosen as a wall-clock date and
//! time in a time zone and travel as an instant (`zonedToIso` / `isoToZoned`).
import type { TimeZone } from '../../api/types';
import type { Audience, Campaign, CampaignInput, VariableMapping, VariableSource } from './types';

export type AudienceMode = 'contacts' | 'csv';

export interface WizardForm {
  name: string;
  connectionIds: string[];
  templateId: string | null;
  /** One mapping per slot of the template (see `alignVariables`). */
  variables: VariableMapping[];
  headerMediaUrl: string;
  /** Where a tracked link button leads (Parley's redirect counts the click, then sends the person here). */
  clickUrl: string;
  audienceMode: AudienceMode;
  allContacts: boolean;
  includeSegments: string[];
  excludeSegments: string[];
  includeLabels: string[];
  excludeLabels: string[];
  /** Send at once (on launch) or at a chosen time. */
  when: 'now' | 'later';
  /** `YYYY-MM-DD` and `HH:MM`, wall clock in `timezone`. */
  date: string;
  time: string;
  timezone: string;
  recipientTimezone: boolean;
  quietHours: boolean;
  quietStart: string;
  quietEnd: string;
  limitRate: boolean;
  ratePerSecond: string;
  replyFlow: boolean;
  replyFlowId: string;
}

/** The browser's time zone (the schedule's default), UTC when it cannot say. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

export function emptyForm(timezone = browserTimeZone()): WizardForm {
  return {
    name: '',
    connectionIds: [],
    templateId: null,
    variables: [],
    headerMediaUrl: '',
    clickUrl: '',
    audienceMode: 'contacts',
    allContacts: false,
    includeSegments: [],
    excludeSegments: [],
    includeLabels: [],
    excludeLabels: [],
    when: 'now',
    date: '',
    time: '',
    timezone,
    recipientTimezone: false,
    quietHours: false,
    quietStart: '21:00',
    quietEnd: '08:00',
    limitRate: false,
    ratePerSecond: '',
    replyFlow: false,
    replyFlowId: '',
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The wall-clock parts of an instant in a time zone. */
function partsIn(ms: number, timeZone: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const get = (type: string) => Number(f.formatToParts(new Date(ms)).find((p) => p.type === type)?.value ?? 0);
  return { y: get('year'), mo: get('month'), d: get('day'), h: get('hour') % 24, mi: get('minute'), s: get('second') };
}

/** How far `timeZone` is ahead of UTC at the instant `ms`, in ms. */
function offsetAt(ms: number, timeZone: string): number {
  const p = partsIn(ms, timeZone);
  return Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s) - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant (ISO 8601, UTC) of a wall-clock `date` (`YYYY-MM-DD`) and `time` (`HH:MM`) in `timeZone`, or null when
 * either is missing or malformed or the zone is unknown. A time skipped by a daylight-saving change moves forward.
 */
export function zonedToIso(date: string, time: string, timeZone: string): string | null {
  const dm = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const tm = /^(\d{2}):(\d{2})$/.exec(time);
  if (!dm || !tm) return null;
  const wall = Date.UTC(Number(dm[1]), Number(dm[2]) - 1, Number(dm[3]), Number(tm[1]), Number(tm[2]));
  try {
    // Two rounds settle the offset on either side of a daylight-saving change.
    let guess = wall - offsetAt(wall, timeZone);
    guess = wall - offsetAt(guess, timeZone);
    return new Date(guess).toISOString();
  } catch {
    return null;
  }
}

/** An instant as wall-clock `date` and `time` in `timeZone` (empty strings when there is none). */
export function isoToZoned(iso: string | null | undefined, timeZone: string): { date: string; time: string } {
  if (!iso) return { date: '', time: '' };
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return { date: '', time: '' };
  try {
    const p = partsIn(ms, timeZone);
    return { date: `${p.y}-${pad(p.mo)}-${pad(p.d)}`, time: `${pad(p.h)}:${pad(p.mi)}` };
  } catch {
    return { date: '', time: '' };
  }
}

/** A default mapping for a slot: body and header text from a contact's name, a URL suffix a constant to fill. */
export function defaultMapping(slot: string): VariableMapping {
  return slot.startsWith('button.') ? { slot, source: 'constant', value: '', fallback: null } : { slot, source: 'field', value: 'name', fallback: null };
}

/** One mapping per slot, in the slots' order: the saved ones kept, new slots given a default, stale ones dropped. */
export function alignVariables(slots: readonly string[], saved: readonly VariableMapping[]): VariableMapping[] {
  return slots.map((slot) => saved.find((m) => m.slot === slot) ?? defaultMapping(slot));
}

/** A mapping with another source: the value reset to what that source starts with. */
export function withSource(m: VariableMapping, source: VariableSource, csvColumns: readonly string[]): VariableMapping {
  if (source === m.source) return m;
  const value = source === 'field' ? 'name' : source === 'csv' ? (csvColumns[0] ?? '') : '';
  return { ...m, source, value };
}

/** The form of a saved campaign (a draft being resumed, or a scheduled one being changed). */
export function formFromCampaign(c: Campaign, fallbackZone = browserTimeZone()): WizardForm {
  const timezone = c.timezone || fallbackZone;
  const at = isoToZoned(c.scheduleAt, timezone);
  const a = c.audience;
  return {
    ...emptyForm(timezone),
    name: c.name,
    connectionIds: [...c.connectionIds],
    templateId: c.templateId ?? null,
    variables: Object.entries(c.variables).map(([slot, m]) => ({ slot, ...m })),
    headerMediaUrl: c.headerMediaUrl ?? '',
    clickUrl: c.clickUrl ?? '',
    audienceMode: a.csv ? 'csv' : 'contacts',
    allContacts: a.allContacts,
    includeSegments: [...a.includeSegments],
    excludeSegments: [...a.excludeSegments],
    includeLabels: [...a.includeLabels],
    excludeLabels: [...a.excludeLabels],
    when: c.scheduleAt ? 'later' : 'now',
    date: at.date,
    time: at.time,
    recipientTimezone: c.recipientTimezone,
    quietHours: Boolean(c.quietStart && c.quietEnd),
    quietStart: c.quietStart ?? '21:00',
    quietEnd: c.quietEnd ?? '08:00',
    limitRate: c.ratePerSecond != null,
    ratePerSecond: c.ratePerSecond != null ? String(c.ratePerSecond) : '',
    replyFlow: Boolean(c.replyFlowId),
    replyFlowId: c.replyFlowId ?? '',
  };
}

const trimmed = (s: string) => s.trim();

/** The whole draft as the PATCH (and the POST that creates it) takes it. */
export function toCampaignInput(f: WizardForm): CampaignInput {
  const audience: Audience =
    f.audienceMode === 'csv'
      ? { csv: true, allContacts: false, includeSegments: [], excludeSegments: [], includeLabels: [], excludeLabels: [] }
      : {
          csv: false,
          allContacts: f.allContacts,
          includeSegments: [...f.includeSegments],
          excludeSegments: [...f.excludeSegments],
          includeLabels: [...f.includeLabels],
          excludeLabels: [...f.excludeLabels],
        };
  const rate = Number.parseInt(f.ratePerSecond, 10);
  return {
    name: f.name.trim(),
    connectionIds: [...f.connectionIds],
    templateId: f.templateId,
    variables: Object.fromEntries(
      f.variables.map((v) => {
        const fallback = v.fallback?.trim() ? v.fallback.trim() : null;
        return [v.slot, { source: v.source, value: v.source === 'constant' ? v.value : trimmed(v.value), fallback }];
      }),
    ),
    headerMediaUrl: f.headerMediaUrl.trim() || null,
    clickUrl: f.clickUrl.trim() || null,
    audience,
    scheduleAt: f.when === 'later' ? zonedToIso(f.date, f.time, f.timezone) : null,
    // Picked from the IANA zones the browser lists, which the document enumerates.
    timezone: f.timezone as TimeZone,
    recipientTimezone: f.when === 'later' && f.recipientTimezone,
    quietStart: f.quietHours ? f.quietStart : null,
    quietEnd: f.quietHours ? f.quietEnd : null,
    ratePerSecond: f.limitRate && Number.isFinite(rate) ? rate : null,
    replyFlowId: f.replyFlow && f.replyFlowId ? f.replyFlowId : null,
  };
}

/** What keeps a step's Next button from moving on (checked in the browser; the API's checks come on review). */
export function stepProblem(step: string, f: WizardForm): string | null {
  switch (step) {
    case 'name':
      return f.name.trim() === '' ? 'nameRequired' : null;
    case 'number':
      return f.connectionIds.length === 0 ? 'numberRequired' : null;
    case 'template':
      return f.templateId ? null : 'templateRequired';
    case 'schedule':
      if (f.when === 'later' && !zonedToIso(f.date, f.time, f.timezone)) return 'scheduleRequired';
      if (f.limitRate) {
        const r = Number(f.ratePerSecond);
        if (!Number.isInteger(r) || r < 1 || r > 1000) return 'rateInvalid';
      }
      if (f.replyFlow && !f.replyFlowId) return 'flowRequired';
      return null;
    default:
      return null;
  }
}

/** The time a newly chosen schedule starts at: the next full hour at least an hour from now, in `timeZone`. */
export function defaultSchedule(timeZone: string, now = Date.now()): { date: string; time: string } {
  const hour = 3_600_000;
  return isoToZoned(new Date(Math.ceil((now + hour) / hour) * hour).toISOString(), timeZone);
}

/** The numbers of a textarea, one a line (commas and semicolons also split), trimmed, each once. */
export function phonesOf(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/[\n,;]+/)) {
    const p = raw.trim();
    if (p && !out.includes(p)) out.push(p);
  }
  return out;
}
