import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon, TBody, TD, TR, Table, TableHeader } from '../../../components/ui';
import { formatDate } from '../../../lib/format';
import { formatMinor } from '../money';
import type { Invoice } from '../types';
import { InvoiceStatusBadge } from './Badges';

const linkClass = 'inline-flex items-center gap-1 rounded-lg px-2 py-1 text-sm font-medium text-primary-700 hover:bg-primary-50';

/** Invoices with their number, date, amount and status, and links to the hosted page and the PDF; `actions` adds more. */
export function InvoiceTable({ invoices, actions }: { invoices: readonly Invoice[]; actions?: (invoice: Invoice) => ReactNode }) {
  const { t, i18n } = useTranslation();
  return (
    <Table data-testid="invoice-table">
      <TableHeader columns={[t('billing.invoices.number'), t('billing.invoices.date'), t('billing.invoices.amount'), t('common.status')]} actions />
      <TBody>
        {invoices.map((inv) => (
          <TR key={inv.id} data-testid="invoice-row">
            <TD>
              <p className="font-medium whitespace-nowrap text-slate-900" dir="ltr">
                {inv.number ?? '—'}
              </p>
              {inv.description && <p className="text-xs text-slate-500" dir="auto">{inv.description}</p>}
            </TD>
            <TD className="whitespace-nowrap text-slate-600">{formatDate(inv.issuedAt, i18n.language)}</TD>
            <TD className="whitespace-nowrap tabular-nums">{formatMinor(inv.total, inv.currency, i18n.language, true)}</TD>
            <TD>
              <InvoiceStatusBadge status={inv.status} />
            </TD>
            <TD className="text-end whitespace-nowrap">
              <div className="flex items-center justify-end gap-1">
                {inv.hostedUrl && (
                  <a href={inv.hostedUrl} target="_blank" rel="noopener noreferrer" className={linkClass}>
                    <Icon name="external" className="size-4" />
                    {t('billing.invoices.view')}
                  </a>
                )}
                {inv.pdfUrl && (
                  <a href={inv.pdfUrl} target="_blank" rel="noopener noreferrer" className={linkClass}>
                    <Icon name="download" className="size-4" />
                    {t('billing.invoices.pdf')}
                  </a>
                )}
                {actions?.(inv)}
              </div>
            </TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}
