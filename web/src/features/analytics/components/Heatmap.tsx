//! Customer messages by weekday (Monday first) and hour: a grid shaded by value for the eye, the same numbers as a
//! table for screen readers.
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../lib/format';
import { weekdayNames } from '../format';


const HOURS = Array.from({ length: 24 }, (_, h) => h);

/** A cell's shade: none at zero, then five steps of the primary colour by share of the busiest cell. */
function shade(value: number, max: number): string {
  if (value <= 0 || max <= 0) return 'bg-slate-100';
  const steps = ['bg-primary-100', 'bg-primary-200', 'bg-primary-400', 'bg-primary-600', 'bg-primary-800'];
  return steps[Math.min(steps.length - 1, Math.floor((value / max) * steps.length))] ?? 'bg-primary-800';
}

export function Heatmap({ rows }: { rows: number[][] }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const days = weekdayNames(locale);
  const longDays = weekdayNames(locale, 'long');
  const max = Math.max(0, ...rows.flat());
  const twoDigits = new Intl.NumberFormat(locale, { minimumIntegerDigits: 2 });
  const hour = (h: number) => twoDigits.format(h);
  return (
    <div>
      <div className="overflow-x-auto pb-1" aria-hidden="true" data-testid="heatmap">
        <div className="grid min-w-[34rem] gap-[3px]" style={{ gridTemplateColumns: 'minmax(2.5rem, auto) repeat(24, minmax(0, 1fr))' }}>
          <span />
          {HOURS.map((h) => (
            <span key={h} className="text-center text-[10px] text-slate-400 tabular-nums">
              {h % 3 === 0 ? hour(h) : ''}
            </span>
          ))}
          {days.map((day, d) => (
            <div key={day} className="contents">
              <span className="pe-2 text-xs leading-5 text-slate-500">{day}</span>
              {HOURS.map((h) => {
                const v = rows[d]?.[h] ?? 0;
                return (
                  <span
                    key={h}
                    className={`h-5 rounded-[3px] ${shade(v, max)}`}
                    title={t('analytics.heatmap.cell', { count: v, day: longDays[d], hour: hour(h), n: formatNumber(v, locale) })}
                    data-value={v}
                  />
                );
              })}
            </div>
          ))}
        </div>
      </div>
      {/* A table does not shrink to sr-only's 1 px (it would widen the page): the box around it does. */}
      <div className="sr-only">
        <table data-testid="heatmap-table">
          <caption>{t('analytics.heatmap.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('analytics.heatmap.day')}</th>
              {HOURS.map((h) => (
                <th key={h} scope="col">
                  {hour(h)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {longDays.map((day, d) => (
              <tr key={day}>
                <th scope="row">{day}</th>
                {HOURS.map((h) => (
                  <td key={h}>{rows[d]?.[h] ?? 0}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
