import { describe, expect, it } from 'vitest';
import type { Agent } from '../../api/types';
import { applyPresence, isAvailable, presenceTone } from './presence';
import { hoursToRows, invalidDays, isHexColor, isShortcut, rowsToHours, timeZones, weekdayNames } from './settings';

const agent = (userId: string, overrides: Partial<Agent> = {}): Agent => ({
  userId,
  name: userId,
  email: `${userId}@example.com`,
  role: 'agent',
  status: 'online',
  online: false,
  openConversations: 0,
  capacity: null,
  ...overrides,
});

describe('presence', () => {
  it('updates one agent and keeps the list when nothing changes', () => {
    const list = [agent('a'), agent('b')];
    const next = applyPresence(list, { userId: 'b', status: 'busy', online: true });
    expect(next?.map((a) => [a.userId, a.status, a.online])).toEqual([
      ['a', 'online', false],
      ['b', 'busy', true],
    ]);
    expect(applyPresence(next, { userId: 'b', status: 'busy', online: true })).toBe(next);
    expect(applyPresence(list, { userId: 'zz', status: 'away', online: true })).toBe(list);
    expect(applyPresence(undefined, { userId: 'a', status: 'away', online: true })).toBeUndefined();
  });

  it('is available only when connected and online; shows grey when not connected', () => {
    expect(isAvailable({ online: true, status: 'online' })).toBe(true);
    expect(isAvailable({ online: true, status: 'busy' })).toBe(false);
    expect(isAvailable({ online: false, status: 'online' })).toBe(false);
    expect(presenceTone({ online: false, status: 'online' })).toBe('offline');
    expect(presenceTone({ online: true, status: 'away' })).toBe('away');
  });
});

describe('business hours', () => {
  it('turns the API hours into seven rows, Monday first, and back', () => {
    const hours = [
      { day: 0, open: '09:00', close: '17:00' },
      { day: 4, open: '10:00', close: '14:30' },
    ];
    const rows = hoursToRows(hours);
    expect(rows).toHaveLength(7);
    expect(rows[0]).toEqual({ day: 0, open: true, from: '09:00', to: '17:00' });
    expect(rows[1]).toEqual({ day: 1, open: false, from: '09:00', to: '17:00' });
    expect(rowsToHours(rows)).toEqual(hours);
  });

  it('finds open days with malformed hours, and takes hours past midnight', () => {
    const rows = hoursToRows([{ day: 2, open: '18:00', close: '09:00' }, { day: 3, open: '09:00', close: '17:00' }]);
    expect(invalidDays(rows)).toEqual([]);
    expect(invalidDays([{ day: 0, open: true, from: '9am', to: '17:00' }])).toEqual([0]);
    expect(invalidDays([{ day: 0, open: true, from: '09:00', to: '9pm' }])).toEqual([0]);
    expect(invalidDays([{ day: 0, open: false, from: '9am', to: '17:00' }])).toEqual([]);
  });

  it('names weekdays Monday first in the reader language', () => {
    expect(weekdayNames('en')[0]).toBe('Monday');
    expect(weekdayNames('en')[6]).toBe('Sunday');
    expect(weekdayNames('ar')[0]).toMatch(/[\u0600-\u06FF]/);
  });

  it('lists the browser time zones with UTC first and a saved zone kept', () => {
    const zones = timeZones('Mars/Olympus_Mons');
    expect(zones[0]).toBe('UTC');
    expect(zones).toContain('Asia/Dubai');
    expect(zones).toContain('Mars/Olympus_Mons');
  });
});

describe('settings values', () => {
  it('accepts lowercase #rrggbb colours and the server shortcut format', () => {
    expect(isHexColor('#7c3aed')).toBe(true);
    expect(isHexColor('#7C3AED')).toBe(false);
    expect(isHexColor('red')).toBe(false);
    expect(isShortcut('thanks')).toBe(true);
    expect(isShortcut('order_status-2')).toBe(true);
    expect(isShortcut('Thanks')).toBe(false);
    expect(isShortcut('two words')).toBe(false);
    expect(isShortcut('')).toBe(false);
    expect(isShortcut('x'.repeat(33))).toBe(false);
  });
});
