//! The campaigns started in the range: a row each with its funnel (sent → delivered → read → replied, as shares of
//! those sent), failures and cost; the selected campaign's funnel as bars and its failures by reason.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Cell, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Card, CardBody, CardHeader, Select, Table, TBody, TD, TH, THead, TR } from '../../../components/ui';
import { cn } from '../../../lib/cn';
import { formatRatio, share } from '../../../lib/figures';
import { formatDate, formatNumber } from '../../../lib/format';
import { funnel } from '../figures';
import { formatAmount } from '../format';
import type { CampaignFigures, CampaignReport } from '../types';
import { ChartFrame } from './ChartFrame';
import { AXIS_TICK, GRID, PALETTE, useRtl } from './chartStyle';


function Funnel({ campaign }: { campaign: CampaignFigures }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const rtl = useRtl();
  const data = funnel(campaign).map((f) => ({ ...f, name: t(`analytics.campaigns.${f.step}`) }));
  const n = (v: unknown) => formatNumber(Number(v), locale);
  return (
    <div>
      <ChartFrame testId="chart-funnel" label={t('analytics.campaigns.funnelOf', { name: campaign.name })} height="h-52">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} layout="vertical" margin={{ top: 4, right: 40, bottom: 4, left: 40 }}>
            <CartesianGrid horizontal={false} stroke={GRID} />
            <XAxis type="number" reversed={rtl} allowDecimals={false} tick={AXIS_TICK} tickLine={false} axisLine={false} tickFormatter={n} />
            <YAxis type="category" dataKey="name" orientation={rtl ? 'right' : 'left'} width={80} tick={AXIS_TICK} tickLine={false} axisLine={false} />
            <Tooltip formatter={n} cursor={{ fill: 'rgba(124, 58, 237, 0.06)' }} />
            <Bar dataKey="count" name={t('analytics.campaigns.people')} radius={4} maxBarSize={28} isAnimationActive={false}>
              {data.map((d, i) => (
                <Cell key={d.step} fill={PALETTE[i]} />
              ))}
              <LabelList dataKey="count" position={rtl ? 'left' : 'right'} formatter={n} style={{ fontSize: 11, fill: '#334155' }} />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </ChartFrame>
      <ul className="mt-3 grid grid-cols-2 gap-2 text-sm sm:grid-cols-4" data-testid="funnel-numbers">
        {data.map((d) => (
          <li key={d.step} className="rounded-xl bg-slate-50 px-3 py-2" data-step={d.step}>
            <span className="block text-xs text-slate-500">{d.name}</span>
            <span className="font-semibold text-slate-900 tabular-nums">{n(d.count)}</span>{' '}
            <span className="text-xs text-slate-500">({formatRatio(d.rate, locale)})</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Failures({ campaign }: { campaign: CampaignFigures }) {
  const { t, i18n } = useTranslation();
  if (campaign.failures.length === 0) return <p className="text-sm text-slate-500">{t('analytics.campaigns.noFailures')}</p>;
  return (
    <ul className="divide-y divide-slate-100 text-sm" data-testid="list-failures">
      {campaign.failures.map((f) => (
        <li key={f.code} className="flex items-start justify-between gap-3 py-2">
          <span className="min-w-0">
            <code className="me-2 rounded bg-danger-50 px-1.5 py-0.5 font-mono text-xs text-danger-800" dir="ltr">
              {f.code}
            </code>
            <span className="text-slate-600" dir="auto">
              {f.reason ?? t('analytics.campaigns.noReason')}
            </span>
          </span>
          <span className="shrink-0 font-medium text-slate-900 tabular-nums">{formatNumber(f.count, i18n.language)}</span>
        </li>
      ))}
    </ul>
  );
}

export function CampaignsTab({ report }: { report: CampaignReport }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const [picked, setPicked] = useState<string | null>(null);
  const selected = report.campaigns.find((c) => c.campaignId === picked) ?? report.campaigns[0];
  const n = (v: number) => formatNumber(v, locale);
  const withRate = (v: number, whole: number) => (
    <>
      {n(v)} <span className="text-xs text-slate-400">{formatRatio(share(v, whole), locale)}</span>
    </>
  );

  return (
    <div className="space-y-6">
      <Card>
        <CardHeader title={t('analytics.campaigns.title')} description={t('analytics.campaigns.description')} />
        <Table dense minWidth="min-w-[56rem]" data-testid="table-campaigns">
          <THead>
            <tr>
              {(['name', 'started', 'sent', 'delivered', 'read', 'replied', 'failed', 'cost'] as const).map((k) => (
                <TH key={k} className={cn(k !== 'name' && k !== 'started' && 'text-end')}>
                  {t(`analytics.campaigns.${k}`)}
                </TH>
              ))}
            </tr>
          </THead>
          <TBody>
            {report.campaigns.map((c) => (
              <TR
                key={c.campaignId}
                data-testid="campaign-row"
                className={cn('cursor-pointer', c.campaignId === selected?.campaignId && 'bg-primary-50/50')}
                onClick={() => setPicked(c.campaignId)}
              >
                <TD className="font-medium text-slate-900" dir="auto">
                  {c.name}
                </TD>
                <TD className="whitespace-nowrap text-slate-500">{formatDate(c.startedAt, locale)}</TD>
                <TD className="text-end tabular-nums">{n(c.sent)}</TD>
                <TD className="text-end whitespace-nowrap tabular-nums">{withRate(c.delivered, c.sent)}</TD>
                <TD className="text-end whitespace-nowrap tabular-nums">{withRate(c.read, c.sent)}</TD>
                <TD className="text-end whitespace-nowrap tabular-nums">{withRate(c.replied, c.sent)}</TD>
                <TD className={cn('text-end tabular-nums', c.failed > 0 && 'text-danger-700')}>{n(c.failed)}</TD>
                <TD className="text-end whitespace-nowrap tabular-nums">{formatAmount(c.cost, locale, report.currency)}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      </Card>

      {selected && (
        <div className="grid gap-6 lg:grid-cols-5">
          <Card className="min-w-0 lg:col-span-3">
            <CardHeader
              title={t('analytics.campaigns.funnel')}
              actions={
                <Select
                  controlSize="sm"
                  value={selected.campaignId}
                  onChange={(e) => setPicked(e.target.value)}
                  aria-label={t('analytics.campaigns.pick')}
                  data-testid="pick-campaign"
                  className="max-w-[16rem]"
                >
                  {report.campaigns.map((c) => (
                    <option key={c.campaignId} value={c.campaignId}>
                      {c.name}
                    </option>
                  ))}
                </Select>
              }
            />
            <CardBody>
              <Funnel campaign={selected} />
            </CardBody>
          </Card>
          <Card className="min-w-0 lg:col-span-2">
            <CardHeader title={t('analytics.campaigns.failures')} />
            <CardBody>
              <Failures campaign={selected} />
            </CardBody>
          </Card>
        </div>
      )}
    </div>
  );
}
