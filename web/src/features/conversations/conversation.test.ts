import { describe, expect, it } from 'vitest';
import { makeConversation } from '../../test/fixtures';
import { byActivity, contactLabel, matchesFilters, matchesSearch, NO_FILTERS, parsePreview } from './conversation';

describe('conversation list helpers', () => {
  it('names a conversation by the contact, else the number', () => {
    expect(contactLabel({ contactName: 'Ana', contactPhone: '+1555' })).toBe('Ana');
    expect(contactLabel({ contactName: null, contactPhone: '+1555' })).toBe('+1555');
    expect(contactLabel({})).toBe('—');
  });

  it('splits the kind off non-text previews', () => {
    expect(parsePreview('[image] Look at this')).toEqual({ kind: 'image', text: 'Look at this' });
    expect(parsePreview('[location]')).toEqual({ kind: 'location', text: '' });
    expect(parsePreview('[message deleted]')).toEqual({ kind: null, text: '[message deleted]' });
    expect(parsePreview('Hello [image]')).toEqual({ kind: null, text: 'Hello [image]' });
    expect(parsePreview(null)).toBeNull();
  });
});

describe('inbox order and filters', () => {
  const c = (id: string, lastMessageAt: string | null, createdAt = '2026-01-01T00:00:00Z') => ({ id, lastMessageAt, createdAt });

  it('sorts by latest activity, falling back to creation, newest first', () => {
    const list = [c('a', '2026-01-02T00:00:00Z'), c('b', null, '2026-01-03T00:00:00Z'), c('c', '2026-01-04T00:00:00Z')];
    expect([...list].sort(byActivity).map((x) => x.id)).toEqual(['c', 'b', 'a']);
  });

  it('searches the name and the digits of the number', () => {
    expect(matchesSearch({ contactName: 'Ana Lima', contactPhone: '+1 555 0100' }, 'lim')).toBe(true);
    expect(matchesSearch({ contactName: 'Ana Lima', contactPhone: '+1 555 0100' }, '5550')).toBe(true);
    expect(matchesSearch({ contactName: null, contactPhone: null }, 'x')).toBe(false);
    expect(matchesSearch({ contactName: null, contactPhone: null }, ' ')).toBe(true);
  });

  it('matches the assignee tabs, the status and the team', () => {
    const conv = makeConversation({ id: 'x', status: 'pending', assigneeId: 'u1', teamId: 't1', connectionId: 'n', contactId: 'k' });
    expect(matchesFilters(conv, { ...NO_FILTERS, assignee: 'me' }, 'u1')).toBe(true);
    expect(matchesFilters(conv, { ...NO_FILTERS, assignee: 'me' }, null)).toBe(false);
    expect(matchesFilters(conv, { ...NO_FILTERS, assignee: 'unassigned' }, 'u1')).toBe(false);
    expect(matchesFilters(conv, { ...NO_FILTERS, assignee: 'u2' }, 'u1')).toBe(false);
    expect(matchesFilters(conv, { ...NO_FILTERS, status: 'pending', teamId: 't1' }, 'u1')).toBe(true);
    expect(matchesFilters(conv, { ...NO_FILTERS, status: 'open' }, 'u1')).toBe(false);
  });
});
