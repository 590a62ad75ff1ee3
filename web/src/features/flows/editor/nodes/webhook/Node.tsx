import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { RfNodeOf } from '../../../graph';
import { NodeShell } from '../NodeShell';

/** A POST that does not wait. */
export const WebhookNode = memo(function WebhookNode({ id, data, selected }: NodeProps<RfNodeOf<'webhook'>>) {
  return (
    <NodeShell id={id} type="webhook" data={data} selected={selected}>
      <p className="flex min-w-0 items-center gap-1.5" dir="ltr">
        <span className="rounded bg-sky-100 px-1.5 py-0.5 font-mono text-[10px] font-semibold text-sky-800">POST</span>
        <span className="min-w-0 truncate font-mono text-[11px]">{data.url}</span>
      </p>
    </NodeShell>
  );
});
