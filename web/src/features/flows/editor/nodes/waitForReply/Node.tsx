import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDuration } from '../../format';
import type { RfNodeOf } from '../../../graph';
import { NodeShell, NodeFact } from '../NodeShell';

/** Waits for any reply; where it goes and the timeout. */
export const WaitForReplyNode = memo(function WaitForReplyNode({ id, data, selected }: NodeProps<RfNodeOf<'waitForReply'>>) {
  const { t, i18n } = useTranslation();
  return (
    <NodeShell id={id} type="waitForReply" data={data} selected={selected}>
      <p>{t('flows.kinds.waitForReply.description')}</p>
      {data.saveAs && <NodeFact label="→">vars.{data.saveAs}</NodeFact>}
      {data.timeoutSecs != null && <NodeFact label={t('flows.fields.timeout')}>{formatDuration(data.timeoutSecs, i18n.language)}</NodeFact>}
    </NodeShell>
  );
});
