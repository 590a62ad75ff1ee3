//! The event catalogue as the pages show it: kinds grouped by family (the part before the dot) in a fixed order,
//! "all events" when an endpoint listens to every kind, picking and unpicking kinds, and an endpoint's health.
import type { EventKind, WebhookEndpoint } from './types';

/** The families in the order the picker lists them; a family the catalogue adds later comes after these. */
export const FAMILIES = ['message', 'conversation', 'contact', 'deal', 'ticket', 'campaign', 'flow', 'subscription'] as const;

export function familyOf(kind: string): string {
  const dot = kind.indexOf('.');
  return dot < 0 ? kind : kind.slice(0, dot);
}

export interface KindGroup {
  family: string;
  kinds: EventKind[];
}

/** The catalogue's kinds by family: known families in `FAMILIES` order, then any other in the catalogue's order. */
export function groupKinds(catalog: readonly EventKind[]): KindGroup[] {
  const groups = new Map<string, EventKind[]>();
  for (const k of catalog) {
    const f = familyOf(k.kind);
    const list = groups.get(f);
    if (list) list.push(k);
    else groups.set(f, [k]);
  }
  const rank = (f: string) => {
    const i = (FAMILIES as readonly string[]).indexOf(f);
    return i < 0 ? FAMILIES.length : i;
  };
  return [...groups.entries()]
    .map(([family, kinds]) => ({ family, kinds }))
    .sort((a, b) => rank(a.family) - rank(b.family));
}

/** Whether `events` holds every kind of the catalogue (the API stores `*` as the whole list). */
export function coversAll(events: readonly string[], catalog: readonly EventKind[]): boolean {
  if (events.includes('*')) return true;
  if (catalog.length === 0) return false;
  const have = new Set(events);
  return catalog.every((k) => have.has(k.kind));
}

/** `events` with `kind` added or removed, sorted as the API keeps them. */
export function toggleKind(events: readonly string[], kind: string, on: boolean): string[] {
  const set = new Set(events.filter((e) => e !== '*'));
  if (on) set.add(kind);
  else set.delete(kind);
  return [...set].sort();
}

/** `events` with a whole family added or removed. */
export function toggleFamily(events: readonly string[], group: KindGroup, on: boolean): string[] {
  return group.kinds.reduce<string[]>((acc, k) => toggleKind(acc, k.kind, on), [...events]);
}

/** How many of a family's kinds are picked: none, some or all (the family checkbox's state). */
export function familyState(events: readonly string[], group: KindGroup): 'none' | 'some' | 'all' {
  const have = new Set(events);
  const n = group.kinds.filter((k) => have.has(k.kind)).length;
  return n === 0 ? 'none' : n === group.kinds.length ? 'all' : 'some';
}

/**
 * What an endpoint's health line says: off by Parley (a day of failures, with the reason), off by a person,
 * failing (every delivery since a time), or fine.
 */
export type Health =
  | { kind: 'disabled'; reason: string }
  | { kind: 'off' }
  | { kind: 'failing'; since: string }
  | { kind: 'ok' };

export function healthOf(e: Pick<WebhookEndpoint, 'enabled' | 'disabledReason' | 'failingSince'>): Health {
  if (!e.enabled && e.disabledReason) return { kind: 'disabled', reason: e.disabledReason };
  if (!e.enabled) return { kind: 'off' };
  if (e.failingSince) return { kind: 'failing', since: e.failingSince };
  return { kind: 'ok' };
}

/** The JSON as it was sent, indented for reading. */
export function prettyJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}
