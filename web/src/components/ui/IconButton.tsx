import type { ButtonHTMLAttributes } from 'react';
import { cn } from '../../lib/cn';
import { Icon, type IconName } from './Icon';
import { Spinner } from './Spinner';

const variants = {
  primary: 'bg-primary-600 text-white shadow-sm shadow-primary-600/25 hover:bg-primary-700 focus-visible:outline-primary-600',
  ghost: 'text-slate-500 hover:bg-slate-100 hover:text-slate-700 focus-visible:outline-primary-500',
};

/** A square (or round) button showing only an icon; `label` names it for screen readers and as its tooltip. */
export function IconButton({
  icon,
  label,
  variant = 'ghost',
  round,
  size = 'md',
  loading,
  disabled,
  className,
  iconClassName,
  type = 'button',
  ...rest
}: {
  icon: IconName;
  label: string;
  variant?: keyof typeof variants;
  round?: boolean;
  /** `sm`: 32px, for dense toolbars; `md`: 40px. */
  size?: 'sm' | 'md';
  loading?: boolean;
  iconClassName?: string;
} & Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'children'>) {
  return (
    <button
      type={type}
      aria-label={label}
      title={label}
      disabled={disabled || loading}
      aria-busy={loading || undefined}
      className={cn(
        'inline-flex shrink-0 items-center justify-center transition-colors focus-visible:outline-2 focus-visible:outline-offset-2',
        'disabled:pointer-events-none disabled:opacity-55',
        size === 'sm' ? 'size-8' : 'size-10',
        round ? 'rounded-full' : size === 'sm' ? 'rounded-lg' : 'rounded-xl',
        variants[variant],
        className,
      )}
      {...rest}
    >
      {loading ? <Spinner className={size === 'sm' ? 'size-4' : 'size-5'} /> : <Icon name={icon} className={cn(size === 'sm' ? 'size-4' : 'size-5', iconClassName)} />}
    </button>
  );
}
