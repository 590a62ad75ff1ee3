//! The security routes: the page in every area (`<area>/security`) and the enrolment page a session that must set
//! up two-factor sign-in is kept on. Both load on demand with their strings.
import type { RouteObject } from 'react-router';
import { loadSecurityStrings } from './strings';

export function securityRoutes(): RouteObject[] {
  return [
    {
      path: 'security',
      lazy: async () => {
        const [{ SecurityPage }] = await Promise.all([import('./components/SecurityPage'), loadSecurityStrings()]);
        return { element: <SecurityPage /> };
      },
    },
  ];
}

/** The enrolment page's route (mounted at `ENROL_PATH` behind `RequireEnrolment`). */
export function enrolmentRoute(path: string): RouteObject {
  return {
    path,
    lazy: async () => {
      const [{ EnrolmentPage }] = await Promise.all([import('./components/EnrolmentPage'), loadSecurityStrings()]);
      return { element: <EnrolmentPage /> };
    },
  };
}
