import type { ReactNode } from 'react';
import { cn } from '../../lib/cn';
import { Icon } from './Icon';

type Tone = 'danger' | 'success' | 'info' | 'warning';

const tones: Record<Tone, string> = {
  danger: 'border-danger-200 bg-danger-50 text-danger-800',
  success: 'border-success-200 bg-success-50 text-success-800',
  info: 'border-primary-200 bg-primary-50 text-primary-800',
  warning: 'border-accent-200 bg-accent-50 text-accent-800',
};

export function Alert({ tone = 'info', title, children, className }: { tone?: Tone; title?: ReactNode; children?: ReactNode; className?: string }) {
  return (
    <div
      role={tone === 'danger' ? 'alert' : 'status'}
      className={cn('flex gap-3 rounded-xl border px-4 py-3 text-sm', tones[tone], className)}
    >
      <Icon name={tone === 'danger' || tone === 'warning' ? 'alert' : tone === 'success' ? 'check' : 'info'} className="mt-0.5 size-4 shrink-0" />
      <div className="min-w-0 space-y-0.5">
        {title && <p className="font-semibold">{title}</p>}
        {children && <div className="break-words">{children}</div>}
      </div>
    </div>
  );
}
