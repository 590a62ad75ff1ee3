//! The security page's queries and mutations (TanStack Query).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { sessionManager } from '../../api/client';
import { authApi } from '../auth';
import { securityApi } from './api';

export const securityKeys = {
  status: ['security', 'two-factor'] as const,
  sessions: ['security', 'sessions'] as const,
  policy: ['security', 'policy'] as const,
};

/** Re-reads the Session so `twoFactorEnabled` (and anything shown from it) follows a change. */
async function reloadSession() {
  sessionManager.setSession(await authApi.me());
}

export function useTwoFactorStatus() {
  return useQuery({ queryKey: securityKeys.status, queryFn: securityApi.status });
}

export function useSessions() {
  return useQuery({ queryKey: securityKeys.sessions, queryFn: securityApi.sessions });
}

export function usePolicy(enabled: boolean) {
  return useQuery({ queryKey: securityKeys.policy, queryFn: securityApi.policy, enabled });
}

/** Refreshes what a two-factor change touches: its status, the devices (listed with the sessions) and the Session. */
function useAfterTwoFactorChange() {
  const qc = useQueryClient();
  return async () => {
    await Promise.all([
      qc.invalidateQueries({ queryKey: securityKeys.status }),
      qc.invalidateQueries({ queryKey: securityKeys.sessions }),
      reloadSession().catch(() => undefined),
    ]);
  };
}

export function useSetupTwoFactor() {
  return useMutation({ mutationFn: securityApi.setup });
}

/** `forced`: a session limited to enrolment, which has to be refreshed (not re-read) to become a normal one. */
export function useEnableTwoFactor({ forced }: { forced: boolean }) {
  const after = useAfterTwoFactorChange();
  return useMutation({
    mutationFn: securityApi.enable,
    onSuccess: () => (forced ? undefined : after()),
  });
}

export function useRegenerateCodes() {
  const after = useAfterTwoFactorChange();
  return useMutation({ mutationFn: securityApi.regenerateCodes, onSuccess: after });
}

export function useDisableTwoFactor() {
  const after = useAfterTwoFactorChange();
  return useMutation({ mutationFn: securityApi.disable, onSuccess: after });
}

export function useForgetDevice() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: securityApi.forgetDevice,
    onSuccess: () => qc.invalidateQueries({ queryKey: securityKeys.sessions }),
  });
}

export function useEndSession() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: securityApi.endSession,
    onSuccess: () => qc.invalidateQueries({ queryKey: securityKeys.sessions }),
  });
}

export function useEndOtherSessions() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: securityApi.endOtherSessions,
    onSuccess: () => qc.invalidateQueries({ queryKey: securityKeys.sessions }),
  });
}

export function useSetPolicy() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: securityApi.setPolicy,
    onSuccess: (policy) => qc.setQueryData(securityKeys.policy, policy),
  });
}
