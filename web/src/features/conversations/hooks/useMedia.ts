import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { conversationsApi } from '../api';

const mediaQuery = (id: string) => ({
  queryKey: ['media', id] as const,
  queryFn: () => conversationsApi.download(id),
  // A stored file never changes: once fetched, its bytes stay good.
  staleTime: Infinity,
});

/**
 * An object URL for a stored file, fetched with the session's token; revoked when the component lets go of it.
 * The bytes stay in the query cache, so reopening a conversation does not download them again.
 */
export function useMediaObjectUrl(id: string | null) {
  const qc = useQueryClient();
  const [state, setState] = useState<{ id: string; url: string | null; error: unknown } | null>(null);
  useEffect(() => {
    if (!id) return;
    let live = true;
    let url: string | null = null;
    qc.fetchQuery(mediaQuery(id)).then(
      (blob) => {
        if (!live) return;
        url = URL.createObjectURL(blob);
        setState({ id, url, error: null });
      },
      (error: unknown) => live && setState({ id, url: null, error }),
    );
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [id, qc]);
  return state && state.id === id ? state : { id, url: null, error: null };
}

/** Saves a stored file under its name (a plain link could not send the token). */
export function useSaveMedia() {
  const qc = useQueryClient();
  return useCallback(
    async (id: string, filename: string) => {
      const blob = await qc.fetchQuery(mediaQuery(id));
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = filename;
      document.body.appendChild(a);
      a.click();
      a.remove();
      // The download has started from the URL by the time this runs; it only frees the memory.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
    [qc],
  );
}
