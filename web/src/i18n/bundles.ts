//! The English translation bundle, one file per area merged into one tree: each area's strings live in their own
//! files (crm/, sales/, billing/) so the areas are edited without touching each other; `errors` (the API's error codes)
//! is the one tree several areas add to. English ships with the first page
//! (it is also the fallback); Arabic is in ./arBundle.ts, loaded only when chosen.
import billingEn from './billing/en.json';
import crmEn from './crm/en.json';
import en from './en.json';
import salesEn from './sales/en.json';

export const enBundle = { ...en, ...crmEn, ...salesEn, ...billingEn, errors: { ...en.errors, ...billingEn.errors } };
