//! Agencies (docs/agencies.md): the agency dashboard, offer and settings, client detail with "open as support", the
//! client owner's agency-support settings, the platform admin's agencies, and the support session's banner. Every
//! page is its own chunk; what the layouts import here stays small.
export { SupportBannerSlot, TenantAgencySection } from './components/Slots';
export { adminAgencyRoutes, agencyRoutes } from './routes';
