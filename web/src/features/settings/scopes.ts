//! API key scopes as the page shows them: one row per resource family with read and write, where write includes
//! read (as the API treats it), and analytics and billing read only.
import type { components } from '../../api/generated/schema';

export type ApiScope = components['schemas']['ApiScope'];

export const SCOPE_FAMILIES = [
  'contacts',
  'conversations',
  'messages',
  'campaigns',
  'flows',
  'webhooks',
  'analytics',
  'billing',
] as const;
export type ScopeFamily = (typeof SCOPE_FAMILIES)[number];
export type Access = 'none' | 'read' | 'write';

/** Families without anything to write through the API. */
export function readOnly(f: ScopeFamily): boolean {
  return f === 'analytics' || f === 'billing';
}

export type ScopeChoice = Record<ScopeFamily, Access>;

export function noScopes(): ScopeChoice {
  return Object.fromEntries(SCOPE_FAMILIES.map((f) => [f, 'none'])) as ScopeChoice;
}

/** Ticking write ticks read too; unticking read unticks write (write cannot exist without read). */
export function toggle(choice: ScopeChoice, family: ScopeFamily, access: 'read' | 'write', on: boolean): ScopeChoice {
  const current = choice[family];
  let next: Access = current;
  if (access === 'write') next = on ? 'write' : current === 'write' ? 'read' : current;
  else next = on ? (current === 'none' ? 'read' : current) : 'none';
  if (next === 'write' && readOnly(family)) next = 'read';
  return { ...choice, [family]: next };
}

/** The smallest list of scopes the API needs for `choice` (`x:write` alone stands for read and write). */
export function toScopes(choice: ScopeChoice): ApiScope[] {
  return SCOPE_FAMILIES.filter((f) => choice[f] !== 'none').map((f) => `${f}:${choice[f]}` as ApiScope);
}

/** What a stored key holds, per family. */
export function fromScopes(scopes: readonly string[]): ScopeChoice {
  const choice = noScopes();
  for (const s of scopes) {
    const [family, access] = s.split(':') as [ScopeFamily, Access];
    if (!SCOPE_FAMILIES.includes(family)) continue;
    if (access === 'write' || (access === 'read' && choice[family] === 'none')) choice[family] = access;
  }
  return choice;
}

/** Expiry choices offered; `never` leaves the key valid until revoked. */
export const EXPIRY_CHOICES = ['never', '30', '90', '365'] as const;
export type ExpiryChoice = (typeof EXPIRY_CHOICES)[number];

/** The key's lifetime in days as the API takes it (`expiresInDays`), or null for never. */
export function expiresInDays(choice: ExpiryChoice): number | null {
  return choice === 'never' ? null : Number(choice);
}
