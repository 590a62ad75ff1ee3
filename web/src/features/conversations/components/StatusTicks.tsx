import { useTranslation } from 'react-i18next';
import { Icon, type IconName } from '../../../components/ui';
import { cn } from '../../../lib/cn';
import { tickFor, type Tick } from '../messages';

const LOOK: Record<Tick, { icon: IconName; className: string }> = {
  pending: { icon: 'clock', className: 'text-slate-400' },
  sent: { icon: 'check', className: 'text-slate-400' },
  delivered: { icon: 'checkDouble', className: 'text-slate-400' },
  read: { icon: 'checkDouble', className: 'text-success-500' },
  failed: { icon: 'alert', className: 'text-danger-600' },
};

/** The delivery state of an outbound message; `data-status` carries the tick for tests. */
export function StatusTicks({ status }: { status: string }) {
  const { t } = useTranslation();
  const tick = tickFor(status);
  if (!tick) return null;
  const look = LOOK[tick];
  const label = t(`conversations.ticks.${tick}`);
  return (
    <span role="img" aria-label={label} title={label} data-testid="message-ticks" data-status={tick} className={cn('inline-flex', look.className)}>
      <Icon name={look.icon} className="size-4" strokeWidth={2} />
    </span>
  );
}
