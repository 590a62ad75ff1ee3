import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/ui';
import { priorityTone } from '../board';
import { isPriority } from '../types';

export function PriorityBadge({ priority, className }: { priority: string; className?: string }) {
  const { t } = useTranslation();
  return (
    <Badge tone={priorityTone(priority)} className={className}>
      {isPriority(priority) ? t(`deals.priority.${priority}`) : priority}
    </Badge>
  );
}
