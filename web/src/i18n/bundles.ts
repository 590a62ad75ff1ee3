//! The translation bundles, one pair per area, merged into one tree per language: each area's strings live
//! in their own files (crm/, sales/) so the areas are edited without touching each other.
import ar from './ar.json';
import crmAr from './crm/ar.json';
import crmEn from './crm/en.json';
import en from './en.json';
import salesAr from './sales/ar.json';
import salesEn from './sales/en.json';

export const enBundle = { ...en, ...crmEn, ...salesEn };
export const arBundle = { ...ar, ...crmAr, ...salesAr };
