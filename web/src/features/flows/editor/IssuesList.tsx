import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../../components/ui';
import { cn } from '../../../lib/cn';
import type { EditorGraph } from '../graph';
import type { PlacedIssues } from '../issues';
import { nodeText } from '../summary';
import type { FlowIssue } from '../types';
import { useIssueText } from './issueText';

/**
 * Validation at a glance, over the canvas: "2 errors · 1 warning", opening to every issue, the flow's own first;
 * an issue of a node selects that node and brings it into view.
 */
export function IssuesList({ placed, graph, onSelectNode }: { placed: PlacedIssues; graph: EditorGraph; onSelectNode: (id: string) => void }) {
  const { t } = useTranslation();
  const issueText = useIssueText();
  const [open, setOpen] = useState(false);
  const total = placed.errors + placed.warnings;
  const rows: { issue: FlowIssue; node?: string }[] = [
    ...placed.flow.map((issue) => ({ issue })),
    ...graph.nodes.flatMap((n) => (placed.byNode.get(n.id) ?? []).map((issue) => ({ issue, node: n.id }))),
  ];
  const nodeName = (id: string) => {
    const n = graph.nodes.find((x) => x.id === id);
    if (!n) return id;
    const text = nodeText(n);
    return `${t(`flows.kinds.${n.type}.name`)}${text ? ` · ${text}` : ''}`;
  };

  if (total === 0) {
    return (
      <div className="inline-flex items-center gap-1.5 rounded-full border border-success-200 bg-white/95 px-3 py-1.5 text-xs font-medium text-success-700 shadow-sm" data-testid="issues-ok">
        <Icon name="check" className="size-3.5" />
        {t('flows.issues.none')}
      </div>
    );
  }
  return (
    <div className="w-80 max-w-[calc(100vw-2rem)] overflow-hidden rounded-xl border border-slate-200 bg-white/95 shadow-lg" data-testid="issues-list">
      <button
        type="button"
        onClick={() => setOpen((o) => !o)}
        aria-expanded={open}
        className="flex w-full items-center gap-2 px-3 py-2 text-start text-xs font-semibold"
        data-testid="issues-toggle"
      >
        <Icon name="alert" className={cn('size-4', placed.errors > 0 ? 'text-danger-600' : 'text-warning-600')} />
        <span className="flex-1">
          {placed.errors > 0 && <span className="text-danger-700">{t('flows.issues.errors', { count: placed.errors })}</span>}
          {placed.errors > 0 && placed.warnings > 0 && ' · '}
          {placed.warnings > 0 && <span className="text-warning-800">{t('flows.issues.warnings', { count: placed.warnings })}</span>}
        </span>
        <Icon name="chevronDown" className={cn('size-4 text-slate-400 transition', open && 'rotate-180')} />
      </button>
      {open && (
        <ul className="max-h-64 divide-y divide-slate-100 overflow-y-auto border-t border-slate-100">
          {rows.map(({ issue, node }, i) => (
            <li key={i}>
              <button
                type="button"
                disabled={!node}
                onClick={() => node && onSelectNode(node)}
                className="flex w-full gap-2 px-3 py-2 text-start text-xs enabled:hover:bg-slate-50"
                data-testid="issue-row"
                data-node={node}
              >
                <span className={cn('mt-1 size-2 shrink-0 rounded-full', issue.severity === 'error' ? 'bg-danger-500' : 'bg-warning-500')} aria-hidden="true" />
                <span className="min-w-0">
                  <span className="block font-medium text-slate-800" dir="auto">
                    {node ? nodeName(node) : t('flows.issues.flow')}
                  </span>
                  <span className="block text-slate-600" dir="auto">
                    {issueText(issue)}
                  </span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
