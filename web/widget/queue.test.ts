import { describe, expect, it } from 'vitest';
import { type KeyValue, OfflineQueue, type Outcome, type Queued } from './queue';

function memory(): KeyValue & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

const item = (n: number): Queued => ({ clientId: `c${n}`, text: `message ${n}`, at: `2026-12-07T12:00:0${n}Z` });

describe('the offline queue', () => {
  it('keeps messages in storage across page loads, in the order they were typed', () => {
    const store = memory();
    const a = new OfflineQueue(store, 'parley.widget.k.queue');
    a.push(item(1));
    a.push(item(2));
    a.push(item(3));
    const b = new OfflineQueue(store, 'parley.widget.k.queue');
    expect(b.list().map((i) => i.clientId)).toEqual(['c1', 'c2', 'c3']);
    expect(JSON.parse(store.data.get('parley.widget.k.queue') ?? '[]')).toHaveLength(3);
  });

  it('does not queue the same clientId twice', () => {
    const q = new OfflineQueue(memory(), 'q');
    q.push(item(1));
    q.push(item(1));
    expect(q.list()).toHaveLength(1);
  });

  it('sends in order, one after the other, and empties storage when all are sent', async () => {
    const store = memory();
    const q = new OfflineQueue(store, 'q');
    [1, 2, 3].forEach((n) => q.push(item(n)));
    const sent: string[] = [];
    let inFlight = 0;
    const n = await q.flush(async (i) => {
      inFlight += 1;
      expect(inFlight).toBe(1);
      await new Promise((r) => setTimeout(r, 5));
      sent.push(i.clientId);
      inFlight -= 1;
      return 'sent';
    });
    expect(n).toBe(3);
    expect(sent).toEqual(['c1', 'c2', 'c3']);
    expect(store.data.has('q')).toBe(false);
  });

  it('stops at the first message that cannot go yet, keeping it and those after it', async () => {
    const q = new OfflineQueue(memory(), 'q');
    [1, 2, 3].forEach((n) => q.push(item(n)));
    const outcomes: Outcome[] = ['sent', 'retry'];
    const tried: string[] = [];
    await q.flush(async (i) => {
      tried.push(i.clientId);
      return outcomes.shift() ?? 'sent';
    });
    expect(tried).toEqual(['c1', 'c2']);
    expect(q.list().map((i) => i.clientId)).toEqual(['c2', 'c3']);
  });

  it('treats a send that throws (network down) as try again later', async () => {
    const q = new OfflineQueue(memory(), 'q');
    q.push(item(1));
    const n = await q.flush(() => Promise.reject(new Error('offline')));
    expect(n).toBe(0);
    expect(q.list()).toHaveLength(1);
  });

  it('drops a refused message so it does not block the rest, and says which', async () => {
    const q = new OfflineQueue(memory(), 'q');
    [1, 2].forEach((n) => q.push(item(n)));
    const refused: string[] = [];
    const n = await q.flush(
      async (i) => (i.clientId === 'c1' ? 'refused' : 'sent'),
      (i) => refused.push(i.clientId),
    );
    expect(refused).toEqual(['c1']);
    expect(n).toBe(1);
    expect(q.list()).toEqual([]);
  });

  it('sends each message once when flushes overlap (a reconnect and an online event together)', async () => {
    const q = new OfflineQueue(memory(), 'q');
    [1, 2, 3].forEach((n) => q.push(item(n)));
    const sent: string[] = [];
    const send = async (i: Queued): Promise<Outcome> => {
      await new Promise((r) => setTimeout(r, 2));
      sent.push(i.clientId);
      return 'sent';
    };
    await Promise.all([q.flush(send), q.flush(send), q.flush(send)]);
    expect(sent).toEqual(['c1', 'c2', 'c3']);
  });

  it('ignores a corrupt stored value instead of failing', () => {
    const store = memory();
    store.setItem('q', '{not json');
    expect(new OfflineQueue(store, 'q').list()).toEqual([]);
    store.setItem('q', JSON.stringify([{ clientId: 'x' }, item(1), 'junk']));
    expect(new OfflineQueue(store, 'q').list().map((i) => i.clientId)).toEqual(['c1']);
  });
});
