import { useTranslation } from 'react-i18next';
import { Help, SelectRow } from '../../settings/fields';
import { useSettingsData } from '../../settings/context';
import type { SettingsProps } from '../../settings/types';

export function StartFlowSettings({ data, onChange }: SettingsProps<'startFlow'>) {
  const { t } = useTranslation();
  const { flows, flowId } = useSettingsData();
  const others = flows.filter((f) => f.id !== flowId);
  return (
    <div className="space-y-4">
      <SelectRow label={t('flows.fields.flow')} value={data.flowId} onChange={(id) => onChange({ flowId: id })} testId="field-flow">
        <option value="">{t('flows.fields.chooseFlow')}</option>
        {others.map((f) => (
          <option key={f.id} value={f.id}>
            {f.name}
            {f.status !== 'published' ? ` (${t(`flows.status.${f.status === 'paused' ? 'paused' : 'draft'}`)})` : ''}
          </option>
        ))}
      </SelectRow>
      <Help>{t('flows.settings.startFlow')}</Help>
    </div>
  );
}
