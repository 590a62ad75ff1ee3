import { initials } from '../../lib/format';
import { cn } from '../../lib/cn';

export function Avatar({ name, className }: { name: string; className?: string }) {
  return (
    <span
      aria-hidden="true"
      className={cn(
        'inline-flex size-9 shrink-0 items-center justify-center rounded-full bg-gradient-to-br from-primary-500 to-secondary-500 text-xs font-semibold text-white',
        className,
      )}
    >
      {initials(name)}
    </span>
  );
}
