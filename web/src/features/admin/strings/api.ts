//! The platform's own wording of web strings (docs/languages.md, "Overrides"): the admin's calls, and each
//! language's built-in texts (every area's, read from the app's own bundles) to show beside English.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { Language } from '../../../i18n';

export type StringFilter = { q: string; overridden: boolean; page: number };

export const stringsApi = {
  list: (lng: Language, f: StringFilter) =>
    unwrap(
      api.GET('/api/v1/admin/strings/{locale}', {
        params: { path: { locale: lng }, query: { q: f.q || undefined, overridden: f.overridden || undefined, page: f.page, perPage: 25 } },
      }),
    ),
  set: (lng: Language, key: string, value: string) =>
    unwrap(api.PUT('/api/v1/admin/strings/{locale}/{key}', { params: { path: { locale: lng, key } }, body: { value } })),
  reset: (lng: Language, key: string) => unwrap(api.DELETE('/api/v1/admin/strings/{locale}/{key}', { params: { path: { locale: lng, key } } })),
};

export function useWebStrings(lng: Language, f: StringFilter) {
  return useQuery({ queryKey: ['admin', 'strings', lng, f], queryFn: () => stringsApi.list(lng, f), placeholderData: keepPreviousData });
}

export function useStringActions(lng: Language) {
  const qc = useQueryClient();
  const done = () => qc.invalidateQueries({ queryKey: ['admin', 'strings', lng] });
  return {
    save: useMutation({ mutationFn: ({ key, value }: { key: string; value: string }) => stringsApi.set(lng, key, value), onSuccess: done }),
    reset: useMutation({ mutationFn: (key: string) => stringsApi.reset(lng, key), onSuccess: done }),
  };
}

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix: string, into: Map<string, string>) {
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') into.set(key, v);
    else flatten(v, key, into);
  }
}

/** A language's built-in texts, every area's (what a key shows without an override). */
export function useBuiltInStrings(lng: Language) {
  return useQuery({
    queryKey: ['builtInStrings', lng],
    staleTime: Infinity,
    queryFn: async () => {
      const { firstPageBundle, areaBundle, LAZY_AREAS } = await import('../../../i18n/loaders');
      const trees = [await firstPageBundle(lng), ...(await Promise.all(LAZY_AREAS.map((a) => areaBundle(a, lng))))];
      const out = new Map<string, string>();
      for (const t of trees) if (t) flatten(t, '', out);
      return out;
    },
  });
}
