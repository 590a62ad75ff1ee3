import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDuration } from '../../format';
import type { RfNodeOf } from '../../../graph';
import { NodeShell } from '../NodeShell';

/** A delay, in words. */
export const WaitNode = memo(function WaitNode({ id, data, selected }: NodeProps<RfNodeOf<'wait'>>) {
  const { t, i18n } = useTranslation();
  return (
    <NodeShell id={id} type="wait" data={data} selected={selected}>
      <p className="font-medium">{t('flows.wait.for', { duration: formatDuration(data.seconds, i18n.language) })}</p>
    </NodeShell>
  );
});
