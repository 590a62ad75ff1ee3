//! The CRM: contacts (list, page, bulk actions, export), custom contact fields, segments and CSV import. Only the
//! routes are loaded with the app; every page is its own chunk. Other areas add panels to a contact's page through
//! `crmRoutes(base, { contactPanels })`.
export { crmRoutes, type CrmRouteOptions } from './routes';
