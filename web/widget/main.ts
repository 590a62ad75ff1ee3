//! The embeddable script's entry: finds its own <script data-parley-widget="KEY"> tag, starts the widget, and
//! defines the one global, `window.Parley`. Calls made before the script loaded (`Parley.q`) are replayed.
import { ChatWidget } from './widget';

type Api = Pick<ChatWidget, 'open' | 'close' | 'toggle' | 'prefill' | 'identify' | 'on' | 'off'>;

declare global {
  interface Window {
    Parley?: Api & { q?: [string, ...unknown[]][] };
  }
}

function boot(): void {
  const script =
    (document.currentScript as HTMLScriptElement | null) ?? document.querySelector<HTMLScriptElement>('script[data-parley-widget]');
  const key = script?.dataset.parleyWidget;
  if (!script || !key || window.Parley?.open) return;
  const origin = new URL(script.src, location.href).origin;
  let storage: Storage;
  try {
    storage = window.localStorage;
  } catch {
    // localStorage can throw (blocked third-party storage): the widget still runs, without memory across pages.
    const mem = new Map<string, string>();
    storage = {
      getItem: (k: string) => mem.get(k) ?? null,
      setItem: (k: string, v: string) => void mem.set(k, v),
      removeItem: (k: string) => void mem.delete(k),
    } as Storage;
  }
  const widget = new ChatWidget(origin, key, storage);
  const queued = window.Parley?.q ?? [];
  const api: Api = {
    open: () => widget.open(),
    close: () => widget.close(),
    toggle: () => widget.toggle(),
    prefill: (o) => widget.prefill(o),
    identify: (o) => widget.identify(o),
    on: (e, fn) => widget.on(e, fn),
    off: (e, fn) => widget.off(e, fn),
  };
  window.Parley = api;
  const replay = (listeners: boolean) => {
    for (const [name, ...args] of queued) {
      if ((name === 'on' || name === 'off') !== listeners) continue;
      const fn = (api as unknown as Record<string, (...a: unknown[]) => unknown>)[name];
      if (typeof fn === 'function') fn(...args);
    }
  };
  // Listeners first, so a page that queued `on('ready')` hears it; open/prefill need the panel, built by start().
  replay(true);
  const run = () => void widget.start().then(() => replay(false));
  if (document.body) run();
  else document.addEventListener('DOMContentLoaded', run, { once: true });
}

boot();
