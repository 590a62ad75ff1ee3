import type { HTMLAttributes, ReactNode } from 'react';
import { cn } from '../../lib/cn';

export type BadgeTone = 'primary' | 'secondary' | 'accent' | 'success' | 'danger' | 'warning' | 'neutral';

const tones: Record<BadgeTone, string> = {
  primary: 'bg-primary-50 text-primary-700 ring-primary-600/15',
  secondary: 'bg-secondary-50 text-secondary-700 ring-secondary-600/20',
  accent: 'bg-accent-50 text-accent-700 ring-accent-600/20',
  success: 'bg-success-50 text-success-700 ring-success-600/20',
  danger: 'bg-danger-50 text-danger-700 ring-danger-600/15',
  warning: 'bg-warning-50 text-warning-800 ring-warning-600/20',
  neutral: 'bg-slate-100 text-slate-600 ring-slate-500/15',
};

export function Badge({
  tone = 'neutral',
  dot,
  children,
  className,
  ...rest
}: { tone?: BadgeTone; dot?: boolean; children: ReactNode } & HTMLAttributes<HTMLSpanElement>) {
  return (
    <span
      {...rest}
      className={cn(
        'inline-flex items-center gap-1.5 rounded-full px-2.5 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset',
        tones[tone],
        className,
      )}
    >
      {dot && <span className="size-1.5 rounded-full bg-current" aria-hidden="true" />}
      {children}
    </span>
  );
}
