import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { RfNodeOf } from '../../../graph';
import { NodeShell } from '../NodeShell';

/** The end of the run. */
export const EndNode = memo(function EndNode({ id, data, selected }: NodeProps<RfNodeOf<'end'>>) {
  const { t } = useTranslation();
  void data;
  return (
    <NodeShell id={id} type="end" data={data} selected={selected}>
      <p className="text-slate-600">{t('flows.kinds.end.description')}</p>
    </NodeShell>
  );
});
