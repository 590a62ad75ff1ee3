//! The offer's plan dialog form: a name, a monthly price typed in major units, the features and limits a client plan
//! may have (never `agency` nor `maxClientWorkspaces`: a client does not resell), checked and turned into the API's
//! AgencyPlanInput; the server's field errors map back onto the inputs.
import { formToLimits, limitsToForm, validateLimits, type LimitsForm, type PlanFormErrors } from '../billing/admin/planForm';
import { majorInput, parseMajor, toMinor } from '../billing/money';
import { FEATURE_KEYS, LIMIT_KEYS } from '../billing/types';
import type { AgencyPlan, AgencyPlanInput } from './api';

/** The features a client plan can carry, in the billing pages' order. */
export const CLIENT_FEATURE_KEYS = FEATURE_KEYS.filter((k) => k !== 'agency');
export type ClientFeatureKey = (typeof CLIENT_FEATURE_KEYS)[number];
/** The limits a client plan can carry. */
export const CLIENT_LIMIT_KEYS = LIMIT_KEYS.filter((k) => k !== 'maxClientWorkspaces');

export interface AgencyPlanForm {
  name: string;
  description: string;
  currency: string;
  /** Major units as typed. */
  monthly: string;
  features: Record<ClientFeatureKey, boolean>;
  /** Empty: unlimited (or, for one client's own limits, the plan's). */
  limits: LimitsForm;
}

export function emptyAgencyPlanForm(): AgencyPlanForm {
  return {
    name: '',
    description: '',
    currency: 'usd',
    monthly: '',
    features: Object.fromEntries(CLIENT_FEATURE_KEYS.map((k) => [k, false])) as Record<ClientFeatureKey, boolean>,
    limits: limitsToForm(null),
  };
}

export function agencyPlanToForm(p: AgencyPlan): AgencyPlanForm {
  return {
    name: p.name,
    description: p.description ?? '',
    currency: p.currency,
    monthly: majorInput(p.monthlyAmount, p.currency),
    features: Object.fromEntries(CLIENT_FEATURE_KEYS.map((k) => [k, Boolean(p.features[k])])) as Record<ClientFeatureKey, boolean>,
    limits: limitsToForm(p.limits),
  };
}

export function validateAgencyPlanForm(f: AgencyPlanForm): PlanFormErrors {
  const errors: PlanFormErrors = {};
  if (!f.name.trim()) errors.name = 'required';
  if (!/^[a-zA-Z]{3}$/.test(f.currency.trim())) errors.currency = 'invalid';
  if (!f.monthly.trim()) errors.monthly = 'required';
  else if (parseMajor(f.monthly) === null) errors.monthly = 'invalid';
  return { ...errors, ...validateLimits(f.limits) };
}

/** The API body of a valid form (check with `validateAgencyPlanForm` first). */
export function agencyFormToInput(f: AgencyPlanForm): AgencyPlanInput {
  const currency = f.currency.trim().toLowerCase();
  const limits = formToLimits(f.limits);
  return {
    name: f.name.trim(),
    description: f.description.trim() || null,
    currency,
    monthlyAmount: toMinor(parseMajor(f.monthly) ?? 0, currency),
    features: { ...f.features, agency: false },
    limits: { ...limits, maxClientWorkspaces: null },
  };
}

/** The input a server field error names: `limits.maxContacts` is the contacts limit, `monthlyAmount` the price. */
export function inputOfAgencyField(field: string): string {
  const limit = /^limits\.(\w+)$/.exec(field);
  if (limit) return `limit.${limit[1]}`;
  const feature = /^features\.(\w+)$/.exec(field);
  if (feature) return `feature.${feature[1]}`;
  return field === 'monthlyAmount' ? 'monthly' : field;
}
