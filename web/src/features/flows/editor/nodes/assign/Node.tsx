import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { useCanvasInfo } from '../../context';
import type { RfNodeOf } from '../../../graph';
import { NodeShell, NodeFact } from '../NodeShell';

/** Who the conversation goes to. */
export const AssignNode = memo(function AssignNode({ id, data, selected }: NodeProps<RfNodeOf<'assign'>>) {
  const { t } = useTranslation();
  const { names } = useCanvasInfo();
  return (
    <NodeShell id={id} type="assign" data={data} selected={selected}>
      {!data.userId && !data.teamId && <p className="text-slate-400 italic">{t('flows.assign.nobody')}</p>}
      {data.userId && <NodeFact label={t('flows.fields.agent')}>{names.users.get(data.userId) ?? t('flows.nodes.unknown')}</NodeFact>}
      {data.teamId && <NodeFact label={t('flows.fields.team')}>{names.teams.get(data.teamId) ?? t('flows.nodes.unknown')}</NodeFact>}
    </NodeShell>
  );
});
