import { useRef, type ReactNode } from 'react';
import { cn } from '../../lib/cn';
import { useDismiss } from '../../lib/useDismiss';

/**
 * A panel that opens next to its trigger (a menu, a picker). A click outside and Escape close it. The owner keeps
 * `open`, so a choice inside can close it too.
 */
export function Popover({
  open,
  onOpenChange,
  trigger,
  children,
  align = 'start',
  placement = 'bottom',
  className,
  panelClassName,
  testId,
  label,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  trigger: ReactNode;
  children: ReactNode;
  align?: 'start' | 'end';
  placement?: 'top' | 'bottom';
  className?: string;
  panelClassName?: string;
  testId?: string;
  label?: string;
}) {
  const root = useRef<HTMLDivElement>(null);
  useDismiss(root, open, () => onOpenChange(false));

  return (
    <div ref={root} className={cn('relative', className)}>
      {trigger}
      {open && (
        <div
          role="dialog"
          aria-label={label}
          data-testid={testId}
          className={cn(
            'absolute z-40 max-w-[calc(100vw-1.5rem)] animate-scale-in rounded-2xl border border-slate-200 bg-white p-1.5 shadow-xl',
            placement === 'top' ? 'bottom-full mb-2' : 'top-full mt-2',
            align === 'end' ? 'end-0' : 'start-0',
            panelClassName,
          )}
        >
          {children}
        </div>
      )}
    </div>
  );
}

/** A row of a menu inside a Popover. */
export function MenuItem({
  children,
  onClick,
  selected,
  disabled,
  className,
  ...rest
}: {
  children: ReactNode;
  onClick: () => void;
  selected?: boolean;
  disabled?: boolean;
  className?: string;
} & Record<`data-${string}`, string | boolean | undefined>) {
  return (
    <button
      type="button"
      role="menuitemradio"
      aria-checked={selected ?? false}
      disabled={disabled}
      onClick={onClick}
      className={cn(
        'flex w-full items-center gap-2.5 rounded-lg px-3 py-2 text-start text-sm text-slate-700 transition hover:bg-slate-100 disabled:opacity-55',
        selected && 'bg-primary-50/70 font-medium text-primary-800',
        className,
      )}
      {...rest}
    >
      {children}
    </button>
  );
}

/** The small capitals title over the choices of a menu inside a Popover. */
export function MenuHeading({ children }: { children: ReactNode }) {
  return <p className="px-3 pt-1.5 pb-1 text-xs font-semibold tracking-wide text-slate-400 uppercase">{children}</p>;
}
