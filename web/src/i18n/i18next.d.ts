import 'i18next';
import type { enBundle } from './bundles';
import type flowsEn from './flows/en.json';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    // The flow builder's strings load with its pages (see `addLazyStrings`), but are typed like the others.
    resources: { translation: typeof enBundle & typeof flowsEn };
  }
}
