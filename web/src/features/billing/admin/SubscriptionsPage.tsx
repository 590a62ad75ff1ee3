import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge, Card, CardHeader, EmptyState, PageHeader, QueryView, SearchInput, Select, TBody, TD, TR, Table, TableHeader } from '../../../components/ui';
import { formatDate, formatNumber } from '../../../lib/format';
import { StatCard } from '../../dashboard/components/StatCard';
import { AccessBadge, SubscriptionStatusBadge } from '../components/Badges';
import { formatPercent } from '../format';
import { formatMinor } from '../money';
import { isCycle, type SubscriptionsOverview, type SubscriptionSummary } from '../types';
import { useSubscriptionsOverview } from './hooks';

const FILTERS = ['all', 'trialing', 'active', 'past_due', 'canceled', 'none'] as const;
type Filter = (typeof FILTERS)[number];

function matches(s: SubscriptionSummary, filter: Filter, q: string): boolean {
  if (filter !== 'all' && (filter === 'past_due' ? !['past_due', 'unpaid'].includes(s.status) : s.status !== filter)) return false;
  return !q || s.tenantName.toLowerCase().includes(q.toLowerCase()) || (s.planName ?? '').toLowerCase().includes(q.toLowerCase());
}

function Figures({ data }: { data: SubscriptionsOverview }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const n = (v: number) => formatNumber(v, lng);
  return (
    <div className="space-y-4">
      <Card className="p-5" data-testid="mrr">
        <p className="text-sm font-medium text-slate-500">{t('adminBilling.subscriptions.mrr')}</p>
        {data.mrr.length === 0 ? (
          <p className="mt-2 text-3xl font-semibold text-slate-300">—</p>
        ) : (
          <div className="mt-2 flex flex-wrap gap-x-8 gap-y-2">
            {[...data.mrr]
              .sort((a, b) => b.amount - a.amount)
              .map((m) => (
                <p key={m.currency} className="text-3xl font-semibold tracking-tight text-slate-900 tabular-nums" data-testid="mrr-amount">
                  {formatMinor(m.amount, m.currency, lng)}
                </p>
              ))}
          </div>
        )}
        <p className="mt-1 text-xs text-slate-500">{t('adminBilling.subscriptions.mrrHint')}</p>
      </Card>
      <div className="grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-5">
        <StatCard label={t('adminBilling.subscriptions.active')} value={n(data.active)} icon="check" tone="success" testId="stat-active" />
        <StatCard label={t('adminBilling.subscriptions.trialing')} value={n(data.trialing)} icon="clock" tone="primary" testId="stat-trialing" />
        <StatCard label={t('adminBilling.subscriptions.pastDue')} value={n(data.pastDue)} icon="alert" tone="accent" testId="stat-past-due" />
        <StatCard label={t('adminBilling.subscriptions.canceled')} value={n(data.canceled)} icon="close" tone="secondary" testId="stat-canceled" />
        <Card className="col-span-2 p-5 lg:col-span-1" data-testid="stat-churn">
          <p className="text-sm font-medium text-slate-500">{t('adminBilling.subscriptions.churn')}</p>
          <p className="mt-2 text-3xl font-semibold tracking-tight text-slate-900 tabular-nums">{formatPercent(data.churnThisMonth, lng)}</p>
          <p className="mt-1 text-xs text-slate-500">{t('adminBilling.subscriptions.canceledThisMonth', { n: n(data.canceledThisMonth) })}</p>
        </Card>
      </div>
    </div>
  );
}

/** `/admin/billing`: monthly recurring revenue per currency, subscriptions by state, churn, and every workspace's subscription. */
export function SubscriptionsPage() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const overview = useSubscriptionsOverview();
  const [filter, setFilter] = useState<Filter>('all');
  const [q, setQ] = useState('');

  return (
    <div data-testid="subscriptions-page">
      <PageHeader title={t('adminBilling.subscriptions.title')} description={t('adminBilling.subscriptions.subtitle')} />
      <QueryView query={overview}>
        {(data) => {
          const rows = data.subscriptions.filter((s) => matches(s, filter, q.trim()));
          return (
            <div className="space-y-6">
              <Figures data={data} />
              <Card>
                <CardHeader
                  title={t('adminBilling.subscriptions.workspaces')}
                  actions={
                    <div className="flex w-full flex-col gap-2 sm:w-auto sm:flex-row">
                      <SearchInput value={q} onChange={setQ} label={t('adminBilling.subscriptions.search')} className="sm:w-64" />
                      <Select value={filter} onChange={(e) => setFilter(e.target.value as Filter)} aria-label={t('adminBilling.subscriptions.filter')} className="sm:w-44" data-testid="status-filter">
                        {FILTERS.map((f) => (
                          <option key={f} value={f}>
                            {f === 'all' ? t('adminBilling.subscriptions.all') : t(`billing.status.${f}`)}
                          </option>
                        ))}
                      </Select>
                    </div>
                  }
                />
                {rows.length === 0 ? (
                  <EmptyState icon="building" title={t('adminBilling.subscriptions.empty')} />
                ) : (
                  <Table data-testid="subscriptions-table">
                    <TableHeader
                      columns={[
                        t('adminBilling.subscriptions.workspace'),
                        t('adminBilling.subscriptions.plan'),
                        t('common.status'),
                        t('adminBilling.subscriptions.mrrColumn'),
                        t('adminBilling.subscriptions.periodEnd'),
                      ]}
                    />
                    <TBody>
                      {rows.map((s) => (
                        <TR key={s.tenantId} data-testid="subscription-row">
                          <TD>
                            <Link to={`/admin/tenants/${s.tenantId}`} className="font-medium text-primary-700 hover:underline" dir="auto">
                              {s.tenantName}
                            </Link>
                          </TD>
                          <TD>
                            <p className="text-slate-800" dir="auto">
                              {s.planName ?? '—'}
                            </p>
                            {s.planName && (
                              <p className="text-xs text-slate-500">
                                {isCycle(s.cycle) ? t(`billing.cycles.${s.cycle}`) : s.cycle}
                                {s.gateway === 'manual' ? ` · ${t('adminBilling.gateways.manual')}` : ''}
                              </p>
                            )}
                          </TD>
                          <TD>
                            <div className="flex flex-wrap items-center gap-1.5">
                              <SubscriptionStatusBadge status={s.status} />
                              <AccessBadge access={s.access} />
                              {s.complimentary && <Badge tone="secondary">{t('billing.current.complimentary')}</Badge>}
                              {s.cancelAtPeriodEnd && <Badge tone="warning">{t('adminBilling.subscriptions.cancelling')}</Badge>}
                            </div>
                          </TD>
                          <TD className="whitespace-nowrap tabular-nums">{s.mrr > 0 && s.currency ? formatMinor(s.mrr, s.currency, lng) : '—'}</TD>
                          <TD className="whitespace-nowrap text-slate-600">
                            {s.status === 'trialing' && s.trialEnd
                              ? t('adminBilling.subscriptions.trialEnds', { date: formatDate(s.trialEnd, lng) })
                              : formatDate(s.currentPeriodEnd, lng)}
                          </TD>
                        </TR>
                      ))}
                    </TBody>
                  </Table>
                )}
              </Card>
            </div>
          );
        }}
      </QueryView>
    </div>
  );
}
