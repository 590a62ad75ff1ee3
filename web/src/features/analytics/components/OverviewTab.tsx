//! The overview: headline figures (with their change against the previous period when comparing), the series and
//! the busiest hours; durations inside business hours only when the view asks.
import { useTranslation } from 'react-i18next';
import { Card, CardBody, CardHeader } from '../../../components/ui';
import { formatSeconds } from '../../../lib/figures';
import { formatNumber } from '../../../lib/format';
import { METRICS, type Kind } from '../figures';
import type { ConversationReport } from '../types';
import { Heatmap } from './Heatmap';
import { SeriesCharts } from './SeriesCharts';
import { StatCard } from './StatCard';


export function Overview({ report, business }: { report: ConversationReport; business: boolean }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const previous = report.previous ?? undefined;
  const show = (kind: Kind, v: number | null | undefined) => (kind === 'duration' ? formatSeconds(v, locale) : formatNumber(v ?? 0, locale));
  return (
    <div className="space-y-6">
      <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-5">
        {METRICS.map(({ metric, kind, pick }) => {
          const value = pick(report.totals, business);
          return (
            <StatCard
              key={metric}
              metric={metric}
              label={t(`analytics.metric.${metric}` as 'analytics.metric.opened')}
              value={show(kind, value)}
              current={value}
              previous={previous ? pick(previous, business) : undefined}
              lowerIsBetter={kind === 'duration'}
            />
          );
        })}
        <StatCard metric="openBacklog" label={t('analytics.metric.openBacklog')} value={formatNumber(report.openBacklog, locale)} hint={t('analytics.overview.backlogHint')} />
      </div>

      <Card>
        <CardHeader title={t('analytics.overview.seriesTitle')} />
        <CardBody>
          <SeriesCharts series={report.series} />
        </CardBody>
      </Card>

      <Card>
        <CardHeader title={t('analytics.heatmap.title')} description={t('analytics.heatmap.description', { zone: report.range.timezone })} />
        <CardBody>
          <Heatmap rows={report.heatmap} />
        </CardBody>
      </Card>
    </div>
  );
}
