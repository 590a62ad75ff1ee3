//! The built-in WhatsApp simulator's customer side, at /sim/api (demo mode only; no auth, plain fetch).
import { ApiError, apiErrorFrom, networkError } from '../../api/errors';

export interface SimNumber {
  phoneNumberId: string;
  wabaId: string;
  displayPhoneNumber: string;
  verifiedName: string;
  webhookUrl: string;
}

/** One message of a customer's chat, as the simulator keeps it: `inbound` is customer → business. */
export interface SimMessage {
  id: string;
  direction: 'inbound' | 'outbound';
  type: string;
  text?: string | null;
  payload?: unknown;
  status: 'sent' | 'delivered' | 'read' | 'failed' | 'received';
  error?: unknown;
  timestamp: string;
  /** Whether Parley answered the webhook of this message with a 2xx (null: not sent yet). */
  webhookAccepted?: boolean | null;
  /** For the customer's own messages: whether the business has read them. */
  readByBusiness?: boolean;
}

export interface CustomerMessage {
  phoneNumberId: string;
  name?: string;
  /** `button_reply` and `list_reply`: the customer tapped a reply button or a list row of a business message. */
  type: 'text' | 'image' | 'document' | 'location' | 'button_reply' | 'list_reply';
  text?: string;
  caption?: string;
  mediaBase64?: string;
  mimeType?: string;
  filename?: string;
  latitude?: number;
  longitude?: number;
  /** The tapped button's or row's id and title (and a row's description). */
  buttonId?: string;
  buttonTitle?: string;
  description?: string;
  /** The business message this one answers (the webhook's `context`, as WhatsApp sends for a tap). */
  replyTo?: string;
}

/** The server is not in demo mode: /sim is not mounted (404, or the web app's index.html answers instead). */
export class SimulatorUnavailable extends Error {
  constructor() {
    super('The simulator is not running on this server.');
    this.name = 'SimulatorUnavailable';
  }
}

async function call<T>(path: string, init?: { method: 'POST'; body: unknown }): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/sim/api${path}`, {
      method: init?.method ?? 'GET',
      headers: init ? { 'Content-Type': 'application/json', Accept: 'application/json' } : { Accept: 'application/json' },
      body: init ? JSON.stringify(init.body) : undefined,
    });
  } catch (cause) {
    throw networkError(cause);
  }
  // Outside demo mode nothing is mounted at /sim: the web app's index.html answers instead of JSON.
  if (!(res.headers.get('Content-Type') ?? '').includes('application/json')) throw new SimulatorUnavailable();
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) throw apiErrorFrom(res.status, body, res.statusText);
  return body as T;
}

/** The digits WhatsApp addresses a customer by ("+1 415 555 0100" gives "14155550100"). */
export function phoneDigits(phone: string): string {
  return phone.replace(/\D/g, '');
}

export const simApi = {
  numbers: () =>
    call<SimNumber[]>('/numbers').catch((e: unknown) => {
      throw e instanceof ApiError && e.status === 404 ? new SimulatorUnavailable() : e;
    }),
  chat: (phone: string, phoneNumberId: string) =>
    call<SimMessage[]>(`/customers/${phoneDigits(phone)}/messages?phoneNumberId=${encodeURIComponent(phoneNumberId)}`),
  send: ({ phone, message }: { phone: string; message: CustomerMessage }) =>
    call<{ id: string; delivered: boolean; webhookStatus: number | null }>(`/customers/${phoneDigits(phone)}/messages`, {
      method: 'POST',
      body: message,
    }),
  read: ({ phone, phoneNumberId }: { phone: string; phoneNumberId: string }) =>
    call<{ read: string[] }>(`/customers/${phoneDigits(phone)}/read`, { method: 'POST', body: { phoneNumberId } }),
};
