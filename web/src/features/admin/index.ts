export { AdminOverviewPage } from './components/AdminOverviewPage';
export { AdminPricesPage } from './components/AdminPricesPage';
export { AdminTenantsPage } from './components/AdminTenantsPage';
export { adminTenantRoutes } from './routes';
