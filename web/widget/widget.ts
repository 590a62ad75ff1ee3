//! The chat widget on the customer's site: the button and panel in a shadow root, the visitor's session, sending
//! over Socket.IO `/widget` with HTTP as the fallback and the offline queue behind both, and the `Parley` object.
import { io, type Socket } from 'socket.io-client';
import { ApiError, WidgetApi } from './api';
import { focusables, h, icon, ICONS } from './dom';
import { fileProblem, formatSize, laterStatus, MAX_FILE_BYTES, MAX_TEXT, safeColor, textOn, uuid, whatsappLink } from './helpers';
import { direction, type Key, pickLanguage, translator } from './i18n';
import { OfflineQueue, type Outcome, type Queued } from './queue';
import { css } from './styles';
import type { Outgoing, PublicMessage, Status, Visitor, WidgetConfig } from './types';

type Listener = (payload?: unknown) => void;
type Shown = { msg: PublicMessage; el: HTMLElement; tick: HTMLElement | null };

const SEND_TIMEOUT_MS = 8000;
const RETRY_MS = 5000;
const POLL_MS = 5000;

export class ChatWidget {
  private readonly api: WidgetApi;
  private readonly queue: OfflineQueue;
  private readonly lang: string;
  private readonly t: ReturnType<typeof translator>;
  private readonly listeners = new Map<string, Set<Listener>>();
  private config: WidgetConfig | null = null;
  private visitor: Visitor | null = null;
  private socket: Socket | null = null;
  private creatingVisitor: Promise<boolean> | null = null;
  private readonly shown = new Map<string, Shown>();
  private readonly locallyRead = new Set<string>();
  private readonly delivered = new Set<string>();
  private pendingPages: { url: string; title: string }[] = [];
  private lastPage = '';
  private lastReadSent = '';
  private isOpen = false;
  private unread = 0;
  private online = true;
  private typingSent = 0;
  private typingIdle: ReturnType<typeof setTimeout> | undefined;
  private agentTypingHide: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private hasMore = false;
  private ui: ReturnType<ChatWidget['build']> | null = null;

  constructor(
    private readonly origin: string,
    private readonly key: string,
    private readonly storage: Storage,
  ) {
    this.api = new WidgetApi(origin, key);
    this.queue = new OfflineQueue(storage, `parley.widget.${key}.queue`);
    this.lang = pickLanguage(navigator.languages?.length ? navigator.languages : [navigator.language]);
    this.t = translator(this.lang);
    this.api.token = this.read('visitor');
  }

  // ---- the host page's API (window.Parley) ----

  on(event: string, fn: Listener): void {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event)?.add(fn);
  }

  off(event: string, fn: Listener): void {
    this.listeners.get(event)?.delete(fn);
  }

  open(): void {
    if (!this.ui || this.isOpen) return;
    this.isOpen = true;
    this.ui.panel.hidden = false;
    this.ui.root.classList.add('open');
    this.ui.launcher.setAttribute('aria-expanded', 'true');
    this.ui.launcher.setAttribute('aria-label', this.t('closeChat'));
    (this.ui.prechat.hidden ? this.ui.input : (focusables(this.ui.prechat)[0] ?? this.ui.close)).focus();
    this.scrollDown();
    this.markRead();
    this.emit('open');
    void this.ensureVisitor();
  }

  close(): void {
    if (!this.ui || !this.isOpen) return;
    this.isOpen = false;
    this.ui.panel.hidden = true;
    this.ui.root.classList.remove('open');
    this.ui.launcher.setAttribute('aria-expanded', 'false');
    this.setUnread(this.unread);
    this.ui.launcher.focus();
    this.emit('close');
  }

  toggle(): void {
    if (this.isOpen) this.close();
    else this.open();
  }

  prefill(opts: { text?: string }): void {
    if (this.ui && typeof opts?.text === 'string') this.ui.input.value = opts.text.slice(0, MAX_TEXT);
  }

  async identify(body: { email?: string; name?: string; phone?: string; hash: string }): Promise<Visitor> {
    if (!(await this.ensureVisitor())) throw new Error('Parley: the widget is not connected');
    this.visitor = await this.api.identify(body);
    return this.visitor;
  }

  // ---- start ----

  async start(): Promise<void> {
    try {
      this.config = await this.api.config(this.lang);
    } catch (e) {
      // Not allowed on this site, disabled, or unknown key: no widget at all, the host page is left as it was.
      console.warn('Parley widget not loaded:', e instanceof ApiError ? e.code : e);
      return;
    }
    this.online = this.config.online;
    this.ui = this.build(this.config);
    this.trackPages();
    this.renderQueued();
    if (this.api.token) {
      await this.loadSession();
      // A returning visitor sees on the button how many answers came while they were away.
      this.setUnread(this.countUnread());
      this.connect();
    }
    // HTTP fallback for receiving: while the socket is down (a proxy without WebSocket or long polling, a server
    // restarting), the session is read every few seconds, so answers and ticks still arrive.
    setInterval(() => {
      if (this.api.token && !this.socket?.connected && navigator.onLine !== false) void this.loadSession(true);
    }, POLL_MS);
    window.addEventListener('online', () => this.reconnect());
    window.addEventListener('offline', () => this.setNotice(true));
    document.addEventListener('visibilitychange', () => this.markRead());
    this.emit('ready');
  }

  // ---- the visitor and the socket ----

  private async ensureVisitor(): Promise<boolean> {
    if (this.api.token) return true;
    this.creatingVisitor ??= (async () => {
      try {
        const params = new URLSearchParams(location.search);
        const v = await this.api.createVisitor({
          url: location.href,
          title: document.title,
          referrer: document.referrer || null,
          utm: { source: params.get('utm_source'), medium: params.get('utm_medium'), campaign: params.get('utm_campaign') },
          language: navigator.language,
          timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
        });
        this.api.token = v.token;
        this.write('visitor', v.token);
        this.lastPage = location.href;
        await this.loadSession();
        this.connect();
        return true;
      } catch {
        return false;
      } finally {
        this.creatingVisitor = null;
      }
    })();
    return this.creatingVisitor;
  }

  /** `live`: messages not shown yet are news (missed while the socket was down), not history. */
  private async loadSession(live = false): Promise<void> {
    try {
      const s = await this.api.session();
      this.visitor = s.visitor;
      for (const m of s.messages) this.show(m, live);
      this.hasMore = s.messages.length >= 100;
      if (this.ui) this.ui.older.hidden = !this.hasMore;
      if (s.messages.length > 0) this.write('prechat', '1');
      this.updatePrechat();
      this.setTyping(s.agentsTyping, null);
      this.ackDelivered();
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) this.forgetVisitor();
    }
  }

  /** A token the server no longer knows (deleted widget, wiped data): start over as a new visitor. */
  private forgetVisitor(): void {
    this.api.token = null;
    this.storage.removeItem(`parley.widget.${this.key}.visitor`);
    this.socket?.disconnect();
    this.socket = null;
  }

  private connect(): void {
    if (this.socket || !this.api.token) return;
    const socket = io(`${this.origin}/widget`, {
      auth: (cb) => cb({ key: this.key, token: this.api.token, since: this.lastCreatedAt() }),
      withCredentials: false,
      // WebSocket first: it needs no CORS answer from Parley (the Origin is checked at the handshake); long polling
      // only where WebSocket is blocked (answered with the widget's CORS: the key in the query names the widget),
      // and plain HTTP (the send fallback and the session poll) behind both.
      query: { key: this.key },
      transports: ['websocket', 'polling'],
      tryAllTransports: true,
      reconnectionDelayMax: 10000,
    });
    this.socket = socket;
    socket.on('connect', () => {
      this.setNotice(false);
      void this.loadSession(true).then(() => {
        this.flushPages();
        this.flush();
        this.markRead();
      });
    });
    socket.on('disconnect', () => this.scheduleRetry());
    socket.on('connect_error', (err: Error) => {
      if (err.message === 'unauthorized') void this.loadSession();
      this.scheduleRetry();
    });
    socket.on('message:new', (p: { message: PublicMessage }) => p?.message && this.show(p.message, true));
    socket.on('message:status', (p: { messageId: string; status: Status }) => this.setStatus(p.messageId, p.status));
    socket.on('typing', (p: { on: boolean; name: string | null }) => this.setTyping(!!p?.on, p?.name ?? null));
    socket.on('online', (p: { online: boolean }) => {
      this.online = !!p?.online;
      this.renderPresence();
    });
  }

  private reconnect(): void {
    this.setNotice(false);
    if (this.socket && !this.socket.connected) this.socket.connect();
    this.flush();
  }

  // ---- sending ----

  private submit(text: string, reply?: { id: string; title: string }): void {
    const body = text.trim();
    if (!body) return;
    if (body.length > MAX_TEXT) return this.showError(this.t('tooLong', { max: MAX_TEXT }));
    this.enqueue({ clientId: uuid(), text: body, reply });
  }

  private enqueue(out: Outgoing): void {
    const item: Queued = { ...out, at: new Date().toISOString() };
    // Stored first: whatever happens next (offline, a reload, a closed tab) the message is not lost.
    this.queue.push(item);
    this.showPending(item);
    this.sendTyping(false);
    this.flush();
  }

  private flush(): void {
    if (this.queue.list().length === 0) return;
    void this.ensureVisitor().then((ok) => {
      if (!ok) return this.scheduleRetry();
      void this.queue
        .flush(
          (item) => this.sendOne(item),
          (item) => this.setStatus(item.clientId, 'failed'),
        )
        .then(() => {
          if (this.queue.list().length > 0) this.scheduleRetry();
        });
    });
  }

  private scheduleRetry(): void {
    clearTimeout(this.retryTimer);
    if (this.queue.list().length === 0) return;
    this.retryTimer = setTimeout(() => this.flush(), RETRY_MS);
  }

  private async sendOne(item: Queued): Promise<Outcome> {
    const { at: _at, ...body } = item;
    if (this.socket?.connected) {
      try {
        const ack = (await this.socket.timeout(SEND_TIMEOUT_MS).emitWithAck('message:send', body)) as {
          ok: boolean;
          message?: PublicMessage;
          error?: { code: string; message: string };
        };
        if (ack?.ok && ack.message) {
          this.show(ack.message, false);
          return 'sent';
        }
        if (ack && !ack.ok) return this.refusal(ack.error?.code ?? 'error', 0);
      } catch {
        // No ack in time: the socket may be half dead. HTTP below resends; the clientId makes it store once.
      }
    }
    try {
      this.show(await this.api.send(body), false);
      this.setNotice(false);
      return 'sent';
    } catch (e) {
      if (!(e instanceof ApiError)) return 'retry';
      if (e.status === 0) this.setNotice(true);
      return this.refusal(e.code, e.status);
    }
  }

  private refusal(code: string, status: number): Outcome {
    if (code === 'network' || code === 'rate_limited' || status === 0 || status >= 500 || status === 401) {
      if (code === 'rate_limited') this.showError(this.t('rateLimited'));
      if (status === 401) this.forgetVisitor();
      return 'retry';
    }
    this.showError(this.t('error'));
    return 'refused';
  }

  private async attach(file: File): Promise<void> {
    const problem = fileProblem(file);
    if (problem === 'type') return this.showError(this.t('fileType'));
    if (problem === 'tooBig') return this.showError(this.t('fileTooBig', { max: MAX_FILE_BYTES / 1024 / 1024 }));
    if (!(await this.ensureVisitor())) return this.showError(this.t('uploadFailed'));
    try {
      const media = await this.api.upload(file);
      this.enqueue({ clientId: uuid(), mediaId: media.mediaId });
    } catch {
      this.showError(this.t('uploadFailed'));
    }
  }

  private sendTyping(on: boolean): void {
    clearTimeout(this.typingIdle);
    if (!this.socket?.connected) return;
    const now = Date.now();
    if (on) {
      // One "typing" every 2 s while keys are pressed is enough for the agent's indicator (server allows 4/s).
      if (now - this.typingSent > 2000) {
        this.typingSent = now;
        this.socket.emit('typing', { on: true });
      }
      this.typingIdle = setTimeout(() => this.sendTyping(false), 3000);
    } else if (this.typingSent) {
      this.typingSent = 0;
      this.socket.emit('typing', { on: false });
    }
  }

  // ---- pages visited ----

  private trackPages(): void {
    const note = () => {
      if (location.href === this.lastPage) return;
      this.lastPage = location.href;
      this.pendingPages.push({ url: location.href, title: document.title });
      this.pendingPages = this.pendingPages.slice(-50);
      this.flushPages();
    };
    // Single-page sites change pages through history; wrapping keeps the site's own calls working unchanged.
    for (const name of ['pushState', 'replaceState'] as const) {
      const original = history[name];
      history[name] = function (this: History, ...args: Parameters<History['pushState']>) {
        const r = original.apply(this, args);
        setTimeout(note, 0);
        return r;
      };
    }
    window.addEventListener('popstate', note);
    window.addEventListener('hashchange', note);
    if (this.api.token) note();
  }

  private flushPages(): void {
    if (!this.api.token) return;
    const pages = this.pendingPages;
    this.pendingPages = [];
    for (const p of pages) {
      if (this.socket?.connected) this.socket.emit('page', p);
      else void this.api.page(p.url, p.title).catch(() => undefined);
    }
  }

  // ---- receipts ----

  private ackDelivered(): void {
    const ids = [...this.shown.values()]
      .filter((s) => s.msg.from !== 'visitor' && !this.delivered.has(s.msg.id) && s.msg.status === 'sent')
      .map((s) => s.msg.id);
    if (ids.length === 0 || !this.socket?.connected) return;
    for (const id of ids) this.delivered.add(id);
    this.socket.emit('delivered', { messageIds: ids });
  }

  private markRead(): void {
    if (!this.isOpen || document.visibilityState !== 'visible') return;
    let last: PublicMessage | null = null;
    for (const s of this.shown.values()) {
      if (s.msg.from === 'visitor') continue;
      this.locallyRead.add(s.msg.id);
      last = s.msg;
    }
    this.setUnread(0);
    if (!last || last.id === this.lastReadSent || last.status === 'read') return;
    this.lastReadSent = last.id;
    if (this.socket?.connected) this.socket.emit('read', { upTo: last.id });
    else void this.api.read(last.id).catch(() => (this.lastReadSent = ''));
  }

  // ---- rendering ----

  private build(config: WidgetConfig) {
    const color = safeColor(config.color);
    const host = h('div', { 'data-parley': '' });
    const shadow = host.attachShadow({ mode: 'open' });
    const t = this.t;

    const badge = h('span', { class: 'badge', 'aria-hidden': 'true', hidden: true });
    const launcher = h(
      'button',
      { class: 'launcher', type: 'button', 'aria-label': t('openChat'), 'aria-expanded': 'false', 'aria-controls': 'parley-panel' },
      icon(ICONS.chat),
      badge,
    );
    const close = h('button', { class: 'icon', type: 'button', 'aria-label': t('closeChat') }, icon(ICONS.close));
    const status = h('p', {});
    const logo = config.brand?.logoUrl ? h('img', { src: new URL(config.brand.logoUrl, this.origin).href, alt: '' }) : null;
    const header = h('header', {}, logo, h('div', { class: 'who' }, h('h2', { id: 'parley-title' }, config.name || t('chat')), status), close);
    const notice = h('div', { class: 'notice', role: 'status', hidden: true }, t('offline'));
    const older = h('button', { class: 'older', type: 'button', hidden: true }, t('loadOlder'));
    const greeting = h('div', { class: 'msg note' });
    const log = h('div', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions', 'aria-label': t('messages'), tabindex: '0' }, older, greeting);
    const typing = h('div', { class: 'typing', 'aria-live': 'polite' });
    const error = h('div', { class: 'error', role: 'alert', hidden: true });
    const wa = h('a', { class: 'wa', target: '_blank', rel: 'noopener noreferrer', hidden: !config.whatsapp }, t('whatsapp'));

    const input = h('textarea', { id: 'parley-input', rows: '1', 'aria-label': t('inputLabel'), placeholder: t('placeholder'), maxlength: String(MAX_TEXT) });
    const file = h('input', { type: 'file', hidden: true, accept: 'image/jpeg,image/png,image/gif,image/webp,application/pdf', 'aria-label': t('attach'), tabindex: '-1' });
    const attachBtn = h('button', { class: 'icon', type: 'button', 'aria-label': t('attach') }, icon(ICONS.attach));
    const send = h('button', { class: 'icon send', type: 'submit', 'aria-label': t('send') }, icon(ICONS.send));
    const composer = h('form', { class: 'composer' }, attachBtn, file, input, send);

    const prechat = this.buildPrechat(config);
    const powered = config.brand?.poweredBy;
    const footer = powered
      ? h('footer', {}, typeof powered === 'string' ? powered : t('poweredBy', { name: config.brand.productName }))
      : null;
    const panel = h(
      'div',
      { class: 'panel', id: 'parley-panel', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'parley-title', hidden: true },
      header,
      notice,
      log,
      typing,
      error,
      prechat,
      wa,
      composer,
      footer,
    );
    const root = h('div', { class: `root ${config.position === 'left' ? 'left' : 'right'}`, dir: direction(this.lang), lang: this.lang }, panel, launcher);
    shadow.append(h('style', {}, css(color, textOn(color))), root);

    launcher.addEventListener('click', () => this.toggle());
    close.addEventListener('click', () => this.close());
    panel.addEventListener('keydown', (e) => this.onPanelKey(e, panel));
    composer.addEventListener('submit', (e) => {
      e.preventDefault();
      this.submit(input.value);
      input.value = '';
      input.focus();
    });
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        composer.requestSubmit();
      }
    });
    input.addEventListener('input', () => this.sendTyping(input.value.length > 0));
    attachBtn.addEventListener('click', () => file.click());
    file.addEventListener('change', () => {
      const f = file.files?.[0];
      file.value = '';
      if (f) void this.attach(f);
    });
    older.addEventListener('click', () => void this.loadOlder());

    document.body.append(host);
    const ui = { root, launcher, badge, panel, close, status, notice, log, older, greeting, typing, error, wa, input, composer, prechat };
    this.ui = ui;
    this.renderPresence();
    this.updatePrechat();
    return ui;
  }

  private buildPrechat(config: WidgetConfig): HTMLFormElement {
    const t = this.t;
    const form = h('form', { class: 'prechat', hidden: true, novalidate: true }, h('h3', {}, t('prechatTitle')));
    const fields: [keyof WidgetConfig['prechat'] & ('name' | 'email' | 'phone'), string, string][] = [
      ['name', 'text', 'name'],
      ['email', 'email', 'email'],
      ['phone', 'tel', 'tel'],
    ];
    const inputs: Partial<Record<'name' | 'email' | 'phone', HTMLInputElement>> = {};
    for (const [field, type, autocomplete] of fields) {
      const mode = config.prechat?.[field];
      if (mode !== 'optional' && mode !== 'required') continue;
      const input = h('input', { type, name: field, autocomplete, required: mode === 'required', 'aria-required': mode === 'required' ? 'true' : undefined });
      inputs[field] = input;
      form.append(h('label', {}, `${t(field as Key)}${mode === 'optional' ? ` (${t('optional')})` : ' *'}`, input));
    }
    const consentMode = config.prechat?.consent;
    const consent = consentMode === 'optional' || consentMode === 'required' ? h('input', { type: 'checkbox', name: 'consent', required: consentMode === 'required' }) : null;
    if (consent) form.append(h('label', { class: 'check' }, consent, config.prechat.consentText || t('consentDefault')));
    const problem = h('p', { class: 'error', role: 'alert', hidden: true });
    form.append(problem, h('button', { class: 'primary', type: 'submit' }, t('startChat')));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const missing = Object.values(inputs).find((i) => i.required && !i.value.trim()) ?? (consent?.required && !consent.checked ? consent : null);
      for (const i of [...Object.values(inputs), consent]) i?.setAttribute('aria-invalid', String(i === missing));
      if (missing) {
        problem.textContent = t('required');
        problem.hidden = false;
        missing.focus();
        return;
      }
      void (async () => {
        const body: { name?: string; email?: string; phone?: string; consent?: boolean } = {};
        for (const [k, i] of Object.entries(inputs)) if (i.value.trim()) body[k as 'name'] = i.value.trim();
        if (consent) body.consent = consent.checked;
        try {
          if (!(await this.ensureVisitor())) throw new ApiError(0, 'network', 'network');
          this.visitor = await this.api.prechat(body);
          this.write('prechat', '1');
          this.updatePrechat();
          this.ui?.input.focus();
        } catch (err) {
          problem.textContent = err instanceof ApiError && err.status === 422 ? t('checkFields') : t('error');
          problem.hidden = false;
        }
      })();
    });
    return form;
  }

  private updatePrechat(): void {
    if (!this.ui || !this.config) return;
    const p = this.config.prechat;
    const asks = p && [p.name, p.email, p.phone, p.consent].some((m) => m === 'optional' || m === 'required');
    const done = !asks || this.read('prechat') === '1' || !!this.visitor?.identified || this.shown.size > 0;
    this.ui.prechat.hidden = done;
    this.ui.composer.hidden = !done;
  }

  private renderPresence(): void {
    if (!this.ui || !this.config) return;
    this.ui.status.textContent = this.online ? this.t('online') : this.t('away');
    const text = this.online ? this.config.greeting : this.config.awayText || this.config.greeting;
    this.ui.greeting.textContent = text ?? '';
    this.ui.greeting.hidden = !text;
    this.renderWhatsapp();
  }

  private renderWhatsapp(): void {
    const w = this.config?.whatsapp;
    if (!this.ui || !w) return;
    this.ui.wa.setAttribute('href', whatsappLink(w.number, w.text, this.visitor?.ref ?? null));
  }

  private renderQueued(): void {
    for (const item of this.queue.list()) this.showPending(item);
  }

  private showPending(item: Queued): void {
    if (this.shown.has(item.clientId)) return;
    const msg: PublicMessage = {
      id: item.clientId,
      clientId: item.clientId,
      from: 'visitor',
      authorName: null,
      type: item.mediaId ? 'document' : 'text',
      text: item.text ?? this.t('attachment'),
      media: null,
      buttons: null,
      status: 'pending',
      createdAt: item.at,
    };
    this.append(msg);
  }

  /** A message from the server: replaces its pending copy, updates one already shown, or is appended. */
  private show(m: PublicMessage, live: boolean): void {
    if (!this.ui || !m?.id) return;
    const known = this.shown.get(m.id) ?? (m.clientId ? this.shown.get(m.clientId) : undefined);
    if (known) {
      if (known.msg.status === 'pending' && m.clientId) {
        // The stored copy replaces the pending one in place: same position, real id, real media.
        this.shown.delete(m.clientId);
        const fresh = this.render(m);
        known.el.replaceWith(fresh.el);
        this.shown.set(m.id, fresh);
        this.queue.remove(m.clientId);
      } else {
        this.setStatus(m.id, m.status);
      }
      return;
    }
    this.append(m);
    this.updatePrechat();
    this.renderWhatsapp();
    if (m.from !== 'visitor') {
      this.ackDelivered();
      if (live) {
        this.setTyping(false, null);
        this.emit('message', m);
        if (this.isOpen && document.visibilityState === 'visible') this.markRead();
        else this.setUnread(this.countUnread());
      }
    } else if (live) {
      this.emit('message', m);
    }
  }

  private append(m: PublicMessage): void {
    if (!this.ui) return;
    const shown = this.render(m);
    this.shown.set(m.id, shown);
    // Keep time order even when a late-arriving message is older than the last one shown.
    const after = [...this.shown.values()].find((s) => s !== shown && s.msg.createdAt > m.createdAt && s.el.isConnected);
    if (after) after.el.before(shown.el);
    else this.ui.log.append(shown.el);
    this.scrollDown();
  }

  private render(m: PublicMessage): Shown {
    const mine = m.from === 'visitor';
    const el = h('div', { class: `msg${mine ? ' mine' : ''}`, 'data-id': m.id });
    el.append(h('span', { class: mine ? 'sr' : 'author' }, mine ? `${this.t('you')}: ` : (m.authorName ?? this.t('agent'))));
    if (m.media && (m.type === 'image' || (m.media.mime ?? '').startsWith('image/'))) {
      el.append(h('img', { src: this.api.mediaUrl(m.media.id), alt: m.media.filename ?? this.t('image'), loading: 'lazy' }));
    } else if (m.media) {
      el.append(
        h('a', { href: this.api.mediaUrl(m.media.id), target: '_blank', rel: 'noopener noreferrer' }, m.media.size ? `${m.media.filename ?? this.t('attachment')} (${formatSize(m.media.size)})` : (m.media.filename ?? this.t('attachment'))),
      );
    }
    if (m.text && !(m.media && m.text === m.media.filename)) el.append(h('div', {}, m.text));
    if (m.buttons?.length) {
      const box = h('div', { class: 'buttons' });
      for (const b of m.buttons) {
        const btn = h('button', { type: 'button' }, b.title);
        btn.addEventListener('click', () => this.submit(b.title, { id: b.id, title: b.title }));
        box.append(btn);
      }
      el.append(box);
    }
    const time = new Date(m.createdAt);
    const meta = h('div', { class: 'meta' }, isNaN(time.getTime()) ? '' : time.toLocaleTimeString(this.lang, { hour: '2-digit', minute: '2-digit' }));
    const tick = mine ? h('span', { class: 'tick' }) : null;
    if (tick) meta.append(tick);
    el.append(meta);
    const shown = { msg: m, el, tick };
    this.paintTick(shown);
    return shown;
  }

  private setStatus(id: string, status: Status): void {
    const s = this.shown.get(id);
    if (!s) return;
    s.msg = { ...s.msg, status: laterStatus(s.msg.status, status) };
    this.paintTick(s);
  }

  private paintTick(s: Shown): void {
    if (!s.tick) return;
    const st = s.msg.status;
    const label = this.t(({ pending: 'statusPending', sent: 'statusSent', delivered: 'statusDelivered', read: 'statusRead', failed: 'statusFailed' } as const)[st]);
    s.tick.className = `tick ${st}`;
    s.tick.setAttribute('data-status', st);
    s.tick.replaceChildren(
      h('span', { 'aria-hidden': 'true' }, { pending: '🕓', sent: '✓', delivered: '✓✓', read: '✓✓', failed: '!' }[st]),
      h('span', { class: 'sr' }, label),
    );
  }

  private async loadOlder(): Promise<void> {
    const first = [...this.shown.values()].find((s) => s.msg.status !== 'pending');
    if (!first) return;
    try {
      const page = await this.api.older(first.msg.id);
      for (const m of page.items) this.show(m, false);
      this.hasMore = page.hasMore;
      if (this.ui) this.ui.older.hidden = !page.hasMore;
    } catch {
      this.showError(this.t('error'));
    }
  }

  private setTyping(on: boolean, name: string | null): void {
    if (!this.ui) return;
    clearTimeout(this.agentTypingHide);
    this.ui.typing.textContent = on ? (name ? this.t('typing', { name }) : this.t('someoneTyping')) : '';
    this.ui.typing.hidden = !on;
    // A lost "stopped typing" must not leave the indicator on forever.
    if (on) this.agentTypingHide = setTimeout(() => this.setTyping(false, null), 10000);
  }

  private countUnread(): number {
    return [...this.shown.values()].filter((s) => s.msg.from !== 'visitor' && s.msg.status !== 'read' && !this.locallyRead.has(s.msg.id)).length;
  }

  private setUnread(n: number): void {
    const changed = n !== this.unread;
    this.unread = n;
    if (!this.ui) return;
    this.ui.badge.textContent = String(n);
    this.ui.badge.hidden = n === 0 || this.isOpen;
    if (!this.isOpen) this.ui.launcher.setAttribute('aria-label', n > 0 ? `${this.t('openChat')} (${this.t('unread', { count: n })})` : this.t('openChat'));
    if (changed) this.emit('unread', n);
  }

  private setNotice(offline: boolean): void {
    if (this.ui) this.ui.notice.hidden = !offline;
  }

  private showError(text: string): void {
    if (!this.ui) return;
    const el = this.ui.error;
    el.textContent = text;
    el.hidden = false;
    setTimeout(() => {
      if (el.textContent === text) el.hidden = true;
    }, 6000);
  }

  private scrollDown(): void {
    if (this.ui) this.ui.log.scrollTop = this.ui.log.scrollHeight;
  }

  private onPanelKey(e: KeyboardEvent, panel: HTMLElement): void {
    if (e.key === 'Escape') {
      e.preventDefault();
      this.close();
      return;
    }
    if (e.key !== 'Tab') return;
    // The panel is a modal dialog: Tab and Shift+Tab cycle inside it until it is closed.
    const items = focusables(panel);
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    const active = (panel.getRootNode() as ShadowRoot).activeElement;
    if (e.shiftKey && (active === first || !panel.contains(active))) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && active === last) {
      e.preventDefault();
      first.focus();
    }
  }

  private lastCreatedAt(): string | undefined {
    let last: string | undefined;
    for (const s of this.shown.values()) if (s.msg.status !== 'pending' && (!last || s.msg.createdAt > last)) last = s.msg.createdAt;
    return last;
  }

  private emit(event: string, payload?: unknown): void {
    for (const fn of this.listeners.get(event) ?? []) {
      try {
        fn(payload);
      } catch (e) {
        // A host page's listener that throws must not break the widget.
        console.error(e);
      }
    }
  }

  private read(name: string): string | null {
    try {
      return this.storage.getItem(`parley.widget.${this.key}.${name}`);
    } catch {
      return null;
    }
  }

  private write(name: string, value: string): void {
    try {
      this.storage.setItem(`parley.widget.${this.key}.${name}`, value);
    } catch {
      // Storage denied: the widget works for this page view.
    }
  }
}
