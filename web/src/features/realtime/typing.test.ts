import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TypingSignal, TypingStore } from './typing';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('who is typing', () => {
  it('adds typers, removes them when they stop, and forgets them after a while', () => {
    const store = new TypingStore(6000);
    const changes = vi.fn();
    store.subscribe(changes);
    store.apply({ conversationId: 'c1', userId: 'u1', name: 'Ana', isTyping: true });
    store.apply({ conversationId: 'c1', userId: 'u2', name: 'Bo', isTyping: true });
    expect(store.get('c1').map((t) => t.name)).toEqual(['Ana', 'Bo']);
    expect(store.get('c2')).toEqual([]);

    store.apply({ conversationId: 'c1', userId: 'u1', name: 'Ana', isTyping: false });
    expect(store.get('c1').map((t) => t.name)).toEqual(['Bo']);
    vi.advanceTimersByTime(6000);
    expect(store.get('c1')).toEqual([]);
    expect(changes).toHaveBeenCalledTimes(4);
  });

  it('keeps the same snapshot while nothing changes (and while the same person keeps typing)', () => {
    const store = new TypingStore();
    store.apply({ conversationId: 'c1', userId: 'u1', name: 'Ana', isTyping: true });
    const first = store.get('c1');
    store.apply({ conversationId: 'c1', userId: 'u1', name: 'Ana', isTyping: true });
    expect(store.get('c1')).toBe(first);
    expect(store.get('none')).toBe(store.get('other'));
  });
});

describe('typing signal', () => {
  it('sends true at the first keystroke, repeats it while typing goes on, and false after a pause', () => {
    let now = 0;
    const sent: boolean[] = [];
    const signal = new TypingSignal((v) => sent.push(v), { repeatMs: 3000, idleMs: 4000, now: () => now });
    signal.input();
    now = 1000;
    signal.input();
    now = 2000;
    signal.input();
    expect(sent).toEqual([true]);
    now = 3100;
    signal.input();
    expect(sent).toEqual([true, true]);
    vi.advanceTimersByTime(4000);
    expect(sent).toEqual([true, true, false]);
  });

  it('sends false once when stopped (the message was sent)', () => {
    const sent: boolean[] = [];
    const signal = new TypingSignal((v) => sent.push(v));
    signal.stop();
    signal.input();
    signal.stop();
    signal.stop();
    vi.advanceTimersByTime(10_000);
    expect(sent).toEqual([true, false]);
  });
});
