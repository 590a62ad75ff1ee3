//! The agency's billing page (docs/agencies.md, "Agency billing"): the calls, and the pooled usage turned into rows
//! (the agency first, then its clients, each with its share of the messages).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/generated/schema';
import { agencyKeys } from '../hooks';

type Schemas = components['schemas'];
export type AgencyBilling = Schemas['AgencyBilling'];
export type PoolShare = Schemas['PoolShare'];
export type ClientBillingState = Schemas['ClientBillingState'];
export type ClientSwitch = Schemas['ClientSwitch'];
type BillingMode = Schemas['BillingMode'];

const key = [...agencyKeys.all, 'billing'] as const;

export const agencyBillingApi = {
  billing: () => unwrap(api.GET('/api/v1/agency/billing')),
  setMode: (billingMode: BillingMode) => unwrap(api.PUT('/api/v1/agency/billing/mode', { body: { billingMode } })),
};

export function useAgencyBilling() {
  return useQuery({ queryKey: key, queryFn: agencyBillingApi.billing, refetchOnMount: 'always' });
}

/** Switches who pays; the answer (with what happened to each client) replaces the page's data. */
export function useSwitchBillingMode() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: agencyBillingApi.setMode,
    onSuccess: (data) => {
      qc.setQueryData(key, data);
      void qc.invalidateQueries({ queryKey: agencyKeys.agency });
      void qc.invalidateQueries({ queryKey: agencyKeys.clients });
    },
  });
}

export interface ShareRow {
  key: string;
  name: string;
  /** The agency's own use (not a client's). */
  own: boolean;
  messages: number;
  campaigns: number;
  /** Of all the pool's messages, 0..1. */
  share: number;
}

/** The pool's rows: the agency's own use first, then the clients as the server ordered them (most messages first). */
export function shareRows(b: Pick<AgencyBilling, 'shares'>): ShareRow[] {
  const total = b.shares.reduce((n, s) => n + s.messagesPerMonth, 0);
  return b.shares.map((s) => ({
    key: s.clientId ?? 'agency',
    name: s.name,
    own: s.clientId == null,
    messages: s.messagesPerMonth,
    campaigns: s.campaignsPerMonth,
    share: total > 0 ? s.messagesPerMonth / total : 0,
  }));
}
