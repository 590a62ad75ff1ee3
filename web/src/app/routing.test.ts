import { describe, expect, it } from 'vitest';
import { makeSession } from '../test/fixtures';
import { canEnter, ENROL_PATH, homePathFor, safeReturnPath, SECURITY_LINK } from './routing';

describe('role → route', () => {
  it('sends visitors without a session to /login', () => {
    expect(homePathFor(null)).toBe('/login');
  });

  it('sends owners and managers to /app', () => {
    expect(homePathFor(makeSession({ role: 'owner' }))).toBe('/app');
    expect(homePathFor(makeSession({ role: 'manager' }))).toBe('/app');
  });

  it('sends agents to /agent', () => {
    expect(homePathFor(makeSession({ role: 'agent' }))).toBe('/agent');
  });

  it('sends a platform admin with no tenant to /admin', () => {
    expect(homePathFor(makeSession({ tenant: null, role: null, memberships: [] }, { isPlatformAdmin: true }))).toBe('/admin');
  });

  it('a platform admin who is in a tenant lands in that tenant, and may still open /admin', () => {
    const s = makeSession({ role: 'owner' }, { isPlatformAdmin: true });
    expect(homePathFor(s)).toBe('/app');
    expect(canEnter(s, 'admin')).toBe(true);
  });

  it('someone with no tenant who is not an admin has no workspace', () => {
    expect(homePathFor(makeSession({ tenant: null, role: null, memberships: [] }))).toBe('/no-workspace');
  });

  it('keeps each role out of the other areas', () => {
    const agent = makeSession({ role: 'agent' });
    expect(canEnter(agent, 'agent')).toBe(true);
    expect(canEnter(agent, 'user')).toBe(false);
    expect(canEnter(agent, 'admin')).toBe(false);
    const manager = makeSession({ role: 'manager' });
    expect(canEnter(manager, 'user')).toBe(true);
    expect(canEnter(manager, 'agent')).toBe(false);
  });

  it('follows a return path only inside an area the session may enter', () => {
    const owner = makeSession({ role: 'owner' });
    expect(safeReturnPath('/app/team', owner)).toBe('/app/team');
    expect(safeReturnPath('/admin/tenants', owner)).toBeNull();
    expect(safeReturnPath('//evil.example/app', owner)).toBeNull();
    expect(safeReturnPath('https://evil.example/app', owner)).toBeNull();
    expect(safeReturnPath(undefined, owner)).toBeNull();
  });
});

describe('two-factor enrolment', () => {
  it('keeps a session that must enrol on the enrolment page, out of every area', () => {
    const s = makeSession({ role: 'owner', mustEnrol2fa: true }, { isPlatformAdmin: true });
    expect(homePathFor(s)).toBe(ENROL_PATH);
    expect(canEnter(s, 'user')).toBe(false);
    expect(canEnter(s, 'admin')).toBe(false);
    expect(safeReturnPath('/app/team', s)).toBeNull();
    expect(safeReturnPath(SECURITY_LINK, s)).toBeNull();
  });

  it('follows the security link of the new-device mail back after sign-in', () => {
    expect(safeReturnPath(SECURITY_LINK, makeSession({ role: 'agent' }))).toBe(SECURITY_LINK);
  });
});
