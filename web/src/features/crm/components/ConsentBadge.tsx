import { useTranslation } from 'react-i18next';
import { Badge, type BadgeTone } from '../../../components/ui';
import { isConsentStatus, type ConsentStatus } from '../types';

const TONES: Record<ConsentStatus, BadgeTone> = { opted_in: 'success', opted_out: 'danger', unknown: 'neutral' };

/** A contact's marketing opt-in state. */
export function ConsentBadge({ status: raw }: { status: string }) {
  const { t } = useTranslation();
  const status = isConsentStatus(raw) ? raw : 'unknown';
  return (
    <Badge tone={TONES[status] ?? 'neutral'} dot>
      <span data-testid="consent-badge" data-status={status}>
        {t(`contacts.consent.${status}`)}
      </span>
    </Badge>
  );
}
