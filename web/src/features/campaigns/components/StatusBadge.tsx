import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/ui';
import { cn } from '../../../lib/cn';
import { RECIPIENT_TONE, STATUS_TONE } from '../actions';
import { isCampaignStatus, isRecipientStatus } from '../types';

/** A campaign's status; `data-status` carries the API's word. */
export function CampaignStatusBadge({ status, testId = 'campaign-status' }: { status: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Badge tone={STATUS_TONE[status] ?? 'neutral'} dot data-status={status} data-testid={testId}>
      {isCampaignStatus(status) ? t(`campaigns.status.${status}`) : status}
    </Badge>
  );
}

export function RecipientStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Badge tone={RECIPIENT_TONE[status] ?? 'neutral'} data-status={status} data-testid="recipient-status">
      {isRecipientStatus(status) ? t(`campaigns.recipientStatus.${status}`) : status}
    </Badge>
  );
}

/** A bar filled to `value` (0-1), with its percentage for screen readers. */
export function ProgressBar({ value, label, className, tone = 'primary' }: { value: number; label: string; className?: string; tone?: 'primary' | 'success' | 'warning' }) {
  const pct = Math.round(Math.min(1, Math.max(0, value)) * 100);
  return (
    <div
      className={cn('h-2 w-full overflow-hidden rounded-full bg-slate-100', className)}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct}
      data-testid="campaign-progress"
    >
      <div
        className={cn('h-full rounded-full transition-[width] duration-500', tone === 'success' ? 'bg-success-500' : tone === 'warning' ? 'bg-warning-500' : 'bg-primary-500')}
        style={{ width: `${pct}%` }}
      />
    </div>
  );
}
