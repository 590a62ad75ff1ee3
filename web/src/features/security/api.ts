//! Calls to /api/v1/auth/2fa/* and /api/v1/auth/sessions: the signed-in person's second factor, remembered
//! devices and sessions, and the workspace's "require two-factor" policy.
import { api, unwrap } from '../../api/client';

export const securityApi = {
  status: () => unwrap(api.GET('/api/v1/auth/2fa')),
  setup: () => unwrap(api.POST('/api/v1/auth/2fa/setup')),
  enable: (code: string) => unwrap(api.POST('/api/v1/auth/2fa/enable', { body: { code } })),
  regenerateCodes: (code: string) => unwrap(api.POST('/api/v1/auth/2fa/recovery-codes', { body: { code } })),
  disable: (body: { password: string; code: string }) => unwrap(api.POST('/api/v1/auth/2fa/disable', { body })),
  forgetDevice: (id: string) => unwrap(api.DELETE('/api/v1/auth/2fa/devices/{id}', { params: { path: { id } } })),
  policy: () => unwrap(api.GET('/api/v1/auth/2fa/policy')),
  setPolicy: (requireTwoFactor: boolean) => unwrap(api.PUT('/api/v1/auth/2fa/policy', { body: { requireTwoFactor } })),
  sessions: () => unwrap(api.GET('/api/v1/auth/sessions')),
  endSession: (id: string) => unwrap(api.DELETE('/api/v1/auth/sessions/{id}', { params: { path: { id } } })),
  endOtherSessions: () => unwrap(api.DELETE('/api/v1/auth/sessions')),
};
