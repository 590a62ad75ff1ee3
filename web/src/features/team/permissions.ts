//! Who may do what to whom in the team (mirrors the server's rules so the UI only offers allowed actions).
import type { Member, Role } from '../../api/types';

/** Roles someone with `actor` may give in an invitation. Only an owner may invite a manager. */
export function invitableRoles(actor: Role | null): Array<'manager' | 'agent'> {
  if (actor === 'owner') return ['agent', 'manager'];
  if (actor === 'manager') return ['agent'];
  return [];
}

/** Whether `actor` (with id `selfId`) may change, disable or remove `target`. Managers manage agents only. */
export function canManage(actor: Role | null, selfId: string, target: Pick<Member, 'userId' | 'role'>): boolean {
  if (target.userId === selfId || target.role === 'owner') return false;
  if (actor === 'owner') return true;
  if (actor === 'manager') return target.role === 'agent';
  return false;
}

/** Roles `actor` may set on a member they manage. */
export function assignableRoles(actor: Role | null): Role[] {
  return actor === 'owner' ? ['manager', 'agent'] : actor === 'manager' ? ['agent'] : [];
}
