import type { BillingCycle } from '../../../api/types';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Badge, Button, Icon, PageSpinner } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { cn } from '../../../lib/cn';
import { formatDate, formatNumber } from '../../../lib/format';
import { formatPercent } from '../format';
import { hasLiveSubscription } from '../state';
import { useBillingActions, useBillingPlans } from '../hooks';
import { formatMinor } from '../money';
import { changeKind, cyclesOffered, cyclesSold, limitOf, planDiff, priceOf, savings, type ChangeKind } from '../pricing';
import { FEATURE_KEYS, isCycle, LIMIT_KEYS, type BillingOverview, type Cycle, type Plan } from '../types';
import { ChangePlanDialog } from './ChangePlanDialog';

function CycleSwitch({ cycles, value, onChange }: { cycles: Cycle[]; value: Cycle; onChange: (c: Cycle) => void }) {
  const { t } = useTranslation();
  return (
    <div role="radiogroup" aria-label={t('billing.plans.cycle')} className="inline-flex rounded-xl bg-slate-100 p-1" data-testid="cycle-switch">
      {cycles.map((c) => (
        <button
          key={c}
          type="button"
          role="radio"
          aria-checked={value === c}
          onClick={() => onChange(c)}
          className={cn(
            'rounded-lg px-3 py-1.5 text-sm font-medium transition',
            value === c ? 'bg-white text-slate-900 shadow-sm' : 'text-slate-500 hover:text-slate-800',
          )}
          data-testid={`cycle-${c}`}
        >
          {t(`billing.cycles.${c}`)}
        </button>
      ))}
    </div>
  );
}

function Price({ plan, cycle }: { plan: Plan; cycle: Cycle }) {
  const { t, i18n } = useTranslation();
  const amount = priceOf(plan, cycle);
  if (amount === null) {
    const sold = cyclesSold(plan);
    return (
      <p className="text-sm text-slate-500" data-testid="plan-price">
        {t('billing.plans.notSold')}{' '}
        {sold.length > 0 && t('billing.plans.soldAs', { cycles: new Intl.ListFormat(i18n.language, { type: 'disjunction' }).format(sold.map((c) => t(`billing.cycles.${c}`))) })}
      </p>
    );
  }
  const saved = savings(plan, cycle);
  return (
    <div className="flex flex-wrap items-baseline gap-x-2 gap-y-1" data-testid="plan-price">
      {amount === 0 ? (
        <span className="text-3xl font-semibold tracking-tight text-slate-900">{t('billing.price.free')}</span>
      ) : (
        <>
          <span className="text-3xl font-semibold tracking-tight text-slate-900">{formatMinor(amount, plan.currency, i18n.language)}</span>
          <span className="text-sm text-slate-500">{t(`billing.price.unit.${cycle}`)}</span>
        </>
      )}
      {saved !== null && <Badge tone="success">{t('billing.plans.save', { pct: formatPercent(Math.round(saved * 100) / 100, i18n.language) })}</Badge>}
    </div>
  );
}

function PlanCard({
  plan,
  cycle,
  overview,
  canChoose,
  highlighted,
  busy,
  onChoose,
}: {
  plan: Plan;
  cycle: Cycle;
  overview: BillingOverview;
  canChoose: boolean;
  highlighted: boolean;
  busy: boolean;
  onChoose: (plan: Plan, kind: ChangeKind) => void;
}) {
  const { t, i18n } = useTranslation();
  const current = overview.plan ?? null;
  const isCurrent = current?.id === plan.id;
  const isScheduled = overview.scheduledPlan?.id === plan.id;
  const diff = planDiff(plan, current);
  const kind = changeKind(plan, cycle, current, overview.cycle);
  const live = hasLiveSubscription(overview);
  const sold = priceOf(plan, cycle) !== null;
  const cardRef = useRef<HTMLElement>(null);

  // Arriving from the upgrade prompt (`?plan=`), the suggested plan is brought into view.
  useEffect(() => {
    if (highlighted) cardRef.current?.scrollIntoView?.({ block: 'center', behavior: 'smooth' });
  }, [highlighted]);

  let label: string;
  let disabled = !sold;
  if (!live) {
    label = t('billing.plans.subscribe');
  } else if (kind === 'current') {
    label = overview.scheduledPlan ? t('billing.plans.keep') : t('billing.plans.currentButton');
    disabled = !overview.scheduledPlan;
  } else if (isScheduled) {
    label = t('billing.plans.scheduledButton');
    disabled = true;
  } else {
    label = t(`billing.plans.action.${kind}`);
  }

  return (
    <article
      ref={cardRef}
      className={cn(
        'flex flex-col rounded-2xl border bg-white p-5 shadow-soft',
        isCurrent ? 'border-primary-300 ring-2 ring-primary-500/20' : highlighted ? 'border-accent-300 ring-2 ring-accent-400/40' : 'border-slate-200/80',
      )}
      data-testid="plan-card"
      data-plan-id={plan.id}
      aria-labelledby={`plan-${plan.id}-name`}
    >
      <header className="space-y-1">
        <div className="flex flex-wrap items-center gap-2">
          <h3 id={`plan-${plan.id}-name`} className="text-lg font-semibold text-slate-900" dir="auto">
            {plan.name}
          </h3>
          {isCurrent && <Badge tone="primary">{t('billing.plans.currentBadge')}</Badge>}
          {isScheduled && overview.currentPeriodEnd && (
            <Badge tone="accent">{t('billing.plans.scheduledBadge', { date: formatDate(overview.currentPeriodEnd, i18n.language) })}</Badge>
          )}
        </div>
        {plan.description && (
          <p className="text-sm text-slate-500" dir="auto">
            {plan.description}
          </p>
        )}
      </header>
      <div className="mt-4">
        <Price plan={plan} cycle={cycle} />
      </div>

      <h4 className="mt-5 text-xs font-semibold tracking-wide text-slate-500 uppercase">{t('billing.plans.features')}</h4>
      <ul className="mt-2 space-y-1.5 text-sm">
        {FEATURE_KEYS.map((k) => {
          const has = Boolean(plan.features[k]);
          const change = diff.features[k];
          return (
            <li
              key={k}
              className={cn('flex items-start gap-2', has ? 'text-slate-700' : 'text-slate-400', change !== 'same' && 'font-medium', change === 'lost' && 'text-danger-600')}
              data-testid="plan-feature"
              data-feature={k}
              data-included={has}
              data-change={change}
            >
              <Icon name={has ? 'check' : 'close'} className={cn('mt-0.5 size-4 shrink-0', has ? 'text-primary-600' : change === 'lost' ? 'text-danger-500' : 'text-slate-300')} />
              <span className="min-w-0 flex-1">
                {t(`billing.features.${k}`)}
                {change !== 'same' && <span className="sr-only"> ({t(`billing.plans.change.${change}`)})</span>}
              </span>
              {change === 'gained' && <Badge tone="success" className="px-1.5 py-0 text-[11px]">{t('billing.plans.new')}</Badge>}
            </li>
          );
        })}
      </ul>

      <h4 className="mt-5 text-xs font-semibold tracking-wide text-slate-500 uppercase">{t('billing.plans.limits')}</h4>
      <dl className="mt-2 space-y-1.5 text-sm">
        {LIMIT_KEYS.map((k) => {
          const v = limitOf(plan.limits, k);
          const change = diff.limits[k];
          return (
            <div key={k} className="flex items-baseline justify-between gap-3" data-testid="plan-limit" data-limit={k} data-change={change}>
              <dt className="text-slate-600">{t(`billing.limits.${k}`)}</dt>
              <dd
                className={cn(
                  'flex items-center gap-1 font-medium tabular-nums',
                  change === 'more' ? 'text-success-700' : change === 'less' ? 'text-accent-700' : 'text-slate-800',
                )}
              >
                {change !== 'same' && (
                  <>
                    <span aria-hidden="true">{change === 'more' ? '▲' : '▼'}</span>
                    <span className="sr-only">{t(`billing.plans.change.${change}`)}: </span>
                  </>
                )}
                {v === null ? t('billing.plans.unlimited') : formatNumber(v, i18n.language)}
              </dd>
            </div>
          );
        })}
      </dl>

      {canChoose && (
        <div className="mt-auto pt-5">
          <Button
            className="w-full"
            variant={isCurrent || kind === 'downgrade' ? 'outline' : 'primary'}
            disabled={disabled}
            loading={busy}
            onClick={() => onChoose(plan, kind)}
            data-testid="plan-choose"
          >
            {label}
          </Button>
        </div>
      )}
    </article>
  );
}

/**
 * The plan picker: a card per plan on sale with its price for the chosen cycle, features and limits, what differs
 * from the current plan marked. Owners of a Stripe-billed workspace choose here: Checkout without a running
 * subscription, else a previewed change.
 */
export function PlanPicker({ overview, isOwner, highlightId }: { overview: BillingOverview; isOwner: boolean; highlightId: string | null }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const plans = useBillingPlans();
  const { checkout, change } = useBillingActions();
  const offered = cyclesOffered(plans.data ?? []);
  const [picked, setPicked] = useState<Cycle | null>(null);
  const [choosing, setChoosing] = useState<{ plan: Plan; cycle: Cycle } | null>(null);
  const cycle: Cycle = picked && offered.includes(picked) ? picked : isCycle(overview.cycle) && offered.includes(overview.cycle) ? overview.cycle : (offered[0] ?? 'monthly');
  const canChoose = isOwner && overview.mode === 'stripe';
  const live = hasLiveSubscription(overview);

  const choose = (plan: Plan, kind: ChangeKind) => {
    checkout.reset();
    change.reset();
    if (!live) checkout.mutate({ planId: plan.id, cycle });
    else if (kind === 'current') change.mutate({ planId: plan.id, cycle: overview.cycle as BillingCycle, confirm: true });
    else setChoosing({ plan, cycle });
  };

  if (plans.isPending) return <PageSpinner label={t('common.loading')} />;
  if (plans.isError) return <Alert tone="danger">{errorText(plans.error)}</Alert>;
  const list = plans.data;

  return (
    <section aria-labelledby="plans-heading" data-testid="plan-picker">
      <div className="mb-4 flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
        <div>
          <h2 id="plans-heading" className="text-lg font-semibold text-slate-900">
            {t('billing.plans.heading')}
          </h2>
          {overview.mode === 'manual' && <p className="mt-0.5 text-sm text-slate-500">{t('billing.plans.manual')}</p>}
        </div>
        {offered.length > 1 && <CycleSwitch cycles={offered} value={cycle} onChange={setPicked} />}
      </div>
      {(checkout.isError || (change.isError && !choosing)) && (
        <Alert tone="danger" className="mb-4">
          {errorText(checkout.error ?? change.error)}
        </Alert>
      )}
      {list.length === 0 ? (
        <p className="rounded-2xl border border-dashed border-slate-300 p-6 text-center text-sm text-slate-500">{t('billing.plans.empty')}</p>
      ) : (
        <div className="grid gap-4 md:grid-cols-2 lg:grid-cols-3">
          {list.map((p) => (
            <PlanCard
              key={p.id}
              plan={p}
              cycle={cycle}
              overview={overview}
              canChoose={canChoose}
              highlighted={p.id === highlightId}
              busy={(checkout.isPending && checkout.variables?.planId === p.id) || (change.isPending && !choosing && change.variables?.planId === p.id)}
              onChoose={choose}
            />
          ))}
        </div>
      )}
      {choosing && (
        <ChangePlanDialog
          key={`${choosing.plan.id}:${choosing.cycle}`}
          plan={choosing.plan}
          cycle={choosing.cycle}
          currentPlan={overview.plan?.name ?? null}
          onClose={() => setChoosing(null)}
        />
      )}
    </section>
  );
}
