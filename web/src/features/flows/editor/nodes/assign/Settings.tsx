import { useTranslation } from 'react-i18next';
import { SelectRow } from '../../settings/fields';
import { useSettingsData } from '../../settings/context';
import type { SettingsProps } from '../../settings/types';

export function AssignSettings({ data, onChange }: SettingsProps<'assign'>) {
  const { t } = useTranslation();
  const { agents, teams } = useSettingsData();
  return (
    <div className="space-y-4">
      <SelectRow label={t('flows.fields.agent')} value={data.userId ?? ''} onChange={(userId) => onChange({ ...data, userId: userId || null })} testId="field-agent">
        <option value="">{t('flows.assign.noAgent')}</option>
        {agents.map((a) => (
          <option key={a.userId} value={a.userId}>
            {a.name}
          </option>
        ))}
      </SelectRow>
      <SelectRow label={t('flows.fields.team')} value={data.teamId ?? ''} onChange={(teamId) => onChange({ ...data, teamId: teamId || null })} testId="field-team">
        <option value="">{t('flows.assign.noTeam')}</option>
        {teams.map((team) => (
          <option key={team.id} value={team.id}>
            {team.name}
          </option>
        ))}
      </SelectRow>
    </div>
  );
}
