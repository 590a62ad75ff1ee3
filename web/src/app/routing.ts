//! Which part of the app a session belongs in.
import type { Session } from '../api/types';

export type Area = 'admin' | 'user' | 'agent';

export const AREA_HOME: Record<Area, string> = { admin: '/admin', user: '/app', agent: '/agent' };

/** Where a session that must set up two-factor sign-in first is kept until it has (it can reach nothing else). */
export const ENROL_PATH = '/two-factor/setup';

/** The signed-in person's security page (the new-device mail links here): it opens the page of their area. */
export const SECURITY_LINK = '/settings/security';

/** The area a session lands in after sign-in, or null when it has none (no tenant, not a platform admin). */
export function areaFor(session: Session | null): Area | null {
  if (!session) return null;
  if (session.tenant && session.role) {
    if (session.role === 'owner' || session.role === 'manager') return 'user';
    if (session.role === 'agent') return 'agent';
  }
  if (session.user.isPlatformAdmin) return 'admin';
  return null;
}

/** Where to send someone after sign-in (or on `/`). */
export function homePathFor(session: Session | null): string {
  if (!session) return '/login';
  if (session.mustEnrol2fa) return ENROL_PATH;
  const area = areaFor(session);
  return area ? AREA_HOME[area] : '/no-workspace';
}

/** Whether a session may open pages of an area. Platform admins may open /admin even while in a tenant. */
export function canEnter(session: Session | null, area: Area): boolean {
  if (!session || session.mustEnrol2fa) return false;
  switch (area) {
    case 'admin':
      return session.user.isPlatformAdmin;
    case 'user':
      return Boolean(session.tenant) && (session.role === 'owner' || session.role === 'manager');
    case 'agent':
      return Boolean(session.tenant) && session.role === 'agent';
  }
}

/** A `from` location is only followed back when it is a local path inside the area the session may enter. */
export function safeReturnPath(from: unknown, session: Session | null): string | null {
  if (typeof from !== 'string' || !from.startsWith('/') || from.startsWith('//')) return null;
  if (from === SECURITY_LINK && session && !session.mustEnrol2fa && areaFor(session)) return from;
  const area = (Object.keys(AREA_HOME) as Area[]).find((a) => from === AREA_HOME[a] || from.startsWith(`${AREA_HOME[a]}/`));
  return area && canEnter(session, area) ? from : null;
}
