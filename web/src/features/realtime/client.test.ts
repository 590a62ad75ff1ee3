import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RealtimeClient, type RealtimeSocket } from './client';
import type { ServerEvent } from './events';

type Listener = (...args: never[]) => void;

/** A socket the test plays the server of. */
class FakeSocket implements RealtimeSocket {
  connected = false;
  active = true;
  connects = 0;
  emitted: { event: string; payload: unknown }[] = [];
  answers: Record<string, unknown> = {};
  private readonly handlers = new Map<string, Listener[]>();
  private readonly anyHandlers: ((event: string, ...args: unknown[]) => void)[] = [];
  private readonly authFn: (cb: (data: object) => void) => void;

  constructor(auth: (cb: (data: object) => void) => void) {
    this.authFn = auth;
  }

  connect() {
    this.connects += 1;
    this.active = true;
  }
  disconnect() {
    this.connected = false;
    this.active = false;
    this.fire('disconnect', 'io client disconnect');
  }
  on(event: string, listener: Listener) {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), listener]);
  }
  onAny(listener: (event: string, ...args: unknown[]) => void) {
    this.anyHandlers.push(listener);
  }
  emit(event: string, ...args: unknown[]) {
    this.emitted.push({ event, payload: args[0] });
    const ack = args[1];
    if (typeof ack === 'function') ack(this.answers[event] ?? { ok: true });
  }

  /** What the handshake would send. */
  auth(): object {
    let data: object = {};
    this.authFn((d) => (data = d));
    return data;
  }
  accept() {
    this.connected = true;
    this.fire('connect');
  }
  drop() {
    this.connected = false;
    this.fire('disconnect', 'transport close');
  }
  refuse(message: string) {
    this.active = false;
    this.fire('connect_error', new Error(message));
  }
  send(event: string, payload: unknown) {
    this.anyHandlers.forEach((fn) => fn(event, payload));
  }
  private fire(event: string, ...args: unknown[]) {
    (this.handlers.get(event) ?? []).forEach((fn) => (fn as (...a: unknown[]) => void)(...args));
  }
}

const conversation = { id: 'c1', status: 'open', updatedAt: '2026-01-05T10:00:00Z' };

function setup(token = { value: 't1' }) {
  const sockets: FakeSocket[] = [];
  const refreshToken = vi.fn(async () => {
    token.value = 'fresh';
    return true;
  });
  const client = new RealtimeClient({
    getToken: () => token.value,
    refreshToken,
    createSocket: (auth) => {
      const s = new FakeSocket(auth);
      sockets.push(s);
      return s;
    },
    retryDelaysMs: [0, 10],
  });
  const events: ServerEvent[] = [];
  client.subscribe((e) => events.push(e));
  client.start();
  const socket = sockets[0];
  if (!socket) throw new Error('no socket');
  return { client, socket, sockets, events, token, refreshToken };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('realtime client', () => {
  it('authenticates with the current token, and after events with the largest event id as since', () => {
    const { client, socket, events, token } = setup();
    expect(client.getStatus()).toBe('connecting');
    expect(socket.auth()).toEqual({ token: 't1' });
    socket.accept();
    expect(client.getStatus()).toBe('live');

    socket.send('conversation:updated', { eventId: '0000000005', conversation });
    socket.send('message:status', { eventId: '0000000003', conversationId: 'c1', messageId: 'm1', status: 'read' });
    expect(events.map((e) => e.name)).toEqual(['conversation:updated', 'message:status']);
    expect(client.getLastEventId()).toBe('0000000005');

    socket.drop();
    expect(client.getStatus()).toBe('reconnecting');
    token.value = 't2';
    expect(socket.auth()).toEqual({ token: 't2', since: '0000000005' });
  });

  it('drops malformed and unknown events, but passes sync through', () => {
    const { socket, events } = setup();
    socket.accept();
    socket.send('message:new', { eventId: '1', conversationId: 'c1' });
    socket.send('something:else', { eventId: '2' });
    socket.send('sync', { reset: true });
    expect(events).toEqual([{ name: 'sync', data: { reset: true } }]);
  });

  it('joins rooms once connected, again after a reconnect from where it dropped, and leaves them', () => {
    const { client, socket } = setup();
    const leave = client.join('c1');
    const again = client.join('c1');
    expect(socket.emitted).toEqual([]);
    socket.accept();
    expect(socket.emitted).toEqual([{ event: 'conversation:join', payload: { conversationId: 'c1' } }]);

    socket.send('message:new', { eventId: '0007', conversationId: 'c1', message: { id: 'm', conversationId: 'c1', direction: 'inbound' } });
    socket.drop();
    socket.accept();
    // The tenant room's replay moves the last event id on; the room rejoins from where the connection dropped.
    socket.send('conversation:updated', { eventId: '0009', conversation });
    expect(socket.emitted.at(-1)).toEqual({ event: 'conversation:join', payload: { conversationId: 'c1', since: '0007' } });

    leave();
    expect(socket.emitted.filter((e) => e.event === 'conversation:leave')).toEqual([]);
    again();
    expect(socket.emitted.at(-1)).toEqual({ event: 'conversation:leave', payload: { conversationId: 'c1' } });
  });

  it('tells whether a connection resumed from an event id (else the caller refetches)', () => {
    const { client, socket } = setup();
    const resumed: boolean[] = [];
    client.onConnect((info) => resumed.push(info.resumed));
    socket.auth();
    socket.accept();
    socket.send('conversation:new', { eventId: '0001', conversation });
    socket.drop();
    socket.auth();
    socket.accept();
    expect(resumed).toEqual([false, true]);
  });

  it('refreshes the token and connects again when the handshake is refused', async () => {
    const { client, socket, refreshToken } = setup();
    socket.refuse('unauthorized');
    expect(client.getStatus()).toBe('connecting');
    await vi.runAllTimersAsync();
    expect(refreshToken).toHaveBeenCalledOnce();
    expect(socket.connects).toBe(2);
    expect(socket.auth()).toEqual({ token: 'fresh' });
  });

  it('goes offline when the session cannot be refreshed', async () => {
    const { client, socket, refreshToken } = setup();
    refreshToken.mockResolvedValueOnce(false);
    socket.refuse('unauthorized');
    await vi.runAllTimersAsync();
    expect(client.getStatus()).toBe('offline');
    expect(socket.connects).toBe(1);
  });

  it('sends typing and status only while connected, and answers status with the ack', async () => {
    const { client, socket } = setup();
    client.typing('c1', true);
    expect(await client.setAgentStatus('away')).toBeNull();
    socket.accept();
    client.typing('c1', true);
    socket.answers['agent:status'] = { ok: true, status: 'busy' };
    expect(await client.setAgentStatus('busy')).toEqual({ ok: true, status: 'busy' });
    expect(socket.emitted).toEqual([
      { event: 'conversation:typing', payload: { conversationId: 'c1', isTyping: true } },
      { event: 'agent:status', payload: { status: 'busy' } },
    ]);
  });

  it('stops: offline, and the old socket is ignored', () => {
    const { client, socket, events } = setup();
    socket.accept();
    client.stop();
    expect(client.getStatus()).toBe('offline');
    socket.send('conversation:new', { eventId: '9', conversation });
    expect(events).toEqual([]);
  });
});
