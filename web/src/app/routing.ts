//! Which part of the app a session belongs in.
import type { Session } from '../api/types';

export type Area = 'admin' | 'user' | 'agent';

export const AREA_HOME: Record<Area, string> = { admin: '/admin', user: '/app', agent: '/agent' };

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
  const area = areaFor(session);
  return area ? AREA_HOME[area] : '/no-workspace';
}

/** Whether a session may open pages of an area. Platform admins may open /admin even while in a tenant. */
export function canEnter(session: Session | null, area: Area): boolean {
  if (!session) return false;
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
  const area = (Object.keys(AREA_HOME) as Area[]).find((a) => from === AREA_HOME[a] || from.startsWith(`${AREA_HOME[a]}/`));
  return area && canEnter(session, area) ? from : null;
}
