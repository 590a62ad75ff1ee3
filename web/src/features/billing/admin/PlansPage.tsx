import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Badge, Button, Card, ConfirmMutationModal, EmptyState, Icon, PageHeader, QueryView } from '../../../components/ui';
import { DragHandle, SortableList } from '../../../components/ui/Sortable';
import { useSortableRow } from '../../../components/ui/sortableRow';
import { useErrorText } from '../../../i18n/useErrorText';
import { cn } from '../../../lib/cn';
import { formatNumber } from '../../../lib/format';
import { cyclesSold, formatPricePerCycle, priceOf } from '../pricing';
import { FEATURE_KEYS, type Plan } from '../types';
import { useAdminPlans, usePlanActions, useReorderPlans } from './hooks';
import { PlanDialog } from './PlanDialog';

function PlanSummary({ plan, showSync }: { plan: Plan; showSync: boolean }) {
  const { t, i18n } = useTranslation();
  const features = FEATURE_KEYS.filter((k) => plan.features[k]).length;
  const prices = cyclesSold(plan)
    .map((c) => formatPricePerCycle(t, priceOf(plan, c) ?? 0, plan.currency, c, i18n.language))
    .join(' · ');
  return (
    <div className="min-w-0 flex-1">
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="truncate text-base font-semibold text-slate-900" dir="auto">
          {plan.name}
        </h2>
        {plan.isDefault && <Badge tone="primary">{t('adminBilling.plans.default')}</Badge>}
        {plan.isFree && <Badge tone="secondary">{t('billing.price.free')}</Badge>}
        {showSync && !plan.synced && plan.isActive && <Badge tone="warning">{t('adminBilling.plans.notSynced')}</Badge>}
      </div>
      <p className="mt-1 text-sm text-slate-600 tabular-nums" data-testid="plan-prices">
        {prices || '—'}
      </p>
      <p className="mt-0.5 text-xs text-slate-500">
        {[
          t('adminBilling.plans.features', { n: formatNumber(features, i18n.language), total: formatNumber(FEATURE_KEYS.length, i18n.language) }),
          plan.trialDays > 0 ? t('adminBilling.plans.trial', { count: plan.trialDays, n: formatNumber(plan.trialDays, i18n.language) }) : t('adminBilling.plans.noTrial'),
          plan.currency.toUpperCase(),
        ].join(' · ')}
      </p>
    </div>
  );
}

function SortablePlan({ plan, children }: { plan: Plan; children: ReactNode }) {
  const { t } = useTranslation();
  const { ref, style, isDragging, handle } = useSortableRow(plan.id);
  return (
    <li ref={ref} style={style} className={cn('relative', isDragging && 'z-10')} data-testid="plan-row" data-plan-id={plan.id}>
      <Card className={cn('flex items-start gap-2 p-3 sm:gap-3 sm:p-4', isDragging && 'shadow-lg ring-2 ring-primary-400/40')}>
        <DragHandle handle={handle} className="mt-0.5" label={t('adminBilling.plans.move', { name: plan.name })} testId="plan-handle" />
        {children}
      </Card>
    </li>
  );
}

/** `/admin/plans`: the plans on sale in the order the picker shows them (dragged, or moved with the keyboard), and archived ones. */
export function PlansPage() {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const plans = useAdminPlans();
  const reorder = useReorderPlans();
  const { archive, setDefault } = usePlanActions();
  const [editing, setEditing] = useState<Plan | 'new' | null>(null);
  const [archiving, setArchiving] = useState<Plan | null>(null);
  const all = plans.data ?? [];
  const active = all.filter((p) => p.isActive).sort((a, b) => a.position - b.position);
  const archived = all.filter((p) => !p.isActive);
  const showSync = all.some((p) => p.synced);
  const ids = active.map((p) => p.id);
  const nameOf = (id: string) => active.find((p) => p.id === id)?.name ?? '';

  const actions = (p: Plan) => (
    <div className="flex shrink-0 flex-wrap gap-1.5 sm:justify-end">
      {!p.isDefault && (
        <Button
          variant="outline"
          size="sm"
          loading={setDefault.isPending && setDefault.variables === p.id}
          onClick={() => setDefault.mutate(p.id)}
          data-testid="plan-make-default"
        >
          {t('adminBilling.plans.makeDefault')}
        </Button>
      )}
      <Button variant="outline" size="sm" onClick={() => setEditing(p)} data-testid="plan-edit">
        <Icon name="pencil" className="size-4" />
        <span className="sr-only sm:not-sr-only">{t('adminBilling.plans.edit')}</span>
      </Button>
      <Button variant="ghost" size="sm" className="text-danger-600 hover:bg-danger-50 hover:text-danger-700" onClick={() => setArchiving(p)} data-testid="plan-archive">
        {t('adminBilling.plans.archive')}
      </Button>
    </div>
  );

  return (
    <div data-testid="plans-page">
      <PageHeader
        title={t('adminBilling.plans.title')}
        description={t('adminBilling.plans.subtitle')}
        actions={
          <Button onClick={() => setEditing('new')} data-testid="plan-new">
            <Icon name="plus" className="size-4" />
            {t('adminBilling.plans.new')}
          </Button>
        }
      />
      {reorder.isError && <Alert tone="danger" className="mb-4">{t('adminBilling.plans.reorderFailed', { reason: errorText(reorder.error) })}</Alert>}
      {setDefault.isError && <Alert tone="danger" className="mb-4">{errorText(setDefault.error)}</Alert>}
      <QueryView query={plans} isEmpty={(d) => d.length === 0} empty={<Card><EmptyState icon="tag" title={t('adminBilling.plans.empty')} description={t('adminBilling.plans.emptyHint')} /></Card>}>
        {() => (
          <div className="space-y-6">
            {active.length > 0 && (
              <section aria-labelledby="active-plans">
                <h2 id="active-plans" className="sr-only">
                  {t('adminBilling.plans.onSale')}
                </h2>
                <p className="mb-3 text-sm text-slate-500">{t('adminBilling.plans.orderHint')}</p>
                <SortableList ids={ids} nameOf={nameOf} onReorder={(next) => reorder.mutate(next)} strings="adminBilling.plans.dnd">
                  <ol className="space-y-2.5" data-testid="plan-list">
                    {active.map((p) => (
                      <SortablePlan key={p.id} plan={p}>
                        <div className="flex min-w-0 flex-1 flex-col gap-3 sm:flex-row sm:items-start">
                          <PlanSummary plan={p} showSync={showSync} />
                          {actions(p)}
                        </div>
                      </SortablePlan>
                    ))}
                  </ol>
                </SortableList>
              </section>
            )}
            {archived.length > 0 && (
              <details className="group rounded-2xl border border-slate-200 bg-white/60" data-testid="archived-plans">
                <summary className="flex cursor-pointer list-none items-center gap-2 px-4 py-3 text-sm font-medium text-slate-700 [&::-webkit-details-marker]:hidden">
                  <Icon name="chevronDown" className="size-4 text-slate-400 transition-transform group-open:rotate-180" />
                  {t('adminBilling.plans.archived')}
                  <Badge>{formatNumber(archived.length, i18n.language)}</Badge>
                </summary>
                <ul className="space-y-2 border-t border-slate-100 p-3">
                  {archived.map((p) => (
                    <li key={p.id} className="rounded-xl bg-white p-3 opacity-80" data-testid="archived-plan">
                      <PlanSummary plan={p} showSync={false} />
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </div>
        )}
      </QueryView>
      {editing && <PlanDialog key={editing === 'new' ? 'new' : editing.id} plan={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      <ConfirmMutationModal
        item={archiving}
        onClose={() => setArchiving(null)}
        mutation={archive}
        variables={(p) => p.id}
        title={t('adminBilling.plans.archiveTitle', { name: archiving?.name ?? '' })}
        body={t('adminBilling.plans.archiveBody')}
        confirmLabel={t('adminBilling.plans.archive')}
        danger
      />
    </div>
  );
}
