//! Calls of the System page (platform admins only): the health report and maintenance mode.
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/generated/schema';

export type HealthReport = components['schemas']['HealthReport'];
export type SystemCheck = components['schemas']['SystemCheck'];
export type MaintenanceState = components['schemas']['MaintenanceState'];

export const healthApi = {
  report: () => unwrap(api.GET('/api/v1/admin/system/health')),
  maintenance: () => unwrap(api.GET('/api/v1/admin/system/maintenance')),
  setMaintenance: (body: components['schemas']['MaintenanceInput']) =>
    unwrap(api.PUT('/api/v1/admin/system/maintenance', { body })),
};
