//! The platform admin's dashboard (GET /admin/analytics): tenants, revenue per currency, the last 24 hours' webhooks
//! and sends with their error rates, messages per day, the plan mix, the busiest tenants and the health checks.
//! Its own chunk (the overview page loads it), so the first page carries none of it.
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Alert, Badge, Button, Card, CardHeader, PageSpinner, type IconName } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { cn } from '../../../lib/cn';
import { formatRatio } from '../../../lib/figures';
import { formatNumber } from '../../../lib/format';
import { StatCard } from '../../dashboard/components/StatCard';
import { formatMoney } from '../../deals/format';
import { usePlatformAnalytics } from '../hooks/useAdmin';
import { daysSummary, ERROR_RATE_ALERT, errorRate, formatWholeMoney, shortDay, withShares, type PlatformAnalytics } from '../platform';
import { DayBars } from './DayBars';

/** The health checks the API names (crates/services/src/analytics/platform.rs), and their strings. */
const CHECKS = { database: 'database', redis: 'redis', analytics: 'analytics', 'webhook queue': 'webhookQueue' } as const;

/** A 24-hour count with its failures and their share, in red from ERROR_RATE_ALERT up. */
function Traffic({ total, errors, testId }: { total: number; errors: number; testId: string }) {
  const { t, i18n } = useTranslation();
  const rate = errorRate(errors, total);
  if (rate === null) return <span className="mt-1 block text-sm font-medium text-slate-500">{t('admin.overview.noTraffic')}</span>;
  return (
    <span
      className={cn('mt-1 block text-sm font-medium whitespace-normal', rate >= ERROR_RATE_ALERT ? 'text-danger-600' : 'text-slate-500')}
      data-testid={`${testId}-errors`}
      data-rate={rate}
    >
      {t('admin.overview.failed', { count: errors, n: formatNumber(errors, i18n.language), rate: formatRatio(rate, i18n.language) })}
    </span>
  );
}

/** A 24-hour count (webhooks, sends) and, under it, its failures. */
function TrafficCard({ total, errors, testId, ...card }: { label: string; icon: IconName; tone: 'secondary' | 'accent'; testId: string; total: number; errors: number }) {
  const { i18n } = useTranslation();
  return (
    <StatCard
      {...card}
      testId={testId}
      value={
        <>
          {formatNumber(total, i18n.language)}
          <Traffic total={total} errors={errors} testId={testId} />
        </>
      }
    />
  );
}

function StatCards({ d }: { d: PlatformAnalytics }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  const mrr = [...d.mrr].sort((a, b) => b.amount - a.amount);
  return (
    <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 2xl:grid-cols-4" data-testid="platform-stats">
      <StatCard
        label={t('admin.overview.tenants')}
        icon="building"
        testId="stat-tenants"
        value={
          <>
            {n(d.tenants)}
            <span className="mt-1 block text-sm font-medium whitespace-normal text-slate-500">
              {[
                t('admin.overview.tenantsActive', { count: d.activeTenants, n: n(d.activeTenants) }),
                t('admin.overview.tenantsSuspended', { count: d.suspendedTenants, n: n(d.suspendedTenants) }),
              ].join(' · ')}
            </span>
            <span className="block text-sm font-medium text-success-600" data-testid="stat-new-tenants">
              {t('admin.overview.newTenants', { n: n(d.newTenants30d) })}
            </span>
          </>
        }
      />
      <StatCard
        label={t('admin.overview.mrr')}
        icon="chart"
        tone="success"
        testId="stat-mrr"
        value={
          mrr.length === 0 ? (
            <span className="block text-base font-medium whitespace-normal text-slate-500">{t('admin.overview.noMrr')}</span>
          ) : (
            <span className="block space-y-0.5">
              {mrr.map((m, i) => (
                // The first currency in full size, the others under it: amounts are never added across currencies.
                <span
                  key={m.currency}
                  className={cn('block truncate', i > 0 && 'text-base font-medium text-slate-600')}
                  title={formatMoney(m.amount, m.currency, i18n.language)}
                  data-testid="mrr-amount"
                  data-currency={m.currency}
                >
                  {formatWholeMoney(m.amount, m.currency, i18n.language)}
                </span>
              ))}
            </span>
          )
        }
      />
      <TrafficCard label={t('admin.overview.webhooks')} icon="bolt" tone="secondary" testId="stat-webhooks" total={d.webhooks24h} errors={d.webhookErrors24h} />
      <TrafficCard label={t('admin.overview.sends')} icon="send" tone="accent" testId="stat-sends" total={d.sends24h} errors={d.sendErrors24h} />
    </div>
  );
}

function MessagesCard({ days }: { days: PlatformAnalytics['messagesPerDay'] }) {
  const { t, i18n } = useTranslation();
  const s = daysSummary(days);
  const n = (v: number) => formatNumber(v, i18n.language);
  const mean = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: s.mean < 10 ? 1 : 0 }).format(s.mean);
  return (
    <Card className="lg:col-span-2" data-testid="messages-per-day">
      <CardHeader
        title={t('admin.overview.messagesPerDay')}
        description={t('admin.overview.messagesPerDayHint')}
        actions={s.total > 0 && <span className="text-sm font-medium text-slate-600 tabular-nums" data-testid="messages-total">{t('admin.overview.messagesTotal', { total: n(s.total), mean })}</span>}
      />
      <div className="px-5 pt-8 pb-4">
        {s.peak ? (
          <DayBars
            days={days}
            label={t('admin.overview.chartLabel', { total: n(s.total), day: shortDay(s.peak.day, i18n.language), peak: n(s.peak.count) })}
          />
        ) : (
          <p className="py-10 text-center text-sm text-slate-500" data-testid="messages-empty">
            {t('admin.overview.chartEmpty')}
          </p>
        )}
      </div>
    </Card>
  );
}

function PlanMixCard({ plans }: { plans: PlatformAnalytics['planMix'] }) {
  const { t, i18n } = useTranslation();
  const rows = withShares(plans);
  return (
    <Card data-testid="plan-mix">
      <CardHeader title={t('admin.overview.planMix')} description={t('admin.overview.planMixHint')} />
      {rows.length === 0 ? (
        <p className="px-5 py-6 text-sm text-slate-500">{t('admin.overview.noPlans')}</p>
      ) : (
        <ul className="space-y-3 px-5 py-4">
          {rows.map((p) => (
            <li key={p.key} className="text-sm" data-testid="plan-row">
              <div className="flex items-baseline justify-between gap-3">
                <span className="truncate font-medium text-slate-700" dir="auto" title={p.key}>
                  {p.key}
                </span>
                <span className="shrink-0 text-slate-500 tabular-nums">
                  {formatNumber(p.count, i18n.language)} · {formatRatio(p.share, i18n.language)}
                </span>
              </div>
              <span className="mt-1 block h-2 overflow-hidden rounded-full bg-slate-100" aria-hidden="true">
                <span className="block h-full rounded-full bg-secondary-500" style={{ width: `${p.share * 100}%` }} />
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function TopTenantsCard({ tenants }: { tenants: PlatformAnalytics['topTenants'] }) {
  const { t, i18n } = useTranslation();
  const top = [...tenants].sort((a, b) => b.messages - a.messages).slice(0, 10);
  const max = Math.max(1, ...top.map((x) => x.messages));
  return (
    <Card data-testid="top-tenants">
      <CardHeader title={t('admin.overview.topTenants')} description={t('admin.overview.topTenantsHint')} />
      {top.length === 0 ? (
        <p className="px-5 py-6 text-sm text-slate-500">{t('admin.overview.noTopTenants')}</p>
      ) : (
        <ol className="divide-y divide-slate-100">
          {top.map((x, i) => (
            <li key={x.tenantId}>
              <Link to={`/admin/tenants/${x.tenantId}`} className="flex items-center gap-3 px-5 py-2.5 hover:bg-slate-50" data-testid="top-tenant">
                <span className="w-5 shrink-0 text-end text-xs font-semibold text-slate-400 tabular-nums">{formatNumber(i + 1, i18n.language)}</span>
                <span className="min-w-0 flex-1">
                  <span className="block truncate text-sm font-medium text-slate-900" dir="auto">
                    {x.name}
                  </span>
                  <span className="mt-1 block h-1.5 overflow-hidden rounded-full bg-slate-100" aria-hidden="true">
                    <span className="block h-full rounded-full bg-primary-400" style={{ width: `${(x.messages / max) * 100}%` }} />
                  </span>
                </span>
                <span className="shrink-0 text-sm text-slate-600 tabular-nums" aria-label={`${t('admin.overview.messages')}: ${formatNumber(x.messages, i18n.language)}`}>
                  {formatNumber(x.messages, i18n.language)}
                </span>
              </Link>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}

function HealthCard({ checks }: { checks: PlatformAnalytics['health'] }) {
  const { t } = useTranslation();
  return (
    <Card data-testid="health">
      <CardHeader title={t('admin.overview.health')} description={t('admin.overview.healthHint')} />
      <ul className="divide-y divide-slate-100">
        {checks.map((c) => {
          const key = Object.hasOwn(CHECKS, c.name) ? CHECKS[c.name as keyof typeof CHECKS] : null;
          return (
            <li key={c.name} className="flex items-start justify-between gap-3 px-5 py-3" data-testid="health-check" data-name={c.name} data-ok={c.ok}>
              <span className="min-w-0">
                <span className="block text-sm font-medium text-slate-900">{key ? t(`admin.overview.checks.${key}`) : c.name}</span>
                {/* The server's own words (English): what it measured; a bare "ok" says no more than the badge. */}
                {c.detail.toLowerCase() !== 'ok' && (
                  <span className="block text-xs break-words text-slate-500" dir="auto">
                    {c.detail}
                  </span>
                )}
              </span>
              <Badge tone={c.ok ? 'success' : 'danger'} dot>
                {c.ok ? t('admin.overview.ok') : t('admin.overview.failing')}
              </Badge>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}

export function PlatformDashboard() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const q = usePlatformAnalytics();
  if (q.isPending) return <PageSpinner label={t('common.loading')} />;
  if (q.isError) {
    return (
      <Alert tone="danger">
        <p>{errorText(q.error)}</p>
        <Button variant="outline" size="sm" className="mt-2" onClick={() => void q.refetch()} loading={q.isFetching}>
          {t('common.refresh')}
        </Button>
      </Alert>
    );
  }
  const d = q.data;
  return (
    <div className="space-y-4" data-testid="platform-dashboard">
      <StatCards d={d} />
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
        <MessagesCard days={d.messagesPerDay} />
        <PlanMixCard plans={d.planMix} />
      </div>
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <TopTenantsCard tenants={d.topTenants} />
        <HealthCard checks={d.health} />
      </div>
    </div>
  );
}
