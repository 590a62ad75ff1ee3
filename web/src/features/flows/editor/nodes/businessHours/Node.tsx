import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { RfNodeOf } from '../../../graph';
import { NodeShell } from '../NodeShell';

/** Open or closed, by the inbox's business hours. */
export const BusinessHoursNode = memo(function BusinessHoursNode({ id, data, selected }: NodeProps<RfNodeOf<'businessHours'>>) {
  const { t } = useTranslation();
  void data;
  return (
    <NodeShell id={id} type="businessHours" data={data} selected={selected}>
      <p className="text-slate-600">{t('flows.kinds.businessHours.description')}</p>
    </NodeShell>
  );
});
