import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation } from 'react-router';
import { PageSpinner } from '../components/ui';
import { useSessionState } from '../features/auth';
import { AREA_HOME, areaFor, canEnter, ENROL_PATH, homePathFor, safeReturnPath, SECURITY_LINK, type Area } from './routing';

function Loading() {
  const { t } = useTranslation();
  return (
    <div className="flex min-h-dvh items-center justify-center">
      <PageSpinner label={t('common.loading')} />
    </div>
  );
}

/** Signed-in pages of one area; others are sent to sign in or to their own home. */
export function RequireArea({ area }: { area: Area }) {
  const { status, session } = useSessionState();
  const location = useLocation();
  if (status === 'loading') return <Loading />;
  if (!session) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (!canEnter(session, area)) return <Navigate to={homePathFor(session)} replace />;
  return <Outlet />;
}

/** Login, sign-up, forgot password: a signed-in visitor goes straight in. */
export function PublicOnly() {
  const { status, session } = useSessionState();
  const location = useLocation();
  if (status === 'loading') return <Loading />;
  if (session) {
    const from = (location.state as { from?: unknown } | null)?.from;
    return <Navigate to={safeReturnPath(from, session) ?? homePathFor(session)} replace />;
  }
  return <Outlet />;
}

/** Pages any visitor may open (invitation, reset link): still wait for the session check. */
export function AnyVisitor() {
  const { status } = useSessionState();
  if (status === 'loading') return <Loading />;
  return <Outlet />;
}

export function RootRedirect() {
  const { status, session } = useSessionState();
  if (status === 'loading') return <Loading />;
  return <Navigate to={homePathFor(session)} replace />;
}

/** Signed in, but no tenant and not a platform admin. */
export function RequireNoArea() {
  const { status, session } = useSessionState();
  if (status === 'loading') return <Loading />;
  if (!session) return <Navigate to="/login" replace />;
  if (areaFor(session)) return <Navigate to={homePathFor(session)} replace />;
  return <Outlet />;
}

/** The enrolment page: only for a session that must set up two-factor sign-in before anything else. */
export function RequireEnrolment() {
  const { status, session } = useSessionState();
  if (status === 'loading') return <Loading />;
  if (!session) return <Navigate to="/login" replace />;
  if (!session.mustEnrol2fa) return <Navigate to={homePathFor(session)} replace />;
  return <Outlet />;
}

/** `/settings/security` (the new-device mail's link) opens the security page of the person's area. */
export function SecurityRedirect() {
  const { status, session } = useSessionState();
  if (status === 'loading') return <Loading />;
  if (!session) return <Navigate to="/login" replace state={{ from: SECURITY_LINK }} />;
  if (session.mustEnrol2fa) return <Navigate to={ENROL_PATH} replace />;
  const area = areaFor(session);
  return <Navigate to={area ? `${AREA_HOME[area]}/security` : homePathFor(session)} replace />;
}
