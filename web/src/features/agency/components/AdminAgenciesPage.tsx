//! /admin/agencies: every agency with its clients (how many, their states), their messages this month and connected
//! numbers, and the revenue of the agency and its clients (this month and all time, per currency).
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge, Card, EmptyState, PageHeader, QueryView, TBody, TD, TR, Table, TableHeader } from '../../../components/ui';
import { formatNumber } from '../../../lib/format';
import { formatMinor } from '../../billing/money';
import type { AdminAgency } from '../api';
import { useAdminAgencies } from '../hooks';

function Money({ amounts }: { amounts: AdminAgency['revenueTotal'] }) {
  const { i18n } = useTranslation();
  if (amounts.length === 0) return <span className="text-slate-400">—</span>;
  return (
    <span className="flex flex-col tabular-nums">
      {amounts.map((a) => (
        <span key={a.currency}>{formatMinor(a.amount, a.currency, i18n.language)}</span>
      ))}
    </span>
  );
}

export function AdminAgenciesPage() {
  const { t, i18n } = useTranslation();
  const agencies = useAdminAgencies();
  const n = (v: number) => formatNumber(v, i18n.language);
  return (
    <div data-testid="admin-agencies">
      <PageHeader title={t('agency.admin.title')} description={t('agency.admin.subtitle')} />
      <Card>
        <QueryView query={agencies} isEmpty={(d) => d.length === 0} empty={<EmptyState icon="building" title={t('agency.admin.empty')} description={t('agency.admin.emptyBody')} />}>
          {(rows) => (
            <Table dense minWidth="min-w-[56rem]" data-testid="agencies-table">
              <TableHeader
                columns={[
                  t('agency.admin.columns.agency'),
                  t('agency.admin.columns.clients'),
                  t('agency.admin.columns.messages'),
                  t('agency.admin.columns.numbers'),
                  t('agency.admin.columns.revenueMonth'),
                  t('agency.admin.columns.revenueTotal'),
                ]}
              />
              <TBody>
                {rows.map((a) => (
                  <TR key={a.tenantId} data-testid="agency-row">
                    <TD>
                      <Link to={`/admin/tenants/${a.tenantId}`} className="font-medium text-slate-900 hover:text-primary-700" dir="auto">
                        {a.name}
                      </Link>
                      <div className="mt-1 flex flex-wrap gap-1.5">
                        {a.status === 'suspended' && <Badge tone="danger">{t('tenantStatus.suspended')}</Badge>}
                        <Badge tone="neutral">{t(`agency.admin.mode.${a.billingMode}`)}</Badge>
                      </div>
                    </TD>
                    <TD>
                      <div className="tabular-nums">
                        {a.caps.maxClients == null ? n(a.clients) : `${n(a.clients)} / ${n(a.caps.maxClients)}`}
                      </div>
                      <div className="text-xs text-slate-500">
                        {[
                          t('agency.admin.statesActive', { count: a.activeClients, n: n(a.activeClients) }),
                          t('agency.admin.statesSuspended', { count: a.suspendedClients, n: n(a.suspendedClients) }),
                        ].join(' · ')}
                      </div>
                    </TD>
                    <TD className="tabular-nums">{n(a.messagesThisMonth)}</TD>
                    <TD className="tabular-nums">{n(a.numbersConnected)}</TD>
                    <TD>
                      <Money amounts={a.revenueThisMonth} />
                    </TD>
                    <TD>
                      <Money amounts={a.revenueTotal} />
                    </TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          )}
        </QueryView>
      </Card>
    </div>
  );
}
