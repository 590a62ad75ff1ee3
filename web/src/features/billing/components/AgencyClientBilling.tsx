//! The billing page of an agency's client workspace (its own chunk, with its strings): billed through the agency
//! (nothing to pay; the agency's restriction explained), or paying one of the agency's plans by card (trial, the
//! agency's plans with Subscribe -> Checkout, the customer portal, invoices under the agency's name). Usage against
//! the workspace's own limits either way.
import { useTranslation } from 'react-i18next';
import { Alert, Badge, Button, Card, CardBody, CardHeader, EmptyState, QueryView } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { cn } from '../../../lib/cn';
import { formatDate, formatNumber } from '../../../lib/format';
import { clientState, useAgencyCheckout, useClientBilling, type ClientBilling, type OfferedPlan } from '../agencyClient';
import { inDays } from '../format';
import { useBillingActions, useInvoices } from '../hooks';
import { formatMinor } from '../money';
import { LIMIT_KEYS } from '../types';
import { AccessBadge, SubscriptionStatusBadge } from './Badges';
import { InvoiceTable } from './InvoiceTable';
import { UsageMeters } from './UsageMeters';

export function AgencyClientBilling({ isOwner }: { isOwner: boolean }) {
  const billing = useClientBilling();
  return <QueryView query={billing}>{(b) => <Page b={b} isOwner={isOwner} />}</QueryView>;
}

function Page({ b, isOwner }: { b: ClientBilling; isOwner: boolean }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const errorText = useErrorText();
  const { portal } = useBillingActions();
  const checkout = useAgencyCheckout();
  const state = clientState(b);
  const agency = b.agency.productName || b.agency.name;
  const o = b.overview;
  const date = (iso: string | null | undefined) => formatDate(iso, lng);
  const price = (p: OfferedPlan) => t('agencyBilling.client.perMonth', { price: formatMinor(p.monthlyAmount, p.currency, lng) });
  return (
    <>
      <Card data-testid="agency-client-billing" data-state={state.kind}>
        <CardBody className="space-y-4">
          <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
            <div className="min-w-0 space-y-1">
              <p className="text-xs font-semibold tracking-wide text-slate-500 uppercase" data-testid="billed-through">
                {t('agencyBilling.client.billedThrough', { agency })}
              </p>
              <div className="flex flex-wrap items-center gap-2">
                <h2 className="text-xl font-semibold text-slate-900" dir="auto" data-testid="current-plan-name">
                  {b.plan?.name ?? t('agencyBilling.client.noPlan')}
                </h2>
                {state.kind !== 'agencyPays' && <SubscriptionStatusBadge status={o.status} />}
                <AccessBadge access={o.access} />
              </div>
              {b.plan && state.kind !== 'agencyPays' && b.plan.monthlyAmount > 0 && <p className="text-sm text-slate-600">{price(b.plan)}</p>}
            </div>
          </div>
          <div className="space-y-1 text-sm text-slate-600" data-testid="agency-client-state">
            {state.kind === 'agencyPays' && <p>{t('agencyBilling.client.agencyPays', { agency })}</p>}
            {state.kind !== 'agencyPays' && <p>{t('agencyBilling.client.clientPays', { agency })}</p>}
            {state.kind === 'choose' && state.trialEnd && !state.paused && (
              <p>{t('agencyBilling.client.trialEnds', { when: inDays(state.trialDaysLeft ?? 0, lng), date: date(state.trialEnd) })}</p>
            )}
            {state.kind === 'subscribed' && state.renews && <p>{t('agencyBilling.client.active', { date: date(state.renews) })}</p>}
            {state.kind === 'subscribed' && state.ends && <p>{t('agencyBilling.client.endsOn', { date: date(state.ends) })}</p>}
          </div>
          {state.kind === 'agencyPays' && state.blocked && <Alert tone="danger">{t(`agencyBilling.client.${state.blocked}`, { agency })}</Alert>}
          {state.kind === 'choose' && state.paused && <Alert tone="danger">{t('agencyBilling.client.paused')}</Alert>}
          {portal.isError && <Alert tone="danger">{errorText(portal.error)}</Alert>}
        </CardBody>
      </Card>

      <Card>
        <CardHeader title={t('agencyBilling.client.usage')} />
        <CardBody>
          <UsageMeters usage={o.usage} />
        </CardBody>
      </Card>

      {state.kind === 'choose' && (
        <Card>
          <CardHeader title={t('agencyBilling.client.offer', { agency })} description={isOwner ? undefined : t('agencyBilling.client.ownerOnly')} />
          <CardBody className="space-y-3">
            {checkout.isError && <Alert tone="danger">{errorText(checkout.error)}</Alert>}
            <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" data-testid="agency-offer">
              {b.offer.map((p) => {
                const current = p.id === b.plan?.id;
                return (
                  <li
                    key={p.id}
                    className={cn('flex flex-col gap-3 rounded-xl border p-4', current ? 'border-primary-300 bg-primary-50/40' : 'border-slate-200')}
                    data-testid="agency-offer-plan"
                    data-plan-id={p.id}
                  >
                    <div className="flex flex-wrap items-center justify-between gap-2">
                      <h3 className="font-semibold text-slate-900" dir="auto">
                        {p.name}
                      </h3>
                      {current && <Badge tone="primary">{t('agencyBilling.client.current')}</Badge>}
                    </div>
                    <p className="text-lg font-semibold text-slate-900">{price(p)}</p>
                    {p.description && (
                      <p className="text-sm text-slate-600" dir="auto">
                        {p.description}
                      </p>
                    )}
                    <ul className="space-y-1 text-sm text-slate-600">
                      {LIMIT_KEYS.filter((k) => p.limits[k] != null).map((k) => (
                        <li key={k}>
                          {t(`billing.limits.${k}`)}: {formatNumber(p.limits[k] ?? 0, lng)}
                        </li>
                      ))}
                    </ul>
                    {isOwner && (
                      <Button className="mt-auto" loading={checkout.isPending && checkout.variables === p.id} disabled={checkout.isPending} onClick={() => checkout.mutate(p.id)} data-testid="agency-subscribe">
                        {t('agencyBilling.client.subscribe')}
                      </Button>
                    )}
                  </li>
                );
              })}
            </ul>
          </CardBody>
        </Card>
      )}

      {isOwner && state.kind !== 'agencyPays' && <Invoices agency={agency} />}
    </>
  );
}

function Invoices({ agency }: { agency: string }) {
  const { t } = useTranslation();
  const invoices = useInvoices();
  return (
    <Card>
      <CardHeader title={t('agencyBilling.client.invoices', { agency })} />
      <QueryView query={invoices} isEmpty={(d) => d.length === 0} empty={<EmptyState icon="file" title={t('agencyBilling.client.invoicesEmpty')} />}>
        {(list) => <InvoiceTable invoices={list} />}
      </QueryView>
    </Card>
  );
}
