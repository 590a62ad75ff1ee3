//! TanStack Query hooks for the platform admin's billing: plans, the subscriptions overview, one tenant's billing.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { adminBillingApi } from '../api';
import type { AssignPlanInput, ExtendTrialInput, ManualInvoiceInput, Plan, TenantBilling, TenantOverridesInput } from '../types';

export const adminBillingKeys = {
  plans: ['admin', 'plans'] as const,
  subscriptions: ['admin', 'billing'] as const,
  tenantBilling: (id: string) => ['admin', 'tenant', id, 'billing'] as const,
};

export function useAdminPlans() {
  return useQuery({ queryKey: adminBillingKeys.plans, queryFn: adminBillingApi.plans });
}

export function usePlanActions() {
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries({ queryKey: adminBillingKeys.plans });
  return {
    create: useMutation({ mutationFn: adminBillingApi.createPlan, onSuccess: refresh }),
    update: useMutation({ mutationFn: adminBillingApi.updatePlan, onSuccess: refresh }),
    archive: useMutation({ mutationFn: adminBillingApi.archivePlan, onSuccess: refresh }),
    setDefault: useMutation({ mutationFn: adminBillingApi.defaultPlan, onSuccess: refresh }),
  };
}

/** Saves a new order of the plans: the list changes at once, goes back if the server refuses. */
export function useReorderPlans() {
  const qc = useQueryClient();
  const key = adminBillingKeys.plans;
  return useMutation({
    mutationFn: adminBillingApi.orderPlans,
    onMutate: async (ids: string[]) => {
      await qc.cancelQueries({ queryKey: key });
      const previous = qc.getQueryData<Plan[]>(key);
      if (previous) {
        const rank = new Map(ids.map((id, i) => [id, i]));
        qc.setQueryData<Plan[]>(
          key,
          previous.map((p) => (rank.has(p.id) ? { ...p, position: rank.get(p.id) ?? p.position } : p)),
        );
      }
      return { previous };
    },
    onError: (_e, _ids, context) => {
      if (context?.previous) qc.setQueryData(key, context.previous);
    },
    onSuccess: (plans) => qc.setQueryData(key, plans),
  });
}

export function useSubscriptionsOverview() {
  return useQuery({ queryKey: adminBillingKeys.subscriptions, queryFn: adminBillingApi.subscriptions });
}

export function useTenantBilling(id: string) {
  return useQuery({ queryKey: adminBillingKeys.tenantBilling(id), queryFn: () => adminBillingApi.tenantBilling(id) });
}

/** The admin's actions on one tenant's billing; each answers the tenant's billing, which goes straight into the cache. */
export function useTenantBillingActions(id: string) {
  const qc = useQueryClient();
  const store = (b: TenantBilling) => {
    qc.setQueryData(adminBillingKeys.tenantBilling(id), b);
    void qc.invalidateQueries({ queryKey: adminBillingKeys.subscriptions });
  };
  return {
    overrides: useMutation({ mutationFn: (body: TenantOverridesInput) => adminBillingApi.setOverrides({ id, body }), onSuccess: store }),
    extendTrial: useMutation({ mutationFn: (body: ExtendTrialInput) => adminBillingApi.extendTrial({ id, body }), onSuccess: store }),
    assign: useMutation({ mutationFn: (body: AssignPlanInput) => adminBillingApi.assignPlan({ id, body }), onSuccess: store }),
    createInvoice: useMutation({ mutationFn: (body: ManualInvoiceInput) => adminBillingApi.createInvoice({ id, body }), onSuccess: store }),
    markPaid: useMutation({ mutationFn: (invoiceId: string) => adminBillingApi.markInvoicePaid({ id, invoiceId }), onSuccess: store }),
  };
}
