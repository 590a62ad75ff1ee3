//! The agency feature's queries and mutations (TanStack Query), and the two moves between an agency and a client:
//! opening a support entry and landing in the client's inbox, and ending it and landing back in the agency.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { sessionManager } from '../../api/client';
import { authApi } from '../auth/api';
import { agencyApi, type AgencyCapsInput, type AgencyPlanInput, type UpdateClientInput } from './api';

export const agencyKeys = {
  all: ['agency'] as const,
  agency: ['agency', 'self'] as const,
  clients: ['agency', 'clients'] as const,
  client: (id: string) => ['agency', 'clients', id] as const,
  plans: ['agency', 'plans'] as const,
  support: ['agency', 'support-settings'] as const,
  admin: ['agency', 'admin'] as const,
  adminTenant: (id: string) => ['agency', 'admin', 'tenant', id] as const,
};

export function useAgency() {
  return useQuery({ queryKey: agencyKeys.agency, queryFn: agencyApi.agency });
}

export function useClients() {
  return useQuery({ queryKey: agencyKeys.clients, queryFn: agencyApi.clients });
}

export function useClient(id: string) {
  return useQuery({ queryKey: agencyKeys.client(id), queryFn: () => agencyApi.client(id), enabled: Boolean(id) });
}

export function usePlans() {
  return useQuery({ queryKey: agencyKeys.plans, queryFn: agencyApi.plans });
}

function useInvalidateAgency() {
  const qc = useQueryClient();
  return () => void qc.invalidateQueries({ queryKey: agencyKeys.all });
}

export function useCreateClient() {
  const invalidate = useInvalidateAgency();
  return useMutation({ mutationFn: agencyApi.createClient, onSuccess: invalidate });
}

export function useUpdateClient(id: string) {
  const invalidate = useInvalidateAgency();
  return useMutation({ mutationFn: (body: UpdateClientInput) => agencyApi.updateClient(id, body), onSuccess: invalidate });
}

export function useSavePlan() {
  const invalidate = useInvalidateAgency();
  return useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: AgencyPlanInput }) => (id ? agencyApi.updatePlan(id, body) : agencyApi.createPlan(body)),
    onSuccess: invalidate,
  });
}

export function useDeletePlan() {
  const invalidate = useInvalidateAgency();
  return useMutation({ mutationFn: agencyApi.deletePlan, onSuccess: invalidate });
}

/** Opens a support entry, switches the session into the client and lands in its inbox. */
export function useOpenSupport(clientId: string) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: async ({ minutes, reason }: { minutes: number; reason: string }) => {
      await agencyApi.openSupport(clientId, minutes, reason);
      return authApi.switchTenant(clientId);
    },
    onSuccess: (auth) => {
      qc.clear();
      sessionManager.apply(auth);
      void navigate('/app/conversations', { replace: true });
    },
  });
}

/**
 * Leaves a client's support entry: back into the agency first (the entry's token still works until it ends), then
 * the entry is ended there, and the agency's page of that client opens. When it already ran out, only the switch.
 */
export function useEndSupport() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: async ({ agencyId, clientId }: { agencyId: string; clientId: string }) => {
      const auth = await authApi.switchTenant(agencyId);
      sessionManager.apply(auth);
      await agencyApi.endSupport(clientId).catch(() => undefined);
      return clientId;
    },
    onSettled: (clientId) => {
      qc.clear();
      void navigate(clientId ? `/app/agency/clients/${clientId}` : '/', { replace: true });
    },
  });
}

export function useSupportSettings() {
  return useQuery({ queryKey: agencyKeys.support, queryFn: agencyApi.supportSettings });
}

export function useSetSupport() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: agencyApi.setSupport, onSuccess: (data) => qc.setQueryData(agencyKeys.support, data) });
}

export function useAdminAgencies() {
  return useQuery({ queryKey: agencyKeys.admin, queryFn: agencyApi.adminAgencies });
}

export function useAdminTenantAgency(id: string) {
  return useQuery({ queryKey: agencyKeys.adminTenant(id), queryFn: () => agencyApi.adminTenant(id) });
}

export function useAdminMark(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: AgencyCapsInput) => agencyApi.adminMark(id, body),
    onSuccess: (data) => {
      qc.setQueryData(agencyKeys.adminTenant(id), data);
      void qc.invalidateQueries({ queryKey: agencyKeys.admin });
    },
  });
}

export function useAdminUnmark(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => agencyApi.adminUnmark(id),
    onSuccess: () => void qc.invalidateQueries({ queryKey: agencyKeys.all }),
  });
}
