import type { HTMLAttributes, ReactNode, TdHTMLAttributes, ThHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { cn } from '../../lib/cn';

export function Table({ className, children, ...rest }: HTMLAttributes<HTMLTableElement>) {
  return (
    <div className="relative overflow-x-auto">
      <table className={cn('w-full min-w-[36rem] border-collapse text-sm', className)} {...rest}>
        {children}
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
  return (
    <th
      scope="col"
      className={cn(
        'border-b border-slate-100 px-5 py-3 text-start text-xs font-semibold tracking-wide text-slate-500 uppercase',
        className,
      )}
      {...rest}
    />
  );
}

export function TD({ className, ...rest }: TdHTMLAttributes<HTMLTableCellElement>) {
  return <td className={cn('px-5 py-3.5 align-middle text-slate-700', className)} {...rest} />;
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
