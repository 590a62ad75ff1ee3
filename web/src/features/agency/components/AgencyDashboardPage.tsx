//! /app/agency: the agency's client workspaces with plan, state, usage bars against their limits, numbers and last
//! activity (a table on wide screens, cards at phone width), and "New client".
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge, Button, Card, EmptyState, Icon, PageHeader, QueryView, TBody, TD, TR, Table, TableHeader } from '../../../components/ui';
import { formatNumber } from '../../../lib/format';
import type { ClientSummary } from '../api';
import { useAgency, useClients } from '../hooks';
import { AgencyTabs } from './AgencyTabs';
import { ClientStatusBadge, LastActivity, UsageBar } from './ClientBits';
import { CreateClientDialog } from './CreateClientDialog';

export function AgencyDashboardPage() {
  const { t, i18n } = useTranslation();
  const clients = useClients();
  const agency = useAgency();
  const [creating, setCreating] = useState(false);
  const max = agency.data?.caps.maxClients ?? null;
  const count = clients.data?.length ?? 0;
  const full = max !== null && count >= max;
  return (
    <div data-testid="agency-dashboard">
      <PageHeader
        title={t('agency.title')}
        description={
          max === null
            ? t('agency.dashboard.subtitle', { count, n: formatNumber(count, i18n.language) })
            : t('agency.dashboard.subtitleMax', { count: max, n: formatNumber(count, i18n.language), max: formatNumber(max, i18n.language) })
        }
        actions={
          <Button onClick={() => setCreating(true)} disabled={full} title={full ? t('agency.dashboard.full') : undefined} data-testid="new-client">
            <Icon name="plus" className="size-4" />
            {t('agency.dashboard.newClient')}
          </Button>
        }
      />
      <AgencyTabs />
      <Card>
        <QueryView
          query={clients}
          isEmpty={(d) => d.length === 0}
          empty={
            <EmptyState
              icon="building"
              title={t('agency.dashboard.empty')}
              description={t('agency.dashboard.emptyBody')}
              action={<Button onClick={() => setCreating(true)}>{t('agency.dashboard.newClient')}</Button>}
            />
          }
        >
          {(rows) => (
            <>
              <div className="hidden md:block">
                <ClientsTable rows={rows} />
              </div>
              <ul className="divide-y divide-slate-100 md:hidden" data-testid="client-cards">
                {rows.map((c) => (
                  <ClientCard key={c.id} c={c} />
                ))}
              </ul>
            </>
          )}
        </QueryView>
      </Card>
      {creating && <CreateClientDialog onClose={() => setCreating(false)} />}
    </div>
  );
}

function ClientsTable({ rows }: { rows: ClientSummary[] }) {
  const { t, i18n } = useTranslation();
  return (
    <Table dense minWidth="min-w-[52rem]" data-testid="clients-table">
      <TableHeader
        columns={[
          t('agency.dashboard.columns.client'),
          t('agency.dashboard.columns.plan'),
          t('agency.dashboard.columns.usage'),
          t('agency.dashboard.columns.numbers'),
          t('agency.dashboard.columns.lastActivity'),
        ]}
      />
      <TBody>
        {rows.map((c) => (
          <TR key={c.id} data-testid="client-row" data-client={c.id}>
            <TD>
              <Link to={`/app/agency/clients/${c.id}`} className="font-medium text-slate-900 hover:text-primary-700" dir="auto">
                {c.name}
              </Link>
              <div className="mt-1 flex flex-wrap items-center gap-1.5">
                <ClientStatusBadge status={c.status} />
                {c.access !== 'ok' && <Badge tone="warning">{t(`agency.access.${c.access as 'past_due'}`, { defaultValue: c.access })}</Badge>}
              </div>
            </TD>
            <TD dir="auto">{c.planName ?? t('agency.dashboard.noPlan')}</TD>
            <TD className="w-72">
              <div className="space-y-2">
                {c.usage.map((m) => (
                  <UsageBar key={m.key} meter={m} />
                ))}
              </div>
            </TD>
            <TD className="tabular-nums">{formatNumber(c.numbersConnected, i18n.language)}</TD>
            <TD className="whitespace-nowrap">
              <LastActivity at={c.lastActivityAt} />
            </TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}

function ClientCard({ c }: { c: ClientSummary }) {
  const { t, i18n } = useTranslation();
  return (
    <li className="space-y-3 p-4" data-testid="client-card">
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <Link to={`/app/agency/clients/${c.id}`} className="block truncate font-medium text-slate-900" dir="auto">
            {c.name}
          </Link>
          <p className="truncate text-sm text-slate-500" dir="auto">
            {c.planName ?? t('agency.dashboard.noPlan')}
          </p>
        </div>
        <ClientStatusBadge status={c.status} />
      </div>
      <div className="space-y-2">
        {c.usage.map((m) => (
          <UsageBar key={m.key} meter={m} />
        ))}
      </div>
      <div className="flex flex-wrap justify-between gap-2 text-xs text-slate-500">
        <span>{t('agency.dashboard.numbersN', { count: c.numbersConnected, n: formatNumber(c.numbersConnected, i18n.language) })}</span>
        <LastActivity at={c.lastActivityAt} />
      </div>
    </li>
  );
}
