//! The plan dialog's form: what a person types (major-unit prices, limits where empty is unlimited), checked,
//! turned into the API's PlanInput (minor units), and the server's field errors mapped back onto the inputs.
import { majorInput, parseMajor, toMinor } from '../money';
import { CYCLES, FEATURE_KEYS, LIMIT_KEYS, type Cycle, type FeatureKey, type LimitKey, type Plan, type PlanInput, type PlanLimits } from '../types';

export type LimitsForm = Record<LimitKey, string>;

export interface PlanForm {
  name: string;
  description: string;
  currency: string;
  trialDays: string;
  /** Major units as typed; empty: the cycle is not sold. */
  prices: Record<Cycle, string>;
  features: Record<FeatureKey, boolean>;
  /** Empty: unlimited. */
  limits: LimitsForm;
}

/** Error codes per input (`name`, `currency`, `trialDays`, `prices`, `price.<cycle>`, `limit.<key>`), translated by the dialog. */
export type PlanFormErrors = Record<string, 'required' | 'invalid' | 'noPrice'>;

export function limitsToForm(limits: PlanLimits | null | undefined): LimitsForm {
  const out = {} as LimitsForm;
  for (const k of LIMIT_KEYS) {
    const v = limits?.[k];
    out[k] = v === null || v === undefined ? '' : String(v);
  }
  return out;
}

const WHOLE = /^\d+$/;

/** The limits typed (empty: unlimited), or null for a value that is not a whole number of 0 or more. */
export function parseLimit(raw: string): number | null | 'invalid' {
  const s = raw.trim();
  if (!s) return null;
  return WHOLE.test(s) ? Number(s) : 'invalid';
}

export function validateLimits(form: LimitsForm): PlanFormErrors {
  const errors: PlanFormErrors = {};
  for (const k of LIMIT_KEYS) if (parseLimit(form[k]) === 'invalid') errors[`limit.${k}`] = 'invalid';
  return errors;
}

export function formToLimits(form: LimitsForm): PlanLimits {
  const out = {} as PlanLimits;
  for (const k of LIMIT_KEYS) {
    const v = parseLimit(form[k]);
    out[k] = v === 'invalid' ? null : v;
  }
  return out;
}

export function emptyPlanForm(): PlanForm {
  return {
    name: '',
    description: '',
    currency: 'usd',
    trialDays: '14',
    prices: { monthly: '', quarterly: '', annual: '' },
    features: Object.fromEntries(FEATURE_KEYS.map((k) => [k, false])) as Record<FeatureKey, boolean>,
    limits: limitsToForm(null),
  };
}

export function planToForm(plan: Plan): PlanForm {
  const prices = { monthly: '', quarterly: '', annual: '' } as Record<Cycle, string>;
  for (const p of plan.prices) if ((CYCLES as readonly string[]).includes(p.cycle)) prices[p.cycle as Cycle] = majorInput(p.amount, plan.currency);
  return {
    name: plan.name,
    description: plan.description ?? '',
    currency: plan.currency,
    trialDays: String(plan.trialDays),
    prices,
    features: Object.fromEntries(FEATURE_KEYS.map((k) => [k, Boolean(plan.features[k])])) as Record<FeatureKey, boolean>,
    limits: limitsToForm(plan.limits),
  };
}

export function validatePlanForm(f: PlanForm): PlanFormErrors {
  const errors: PlanFormErrors = {};
  if (!f.name.trim()) errors.name = 'required';
  if (!/^[a-zA-Z]{3}$/.test(f.currency.trim())) errors.currency = 'invalid';
  const trial = f.trialDays.trim();
  if (trial && (!WHOLE.test(trial) || Number(trial) > 365)) errors.trialDays = 'invalid';
  let any = false;
  for (const c of CYCLES) {
    if (!f.prices[c].trim()) continue;
    any = true;
    if (parseMajor(f.prices[c]) === null) errors[`price.${c}`] = 'invalid';
  }
  if (!any) errors.prices = 'noPrice';
  return { ...errors, ...validateLimits(f.limits) };
}

/** The API body for a valid form (check with `validatePlanForm` first). Prices go in cycle order. */
export function formToInput(f: PlanForm): PlanInput {
  const currency = f.currency.trim().toLowerCase();
  const prices = CYCLES.flatMap((cycle) => {
    const major = f.prices[cycle].trim() ? parseMajor(f.prices[cycle]) : null;
    return major === null ? [] : [{ cycle, amount: toMinor(major, currency) }];
  });
  return {
    name: f.name.trim(),
    description: f.description.trim() || null,
    currency,
    trialDays: f.trialDays.trim() ? Number(f.trialDays.trim()) : 0,
    prices,
    features: { ...f.features },
    limits: formToLimits(f.limits),
  };
}

/**
 * The input a server field error belongs to: `prices[1].amount` is the price of the second cycle sent,
 * `limits.maxContacts` the contacts limit; others keep their name.
 */
export function inputOfField(field: string, sent: Pick<PlanInput, 'prices'>): string {
  const price = /^prices\[(\d+)\]/.exec(field);
  if (price) {
    const cycle = sent.prices[Number(price[1])]?.cycle;
    return cycle ? `price.${cycle}` : 'prices';
  }
  const limit = /^limits\.(\w+)$/.exec(field);
  if (limit) return `limit.${limit[1]}`;
  return field;
}
