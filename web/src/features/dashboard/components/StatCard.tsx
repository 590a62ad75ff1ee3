import type { ReactNode } from 'react';
import { Card, Icon, Spinner, type IconName } from '../../../components/ui';
import { cn } from '../../../lib/cn';

const tones = {
  primary: 'bg-primary-50 text-primary-600',
  secondary: 'bg-secondary-50 text-secondary-600',
  accent: 'bg-accent-50 text-accent-600',
  success: 'bg-success-50 text-success-600',
} as const;

export function StatCard({
  label,
  value,
  icon,
  tone = 'primary',
  loading,
  testId,
}: {
  label: ReactNode;
  value: ReactNode;
  icon: IconName;
  tone?: keyof typeof tones;
  loading?: boolean;
  testId?: string;
}) {
  return (
    <Card className="p-5" data-testid={testId}>
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="text-sm font-medium text-slate-500">{label}</p>
          <p className="mt-2 truncate text-3xl font-semibold tracking-tight text-slate-900 tabular-nums" data-testid={testId ? `${testId}-value` : undefined}>
            {loading ? <Spinner className="text-slate-300" /> : value}
          </p>
        </div>
        <span className={cn('flex size-11 shrink-0 items-center justify-center rounded-xl', tones[tone])}>
          <Icon name={icon} className="size-5" />
        </span>
      </div>
    </Card>
  );
}
