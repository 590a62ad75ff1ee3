import { useSyncExternalStore } from 'react';
import { sessionManager } from '../../../api/client';
import type { SessionState } from '../../../api/session';
import type { Session } from '../../../api/types';

export function useSessionState(): SessionState {
  return useSyncExternalStore(sessionManager.subscribe, sessionManager.getState, sessionManager.getState);
}

/** The current Session; only for components rendered behind a signed-in guard. */
export function useSession(): Session {
  const { session } = useSessionState();
  if (!session) throw new Error('useSession() used outside a signed-in route');
  return session;
}
