export { AdminOverviewPage } from './components/AdminOverviewPage';
export { AdminTenantsPage } from './components/AdminTenantsPage';
export { adminTenantRoutes } from './routes';
