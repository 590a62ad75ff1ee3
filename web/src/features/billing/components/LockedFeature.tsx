import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { buttonClasses, Icon } from '../../../components/ui';
import { cn } from '../../../lib/cn';
import { formatNumber } from '../../../lib/format';
import { upgradeTarget } from '../locks';
import type { PlanRef } from '../prompt';
import type { FeatureKey, UsageKey } from '../types';
import { useFeature, useIsOwner, useUsageLimit } from '../useFeature';

function usePlanList() {
  const { i18n } = useTranslation();
  return (plans: readonly PlanRef[]) => new Intl.ListFormat(i18n.language, { type: 'conjunction' }).format(plans.map((p) => p.name));
}

/**
 * The notice a locked action carries: a lock, what is locked, the plans that have it, and for the owner the way to
 * the billing page with the first of those plans picked out (the others are told to ask the owner).
 */
function LockNotice({
  id,
  testId,
  title,
  lines,
  plans,
  className,
}: {
  id?: string;
  testId: string;
  title: string;
  lines: ReactNode[];
  plans: readonly PlanRef[];
  className?: string;
}) {
  const { t } = useTranslation();
  const isOwner = useIsOwner();
  return (
    <div
      id={id}
      role="status"
      className={cn(
        'flex flex-col gap-3 rounded-xl border border-accent-200 bg-accent-50 px-4 py-3 text-sm text-accent-900 sm:flex-row sm:items-center',
        className,
      )}
      data-testid={testId}
    >
      <div className="flex min-w-0 flex-1 gap-3">
        <span className="flex size-8 shrink-0 items-center justify-center rounded-full bg-white/80 text-accent-700" aria-hidden="true">
          <Icon name="lock" className="size-4" />
        </span>
        <div className="min-w-0 space-y-0.5 break-words">
          <p className="font-semibold">{title}</p>
          {lines.map((line, i) => (
            <p key={i}>{line}</p>
          ))}
          {!isOwner && (
            <p className="font-medium" data-testid="lock-ask-owner">
              {t('billing.prompt.askOwner')}
            </p>
          )}
        </div>
      </div>
      {isOwner && (
        <Link to={upgradeTarget(plans)} className={buttonClasses('outline', 'sm', 'ms-11 self-start sm:ms-0 sm:self-center')} data-testid="lock-upgrade">
          {t('billing.prompt.seePlans')}
        </Link>
      )}
    </div>
  );
}

/**
 * Says that the workspace's plan lacks `feature`, and which plans have it; nothing when the plan has it (or there
 * is no plan). `note`: what the locked state means on this page. `id`: for the locked button's aria-describedby.
 */
export function LockedFeature({ feature, note, id, className }: { feature: FeatureKey; note?: ReactNode; id?: string; className?: string }) {
  const { t } = useTranslation();
  const access = useFeature(feature);
  const list = usePlanList();
  if (access.allowed) return null;
  const plans = access.plansWithFeature;
  const lines: ReactNode[] = [
    plans.length === 0
      ? t('billing.locks.inNoPlan')
      : t(plans.length === 1 ? 'billing.locks.availableOnOne' : 'billing.locks.availableOn', { plans: list(plans) }),
  ];
  if (note) lines.push(note);
  return (
    <LockNotice
      id={id}
      testId="locked-feature"
      title={t('billing.locks.featureTitle', { feature: t(`billing.features.${feature}`), plan: access.plan ?? '' })}
      lines={lines}
      plans={plans}
      className={className}
    />
  );
}

/**
 * Says that the limit `usage` is reached ("1 of 1 WhatsApp numbers used") and which plans allow more; nothing
 * below the limit. `used`: a fresher count than the overview's, when the page has one; `note`: what counts.
 */
export function LimitReached({
  usage,
  used,
  note,
  id,
  className,
}: {
  usage: UsageKey;
  used?: number;
  note?: ReactNode;
  id?: string;
  className?: string;
}) {
  const { t, i18n } = useTranslation();
  const access = useUsageLimit(usage, used);
  const list = usePlanList();
  if (!access.atLimit || access.limit === null) return null;
  const plans = access.plansWithMore;
  const n = (v: number) => formatNumber(v, i18n.language);
  const lines: ReactNode[] = [
    t('billing.locks.planAllows', { plan: access.plan ?? '' }),
    plans.length === 0
      ? t('billing.locks.moreInNoPlan')
      : t(plans.length === 1 ? 'billing.locks.moreOnOne' : 'billing.locks.moreOn', { plans: list(plans) }),
  ];
  if (note) lines.push(note);
  return (
    <LockNotice
      id={id}
      testId="limit-reached"
      title={t('billing.locks.limitTitle', { used: n(access.used), limit: n(access.limit), what: t(`billing.locks.units.${usage}`) })}
      lines={lines}
      plans={plans}
      className={className}
    />
  );
}
