//! When a snooze ends, for the choices of the status menu (local time of the agent).
export const SNOOZE_PRESETS = ['hour', 'tomorrow', 'nextWeek'] as const;
export type SnoozePreset = (typeof SNOOZE_PRESETS)[number];

/** One hour from now; tomorrow at 9:00; next Monday at 9:00 (a week from today's Monday when it is Monday). */
export function snoozeUntil(preset: SnoozePreset, now: Date): Date {
  switch (preset) {
    case 'hour':
      return new Date(now.getTime() + 60 * 60 * 1000);
    case 'tomorrow': {
      const d = new Date(now);
      d.setDate(d.getDate() + 1);
      d.setHours(9, 0, 0, 0);
      return d;
    }
    case 'nextWeek': {
      const d = new Date(now);
      const day = d.getDay(); // 0 Sunday … 6 Saturday
      const untilMonday = ((8 - day) % 7) || 7;
      d.setDate(d.getDate() + untilMonday);
      d.setHours(9, 0, 0, 0);
      return d;
    }
  }
}

/** The value of a `datetime-local` input for a date (local time, minutes). */
export function toDateTimeLocal(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A `datetime-local` value as a date, or null when empty or not in the future. */
export function parseCustomSnooze(value: string, now: Date): Date | null {
  if (!value) return null;
  const d = new Date(value);
  if (Number.isNaN(d.getTime()) || d.getTime() <= now.getTime()) return null;
  return d;
}
