import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { brandApi, type AssetKind, type BrandSettings } from './api';

const KEY = ['brand-settings'];

export function useBrandSettings() {
  return useQuery({ queryKey: KEY, queryFn: brandApi.settings });
}

/** Saving the brand or an image: the settings take the answer, and the theme (`['brand', ...]`) is read again. */
function useBrandMutation<V>(fn: (v: V) => Promise<BrandSettings>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (data) => {
      qc.setQueryData(KEY, data);
      void qc.invalidateQueries({ queryKey: ['brand'] });
    },
  });
}

export const useSaveBrand = () => useBrandMutation(brandApi.save);
export const useUploadBrandImage = () => useBrandMutation((v: { kind: AssetKind; file: File }) => brandApi.upload(v.kind, v.file));
export const useRemoveBrandImage = () => useBrandMutation(brandApi.remove);
