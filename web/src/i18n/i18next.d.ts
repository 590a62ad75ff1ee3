import 'i18next';
import type automationsEn from './automations/en.json';
import type { enBundle } from './bundles';
import type campaignsEn from './campaigns/en.json';
import type flowsEn from './flows/en.json';
import type webhooksEn from './webhooks/en.json';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    // The flow builder's, the campaigns', the webhooks' and the automations' strings load with their pages (see `addLazyStrings`), but are typed like the others.
    resources: { translation: typeof enBundle & typeof flowsEn & typeof campaignsEn & typeof webhooksEn & typeof automationsEn };
  }
}
