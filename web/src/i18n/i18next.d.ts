import 'i18next';
import type analyticsEn from './analytics/en.json';
import type automationsEn from './automations/en.json';
import type { enBundle } from './bundles';
import type campaignsEn from './campaigns/en.json';
import type flowsEn from './flows/en.json';
import type webhooksEn from './webhooks/en.json';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    // The flow builder's, the campaigns', the webhooks', the automations' and the analytics' strings load with their pages (see `addLazyStrings`), but are typed like the others.
    resources: { translation: typeof enBundle & typeof flowsEn & typeof campaignsEn & typeof webhooksEn & typeof automationsEn & typeof analyticsEn };
  }
}
