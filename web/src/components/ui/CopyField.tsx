import { CopyButton } from './CopyButton';
import { Input, type InputProps } from './Input';

/** A read-only value (a secret, a link) to select or copy; its text is selected on focus. */
export function CopyField({ value, ...rest }: { value: string } & Omit<InputProps, 'value' | 'readOnly' | 'onFocus'>) {
  return (
    <div className="flex gap-2">
      <Input readOnly value={value} dir="ltr" className="font-mono text-xs" onFocus={(e) => e.target.select()} {...rest} />
      <CopyButton value={value} />
    </div>
  );
}
