import { useCallback, useState } from 'react';
import { useDebounce } from './useDebounce';

/**
 * The state of a searchable, paged list: the search box's text, the trimmed query it settles on after `delayMs`,
 * and the page, which goes back to 1 whenever the text changes.
 */
export function useSearchPaging(delayMs = 300) {
  const [page, setPage] = useState(1);
  const [search, setSearchText] = useState('');
  const q = useDebounce(search.trim(), delayMs);
  const setSearch = useCallback((value: string) => {
    setSearchText(value);
    setPage(1);
  }, []);
  return { page, setPage, search, setSearch, q };
}
