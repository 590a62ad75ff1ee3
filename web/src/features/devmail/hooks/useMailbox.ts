import { useQuery } from '@tanstack/react-query';
import { devMailApi } from '../api';

export function useMailbox(enabled: boolean) {
  return useQuery({
    queryKey: ['dev-mailbox'],
    queryFn: devMailApi.list,
    enabled,
    refetchInterval: 5000,
    select: (mails) => [...mails].sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
  });
}
