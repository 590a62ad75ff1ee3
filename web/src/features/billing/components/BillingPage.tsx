import type { BillingCycle } from '../../../api/types';
import { lazy, Suspense, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Alert, Button, Card, CardBody, CardHeader, ConfirmModal, EmptyState, Icon, PageHeader, PageSpinner, QueryView } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { cn } from '../../../lib/cn';
import { formatDate } from '../../../lib/format';
import { useSession } from '../../auth';
import { inDays } from '../format';
import { useBillingActions, useBillingOverview, useInvoices } from '../hooks';
import { formatPricePerCycle, priceOf } from '../pricing';
import { canCancel, canResume, hasLiveSubscription, hasPortal, isManagedWithoutPlan } from '../state';
import { isCycle, type BillingOverview } from '../types';
import { AccessBadge, SubscriptionStatusBadge } from './Badges';
import { InvoiceTable } from './InvoiceTable';
import { PlanPicker } from './PlanPicker';
import { UsageMeters } from './UsageMeters';

type Notice = 'success' | 'cancelled' | null;

/** An agency's client sees its agency's plans instead of the platform's: its own chunk, with its strings. */
const AgencyClientBilling = lazy(async () => {
  const [m] = await Promise.all([import('./AgencyClientBilling'), import('../agencyClient').then((s) => s.loadAgencyBillingStrings())]);
  return { default: m.AgencyClientBilling };
});

function Callout({ tone, children, action }: { tone: 'danger' | 'warning' | 'info'; children: ReactNode; action?: ReactNode }) {
  const tones = {
    danger: 'border-danger-200 bg-danger-50 text-danger-800',
    warning: 'border-accent-200 bg-accent-50 text-accent-900',
    info: 'border-primary-100 bg-primary-50 text-primary-800',
  };
  return (
    <div className={cn('flex flex-col gap-3 rounded-xl border px-4 py-3 text-sm sm:flex-row sm:items-center sm:justify-between', tones[tone])} data-testid="billing-callout" data-tone={tone}>
      <div className="min-w-0 space-y-0.5">{children}</div>
      {action && <div className="flex shrink-0 flex-wrap gap-2">{action}</div>}
    </div>
  );
}

function CurrentPlan({ o, isOwner }: { o: BillingOverview; isOwner: boolean }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const errorText = useErrorText();
  const { cancel, resume, change, portal } = useBillingActions();
  const [confirmCancel, setConfirmCancel] = useState(false);
  const plan = o.plan ?? null;
  const amount = plan && isCycle(o.cycle) ? priceOf(plan, o.cycle) : null;
  const date = (iso: string | null | undefined) => formatDate(iso, lng);
  const payButton = isOwner && hasPortal(o) && (
    <Button size="sm" variant="danger" loading={portal.isPending} onClick={() => portal.mutate()} data-testid="fix-payment">
      {t('billing.current.fixPayment')}
    </Button>
  );
  const error = [cancel, resume, change, portal].find((m) => m.isError)?.error;

  return (
    <Card data-testid="current-plan">
      <CardBody className="space-y-4">
        <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
          <div className="min-w-0 space-y-1">
            <p className="text-xs font-semibold tracking-wide text-slate-500 uppercase">{t('billing.current.heading')}</p>
            <div className="flex flex-wrap items-center gap-2">
              <h2 className="text-xl font-semibold text-slate-900" dir="auto" data-testid="current-plan-name">
                {plan?.name ?? t('billing.current.noPlan')}
              </h2>
              {o.status !== 'none' && <SubscriptionStatusBadge status={o.status} />}
              <AccessBadge access={o.access} />
              {o.complimentary && <span className="text-xs font-medium text-primary-700">{t('billing.current.complimentary')}</span>}
            </div>
            {plan && amount !== null && !o.complimentary && (
              <p className="text-sm text-slate-600">{formatPricePerCycle(t, amount, plan.currency, o.cycle, lng)}</p>
            )}
            <div className="space-y-0.5 pt-1 text-sm text-slate-600" data-testid="current-plan-state">
              {o.status === 'trialing' && o.trialEnd && (
                <p>{t('billing.current.trialEnds', { when: inDays(o.trialDaysLeft ?? 0, lng), date: date(o.trialEnd) })}</p>
              )}
              {o.status === 'trialing' && !o.hasPaymentMethod && isOwner && o.mode === 'stripe' && (
                <p>{hasLiveSubscription(o) ? t('billing.current.trialAddCard') : t('billing.current.trialChoose')}</p>
              )}
              {o.status === 'active' && !o.cancelAtPeriodEnd && o.currentPeriodEnd && <p>{t('billing.current.renews', { date: date(o.currentPeriodEnd) })}</p>}
              {o.status === 'paused' && <p>{t('billing.current.paused')}</p>}
              {o.status === 'canceled' && <p>{t('billing.current.canceled')}</p>}
              {!plan && o.mode === 'stripe' && <p>{t('billing.current.noPlanHint')}</p>}
            </div>
          </div>
          {isOwner && canCancel(o) && (
            <Button variant="ghost" size="sm" className="self-start text-danger-600 hover:bg-danger-50 hover:text-danger-700" onClick={() => setConfirmCancel(true)} data-testid="cancel-subscription">
              {t('billing.current.cancel')}
            </Button>
          )}
        </div>

        {o.access === 'past_due' && (
          <Callout tone="danger" action={payButton}>
            <p className="font-semibold">{t('billing.current.pastDueTitle')}</p>
            <p>{t('billing.current.pastDue')}</p>
            {(o.restrictsAt || o.suspendsAt) && (
              <p data-testid="dunning-dates">
                {[o.restrictsAt && t('billing.current.restrictsOn', { date: date(o.restrictsAt) }), o.suspendsAt && t('billing.current.suspendsOn', { date: date(o.suspendsAt) })]
                  .filter(Boolean)
                  .join(' · ')}
              </p>
            )}
          </Callout>
        )}
        {(o.access === 'restricted' || o.access === 'suspended') && (
          <Callout tone="danger" action={payButton}>
            <p className="font-semibold">{o.access === 'restricted' ? t('billing.current.restrictedTitle') : t('billing.current.suspendedTitle')}</p>
            <p>{o.access === 'restricted' ? t('billing.current.restricted') : t('billing.current.suspended')}</p>
            {o.access === 'restricted' && o.suspendsAt && <p data-testid="dunning-dates">{t('billing.current.suspendsOn', { date: date(o.suspendsAt) })}</p>}
          </Callout>
        )}
        {o.cancelAtPeriodEnd && (
          <Callout
            tone="warning"
            action={
              isOwner &&
              canResume(o) && (
                <Button size="sm" loading={resume.isPending} onClick={() => resume.mutate()} data-testid="resume-subscription">
                  {t('billing.current.resume')}
                </Button>
              )
            }
          >
            <p>{t('billing.current.endsOn', { plan: plan?.name ?? '—', date: date(o.currentPeriodEnd) })}</p>
          </Callout>
        )}
        {o.scheduledPlan && plan && (
          <Callout
            tone="info"
            action={
              isOwner &&
              hasLiveSubscription(o) && (
                <Button
                  size="sm"
                  variant="outline"
                  loading={change.isPending}
                  onClick={() => change.mutate({ planId: plan.id, cycle: o.cycle as BillingCycle, confirm: true })}
                  data-testid="keep-plan"
                >
                  {t('billing.current.keep', { plan: plan.name })}
                </Button>
              )
            }
          >
            <p data-testid="scheduled-change">{t('billing.current.scheduled', { plan: o.scheduledPlan.name, date: date(o.currentPeriodEnd) })}</p>
          </Callout>
        )}
        {error && !confirmCancel ? <Alert tone="danger">{errorText(error)}</Alert> : null}
      </CardBody>
      <ConfirmModal
        open={confirmCancel}
        title={t('billing.cancel.title')}
        body={t('billing.cancel.body', { plan: plan?.name ?? '—', date: date(o.currentPeriodEnd) })}
        confirmLabel={t('billing.cancel.confirm')}
        danger
        loading={cancel.isPending}
        error={cancel.isError ? errorText(cancel.error) : null}
        onClose={() => {
          setConfirmCancel(false);
          cancel.reset();
        }}
        onConfirm={() => cancel.mutate(undefined, { onSuccess: () => setConfirmCancel(false) })}
      />
    </Card>
  );
}

function Invoices() {
  const { t } = useTranslation();
  const invoices = useInvoices();
  return (
    <Card>
      <CardHeader title={t('billing.invoices.heading')} />
      <QueryView query={invoices} isEmpty={(d) => d.length === 0} empty={<EmptyState icon="file" title={t('billing.invoices.empty')} />}>
        {(list) => <InvoiceTable invoices={list} />}
      </QueryView>
    </Card>
  );
}

/**
 * The billing page of a workspace (`/app/billing`): the plan and its state, usage, the plan picker and invoices.
 * Owners act; managers read. Back from Checkout (`?checkout=success`) the subscription is read again from the
 * payment provider once.
 */
export function BillingPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const session = useSession();
  const isOwner = session.role === 'owner';
  const overview = useBillingOverview({ fresh: true });
  const { refresh, portal } = useBillingActions();
  const [params, setParams] = useSearchParams();
  const [notice, setNotice] = useState<Notice>(() => {
    const c = params.get('checkout');
    return c === 'success' || c === 'cancelled' ? c : null;
  });
  const highlight = params.get('plan');
  const handled = useRef(false);

  useEffect(() => {
    if (handled.current || !params.has('checkout')) return;
    handled.current = true;
    if (params.get('checkout') === 'success' && isOwner) refresh.mutate();
    // A reload must not read it again: the query string goes.
    setParams(
      (p) => {
        p.delete('checkout');
        p.delete('session_id');
        return p;
      },
      { replace: true },
    );
  }, [params, setParams, isOwner, refresh]);

  return (
    <div className="space-y-6" data-testid="billing-page">
      <PageHeader
        title={t('billing.title')}
        description={t('billing.subtitle')}
        actions={
          isOwner &&
          overview.data &&
          hasPortal(overview.data) && (
            <Button variant="outline" loading={portal.isPending} onClick={() => portal.mutate()} data-testid="portal-button">
              <Icon name="external" className="size-4" />
              {t('billing.current.portal')}
            </Button>
          )
        }
      />
      {notice === 'success' && (
        <Alert tone="success" title={t('billing.checkout.successTitle')} className="items-start">
          <div className="flex flex-wrap items-center justify-between gap-2" data-testid="checkout-success">
            <span>{refresh.isPending ? t('billing.checkout.refreshing') : t('billing.checkout.success')}</span>
            <button type="button" className="text-xs font-medium underline" onClick={() => setNotice(null)}>
              {t('billing.banner.dismiss')}
            </button>
          </div>
        </Alert>
      )}
      {notice === 'cancelled' && (
        <Alert tone="info">
          <div className="flex flex-wrap items-center justify-between gap-2" data-testid="checkout-cancelled">
            <span>{t('billing.checkout.cancelled')}</span>
            <button type="button" className="text-xs font-medium underline" onClick={() => setNotice(null)}>
              {t('billing.banner.dismiss')}
            </button>
          </div>
        </Alert>
      )}
      {refresh.isError && <Alert tone="danger">{errorText(refresh.error)}</Alert>}
      {portal.isError && <Alert tone="danger">{errorText(portal.error)}</Alert>}
      {!isOwner && <Alert tone="info">{t('billing.readOnly')}</Alert>}

      <QueryView query={overview}>
        {(o) =>
          o.billedThrough ? (
            <Suspense fallback={<PageSpinner label={t('common.loading')} />}>
              <AgencyClientBilling isOwner={isOwner} />
            </Suspense>
          ) : (
            <>
              {isManagedWithoutPlan(o) ? (
                <Card data-testid="billing-managed">
                  <EmptyState
                    icon="shield"
                    title={o.mode === 'off' ? t('billing.managed.offTitle') : t('billing.managed.title')}
                    description={o.mode === 'off' ? t('billing.managed.offBody') : t('billing.managed.body')}
                  />
                </Card>
              ) : (
                <CurrentPlan o={o} isOwner={isOwner} />
              )}
              <Card>
                <CardHeader title={t('billing.usage.heading')} description={t('billing.usage.hint')} />
                <CardBody>
                  <UsageMeters usage={o.usage} />
                </CardBody>
              </Card>
              {o.mode !== 'off' && <PlanPicker overview={o} isOwner={isOwner} highlightId={highlight} />}
              {isOwner && o.mode !== 'off' && <Invoices />}
            </>
          )
        }
      </QueryView>
    </div>
  );
}
