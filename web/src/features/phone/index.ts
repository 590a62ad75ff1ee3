export { CustomerPhonePage } from './components/CustomerPhonePage';
