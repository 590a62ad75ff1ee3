//! The signed-in state: the access token (memory only, never storage), the Session, and token refresh.
//! Refreshing goes through one shared promise (and a cross-tab lock when the browser has one) because
//! refresh tokens rotate: sending the same one twice would revoke the whole session family.
import type { AuthResponse, Session } from './types';

export type SessionStatus = 'loading' | 'authenticated' | 'anonymous';

export interface SessionState {
  status: SessionStatus;
  session: Session | null;
}

export type FetchFn = (input: Request) => Promise<Response>;

export interface SessionManager {
  getState(): SessionState;
  subscribe(listener: () => void): () => void;
  getAccessToken(): string | null;
  /** Stores a fresh AuthResponse (login, signup, refresh, switch tenant, accepted invitation). */
  apply(auth: AuthResponse): void;
  /** Replaces the Session after e.g. PATCH /auth/me. */
  setSession(session: Session): void;
  /** POST /auth/refresh with the cookie; true when a new access token was obtained. Concurrent calls share one request. */
  refresh(): Promise<boolean>;
  /** Restores the session on page load (once). */
  start(): Promise<boolean>;
  /** Forgets the session locally (no request). */
  clear(): void;
  /** Called by the API client when a request stays unauthorised after a refresh attempt. */
  onAuthFailure(): void;
  /** POST /auth/logout, then forget the session. */
  logout(): Promise<void>;
}

export interface SessionManagerOptions {
  fetch?: FetchFn;
  baseUrl?: string;
  /** Seconds before expiry at which the token is refreshed. */
  refreshLeadSeconds?: number;
}

const REFRESH_PATH = '/api/v1/auth/refresh';
const LOGOUT_PATH = '/api/v1/auth/logout';

/** Milliseconds to wait before refreshing a token that expires in `expiresIn` seconds. */
export function refreshDelayMs(expiresIn: number, leadSeconds = 60): number {
  const seconds = expiresIn > leadSeconds * 2 ? expiresIn - leadSeconds : expiresIn / 2;
  return Math.max(5, seconds) * 1000;
}

function withCrossTabLock<T>(fn: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  // The lock's promise resolves to what `fn` resolves to (the DOM typing nests it).
  if (locks?.request) return locks.request('parley-auth-refresh', fn) as unknown as Promise<T>;
  return fn();
}

export function createSessionManager(options: SessionManagerOptions = {}): SessionManager {
  const doFetch: FetchFn = options.fetch ?? ((req) => globalThis.fetch(req));
  const baseUrl = options.baseUrl ?? '';
  const lead = options.refreshLeadSeconds ?? 60;

  let state: SessionState = { status: 'loading', session: null };
  let accessToken: string | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: Promise<boolean> | null = null;
  let started: Promise<boolean> | null = null;
  const listeners = new Set<() => void>();

  const setState = (next: SessionState) => {
    state = next;
    listeners.forEach((l) => l());
  };

  const cancelTimer = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };

  const post = (path: string) =>
    doFetch(
      new Request(baseUrl + path, {
        method: 'POST',
        credentials: 'include',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: '{}',
      }),
    );

  const manager: SessionManager = {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getAccessToken: () => accessToken,

    apply(auth) {
      accessToken = auth.accessToken;
      cancelTimer();
      timer = setTimeout(() => void manager.refresh(), refreshDelayMs(auth.expiresIn, lead));
      setState({ status: 'authenticated', session: auth.session });
    },

    setSession(session) {
      if (state.status === 'authenticated') setState({ status: 'authenticated', session });
    },

    refresh() {
      if (inFlight) return inFlight;
      inFlight = withCrossTabLock(async () => {
        try {
          const res = await post(REFRESH_PATH);
          if (!res.ok) {
            manager.clear();
            return false;
          }
          manager.apply((await res.json()) as AuthResponse);
          return true;
        } catch {
          // No answer (offline, server restarting): keep an existing session, give up on a pending one.
          if (state.status === 'loading') setState({ status: 'anonymous', session: null });
          return false;
        }
      }).finally(() => {
        inFlight = null;
      });
      return inFlight;
    },

    start() {
      started ??= manager.refresh();
      return started;
    },

    clear() {
      accessToken = null;
      cancelTimer();
      if (state.status !== 'anonymous' || state.session !== null) setState({ status: 'anonymous', session: null });
    },

    onAuthFailure() {
      manager.clear();
    },

    async logout() {
      try {
        const req = new Request(baseUrl + LOGOUT_PATH, {
          method: 'POST',
          credentials: 'include',
          headers: {
            'Content-Type': 'application/json',
            ...(accessToken ? { Authorization: `Bearer ${accessToken}` } : {}),
          },
          body: '{}',
        });
        await doFetch(req);
      } catch {
        // Logging out locally is what matters to the person; the server side expires by itself.
      } finally {
        manager.clear();
      }
    },
  };
  return manager;
}
