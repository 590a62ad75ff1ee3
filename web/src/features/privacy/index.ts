export { ContactPrivacyActions } from './components/ContactPrivacyActions';
export { DataPrivacyPage } from './components/DataPrivacyPage';
