//! Pure helpers of the tickets feature: due dates between the API (date-time) and a `datetime-local` input,
//! status tones, and which statuses count as done.

const pad = (n: number) => String(n).padStart(2, '0');

/** An ISO date-time as a `datetime-local` value (`YYYY-MM-DDTHH:mm`, local time); empty for none. */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A `datetime-local` value as an ISO date-time (UTC); null for empty or invalid. */
export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

export function isDone(status: string): boolean {
  return status === 'resolved' || status === 'closed';
}

export type StatusTone = 'primary' | 'accent' | 'success' | 'neutral';

export function statusTone(status: string): StatusTone {
  switch (status) {
    case 'open':
      return 'primary';
    case 'pending':
      return 'accent';
    case 'resolved':
      return 'success';
    default:
      return 'neutral';
  }
}
