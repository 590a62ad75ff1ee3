import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { RfNodeOf } from '../../../graph';
import { NodeShell } from '../NodeShell';

/** A label added or removed. */
export const LabelNode = memo(function LabelNode({ id, data, selected }: NodeProps<RfNodeOf<'label'>>) {
  const { t } = useTranslation();
  return (
    <NodeShell id={id} type="label" data={data} selected={selected}>
      <p>
        {t(`flows.label.${data.action}`)}{' '}
        {data.label ? <span className="rounded-full bg-slate-100 px-2 py-0.5 font-medium" dir="auto">{data.label}</span> : <span className="text-slate-400 italic">{t('flows.nodes.noLabel')}</span>}
      </p>
    </NodeShell>
  );
});
