//! Queries and mutations of the platform admin's pages (over ../api.ts), cached under `admin`.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { adminApi } from '../api';

export function useAdminStats() {
  return useQuery({ queryKey: ['admin', 'stats'], queryFn: adminApi.stats });
}

/** The platform dashboard's figures; the 24-hour counts and health checks move, so they are refreshed each minute. */
export function usePlatformAnalytics() {
  return useQuery({ queryKey: ['admin', 'analytics'], queryFn: adminApi.analytics, refetchInterval: 60_000 });
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
