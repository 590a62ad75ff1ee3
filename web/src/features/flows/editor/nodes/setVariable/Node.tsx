import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { RfNodeOf } from '../../../graph';
import { NodeShell, TemplateText } from '../NodeShell';

/** `vars.<name>` = its value. */
export const SetVariableNode = memo(function SetVariableNode({ id, data, selected }: NodeProps<RfNodeOf<'setVariable'>>) {
  const { t } = useTranslation();
  return (
    <NodeShell id={id} type="setVariable" data={data} selected={selected}>
      <p className="truncate font-mono text-[11px] text-primary-700" dir="ltr">vars.{data.name || '?'}</p>
      <TemplateText text={data.value} placeholder={t('flows.nodes.emptyValue')} lines={2} />
    </NodeShell>
  );
});
