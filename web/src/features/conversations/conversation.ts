//! The states a conversation moves through; a customer writing again reopens a resolved or closed one.
export const CONVERSATION_STATUSES = ['open', 'pending', 'resolved', 'closed'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

export function isConversationStatus(value: string): value is ConversationStatus {
  return (CONVERSATION_STATUSES as readonly string[]).includes(value);
}

/** How a conversation is named: the customer's name, else their number. */
export function contactLabel(c: { contactName?: string | null; contactPhone?: string | null }): string {
  return c.contactName || c.contactPhone || '—';
}

/** The inbox opens on the conversations that wait for an answer. */
export const DEFAULT_STATUS: ConversationStatus = 'open';

export const PREVIEW_KINDS = ['image', 'video', 'audio', 'voice', 'document', 'sticker', 'location', 'contacts', 'reaction', 'template'] as const;
export type PreviewKind = (typeof PREVIEW_KINDS)[number];

/**
 * The server writes non-text previews as "[image] caption", "[location] name"...: split off the kind so the list can
 * show it as an icon and a word in the reader's language.
 */
export function parsePreview(preview: string | null | undefined): { kind: PreviewKind | null; text: string } | null {
  if (!preview) return null;
  const m = /^\[([a-z_]+)\]\s*([\s\S]*)$/.exec(preview);
  const kind = m?.[1];
  if (m && kind && (PREVIEW_KINDS as readonly string[]).includes(kind)) return { kind: kind as PreviewKind, text: m[2] ?? '' };
  return { kind: null, text: preview };
}
