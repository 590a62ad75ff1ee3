//! The English translation bundle, one file per area merged into one tree: each area's strings live in their own
//! files (crm/, sales/, billing/, twofactor/: the security page's sidebar entry, bot/: what the first page shows of chatbot flows; the flow builder's own strings
//! load with its pages, see flows/) so the areas are edited without touching each other; `errors` (the API's error codes)
//! is the one tree several areas add to. English ships with the first page
//! (it is also the fallback); the other languages merge the same areas' files when chosen (`FIRST_PAGE_FILES` in ./index.ts).
import billingEn from './billing/en.json';
import botEn from './bot/en.json';
import crmEn from './crm/en.json';
import en from './en.json';
import salesEn from './sales/en.json';
import twoFactorEn from './twofactor/en.json';

export const enBundle = {
  ...en,
  ...crmEn,
  ...salesEn,
  ...billingEn,
  ...botEn,
  ...twoFactorEn,
  errors: { ...en.errors, ...billingEn.errors },
};
