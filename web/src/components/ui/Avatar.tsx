import { initials } from '../../lib/format';
import { cn } from '../../lib/cn';

/** Initials on a gradient disc; a `size-*` (and `text-*`) in `className` replaces the default 36px (and text-xs). */
export function Avatar({ name, className }: { name: string; className?: string }) {
  const sized = /(^|\s)size-/.test(className ?? '');
  const texted = /(^|\s)text-(\[|xs|sm|base)/.test(className ?? '');
  return (
    <span
      aria-hidden="true"
      className={cn(
        'inline-flex shrink-0 items-center justify-center rounded-full bg-gradient-to-br from-primary-500 to-secondary-500 font-semibold text-white',
        !sized && 'size-9',
        !texted && 'text-xs',
        className,
      )}
    >
      {initials(name)}
    </span>
  );
}
