import { useTranslation } from 'react-i18next';
import { useSession } from '../../features/auth';
import { AppShell } from './AppShell';

export function AgentLayout() {
  const { t } = useTranslation();
  const session = useSession();
  return (
    <AppShell
      area="agent"
      testId="layout-agent"
      title={session.tenant?.name}
      nav={[
        { to: '/agent', label: t('nav.dashboard'), icon: 'home', end: true },
        { to: '/agent/conversations', label: t('nav.conversations'), icon: 'chat' },
        { to: '/agent/profile', label: t('nav.profile'), icon: 'user' },
      ]}
    />
  );
}
