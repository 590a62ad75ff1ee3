//! Contacts and deals: new contacts by source, opt-ins and opt-outs, deals won and lost with their values and the
//! win rate, and each pipeline stage's open deals and the time deals spent in it.
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Card, CardBody, CardHeader, Table, TBody, TD, TH, THead, TR } from '../../../components/ui';
import { cn } from '../../../lib/cn';
import { formatRatio, formatSeconds } from '../../../lib/figures';
import { formatNumber } from '../../../lib/format';
import { SOURCES } from '../figures';
import { formatAmount } from '../format';
import type { ContactReport } from '../types';
import { ChartFrame } from './ChartFrame';
import { AXIS_TICK, GRID, PALETTE, useRtl } from './chartStyle';
import { StatCard } from './StatCard';


export function ContactsTab({ report }: { report: ContactReport }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const rtl = useRtl();
  const n = (v: unknown) => formatNumber(Number(v), locale);
  const source = (key: string) => (SOURCES.includes(key) ? t(`analytics.contacts.source.${key}` as 'analytics.contacts.source.manual') : key);
  const bySource = report.newBySource.map((k) => ({ key: k.key, name: source(k.key), count: k.count }));

  return (
    <div className="space-y-6">
      <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">
        <StatCard metric="newContacts" label={t('analytics.contacts.newContacts')} value={n(report.newContacts)} />
        <StatCard metric="optIns" label={t('analytics.contacts.optIns')} value={n(report.optIns)} />
        <StatCard metric="optOuts" label={t('analytics.contacts.optOuts')} value={n(report.optOuts)} />
        <StatCard metric="dealsWon" label={t('analytics.contacts.dealsWon')} value={n(report.dealsWon)} hint={formatAmount(report.wonValue, locale)} />
        <StatCard metric="dealsLost" label={t('analytics.contacts.dealsLost')} value={n(report.dealsLost)} hint={formatAmount(report.lostValue, locale)} />
        <StatCard metric="winRate" label={t('analytics.contacts.winRate')} value={formatRatio(report.winRate, locale)} />
      </div>

      <Card>
        <CardHeader title={t('analytics.contacts.bySource')} />
        <CardBody>
          {bySource.length === 0 ? (
            <p className="text-sm text-slate-500">{t('analytics.contacts.noNewContacts')}</p>
          ) : (
            <div className="grid gap-6 md:grid-cols-2">
              <ChartFrame testId="chart-sources" label={t('analytics.contacts.bySource')} height="h-56">
                <ResponsiveContainer width="100%" height="100%">
                  <BarChart data={bySource} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
                    <CartesianGrid vertical={false} stroke={GRID} />
                    <XAxis dataKey="name" reversed={rtl} interval={0} tick={AXIS_TICK} tickLine={false} axisLine={false} />
                    <YAxis orientation={rtl ? 'right' : 'left'} allowDecimals={false} width={40} tick={AXIS_TICK} tickLine={false} axisLine={false} tickFormatter={n} />
                    <Tooltip formatter={n} cursor={{ fill: 'rgba(124, 58, 237, 0.06)' }} />
                    <Bar dataKey="count" name={t('analytics.contacts.newContacts')} radius={[4, 4, 0, 0]} maxBarSize={48} isAnimationActive={false}>
                      {bySource.map((d, i) => (
                        <Cell key={d.key} fill={PALETTE[i % PALETTE.length]} />
                      ))}
                    </Bar>
                  </BarChart>
                </ResponsiveContainer>
              </ChartFrame>
              <ul className="divide-y divide-slate-100 self-center text-sm" data-testid="list-sources">
                {bySource.map((d, i) => (
                  <li key={d.key} className="flex items-center justify-between gap-3 py-2" data-source={d.key}>
                    <span className="flex items-center gap-2 text-slate-700">
                      <span className="size-2.5 rounded-full" style={{ background: PALETTE[i % PALETTE.length] }} aria-hidden="true" />
                      {d.name}
                    </span>
                    <span className="font-medium tabular-nums">{n(d.count)}</span>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </CardBody>
      </Card>

      <Card>
        <CardHeader title={t('analytics.contacts.stages')} description={t('analytics.contacts.stagesHint')} />
        {report.stages.length === 0 ? (
          <CardBody>
            <p className="text-sm text-slate-500">{t('analytics.contacts.noStages')}</p>
          </CardBody>
        ) : (
          <Table dense minWidth="min-w-[40rem]" data-testid="table-stages">
            <THead>
              <tr>
                {(['pipeline', 'stage', 'openDeals', 'openValue', 'left', 'meanTime'] as const).map((k) => (
                  <TH key={k} className={cn(k !== 'pipeline' && k !== 'stage' && 'text-end')}>
                    {t(`analytics.contacts.${k}`)}
                  </TH>
                ))}
              </tr>
            </THead>
            <TBody>
              {report.stages.map((s) => (
                <TR key={s.stageId} data-testid="stage-row">
                  <TD className="text-slate-500" dir="auto">
                    {s.pipeline}
                  </TD>
                  <TD className="font-medium text-slate-900" dir="auto">
                    {s.name}
                  </TD>
                  <TD className="text-end tabular-nums">{n(s.openDeals)}</TD>
                  <TD className="text-end tabular-nums">{formatAmount(s.openValue, locale)}</TD>
                  <TD className="text-end tabular-nums">{n(s.left)}</TD>
                  <TD className="text-end whitespace-nowrap tabular-nums">{formatSeconds(s.meanSecondsInStage, locale)}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
    </div>
  );
}
