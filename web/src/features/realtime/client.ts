//! One Socket.IO connection per signed-in session (contract "Socket.IO"). It authenticates with the session's current
//! access token on every (re)connection, passes the largest `eventId` seen as `since` so the server replays what was
//! missed, refreshes the token and tries again when the handshake is refused, keeps the joined conversation rooms and
//! joins them again after a reconnect. It knows nothing of React or the query cache: listeners get typed events.
import { io } from 'socket.io-client';
import { eventIdOf, laterEventId, parseServerEvent, type AgentStatus, type ServerEvent } from './events';

export type RealtimeStatus = 'connecting' | 'live' | 'reconnecting' | 'offline';

/** The part of a socket.io-client `Socket` this client uses (a fake in tests). */
export interface RealtimeSocket {
  readonly connected: boolean;
  /** Whether the socket will reconnect by itself (false after the server refused the handshake). */
  readonly active: boolean;
  connect(): unknown;
  disconnect(): unknown;
  on(event: string, listener: (...args: never[]) => void): unknown;
  onAny(listener: (event: string, ...args: unknown[]) => void): unknown;
  emit(event: string, ...args: unknown[]): unknown;
}

export interface SocketAuth {
  token: string;
  since?: string;
}

export type SocketFactory = (auth: (cb: (data: object) => void) => void) => RealtimeSocket;

export interface RealtimeClientOptions {
  getToken: () => string | null;
  /** Gets a fresh access token; false when the session is gone. */
  refreshToken: () => Promise<boolean>;
  createSocket?: SocketFactory;
  ackTimeoutMs?: number;
  /** Waits before connecting again after a refused handshake (the last one repeats). */
  retryDelaysMs?: number[];
}

export type Ack = Record<string, unknown> | null;

export interface ConnectInfo {
  /** Whether `since` was sent: the server then replays what was missed; without it the caller must refetch. */
  resumed: boolean;
}

const DEFAULT_RETRY_DELAYS = [0, 1000, 2000, 5000, 10_000, 30_000];

/** The browser's socket: same origin, path /socket.io, WebSocket only; connects when asked. */
export const browserSocketFactory: SocketFactory = (auth) =>
  io(window.location.origin, {
    path: '/socket.io',
    transports: ['websocket'],
    autoConnect: false,
    // A socket of its own: socket.io-client would otherwise hand back the cached socket of an earlier session.
    forceNew: true,
    auth,
    reconnectionDelayMax: 10_000,
  }) as unknown as RealtimeSocket;

export class RealtimeClient {
  private readonly options: RealtimeClientOptions;
  private socket: RealtimeSocket | null = null;
  private status: RealtimeStatus = 'offline';
  private lastEventId: string | null = null;
  /** The last event id when the connection dropped: rooms rejoin from there (the tenant replay moves lastEventId on). */
  private resumeFrom: string | null = null;
  private sentSince = false;
  private everConnected = false;
  private failures = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly rooms = new Map<string, number>();
  private readonly statusListeners = new Set<() => void>();
  private readonly eventListeners = new Set<(event: ServerEvent) => void>();
  private readonly connectListeners = new Set<(info: ConnectInfo) => void>();

  constructor(options: RealtimeClientOptions) {
    this.options = options;
  }

  // ---- state for React (useSyncExternalStore)

  getStatus = (): RealtimeStatus => this.status;

  subscribeStatus = (listener: () => void): (() => void) => {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  };

  /** Every well-formed server event, after its eventId was recorded. */
  subscribe(listener: (event: ServerEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onConnect(listener: (info: ConnectInfo) => void): () => void {
    this.connectListeners.add(listener);
    return () => this.connectListeners.delete(listener);
  }

  /** The largest event id seen (what a reconnect passes as `since`). */
  getLastEventId(): string | null {
    return this.lastEventId;
  }

  // ---- lifecycle

  start(): void {
    if (this.socket) return;
    const create = this.options.createSocket ?? browserSocketFactory;
    const socket = create((cb) => cb(this.authPayload()));
    this.socket = socket;
    socket.on('connect', () => socket === this.socket && this.handleConnect());
    socket.on('disconnect', (reason: string) => socket === this.socket && this.handleDisconnect(reason));
    socket.on('connect_error', (err: Error) => socket === this.socket && this.handleConnectError(err));
    socket.onAny((name, ...args) => socket === this.socket && this.handleEvent(name, args[0]));
    this.setStatus(this.everConnected ? 'reconnecting' : 'connecting');
    socket.connect();
  }

  stop(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const socket = this.socket;
    this.socket = null;
    socket?.disconnect();
    this.setStatus('offline');
  }

  // ---- rooms and requests

  /** Joins `conversation:{id}` (now, or as soon as connected, and again after each reconnect); returns the leave. */
  join(conversationId: string): () => void {
    const count = this.rooms.get(conversationId) ?? 0;
    this.rooms.set(conversationId, count + 1);
    if (count === 0 && this.socket?.connected) void this.emitJoin(conversationId, this.lastEventId);
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.leave(conversationId);
    };
  }

  /** Tells the others in the conversation that this agent is (or stopped) typing. Dropped while offline. */
  typing(conversationId: string, isTyping: boolean): void {
    if (!this.socket?.connected) return;
    void this.request('conversation:typing', { conversationId, isTyping });
  }

  /** `agent:status`; null when not connected or no answer came. */
  setAgentStatus(status: AgentStatus): Promise<Ack> {
    return this.request('agent:status', { status });
  }

  /** Emits with an acknowledgement; resolves null when not connected or after the timeout. */
  request(event: string, payload: object): Promise<Ack> {
    const socket = this.socket;
    if (!socket?.connected) return Promise.resolve(null);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(null), this.options.ackTimeoutMs ?? 5000);
      socket.emit(event, payload, (answer: unknown) => {
        clearTimeout(timer);
        resolve(typeof answer === 'object' && answer !== null ? (answer as Record<string, unknown>) : null);
      });
    });
  }

  // ---- internals

  private authPayload(): SocketAuth {
    const token = this.options.getToken() ?? '';
    this.sentSince = this.lastEventId !== null;
    return this.lastEventId ? { token, since: this.lastEventId } : { token };
  }

  private setStatus(status: RealtimeStatus) {
    if (status === this.status) return;
    this.status = status;
    this.statusListeners.forEach((l) => l());
  }

  private emitJoin(conversationId: string, since: string | null) {
    return this.request('conversation:join', since ? { conversationId, since } : { conversationId });
  }

  private leave(conversationId: string) {
    const count = (this.rooms.get(conversationId) ?? 0) - 1;
    if (count > 0) {
      this.rooms.set(conversationId, count);
      return;
    }
    this.rooms.delete(conversationId);
    if (this.socket?.connected) void this.request('conversation:leave', { conversationId });
  }

  private handleConnect() {
    this.failures = 0;
    const since = this.everConnected ? (this.resumeFrom ?? this.lastEventId) : this.lastEventId;
    this.everConnected = true;
    this.setStatus('live');
    for (const id of this.rooms.keys()) void this.emitJoin(id, since);
    const info = { resumed: this.sentSince };
    this.connectListeners.forEach((l) => l(info));
  }

  private handleDisconnect(reason: string) {
    this.resumeFrom = this.lastEventId;
    if (reason === 'io client disconnect') {
      this.setStatus('offline');
      return;
    }
    this.setStatus('reconnecting');
    // The server closed the connection (e.g. the session was revoked): socket.io does not retry that by itself.
    if (!this.socket?.active) this.scheduleRetry(true);
  }

  private handleConnectError(err: Error) {
    this.setStatus(this.everConnected ? 'reconnecting' : 'connecting');
    // A refused handshake (no retry by socket.io): most often an expired token, so refresh it first.
    if (!this.socket?.active) this.scheduleRetry(err.message === 'unauthorized');
  }

  private scheduleRetry(refresh: boolean) {
    if (this.retryTimer !== undefined || !this.socket) return;
    const delays = this.options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS;
    const delay = delays[Math.min(this.failures, delays.length - 1)] ?? 5000;
    this.failures += 1;
    const socket = this.socket;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      const again = async () => {
        if (refresh && !(await this.options.refreshToken())) {
          if (socket === this.socket) this.setStatus('offline');
          return;
        }
        if (socket === this.socket && !socket.connected) socket.connect();
      };
      void again();
    }, delay);
  }

  private handleEvent(name: string, payload: unknown) {
    const id = eventIdOf(payload);
    if (id) this.lastEventId = laterEventId(this.lastEventId, id);
    const event = parseServerEvent(name, payload);
    if (!event) return;
    this.eventListeners.forEach((l) => l(event));
  }
}
