import { useTranslation } from 'react-i18next';
import type { Role } from '../../../api/types';
import { Badge } from '../../../components/ui';

export function RoleBadgeInline({ role }: { role: Role }) {
  const { t } = useTranslation();
  return (
    <Badge tone="primary" className="text-sm">
      {t(`roles.${role}`)}
    </Badge>
  );
}
