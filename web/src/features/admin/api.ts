//! Calls to /api/v1/admin/* (platform admins only).
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/generated/schema';

export const adminApi = {
  stats: () => unwrap(api.GET('/api/v1/admin/stats')),
  analytics: () => unwrap(api.GET('/api/v1/admin/analytics')),
  tenants: (query: { page: number; perPage: number; q?: string }) =>
    unwrap(api.GET('/api/v1/admin/tenants', { params: { query } })),
  tenant: (id: string) => unwrap(api.GET('/api/v1/admin/tenants/{id}', { params: { path: { id } } })),
  setTenantStatus: (id: string, status: 'active' | 'suspended') =>
    unwrap(api.PATCH('/api/v1/admin/tenants/{id}', { params: { path: { id } }, body: { status } })),
  prices: () => unwrap(api.GET('/api/v1/admin/prices')),
  savePrices: (body: components['schemas']['MessagePriceTableInput']) => unwrap(api.PUT('/api/v1/admin/prices', { body })),
};
