import { useTranslation } from 'react-i18next';
import { SelectField } from '../../../components/ui';
import { useAgents } from '../../inbox';

/** A choice of workspace member (or nobody), from the inbox's agents list. */
export function MemberSelect({
  id,
  label,
  value,
  onChange,
  emptyLabel,
  error,
  testId,
}: {
  id: string;
  label: string;
  value: string | null;
  onChange: (value: string | null) => void;
  emptyLabel: string;
  error?: string;
  testId?: string;
}) {
  const { t } = useTranslation();
  const agents = useAgents();
  return (
    <SelectField id={id} label={label} value={value ?? ''} onChange={(e) => onChange(e.target.value || null)} error={error} data-testid={testId}>
      <option value="">{emptyLabel}</option>
      {agents.isPending && <option disabled>{t('common.loading')}</option>}
      {(agents.data ?? []).map((a) => (
        <option key={a.userId} value={a.userId}>
          {a.name}
        </option>
      ))}
    </SelectField>
  );
}
