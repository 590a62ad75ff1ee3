//! The dashboard's "Last 7 days": a card per headline of GET /analytics/dashboard (the figure, its change against the
//! 7 days before, a sparkline of the days) and the way to the full reports. Agents get their own numbers from the
//! same call. Loaded as its own chunk by the dashboards, so the first page carries none of it.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../../api/client';
import { Alert, Card } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { cn } from '../../../lib/cn';
import { delta, formatRatio, formatSeconds } from '../../../lib/figures';
import { formatNumber } from '../../../lib/format';
import { Sparkline } from './Sparkline';
import { HEADLINE_METRICS, isDuration, seriesSummary, type Headline, type HeadlineMetric } from './trends';

function useDashboardTrends() {
  // The figures move by the hour (the rollups'), so a refetch every few minutes is plenty.
  return useQuery({ queryKey: ['dashboard', 'trends'], queryFn: () => unwrap(api.GET('/api/v1/analytics/dashboard')), refetchInterval: 5 * 60_000 });
}

/** Writes a headline's figure: a count in the reader's digits, or a duration as the analytics pages write it. */
function useFigure() {
  const { i18n } = useTranslation();
  return (metric: HeadlineMetric, value: number | null | undefined): string => {
    if (value == null) return '—';
    return isDuration(metric) ? formatSeconds(value, i18n.language) : formatNumber(value, i18n.language);
  };
}

function DeltaLine({ headline, metric }: { headline: Headline; metric: HeadlineMetric }) {
  const { t, i18n } = useTranslation();
  const figure = useFigure();
  const d = delta(headline.value, headline.previous, isDuration(metric));
  let shown: string;
  let said: string;
  if (!d) {
    shown = '—';
    said = t('dashboard.trends.noComparison');
  } else if (d.direction === 'flat') {
    shown = formatRatio(0, i18n.language);
    said = t('dashboard.trends.same');
  } else {
    const arrow = d.direction === 'up' ? '▲' : '▼';
    const change = d.ratio === null ? t('dashboard.trends.new') : formatRatio(Math.abs(d.ratio), i18n.language);
    shown = `${arrow} ${change}`;
    said =
      d.ratio === null
        ? t('dashboard.trends.fromNone')
        : t(`dashboard.trends.${d.direction}`, { change, previous: figure(metric, headline.previous) });
  }
  return (
    <p
      className={cn('text-xs font-semibold tabular-nums', d?.good === true ? 'text-success-600' : d?.good === false ? 'text-danger-600' : 'text-slate-500')}
      title={said}
      data-testid={`trend-${metric}-delta`}
      data-direction={d?.direction ?? 'none'}
      data-good={d?.good == null ? undefined : String(d.good)}
    >
      <span aria-hidden="true">{shown}</span>
      <span className="sr-only">{said}</span>
    </p>
  );
}

function TrendCard({ headline, metric }: { headline: Headline; metric: HeadlineMetric }) {
  const { t } = useTranslation();
  const figure = useFigure();
  const summary = seriesSummary(headline.trend);
  const chartLabel = summary
    ? t('dashboard.trends.chart', {
        first: figure(metric, summary.first),
        last: figure(metric, summary.last),
        min: figure(metric, summary.min),
        max: figure(metric, summary.max),
      })
    : t('dashboard.trends.chartEmpty');
  return (
    <Card className="flex min-w-0 flex-col gap-1.5 p-4" data-testid={`trend-${metric}`}>
      {/* Two lines for the name: a phone's half-width card is too narrow for "Conversations resolved". */}
      <h3 className="line-clamp-2 min-h-10 text-sm font-medium text-slate-500">
        {t(`dashboard.trends.metrics.${metric}`)}
      </h3>
      <p className="truncate text-2xl font-semibold tracking-tight text-slate-900 tabular-nums" data-testid={`trend-${metric}-value`}>
        {figure(metric, headline.value)}
      </p>
      <DeltaLine headline={headline} metric={metric} />
      <Sparkline series={headline.trend} label={chartLabel} className="mt-auto pt-1 text-primary-500" testId={`trend-${metric}-chart`} />
    </Card>
  );
}

function Skeleton() {
  return (
    <Card className="flex flex-col gap-2.5 p-4" aria-hidden="true">
      <span className="h-3.5 w-2/3 animate-pulse rounded bg-slate-100" />
      <span className="h-7 w-1/2 animate-pulse rounded bg-slate-100" />
      <span className="h-3 w-1/3 animate-pulse rounded bg-slate-100" />
      <span className="mt-1 h-8 animate-pulse rounded bg-slate-50" />
    </Card>
  );
}

const grid = 'grid grid-cols-2 gap-3 sm:grid-cols-3 sm:gap-4 xl:grid-cols-5';

/** The "Last 7 days" section; `own` says the figures are the signed-in agent's own. */
export function TrendSection({ analyticsHref, own = false }: { analyticsHref: string; own?: boolean }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const q = useDashboardTrends();
  // The cards follow our order and skip a headline this build has no words for.
  const headlines = HEADLINE_METRICS.flatMap((metric) => {
    const h = q.data?.headlines.find((x) => x.metric === metric);
    return h ? [{ metric, headline: h }] : [];
  });
  return (
    <section className="space-y-3" data-testid="trends" aria-labelledby="trends-title" aria-busy={q.isPending || undefined}>
      <div className="flex flex-wrap items-end justify-between gap-x-4 gap-y-1">
        <div className="min-w-0">
          <h2 id="trends-title" className="text-base font-semibold text-slate-900">
            {t('dashboard.trends.title')}
          </h2>
          <p className="text-sm text-slate-500">{own ? t('dashboard.trends.ownSubtitle') : t('dashboard.trends.subtitle')}</p>
        </div>
        <Link to={analyticsHref} className="shrink-0 rounded-lg py-1 text-sm font-medium text-primary-600 hover:underline" data-testid="trends-all-analytics">
          {t('dashboard.trends.allAnalytics')}
          <span aria-hidden="true" className="ms-1 inline-block rtl:-scale-x-100">
            →
          </span>
        </Link>
      </div>
      {q.isError && <Alert tone="warning">{t('dashboard.trends.unavailable', { reason: errorText(q.error) })}</Alert>}
      {q.isPending && (
        <div className={grid}>
          {HEADLINE_METRICS.map((m) => (
            <Skeleton key={m} />
          ))}
        </div>
      )}
      {q.isSuccess &&
        (headlines.length === 0 ? (
          <p className="rounded-2xl border border-dashed border-slate-200 px-4 py-6 text-center text-sm text-slate-500" data-testid="trends-empty">
            {t('dashboard.trends.empty')}
          </p>
        ) : (
          <div className={grid}>
            {headlines.map(({ metric, headline }) => (
              <TrendCard key={metric} metric={metric} headline={headline} />
            ))}
          </div>
        ))}
    </section>
  );
}
