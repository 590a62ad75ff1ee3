//! Everything of the agency feature that loads on demand, in one chunk with its strings: the pages, the support
//! session's banner and the admin tenant page's panel. One dynamic import keeps the first page light.
import { loadAgencyStrings } from './strings';

export { AdminAgenciesPage } from './components/AdminAgenciesPage';
export { AdminTenantAgencyPanel } from './components/AdminTenantAgencyPanel';
export { AgencyDashboardPage } from './components/AgencyDashboardPage';
export { AgencySettingsPage } from './components/AgencySettingsPage';
export { AgencySupportPage } from './components/AgencySupportPage';
export { ClientDetailPage } from './components/ClientDetailPage';
export { OfferPage } from './components/OfferPage';
export { SupportBanner } from './components/SupportBanner';

/** Resolves once the agency strings (English and the current language) are in i18next. */
export const ready = loadAgencyStrings();
