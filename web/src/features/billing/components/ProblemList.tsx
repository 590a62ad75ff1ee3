import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../lib/format';
import { isUsageKey, type DowngradeProblem } from '../types';

/** What a smaller plan would not cover: "WhatsApp numbers: you have 4, the plan allows 2". */
export function ProblemList({ problems }: { problems: readonly DowngradeProblem[] }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  return (
    <ul className="list-disc space-y-1 ps-5" data-testid="downgrade-problems">
      {problems.map((p) => (
        <li key={p.key} data-key={p.key}>
          {t('billing.change.problem', { what: isUsageKey(p.key) ? t(`billing.usage.keys.${p.key}`) : p.key, used: n(p.used), limit: n(p.limit) })}
        </li>
      ))}
    </ul>
  );
}
