//! The customer's side of the chat: which messages are theirs, how each reads, their ticks, and what the business
//! sent beyond text (reply buttons, lists, templates), read from the Graph API request the simulator keeps as the
//! message's `payload`. The payload is loose JSON: anything unexpected reads as a plain message, never an error.
import type { SimMessage } from './api';

export type PhoneTick = 'pending' | 'delivered' | 'read' | 'failed';

export interface PhoneChoice {
  id: string;
  title: string;
  description?: string;
}

export interface PhoneSection {
  title: string;
  rows: PhoneChoice[];
}

/** A business message the customer answers by tapping: reply buttons (up to 3) or a list behind a button. */
export type PhoneInteractive =
  | { kind: 'buttons'; header?: string; body: string; footer?: string; buttons: PhoneChoice[] }
  | { kind: 'list'; header?: string; body: string; footer?: string; button: string; sections: PhoneSection[] };

export type TapReply =
  | { type: 'button_reply'; buttonId: string; buttonTitle: string }
  | { type: 'list_reply'; buttonId: string; buttonTitle: string; description?: string };

export interface PhoneTemplate {
  name: string;
  language: string;
}

export interface PhoneBubble {
  id: string;
  /** `mine`: the customer wrote it (the simulator's `inbound`). */
  mine: boolean;
  type: string;
  text: string | null;
  time: string;
  /** Ticks on the customer's own messages: delivered once Parley took the webhook, read once the business read it. */
  tick: PhoneTick | null;
  failed: boolean;
  /** Buttons or a list to answer with (business messages only). */
  interactive: PhoneInteractive | null;
  /** The approved template this business message was sent from. */
  template: PhoneTemplate | null;
  /** The customer's own tap on a button or a list row: shown as what they chose, like a text. */
  reply: boolean;
  /** The message this one answers (the webhook's `context.id`), for the quote above it. */
  replyTo: string | null;
}

type Json = Record<string, unknown>;

const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const opt = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function choice(v: unknown): PhoneChoice | null {
  const o = obj(v);
  const id = str(o.id);
  const title = str(o.title);
  if (!id || !title) return null;
  const description = opt(o.description);
  return description ? { id, title, description } : { id, title };
}

const isChoice = (c: PhoneChoice | null): c is PhoneChoice => c !== null;

/**
 * The buttons or the list of an outbound `interactive` message (`{type: "interactive", interactive: {type: "button" |
 * "list", header?, body, footer?, action}}`), or null for anything else. WhatsApp shows at most 3 reply buttons and
 * 10 rows; a list without rows, or buttons without any, is not interactive at all.
 */
export function interactiveOf(payload: unknown): PhoneInteractive | null {
  const p = obj(payload);
  if (p.type !== 'interactive') return null;
  const i = obj(p.interactive);
  const head = obj(i.header);
  const header = !head.type || head.type === 'text' ? opt(head.text) : undefined;
  const body = str(obj(i.body).text);
  const footer = opt(obj(i.footer).text);
  const action = obj(i.action);
  const extra = { ...(header ? { header } : {}), ...(footer ? { footer } : {}) };
  if (i.type === 'button') {
    const buttons = arr(action.buttons)
      .map((b) => choice(obj(b).reply))
      .filter(isChoice)
      .map(({ id, title }) => ({ id, title }))
      .slice(0, 3);
    return buttons.length > 0 ? { kind: 'buttons', body, ...extra, buttons } : null;
  }
  if (i.type === 'list') {
    let left = 10;
    const sections = arr(action.sections)
      .map((v) => {
        const s = obj(v);
        const rows = arr(s.rows).map(choice).filter(isChoice).slice(0, left);
        left -= rows.length;
        return { title: str(s.title), rows };
      })
      .filter((s) => s.rows.length > 0);
    return sections.length > 0 ? { kind: 'list', body, ...extra, button: str(action.button), sections } : null;
  }
  return null;
}

/** The name and language of an outbound template message, or null. */
export function templateOf(payload: unknown): PhoneTemplate | null {
  const p = obj(payload);
  if (p.type !== 'template') return null;
  const t = obj(p.template);
  const name = str(t.name);
  return name ? { name, language: str(obj(t.language).code) } : null;
}

/** What the customer sends back for a tapped button or list row (the simulator's `button_reply` / `list_reply`). */
export function tapReply(interactive: PhoneInteractive, choice: PhoneChoice): TapReply {
  return interactive.kind === 'buttons'
    ? { type: 'button_reply', buttonId: choice.id, buttonTitle: choice.title }
    : { type: 'list_reply', buttonId: choice.id, buttonTitle: choice.title, ...(choice.description ? { description: choice.description } : {}) };
}

export function phoneTick(m: SimMessage): PhoneTick | null {
  if (m.direction !== 'inbound') return null;
  if (m.webhookAccepted === false) return 'failed';
  if (m.readByBusiness) return 'read';
  if (m.webhookAccepted) return 'delivered';
  return 'pending';
}

export function toBubble(m: SimMessage): PhoneBubble {
  const outbound = m.direction === 'outbound';
  const interactive = outbound ? interactiveOf(m.payload) : null;
  return {
    id: m.id,
    mine: !outbound,
    type: m.type,
    text: interactive?.body || (m.text ?? null),
    time: m.timestamp,
    tick: phoneTick(m),
    failed: outbound && m.status === 'failed',
    interactive,
    template: outbound ? templateOf(m.payload) : null,
    reply: !outbound && (m.type === 'button_reply' || m.type === 'list_reply' || obj(m.payload).type === 'interactive'),
    // A customer's message carries the webhook's `context.id`; a business reply the Graph request's `context.message_id`.
    replyTo: opt(obj(obj(m.payload).context).id) ?? opt(obj(obj(m.payload).context).message_id) ?? null,
  };
}

/** Business messages the customer has not read yet (the simulator turns them read on POST /read). */
export function unreadFromBusiness(messages: SimMessage[]): SimMessage[] {
  return messages.filter((m) => m.direction === 'outbound' && (m.status === 'sent' || m.status === 'delivered'));
}

/** The simulator sends JPEG and PNG as pictures, other files as documents (as WhatsApp does). */
export function customerFileType(mimeType: string): 'image' | 'document' {
  return mimeType === 'image/jpeg' || mimeType === 'image/png' ? 'image' : 'document';
}
