//! The analytics area's own labels: amounts, weekdays, hours and the series' buckets. Durations, rates, shares and
//! the change against the previous period are the app's (lib/figures), the same as on the dashboard.

export function formatAmount(amount: number, locale: string, currency?: string): string {
  if (currency) {
    try {
      return new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 2 }).format(amount);
    } catch {
      // A currency code Intl does not know: the number and the code.
    }
  }
  const n = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(amount);
  return currency ? `${n} ${currency}` : n;
}

/** Weekday names Monday first (2024-01-01 was a Monday), in the reader's language. */
export function weekdayNames(locale: string, width: 'short' | 'long' = 'short'): string[] {
  const f = new Intl.DateTimeFormat(locale, { weekday: width, timeZone: 'UTC' });
  return Array.from({ length: 7 }, (_, i) => f.format(new Date(Date.UTC(2024, 0, 1 + i))));
}

/** An hour of the day as the reader's clock writes it (8:00 AM, 08:00, ٨:٠٠ ص). */
export function hourLabel(hour: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, 1, hour)));
}

/** A bucket's label as a reader wants it: "Mar 5" for a day, "14:00" for an hour. */
export function bucketLabel(label: string, locale: string, withDay = false): string {
  const [day, time] = label.split(' ');
  if (time && !withDay) return time;
  const d = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return label;
  const date = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(d);
  return time ? `${date} ${time}` : date;
}
