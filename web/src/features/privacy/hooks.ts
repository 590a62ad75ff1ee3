//! Privacy's queries and mutations (TanStack Query).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSessionState } from '../auth';
import { privacyApi } from './api';

export const privacyKeys = {
  settings: ['privacy', 'settings'] as const,
  exports: ['privacy', 'exports'] as const,
};

export function useIsOwner(): boolean {
  return useSessionState().session?.role === 'owner';
}

export function useEraseContact() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, confirm }: { id: string; confirm: string }) => privacyApi.eraseContact(id, confirm),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['crm'] }),
  });
}

export function usePrivacySettings() {
  return useQuery({ queryKey: privacyKeys.settings, queryFn: privacyApi.settings });
}

export function useSetRetention() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: privacyApi.setRetention,
    onSuccess: (data) => qc.setQueryData(privacyKeys.settings, data),
  });
}

/** The workspace's exports; polled while one is being built. */
export function useWorkspaceExports() {
  return useQuery({
    queryKey: privacyKeys.exports,
    queryFn: privacyApi.exports,
    refetchInterval: (q) => (q.state.data?.some((e) => e.status === 'pending' || e.status === 'running') ? 2_000 : false),
  });
}

export function useStartExport() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: privacyApi.startExport, onSuccess: () => void qc.invalidateQueries({ queryKey: privacyKeys.exports }) });
}
