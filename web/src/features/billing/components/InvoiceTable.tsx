import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon, TBody, TR } from '../../../components/ui';
import { formatDate } from '../../../lib/format';
import { formatMinor } from '../money';
import type { Invoice } from '../types';
import { InvoiceStatusBadge } from './Badges';

const linkClass = 'inline-flex items-center gap-1 rounded-lg px-2 py-1 text-sm font-medium text-primary-700 hover:bg-primary-50';
const th = 'border-b border-slate-100 px-3 py-3 text-start text-xs font-semibold tracking-wide text-slate-500 uppercase sm:px-5';
const td = 'px-3 py-3.5 align-middle text-slate-700 sm:px-5';
/** Columns a phone leaves out: their content moves under the number (date) and the amount (status). */
const wide = 'hidden sm:table-cell';

/**
 * Invoices with their number, date, amount and status, and links to the hosted page and the PDF; `actions` adds more.
 * On a phone the table keeps three columns (number and date, amount and status, icon links), so the status and the
 * PDF stay in view instead of behind a sideways scroll.
 */
export function InvoiceTable({ invoices, actions }: { invoices: readonly Invoice[]; actions?: (invoice: Invoice) => ReactNode }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="relative overflow-x-auto">
      <table className="w-full border-collapse text-sm sm:min-w-[36rem]" data-testid="invoice-table">
        <thead className="bg-slate-50/70">
          <tr>
            <th scope="col" className={th}>
              {t('billing.invoices.number')}
            </th>
            <th scope="col" className={`${th} ${wide}`}>
              {t('billing.invoices.date')}
            </th>
            <th scope="col" className={th}>
              {t('billing.invoices.amount')}
            </th>
            <th scope="col" className={`${th} ${wide}`}>
              {t('common.status')}
            </th>
            <th scope="col" className={`${th} text-end`}>
              <span className="sr-only">{t('common.actions')}</span>
            </th>
          </tr>
        </thead>
        <TBody>
          {invoices.map((inv) => (
            <TR key={inv.id} data-testid="invoice-row">
              <td className={td}>
                <p className="font-medium whitespace-nowrap text-slate-900" dir="ltr">
                  {inv.number ?? '—'}
                </p>
                {inv.description && <p className="text-xs text-slate-500" dir="auto">{inv.description}</p>}
                <p className="text-xs whitespace-nowrap text-slate-500 sm:hidden">{formatDate(inv.issuedAt, i18n.language)}</p>
              </td>
              <td className={`${td} ${wide} whitespace-nowrap text-slate-600`}>{formatDate(inv.issuedAt, i18n.language)}</td>
              <td className={td}>
                <p className="whitespace-nowrap tabular-nums">{formatMinor(inv.total, inv.currency, i18n.language, true)}</p>
                <p className="mt-1 sm:hidden">
                  <InvoiceStatusBadge status={inv.status} />
                </p>
              </td>
              <td className={`${td} ${wide}`}>
                <InvoiceStatusBadge status={inv.status} />
              </td>
              <td className={`${td} text-end whitespace-nowrap`}>
                <div className="flex items-center justify-end gap-1">
                  {inv.hostedUrl && (
                    <a href={inv.hostedUrl} target="_blank" rel="noopener noreferrer" className={linkClass}>
                      <Icon name="external" className="size-4" />
                      <span className="sr-only sm:not-sr-only">{t('billing.invoices.view')}</span>
                    </a>
                  )}
                  {inv.pdfUrl && (
                    <a href={inv.pdfUrl} target="_blank" rel="noopener noreferrer" className={linkClass}>
                      <Icon name="download" className="size-4" />
                      <span className="sr-only sm:not-sr-only">{t('billing.invoices.pdf')}</span>
                    </a>
                  )}
                  {actions?.(inv)}
                </div>
              </td>
            </TR>
          ))}
        </TBody>
      </table>
    </div>
  );
}
