//! The overview's series: messages in and out (areas) and conversations opened and resolved (lines), a point per
//! day (or per hour for a range of one or two days), with the numbers in a table under them.
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Area, AreaChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Table, TBody, TD, TH, THead, TR } from '../../../components/ui';
import { formatNumber } from '../../../lib/format';
import { bucketLabel } from '../format';
import type { SeriesPoint } from '../types';
import { ChartFrame, ChartNumbers } from './ChartFrame';
import { AXIS_TICK, GRID, PALETTE, useRtl } from './chartStyle';

/** A chart under its heading, sized by its frame. */
function Panel({ title, testId, children }: { title: string; testId: string; children: ReactElement }) {
  return (
    <div className="min-w-0">
      <h3 className="mb-2 text-sm font-semibold text-slate-700">{title}</h3>
      <ChartFrame testId={testId} label={title}>
        <ResponsiveContainer width="100%" height="100%">
          {children}
        </ResponsiveContainer>
      </ChartFrame>
    </div>
  );
}

export function SeriesCharts({ series }: { series: SeriesPoint[] }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const rtl = useRtl();
  // Hour buckets of two days repeat the hours: then the ticks carry the day too.
  const days = new Set(series.map((p) => p.label.split(' ')[0])).size;
  const data = series.map((p) => ({ ...p, name: bucketLabel(p.label, locale, days > 1) }));
  const n = (v: unknown) => formatNumber(Number(v), locale);
  // Both charts share their frame: grid, axes (mirrored right to left), tooltip and legend, as children Recharts reads.
  const frame = [
    <CartesianGrid key="grid" vertical={false} stroke={GRID} />,
    <XAxis key="x" dataKey="name" reversed={rtl} tick={AXIS_TICK} tickLine={false} axisLine={false} minTickGap={16} />,
    <YAxis key="y" orientation={rtl ? 'right' : 'left'} allowDecimals={false} tick={AXIS_TICK} tickLine={false} axisLine={false} width={40} tickFormatter={n} />,
    <Tooltip key="tooltip" formatter={n} />,
    <Legend key="legend" wrapperStyle={{ fontSize: 12 }} />,
  ];
  const margin = { top: 8, right: 8, bottom: 0, left: 8 };
  return (
    <div>
      <div className="grid gap-6 lg:grid-cols-2">
        <Panel title={t('analytics.overview.messages')} testId="chart-messages">
          <AreaChart data={data} margin={margin}>
            {frame}
            <Area type="monotone" dataKey="messagesIn" name={t('analytics.metric.messagesIn')} stroke={PALETTE[0]} fill={PALETTE[0]} fillOpacity={0.15} isAnimationActive={false} />
            <Area type="monotone" dataKey="messagesOut" name={t('analytics.metric.messagesOut')} stroke={PALETTE[1]} fill={PALETTE[1]} fillOpacity={0.15} isAnimationActive={false} />
          </AreaChart>
        </Panel>
        <Panel title={t('analytics.overview.conversations')} testId="chart-conversations">
          <LineChart data={data} margin={margin}>
            {frame}
            <Line type="monotone" dataKey="opened" name={t('analytics.metric.opened')} stroke={PALETTE[2]} strokeWidth={2} dot={false} isAnimationActive={false} />
            <Line type="monotone" dataKey="resolved" name={t('analytics.metric.resolved')} stroke={PALETTE[3]} strokeWidth={2} dot={false} isAnimationActive={false} />
          </LineChart>
        </Panel>
      </div>
      <ChartNumbers summary={t('analytics.showNumbers')}>
        <Table dense minWidth="min-w-[30rem]" data-testid="table-series">
          <THead>
            <tr>
              <TH>{t('analytics.overview.bucket')}</TH>
              <TH className="text-end">{t('analytics.metric.messagesIn')}</TH>
              <TH className="text-end">{t('analytics.metric.messagesOut')}</TH>
              <TH className="text-end">{t('analytics.metric.opened')}</TH>
              <TH className="text-end">{t('analytics.metric.resolved')}</TH>
            </tr>
          </THead>
          <TBody>
            {series.map((p) => (
              <TR key={p.at}>
                <TD className="whitespace-nowrap">{bucketLabel(p.label, locale, true)}</TD>
                <TD className="text-end tabular-nums">{n(p.messagesIn)}</TD>
                <TD className="text-end tabular-nums">{n(p.messagesOut)}</TD>
                <TD className="text-end tabular-nums">{n(p.opened)}</TD>
                <TD className="text-end tabular-nums">{n(p.resolved)}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      </ChartNumbers>
    </div>
  );
}
