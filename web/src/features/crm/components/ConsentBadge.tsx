import { useTranslation } from 'react-i18next';
import { Badge, type BadgeTone } from '../../../components/ui';
import type { ConsentStatus } from '../types';

const TONES: Record<ConsentStatus, BadgeTone> = { opted_in: 'success', opted_out: 'danger', unknown: 'neutral' };

/** A contact's marketing opt-in state. */
export function ConsentBadge({ status }: { status: ConsentStatus }) {
  const { t } = useTranslation();
  return (
    <Badge tone={TONES[status] ?? 'neutral'} dot>
      <span data-testid="consent-badge" data-status={status}>
        {t(`contacts.consent.${status}`)}
      </span>
    </Badge>
  );
}
