//! A campaign's counters read as a funnel: each person counted at the furthest step they reached (a read message
//! was delivered and sent), as crates/services/src/campaigns/progress.rs `stats` counts them.
import type { CampaignCounts } from './types';

export interface Funnel {
  sent: number;
  delivered: number;
  read: number;
  replied: number;
  clicked: number;
}

export function funnelOf(c: Pick<CampaignCounts, 'sent' | 'delivered' | 'read' | 'replied' | 'clicked'>): Funnel {
  const replied = c.replied;
  const read = c.read + replied;
  const delivered = c.delivered + read;
  const sent = c.sent + delivered;
  return { sent, delivered, read, replied, clicked: c.clicked };
}

/** The counters the live page shows as cards, in order. */
export const COUNTER_CARDS = ['total', 'pending', 'sent', 'delivered', 'read', 'replied', 'clicked', 'failed', 'skipped', 'unknown', 'held'] as const;
export type CounterCard = (typeof COUNTER_CARDS)[number];

/** A card's number: the funnel's steps are cumulative, the other states are what they count now. */
export function counterValue(card: CounterCard, c: CampaignCounts): number {
  const f = funnelOf(c);
  switch (card) {
    case 'sent':
    case 'delivered':
    case 'read':
    case 'replied':
    case 'clicked':
      return f[card];
    case 'pending':
      return c.pending + c.sending;
    default:
      return c[card];
  }
}
