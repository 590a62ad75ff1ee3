//! A condition rule in one short line: `vars.plan = pro`, `has label VIP`, `Mon–Fri 09:00–17:00`.
import { useTranslation } from 'react-i18next';
import type { FlowRule } from '../types';
import { UNARY_OPS } from '../types';
import { formatDays } from './format';

export function useRuleText(): (rule: FlowRule) => string {
  const { t, i18n } = useTranslation();
  return (rule) => {
    switch (rule.kind) {
      case 'compare': {
        const op = t(`flows.ops.${rule.op}`);
        return UNARY_OPS.includes(rule.op) ? `${rule.left} ${op}` : `${rule.left} ${op} ${rule.value ?? ''}`;
      }
      case 'hasLabel':
        return t(rule.negate ? 'flows.condition.lacksLabel' : 'flows.condition.hasLabel', { label: rule.label });
      case 'consent':
        return t(rule.granted ? 'flows.condition.consentGranted' : 'flows.condition.consentNotGranted');
      case 'time': {
        const days = formatDays(rule.days ?? [], i18n.language);
        return `${days ? `${days} ` : ''}${rule.after}–${rule.before}`;
      }
    }
  };
}
