import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { useRuleText } from '../../ruleText';
import type { RfNodeOf } from '../../../graph';
import { NodeShell } from '../NodeShell';

/** Rules, summarised one per line, with how they combine. */
export const ConditionNode = memo(function ConditionNode({ id, data, selected }: NodeProps<RfNodeOf<'condition'>>) {
  const { t } = useTranslation();
  const ruleText = useRuleText();
  const rules = data.rules ?? [];
  return (
    <NodeShell id={id} type="condition" data={data} selected={selected}>
      {rules.length === 0 ? (
        <p className="text-slate-400 italic">{t('flows.condition.noRules')}</p>
      ) : (
        <>
          {rules.length > 1 && <p className="text-[11px] font-medium text-slate-500">{t(`flows.condition.mode.${data.mode ?? 'all'}`)}</p>}
          <ul className="space-y-0.5">
            {rules.slice(0, 4).map((r, i) => (
              <li key={i} className="truncate font-mono text-[11px]" dir="auto">
                {ruleText(r)}
              </li>
            ))}
            {rules.length > 4 && <li className="text-[11px] text-slate-500">{t('flows.condition.more', { count: rules.length - 4 })}</li>}
          </ul>
        </>
      )}
    </NodeShell>
  );
});
