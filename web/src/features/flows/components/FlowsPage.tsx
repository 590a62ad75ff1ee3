import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  Badge,
  Button,
  buttonClasses,
  Card,
  ConfirmModal,
  EmptyState,
  Icon,
  IconButton,
  MenuItem,
  PageHeader,
  Popover,
  QueryView,
  Table,
  TBody,
  TD,
  TH,
  THead,
  TR,
  type BadgeTone,
} from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { formatNumber } from '../../../lib/format';
import { LimitReached, LockedFeature, useFeature, useUsageLimit } from '../../billing';
import { useFlowActions, useFlows } from '../hooks';
import { triggerSummary } from '../triggerSummary';
import type { FlowSummary } from '../types';
import { NewFlowDialog } from './NewFlowDialog';

const STATUS_TONE: Record<string, BadgeTone> = { published: 'success', paused: 'warning', draft: 'neutral' };

function StatusBadge({ flow }: { flow: FlowSummary }) {
  const { t } = useTranslation();
  const status = flow.status === 'published' || flow.status === 'paused' ? flow.status : 'draft';
  return (
    <span className="inline-flex flex-wrap items-center gap-1">
      <Badge tone={STATUS_TONE[status]} dot data-status={status}>
        {t(`flows.status.${status}`)}
      </Badge>
      {flow.unpublishedChanges && status !== 'draft' && (
        <span className="text-[11px] text-accent-700" title={t('flows.list.unpublishedHint')}>
          {t('flows.list.unpublished')}
        </span>
      )}
    </span>
  );
}

function Rate({ flow }: { flow: FlowSummary }) {
  const { i18n } = useTranslation();
  if (flow.completionRate === null || flow.completionRate === undefined) return <span className="text-slate-400">—</span>;
  return <>{new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 0 }).format(flow.completionRate)}</>;
}

function FlowMenu({ flow, onPause, onDelete }: { flow: FlowSummary; onPause: () => void; onDelete: () => void }) {
  const { t } = useTranslation();
  const { resume } = useFlowActions();
  const [open, setOpen] = useState(false);
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      align="end"
      panelClassName="w-52"
      trigger={<IconButton icon="chevronDown" size="sm" label={t('common.actions')} onClick={() => setOpen((o) => !o)} aria-expanded={open} data-testid="flow-menu" />}
    >
      <Link to={`/app/flows/${flow.id}/runs`} className="flex items-center gap-2.5 rounded-lg px-3 py-2 text-sm text-slate-700 hover:bg-slate-100">
        <Icon name="list" className="size-4" />
        {t('flows.runs.title')}
      </Link>
      {flow.status === 'published' && (
        <MenuItem onClick={() => { setOpen(false); onPause(); }} data-testid="flow-pause">
          <Icon name="clock" className="size-4" />
          {t('flows.actions.pause')}
        </MenuItem>
      )}
      {flow.status === 'paused' && (
        <MenuItem onClick={() => { setOpen(false); resume.mutate(flow.id); }} data-testid="flow-resume">
          <Icon name="refresh" className="size-4" />
          {t('flows.actions.resume')}
        </MenuItem>
      )}
      <MenuItem onClick={() => { setOpen(false); onDelete(); }} className="text-danger-700" data-testid="flow-delete">
        <Icon name="trash" className="size-4" />
        {t('flows.actions.delete')}
      </MenuItem>
    </Popover>
  );
}

/** `/app/flows`: the workspace's chatbot flows, with their trigger, status, version and today's runs. */
export function FlowsPage() {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const flows = useFlows(true);
  const { pause, remove, resume } = useFlowActions();
  const locked = !useFeature('chatbotFlows').allowed;
  const full = useUsageLimit('flows', flows.data?.length).atLimit;
  const [creating, setCreating] = useState(false);
  const [pausing, setPausing] = useState<FlowSummary | null>(null);
  const [stopRuns, setStopRuns] = useState(false);
  const [deleting, setDeleting] = useState<FlowSummary | null>(null);
  const n = (v: number) => formatNumber(v, i18n.language);

  const newButton = (
    <Button onClick={() => setCreating(true)} disabled={locked || full} aria-describedby={locked ? 'flows-locked' : undefined} data-testid="new-flow">
      <Icon name="plus" className="size-4" />
      {t('flows.list.new')}
    </Button>
  );

  return (
    <div data-testid="flows-page">
      <PageHeader title={t('flows.list.title')} description={t('flows.list.subtitle')} actions={newButton} />
      <LockedFeature feature="chatbotFlows" id="flows-locked" note={t('flows.list.lockedNote')} className="mb-4" />
      {!locked && <LimitReached usage="flows" used={flows.data?.length} className="mb-4" />}
      {(resume.isError || pause.isError) && <p className="mb-3 text-sm text-danger-700">{errorText(resume.error ?? pause.error)}</p>}
      <Card>
        <QueryView
          query={flows}
          isEmpty={(list) => list.length === 0}
          empty={<EmptyState icon="bot" title={t('flows.list.empty')} description={t('flows.list.emptyHint')} action={!locked ? newButton : undefined} />}
        >
          {(list) => (
            <>
              {/* phones and tablets: one card per flow */}
              <ul className="divide-y divide-slate-100 lg:hidden" data-testid="flow-cards">
                {list.map((f) => (
                  <li key={f.id} className="flex items-start gap-3 p-4" data-testid="flow-row" data-flow-id={f.id}>
                    <Link to={`/app/flows/${f.id}`} className="min-w-0 flex-1 space-y-1">
                      <p className="truncate font-semibold text-slate-900" title={f.name}>
                        <bdi>{f.name}</bdi>
                      </p>
                      <p className="truncate text-xs text-slate-500" dir="auto" title={triggerSummary(f.trigger, t)}>
                        {triggerSummary(f.trigger, t)}
                      </p>
                      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-600">
                        <StatusBadge flow={f} />
                        {f.version != null && <span>v{f.version}</span>}
                        <span>{t('flows.list.runsTodayShort', { count: f.runsToday, n: n(f.runsToday) })}</span>
                        <span>
                          <Rate flow={f} />
                        </span>
                      </div>
                    </Link>
                    <FlowMenu flow={f} onPause={() => { setStopRuns(false); setPausing(f); }} onDelete={() => setDeleting(f)} />
                  </li>
                ))}
              </ul>
              {/* Wide screens: a table of fixed columns, so a long name or trigger is cut short (whole in its tooltip)
                  rather than pushing the actions out of view; narrower than its minimum it scrolls inside the card. */}
              <div className="hidden lg:block">
                <Table className="table-fixed" minWidth="min-w-[54rem]" dense data-testid="flows-table">
                  <THead>
                    <tr>
                      <TH>{t('flows.list.name')}</TH>
                      <TH>{t('flows.list.trigger')}</TH>
                      <TH className="w-32">{t('common.status')}</TH>
                      <TH className="w-24">{t('flows.list.version')}</TH>
                      <TH className="w-28">{t('flows.list.runsToday')}</TH>
                      <TH className="w-28">{t('flows.list.completion')}</TH>
                      <TH className="w-32 text-end">
                        <span className="sr-only">{t('common.actions')}</span>
                      </TH>
                    </tr>
                  </THead>
                  <TBody>
                    {list.map((f) => {
                      const trigger = triggerSummary(f.trigger, t);
                      return (
                        <TR key={f.id} data-testid="flow-row" data-flow-id={f.id}>
                          <TD>
                            <Link to={`/app/flows/${f.id}`} title={f.name} className="block truncate font-medium text-slate-900 hover:text-primary-700" data-testid="flow-link">
                              <bdi>{f.name}</bdi>
                            </Link>
                            {f.description && (
                              <p className="truncate text-xs text-slate-500" dir="auto" title={f.description}>
                                {f.description}
                              </p>
                            )}
                          </TD>
                          <TD className="text-slate-600">
                            <p className="truncate" dir="auto" title={trigger} data-testid="flow-trigger">
                              {trigger}
                            </p>
                          </TD>
                          <TD>
                            <StatusBadge flow={f} />
                          </TD>
                          <TD>{f.version != null ? `v${f.version}` : <span className="text-slate-400">—</span>}</TD>
                          <TD>
                            {n(f.runsToday)}
                            {f.running > 0 && <span className="ms-1 text-xs text-secondary-700">({t('flows.list.runningNow', { n: n(f.running) })})</span>}
                          </TD>
                          <TD>
                            <Rate flow={f} />
                          </TD>
                          <TD className="text-end">
                            <div className="flex items-center justify-end gap-1">
                              <Link to={`/app/flows/${f.id}`} className={buttonClasses('outline', 'sm')}>
                                {t('flows.list.open')}
                              </Link>
                              <FlowMenu flow={f} onPause={() => { setStopRuns(false); setPausing(f); }} onDelete={() => setDeleting(f)} />
                            </div>
                          </TD>
                        </TR>
                      );
                    })}
                  </TBody>
                </Table>
              </div>
            </>
          )}
        </QueryView>
      </Card>

      {creating && <NewFlowDialog open onClose={() => setCreating(false)} />}

      <ConfirmModal
        open={pausing !== null}
        title={t('flows.pause.title', { name: pausing?.name ?? '' })}
        body={
          <div className="space-y-3">
            <p>{t('flows.pause.body')}</p>
            {(pausing?.running ?? 0) > 0 && (
              <label className="flex items-center gap-2">
                <input type="checkbox" checked={stopRuns} onChange={(e) => setStopRuns(e.target.checked)} className="size-4 rounded border-slate-300" data-testid="pause-stop-runs" />
                {t('flows.pause.stopRuns', { count: pausing?.running ?? 0 })}
              </label>
            )}
          </div>
        }
        confirmLabel={t('flows.actions.pause')}
        loading={pause.isPending}
        error={pause.error ? errorText(pause.error) : null}
        onClose={() => {
          setPausing(null);
          pause.reset();
        }}
        onConfirm={() => pausing && pause.mutate({ id: pausing.id, stopRuns }, { onSuccess: () => setPausing(null) })}
      />
      <ConfirmModal
        open={deleting !== null}
        danger
        title={t('flows.delete.title', { name: deleting?.name ?? '' })}
        body={t('flows.delete.body')}
        confirmLabel={t('flows.actions.delete')}
        loading={remove.isPending}
        error={remove.error ? errorText(remove.error) : null}
        onClose={() => {
          setDeleting(null);
          remove.reset();
        }}
        onConfirm={() => deleting && remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) })}
      />
    </div>
  );
}
