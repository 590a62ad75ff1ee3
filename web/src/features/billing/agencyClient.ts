//! A client workspace of an agency (docs/agencies.md, "Agency billing"): its billing page shows its agency's plans
//! and state instead of the platform's catalogue. The calls, the strings (loaded with the page, not with the first
//! page) and what the page shows, decided in one pure function.
import { useMutation, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/generated/schema';
import { addLazyStrings } from '../../i18n';
import { useSession } from '../auth';
import { redirectTo } from './redirect';

type Schemas = components['schemas'];
export type ClientBilling = Schemas['ClientBilling'];
export type OfferedPlan = Schemas['OfferedPlan'];

/** The agency billing strings (both sides share one file). */
export function loadAgencyBillingStrings(): Promise<void> {
  return addLazyStrings('agencybilling');
}

export const agencyClientApi = {
  billing: () => unwrap(api.GET('/api/v1/billing/agency')),
  checkout: (planId: string) => unwrap(api.POST('/api/v1/billing/agency/checkout', { body: { planId } })),
};

export function useClientBilling() {
  const tenantId = useSession().tenant?.id ?? 'none';
  return useQuery({ queryKey: ['billing', tenantId, 'agency'], queryFn: agencyClientApi.billing, refetchOnMount: 'always' });
}

export function useAgencyCheckout() {
  return useMutation({ mutationFn: agencyClientApi.checkout, onSuccess: ({ url }) => redirectTo(url) });
}

/** What the client's page says about paying. */
export type ClientState =
  /** The agency pays; `blocked` when the agency's unpaid bill restricts or suspends the workspace. */
  | { kind: 'agencyPays'; blocked: 'restricted' | 'suspended' | null }
  /** The client pays and has no subscription of its own yet: a trial (maybe over) and the plans to choose from. */
  | { kind: 'choose'; trialEnd: string | null; trialDaysLeft: number | null; paused: boolean }
  /** The client pays through its own subscription. */
  | { kind: 'subscribed'; renews: string | null; ends: string | null };

export function clientState(b: ClientBilling): ClientState {
  const o = b.overview;
  if (b.billingMode === 'agency') {
    const blocked = o.access === 'restricted' || o.access === 'suspended' ? o.access : null;
    return { kind: 'agencyPays', blocked };
  }
  const live = o.gateway === 'stripe' && !['canceled', 'incomplete_expired'].includes(o.status);
  if (live) {
    return {
      kind: 'subscribed',
      renews: o.cancelAtPeriodEnd ? null : (o.currentPeriodEnd ?? null),
      ends: o.cancelAtPeriodEnd ? (o.currentPeriodEnd ?? null) : null,
    };
  }
  return {
    kind: 'choose',
    trialEnd: o.status === 'trialing' ? (o.trialEnd ?? null) : null,
    trialDaysLeft: o.status === 'trialing' ? (o.trialDaysLeft ?? null) : null,
    paused: o.status === 'paused' || o.access === 'restricted',
  };
}
