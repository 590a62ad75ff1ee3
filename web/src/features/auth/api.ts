//! Calls to /api/v1/auth/*.
import type { Locale } from '../../api/types';
import { api, unwrap } from '../../api/client';

export interface Credentials {
  email: string;
  password: string;
}

export const authApi = {
  /** Signed in, or `{ twoFactorRequired, challenge }` when a code is owed (see `loginSecondFactor`). */
  login: (body: Credentials & { tenantId?: string }) => unwrap(api.POST('/api/v1/auth/login', { body })),
  loginSecondFactor: (body: { challenge: string; code?: string; recoveryCode?: string; rememberDevice: boolean }) =>
    unwrap(api.POST('/api/v1/auth/login/2fa', { body })),
  /** Demo mode only: the demo platform admin's next code (404 otherwise). */
  demoCode: () => unwrap(api.GET('/api/v1/auth/2fa/demo-code')),
  register: (body: { businessName: string; name: string; email: string; password: string }) =>
    unwrap(api.POST('/api/v1/auth/register', { body })),
  forgotPassword: (email: string) => unwrap(api.POST('/api/v1/auth/forgot-password', { body: { email } })),
  resetPassword: (token: string, password: string) =>
    unwrap(api.POST('/api/v1/auth/reset-password', { body: { token, password } })),
  me: () => unwrap(api.GET('/api/v1/auth/me')),
  updateMe: (body: { name?: string; locale?: string }) =>
    unwrap(api.PATCH('/api/v1/auth/me', { body: { ...body, locale: body.locale as Locale | undefined } })),
  changePassword: (currentPassword: string, newPassword: string) =>
    unwrap(api.POST('/api/v1/auth/change-password', { body: { currentPassword, newPassword } })),
  switchTenant: (tenantId: string) => unwrap(api.POST('/api/v1/auth/switch-tenant', { body: { tenantId } })),
  previewInvitation: (token: string) =>
    unwrap(api.GET('/api/v1/auth/invitations/{token}', { params: { path: { token } } })),
  acceptInvitation: (token: string, body: { name?: string; password: string }) =>
    unwrap(api.POST('/api/v1/auth/invitations/{token}/accept', { params: { path: { token } }, body })),
};
