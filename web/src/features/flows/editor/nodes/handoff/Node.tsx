import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { RfNodeOf } from '../../../graph';
import { NodeShell, TemplateText } from '../NodeShell';

/** Ends the run and hands over to a person, with a note for them. */
export const HandoffNode = memo(function HandoffNode({ id, data, selected }: NodeProps<RfNodeOf<'handoff'>>) {
  const { t } = useTranslation();
  return (
    <NodeShell id={id} type="handoff" data={data} selected={selected}>
      <TemplateText text={data.note} placeholder={t('flows.kinds.handoff.description')} lines={3} />
    </NodeShell>
  );
});
