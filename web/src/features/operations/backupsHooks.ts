//! Backups' queries and mutations (TanStack Query). While a backup runs the list is asked again every two seconds,
//! so it turns `done` or `failed` on its own.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { backupsApi } from './backupsApi';

export const backupKeys = { list: ['admin', 'backups'] as const };

export function useBackups() {
  return useQuery({
    queryKey: backupKeys.list,
    queryFn: backupsApi.list,
    refetchInterval: (q) => (q.state.data?.items.some((b) => b.status === 'running') ? 2000 : false),
  });
}

export function useStartBackup() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: backupsApi.start, onSuccess: () => qc.invalidateQueries({ queryKey: backupKeys.list }) });
}

export function useVerifyBackup() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: backupsApi.verify,
    onSettled: () => qc.invalidateQueries({ queryKey: backupKeys.list }),
  });
}

export function useDownloadBackup() {
  return useMutation({ mutationFn: backupsApi.download });
}
