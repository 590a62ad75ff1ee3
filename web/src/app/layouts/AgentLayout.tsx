import { useTranslation } from 'react-i18next';
import { WorkspaceShell } from './WorkspaceShell';

export function AgentLayout() {
  const { t } = useTranslation();
  return (
    <WorkspaceShell
      area="agent"
      testId="layout-agent"
      base="/agent"
      nav={[
        { to: '/agent', label: t('nav.dashboard'), icon: 'home', end: true },
        { to: '/agent/conversations', label: t('nav.conversations'), icon: 'chat' },
        { to: '/agent/analytics', label: t('nav.analytics'), icon: 'chart' },
        { to: '/agent/contacts', label: t('contacts.nav'), icon: 'users' },
        { to: '/agent/deals', label: t('deals.nav'), icon: 'chart' },
        { to: '/agent/tickets', label: t('tickets.nav'), icon: 'file' },
        { to: '/agent/profile', label: t('nav.profile'), icon: 'user' },
        { to: '/agent/security', label: t('twoFactor.nav'), icon: 'lock' },
      ]}
    />
  );
}
