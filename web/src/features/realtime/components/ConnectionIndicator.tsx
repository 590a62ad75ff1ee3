import { useTranslation } from 'react-i18next';
import { cn } from '../../../lib/cn';
import { useRealtimeStatus } from '../context';

const DOT = {
  live: 'bg-success-500',
  connecting: 'bg-accent-400 animate-pulse',
  reconnecting: 'bg-accent-500 animate-pulse',
  offline: 'bg-slate-300',
} as const;

/** Whether updates arrive live: a dot and a word ("Live", "Reconnecting…"). */
export function ConnectionIndicator({ className }: { className?: string }) {
  const { t } = useTranslation();
  const status = useRealtimeStatus();
  const label = t(`realtime.status.${status}`);
  return (
    <span
      className={cn('inline-flex items-center gap-1.5 text-xs font-medium text-slate-500', className)}
      data-testid="connection-indicator"
      data-state={status}
      title={t(`realtime.hint.${status}`)}
      role="status"
    >
      <span className={cn('size-2 rounded-full', DOT[status])} aria-hidden="true" />
      {label}
    </span>
  );
}
