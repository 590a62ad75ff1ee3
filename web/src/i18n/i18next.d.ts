import 'i18next';
import type agencyEn from './agency/en.json';
import type agencyBillingEn from './agencybilling/en.json';
import type analyticsEn from './analytics/en.json';
import type automationsEn from './automations/en.json';
import type brandEn from './brand/en.json';
import type { enBundle } from './bundles';
import type campaignsEn from './campaigns/en.json';
import type domainsEn from './domains/en.json';
import type flowsEn from './flows/en.json';
import type mailEn from './mail/en.json';
import type operationsEn from './operations/en.json';
import type securityEn from './security/en.json';
import type signin2faEn from './signin2fa/en.json';
import type stringsEn from './strings/en.json';
import type webhooksEn from './webhooks/en.json';
import type widgetEn from './widget/en.json';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    // The flow builder's, the campaigns', the webhooks', the automations', the analytics', the security page's and the login's second step's strings load with their pages (see `addLazyStrings`), but are typed like the others.
    resources: { translation: typeof enBundle & typeof flowsEn & typeof campaignsEn & typeof webhooksEn & typeof automationsEn & typeof analyticsEn & typeof securityEn & typeof signin2faEn & typeof agencyEn & typeof domainsEn & typeof brandEn & typeof mailEn & typeof agencyBillingEn & typeof operationsEn & typeof stringsEn & typeof widgetEn };
  }
}
