//! The connect form's fields per kind, and the create body they make.
import type { CreateConnectionInput } from '../../api/types';

export type ConnectKind = 'cloud' | 'wasender';

export const CLOUD_FIELDS = ['name', 'phoneNumberId', 'wabaId', 'accessToken', 'appSecret', 'verifyToken'] as const;
export const QR_FIELDS = ['name', 'phoneNumber'] as const;
export type ConnectForm = Record<(typeof CLOUD_FIELDS)[number] | (typeof QR_FIELDS)[number], string>;

export const EMPTY_CONNECT_FORM: ConnectForm = { name: '', phoneNumberId: '', wabaId: '', accessToken: '', appSecret: '', verifyToken: '', phoneNumber: '' };

/** The create body for the chosen kind: trimmed, with an empty verify token left out so the server generates one. */
export function connectionInput(kind: ConnectKind, v: ConnectForm): CreateConnectionInput {
  if (kind === 'wasender') return { kind, name: v.name.trim(), phoneNumber: v.phoneNumber.trim() };
  const verifyToken = v.verifyToken.trim();
  return {
    kind,
    name: v.name.trim(),
    phoneNumberId: v.phoneNumberId.trim(),
    wabaId: v.wabaId.trim(),
    accessToken: v.accessToken.trim(),
    appSecret: v.appSecret.trim(),
    ...(verifyToken ? { verifyToken } : {}),
  };
}
