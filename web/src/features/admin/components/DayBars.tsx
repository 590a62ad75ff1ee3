//! Counts per day as a bar chart drawn with plain elements (no chart library): a flex row, so a right-to-left page
//! lays the days out from the right as the app's other charts do; one sentence names the whole for screen readers.
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../lib/format';
import { barHeights, shortDay, type DayCount } from '../platform';

export function DayBars({ days, label, testId }: { days: readonly DayCount[]; label: string; testId?: string }) {
  const { i18n } = useTranslation();
  const heights = barHeights(days.map((d) => d.count));
  const max = Math.max(0, ...days.map((d) => d.count));
  const first = days[0];
  const last = days[days.length - 1];
  return (
    <figure className="m-0" data-testid={testId}>
      <div className="relative">
        <span className="absolute -top-5 start-0 text-[11px] text-slate-400 tabular-nums" aria-hidden="true">
          {formatNumber(max, i18n.language)}
        </span>
        <div role="img" aria-label={label} className="flex h-40 items-end gap-px border-b border-slate-200 sm:gap-0.5">
          {days.map((d, i) => (
            <div key={d.day} className="flex h-full min-w-0 flex-1 items-end" title={`${shortDay(d.day, i18n.language)}: ${formatNumber(d.count, i18n.language)}`}>
              <div
                className="w-full rounded-t-sm bg-primary-500/85 transition-colors hover:bg-primary-600"
                style={{ height: `${heights[i] ?? 0}%` }}
                data-testid="day-bar"
                data-day={d.day}
                data-count={d.count}
              />
            </div>
          ))}
        </div>
      </div>
      {first && last && (
        <figcaption className="mt-1.5 flex justify-between text-[11px] text-slate-400" aria-hidden="true">
          <span>{shortDay(first.day, i18n.language)}</span>
          <span>{shortDay(last.day, i18n.language)}</span>
        </figcaption>
      )}
    </figure>
  );
}
