//! Every call of the agency feature (docs/agencies.md) through the generated typed client: the agency's own settings,
//! its clients, its offer and support entries; the client owner's support settings; the platform admin's agencies.
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/generated/schema';

type Schemas = components['schemas'];
export type Agency = Schemas['Agency'];
export type AgencyCaps = Schemas['AgencyCaps'];
export type AgencyCapsInput = Schemas['AgencyCapsInput'];
export type AgencyPlan = Schemas['AgencyPlan'];
export type AgencyPlanInput = Schemas['AgencyPlanInput'];
export type AdminAgency = Schemas['AdminAgency'];
export type AdminTenantAgency = Schemas['AdminTenantAgency'];
export type BillingMode = Schemas['BillingMode'];
export type ClientSummary = Schemas['ClientSummary'];
export type CreateClientInput = Schemas['CreateClientInput'];
export type CreatedClient = Schemas['CreatedClient'];
export type UpdateClientInput = Schemas['UpdateClientInput'];
export type SupportEntry = Schemas['SupportEntry'];
export type AgencySupportSettings = Schemas['AgencySupportSettings'];
export type SupportVisit = Schemas['SupportVisit'];

const path = (id: string) => ({ params: { path: { id } } });

export const agencyApi = {
  agency: () => unwrap(api.GET('/api/v1/agency')),
  clients: () => unwrap(api.GET('/api/v1/agency/clients')),
  client: (id: string) => unwrap(api.GET('/api/v1/agency/clients/{id}', path(id))),
  createClient: (body: CreateClientInput) => unwrap(api.POST('/api/v1/agency/clients', { body })),
  updateClient: (id: string, body: UpdateClientInput) => unwrap(api.PATCH('/api/v1/agency/clients/{id}', { ...path(id), body })),
  openSupport: (id: string, minutes: number, reason: string) =>
    unwrap(api.POST('/api/v1/agency/clients/{id}/support', { ...path(id), body: { minutes, reason } })),
  endSupport: (id: string) => unwrap(api.DELETE('/api/v1/agency/clients/{id}/support', path(id))),
  plans: () => unwrap(api.GET('/api/v1/agency/plans')),
  createPlan: (body: AgencyPlanInput) => unwrap(api.POST('/api/v1/agency/plans', { body })),
  updatePlan: (id: string, body: AgencyPlanInput) => unwrap(api.PATCH('/api/v1/agency/plans/{id}', { ...path(id), body })),
  deletePlan: (id: string) => unwrap(api.DELETE('/api/v1/agency/plans/{id}', path(id))),
  supportSettings: () => unwrap(api.GET('/api/v1/settings/agency-support')),
  setSupport: (enabled: boolean) => unwrap(api.PUT('/api/v1/settings/agency-support', { body: { enabled } })),
  adminAgencies: () => unwrap(api.GET('/api/v1/admin/agencies')),
  adminTenant: (id: string) => unwrap(api.GET('/api/v1/admin/tenants/{id}/agency', path(id))),
  adminMark: (id: string, body: AgencyCapsInput) => unwrap(api.PUT('/api/v1/admin/tenants/{id}/agency', { ...path(id), body })),
  adminUnmark: (id: string) => unwrap(api.DELETE('/api/v1/admin/tenants/{id}/agency', path(id))),
};
