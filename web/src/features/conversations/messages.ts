//! What a message shows: its delivery ticks, its content by type, and which kind of file an upload is sent as.
import type { Media, Message } from '../../api/types';

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
  | { kind: 'media'; mediaType: MediaType; caption: string | null; filename: string | null; media: Media | null }
  | { kind: 'location'; latitude: number; longitude: number; name: string | null; address: string | null }
  | { kind: 'template'; name: string }
  | { kind: 'reaction'; emoji: string }
  | { kind: 'contacts'; names: string[] }
  | { kind: 'deleted' }
  | { kind: 'unsupported'; type: string };

type Json = Record<string, unknown>;

function record(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function contactNames(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((c) => {
    const name = record(record(c).name);
    const formatted = str(name.formatted_name) ?? str(name.first_name);
    return formatted ? [formatted] : [];
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
      return { kind: 'template', name: str(record(c.template).name) ?? '' };
    case 'reaction':
      return { kind: 'reaction', emoji: str(c.emoji) ?? '' };
    case 'contacts':
      return { kind: 'contacts', names: contactNames(c.contacts) };
    case 'revoke':
      return { kind: 'deleted' };
    case 'edit': {
      const edited = str(record(record(c.message).text).body);
      return edited ? { kind: 'text', text: edited } : { kind: 'unsupported', type: m.type };
    }
    default: {
      // text, button and list replies, interactive messages sent from here, system notices: all carry `text`.
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
