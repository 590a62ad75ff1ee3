import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { RfNodeOf } from '../../../graph';
import { NodeShell, NodeFact, TemplateText } from '../NodeShell';

/** A message: its text, and the media kind when it carries one. */
export const SendMessageNode = memo(function SendMessageNode({ id, data, selected }: NodeProps<RfNodeOf<'sendMessage'>>) {
  const { t } = useTranslation();
  return (
    <NodeShell id={id} type="sendMessage" data={data} selected={selected}>
      {data.mediaKind && <NodeFact label={t('flows.fields.media')}>{t(`flows.media.${data.mediaKind}`)}</NodeFact>}
      <TemplateText text={data.text} placeholder={t('flows.nodes.noText')} />
    </NodeShell>
  );
});
