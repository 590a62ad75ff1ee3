import { describe, expect, it } from 'vitest';
import { fromLocalInput, isDone, statusTone, toLocalInput } from './tickets';

describe('ticket helpers', () => {
  it('round-trips a due date through the datetime-local input', () => {
    const iso = new Date(2027, 0, 31, 17, 30).toISOString();
    expect(toLocalInput(iso)).toBe('2027-01-31T17:30');
    expect(fromLocalInput('2027-01-31T17:30')).toBe(iso);
  });

  it('empty and invalid values are none', () => {
    expect(toLocalInput(null)).toBe('');
    expect(toLocalInput('nope')).toBe('');
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('nope')).toBeNull();
  });

  it('resolved and closed are done; each status has a tone', () => {
    expect(isDone('resolved')).toBe(true);
    expect(isDone('closed')).toBe(true);
    expect(isDone('open')).toBe(false);
    expect(isDone('pending')).toBe(false);
    expect(statusTone('open')).toBe('primary');
    expect(statusTone('closed')).toBe('neutral');
  });
});
