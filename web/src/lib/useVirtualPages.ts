//! A virtualised list over a cursor-paged query: only the rows on screen are rendered, and the next page is
//! fetched when the last rendered row comes within `prefetchRows` of the end of what is loaded.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { MorePages } from '../components/ui';

export function useVirtualPages<T extends { id: string }>(
  items: T[],
  pages: MorePages,
  { rowHeight, overscan, prefetchRows }: { rowHeight: number; overscan: number; prefetchRows: number },
) {
  const scroller = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer's functions are read during render by design
  const virtual = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan,
    getItemKey: (i) => items[i]?.id ?? i,
  });
  const rows = virtual.getVirtualItems();
  const lastRow = rows[rows.length - 1]?.index ?? -1;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = pages;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastRow >= items.length - prefetchRows) void fetchNextPage();
  }, [lastRow, items.length, hasNextPage, isFetchingNextPage, fetchNextPage, prefetchRows]);
  return { scroller, virtual, rows };
}
