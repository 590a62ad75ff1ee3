import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { useCanvasInfo } from '../../context';
import { triggerSummary } from '../../../triggerSummary';
import type { RfNodeOf } from '../../../graph';
import { NodeShell } from '../NodeShell';

/** The entry: shows what starts the flow. */
export const StartNode = memo(function StartNode({ id, data, selected }: NodeProps<RfNodeOf<'start'>>) {
  const { t } = useTranslation();
  const { trigger } = useCanvasInfo();
  void data;
  return (
    <NodeShell id={id} type="start" data={data} selected={selected}>
      <p className="text-slate-600" dir="auto">{trigger ? triggerSummary(trigger, t) : t('flows.kinds.start.description')}</p>
    </NodeShell>
  );
});
