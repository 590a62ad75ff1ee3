import { useTranslation } from 'react-i18next';
import type { Connection } from '../../../api/types';
import { Badge } from '../../../components/ui';
import { connectionTone, isConnectionStatus } from '../status';

export function ConnectionStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Badge tone={connectionTone(status)} dot>
      {isConnectionStatus(status) ? t(`whatsapp.status.${status}`) : status}
    </Badge>
  );
}

export function ConnectionKindBadge({ kind }: { kind: string }) {
  const { t } = useTranslation();
  return <Badge tone="primary">{kind === 'wasender' ? t('whatsapp.kind.wasender') : t('whatsapp.kind.cloud')}</Badge>;
}

/** The kind, plus "Simulator" for numbers played by the built-in simulator. */
export function ConnectionBadges({ connection }: { connection: Pick<Connection, 'kind' | 'simulated'> }) {
  const { t } = useTranslation();
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5">
      <ConnectionKindBadge kind={connection.kind} />
      {connection.simulated && <Badge tone="accent">{t('whatsapp.simulated')}</Badge>}
    </span>
  );
}
