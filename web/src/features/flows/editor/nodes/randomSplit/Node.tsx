import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { RfNodeOf } from '../../../graph';
import { NodeShell } from '../NodeShell';

/** An A/B split: the branches (with their shares) are its handles. */
export const RandomSplitNode = memo(function RandomSplitNode({ id, data, selected }: NodeProps<RfNodeOf<'randomSplit'>>) {
  const { t } = useTranslation();
  return (
    <NodeShell id={id} type="randomSplit" data={data} selected={selected}>
      <p className="text-slate-600">{t('flows.split.summary', { count: data.branches.length })}</p>
    </NodeShell>
  );
});
