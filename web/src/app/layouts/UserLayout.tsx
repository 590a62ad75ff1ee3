import { useTranslation } from 'react-i18next';
import { useSession } from '../../features/auth';
import { InboxLiveSync } from '../../features/conversations';
import { RealtimeProvider } from '../../features/realtime';
import { AppShell } from './AppShell';
import { InboxTools } from './InboxTools';

/** Owners and managers. */
export function UserLayout() {
  const { t } = useTranslation();
  const session = useSession();
  return (
    <RealtimeProvider conversationsPath="/app/conversations">
      <InboxLiveSync />
      <AppShell
        area="user"
        testId="layout-user"
        title={session.tenant?.name}
        tools={<InboxTools />}
        nav={[
          { to: '/app', label: t('nav.dashboard'), icon: 'home', end: true },
          { to: '/app/conversations', label: t('nav.conversations'), icon: 'chat' },
          { to: '/app/whatsapp', label: t('nav.whatsapp'), icon: 'phone' },
          { to: '/app/team', label: t('nav.team'), icon: 'users' },
          { to: '/app/inbox-settings', label: t('nav.inboxSettings'), icon: 'settings' },
          { to: '/app/api-keys', label: t('nav.apiKeys'), icon: 'key' },
          { to: '/app/audit-log', label: t('nav.auditLog'), icon: 'list' },
          { to: '/app/profile', label: t('nav.profile'), icon: 'user' },
        ]}
      />
    </RealtimeProvider>
  );
}
