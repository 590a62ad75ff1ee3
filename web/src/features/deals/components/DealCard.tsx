import type { HTMLAttributes, Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { cn } from '../../../lib/cn';
import { formatDate } from '../../../lib/format';
import { initialsOf } from '../board';
import { contactName, formatDay, formatMoney } from '../format';
import type { Deal } from '../types';
import { PriorityBadge } from './PriorityBadge';

/** A deal on the board: title, contact, value, priority, owner and expected close date. */
export function DealCard({
  deal,
  overlay,
  dragging,
  cardRef,
  onOpen,
  className,
  ...rest
}: {
  deal: Deal;
  /** The copy following the pointer while dragging (no test ids, lifted look). */
  overlay?: boolean;
  dragging?: boolean;
  cardRef?: Ref<HTMLDivElement>;
  onOpen?: (deal: Deal) => void;
} & HTMLAttributes<HTMLDivElement>) {
  const { t, i18n } = useTranslation();
  const closedDate = deal.expectedCloseDate ? formatDay(deal.expectedCloseDate, i18n.language) : null;
  return (
    <div
      ref={cardRef}
      data-testid={overlay ? undefined : 'deal-card'}
      data-deal-id={overlay ? undefined : deal.id}
      className={cn(
        'group relative cursor-grab rounded-xl border border-slate-200 bg-white p-3 text-start shadow-xs transition-shadow select-none hover:shadow-md',
        'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-primary-500',
        dragging && 'opacity-40',
        overlay && 'cursor-grabbing shadow-xl ring-2 ring-primary-500/40',
        className,
      )}
      {...rest}
    >
      <div className="flex items-start justify-between gap-2">
        <p className="min-w-0 flex-1 text-sm font-semibold break-words text-slate-900" dir="auto">
          {deal.title}
        </p>
        {onOpen && !overlay && (
          <button
            type="button"
            onClick={(e) => {
              e.stopPropagation();
              onOpen(deal);
            }}
            onPointerDown={(e) => e.stopPropagation()}
            className="-me-1 -mt-1 shrink-0 rounded-md px-1.5 py-0.5 text-xs font-medium text-primary-600 hover:bg-primary-50 focus-visible:outline-2 focus-visible:outline-primary-500"
            aria-label={t('deals.card.open', { title: deal.title })}
            data-testid="deal-open"
          >
            {t('deals.card.openShort')}
          </button>
        )}
      </div>
      <p className="mt-0.5 truncate text-xs text-slate-500" dir="auto">
        {contactName({ name: deal.contactName, phone: deal.contactPhone })}
      </p>
      <div className="mt-2 flex flex-wrap items-center gap-1.5">
        <span className="text-sm font-medium text-slate-800 tabular-nums" dir="ltr">
          {formatMoney(deal.value, deal.currency, i18n.language)}
        </span>
        <PriorityBadge priority={deal.priority} className="ms-auto" />
      </div>
      <div className="mt-2 flex items-center justify-between gap-2 text-xs">
        {closedDate ? (
          <span className={cn('truncate', deal.overdue ? 'font-medium text-danger-600' : 'text-slate-500')} data-overdue={deal.overdue || undefined}>
            {deal.overdue ? t('deals.card.overdue', { date: closedDate }) : t('deals.card.closes', { date: closedDate })}
          </span>
        ) : (
          <span className="text-slate-400">{t('deals.card.noDate')}</span>
        )}
        {deal.ownerName ? (
          <span
            className="inline-flex size-6 shrink-0 items-center justify-center rounded-full bg-secondary-100 text-[10px] font-semibold text-secondary-700"
            title={deal.ownerName}
            aria-label={t('deals.card.owner', { name: deal.ownerName })}
          >
            {initialsOf(deal.ownerName)}
          </span>
        ) : (
          <span className="sr-only">{t('deals.noOwner')}</span>
        )}
      </div>
      {deal.status !== 'open' && deal.closedAt && (
        <p className="mt-1.5 truncate text-[11px] text-slate-500">
          {t(deal.status === 'won' ? 'deals.card.wonBy' : 'deals.card.lostBy', { name: deal.closedByName ?? t('deals.closed.someone'), date: formatDate(deal.closedAt, i18n.language) })}
        </p>
      )}
    </div>
  );
}
