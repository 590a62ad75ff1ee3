import { useTranslation } from 'react-i18next';
import { Button } from './Button';
import { Icon } from './Icon';

export function Pagination({ page, perPage, total, onPage }: { page: number; perPage: number; total: number; onPage: (page: number) => void }) {
  const { t } = useTranslation();
  const pages = Math.max(1, Math.ceil(total / perPage));
  const from = total === 0 ? 0 : (page - 1) * perPage + 1;
  const to = Math.min(total, page * perPage);
  return (
    <div className="flex flex-col items-center justify-between gap-3 border-t border-slate-100 px-5 py-3 text-sm text-slate-500 sm:flex-row">
      <p>{t('common.showing', { from, to, total })}</p>
      <div className="flex items-center gap-2">
        <Button variant="outline" size="sm" disabled={page <= 1} onClick={() => onPage(page - 1)}>
          <Icon name="chevronStart" className="size-4 rtl:-scale-x-100" />
          {t('common.previous')}
        </Button>
        <span className="px-1 tabular-nums">{t('common.pageOf', { page, pages })}</span>
        <Button variant="outline" size="sm" disabled={page >= pages} onClick={() => onPage(page + 1)}>
          {t('common.next')}
          <Icon name="chevronEnd" className="size-4 rtl:-scale-x-100" />
        </Button>
      </div>
    </div>
  );
}

/** What `LoadMore` needs of an infinite query (TanStack Query's `useInfiniteQuery` result fits). */
export interface MorePages {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

/** A "more" button for cursor-paged lists; nothing once the last page is loaded. */
export function LoadMore({ pages, label, className, testId }: { pages: MorePages; label: string; className?: string; testId?: string }) {
  if (!pages.hasNextPage) return null;
  return (
    <div className={className ?? 'flex justify-center border-t border-slate-100 p-3'}>
      <Button variant="outline" size="sm" loading={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()} data-testid={testId}>
        {label}
      </Button>
    </div>
  );
}
