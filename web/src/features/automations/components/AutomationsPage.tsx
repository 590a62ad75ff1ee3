//! `/app/automations`: the rules in the order they run, each with its trigger, conditions and actions in a sentence,
//! its on/off switch and its runs; dragged (pointer or keyboard) or moved up and down to reorder; edit, run log and
//! delete (after a confirmation).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Alert, Badge, buttonClasses, Card, ConfirmMutationModal, EmptyState, Icon, IconButton, PageHeader, QueryView, Switch } from '../../../components/ui';
import { DragHandle, SortableList } from '../../../components/ui/Sortable';
import { moved, useSortableRow } from '../../../components/ui/sortableRow';
import { useErrorText } from '../../../i18n/useErrorText';
import { cn } from '../../../lib/cn';
import { formatNumber, formatRelative } from '../../../lib/format';
import { useNow } from '../../../lib/useNow';
import { useAutomationActions, useAutomations } from '../hooks';
import { actionsSummary, conditionsSummary, triggerSummary, type Names } from '../summary';
import type { Automation } from '../types';
import { useNames, useTranslate } from './useRuleText';

interface RowProps {
  rule: Automation;
  index: number;
  count: number;
  names: Names;
  onMove: (by: number) => void;
  onDelete: () => void;
}

function RuleRow({ rule, index, count, names, onMove, onDelete }: RowProps) {
  const { t, i18n } = useTranslation();
  const tr = useTranslate();
  const errorText = useErrorText();
  const now = useNow(60_000);
  const { setEnabled } = useAutomationActions();
  const { ref, style, isDragging, handle } = useSortableRow(rule.id);
  const n = (v: number) => formatNumber(v, i18n.language);
  const line = (label: string, text: string, testId: string) => (
    <p className="flex min-w-0 gap-2 text-sm">
      <span className="w-12 shrink-0 text-xs font-semibold tracking-wide text-slate-400 uppercase sm:w-14">{label}</span>
      <span className="min-w-0 break-words text-slate-700" data-testid={testId}>
        {text}
      </span>
    </p>
  );
  return (
    <li
      ref={ref}
      style={style}
      className={cn('relative bg-white', isDragging && 'z-10 shadow-lg ring-2 ring-primary-400/40')}
      data-testid="automation-row"
      data-id={rule.id}
      data-enabled={rule.enabled}
    >
      <div className="flex gap-2 p-3 sm:gap-3 sm:p-4">
        <div className="flex shrink-0 flex-col items-center gap-1">
          <DragHandle handle={handle} label={t('automations.list.drag', { name: rule.name })} testId="automation-handle" />
          <span className="text-xs font-semibold text-slate-400 tabular-nums" data-testid="automation-position">
            {n(index + 1)}
          </span>
        </div>
        <div className="min-w-0 flex-1 space-y-2">
          <div className="flex items-start justify-between gap-3">
            <div className="min-w-0">
              <div className="flex flex-wrap items-center gap-2">
                <Link to={rule.id} className="font-semibold break-words text-slate-900 hover:text-primary-700 hover:underline" dir="auto" data-testid="automation-name">
                  {rule.name}
                </Link>
                {!rule.enabled && <Badge tone="warning">{t('automations.list.paused')}</Badge>}
              </div>
              {rule.description && (
                <p className="mt-0.5 text-sm break-words text-slate-500" dir="auto">
                  {rule.description}
                </p>
              )}
            </div>
            <Switch
              on={rule.enabled}
              busy={setEnabled.isPending}
              label={t('automations.list.enabledLabel', { name: rule.name })}
              onChange={(on) => setEnabled.mutate({ id: rule.id, enabled: on })}
              testId="automation-enabled"
            />
          </div>
          <div className="space-y-1">
            {line(t('automations.list.when'), triggerSummary(tr, rule.trigger, names), 'automation-trigger')}
            {line(t('automations.list.if'), conditionsSummary(tr, rule.conditions, names), 'automation-conditions')}
            {line(t('automations.list.then'), actionsSummary(tr, rule.actions, names), 'automation-actions')}
          </div>
          <p className="text-xs text-slate-500" data-testid="automation-stats">
            {[
              t('automations.list.runs', { n: n(rule.runCount) }),
              rule.failureCount > 0 ? t('automations.list.failed', { n: n(rule.failureCount) }) : null,
              rule.lastRunAt ? t('automations.list.lastRun', { when: formatRelative(rule.lastRunAt, now, i18n.language) }) : t('automations.list.neverRun'),
            ]
              .filter(Boolean)
              .join(' · ')}
          </p>
          {setEnabled.isError && <Alert tone="danger">{errorText(setEnabled.error)}</Alert>}
          <div className="flex flex-wrap items-center gap-1.5">
            <Link to={rule.id} className={buttonClasses('outline', 'sm')} data-testid="automation-edit">
              <Icon name="pencil" className="size-4" />
              {t('automations.list.edit')}
            </Link>
            <Link to={`${rule.id}/runs`} className={buttonClasses('ghost', 'sm')} data-testid="automation-runs">
              <Icon name="list" className="size-4" />
              {t('automations.list.runLog')}
            </Link>
            <span className="ms-auto flex items-center gap-0.5">
              <IconButton size="sm" icon="chevronDown" iconClassName="rotate-180" label={t('automations.list.moveUp', { name: rule.name })} disabled={index === 0} onClick={() => onMove(-1)} data-testid="automation-up" />
              <IconButton size="sm" icon="chevronDown" label={t('automations.list.moveDown', { name: rule.name })} disabled={index === count - 1} onClick={() => onMove(1)} data-testid="automation-down" />
              <IconButton size="sm" icon="trash" className="text-danger-600 hover:bg-danger-50 hover:text-danger-700" label={t('automations.list.delete', { name: rule.name })} onClick={onDelete} data-testid="automation-delete" />
            </span>
          </div>
        </div>
      </div>
    </li>
  );
}

export function AutomationsPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const rules = useAutomations();
  const names = useNames();
  const { reorder, remove } = useAutomationActions();
  const [deleting, setDeleting] = useState<Automation | null>(null);
  const list = rules.data ?? [];
  const ids = list.map((r) => r.id);
  const nameOf = (id: string) => list.find((r) => r.id === id)?.name ?? '';
  const moveTo = (from: number, to: number) => {
    const next = moved(ids, from, to);
    if (next) reorder.mutate(next);
  };

  const newButton = (
    <Link to="new" className={buttonClasses('primary', 'md')} data-testid="automation-new">
      <Icon name="plus" className="size-4" />
      {t('automations.new')}
    </Link>
  );

  return (
    <div data-testid="automations-page">
      <PageHeader title={t('automations.title')} description={t('automations.subtitle')} actions={newButton} />
      {reorder.isError && (
        <Alert tone="danger" className="mb-4">
          {t('automations.list.reorderFailed', { reason: errorText(reorder.error) })}
        </Alert>
      )}
      <Card className="overflow-hidden">
        <QueryView
          query={rules}
          isEmpty={(d) => d.length === 0}
          empty={<EmptyState icon="sparkles" title={t('automations.emptyTitle')} description={t('automations.emptyBody')} action={newButton} />}
        >
          {() => (
            <>
              <p className="border-b border-slate-100 px-4 py-2.5 text-xs text-slate-500">{t('automations.list.orderHint')}</p>
              <SortableList ids={ids} nameOf={nameOf} onReorder={(next) => reorder.mutate(next)} strings="automations.dnd">
                <ol className="divide-y divide-slate-100" data-testid="automations-list">
                  {list.map((r, i) => (
                    <RuleRow key={r.id} rule={r} index={i} count={list.length} names={names} onMove={(by) => moveTo(i, i + by)} onDelete={() => setDeleting(r)} />
                  ))}
                </ol>
              </SortableList>
            </>
          )}
        </QueryView>
      </Card>
      <ConfirmMutationModal
        item={deleting}
        onClose={() => setDeleting(null)}
        mutation={remove}
        variables={(r) => r.id}
        title={t('automations.deleteTitle')}
        body={t('automations.deleteBody', { name: deleting?.name ?? '' })}
        confirmLabel={t('automations.deleteConfirm')}
        danger
      />
    </div>
  );
}
