//! TanStack Query hooks for a workspace's billing (/billing). The overview is shared by the banners, the
//! suspended gate and the billing page: one cached query, fetched again when the window regains focus.
import type { BillingCycle } from '../../api/types';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSession } from '../auth';
import { billingApi } from './api';
import { redirectTo } from './redirect';
import type { BillingOverview } from './types';

export const billingKeys = {
  all: ['billing'] as const,
  tenant: (tenantId: string) => ['billing', tenantId] as const,
  overview: (tenantId: string) => ['billing', tenantId, 'overview'] as const,
  plans: (tenantId: string) => ['billing', tenantId, 'plans'] as const,
  invoices: (tenantId: string) => ['billing', tenantId, 'invoices'] as const,
  preview: (tenantId: string, planId: string, cycle: string) => ['billing', tenantId, 'preview', planId, cycle] as const,
};

function useTenantId(): string {
  return useSession().tenant?.id ?? 'none';
}

/**
 * The workspace's billing overview. `fresh`: read again whenever the caller mounts (the billing page), because the
 * usage meters move with every contact, invitation or message and the banners' copy may be a minute old.
 */
export function useBillingOverview({ fresh = false }: { fresh?: boolean } = {}) {
  const tenantId = useTenantId();
  return useQuery({
    queryKey: billingKeys.overview(tenantId),
    queryFn: billingApi.overview,
    refetchOnWindowFocus: true,
    refetchOnMount: fresh ? 'always' : true,
    staleTime: 60_000,
  });
}

export function useBillingPlans(enabled = true) {
  const tenantId = useTenantId();
  return useQuery({ queryKey: billingKeys.plans(tenantId), queryFn: billingApi.plans, staleTime: 5 * 60_000, enabled });
}

export function useInvoices(enabled = true) {
  const tenantId = useTenantId();
  return useQuery({ queryKey: billingKeys.invoices(tenantId), queryFn: billingApi.invoices, enabled });
}

/** What a plan change would do (amount due now, lines, what a downgrade would break); fetched fresh each time. */
export function usePlanPreview(planId: string, cycle: string) {
  const tenantId = useTenantId();
  return useQuery({
    queryKey: billingKeys.preview(tenantId, planId, cycle),
    queryFn: () => billingApi.preview({ planId, cycle: cycle as BillingCycle }),
    staleTime: 0,
    gcTime: 0,
  });
}

/** The owner's actions; those answering an overview put it straight into the cache. */
export function useBillingActions() {
  const qc = useQueryClient();
  const tenantId = useTenantId();
  const store = (o: BillingOverview) => {
    qc.setQueryData(billingKeys.overview(tenantId), o);
    void qc.invalidateQueries({ queryKey: billingKeys.invoices(tenantId) });
  };
  const redirect = ({ url }: { url: string }) => redirectTo(url);
  return {
    checkout: useMutation({ mutationFn: billingApi.checkout, onSuccess: redirect }),
    change: useMutation({ mutationFn: billingApi.change, onSuccess: store }),
    cancel: useMutation({ mutationFn: billingApi.cancel, onSuccess: store }),
    resume: useMutation({ mutationFn: billingApi.resume, onSuccess: store }),
    refresh: useMutation({ mutationFn: billingApi.refresh, onSuccess: store }),
    portal: useMutation({ mutationFn: billingApi.portal, onSuccess: redirect }),
  };
}
