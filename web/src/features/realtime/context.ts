//! The session's realtime connection as React sees it. Every hook works without a provider too (unit tests, the
//! admin area): then nothing is live and the callers fall back to polling.
import { createContext, useContext, useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import type { RealtimeClient, RealtimeStatus } from './client';
import type { ServerEvent } from './events';
import { TypingSignal, type Typer, type TypingStore } from './typing';

/** Which conversation the person has open (notifications skip it while the tab is visible). */
export class OpenConversation {
  private id: string | null = null;
  get(): string | null {
    return this.id;
  }
  set(id: string | null): void {
    this.id = id;
  }
}

export interface Realtime {
  client: RealtimeClient;
  typing: TypingStore;
  open: OpenConversation;
}

export const RealtimeContext = createContext<Realtime | null>(null);

export function useRealtime(): Realtime | null {
  return useContext(RealtimeContext);
}

const noSubscribe = () => () => undefined;
const offline = (): RealtimeStatus => 'offline';

export function useRealtimeStatus(): RealtimeStatus {
  const rt = useRealtime();
  return useSyncExternalStore(rt?.client.subscribeStatus ?? noSubscribe, rt?.client.getStatus ?? offline, offline);
}

/** `ms` while the socket is not live (polling as a fallback), false while it is. */
export function useLivePoll(ms: number): number | false {
  return useRealtimeStatus() === 'live' ? false : ms;
}

/** Calls the latest `handler` for every server event. */
export function useRealtimeEvents(handler: (event: ServerEvent) => void): void {
  const rt = useRealtime();
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => rt?.client.subscribe((e) => latest.current(e)), [rt]);
}

/** Calls `handler` after each (re)connection; `resumed` false means events may have been missed. */
export function useRealtimeConnect(handler: (resumed: boolean) => void): void {
  const rt = useRealtime();
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => rt?.client.onConnect((info) => latest.current(info.resumed)), [rt]);
}

/** Joins the conversation's room while mounted (and after reconnects), and marks it as the open one. */
export function useConversationRoom(conversationId: string): void {
  const rt = useRealtime();
  useEffect(() => {
    if (!rt) return;
    const leave = rt.client.join(conversationId);
    rt.open.set(conversationId);
    return () => {
      leave();
      if (rt.open.get() === conversationId) rt.open.set(null);
    };
  }, [rt, conversationId]);
}

const NOBODY: Typer[] = [];
const nobody = (): Typer[] => NOBODY;

/** The others typing in a conversation now. */
export function useTypers(conversationId: string): Typer[] {
  const rt = useRealtime();
  return useSyncExternalStore(rt?.typing.subscribe ?? noSubscribe, () => (rt ? rt.typing.get(conversationId) : NOBODY), nobody);
}

/** `input()` on each keystroke, `stop()` when the text is sent or cleared; stops by itself when unmounted. */
export function useTypingSignal(conversationId: string): TypingSignal {
  const rt = useRealtime();
  const signal = useMemo(() => new TypingSignal((isTyping) => rt?.client.typing(conversationId, isTyping)), [rt, conversationId]);
  useEffect(() => () => signal.stop(), [signal]);
  return signal;
}
