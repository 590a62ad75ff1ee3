import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { askStyle } from '../../askStyle';
import { formatDuration } from '../../format';
import type { RfNodeOf } from '../../../graph';
import { NodeShell, TemplateText } from '../NodeShell';

/** A question with reply buttons (up to 3) or a list: the options are its handles. */
export const AskNode = memo(function AskNode({ id, data, selected }: NodeProps<RfNodeOf<'ask'>>) {
  const { t, i18n } = useTranslation();
  return (
    <NodeShell id={id} type="ask" data={data} selected={selected}>
      <TemplateText text={data.text} placeholder={t('flows.nodes.noText')} lines={3} />
      <p className="flex flex-wrap gap-1">
        <span className="rounded bg-slate-100 px-1.5 py-0.5 text-[10px] font-medium text-slate-600">{t(`flows.ask.style.${askStyle(data)}`)}</span>
        {data.saveAs && <span className="rounded bg-primary-50 px-1.5 py-0.5 font-mono text-[10px] text-primary-700" dir="ltr">→ vars.{data.saveAs}</span>}
        {data.timeoutSecs != null && <span className="rounded bg-secondary-50 px-1.5 py-0.5 text-[10px] text-secondary-700">⏱ {formatDuration(data.timeoutSecs, i18n.language)}</span>}
      </p>
    </NodeShell>
  );
});
