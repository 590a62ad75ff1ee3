import { describe, expect, it } from 'vitest';
import { coversAll, familyOf, familyState, groupKinds, healthOf, toggleFamily, toggleKind } from './kinds';
import type { EventKind } from './types';

const kind = (k: string): EventKind => ({ kind: k, description: `${k} happened`, schema: 'X', example: { type: k } });

// In the catalogue's order (crates/services/src/automations/catalog.rs), plus one family the picker does not know.
const CATALOG = [
  'message.created', 'message.status', 'conversation.created', 'conversation.assigned', 'contact.created',
  'contact.updated', 'deal.stage_changed', 'ticket.created', 'campaign.completed', 'flow.completed',
  'subscription.updated', 'invoice.paid',
].map(kind);

describe('the event catalogue by family', () => {
  it('names a kind\'s family by the part before the first dot', () => {
    expect(familyOf('deal.stage_changed')).toBe('deal');
    expect(familyOf('conversation.assigned')).toBe('conversation');
    expect(familyOf('odd')).toBe('odd');
  });

  it('groups kinds in the fixed family order, an unknown family last, kinds in catalogue order', () => {
    const shuffled = [11, 4, 0, 10, 5, 1, 2, 3, 6, 7, 8, 9].map((i) => CATALOG[i] ?? kind('missing.kind'));
    const groups = groupKinds(shuffled);
    expect(groups.map((g) => g.family)).toEqual([
      'message', 'conversation', 'contact', 'deal', 'ticket', 'campaign', 'flow', 'subscription', 'invoice',
    ]);
    expect(groups[0]?.kinds.map((k) => k.kind)).toEqual(['message.created', 'message.status']);
    expect(groups[2]?.kinds.map((k) => k.kind)).toEqual(['contact.created', 'contact.updated']);
  });

  it('says "all events" only when every kind is picked, or for *', () => {
    const all = CATALOG.map((k) => k.kind);
    expect(coversAll(all, CATALOG)).toBe(true);
    expect(coversAll(['*'], CATALOG)).toBe(true);
    expect(coversAll(all.slice(1), CATALOG)).toBe(false);
    expect(coversAll([], [])).toBe(false);
  });

  it('picks and unpicks kinds and whole families, sorted and without *', () => {
    expect(toggleKind(['message.status'], 'contact.created', true)).toEqual(['contact.created', 'message.status']);
    expect(toggleKind(['*', 'message.status'], 'message.status', false)).toEqual([]);
    expect(toggleKind(['a.b'], 'a.b', true)).toEqual(['a.b']);
    const contact = groupKinds(CATALOG).find((g) => g.family === 'contact');
    if (!contact) throw new Error('contact family missing');
    expect(familyState(['message.created'], contact)).toBe('none');
    const some = toggleKind(['message.created'], 'contact.updated', true);
    expect(familyState(some, contact)).toBe('some');
    const both = toggleFamily(some, contact, true);
    expect(both).toEqual(['contact.created', 'contact.updated', 'message.created']);
    expect(familyState(both, contact)).toBe('all');
    expect(toggleFamily(both, contact, false)).toEqual(['message.created']);
  });
});

describe('an endpoint\'s health', () => {
  it('puts Parley\'s reason first, then off, then failing, else fine', () => {
    expect(healthOf({ enabled: false, disabledReason: 'failed for a day', failingSince: '2026-12-05T10:00:00Z' })).toEqual({
      kind: 'disabled',
      reason: 'failed for a day',
    });
    expect(healthOf({ enabled: false, disabledReason: null, failingSince: null })).toEqual({ kind: 'off' });
    expect(healthOf({ enabled: true, disabledReason: null, failingSince: '2026-12-05T10:00:00Z' })).toEqual({
      kind: 'failing',
      since: '2026-12-05T10:00:00Z',
    });
    expect(healthOf({ enabled: true, disabledReason: null, failingSince: null })).toEqual({ kind: 'ok' });
  });
});
