import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { RfNodeOf } from '../../../graph';
import { NodeShell } from '../NodeShell';

/** Continues at another node of this flow. */
export const JumpNode = memo(function JumpNode({ id, data, selected }: NodeProps<RfNodeOf<'jump'>>) {
  const { t } = useTranslation();
  return (
    <NodeShell id={id} type="jump" data={data} selected={selected}>
      <p className="truncate">→ {data.target ? <span className="font-mono text-[11px]" dir="ltr">{data.target}</span> : <span className="text-slate-400 italic">{t('flows.nodes.noTarget')}</span>}</p>
    </NodeShell>
  );
});
