import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { settingsApi } from '../api';

export function useApiKeys() {
  return useQuery({ queryKey: ['api-keys'], queryFn: settingsApi.apiKeys });
}

export function useApiKeyActions() {
  const qc = useQueryClient();
  const invalidate = () => qc.invalidateQueries({ queryKey: ['api-keys'] });
  return {
    create: useMutation({ mutationFn: settingsApi.createApiKey, onSuccess: invalidate }),
    revoke: useMutation({ mutationFn: settingsApi.revokeApiKey, onSettled: invalidate }),
  };
}

export function useAuditLogs(page: number, perPage: number) {
  return useQuery({
    queryKey: ['audit-logs', { page, perPage }],
    queryFn: () => settingsApi.auditLogs({ page, perPage }),
    placeholderData: keepPreviousData,
  });
}

export function useIpAllowlist() {
  return useQuery({ queryKey: ['ip-allowlist'], queryFn: settingsApi.ipAllowlist });
}

export function useSaveIpAllowlist() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: settingsApi.setIpAllowlist,
    onSuccess: (data) => qc.setQueryData(['ip-allowlist'], data),
  });
}
