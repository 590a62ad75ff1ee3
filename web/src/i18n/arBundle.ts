//! The Arabic translation bundle (same layout as the English one in ./bundles.ts). Imported dynamically by
//! `loadLanguage('ar')`, so its strings stay out of the first page's JavaScript.
import ar from './ar.json';
import billingAr from './billing/ar.json';
import botAr from './bot/ar.json';
import crmAr from './crm/ar.json';
import salesAr from './sales/ar.json';
import twoFactorAr from './twofactor/ar.json';

export const arBundle = {
  ...ar,
  ...crmAr,
  ...salesAr,
  ...billingAr,
  ...botAr,
  ...twoFactorAr,
  errors: { ...ar.errors, ...billingAr.errors },
};
