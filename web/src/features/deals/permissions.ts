import type { Role } from '../../api/types';

/** Owners and managers set up pipelines and delete deals and tickets. */
export function isManager(role: Role | null | undefined): boolean {
  return role === 'owner' || role === 'manager';
}
