//! The widget's HTTP calls to Parley's public widget API (/api/v1/widget/{key}): used for the config, the visitor,
//! history, uploads, and for sending when the socket is down.
import type { Outgoing, PublicMessage, Session, Visitor, WidgetConfig } from './types';

/** A refusal from the server (`{error, message}`), or `network` when the request did not reach it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class WidgetApi {
  readonly base: string;
  token: string | null = null;

  constructor(origin: string, readonly key: string) {
    this.base = `${origin}/api/v1/widget/${encodeURIComponent(key)}`;
  }

  config(lang: string): Promise<WidgetConfig> {
    return this.call('GET', `/config?lang=${encodeURIComponent(lang)}`);
  }

  createVisitor(context: unknown): Promise<{ visitorId: string; ref: string; token: string }> {
    return this.call('POST', '/visitors', { context });
  }

  session(): Promise<Session> {
    return this.call('GET', '/session');
  }

  older(before: string): Promise<{ items: PublicMessage[]; hasMore: boolean }> {
    return this.call('GET', `/messages?before=${encodeURIComponent(before)}&limit=50`);
  }

  send(body: Outgoing): Promise<PublicMessage> {
    return this.call('POST', '/messages', body);
  }

  prechat(body: { name?: string; email?: string; phone?: string; consent?: boolean }): Promise<Visitor> {
    return this.call('POST', '/prechat', body);
  }

  identify(body: { email?: string; name?: string; phone?: string; hash: string }): Promise<Visitor> {
    return this.call('POST', '/identify', body);
  }

  page(url: string, title: string): Promise<void> {
    return this.call('POST', '/pages', { url, title });
  }

  read(upTo: string): Promise<void> {
    return this.call('POST', '/read', { upTo });
  }

  upload(file: File): Promise<{ mediaId: string; mime: string; filename: string; size: number }> {
    const form = new FormData();
    form.append('file', file);
    return this.call('POST', '/attachments', form);
  }

  mediaUrl(mediaId: string): string {
    return `${this.base}/media/${encodeURIComponent(mediaId)}?token=${encodeURIComponent(this.token ?? '')}`;
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (this.token) headers['X-Visitor-Token'] = this.token;
    let payload: BodyInit | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    let res: Response;
    try {
      // No cookies: the visitor is the token, so a host page's session never rides along.
      res = await fetch(this.base + path, { method, headers, body: payload, credentials: 'omit', mode: 'cors' });
    } catch {
      throw new ApiError(0, 'network', 'network');
    }
    if (res.status === 204) return undefined as T;
    const data: unknown = await res.json().catch(() => null);
    if (!res.ok) {
      const err = (data ?? {}) as { error?: string; message?: string };
      throw new ApiError(res.status, err.error ?? 'error', err.message ?? res.statusText);
    }
    return data as T;
  }
}
