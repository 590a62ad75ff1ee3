//! Validation issues in the reader's language: the API writes them in English (with the specifics: which outcome,
//! which field); in another language the issue's code gives a translated sentence, the English one as a fallback.
import { useTranslation } from 'react-i18next';
import type { FlowIssue } from '../types';

export function useIssueText(): (issue: Pick<FlowIssue, 'code' | 'message'>) => string {
  const { t, i18n } = useTranslation();
  return (issue) => {
    if (i18n.language === 'en') return issue.message;
    const key = `flows.issueCodes.${issue.code}`;
    return i18n.exists(key) ? t(key as 'flows.issueCodes.text_empty') : issue.message;
  };
}
