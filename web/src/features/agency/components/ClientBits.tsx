//! Small pieces the agency's client pages share: the state badge, a compact usage bar, and the last activity.
import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/ui';
import { cn } from '../../../lib/cn';
import { formatNumber, formatRelative } from '../../../lib/format';
import { useNow } from '../../../lib/useNow';
import { LEVEL_BAR, meterLevel, meterWidth } from '../../billing/meters';
import type { ClientSummary } from '../api';

export function ClientStatusBadge({ status }: { status: ClientSummary['status'] }) {
  const { t } = useTranslation();
  return (
    <Badge tone={status === 'suspended' ? 'danger' : 'success'} dot data-testid="client-status">
      {t(`agency.status.${status}`)}
    </Badge>
  );
}

/** One usage figure as a thin bar with "used / limit" (or "used, unlimited") above it. */
export function UsageBar({ meter }: { meter: ClientSummary['usage'][number] }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  const level = meterLevel(meter.used, meter.limit);
  const label = t(`agency.usage.${meter.key as 'contacts'}`, { defaultValue: meter.key });
  const figure = meter.limit == null ? t('agency.usage.unlimited', { used: n(meter.used) }) : `${n(meter.used)} / ${n(meter.limit)}`;
  return (
    <div className="min-w-0" data-testid="client-usage" data-key={meter.key} data-level={level}>
      <div className="flex items-baseline justify-between gap-2 text-xs">
        <span className="truncate text-slate-500">{label}</span>
        <span className="tabular-nums text-slate-700" dir="ltr">
          {figure}
        </span>
      </div>
      <div
        className="mt-1 h-1.5 overflow-hidden rounded-full bg-slate-100"
        role={meter.limit == null ? undefined : 'progressbar'}
        aria-label={label}
        aria-valuemin={meter.limit == null ? undefined : 0}
        aria-valuemax={meter.limit ?? undefined}
        aria-valuenow={meter.limit == null ? undefined : meter.used}
      >
        <div className={cn('h-full rounded-full', LEVEL_BAR[level])} style={{ width: `${meter.limit == null ? 100 : meterWidth(meter.used, meter.limit)}%` }} />
      </div>
    </div>
  );
}

export function LastActivity({ at }: { at: string | null | undefined }) {
  const { t, i18n } = useTranslation();
  const now = useNow(60_000);
  return <span className="text-slate-500">{at ? formatRelative(at, now, i18n.language) : t('agency.dashboard.never')}</span>;
}
