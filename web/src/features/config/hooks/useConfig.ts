import { useQuery } from '@tanstack/react-query';
import { configApi } from '../api';

/** GET /api/v1/config: public switches (dev mailbox, sign-up) and the server version. */
export function useConfig() {
  return useQuery({ queryKey: ['config'], queryFn: configApi.get, staleTime: 5 * 60_000 });
}
