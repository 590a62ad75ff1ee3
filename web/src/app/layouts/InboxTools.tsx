import { AgentStatusMenu } from '../../features/inbox';
import { NotificationsMenu } from '../../features/realtime';

/** The top bar's inbox controls for every member: notifications and availability. */
export function InboxTools() {
  return (
    <div className="flex items-center">
      <NotificationsMenu />
      <AgentStatusMenu />
    </div>
  );
}
