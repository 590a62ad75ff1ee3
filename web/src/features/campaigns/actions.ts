//! What can be done to a campaign in each status (as crates/services/src/campaigns/launch.rs allows it), so the pages
//! offer only the buttons the API would accept.
import type { BadgeTone } from '../../components/ui';
import type { CampaignCounts } from './types';

export type CampaignAction = 'edit' | 'pause' | 'resume' | 'cancel' | 'retryFailed' | 'delete';

/**
 * The actions valid for a status, in the order the page shows them. Retrying needs failures a retry may fix
 * (`counts.retryable`); editing is the wizard (drafts, and scheduled campaigns, which keep their schedule).
 */
export function allowedActions(status: string, counts?: Pick<CampaignCounts, 'retryable'> | null): CampaignAction[] {
  const retry = (counts?.retryable ?? 0) > 0 ? (['retryFailed'] as const) : [];
  switch (status) {
    case 'draft':
      return ['edit', 'delete'];
    case 'scheduled':
      return ['edit', 'cancel', 'delete'];
    case 'running':
      return ['pause', ...retry, 'cancel'];
    case 'paused':
      return ['resume', ...retry, 'cancel'];
    case 'completed':
      return [...retry, 'delete'];
    case 'cancelled':
    case 'failed':
      return ['delete'];
    default:
      return [];
  }
}

/** Statuses whose counters still move. */
export function isLive(status: string): boolean {
  return status === 'running' || status === 'paused' || status === 'scheduled';
}

export const STATUS_TONE: Record<string, BadgeTone> = {
  draft: 'neutral',
  scheduled: 'primary',
  running: 'secondary',
  paused: 'warning',
  completed: 'success',
  cancelled: 'neutral',
  failed: 'danger',
};

export const RECIPIENT_TONE: Record<string, BadgeTone> = {
  pending: 'neutral',
  sending: 'primary',
  sent: 'primary',
  delivered: 'secondary',
  read: 'success',
  replied: 'success',
  failed: 'danger',
  skipped: 'warning',
  unknown: 'warning',
};

/** Where a campaign opens: a draft in the wizard, any other on its live page. */
export const campaignHref = (c: { id: string; status: string }) => (c.status === 'draft' ? `/app/campaigns/${c.id}/edit` : `/app/campaigns/${c.id}`);
