export { ApiKeysPage } from './components/ApiKeysPage';
export { AuditLogPage } from './components/AuditLogPage';
export { ProfilePage } from './components/ProfilePage';
export { useApiKeys } from './hooks/useSettings';
