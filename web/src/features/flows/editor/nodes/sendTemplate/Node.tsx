import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { RfNodeOf } from '../../../graph';
import { NodeFact, NodeShell } from '../NodeShell';

/** A WhatsApp template by name and language. */
export const SendTemplateNode = memo(function SendTemplateNode({ id, data, selected }: NodeProps<RfNodeOf<'sendTemplate'>>) {
  const { t } = useTranslation();
  return (
    <NodeShell id={id} type="sendTemplate" data={data} selected={selected}>
      <p className="truncate font-mono text-[11px]" dir="ltr">{data.name || <span className="text-slate-400 italic">{t('flows.nodes.noTemplate')}</span>}</p>
      <NodeFact label={t('flows.fields.language')}>{data.language}</NodeFact>
    </NodeShell>
  );
});
