import { useTranslation } from 'react-i18next';
import type { OutcomeInfo } from '../outcomes';

/** An outcome's label: an option's title, a branch's label and share, or the outcome's name. */
export function useOutcomeLabel() {
  const { t, i18n } = useTranslation();
  return (info: OutcomeInfo): string => {
    switch (info.kind) {
      case 'fixed':
        return t(`flows.outcomes.${info.name}`);
      case 'option':
        return info.title || t('flows.outcomes.untitledOption', { n: info.index + 1 });
      case 'branch': {
        const share = new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 0 }).format(info.share);
        return `${info.label || t('flows.outcomes.untitledBranch', { n: info.index + 1 })} · ${share}`;
      }
      case 'unknown':
        return info.name;
    }
  };
}
