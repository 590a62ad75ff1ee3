export { useConfig } from './hooks/useConfig';
