//! The customer's side of the chat: which messages are theirs, how each reads, and their ticks.
import type { SimMessage } from './api';

export type PhoneTick = 'pending' | 'delivered' | 'read' | 'failed';

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
}

export function phoneTick(m: SimMessage): PhoneTick | null {
  if (m.direction !== 'inbound') return null;
  if (m.webhookAccepted === false) return 'failed';
  if (m.readByBusiness) return 'read';
  if (m.webhookAccepted) return 'delivered';
  return 'pending';
}

export function toBubble(m: SimMessage): PhoneBubble {
  return {
    id: m.id,
    mine: m.direction === 'inbound',
    type: m.type,
    text: m.text ?? null,
    time: m.timestamp,
    tick: phoneTick(m),
    failed: m.direction === 'outbound' && m.status === 'failed',
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
