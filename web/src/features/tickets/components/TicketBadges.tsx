import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/ui';
import { statusTone } from '../tickets';
import type { TicketStatus } from '../types';

export function TicketStatusBadge({ status }: { status: TicketStatus }) {
  const { t } = useTranslation();
  return <Badge tone={statusTone(status)}>{t(`tickets.status.${status}`)}</Badge>;
}
