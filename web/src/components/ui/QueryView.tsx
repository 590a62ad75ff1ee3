import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../i18n/useErrorText';
import { Alert } from './Alert';
import { Pagination } from './Pagination';
import { PageSpinner } from './Spinner';

export interface QueryViewProps<TData, TError> {
  query: UseQueryResult<TData, TError>;
  /** Whether the loaded data has nothing to show; `empty` is shown instead of `children` then. */
  isEmpty?: (data: TData) => boolean;
  empty?: ReactNode;
  children: (data: TData) => ReactNode;
}

/** What a query shows: a spinner while it loads, its error, an empty state, or its data. */
export function QueryView<TData, TError>({ query, isEmpty, empty, children }: QueryViewProps<TData, TError>) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  if (query.isPending) return <PageSpinner label={t('common.loading')} />;
  if (query.isError) {
    return (
      <div className="p-5">
        <Alert tone="danger">{errorText(query.error)}</Alert>
      </div>
    );
  }
  if (isEmpty?.(query.data)) return <>{empty}</>;
  return <>{children(query.data)}</>;
}

/** One page of a list, as the API returns it. */
export interface ListPage<TItem> {
  items: TItem[];
  total: number;
  perPage: number;
}

/**
 * A QueryView for one page of a list: empty when the page has no items, else the items as `children` shows them
 * with the pagination below. `perPage` is what was asked for, used when the answer does not say.
 */
export function PagedQueryView<TItem, TError>({
  query,
  page,
  perPage,
  onPage,
  empty,
  children,
}: {
  query: UseQueryResult<ListPage<TItem>, TError>;
  page: number;
  perPage: number;
  onPage: (page: number) => void;
  empty: ReactNode;
  children: (items: TItem[]) => ReactNode;
}) {
  return (
    <QueryView query={query} isEmpty={(data) => data.items.length === 0} empty={empty}>
      {(data) => (
        <>
          {children(data.items)}
          <Pagination page={page} perPage={data.perPage || perPage} total={data.total} onPage={onPage} />
        </>
      )}
    </QueryView>
  );
}
