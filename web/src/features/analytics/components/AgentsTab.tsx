//! Per agent: conversations handled, messages sent, response and resolution medians, resolution rate and time on
//! line, as a table sortable by any column, with conversations handled drawn as bars.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Card, CardBody, CardHeader, Icon, Table, TBody, TD, TH, THead, TR } from '../../../components/ui';
import { cn } from '../../../lib/cn';
import { formatRatio, formatSeconds } from '../../../lib/figures';
import { formatNumber } from '../../../lib/format';
import { AGENT_COLUMNS, sortAgents, type Column, type Sort } from '../figures';
import type { AgentFigures, AgentReport } from '../types';
import { ChartFrame } from './ChartFrame';
import { AXIS_TICK, GRID, PALETTE, useRtl } from './chartStyle';


export function AgentsTab({ report }: { report: AgentReport }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const rtl = useRtl();
  const [sort, setSort] = useState<Sort>({ key: 'handled', desc: true });
  const rows = useMemo(() => sortAgents(report.agents, sort, locale), [report.agents, sort, locale]);
  const show = (c: Column, a: AgentFigures) => {
    const v = c.value(a);
    if (c.kind === 'text') return String(v);
    if (c.kind === 'duration') return formatSeconds(v as number | null, locale);
    if (c.kind === 'ratio') return formatRatio(v as number | null, locale);
    return formatNumber(Number(v ?? 0), locale);
  };
  const chart = [...report.agents].sort((a, b) => b.conversationsHandled - a.conversationsHandled).slice(0, 15);
  const n = (v: unknown) => formatNumber(Number(v), locale);

  return (
    <div className="space-y-6">
      <Card>
        <CardHeader title={t('analytics.agents.chart')} description={t('analytics.agents.chartHint')} />
        <CardBody>
          <ChartFrame testId="chart-agents" label={t('analytics.agents.chart')} height="">
            <div style={{ height: Math.max(160, chart.length * 34 + 40) }}>
              <ResponsiveContainer width="100%" height="100%">
                <BarChart data={chart} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 16 }}>
                  <CartesianGrid horizontal={false} stroke={GRID} />
                  <XAxis type="number" reversed={rtl} allowDecimals={false} tick={AXIS_TICK} tickLine={false} axisLine={false} tickFormatter={n} />
                  <YAxis type="category" dataKey="name" orientation={rtl ? 'right' : 'left'} width={110} tick={AXIS_TICK} tickLine={false} axisLine={false} />
                  <Tooltip formatter={n} cursor={{ fill: 'rgba(124, 58, 237, 0.06)' }} />
                  <Bar dataKey="conversationsHandled" name={t('analytics.agents.handled')} fill={PALETTE[0]} radius={4} maxBarSize={22} isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </div>
          </ChartFrame>
        </CardBody>
      </Card>
      <Card>
        <CardHeader title={t('analytics.agents.title')} description={t('analytics.agents.sortHint')} />
        <Table dense minWidth="min-w-[52rem]" data-testid="table-agents">
          <THead>
            <tr>
              {AGENT_COLUMNS.map((c) => {
                const active = sort.key === c.key;
                return (
                  <TH key={c.key} aria-sort={active ? (sort.desc ? 'descending' : 'ascending') : 'none'} className={cn(c.kind !== 'text' && 'text-end')}>
                    <button
                      type="button"
                      className={cn('inline-flex items-center gap-1 uppercase hover:text-slate-800', active && 'text-primary-700')}
                      onClick={() => setSort({ key: c.key, desc: active ? !sort.desc : c.kind !== 'text' })}
                      data-testid={`sort-${c.key}`}
                    >
                      {t(`analytics.agents.${c.key}` as 'analytics.agents.name')}
                      {active && <Icon name="chevronDown" className={cn('size-3.5', !sort.desc && 'rotate-180')} />}
                    </button>
                  </TH>
                );
              })}
            </tr>
          </THead>
          <TBody>
            {rows.map((a) => (
              <TR key={a.agentId} data-testid="agent-row">
                {AGENT_COLUMNS.map((c) => (
                  <TD key={c.key} className={cn(c.kind === 'text' ? 'font-medium text-slate-900' : 'text-end whitespace-nowrap tabular-nums')} dir={c.kind === 'text' ? 'auto' : undefined}>
                    {show(c, a)}
                  </TD>
                ))}
              </TR>
            ))}
          </TBody>
        </Table>
      </Card>

    </div>
  );
}
