import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Button, buttonClasses, Icon, Modal } from '../../../components/ui';
import { formatNumber } from '../../../lib/format';
import type { BillingPrompt } from '../prompt';
import { closeBillingPrompt, useBillingPromptState } from '../store';
import { isFeatureKey, isUsageKey } from '../types';

function usePromptText() {
  const { t, i18n } = useTranslation();
  const n = (v: number | null) => (v === null ? '—' : formatNumber(v, i18n.language));
  return (p: BillingPrompt): { title: string; body: string[] } => {
    switch (p.kind) {
      case 'quota': {
        const known = isUsageKey(p.limit) && p.plan !== null;
        const body = known
          ? [t('billing.prompt.quota', { count: p.used ?? 0, what: t(`billing.usage.keys.${p.limit as 'contacts'}`), used: n(p.used), max: n(p.max), plan: p.plan })]
          : [p.message];
        if (p.upgradeTo) body.push(t('billing.prompt.upgradeTo', { plan: p.upgradeTo.name }));
        return { title: t('billing.prompt.quotaTitle'), body };
      }
      case 'feature': {
        const body = isFeatureKey(p.feature) && p.plan !== null
          ? [t('billing.prompt.feature', { feature: t(`billing.features.${p.feature}`), plan: p.plan })]
          : [p.message];
        if (p.plansWithFeature.length > 0) {
          const list = new Intl.ListFormat(i18n.language, { type: 'conjunction' }).format(p.plansWithFeature.map((x) => x.name));
          body.push(t('billing.prompt.featurePlans', { plans: list }));
        }
        return { title: t('billing.prompt.featureTitle'), body };
      }
      case 'restricted':
      case 'suspended':
        return { title: t('billing.prompt.restrictedTitle'), body: [t('billing.prompt.restricted')] };
    }
  };
}

/**
 * The upgrade prompt: opened by the query client when an action is refused for billing reasons (a limit reached, a
 * feature not in the plan, the workspace restricted). Owners get a way to the billing page; others are told to ask
 * the owner.
 */
export function BillingPromptDialog({ isOwner }: { isOwner: boolean }) {
  const { t } = useTranslation();
  const { prompt } = useBillingPromptState();
  const text = usePromptText();
  if (!prompt) return null;
  const { title, body } = text(prompt);
  const payment = prompt.kind === 'restricted' || prompt.kind === 'suspended';
  const target =
    prompt.kind === 'quota' && prompt.upgradeTo
      ? `/app/billing?plan=${encodeURIComponent(prompt.upgradeTo.id)}`
      : prompt.kind === 'feature' && prompt.plansWithFeature[0]
        ? `/app/billing?plan=${encodeURIComponent(prompt.plansWithFeature[0].id)}`
        : '/app/billing';

  return (
    <Modal
      open
      onClose={closeBillingPrompt}
      size="sm"
      testId="billing-prompt"
      title={
        <span className="flex items-center gap-2">
          <span className={`flex size-8 shrink-0 items-center justify-center rounded-full ${payment ? 'bg-danger-50 text-danger-600' : 'bg-accent-50 text-accent-600'}`}>
            <Icon name={payment ? 'alert' : 'sparkles'} className="size-4" />
          </span>
          {title}
        </span>
      }
      footer={
        <>
          <Button variant="outline" onClick={closeBillingPrompt}>
            {isOwner ? t('billing.prompt.notNow') : t('common.close')}
          </Button>
          {isOwner && (
            <Link to={target} onClick={closeBillingPrompt} className={buttonClasses('primary')} data-testid="billing-prompt-go">
              {payment ? t('billing.prompt.goToBilling') : t('billing.prompt.seePlans')}
            </Link>
          )}
        </>
      }
    >
      <div className="space-y-2 text-sm text-slate-600" data-testid="billing-prompt-body">
        {body.map((line, i) => (
          <p key={i}>{line}</p>
        ))}
        {!isOwner && <p className="font-medium text-slate-700">{payment ? t('billing.prompt.askOwnerPay') : t('billing.prompt.askOwner')}</p>}
      </div>
    </Modal>
  );
}
