import { useTranslation } from 'react-i18next';
import { Alert, Badge, Button, Icon, LoadMore, PageSpinner, Select, type BadgeTone } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { cn } from '../../../lib/cn';
import { formatDateTime, formatTime } from '../../../lib/format';
import { isRunning, useRun, useRuns, useStopRun } from '../hooks';
import { detailLines, waitingOf } from '../transcript';
import { RUN_FILTERS, type FlowRun, type FlowRunSummary, type RunFilter, type TraceStep } from '../types';

const TONE: Record<string, BadgeTone> = {
  active: 'primary',
  waiting: 'secondary',
  completed: 'success',
  handed_off: 'accent',
  failed: 'danger',
  stopped: 'neutral',
};

export function RunStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Badge tone={TONE[status] ?? 'neutral'} dot data-status={status}>
      {t(`flows.runs.status.${status}`, { defaultValue: status })}
    </Badge>
  );
}

function contactOf(r: Pick<FlowRunSummary, 'contactName' | 'contactPhone' | 'origin'>, sandbox: string) {
  return r.contactName || r.contactPhone || (r.origin === 'sandbox' ? sandbox : '—');
}

/** A flow's runs, newest first, filtered by status; a row opens its trace. */
export function RunsList({ flowId, status, onStatus, onOpen, selected, compact }: { flowId: string; status: RunFilter | null; onStatus: (s: RunFilter | null) => void; onOpen: (runId: string) => void; selected?: string | null; compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const runs = useRuns(flowId, status);
  const items = runs.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="space-y-3" data-testid="runs-list">
      <Select value={status ?? ''} onChange={(e) => onStatus((e.target.value || null) as RunFilter | null)} aria-label={t('flows.runs.filter')} controlSize="sm" className="w-48!" data-testid="runs-filter">
        <option value="">{t('flows.runs.all')}</option>
        {RUN_FILTERS.map((s) => (
          <option key={s} value={s}>
            {t(`flows.runs.filters.${s}`)}
          </option>
        ))}
      </Select>
      {runs.isPending ? (
        <PageSpinner label={t('common.loading')} />
      ) : runs.isError ? (
        <Alert tone="danger">{errorText(runs.error)}</Alert>
      ) : items.length === 0 ? (
        <p className="py-6 text-center text-sm text-slate-500">{t('flows.runs.none')}</p>
      ) : (
        <ul className="divide-y divide-slate-100 overflow-hidden rounded-xl border border-slate-200 bg-white">
          {items.map((r) => (
            <li key={r.id}>
              <button
                type="button"
                onClick={() => onOpen(r.id)}
                className={cn('grid w-full gap-x-3 gap-y-0.5 px-3 py-2.5 text-start text-sm hover:bg-slate-50', compact ? 'grid-cols-[1fr_auto]' : 'grid-cols-[1fr_auto] sm:grid-cols-[1.5fr_0.6fr_1fr_1fr_auto]', selected === r.id && 'bg-primary-50/60')}
                data-testid="run-row"
                data-run-id={r.id}
                data-status={r.status}
              >
                <span className="min-w-0 truncate font-medium text-slate-900" dir="auto">
                  {contactOf(r, t('flows.runs.sandbox'))}
                </span>
                <span className={cn('text-end', !compact && 'sm:order-last')}>
                  <RunStatusBadge status={r.status} />
                </span>
                <span className={cn('text-xs text-slate-500', !compact && 'sm:text-sm')}>{r.version ? t('flows.versions.version', { n: r.version }) : t('flows.runs.draft')}</span>
                <span className={cn('text-xs text-slate-500', !compact && 'sm:text-sm')}>{formatDateTime(r.startedAt, i18n.language)}</span>
                <span className={cn('truncate font-mono text-xs text-slate-500', compact && 'col-span-2')} dir="ltr">
                  {r.currentNode ?? ''}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <LoadMore pages={runs} label={t('flows.runs.more')} className="text-center" />
    </div>
  );
}

function Step({ step, name }: { step: TraceStep; name: (id: string, type: string) => string }) {
  const { t, i18n } = useTranslation();
  const lines = detailLines(step.detail);
  return (
    <li className="relative ps-5" data-testid="trace-step" data-node={step.node}>
      <span className="absolute start-0 top-1.5 size-2.5 rounded-full bg-primary-400 ring-4 ring-primary-50" aria-hidden="true" />
      <div className="flex flex-wrap items-baseline gap-x-2">
        <span className="text-sm font-medium text-slate-900" dir="auto">
          {name(step.node, step.nodeType)}
        </span>
        {step.outcome && <span className="rounded bg-slate-100 px-1.5 font-mono text-[11px] text-slate-600" dir="ltr">→ {step.outcome}</span>}
        <time className="ms-auto text-[11px] text-slate-400" dateTime={step.at} title={formatDateTime(step.at, i18n.language)}>
          {formatTime(step.at, i18n.language)}
        </time>
      </div>
      {lines.length > 0 && (
        <ul className="mt-0.5 space-y-0.5">
          {lines.map((l, i) => (
            <li key={i} className="font-mono text-[11px] break-all text-slate-600" dir="auto">
              {l}
            </li>
          ))}
        </ul>
      )}
      {step.vars !== null && step.vars !== undefined && (
        <details className="mt-0.5">
          <summary className="cursor-pointer text-[11px] text-slate-500">{t('flows.runs.variables')}</summary>
          <pre className="mt-1 max-h-40 overflow-auto rounded bg-slate-50 p-2 text-[11px] text-slate-700" dir="ltr">
            {JSON.stringify(step.vars, null, 2)}
          </pre>
        </details>
      )}
    </li>
  );
}

/**
 * One run: who, which version, its status and what it waits for, every step (node, outcome, detail, variables,
 * time), and "Stop" while it is going on. `onShowPath` lights it on the canvas (in the builder).
 */
export function RunTrace({ runId, flowId, onBack, nodeName, onShowPath }: { runId: string; flowId: string; onBack: () => void; nodeName?: (id: string, type: string) => string; onShowPath?: (run: FlowRun) => void }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const run = useRun(runId);
  const stop = useStopRun(flowId);
  const name = nodeName ?? ((id: string, type: string) => `${t(`flows.kinds.${type}.name`, { defaultValue: type })} · ${id}`);
  return (
    <div className="space-y-3" data-testid="run-trace">
      <Button variant="ghost" size="sm" onClick={onBack}>
        <Icon name="arrowStart" className="size-4 rtl:-scale-x-100" />
        {t('flows.runs.back')}
      </Button>
      {run.isPending ? (
        <PageSpinner label={t('common.loading')} />
      ) : run.isError ? (
        <Alert tone="danger">{errorText(run.error)}</Alert>
      ) : (
        <>
          <div className="rounded-xl border border-slate-200 bg-white p-3">
            <div className="flex flex-wrap items-center gap-2">
              <p className="min-w-0 flex-1 truncate font-semibold text-slate-900" dir="auto">
                {contactOf(run.data, t('flows.runs.sandbox'))}
              </p>
              <RunStatusBadge status={run.data.status} />
            </div>
            <p className="mt-1 text-xs text-slate-500">
              {run.data.version ? t('flows.versions.version', { n: run.data.version }) : t('flows.runs.draft')} · {t(`flows.runs.origins.${run.data.origin}`, { defaultValue: run.data.origin })} ·{' '}
              {formatDateTime(run.data.startedAt, i18n.language)}
              {run.data.endedAt ? ` → ${formatDateTime(run.data.endedAt, i18n.language)}` : ''}
            </p>
            {run.data.reason && <p className="mt-1 text-xs text-slate-600" dir="auto">{run.data.reason}</p>}
            {isRunning(run.data.status) && (() => {
              const w = waitingOf(run.data.waitingFor);
              return w ? <p className="mt-1 text-xs text-secondary-700">{w.kind === 'timer' && w.until ? t('flows.test.waitingUntil', { time: formatDateTime(w.until, i18n.language) }) : t(`flows.test.waiting.${w.kind}`)}</p> : null;
            })()}
            <div className="mt-2 flex flex-wrap gap-2">
              {isRunning(run.data.status) && (
                <Button size="sm" variant="danger" loading={stop.isPending} onClick={() => stop.mutate(runId)} data-testid="run-stop">
                  {t('flows.runs.stop')}
                </Button>
              )}
              {onShowPath && (
                <Button size="sm" variant="outline" onClick={() => onShowPath(run.data)} data-testid="run-show-path">
                  {t('flows.runs.showPath')}
                </Button>
              )}
            </div>
            {stop.isError && <Alert tone="danger" className="mt-2">{errorText(stop.error)}</Alert>}
          </div>
          {run.data.trace.length === 0 ? (
            <p className="text-sm text-slate-500">{t('flows.runs.noSteps')}</p>
          ) : (
            <ol className="space-y-3 border-s border-slate-200 ps-1">
              {run.data.trace.map((s) => (
                <Step key={s.seq} step={s} name={name} />
              ))}
            </ol>
          )}
        </>
      )}
    </div>
  );
}
