import { useTranslation } from 'react-i18next';
import { useSession } from '../../features/auth';
import { InboxLiveSync } from '../../features/conversations';
import { RealtimeProvider } from '../../features/realtime';
import { AppShell } from './AppShell';
import { InboxTools } from './InboxTools';

export function AgentLayout() {
  const { t } = useTranslation();
  const session = useSession();
  return (
    <RealtimeProvider conversationsPath="/agent/conversations">
      <InboxLiveSync />
      <AppShell
        area="agent"
        testId="layout-agent"
        title={session.tenant?.name}
        tools={<InboxTools />}
        nav={[
          { to: '/agent', label: t('nav.dashboard'), icon: 'home', end: true },
          { to: '/agent/conversations', label: t('nav.conversations'), icon: 'chat' },
          { to: '/agent/profile', label: t('nav.profile'), icon: 'user' },
        ]}
      />
    </RealtimeProvider>
  );
}
