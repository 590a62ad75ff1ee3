import { useEffect, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { sessionManager } from '../../api/client';
import { useSessionState } from '../auth';
import { RealtimeClient } from './client';
import { OpenConversation, RealtimeContext, type Realtime } from './context';
import { getNotifyPrefs, playChime, shouldNotify, showDesktopNotification, unlockSound } from './notify';
import { TypingStore } from './typing';

/**
 * One socket per signed-in session in a workspace: a new one when the person or the workspace changes. Keeps the
 * typing indicators and turns `notification` events into a chime and a desktop notification.
 */
export function RealtimeProvider({ conversationsPath, children }: { conversationsPath: string; children: ReactNode }) {
  const { session } = useSessionState();
  const key = session?.tenant ? `${session.user.id}:${session.tenant.id}` : null;
  if (!key) return children;
  return (
    <RealtimeSession key={key} conversationsPath={conversationsPath}>
      {children}
    </RealtimeSession>
  );
}

function RealtimeSession({ conversationsPath, children }: { conversationsPath: string; children: ReactNode }) {
  const navigate = useNavigate();
  const [realtime] = useState<Realtime>(() => ({
    client: new RealtimeClient({ getToken: () => sessionManager.getAccessToken(), refreshToken: () => sessionManager.refresh() }),
    typing: new TypingStore(),
    open: new OpenConversation(),
  }));

  useEffect(() => {
    realtime.client.start();
    return () => {
      realtime.client.stop();
      realtime.typing.clear();
    };
  }, [realtime]);

  useEffect(
    () =>
      realtime.client.subscribe((event) => {
        switch (event.name) {
          case 'conversation:typing':
            realtime.typing.apply(event.data);
            break;
          case 'message:new': {
            const sender = event.data.message.senderUserId;
            if (sender) realtime.typing.remove(event.data.conversationId, sender);
            break;
          }
          case 'notification': {
            const { conversationId, title, body } = event.data;
            if (!shouldNotify(conversationId, realtime.open.get(), document.visibilityState === 'hidden')) break;
            const prefs = getNotifyPrefs();
            if (prefs.sound) playChime();
            if (prefs.desktop) showDesktopNotification(title, body, conversationId, () => navigate(`${conversationsPath}/${conversationId}`));
            break;
          }
          default:
            break;
        }
      }),
    [realtime, navigate, conversationsPath],
  );

  // Browsers keep audio muted until the person interacts with the page.
  useEffect(() => {
    const unlock = () => unlockSound();
    window.addEventListener('pointerdown', unlock, { once: true });
    window.addEventListener('keydown', unlock, { once: true });
    return () => {
      window.removeEventListener('pointerdown', unlock);
      window.removeEventListener('keydown', unlock);
    };
  }, []);

  return <RealtimeContext.Provider value={realtime}>{children}</RealtimeContext.Provider>;
}
