import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/ui';
import { statusTone } from '../tickets';
import { isTicketStatus } from '../types';

export function TicketStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return <Badge tone={statusTone(status)}>{isTicketStatus(status) ? t(`tickets.status.${status}`) : status}</Badge>;
}
