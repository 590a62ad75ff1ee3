//! Billing refusals of the API turned into what the upgrade prompt shows: a limit reached (402 quota_exceeded), a
//! feature not in the plan (403 feature_not_in_plan), a workspace restricted or suspended for an unpaid bill (402).
import { ApiError } from '../../api/errors';

export interface PlanRef {
  id: string;
  name: string;
}

export type BillingPrompt =
  | { kind: 'quota'; limit: string; max: number | null; used: number | null; plan: string | null; upgradeTo: PlanRef | null; message: string }
  | { kind: 'feature'; feature: string; plan: string | null; plansWithFeature: PlanRef[]; message: string }
  | { kind: 'restricted'; message: string }
  | { kind: 'suspended'; message: string };

type Dict = Record<string, unknown>;

const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function planRef(v: unknown): PlanRef | null {
  if (!isDict(v)) return null;
  const id = str(v.id);
  const name = str(v.name);
  return id && name ? { id, name } : null;
}

/** The prompt for an error, or null when it is not a billing refusal. */
export function promptFor(error: unknown): BillingPrompt | null {
  if (!(error instanceof ApiError)) return null;
  const d = isDict(error.details) ? error.details : {};
  switch (error.code) {
    case 'quota_exceeded':
      return {
        kind: 'quota',
        limit: str(d.limit) ?? '',
        max: num(d.max),
        used: num(d.used),
        plan: str(d.plan),
        upgradeTo: planRef(d.upgradeTo),
        message: error.message,
      };
    case 'feature_not_in_plan':
      return {
        kind: 'feature',
        feature: str(d.feature) ?? '',
        plan: str(d.plan),
        plansWithFeature: Array.isArray(d.plansWithFeature) ? d.plansWithFeature.map(planRef).filter((p): p is PlanRef => p !== null) : [],
        message: error.message,
      };
    case 'workspace_restricted':
      return { kind: 'restricted', message: error.message };
    case 'workspace_suspended':
      return { kind: 'suspended', message: error.message };
    default:
      return null;
  }
}

/** What the app does with a failed request's error: `source` is a query (reads) or a mutation (an action). */
export type PromptAction = { type: 'none' } | { type: 'prompt'; prompt: BillingPrompt } | { type: 'suspended' };

/**
 * A suspended workspace is noticed on any request; the other refusals prompt only when someone acted (a mutation),
 * never for a page that merely loaded.
 */
export function actionFor(error: unknown, source: 'query' | 'mutation'): PromptAction {
  const prompt = promptFor(error);
  if (!prompt) return { type: 'none' };
  if (prompt.kind === 'suspended') return { type: 'suspended' };
  return source === 'mutation' ? { type: 'prompt', prompt } : { type: 'none' };
}
