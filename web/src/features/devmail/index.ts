export { DevMailboxPage } from './components/DevMailboxPage';
