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
