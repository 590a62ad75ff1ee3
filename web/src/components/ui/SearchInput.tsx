import { cn } from '../../lib/cn';
import { Icon } from './Icon';
import { Input } from './Input';

/** A search box with a magnifier; `label` is both its placeholder and its accessible name. */
export function SearchInput({
  value,
  onChange,
  label,
  className,
  testId,
}: {
  value: string;
  onChange: (value: string) => void;
  label: string;
  className?: string;
  testId?: string;
}) {
  return (
    <div className={cn('relative', className)}>
      <Icon name="search" className="pointer-events-none absolute start-3 top-1/2 size-4 -translate-y-1/2 text-slate-400" />
      <Input type="search" value={value} onChange={(e) => onChange(e.target.value)} placeholder={label} aria-label={label} className="ps-9" data-testid={testId} />
    </div>
  );
}
