import { Handle, Position } from '@xyflow/react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { cn } from '../../../../lib/cn';
import { formatNumber } from '../../../../lib/format';
import { GROUP_TONE, groupOf } from '../../catalog';
import { worstSeverity } from '../../issues';
import { describeOutcome, hasInput, isOptionalOutcome, outcomesOf } from '../../outcomes';
import type { FlowNodeKind, NodeType } from '../../types';
import { useCanvasInfo } from '../context';
import { FlowIcon } from '../icons';
import { useOutcomeLabel } from '../outcomeLabel';
import { useIssueText } from '../issueText';

function Figures({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const { figures } = useCanvasInfo();
  if (!figures) return null;
  const f = figures.get(id);
  const n = (v: number) => formatNumber(v, i18n.language);
  return (
    <div className="flex flex-wrap gap-x-2.5 gap-y-0.5 border-b border-slate-100 bg-slate-50 px-3 py-1 text-[11px] text-slate-600" data-testid="node-figures">
      <span className="inline-flex items-center gap-0.5" title={t('flows.analytics.entered')}>
        <FlowIcon name="play" className="size-3" />
        {n(f?.entered ?? 0)}
      </span>
      {(f?.waiting ?? 0) > 0 && (
        <span className="inline-flex items-center gap-0.5 text-secondary-700" title={t('flows.analytics.waiting')}>
          <FlowIcon name="wait" className="size-3" />
          {n(f?.waiting ?? 0)}
        </span>
      )}
      {(f?.dropped ?? 0) > 0 && (
        <span className="inline-flex items-center gap-0.5 text-danger-700" title={t('flows.analytics.dropped')}>
          <FlowIcon name="stop" className="size-3" />
          {n(f?.dropped ?? 0)}
        </span>
      )}
    </div>
  );
}

/**
 * The frame every node kind draws: a header with the kind, the kind's own content (`children`), the issues of the
 * node in its own words, and one labelled source handle per outcome (the row's end). An error outlines it in red; a
 * test run's path lights it (the current node pulses).
 */
export function NodeShell({ id, type, data, selected, children }: { id: string; type: NodeType; data: unknown; selected?: boolean; children?: ReactNode }) {
  const { t } = useTranslation();
  const info = useCanvasInfo();
  const issueText = useIssueText();
  const label = useOutcomeLabel();
  const node = { type, data } as FlowNodeKind;
  const outcomes = outcomesOf(node);
  const issues = info.issues.get(id);
  const worst = worstSeverity(issues);
  const group = groupOf(type);
  const visited = info.light?.nodes.has(id) ?? false;
  const current = info.current === id;
  const visits = info.light?.visits.get(id) ?? 0;

  return (
    <div
      className={cn(
        'relative w-64 rounded-xl border bg-white text-start shadow-sm transition-shadow',
        worst === 'error' ? 'border-danger-400 ring-2 ring-danger-200' : worst === 'warning' ? 'border-warning-300' : 'border-slate-200',
        selected && 'ring-2 ring-primary-400',
        visited && !current && 'ring-2 ring-success-400',
        current && 'ring-2 ring-success-500',
      )}
      data-testid="flow-node"
      data-node-id={id}
      data-node-type={type}
      data-severity={worst ?? undefined}
      data-visited={visited || undefined}
      data-current={current || undefined}
    >
      {current && <span className="pointer-events-none absolute -inset-2 animate-pulse rounded-2xl ring-4 ring-success-400/70" aria-hidden="true" />}
      {hasInput(node) && <Handle type="target" position={Position.Left} className="size-3! border-2! border-white! bg-slate-400!" />}
      <div className={cn('flex items-center gap-2 rounded-t-xl px-3 py-1.5 text-xs font-semibold', group === 'start' ? 'bg-success-50 text-success-700' : GROUP_TONE[group])}>
        <FlowIcon name={type} className="size-4 shrink-0" />
        <span className="min-w-0 flex-1 truncate">{t(`flows.kinds.${type}.name`)}</span>
        {visits > 1 && <span className="rounded-full bg-white/80 px-1.5 text-[10px] text-success-700">×{visits}</span>}
        {worst && (
          <span className={cn('shrink-0', worst === 'error' ? 'text-danger-600' : 'text-warning-600')} title={t(`flows.issues.${worst}`)}>
            <svg viewBox="0 0 24 24" className="size-4" fill="none" stroke="currentColor" strokeWidth={2} aria-hidden="true">
              <path d="M12 9v4M12 17h.01M10.3 3.9 2.4 18a2 2 0 0 0 1.7 3h15.8a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0Z" />
            </svg>
          </span>
        )}
      </div>
      <Figures id={id} />
      {children && <div className="space-y-1.5 px-3 py-2 text-xs text-slate-700">{children}</div>}
      {issues && issues.length > 0 && (
        <ul className="space-y-0.5 border-t border-slate-100 px-3 py-1.5" data-testid="node-issues">
          {issues.slice(0, 3).map((issue, i) => (
            <li key={i} className={cn('text-[11px] leading-snug', issue.severity === 'error' ? 'text-danger-700' : 'text-warning-800')} dir="auto" title={issue.message}>
              {issueText(issue)}
            </li>
          ))}
          {issues.length > 3 && <li className="text-[11px] text-slate-500">{t('flows.issues.more', { count: issues.length - 3 })}</li>}
        </ul>
      )}
      {outcomes.length > 0 && (
        <div className="border-t border-slate-100 py-1">
          {outcomes.map((o) => {
            const optional = isOptionalOutcome(o);
            return (
              <div key={o} className="relative flex items-center justify-end py-0.5 pe-4 ps-3" data-testid="node-outcome" data-outcome={o}>
                <span className={cn('truncate text-[11px]', optional ? 'text-slate-400' : 'font-medium text-slate-600')} dir="auto">
                  {label(describeOutcome(node, o))}
                </span>
                <Handle
                  type="source"
                  id={o}
                  position={Position.Right}
                  className={cn('size-3! border-2! border-white!', optional ? 'bg-slate-300!' : 'bg-primary-500!')}
                />
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}

/** A node text with its `{{variables}}` shown as chips. */
export function TemplateText({ text, lines = 4, placeholder }: { text: string | null | undefined; lines?: number; placeholder?: string }) {
  if (!text?.trim()) return <p className="text-slate-400 italic">{placeholder}</p>;
  const parts = text.split(/(\{\{[^{}]*\}\})/g);
  return (
    <p className={cn('break-words whitespace-pre-line', lines === 2 ? 'line-clamp-2' : lines === 3 ? 'line-clamp-3' : 'line-clamp-4')} dir="auto">
      {parts.map((p, i) =>
        p.startsWith('{{') && p.endsWith('}}') ? (
          <span key={i} className="rounded bg-primary-50 px-1 font-mono text-[10px] text-primary-700" dir="ltr">
            {p.slice(2, -2).trim()}
          </span>
        ) : (
          p
        ),
      )}
    </p>
  );
}

/** A small grey "key: value" line in a node. */
export function NodeFact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <p className="flex min-w-0 gap-1 text-[11px] text-slate-500">
      <span className="shrink-0">{label}</span>
      <span className="min-w-0 truncate font-medium text-slate-700">{children}</span>
    </p>
  );
}
