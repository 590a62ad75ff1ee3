import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { useCanvasInfo } from '../../context';
import type { RfNodeOf } from '../../../graph';
import { NodeShell, TemplateText } from '../NodeShell';

/** A contact field and the value it gets. */
export const UpdateFieldNode = memo(function UpdateFieldNode({ id, data, selected }: NodeProps<RfNodeOf<'updateField'>>) {
  const { t } = useTranslation();
  const { names } = useCanvasInfo();
  return (
    <NodeShell id={id} type="updateField" data={data} selected={selected}>
      <p className="truncate font-medium" dir="auto">{data.key ? (names.fields.get(data.key) ?? data.key) : <span className="text-slate-400 italic">{t('flows.nodes.noField')}</span>}</p>
      <TemplateText text={data.value} placeholder={t('flows.nodes.emptyValue')} lines={2} />
    </NodeShell>
  );
});
