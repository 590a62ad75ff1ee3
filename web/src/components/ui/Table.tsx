import { createContext, useContext, type HTMLAttributes, type ReactNode, type TdHTMLAttributes, type ThHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { cn } from '../../lib/cn';

/** Set by a dense table: its cells take less room at the sides. */
const Dense = createContext(false);

/**
 * A table that scrolls sideways inside its own box (never the page) once narrower than `minWidth`, a Tailwind
 * `min-w-*` class. `dense` narrows the cells' side padding, for tables with many columns.
 */
export function Table({
  className,
  minWidth = 'min-w-[36rem]',
  dense = false,
  children,
  ...rest
}: HTMLAttributes<HTMLTableElement> & { minWidth?: string; dense?: boolean }) {
  return (
    <div className="relative overflow-x-auto">
      <table className={cn('w-full border-collapse text-sm', minWidth, className)} {...rest}>
        <Dense.Provider value={dense}>{children}</Dense.Provider>
      </table>
    </div>
  );
}

export function THead({ className, ...rest }: HTMLAttributes<HTMLTableSectionElement>) {
  return <thead className={cn('bg-slate-50/70', className)} {...rest} />;
}

export function TBody({ className, ...rest }: HTMLAttributes<HTMLTableSectionElement>) {
  return <tbody className={cn('divide-y divide-slate-100', className)} {...rest} />;
}

export function TR({ className, ...rest }: HTMLAttributes<HTMLTableRowElement>) {
  return <tr className={cn('transition-colors hover:bg-slate-50/60', className)} {...rest} />;
}

export function TH({ className, ...rest }: ThHTMLAttributes<HTMLTableCellElement>) {
  const dense = useContext(Dense);
  return (
    <th
      scope="col"
      className={cn(
        'border-b border-slate-100 py-3 text-start text-xs font-semibold tracking-wide text-slate-500 uppercase',
        dense ? 'px-3' : 'px-5',
        className,
      )}
      {...rest}
    />
  );
}

export function TD({ className, ...rest }: TdHTMLAttributes<HTMLTableCellElement>) {
  const dense = useContext(Dense);
  return <td className={cn('py-3.5 align-middle text-slate-700', dense ? 'px-3' : 'px-5', className)} {...rest} />;
}

/** A table's header row: a column per label; with `actions`, a last end-aligned column named only for screen readers. */
export function TableHeader({ columns, actions }: { columns: ReactNode[]; actions?: boolean }) {
  const { t } = useTranslation();
  return (
    <THead>
      <tr>
        {columns.map((label, i) => (
          <TH key={i}>{label}</TH>
        ))}
        {actions && (
          <TH className="text-end">
            <span className="sr-only">{t('common.actions')}</span>
          </TH>
        )}
      </tr>
    </THead>
  );
}
