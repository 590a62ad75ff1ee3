//! /app/agency/billing: who pays for the agency's clients (explained, switched by owners, with what happened to
//! each client), the pooled usage against the agency's plan broken down by workspace, and each client's own billing
//! state. Loads on demand; its route loads its strings (`loadAgencyBillingStrings`) and the agency tabs'.
import { useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Alert, Badge, Card, CardBody, CardHeader, ConfirmModal, EmptyState, PageHeader, QueryView } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { cn } from '../../../lib/cn';
import { formatDate, formatNumber } from '../../../lib/format';
import { useSession } from '../../auth';
import { SubscriptionStatusBadge } from '../../billing/components/Badges';
import { UsageMeters } from '../../billing/components/UsageMeters';
import { formatPercent } from '../../billing/format';
import { AgencyTabs } from './AgencyTabs';
import {
  shareRows,
  useAgencyBilling,
  useSwitchBillingMode,
  type AgencyBilling,
  type ClientBillingState,
  type ClientSwitch,
} from './AgencyBillingApi';

type Mode = AgencyBilling['billingMode'];
const MODES: Mode[] = ['agency', 'client'];

export function AgencyBillingPage() {
  const { t } = useTranslation();
  const billing = useAgencyBilling();
  return (
    <div data-testid="agency-billing">
      <PageHeader title={t('agency.title')} description={t('agencyBilling.subtitle')} />
      <AgencyTabs />
      <QueryView query={billing}>
        {(b) => (
          <div className="space-y-6">
            <ModeCard b={b} />
            <PoolCard b={b} />
            <ClientsCard clients={b.clients} mode={b.billingMode} />
          </div>
        )}
      </QueryView>
    </div>
  );
}

function ModeCard({ b }: { b: AgencyBilling }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const owner = useSession().role === 'owner';
  const save = useSwitchBillingMode();
  const [asked, setAsked] = useState<Mode | null>(null);
  const days = b.clientTrialDays;
  return (
    <Card>
      <CardHeader title={t('agencyBilling.mode.title')} description={t('agencyBilling.mode.hint')} />
      <CardBody className="space-y-3">
        <div role="radiogroup" aria-label={t('agencyBilling.mode.title')} className="grid gap-3 md:grid-cols-2">
          {MODES.map((m) => {
            const unavailable = m === 'client' && !b.cardBilling;
            const current = b.billingMode === m;
            return (
              <label
                key={m}
                className={cn(
                  'flex items-start gap-3 rounded-xl border border-slate-200 p-4 has-[:checked]:border-primary-400 has-[:checked]:bg-primary-50/50',
                  owner && !unavailable ? 'cursor-pointer' : 'cursor-default',
                )}
                data-testid={`agency-billing-mode-${m}`}
              >
                <input
                  type="radio"
                  name="agency-billing-mode"
                  value={m}
                  checked={current}
                  disabled={!owner || unavailable || save.isPending}
                  onChange={() => setAsked(m)}
                  className="mt-1 size-4 shrink-0"
                />
                <span className="min-w-0 space-y-1">
                  <span className="flex flex-wrap items-center gap-2">
                    <span className="text-sm font-semibold text-slate-900">{t(`agencyBilling.mode.${m}.label`)}</span>
                    {current && <Badge tone="primary">{t('agencyBilling.mode.current')}</Badge>}
                  </span>
                  <span className="block text-sm text-slate-600">{t(`agencyBilling.mode.${m}.body`, { count: days, days })}</span>
                  {unavailable && <span className="block text-xs text-slate-500">{t('agencyBilling.mode.client.unavailable')}</span>}
                </span>
              </label>
            );
          })}
        </div>
        {!owner && <p className="text-xs text-slate-500">{t('agencyBilling.mode.ownerOnly')}</p>}
        {b.switched.length > 0 && <Switched rows={b.switched} />}
      </CardBody>
      <ConfirmModal
        open={asked !== null}
        title={t('agencyBilling.mode.confirmTitle')}
        body={asked === 'client' ? t('agencyBilling.mode.confirmToClient', { count: days, days }) : t('agencyBilling.mode.confirmToAgency')}
        confirmLabel={t('agencyBilling.mode.confirm')}
        loading={save.isPending}
        error={save.isError ? errorText(save.error) : null}
        onClose={() => {
          setAsked(null);
          save.reset();
        }}
        onConfirm={() => asked && save.mutate(asked, { onSuccess: () => setAsked(null) })}
      />
    </Card>
  );
}

function Switched({ rows }: { rows: ClientSwitch[] }) {
  const { t } = useTranslation();
  const failed = rows.some((r) => r.outcome === 'failed');
  return (
    <Alert tone={failed ? 'warning' : 'success'} title={t('agencyBilling.switched.title')}>
      <ul className="mt-1 space-y-1" data-testid="agency-billing-switched">
        {rows.map((r) => (
          <li key={r.clientId} className="flex flex-wrap justify-between gap-x-3" data-outcome={r.outcome}>
            <span className="font-medium" dir="auto">
              {r.name}
            </span>
            <span>{t(`agencyBilling.switched.outcomes.${r.outcome}`, { defaultValue: r.outcome })}</span>
          </li>
        ))}
      </ul>
    </Alert>
  );
}

function PoolCard({ b }: { b: AgencyBilling }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const rows = shareRows(b);
  const n = (v: number) => formatNumber(v, lng);
  const hint = b.billingMode === 'agency' ? t('agencyBilling.pool.hint', { date: formatDate(b.periodStart, lng) }) : t('agencyBilling.pool.clientMode');
  return (
    <Card>
      <CardHeader title={t('agencyBilling.pool.title')} description={hint} />
      <CardBody className="space-y-6">
        <UsageMeters usage={b.pool.map((m) => ({ ...m, monthly: true }))} />
        <div>
          <h3 className="mb-2 text-sm font-semibold text-slate-800">{t('agencyBilling.pool.byWorkspace')}</h3>
          {rows.every((r) => r.messages === 0 && r.campaigns === 0) && <p className="mb-2 text-sm text-slate-500">{t('agencyBilling.pool.empty')}</p>}
          <ul className="divide-y divide-slate-100 rounded-xl border border-slate-100" data-testid="pool-shares">
            {rows.map((r) => (
              <li key={r.key} className="space-y-1.5 px-4 py-3" data-testid="pool-share" data-own={r.own}>
                <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 text-sm">
                  <span className="min-w-0 font-medium break-words text-slate-900" dir="auto">
                    {r.own ? t('agencyBilling.pool.you', { name: r.name }) : r.name}
                  </span>
                  <span className="text-slate-600 tabular-nums">
                    {t('agencyBilling.pool.messages')} {n(r.messages)} · {t('agencyBilling.pool.campaigns')} {n(r.campaigns)}
                  </span>
                </div>
                <div className="flex items-center gap-3">
                  <div
                    className="h-1.5 flex-1 overflow-hidden rounded-full bg-slate-100"
                    role="img"
                    aria-label={`${t('agencyBilling.pool.share')}: ${formatPercent(r.share, lng)}`}
                  >
                    <div className={cn('h-full rounded-full', r.own ? 'bg-primary-600' : 'bg-primary-300')} style={{ width: `${Math.round(r.share * 100)}%` }} />
                  </div>
                  <span className="w-12 text-end text-xs text-slate-500 tabular-nums">{formatPercent(r.share, lng)}</span>
                </div>
              </li>
            ))}
          </ul>
        </div>
      </CardBody>
    </Card>
  );
}

function ClientsCard({ clients, mode }: { clients: ClientBillingState[]; mode: Mode }) {
  const { t, i18n } = useTranslation();
  const date = (iso: string | null | undefined) => formatDate(iso, i18n.language);
  return (
    <Card>
      <CardHeader title={t('agencyBilling.clients.title')} />
      {clients.length === 0 ? (
        <EmptyState icon="users" title={t('agencyBilling.clients.empty')} />
      ) : (
        <ul className="divide-y divide-slate-100" data-testid="client-billing">
          {clients.map((c) => (
            <li key={c.clientId} className="flex flex-col gap-2 px-5 py-3 sm:flex-row sm:items-center sm:justify-between" data-testid="client-billing-row">
              <div className="min-w-0">
                <p className="font-medium break-words text-slate-900" dir="auto">
                  {c.name}
                </p>
                <p className="text-xs text-slate-500">{when(c, t, date)}</p>
              </div>
              <div className="flex flex-wrap items-center gap-2">
                <SubscriptionStatusBadge status={c.status} />
                {c.paysByCard ? (
                  <Badge tone="success">{t('agencyBilling.clients.paysByCard')}</Badge>
                ) : (
                  mode === 'agency' && <Badge tone="neutral">{t('agencyBilling.clients.billedToYou')}</Badge>
                )}
                {c.access === 'restricted' || c.access === 'suspended' ? <Badge tone="danger">{t(`billing.access.${c.access}`)}</Badge> : null}
              </div>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function when(c: ClientBillingState, t: TFunction, date: (iso: string | null | undefined) => string): string {
  if (c.status === 'trialing' && c.trialEnd) {
    const trial = t('agencyBilling.clients.trialUntil', { date: date(c.trialEnd) });
    return c.hasPaymentMethod ? trial : `${trial} · ${t('agencyBilling.clients.noCard')}`;
  }
  if (c.paysByCard && c.currentPeriodEnd) {
    return c.cancelAtPeriodEnd ? t('agencyBilling.clients.ends', { date: date(c.currentPeriodEnd) }) : t('agencyBilling.clients.renews', { date: date(c.currentPeriodEnd) });
  }
  return '';
}
