//! Short, untranslated descriptions of what a node holds (its text, URL, variable ...), for lists that name nodes
//! (issues, versions, a run's trace), and durations split into the largest whole unit for the forms and cards.
import type { FlowNode } from './types';

export const DURATION_UNITS = ['seconds', 'minutes', 'hours', 'days'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

export const UNIT_SECONDS: Record<DurationUnit, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86_400 };

/** `5400` → `{ value: 90, unit: 'minutes' }`: the largest unit that divides the duration exactly. */
export function splitDuration(seconds: number): { value: number; unit: DurationUnit } {
  const s = Math.max(0, Math.round(seconds));
  for (const unit of ['days', 'hours', 'minutes'] as const) {
    if (s >= UNIT_SECONDS[unit] && s % UNIT_SECONDS[unit] === 0) return { value: s / UNIT_SECONDS[unit], unit };
  }
  return { value: s, unit: 'seconds' };
}

export function joinDuration(value: number, unit: DurationUnit): number {
  return Math.round(value * UNIT_SECONDS[unit]);
}

function clip(text: string, max = 60): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** The node's own words (its text, URL, variable name ...), or '' when it has none. */
export function nodeText(n: FlowNode): string {
  switch (n.type) {
    case 'sendMessage':
      return clip(n.data.text ?? '');
    case 'ask':
    case 'capture':
      return clip(n.data.text ?? '');
    case 'sendTemplate':
      return n.data.name;
    case 'setVariable':
      return n.data.name ? `${n.data.name} = ${clip(n.data.value ?? '', 40)}` : '';
    case 'http':
      return `${n.data.method ?? 'GET'} ${clip(n.data.url, 50)}`;
    case 'webhook':
      return clip(n.data.url, 50);
    case 'label':
      return n.data.label ? `${n.data.action === 'remove' ? '−' : '+'} ${n.data.label}` : '';
    case 'updateField':
      return n.data.key ? `${n.data.key} = ${clip(n.data.value ?? '', 40)}` : '';
    case 'jump':
      return n.data.target ? `→ ${n.data.target}` : '';
    case 'handoff':
      return clip(n.data.note ?? '');
    case 'waitForReply':
      return n.data.saveAs ? `vars.${n.data.saveAs}` : '';
    default:
      return '';
  }
}
