import { Outlet } from 'react-router';
import { SupportBannerSlot } from '../../features/agency';
import { useSession } from '../../features/auth';
import { BillingBanners, BillingGate, BillingPromptDialog } from '../../features/billing';
import { InboxLiveSync } from '../../features/conversations';
import { RealtimeProvider } from '../../features/realtime';
import { AppShell, type NavItem } from './AppShell';
import { InboxTools } from './InboxTools';

/**
 * The frame of a workspace member (owner, manager or agent): live over the socket, titled with the workspace, with
 * notifications and availability in the top bar, billing notices below it, and the upgrade prompt for refused
 * actions. The layouts differ only in their area and menu.
 */
export function WorkspaceShell({ area, testId, base, nav }: { area: 'user' | 'agent'; testId: string; base: string; nav: NavItem[] }) {
  const session = useSession();
  const isOwner = session.role === 'owner';
  return (
    <RealtimeProvider conversationsPath={`${base}/conversations`}>
      <InboxLiveSync />
      <AppShell
        area={area}
        testId={testId}
        title={session.tenant?.name}
        tools={<InboxTools />}
        nav={nav}
        notices={
          <>
            <SupportBannerSlot active={Boolean(session.support)} />
            <BillingBanners billingPath={area === 'user' ? `${base}/billing` : undefined} />
          </>
        }
      >
        <BillingGate isOwner={isOwner}>
          <Outlet />
        </BillingGate>
      </AppShell>
      <BillingPromptDialog isOwner={isOwner} />
    </RealtimeProvider>
  );
}
