//! Calls to /api/v1/billing (a workspace's subscription) and to the platform admin's /admin/plans, /admin/billing
//! and /admin/tenants/{id}/billing, through the generated typed client.
import { api, unwrap } from '../../api/client';
import type {
  AssignPlanInput,
  ChoosePlanInput,
  ExtendTrialInput,
  ManualInvoiceInput,
  PlanInput,
  TenantOverridesInput,
} from './types';

const byId = (id: string) => ({ params: { path: { id } } });

export const billingApi = {
  overview: () => unwrap(api.GET('/api/v1/billing')),
  plans: () => unwrap(api.GET('/api/v1/billing/plans')),
  invoices: () => unwrap(api.GET('/api/v1/billing/invoices')),
  checkout: (body: ChoosePlanInput) => unwrap(api.POST('/api/v1/billing/checkout', { body })),
  preview: (body: ChoosePlanInput) => unwrap(api.POST('/api/v1/billing/preview', { body })),
  change: (body: ChoosePlanInput) => unwrap(api.POST('/api/v1/billing/change', { body })),
  cancel: () => unwrap(api.POST('/api/v1/billing/cancel')),
  resume: () => unwrap(api.POST('/api/v1/billing/resume')),
  refresh: () => unwrap(api.POST('/api/v1/billing/refresh')),
  portal: () => unwrap(api.POST('/api/v1/billing/portal')),
};

export const adminBillingApi = {
  plans: () => unwrap(api.GET('/api/v1/admin/plans')),
  createPlan: (body: PlanInput) => unwrap(api.POST('/api/v1/admin/plans', { body })),
  updatePlan: ({ id, body }: { id: string; body: PlanInput }) => unwrap(api.PATCH('/api/v1/admin/plans/{id}', { ...byId(id), body })),
  archivePlan: (id: string) => unwrap(api.POST('/api/v1/admin/plans/{id}/archive', byId(id))),
  defaultPlan: (id: string) => unwrap(api.POST('/api/v1/admin/plans/{id}/default', byId(id))),
  orderPlans: (ids: string[]) => unwrap(api.PUT('/api/v1/admin/plans/order', { body: { ids } })),

  subscriptions: () => unwrap(api.GET('/api/v1/admin/billing')),

  tenantBilling: (id: string) => unwrap(api.GET('/api/v1/admin/tenants/{id}/billing', byId(id))),
  setOverrides: ({ id, body }: { id: string; body: TenantOverridesInput }) =>
    unwrap(api.PUT('/api/v1/admin/tenants/{id}/billing/overrides', { ...byId(id), body })),
  extendTrial: ({ id, body }: { id: string; body: ExtendTrialInput }) =>
    unwrap(api.POST('/api/v1/admin/tenants/{id}/billing/extend-trial', { ...byId(id), body })),
  assignPlan: ({ id, body }: { id: string; body: AssignPlanInput }) =>
    unwrap(api.POST('/api/v1/admin/tenants/{id}/billing/assign', { ...byId(id), body })),
  createInvoice: ({ id, body }: { id: string; body: ManualInvoiceInput }) =>
    unwrap(api.POST('/api/v1/admin/tenants/{id}/billing/invoices', { ...byId(id), body })),
  markInvoicePaid: ({ id, invoiceId }: { id: string; invoiceId: string }) =>
    unwrap(api.POST('/api/v1/admin/tenants/{id}/billing/invoices/{invoice_id}/paid', { params: { path: { id, invoice_id: invoiceId } } })),
};
