import { describe, expect, it } from 'vitest';
import { parseCustomSnooze, snoozeUntil, toDateTimeLocal } from './snooze';

describe('snooze presets', () => {
  // Wednesday 14 January 2026, 15:20 local time.
  const now = new Date(2026, 0, 14, 15, 20);

  it('snoozes an hour, until tomorrow 9:00, or until next Monday 9:00', () => {
    expect(snoozeUntil('hour', now)).toEqual(new Date(2026, 0, 14, 16, 20));
    expect(snoozeUntil('tomorrow', now)).toEqual(new Date(2026, 0, 15, 9, 0));
    expect(snoozeUntil('nextWeek', now)).toEqual(new Date(2026, 0, 19, 9, 0));
  });

  it('goes to the Monday after when today is Monday, and to tomorrow when it is Sunday', () => {
    expect(snoozeUntil('nextWeek', new Date(2026, 0, 12, 8, 0))).toEqual(new Date(2026, 0, 19, 9, 0));
    expect(snoozeUntil('nextWeek', new Date(2026, 0, 18, 22, 0))).toEqual(new Date(2026, 0, 19, 9, 0));
  });

  it('takes a custom time only in the future', () => {
    expect(toDateTimeLocal(new Date(2026, 0, 14, 9, 5))).toBe('2026-01-14T09:05');
    expect(parseCustomSnooze('2026-01-20T10:30', now)).toEqual(new Date(2026, 0, 20, 10, 30));
    expect(parseCustomSnooze('2026-01-14T15:00', now)).toBeNull();
    expect(parseCustomSnooze('', now)).toBeNull();
    expect(parseCustomSnooze('not a date', now)).toBeNull();
  });
});
