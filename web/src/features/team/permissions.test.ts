import { describe, expect, it } from 'vitest';
import { assignableRoles, canManage, invitableRoles } from './permissions';

describe('team permissions', () => {
  it('only owners may invite managers', () => {
    expect(invitableRoles('owner')).toEqual(['agent', 'manager']);
    expect(invitableRoles('manager')).toEqual(['agent']);
    expect(invitableRoles('agent')).toEqual([]);
  });

  it('managers manage agents only; nobody manages owners or themselves', () => {
    expect(canManage('manager', 'me', { userId: 'a', role: 'agent' })).toBe(true);
    expect(canManage('manager', 'me', { userId: 'b', role: 'manager' })).toBe(false);
    expect(canManage('owner', 'me', { userId: 'b', role: 'manager' })).toBe(true);
    expect(canManage('owner', 'me', { userId: 'c', role: 'owner' })).toBe(false);
    expect(canManage('owner', 'me', { userId: 'me', role: 'manager' })).toBe(false);
  });

  it('only owners may promote to manager', () => {
    expect(assignableRoles('owner')).toEqual(['manager', 'agent']);
    expect(assignableRoles('manager')).toEqual(['agent']);
  });
});
