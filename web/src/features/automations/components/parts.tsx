//! Small pieces the automations pages share: a run's outcome badge and the way back to the list.
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge, Icon, type BadgeTone } from '../../../components/ui';
import { useTranslate } from './useRuleText';

const RUN_TONES: Record<string, BadgeTone> = { matched: 'success', skipped: 'neutral', failed: 'danger', loop_guarded: 'warning' };

export function RunStatusBadge({ status }: { status: string }) {
  const t = useTranslate();
  return (
    <Badge tone={RUN_TONES[status] ?? 'neutral'} dot data-testid="run-status" data-status={status}>
      {t(`automations.runs.statuses.${status}`)}
    </Badge>
  );
}

/** The link back to the rules, above a rule's pages. */
export function BackToRules() {
  const { t } = useTranslation();
  return (
    <Link to="/app/automations" className="inline-flex items-center gap-1 text-sm text-slate-500 hover:text-slate-800">
      <Icon name="arrowStart" className="size-4 rtl:rotate-180" />
      {t('automations.title')}
    </Link>
  );
}
