export { AgentDashboardPage } from './components/AgentDashboardPage';
export { OwnerDashboardPage } from './components/OwnerDashboardPage';
