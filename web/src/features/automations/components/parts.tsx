//! Small pieces the automations pages share: the on/off switch, the drag grip, a run's outcome badge and the way back
//! to the list.
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge, Icon, type BadgeTone } from '../../../components/ui';
import { cn } from '../../../lib/cn';
import { useTranslate } from './useRuleText';

export function EnabledSwitch({ on, onChange, busy, label, testId }: { on: boolean; onChange: (on: boolean) => void; busy?: boolean; label: string; testId?: string }) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={on}
      aria-label={label}
      title={label}
      disabled={busy}
      onClick={() => onChange(!on)}
      data-testid={testId}
      className={cn('relative inline-flex h-6 w-11 shrink-0 items-center rounded-full transition disabled:opacity-60', on ? 'bg-primary-600' : 'bg-slate-300')}
    >
      <span className={cn('inline-block size-5 rounded-full bg-white shadow transition-transform', on ? 'translate-x-5.5 rtl:-translate-x-5.5' : 'translate-x-0.5 rtl:-translate-x-0.5')} />
    </button>
  );
}

export function Grip() {
  return (
    <svg viewBox="0 0 20 20" className="size-4" fill="currentColor" aria-hidden="true">
      {[6, 10, 14].flatMap((y) => [7, 13].map((x) => <circle key={`${x}-${y}`} cx={x} cy={y} r="1.4" />))}
    </svg>
  );
}

const RUN_TONES: Record<string, BadgeTone> = { matched: 'success', skipped: 'neutral', failed: 'danger', loop_guarded: 'warning' };

export function RunStatusBadge({ status }: { status: string }) {
  const t = useTranslate();
  return (
    <Badge tone={RUN_TONES[status] ?? 'neutral'} dot data-testid="run-status" data-status={status}>
      {t(`automations.runs.statuses.${status}`)}
    </Badge>
  );
}

/** The link back to the rules, above a rule's pages. */
export function BackToRules() {
  const { t } = useTranslation();
  return (
    <Link to="/app/automations" className="inline-flex items-center gap-1 text-sm text-slate-500 hover:text-slate-800">
      <Icon name="arrowStart" className="size-4 rtl:rotate-180" />
      {t('automations.title')}
    </Link>
  );
}
