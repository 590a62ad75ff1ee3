import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/ui';
import { priorityTone } from '../board';
import type { Priority } from '../types';

export function PriorityBadge({ priority, className }: { priority: Priority; className?: string }) {
  const { t } = useTranslation();
  return (
    <Badge tone={priorityTone(priority)} className={className}>
      {t(`deals.priority.${priority}`)}
    </Badge>
  );
}
