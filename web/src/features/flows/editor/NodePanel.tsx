import { useTranslation } from 'react-i18next';
import { Button, Icon } from '../../../components/ui';
import { cn } from '../../../lib/cn';
import type { FlowIssue, FlowNode, NodeData, NodeType } from '../types';
import { FlowIcon } from './icons';
import { nodeSettings } from './nodes';
import type { SettingsProps } from './settings/types';
import { useIssueText } from './issueText';

/** The selected node's settings form (one per kind), its issues above it, and the node's id. */
export function NodePanel({
  node,
  issues,
  onChange,
  onDelete,
  onDuplicate,
  readOnly,
}: {
  node: FlowNode;
  issues: FlowIssue[];
  onChange: (data: NodeData<NodeType>, key?: string) => void;
  onDelete: () => void;
  onDuplicate: () => void;
  readOnly: boolean;
}) {
  const { t } = useTranslation();
  const issueText = useIssueText();
  const Form = nodeSettings[node.type] as (p: SettingsProps<NodeType>) => React.ReactNode;
  return (
    <div className="space-y-4 p-4" data-testid="node-panel" data-node-id={node.id}>
      <div className="flex items-start gap-3">
        <span className="flex size-9 shrink-0 items-center justify-center rounded-xl bg-primary-50 text-primary-700">
          <FlowIcon name={node.type} className="size-5" />
        </span>
        <div className="min-w-0 flex-1">
          <h2 className="text-base font-semibold text-slate-900">{t(`flows.kinds.${node.type}.name`)}</h2>
          <p className="text-xs text-slate-500">{t(`flows.kinds.${node.type}.description`)}</p>
          <p className="mt-0.5 truncate font-mono text-[11px] text-slate-400" dir="ltr" title={node.id}>
            {node.id}
          </p>
        </div>
      </div>
      {issues.length > 0 && (
        <ul className="space-y-1" data-testid="node-panel-issues">
          {issues.map((i, n) => (
            <li
              key={n}
              className={cn(
                'flex gap-2 rounded-lg px-2.5 py-1.5 text-xs',
                i.severity === 'error' ? 'bg-danger-50 text-danger-800' : 'bg-warning-50 text-warning-800',
              )}
              dir="auto"
              title={i.message}
            >
              <Icon name="alert" className="mt-px size-3.5 shrink-0" />
              {issueText(i)}
            </li>
          ))}
        </ul>
      )}
      <Form id={node.id} data={node.data} onChange={onChange} />
      {!readOnly && node.type !== 'start' && (
        <div className="flex flex-wrap gap-2 border-t border-slate-100 pt-4">
          <Button variant="outline" size="sm" onClick={onDuplicate} data-testid="duplicate-node">
            <Icon name="copy" className="size-4" />
            {t('flows.editor.duplicate')}
          </Button>
          <Button variant="ghost" size="sm" className="text-danger-700 hover:bg-danger-50 hover:text-danger-800" onClick={onDelete} data-testid="delete-node">
            <Icon name="trash" className="size-4" />
            {t('flows.editor.deleteNode')}
          </Button>
        </div>
      )}
    </div>
  );
}
