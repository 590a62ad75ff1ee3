import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Modal, ModalActions, PageSpinner } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { formatDate } from '../../../lib/format';
import { useBillingActions, usePlanPreview } from '../hooks';
import { formatMinor } from '../money';
import type { Cycle, Plan } from '../types';
import { ProblemList } from './ProblemList';

/**
 * Confirms a plan change of a live subscription from the server's preview: an upgrade shows what is due now and its
 * prorated lines; a downgrade says when it takes effect. Either lists what the new plan would not cover, and then the
 * change needs an explicit tick.
 */
export function ChangePlanDialog({ plan, cycle, currentPlan, onClose }: { plan: Plan; cycle: Cycle; currentPlan: string | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const errorText = useErrorText();
  const preview = usePlanPreview(plan.id, cycle);
  const { change } = useBillingActions();
  const [accepted, setAccepted] = useState(false);

  const p = preview.data;
  const now = p?.effective !== 'period_end';
  const needsTick = (p?.problems.length ?? 0) > 0;
  const confirmLabel = !p
    ? t('billing.change.confirm')
    : now && p.amountDue > 0
      ? t('billing.change.confirmPay', { amount: formatMinor(p.amountDue, p.currency, lng, true) })
      : t('billing.change.confirm');

  return (
    <Modal
      open
      onClose={onClose}
      testId="change-plan-dialog"
      title={now ? t('billing.change.titleNow', { plan: plan.name }) : t('billing.change.titleLater', { plan: plan.name })}
      footer={
        <ModalActions onCancel={onClose}>
          <Button
            disabled={!p || (needsTick && !accepted)}
            loading={change.isPending}
            onClick={() => change.mutate({ planId: plan.id, cycle, confirm: true }, { onSuccess: onClose })}
            data-testid="change-plan-confirm"
          >
            {confirmLabel}
          </Button>
        </ModalActions>
      }
    >
      {preview.isPending ? (
        <PageSpinner label={t('billing.change.loading')} />
      ) : preview.isError ? (
        <Alert tone="danger">{errorText(preview.error)}</Alert>
      ) : p ? (
        <div className="space-y-4 text-sm text-slate-600">
          {now ? (
            <>
              <p>{t('billing.change.nowBody')}</p>
              {p.lines.length > 0 && (
                <table className="w-full text-sm" data-testid="preview-lines">
                  <tbody className="divide-y divide-slate-100">
                    {p.lines.map((l, i) => (
                      <tr key={i}>
                        <td className="py-2 pe-3 text-slate-600" dir="auto">
                          {l.description}
                        </td>
                        <td className="py-2 text-end whitespace-nowrap tabular-nums">{formatMinor(l.amount, p.currency, lng, true)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              <div className="flex items-baseline justify-between rounded-xl bg-slate-50 px-4 py-3">
                <span className="font-medium text-slate-700">{t('billing.change.dueNow')}</span>
                <span className="text-lg font-semibold text-slate-900 tabular-nums" data-testid="amount-due">
                  {formatMinor(p.amountDue, p.currency, lng, true)}
                </span>
              </div>
            </>
          ) : (
            <p data-testid="change-later">{t('billing.change.laterBody', { date: formatDate(p.effectiveAt, lng), plan: currentPlan ?? '—' })}</p>
          )}
          {needsTick && (
            <div className="space-y-3 rounded-xl border border-accent-200 bg-accent-50 p-4 text-accent-900">
              <p className="font-medium">{t('billing.change.problemsIntro', { plan: plan.name })}</p>
              <ProblemList problems={p.problems} />
              <label className="flex items-start gap-2.5 pt-1">
                <input
                  type="checkbox"
                  className="mt-0.5 size-4 shrink-0 rounded border-slate-300 accent-primary-600"
                  checked={accepted}
                  onChange={(e) => setAccepted(e.target.checked)}
                  data-testid="accept-problems"
                />
                <span>{t('billing.change.accept')}</span>
              </label>
            </div>
          )}
          {change.isError && <Alert tone="danger">{errorText(change.error)}</Alert>}
        </div>
      ) : null}
    </Modal>
  );
}
