//! An on/off switch (`role="switch"`), mirrored in right-to-left pages, and the drag grip of sortable rows.
import { cn } from '../../lib/cn';

export function Switch({ on, onChange, busy, label, testId }: { on: boolean; onChange: (on: boolean) => void; busy?: boolean; label: string; testId?: string }) {
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

/** The handle a sortable row is dragged by. */
export function Grip() {
  return (
    <svg viewBox="0 0 20 20" className="size-4" fill="currentColor" aria-hidden="true">
      {[6, 10, 14].flatMap((y) => [7, 13].map((x) => <circle key={`${x}-${y}`} cx={x} cy={y} r="1.4" />))}
    </svg>
  );
}
