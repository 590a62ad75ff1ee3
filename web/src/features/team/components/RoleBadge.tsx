import { useTranslation } from 'react-i18next';
import type { Role } from '../../../api/types';
import { Badge, type BadgeTone } from '../../../components/ui';

const tones: Record<Role, BadgeTone> = { owner: 'primary', manager: 'secondary', agent: 'neutral' };

export function RoleBadge({ role }: { role: Role }) {
  const { t } = useTranslation();
  return <Badge tone={tones[role]}>{t(`roles.${role}`)}</Badge>;
}
