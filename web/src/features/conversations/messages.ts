//! What a message shows: its delivery ticks, its content by type, and which kind of file an upload is sent as; and the
//! optimistic copies of messages being sent (shown at once with a clock, replaced by the server's message).
import type { Media, Message, SendMessageInput } from '../../api/types';
import { interactiveContent, type InteractiveContent } from '../../lib/interactiveContent';

/** WhatsApp's ticks: a clock while queued, ✓ sent, ✓✓ delivered, blue ✓✓ read, red when failed. */
export type Tick = 'pending' | 'sent' | 'delivered' | 'read' | 'failed';

export function tickFor(status: string): Tick | null {
  switch (status) {
    case 'queued':
    case 'sending':
      return 'pending';
    case 'sent':
    case 'delivered':
    case 'read':
    case 'failed':
      return status;
    default:
      return null;
  }
}

export const MEDIA_TYPES = ['image', 'video', 'audio', 'voice', 'document', 'sticker'] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

export type MessageView =
  | { kind: 'text'; text: string }
  /** Reply buttons or a list, as sent by a flow or an agent (its header, body, footer and choices). */
  | { kind: 'interactive'; interactive: InteractiveContent }
  | { kind: 'media'; mediaType: MediaType; caption: string | null; filename: string | null; media: Media | null }
  | { kind: 'location'; latitude: number; longitude: number; name: string | null; address: string | null }
  /** `text`: the body as the customer read it, when the sender stored it (campaigns do). */
  | { kind: 'template'; name: string; text: string | null }
  | { kind: 'reaction'; emoji: string }
  | { kind: 'contacts'; names: string[]; cards: { name: string; phone: string | null }[] }
  | { kind: 'deleted' }
  | { kind: 'unsupported'; type: string };

type Json = Record<string, unknown>;

function record(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Shared contact cards: each one's name and first phone number. */
function contactCards(value: unknown): { name: string; phone: string | null }[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((c) => {
    const name = record(record(c).name);
    const formatted = str(name.formatted_name) ?? str(name.first_name);
    const phones = record(c).phones;
    const phone = Array.isArray(phones) ? (phones.map((p) => str(record(p).phone) ?? str(record(p).wa_id)).find(Boolean) ?? null) : null;
    return formatted ? [{ name: formatted, phone }] : [];
  });
}

/** Reads the loosely typed `content` of a message into what the bubble shows. */
export function describeMessage(m: Pick<Message, 'type' | 'content' | 'media'>): MessageView {
  const c = record(m.content);
  if ((MEDIA_TYPES as readonly string[]).includes(m.type)) {
    return {
      kind: 'media',
      mediaType: m.type as MediaType,
      caption: str(c.caption),
      filename: str(c.filename) ?? m.media?.filename ?? null,
      media: m.media ?? null,
    };
  }
  switch (m.type) {
    case 'location': {
      const latitude = Number(c.latitude);
      const longitude = Number(c.longitude);
      if (Number.isFinite(latitude) && Number.isFinite(longitude)) {
        return { kind: 'location', latitude, longitude, name: str(c.name), address: str(c.address) };
      }
      return { kind: 'unsupported', type: m.type };
    }
    case 'template':
      return { kind: 'template', name: str(record(c.template).name) ?? '', text: str(c.text) };
    case 'reaction':
      return { kind: 'reaction', emoji: str(c.emoji) ?? '' };
    case 'contacts': {
      const cards = contactCards(c.contacts);
      return { kind: 'contacts', names: cards.map((x) => x.name), cards };
    }
    case 'buttons':
    case 'list': {
      const interactive = interactiveContent(m.type, c);
      if (!interactive) return { kind: 'unsupported', type: m.type };
      const choices = interactive.kind === 'buttons' ? interactive.buttons.length : interactive.sections.reduce((n, s) => n + s.rows.length, 0);
      if (choices > 0) return { kind: 'interactive', interactive };
      return interactive.text ? { kind: 'text', text: interactive.text } : { kind: 'unsupported', type: m.type };
    }
    case 'revoke':
      return { kind: 'deleted' };
    case 'edit': {
      const edited = str(record(record(c.message).text).body);
      return edited ? { kind: 'text', text: edited } : { kind: 'unsupported', type: m.type };
    }
    default: {
      // text, button and list replies, system notices: all carry `text`.
      const text = str(c.text);
      return text ? { kind: 'text', text } : { kind: 'unsupported', type: m.type };
    }
  }
}

/** Why sending failed, from `error: {code, reason}`. */
export function failureReason(error: unknown): string | null {
  const e = record(error);
  const reason = str(e.reason) ?? str(e.message) ?? str(e.title);
  const code = typeof e.code === 'number' || typeof e.code === 'string' ? String(e.code) : null;
  if (reason && code) return `${reason} (${code})`;
  return reason ?? code;
}

/** WhatsApp shows JPEG and PNG inline; every other file goes as a document. */
export function sendAsFor(mimeType: string): 'image' | 'document' {
  const mime = mimeType.toLowerCase().split(';')[0]?.trim() ?? '';
  return mime === 'image/jpeg' || mime === 'image/png' ? 'image' : 'document';
}

/**
 * What the composer offers: free text while the customer's 24-hour window is open, or on QR numbers (no window);
 * only templates once it is closed on a Cloud API number.
 */
export function composerMode(conversation: { windowOpen: boolean }, connectionKind: string | undefined): 'free' | 'template' {
  if (conversation.windowOpen || connectionKind === 'wasender') return 'free';
  return 'template';
}

// ---- optimistic messages

/** What the composer asked to send: a message to the customer, or an internal note. */
export type PendingSend = { kind: 'message'; input: SendMessageInput; media?: Media | null } | { kind: 'note'; text: string };

/** A message shown before the server answered; on failure it keeps what to send again. */
export interface LocalMessage extends Message {
  local: { state: 'sending' | 'failed'; send: PendingSend; reason?: string };
}

export function isLocal(m: Message): m is LocalMessage {
  return typeof (m as Partial<LocalMessage>).local === 'object';
}

let localSeq = 0;

/** The optimistic copy of what is being sent, with a local id and a clock (status queued). */
export function localMessage(
  conversationId: string,
  send: PendingSend,
  sender: { id: string | null; name: string | null },
  quoted: Pick<Message, 'waMessageId'> | null,
  now: Date = new Date(),
): LocalMessage {
  localSeq += 1;
  const base = {
    id: `local-${now.getTime()}-${localSeq}`,
    conversationId,
    status: 'queued',
    attempts: 0,
    createdAt: now.toISOString(),
    senderUserId: sender.id,
    senderName: sender.name,
    media: null,
  };
  if (send.kind === 'note') {
    return { ...base, direction: 'note', type: 'text', content: { text: send.text }, local: { state: 'sending', send } };
  }
  const input = send.input;
  const content =
    input.type === 'text'
      ? { text: input.text ?? '' }
      : input.type === 'template'
        ? { template: { name: input.template?.name ?? '', language: input.template?.language ?? '' } }
        : { caption: input.caption ?? null, filename: send.media?.filename ?? null };
  return {
    ...base,
    direction: 'outbound',
    type: input.type,
    content,
    media: send.media ?? null,
    replyToWaId: quoted?.waMessageId ?? null,
    local: { state: 'sending', send },
  };
}

function signature(m: Pick<Message, 'type' | 'content' | 'media'>): string {
  const view = describeMessage(m);
  switch (view.kind) {
    case 'text':
      return `text:${view.text}`;
    case 'interactive':
      return `text:${view.interactive.text}`;
    case 'media':
      return `media:${view.media?.id ?? ''}:${view.caption ?? ''}`;
    case 'template':
      return `template:${view.name}`;
    default:
      return view.kind;
  }
}

/** Whether the server's message is the one our optimistic copy stands for (same direction, type and content). */
export function sameContent(local: Message, m: Message): boolean {
  return local.direction === m.direction && local.type === m.type && signature(local) === signature(m);
}

/** A short line for a quoted message (a reply's quote, the composer's "replying to"). */
export function quoteText(m: Pick<Message, 'type' | 'content' | 'media'>): { kind: MessageView['kind']; text: string } {
  const view = describeMessage(m);
  switch (view.kind) {
    case 'text':
      return { kind: 'text', text: view.text };
    case 'interactive':
      return { kind: 'interactive', text: view.interactive.text || view.interactive.header || '' };
    case 'media':
      return { kind: 'media', text: view.caption ?? view.filename ?? '' };
    case 'location':
      return { kind: 'location', text: view.name ?? `${view.latitude.toFixed(4)}, ${view.longitude.toFixed(4)}` };
    case 'template':
      return { kind: 'template', text: view.text ?? view.name };
    case 'contacts':
      return { kind: 'contacts', text: view.names.join(', ') };
    case 'reaction':
      return { kind: 'reaction', text: view.emoji };
    default:
      return { kind: view.kind, text: '' };
  }
}

/** Replies quote messages WhatsApp knows (they have a WhatsApp id); notes never reach WhatsApp. */
export function canReplyTo(m: Message): boolean {
  return m.direction !== 'note' && !isLocal(m) && Boolean(m.waMessageId);
}
