//! Security for the signed-in person: two-factor sign-in (enrol, recovery codes, disable), remembered devices,
//! sessions, and for owners the workspace's "require two-factor" switch; the enrolment page a session is kept on
//! when it must enrol first. Pages load on demand through `securityRoutes` and `enrolmentRoute`.
export { enrolmentRoute, securityRoutes } from './routes';
