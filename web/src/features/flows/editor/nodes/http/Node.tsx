import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { RfNodeOf } from '../../../graph';
import { NodeShell, NodeFact } from '../NodeShell';

/** An HTTP call: method, URL, and how much of the answer is kept. */
export const HttpNode = memo(function HttpNode({ id, data, selected }: NodeProps<RfNodeOf<'http'>>) {
  const { t } = useTranslation();
  const mapped = data.responseMap?.length ?? 0;
  return (
    <NodeShell id={id} type="http" data={data} selected={selected}>
      <p className="flex min-w-0 items-center gap-1.5" dir="ltr">
        <span className="rounded bg-sky-100 px-1.5 py-0.5 font-mono text-[10px] font-semibold text-sky-800">{data.method ?? 'GET'}</span>
        <span className="min-w-0 truncate font-mono text-[11px]">{data.url}</span>
      </p>
      {mapped > 0 && <NodeFact label="→">{t('flows.http.mapped', { count: mapped })}</NodeFact>}
    </NodeShell>
  );
});
