import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { RfNodeOf } from '../../../graph';
import { NodeShell } from '../NodeShell';

/** Consent granted or withdrawn. */
export const SetConsentNode = memo(function SetConsentNode({ id, data, selected }: NodeProps<RfNodeOf<'setConsent'>>) {
  const { t } = useTranslation();
  return (
    <NodeShell id={id} type="setConsent" data={data} selected={selected}>
      <p>{t(data.granted ? 'flows.consent.granted' : 'flows.consent.withdrawn')}</p>
    </NodeShell>
  );
});
