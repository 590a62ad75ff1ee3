//! The pre-send checks as the wizard shows them: the preview's issues and a refused launch's 409 (whose fields are
//! named by wizard step), grouped by step; and which step edits each field of the draft, so a save's 422 is shown
//! where it can be fixed.
import { ApiError } from '../../api/errors';
import { isWizardStep, type CampaignIssue, type WizardStep } from './types';

/** Messages by wizard step. */
export type ByStep = Partial<Record<WizardStep, string[]>>;

/**
 * The blocking checks of a refused launch (409 `campaign_not_ready` with `details.fields[{field: step, message}]`), or null. A field that
 * is no step (the schedule's `scheduleAt`) goes to the step that edits it.
 */
export function refusalOf(error: unknown): ByStep | null {
  if (!(error instanceof ApiError) || error.code !== 'campaign_not_ready') return null;
  const out: ByStep = {};
  for (const f of error.fieldErrors) {
    const step = isWizardStep(f.field) ? f.field : stepOfField(f.field);
    (out[step] ??= []).push(f.message);
  }
  return Object.keys(out).length > 0 ? out : null;
}

/** The preview's issues of one severity, by step, in the wizard's order. */
export function issuesByStep(issues: readonly CampaignIssue[], severity: 'error' | 'warning'): [WizardStep, CampaignIssue[]][] {
  const out = new Map<WizardStep, CampaignIssue[]>();
  for (const i of issues) {
    if (i.severity !== severity) continue;
    const step = isWizardStep(i.step) ? i.step : 'review';
    out.set(step, [...(out.get(step) ?? []), i]);
  }
  return [...out.entries()];
}

/** The step that edits a field of CampaignInput (`variables.2.value` → variables). */
export function stepOfField(field: string): WizardStep {
  const head = field.split('.')[0] ?? '';
  switch (head) {
    case 'name':
      return 'name';
    case 'connectionIds':
      return 'number';
    case 'templateId':
      return 'template';
    case 'variables':
    case 'headerMediaUrl':
    case 'clickUrl':
      return 'variables';
    case 'audience':
      return 'audience';
    case 'scheduleAt':
    case 'timezone':
    case 'quietStart':
    case 'quietEnd':
    case 'ratePerSecond':
    case 'recipientTimezone':
    case 'replyFlowId':
      return 'schedule';
    default:
      return 'review';
  }
}
