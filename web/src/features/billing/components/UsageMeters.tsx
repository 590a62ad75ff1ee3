import { useTranslation } from 'react-i18next';
import { cn } from '../../../lib/cn';
import { formatNumber } from '../../../lib/format';
import { LEVEL_BAR, meterLevel, meterWidth, sortMeters } from '../meters';
import { isUsageKey, type UsageMeter } from '../types';

const LEVEL_TEXT = { unlimited: 'text-slate-500', unavailable: 'text-slate-400', ok: 'text-slate-600', warning: 'text-accent-700', danger: 'text-danger-700' } as const;

function Meter({ meter }: { meter: UsageMeter }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  const level = meterLevel(meter.used, meter.limit);
  const label = isUsageKey(meter.key) ? t(`billing.usage.keys.${meter.key}`) : meter.key;
  const limit = meter.limit ?? null;
  const figure =
    limit === null
      ? t('billing.usage.usedUnlimited', { used: n(meter.used) })
      : limit === 0 && meter.used === 0
        ? t('billing.usage.notIncluded')
        : t('billing.usage.of', { used: n(meter.used), limit: n(limit) });
  return (
    <li className="space-y-1.5" data-testid="usage-meter" data-key={meter.key} data-level={level}>
      <div className="flex items-baseline justify-between gap-3 text-sm">
        <span className="font-medium text-slate-800">{label}</span>
        <span className={cn('text-end tabular-nums', LEVEL_TEXT[level])}>{figure}</span>
      </div>
      <div
        className="h-2 overflow-hidden rounded-full bg-slate-100"
        role={limit === null ? undefined : 'progressbar'}
        aria-label={label}
        aria-valuemin={limit === null ? undefined : 0}
        aria-valuemax={limit === null ? undefined : limit}
        aria-valuenow={limit === null ? undefined : meter.used}
        aria-valuetext={figure}
      >
        <div
          className={cn('h-full rounded-full transition-[width]', LEVEL_BAR[level])}
          style={{ width: `${limit === null ? 100 : meterWidth(meter.used, limit)}%` }}
        />
      </div>
      {meter.monthly && <p className="text-xs text-slate-400">{t('billing.usage.monthly')}</p>}
    </li>
  );
}

/** A bar per limit: used over the limit (or unlimited), amber from 75%, red from 90%. */
export function UsageMeters({ usage }: { usage: readonly UsageMeter[] }) {
  return (
    <ul className="grid gap-x-8 gap-y-5 sm:grid-cols-2 lg:grid-cols-3" data-testid="usage-meters">
      {sortMeters(usage).map((m) => (
        <Meter key={m.key} meter={m} />
      ))}
    </ul>
  );
}
