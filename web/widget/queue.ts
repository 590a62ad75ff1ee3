//! The offline queue: messages typed while neither the socket nor HTTP reaches Parley, kept in localStorage
//! (`parley.widget.<key>.queue`) so a reload or a closed tab loses nothing, and sent on reconnect in order.
import type { Outgoing } from './types';

/** The part of `Storage` the queue needs (tests pass a Map-backed one). */
export type KeyValue = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface Queued extends Outgoing {
  /** When it was typed (ISO), to show it in place until the server stores it. */
  at: string;
}

/** What one send attempt came to: stored (or already stored), try again later, or refused for good. */
export type Outcome = 'sent' | 'retry' | 'refused';

export class OfflineQueue {
  private flushing: Promise<number> | null = null;

  constructor(
    private readonly storage: KeyValue,
    readonly key: string,
  ) {}

  list(): Queued[] {
    try {
      const raw = this.storage.getItem(this.key);
      const parsed: unknown = raw ? JSON.parse(raw) : [];
      return Array.isArray(parsed) ? parsed.filter(isQueued) : [];
    } catch {
      // A corrupt entry (edited by hand, another script) must not stop the widget from loading.
      return [];
    }
  }

  push(item: Queued): void {
    const items = this.list();
    if (items.some((i) => i.clientId === item.clientId)) return;
    this.write([...items, item]);
  }

  remove(clientId: string): void {
    this.write(this.list().filter((i) => i.clientId !== clientId));
  }

  /**
   * Sends the queue oldest first, one at a time: a message is removed only once the server has it, and the next
   * is sent only after, so order holds. Stops at the first `retry`; a `refused` message leaves the queue (it would
   * block everything behind it) and is reported to `onRefused`. Concurrent calls share one run, so nothing is sent
   * twice by this page; the clientId makes a second tab's resend harmless.
   */
  flush(send: (item: Queued) => Promise<Outcome>, onRefused?: (item: Queued) => void): Promise<number> {
    if (this.flushing) return this.flushing;
    const run = async () => {
      let sent = 0;
      for (;;) {
        const next = this.list()[0];
        if (!next) return sent;
        const outcome = await send(next).catch((): Outcome => 'retry');
        if (outcome === 'retry') return sent;
        this.remove(next.clientId);
        if (outcome === 'sent') sent += 1;
        else onRefused?.(next);
      }
    };
    this.flushing = run().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private write(items: Queued[]): void {
    try {
      if (items.length === 0) this.storage.removeItem(this.key);
      else this.storage.setItem(this.key, JSON.stringify(items));
    } catch {
      // Storage full or denied (private mode): the message still goes out while the page is open.
    }
  }
}

function isQueued(v: unknown): v is Queued {
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return typeof o.clientId === 'string' && typeof o.at === 'string' && (typeof o.text === 'string' || typeof o.mediaId === 'string');
}
