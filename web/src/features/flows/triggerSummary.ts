//! A trigger in one line ("Keyword: hi, menu"), for the flows list and the start node.
import type { TFunction } from 'i18next';
import type { FlowTrigger } from './types';

export function triggerSummary(trigger: FlowTrigger, t: TFunction): string {
  if (trigger.kind === 'keyword') {
    const words = trigger.keywords.filter((k) => k.trim() !== '');
    if (words.length === 0) return t('flows.trigger.keywordNone');
    const shown = words.slice(0, 3).join(', ') + (words.length > 3 ? ` +${words.length - 3}` : '');
    return t(`flows.trigger.summary.keyword.${trigger.matchMode ?? 'exact'}`, { keywords: shown });
  }
  return t(`flows.trigger.summary.${trigger.kind}`);
}
