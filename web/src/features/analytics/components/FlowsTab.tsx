//! Per flow and version: runs, completion rate, hand-offs, failures, stops and median time to complete; for the
//! selected version, the nodes where runs ended without completing (the top ones as bars, all of them listed).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Card, CardBody, CardHeader, Select, Table, TBody, TD, TH, THead, TR } from '../../../components/ui';
import { cn } from '../../../lib/cn';
import { formatRatio, formatSeconds } from '../../../lib/figures';
import { formatNumber } from '../../../lib/format';
import { nodeName } from '../figures';
import type { FlowFigures, FlowReport } from '../types';
import { ChartFrame, ChartNumbers } from './ChartFrame';
import { AXIS_TICK, GRID, PALETTE, useRtl } from './chartStyle';

const TOP_NODES = 10;

const keyOf = (f: FlowFigures) => `${f.flowId}:${f.version}`;

function DropOff({ flow }: { flow: FlowFigures }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const rtl = useRtl();
  const n = (v: unknown) => formatNumber(Number(v), locale);
  if (flow.dropOff.length === 0) return <p className="text-sm text-slate-500">{t('analytics.flows.noDropOff')}</p>;
  const data = flow.dropOff.slice(0, TOP_NODES).map((d) => ({ name: nodeName(d), runs: d.runs }));
  return (
    <div>
      <ChartFrame testId="chart-dropoff" label={t('analytics.flows.dropOff')} height="">
        <div style={{ height: Math.max(140, data.length * 32 + 40) }}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 16 }}>
              <CartesianGrid horizontal={false} stroke={GRID} />
              <XAxis type="number" reversed={rtl} allowDecimals={false} tick={AXIS_TICK} tickLine={false} axisLine={false} tickFormatter={n} />
              <YAxis type="category" dataKey="name" orientation={rtl ? 'right' : 'left'} width={120} tick={AXIS_TICK} tickLine={false} axisLine={false} />
              <Tooltip formatter={n} cursor={{ fill: 'rgba(244, 63, 94, 0.06)' }} />
              <Bar dataKey="runs" name={t('analytics.flows.endedHere')} fill={PALETTE[4]} radius={4} maxBarSize={22} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      </ChartFrame>
      <ChartNumbers summary={t('analytics.showNumbers')}>
        <ul className="divide-y divide-slate-100 text-sm" data-testid="list-dropoff">
          {flow.dropOff.map((d) => (
            <li key={d.node} className="flex items-center justify-between gap-3 px-4 py-2">
              <span className="min-w-0 truncate text-slate-700" dir="auto" title={d.node}>
                {nodeName(d)}
              </span>
              <span className="shrink-0 font-medium tabular-nums">{n(d.runs)}</span>
            </li>
          ))}
        </ul>
      </ChartNumbers>
    </div>
  );
}

export function FlowsTab({ report }: { report: FlowReport }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const [picked, setPicked] = useState<string | null>(null);
  const selected = report.flows.find((f) => keyOf(f) === picked) ?? report.flows[0];
  const n = (v: number) => formatNumber(v, locale);
  const title = (f: FlowFigures) => t('analytics.flows.nameVersion', { name: f.name, version: f.version });

  return (
    <div className="space-y-6">
      <Card>
        <CardHeader title={t('analytics.flows.title')} description={t('analytics.flows.description')} />
        <Table dense minWidth="min-w-[52rem]" data-testid="table-flows">
          <THead>
            <tr>
              {(['name', 'runs', 'completionRate', 'handedOff', 'failed', 'stopped', 'duration'] as const).map((k) => (
                <TH key={k} className={cn(k !== 'name' && 'text-end')}>
                  {t(`analytics.flows.${k}`)}
                </TH>
              ))}
            </tr>
          </THead>
          <TBody>
            {report.flows.map((f) => (
              <TR
                key={keyOf(f)}
                data-testid="flow-row"
                className={cn('cursor-pointer', selected && keyOf(f) === keyOf(selected) && 'bg-primary-50/50')}
                onClick={() => setPicked(keyOf(f))}
              >
                <TD className="font-medium text-slate-900" dir="auto">
                  {title(f)}
                </TD>
                <TD className="text-end tabular-nums">{n(f.started)}</TD>
                <TD className="text-end tabular-nums">{formatRatio(f.completionRate, locale)}</TD>
                <TD className="text-end tabular-nums">{n(f.handedOff)}</TD>
                <TD className={cn('text-end tabular-nums', f.failed > 0 && 'text-danger-700')}>{n(f.failed)}</TD>
                <TD className="text-end tabular-nums">{n(f.stopped)}</TD>
                <TD className="text-end whitespace-nowrap tabular-nums">{formatSeconds(f.duration.median, locale)}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      </Card>

      {selected && (
        <Card>
          <CardHeader
            title={t('analytics.flows.dropOff')}
            description={t('analytics.flows.dropOffHint')}
            actions={
              <Select
                controlSize="sm"
                value={keyOf(selected)}
                onChange={(e) => setPicked(e.target.value)}
                aria-label={t('analytics.flows.pick')}
                data-testid="pick-flow"
                className="max-w-[16rem]"
              >
                {report.flows.map((f) => (
                  <option key={keyOf(f)} value={keyOf(f)}>
                    {title(f)}
                  </option>
                ))}
              </Select>
            }
          />
          <CardBody>
            <DropOff flow={selected} />
          </CardBody>
        </Card>
      )}
    </div>
  );
}
