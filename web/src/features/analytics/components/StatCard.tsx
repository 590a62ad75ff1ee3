//! A headline figure: its value and, when the previous period is known, how it moved (▲/▼ and %), green when the move
//! is for the better (for durations, lower is better).
import { useTranslation } from 'react-i18next';
import { Card } from '../../../components/ui';
import { cn } from '../../../lib/cn';
import { delta, formatRatio } from '../../../lib/figures';

export function StatCard({
  metric,
  label,
  value,
  hint,
  current,
  previous,
  lowerIsBetter = false,
}: {
  metric: string;
  label: string;
  /** The figure as shown. */
  value: string;
  hint?: string;
  /** The raw figures the change is computed from; no `previous`, no change shown. */
  current?: number | null;
  previous?: number | null;
  lowerIsBetter?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const d = previous === undefined ? null : delta(current, previous, lowerIsBetter);
  return (
    <Card className="min-w-0 p-4" data-testid={`stat-${metric}`}>
      <p className="truncate text-xs font-medium text-slate-500" title={label}>
        {label}
      </p>
      <p className="mt-1 text-2xl font-semibold tracking-tight text-slate-900 tabular-nums" data-testid="stat-value">
        {value}
      </p>
      {d && (
        <p
          className={cn('mt-1 text-xs font-medium', d.good === true ? 'text-emerald-700' : d.good === false ? 'text-danger-600' : 'text-slate-500')}
          data-testid="stat-delta"
          data-direction={d.direction}
          data-good={d.good === null ? 'neutral' : String(d.good)}
        >
          <span aria-hidden="true">{d.direction === 'up' ? '▲' : d.direction === 'down' ? '▼' : '■'} </span>
          <span className="sr-only">{t(`analytics.delta.${d.direction}`)} </span>
          {d.ratio === null ? t('analytics.delta.fromNothing') : formatRatio(Math.abs(d.ratio), i18n.language)}
          <span className="text-slate-400"> · {t('analytics.delta.vsPrevious')}</span>
        </p>
      )}
      {hint && !d && <p className="mt-1 text-xs text-slate-400">{hint}</p>}
    </Card>
  );
}
