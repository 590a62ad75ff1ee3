import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { useCanvasInfo } from '../../context';
import type { RfNodeOf } from '../../../graph';
import { NodeShell } from '../NodeShell';

/** Hands the contact to another flow. */
export const StartFlowNode = memo(function StartFlowNode({ id, data, selected }: NodeProps<RfNodeOf<'startFlow'>>) {
  const { t } = useTranslation();
  const { names } = useCanvasInfo();
  return (
    <NodeShell id={id} type="startFlow" data={data} selected={selected}>
      <p className="truncate font-medium" dir="auto">{data.flowId ? (names.flows.get(data.flowId) ?? t('flows.nodes.unknown')) : <span className="text-slate-400 italic">{t('flows.nodes.noFlow')}</span>}</p>
    </NodeShell>
  );
});
