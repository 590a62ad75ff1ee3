import 'i18next';
import type { enBundle } from './bundles';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof enBundle };
  }
}
