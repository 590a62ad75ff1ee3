//! Typing indicators both ways: `TypingStore` keeps who is typing where (from `conversation:typing`, each entry expiring
//! in case its "stopped" never arrives); `TypingSignal` throttles what this agent sends while they type.
import type { TypingEvent } from './events';

export interface Typer {
  userId: string;
  name: string;
}

const NOBODY: Typer[] = [];

/** Who is typing in each conversation; snapshots are stable arrays (for useSyncExternalStore). */
export class TypingStore {
  private readonly byConversation = new Map<string, Typer[]>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly listeners = new Set<() => void>();
  private readonly expireMs: number;

  constructor(expireMs = 6000) {
    this.expireMs = expireMs;
  }

  get = (conversationId: string): Typer[] => this.byConversation.get(conversationId) ?? NOBODY;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  apply(event: TypingEvent): void {
    if (event.isTyping) this.add(event.conversationId, { userId: event.userId, name: event.name });
    else this.remove(event.conversationId, event.userId);
  }

  /** Someone's message arrived: they are not typing any more. */
  remove(conversationId: string, userId: string): void {
    const key = `${conversationId}|${userId}`;
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    const list = this.byConversation.get(conversationId);
    if (!list?.some((t) => t.userId === userId)) return;
    const rest = list.filter((t) => t.userId !== userId);
    if (rest.length === 0) this.byConversation.delete(conversationId);
    else this.byConversation.set(conversationId, rest);
    this.emit();
  }

  clear(): void {
    this.timers.forEach((t) => clearTimeout(t));
    this.timers.clear();
    this.byConversation.clear();
    this.emit();
  }

  private add(conversationId: string, typer: Typer) {
    const key = `${conversationId}|${typer.userId}`;
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => this.remove(conversationId, typer.userId), this.expireMs));
    const list = this.byConversation.get(conversationId) ?? NOBODY;
    const known = list.find((t) => t.userId === typer.userId);
    if (known && known.name === typer.name) return;
    this.byConversation.set(conversationId, [...list.filter((t) => t.userId !== typer.userId), typer]);
    this.emit();
  }

  private emit() {
    this.listeners.forEach((l) => l());
  }
}

/**
 * Turns keystrokes into few `isTyping` signals: true at the first keystroke and again every `repeatMs` while typing
 * goes on (so the other side's expiry does not drop it), false after `idleMs` without a keystroke or on `stop()`.
 */
export class TypingSignal {
  private typing = false;
  private lastSent = 0;
  private idle: ReturnType<typeof setTimeout> | undefined;
  private readonly send: (isTyping: boolean) => void;
  private readonly repeatMs: number;
  private readonly idleMs: number;
  private readonly now: () => number;

  constructor(send: (isTyping: boolean) => void, { repeatMs = 3000, idleMs = 4000, now = () => Date.now() } = {}) {
    this.send = send;
    this.repeatMs = repeatMs;
    this.idleMs = idleMs;
    this.now = now;
  }

  input(): void {
    const now = this.now();
    if (!this.typing || now - this.lastSent >= this.repeatMs) {
      this.typing = true;
      this.lastSent = now;
      this.send(true);
    }
    clearTimeout(this.idle);
    this.idle = setTimeout(() => this.stop(), this.idleMs);
  }

  stop(): void {
    clearTimeout(this.idle);
    this.idle = undefined;
    if (!this.typing) return;
    this.typing = false;
    this.send(false);
  }
}
