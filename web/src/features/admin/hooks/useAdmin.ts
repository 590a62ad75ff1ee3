import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { adminApi } from '../api';

export function useAdminStats() {
  return useQuery({ queryKey: ['admin', 'stats'], queryFn: adminApi.stats });
}

export function useAdminTenants(page: number, perPage: number, q: string) {
  return useQuery({
    queryKey: ['admin', 'tenants', { page, perPage, q }],
    queryFn: () => adminApi.tenants({ page, perPage, ...(q ? { q } : {}) }),
    placeholderData: keepPreviousData,
  });
}

export function useMessagePrices() {
  return useQuery({ queryKey: ['admin', 'prices'], queryFn: adminApi.prices });
}

export function useSaveMessagePrices() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: adminApi.savePrices,
    onSuccess: (table) => qc.setQueryData(['admin', 'prices'], table),
  });
}

export function useSetTenantStatus() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; status: 'active' | 'suspended' }) => adminApi.setTenantStatus(v.id, v.status),
    onSettled: () => qc.invalidateQueries({ queryKey: ['admin'] }),
  });
}
